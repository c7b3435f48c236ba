from django.urls import path

from rodtrad.improvements import views

app_name = "improvements"
urlpatterns = [
    path("contracts/<int:contract_id>/actions/", views.action_list, name="list"),
    path("contracts/<int:contract_id>/actions/export.<str:format>", views.export, name="export"),
    path("contracts/<int:contract_id>/actions/from-report/", views.from_report, name="from_report"),
    path("contracts/<int:contract_id>/actions/<int:action_id>/", views.detail, name="detail"),
    path(
        "contracts/<int:contract_id>/actions/<int:action_id>/status/",
        views.status,
        name="status",
    ),
]
