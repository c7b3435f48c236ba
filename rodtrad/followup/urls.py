from django.urls import path

from rodtrad.followup import views

app_name = "followup"
C = "contracts/<id:contract_id>/follow-up/"
R = C + "<id:round_id>/"
urlpatterns = [
    path("follow-up/", views.overview, name="overview"),
    path(C, views.round_list, name="rounds"),
    path(C + "add/", views.add, name="add"),
    path(R, views.round_detail, name="round"),
    path(R + "move/", views.move, name="move"),
    path(R + "start/", views.start, name="start"),
    path(R + "describe/<str:party>/", views.describe, name="describe"),
    path(R + "open/", views.open_assessment, name="open"),
    path(R + "complete/", views.complete, name="complete"),
    path(R + "report.pdf", views.report_pdf, name="report_pdf"),
]
