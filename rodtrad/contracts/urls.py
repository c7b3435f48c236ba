from django.urls import path

from rodtrad.contracts import views

app_name = "contracts"
urlpatterns = [
    path("contracts/", views.contract_list, name="list"),
    path("contracts/<int:contract_id>/", views.detail, name="detail"),
    path("contracts/<int:contract_id>/team/", views.team_add, name="team_add"),
    path(
        "contracts/<int:contract_id>/team/<int:member_id>/remove/",
        views.team_remove,
        name="team_remove",
    ),
    path("procurements/<int:procurement_id>/contract/", views.register, name="register"),
]
