from django.urls import path

from rodtrad.audit import views

app_name = "audit"
urlpatterns = [
    path(
        "organisations/<id:organisation_id>/events/",
        views.organisation_log,
        name="organisation_log",
    ),
]
