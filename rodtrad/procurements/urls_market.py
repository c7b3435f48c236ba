"""The provider side (the market) and the questions and answers; included at the site root in
the "procurements" namespace."""

from django.urls import path

from rodtrad.procurements.views import market, questions

urlpatterns = [
    path("market/", market.market, name="market"),
    path("market/<id:procurement_id>/", market.public, name="public"),
    path("market/<id:procurement_id>/follow/", market.follow, name="follow"),
    path(
        "market/<id:procurement_id>/versions/<id:number>/",
        market.public_version,
        name="public_version",
    ),
    path(
        "market/<id:procurement_id>/versions/<id:number>/pdf/",
        market.version_pdf,
        name="version_pdf",
    ),
    path(
        "market/<id:procurement_id>/versions/<id:number>/zip/",
        market.version_zip,
        name="version_zip",
    ),
    path(
        "market/<id:procurement_id>/versions/<id:number>/changes/",
        market.version_changes,
        name="version_changes",
    ),
    path(
        "market/<id:procurement_id>/questions/",
        questions.public_questions,
        name="public_questions",
    ),
    # The buyer's side of the questions (linked from the notification to the buyer's team).
    path("procurements/<id:procurement_id>/questions/", questions.questions, name="questions"),
    path(
        "procurements/<id:procurement_id>/questions/<id:question_id>/",
        questions.answer_question,
        name="answer_question",
    ),
]
