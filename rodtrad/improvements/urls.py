from django.urls import path

from rodtrad.improvements import views

app_name = "improvements"
urlpatterns = [
    path("contracts/<id:contract_id>/actions/", views.action_list, name="list"),
    path("contracts/<id:contract_id>/actions/export.<str:format>", views.export, name="export"),
    path("contracts/<id:contract_id>/actions/from-report/", views.from_report, name="from_report"),
    path("contracts/<id:contract_id>/actions/<id:action_id>/", views.detail, name="detail"),
    path(
        "contracts/<id:contract_id>/actions/<id:action_id>/status/",
        views.status,
        name="status",
    ),
]
