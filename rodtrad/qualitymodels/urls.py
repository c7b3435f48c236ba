from django.urls import path

app_name = "qualitymodels"
urlpatterns: list = [
    path  # noqa: B018  (placeholder until the views arrive)
][:0]
