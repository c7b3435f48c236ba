from django.urls import include, path

app_name = "tenders"
urlpatterns = [
    path("", include("rodtrad.tenders.urls_provider")),
    path("", include("rodtrad.tenders.urls_buyer")),
]
