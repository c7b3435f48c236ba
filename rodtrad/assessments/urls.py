from django.urls import path

app_name = "assessments"
urlpatterns: list = [
    path  # noqa: B018  (placeholder until the views arrive)
][:0]
