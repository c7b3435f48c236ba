"""The provider's side of a tender; included at the site root in the "tenders" namespace.

The names are a contract (templates, e-mails, notifications and other apps reverse them):
list, tender, start, save_section, completeness, submit, withdraw, attachment, receipts,
receipt, reply.
"""

from django.urls import path

from rodtrad.tenders.views import provider

urlpatterns = [
    path("tenders/", provider.tender_list, name="list"),
    path("tenders/<id:tender_id>/", provider.tender_page, name="tender"),
    path("market/<id:procurement_id>/tender/", provider.start, name="start"),
    path(
        "tenders/<id:tender_id>/sections/<str:section>/",
        provider.save_section,
        name="save_section",
    ),
    path("tenders/<id:tender_id>/completeness/", provider.completeness, name="completeness"),
    path("tenders/<id:tender_id>/submit/", provider.submit, name="submit"),
    path("tenders/<id:tender_id>/withdraw/", provider.withdraw, name="withdraw"),
    path(
        "tenders/<id:tender_id>/attachments/<id:attachment_id>/",
        provider.attachment,
        name="attachment",
    ),
    path("tenders/<id:tender_id>/receipts/", provider.receipts, name="receipts"),
    path("tenders/<id:tender_id>/receipts/<id:number>/", provider.receipt, name="receipt"),
    path(
        "tenders/<id:tender_id>/clarifications/<id:clarification_id>/reply/",
        provider.reply,
        name="reply",
    ),
]
