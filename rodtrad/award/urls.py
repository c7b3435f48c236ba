from django.urls import path

from rodtrad.award import views

app_name = "award"
P = "procurements/<id:procurement_id>/award/"
urlpatterns = [
    path(P, views.award_page, name="award"),
    path(P + "decide/", views.decide, name="decide"),
    path(P + "reviews/", views.review, name="review"),
    path(P + "reviews/<id:review_id>/outcome/", views.review_outcome, name="review_outcome"),
    path(P + "report.pdf", views.report_pdf, name="report_pdf"),
    path(P + "export/<str:kind>.<str:format>", views.export, name="export"),
    path("tenders/<id:tender_id>/award/", views.tender_decision, name="tender_decision"),
    path(
        "tenders/<id:tender_id>/award/feedback.pdf",
        views.tender_feedback_pdf,
        name="tender_feedback_pdf",
    ),
]
