from django.urls import path

from rodtrad.archive import views

app_name = "archive"
urlpatterns = [
    path("procurements/<id:procurement_id>/archive.zip", views.download_archive, name="download"),
]
