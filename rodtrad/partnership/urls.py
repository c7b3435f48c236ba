from django.urls import path

from rodtrad.partnership import views

app_name = "partnership"
C = "contracts/<id:contract_id>/"
urlpatterns = [
    path(C + "charter/", views.charter, name="charter"),
    path(C + "charter/edit/", views.charter_edit, name="charter_edit"),
    path(C + "charter/versions/<id:number>/", views.charter_version, name="charter_version"),
    path(C + "charter/versions/<id:number>/sign/", views.charter_sign, name="charter_sign"),
    path(C + "rounds/<id:round_id>/barometer/", views.barometer_round, name="barometer"),
    path(C + "barometer/", views.barometer_trend, name="trend"),
]
