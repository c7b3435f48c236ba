from django.urls import include, path

app_name = "procurements"
urlpatterns = [
    path("", include("rodtrad.procurements.urls_buyer")),
    path("", include("rodtrad.procurements.urls_market")),
]
