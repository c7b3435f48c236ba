from django.urls import path

from rodtrad.contracts import views

app_name = "contracts"
urlpatterns = [
    path("contracts/", views.contract_list, name="list"),
    path("contracts/<int:contract_id>/", views.detail, name="detail"),
    path("procurements/<int:procurement_id>/contract/", views.register, name="register"),
]
