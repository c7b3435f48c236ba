"""The tenderer's award decision and feedback as a PDF: the content of the decision page (its
body is shared through award/_tender_feedback_body.html), for the tenderer's own members only and
only once the decision is signed; never another tenderer's breakdown."""

from __future__ import annotations

import pytest

from rodtrad.assessments.models import ConsensusScore
from rodtrad.award import services
from rodtrad.procurements.models import Procurement
from rodtrad.tenders.models import Tender
from tests.award.factories import decided, ready
from tests.award.test_report import RATIONALE, WINNER_IMPROVEMENT, mark_winner, pdf_text
from tests.evaluations.factories import actor

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_users")]

THIRD_STRENGTH = "Tredje anbudets unika styrka i måltidsmiljön"
THIRD_IMPROVEMENT = "Tredje anbudets förbättringsområde om läkemedel"


def url(tender) -> str:
    return f"/tenders/{tender.pk}/award/feedback.pdf"


def api_url(tender) -> str:
    return f"/api/v1/tenders/{tender.pk}/award/feedback.pdf"


def signed(personas) -> tuple[Procurement, list[Tender]]:
    """Three evaluated tenders: A wins (80 %) with a marked rationale and improvement area,
    B (50 %) and the third (60 %) lose; the third's consensus has texts of its own."""
    procurement, tenders = ready(personas, 3)
    mark_winner(tenders[0])
    ConsensusScore.objects.filter(item__assessment__tender_evaluation__tender=tenders[2]).update(
        strengths=[THIRD_STRENGTH], improvements=[THIRD_IMPROVEMENT]
    )
    services.sign_decision(actor=actor(personas.procurement_officer), procurement=procurement)
    return Procurement.objects.get(pk=procurement.pk), tenders


# --- what it says ------------------------------------------------------------------------------


def test_feedback_pdf_has_the_decision_and_own_feedback_only(personas, client_for):
    procurement, tenders = signed(personas)
    response = client_for(personas.provider_b_author).get(url(tenders[1]))
    assert response.status_code == 200
    assert "award-decision" in response["Content-Disposition"]
    text = pdf_text(response)
    decision = procurement.award_decisions.get()
    for fact in (
        "Award decision and your feedback",
        procurement.title,
        "Ekby kommun",
        "Omsorg B AB",
        "Omsorg A AB",  # the winner
        "1417.45",  # the ranking's comparison figures
        "1533.20",
        decision.standstill_last_day.strftime("%-d %B %Y"),
        RATIONALE,  # the reasons for the winner are part of the decision
        "Your feedback",
        "Förbättra 1",  # B's own improvement area
        "50 %",  # B's own step
    ):
        assert fact in text, fact
    # a competitor's breakdown is not B's to read: neither the third tender's consensus nor
    # the winner's improvement areas
    for secret in (THIRD_STRENGTH, THIRD_IMPROVEMENT, WINNER_IMPROVEMENT):
        assert secret not in text, secret


def test_feedback_pdf_matches_the_page(personas, client_for):
    _procurement, tenders = signed(personas)
    client = client_for(personas.provider_a_author)
    page = client.get(f"/tenders/{tenders[0].pk}/award/").content.decode()
    assert f'href="{url(tenders[0])}"' in page
    text = pdf_text(client.get(url(tenders[0])))
    assert "your tender" in text  # A won
    assert WINNER_IMPROVEMENT in text and WINNER_IMPROVEMENT in page  # its own, on both
    assert THIRD_IMPROVEMENT not in text


def test_disqualified_tenderer_reads_its_reasons_in_the_pdf(personas, client_for):
    _procurement, tenders = decided(personas, 3, disqualified=1)
    third = tenders[2]
    author = third.organisation.memberships.first().user
    author.language = "en"
    author.save(update_fields=["language"])
    text = pdf_text(client_for(author).get(url(third)))
    assert "did not pass qualification" in text
    assert "Bemanningen understiger kravet" in text
    assert "Your feedback" not in text
    other = pdf_text(client_for(personas.provider_b_author).get(url(tenders[1])))
    assert "Bemanningen understiger kravet" not in other


# --- who may read it ---------------------------------------------------------------------------


def test_feedback_pdf_for_the_tenderer_page_and_api(personas, client_for, api_for):
    _procurement, tenders = decided(personas, 2)
    assert client_for(personas.provider_b_author).get(url(tenders[1])).status_code == 200
    answer = api_for(personas.provider_b_author).get(api_url(tenders[1]))
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/pdf"


@pytest.mark.parametrize(
    "who",
    [
        "provider_b_author",  # the competitor, on A's tender
        "procurement_officer",
        "panel_chair",
        "buyer_admin",
        "other_buyer_officer",
        "stranger",
    ],
)
def test_feedback_pdf_of_another_tender_is_404(personas, client_for, api_for, who):
    _procurement, tenders = decided(personas, 2)
    user = getattr(personas, who)
    assert client_for(user).get(url(tenders[0])).status_code == 404
    assert api_for(user).get(api_url(tenders[0])).status_code == 404


def test_feedback_pdf_refused_to_anonymous_visitors(personas, client):
    _procurement, tenders = decided(personas, 2)
    response = client.get(url(tenders[0]))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    answer = client.get(api_url(tenders[0]))
    assert answer.status_code == 401
    assert answer.json()["error"]["code"] == "unauthenticated"


def test_feedback_pdf_404_before_the_decision(personas, client_for, api_for):
    _procurement, tenders = ready(personas, 2)
    assert client_for(personas.provider_a_author).get(url(tenders[0])).status_code == 404
    assert api_for(personas.provider_a_author).get(api_url(tenders[0])).status_code == 404


# --- queries -----------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 3])
def test_feedback_pdf_query_count(personas, client_for, django_assert_num_queries, count):
    _procurement, tenders = decided(personas, count)
    client = client_for(personas.provider_a_author)
    # session, user, memberships, tender, decision exists, opened tender, decisions, own
    # tender evaluations, own consensus (the page's queries without the notification count)
    with django_assert_num_queries(9):
        response = client.get(url(tenders[0]))
    assert response.status_code == 200
