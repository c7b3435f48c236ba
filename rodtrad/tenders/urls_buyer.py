"""The buyer's pages of tenders: the opening and its record, qualification, and the import of
tenders received through another e-procurement system."""

from django.urls import path

from rodtrad.tenders.views import buyer as views

P = "procurements/<id:procurement_id>/"
T = P + "qualification/<id:tender_id>/"

urlpatterns = [
    path(P + "opening/", views.opening, name="opening"),
    path(P + "opening/start/", views.opening_start, name="opening_start"),
    path(P + "opening/confirm/", views.opening_confirm, name="opening_confirm"),
    path(P + "opening/record.pdf", views.opening_record, name="opening_record"),
    path(P + "qualification/", views.qualification, name="qualification"),
    path(P + "qualification/complete/", views.complete, name="qualification_complete"),
    path(T, views.qualify_tender, name="qualify_tender"),
    path(
        T + "requirements/<id:requirement_id>/",
        views.decide,
        name="qualify_decide",
    ),
    path(T + "clarifications/", views.clarify, name="qualify_clarify"),
    path(T + "conclude/", views.conclude, name="qualify_conclude"),
    path(T + "reject-low-price/", views.reject_low_price, name="qualify_reject_low_price"),
    path(T + "reopen/", views.reopen, name="qualify_reopen"),
    path(
        T + "attachments/<id:attachment_id>/",
        views.attachment,
        name="qualify_attachment",
    ),
    path(P + "import/", views.import_tenders, name="import"),
    path(P + "import/workbook.xlsx", views.import_workbook, name="import_workbook"),
]
