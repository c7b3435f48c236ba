from django.urls import path

from rodtrad.assessments import views

app_name = "assessments"
urlpatterns = [
    path("assessments/", views.assessment_list, name="list"),
    path(
        "organisations/<id:organisation_id>/self-assessments/new/",
        views.create_self_assessment,
        name="create_self_assessment",
    ),
    path("assessments/<id:assessment_id>/", views.detail, name="detail"),
    path("assessments/<id:assessment_id>/start/", views.start_individual, name="start"),
    path("assessments/<id:assessment_id>/declaration/", views.declaration, name="declaration"),
    path("assessments/<id:assessment_id>/work/", views.work, name="work"),
    path("assessments/<id:assessment_id>/work/<id:item_id>/", views.work_item, name="work_item"),
    path(
        "assessments/<id:assessment_id>/consensus/start/",
        views.start_consensus,
        name="start_consensus",
    ),
    path("assessments/<id:assessment_id>/consensus/", views.consensus, name="consensus"),
    path(
        "assessments/<id:assessment_id>/consensus/<id:item_id>/",
        views.consensus_item,
        name="consensus_item",
    ),
    path("assessments/<id:assessment_id>/finalise/", views.finalise, name="finalise"),
    path("assessments/<id:assessment_id>/report/", views.report, name="report"),
    path("assessments/<id:assessment_id>/report.pdf", views.report_pdf, name="report_pdf"),
]
