from django.contrib.auth import views as auth_views
from django.urls import path

from rodtrad.accounts import two_factor_views, views

app_name = "accounts"
urlpatterns = [
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "accounts/password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("accounts/password/change/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "accounts/password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("accounts/profile/", views.profile, name="profile"),
    path("accounts/log-out-everywhere/", views.log_out_everywhere, name="log_out_everywhere"),
    path("accounts/language/", views.set_language, name="set_language"),
    path("accounts/two-factor/", two_factor_views.overview, name="two_factor"),
    path("accounts/two-factor/setup/", two_factor_views.setup, name="two_factor_setup"),
    path("accounts/two-factor/verify/", two_factor_views.verify, name="two_factor_verify"),
    path("accounts/two-factor/codes/", two_factor_views.codes, name="two_factor_codes"),
    path(
        "accounts/two-factor/codes/renew/",
        two_factor_views.renew_codes,
        name="two_factor_renew_codes",
    ),
    path("accounts/two-factor/turn-off/", two_factor_views.turn_off, name="two_factor_turn_off"),
    path("accounts/confirm/", two_factor_views.confirm_identity, name="confirm_identity"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path("organisations/", views.organisation_list, name="organisations"),
    path("organisations/new/", views.organisation_create, name="organisation_create"),
    path("organisations/switch/", views.switch_organisation, name="switch_organisation"),
    path("organisations/<id:organisation_id>/", views.organisation_detail, name="organisation"),
    path(
        "organisations/<id:organisation_id>/edit/",
        views.organisation_edit,
        name="organisation_edit",
    ),
    path("organisations/<id:organisation_id>/invite/", views.member_invite, name="member_invite"),
    path(
        "organisations/<id:organisation_id>/invitations/<id:invitation_id>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path(
        "organisations/<id:organisation_id>/members/<id:user_id>/roles/",
        views.member_roles,
        name="member_roles",
    ),
    path(
        "organisations/<id:organisation_id>/members/<id:user_id>/two-factor/",
        two_factor_views.member_reset,
        name="member_two_factor_reset",
    ),
    path(
        "organisations/<id:organisation_id>/members/<id:user_id>/remove/",
        views.member_remove,
        name="member_remove",
    ),
]
