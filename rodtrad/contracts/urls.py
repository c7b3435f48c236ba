from django.urls import path

from rodtrad.contracts import views

app_name = "contracts"
urlpatterns = [
    path("contracts/", views.contract_list, name="list"),
    path("contracts/<id:contract_id>/", views.detail, name="detail"),
    path("contracts/<id:contract_id>/team/", views.team_add, name="team_add"),
    path(
        "contracts/<id:contract_id>/team/<id:member_id>/remove/",
        views.team_remove,
        name="team_remove",
    ),
    path("procurements/<id:procurement_id>/contract/", views.register, name="register"),
]
