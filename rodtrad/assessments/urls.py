from django.urls import path

from rodtrad.assessments import views

app_name = "assessments"
urlpatterns = [
    path("assessments/", views.assessment_list, name="list"),
    path(
        "organisations/<int:organisation_id>/self-assessments/new/",
        views.create_self_assessment,
        name="create_self_assessment",
    ),
    path("assessments/<int:assessment_id>/", views.detail, name="detail"),
    path("assessments/<int:assessment_id>/start/", views.start_individual, name="start"),
    path("assessments/<int:assessment_id>/declaration/", views.declaration, name="declaration"),
    path("assessments/<int:assessment_id>/work/", views.work, name="work"),
    path("assessments/<int:assessment_id>/work/<int:item_id>/", views.work_item, name="work_item"),
    path(
        "assessments/<int:assessment_id>/consensus/start/",
        views.start_consensus,
        name="start_consensus",
    ),
    path("assessments/<int:assessment_id>/consensus/", views.consensus, name="consensus"),
    path(
        "assessments/<int:assessment_id>/consensus/<int:item_id>/",
        views.consensus_item,
        name="consensus_item",
    ),
    path("assessments/<int:assessment_id>/finalise/", views.finalise, name="finalise"),
    path("assessments/<int:assessment_id>/report/", views.report, name="report"),
    path("assessments/<int:assessment_id>/report.pdf", views.report_pdf, name="report_pdf"),
]
