"""The procurement report (individuell rapport, LOU 12 kap. 14 §): the same readers as the award
page, only once the decision is signed, the facts the law asks for read from the PDF itself, the
frozen snapshots (a later change of a consensus does not change it) and a query count
independent of the number of tenders and evaluators."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from rodtrad.accounts.roles import Role
from rodtrad.assessments import services as engine
from rodtrad.assessments.models import ConsensusScore, PanelMember
from rodtrad.award import services
from rodtrad.common import clock
from rodtrad.evaluations import services as evaluation_services
from rodtrad.procurements import services as procurement_services
from rodtrad.procurements.models import Procurement, ProcurementStatus, TeamMember, TeamRole
from rodtrad.tenders.models import Tender
from tests.assessments.factories import agree_all, score_all
from tests.award.factories import STEPS, decided, ready
from tests.evaluations.factories import actor, in_evaluation, links
from tests.factories import add_member, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_users")]

RATIONALE = "Genomförandeplanerna följs upp varje månad med den enskilde"
WINNER_IMPROVEMENT = "Vinnarens förbättringsområde om nattbemanning"


def url(procurement) -> str:
    return f"/procurements/{procurement.pk}/award/report.pdf"


def api_url(procurement) -> str:
    return f"/api/v1/procurements/{procurement.pk}/award/report.pdf"


def pdf_text(response) -> str:
    """The PDF's text with every run of white space made one space (cells wrap lines)."""
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def mark_winner(tender: Tender) -> None:
    """A distinctive rationale and improvement area on every criterion of the tender's
    consensus (set before the decision, which freezes the rationale)."""
    ConsensusScore.objects.filter(item__assessment__tender_evaluation__tender=tender).update(
        rationale=RATIONALE, improvements=[WINNER_IMPROVEMENT]
    )


def signed(personas, count: int = 3, **kwargs) -> tuple[Procurement, list[Tender]]:
    """`decided`, with the winner's (tender 1's) consensus marked before the signature."""
    procurement, tenders = ready(personas, count, **kwargs)
    mark_winner(tenders[0])
    services.sign_decision(actor=actor(personas.procurement_officer), procurement=procurement)
    return Procurement.objects.get(pk=procurement.pk), tenders


def signed_with_panel(
    personas, count: int, *, evaluators: int = 2, conflict: bool = False
) -> tuple[Procurement, list[Tender]]:
    """The decision signed after an evaluation by the chair and `evaluators` evaluators (1:
    evaluator, 2: both evaluators, 3: both and one more); with `conflict` the second evaluator
    declares a conflict of interest with competitor B and does not assess B's tender."""
    procurement, tenders = in_evaluation(personas, count)
    members = [personas.panel_chair, personas.evaluator, personas.evaluator_2][: evaluators + 1]
    if evaluators == 1:
        TeamMember.objects.filter(procurement=procurement, user=personas.evaluator_2).delete()
    if evaluators == 3:
        extra = add_member(
            make_user("evaluator3@ekby.se", full_name="Ellen Utvärderare"),
            personas.buyer,
            Role.EVALUATOR,
        )
        TeamMember.objects.create(procurement=procurement, user=extra, role=TeamRole.EVALUATOR)
        members.append(extra)
    chair = actor(personas.panel_chair)
    evaluation_services.start_evaluation(actor=chair, procurement=procurement)
    for user in members:
        with_conflict = conflict and user == personas.evaluator_2
        evaluation_services.sign_declaration(
            actor=actor(user),
            procurement=procurement,
            conflicts=[personas.provider_b] if with_conflict else [],
            description="Tidigare anställd hos Omsorg B AB" if with_conflict else "",
        )
    position = {t.pk: i for i, t in enumerate(tenders)}
    for link in links(procurement):
        sitting = PanelMember.objects.filter(
            assessment=link.assessment, removed_at__isnull=True
        ).select_related("user")
        for member in sitting:
            score_all(link.assessment, member.user, 60)
        engine.start_consensus(actor=chair, assessment=link.assessment)
        agree_all(link.assessment, personas.panel_chair, STEPS[position[link.tender_id]])
        link.assessment.refresh_from_db()
        engine.finalise(actor=chair, assessment=link.assessment)
    evaluation_services.reveal_prices(actor=chair, procurement=procurement)
    procurement = Procurement.objects.get(pk=procurement.pk)
    services.sign_decision(actor=actor(personas.procurement_officer), procurement=procurement)
    return Procurement.objects.get(pk=procurement.pk), tenders


# --- who may read it ---------------------------------------------------------------------------


PEOPLE = [
    "buyer_admin",
    "procurement_officer",
    "panel_chair",
    "evaluator",
    "buyer_viewer",
    "provider_a_author",
    "provider_b_author",
    "other_buyer_officer",
    "stranger",
    "platform_admin",
]


@pytest.mark.parametrize("who", PEOPLE)
def test_report_has_the_readers_of_the_award_page(personas, client_for, who):
    procurement, _tenders = decided(personas, 2)
    client = client_for(getattr(personas, who))
    page = client.get(f"/procurements/{procurement.pk}/award/").status_code
    assert client.get(url(procurement)).status_code == page


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("procurement_officer", 200),
        ("panel_chair", 200),
        ("buyer_admin", 200),
        ("evaluator", 403),  # on the buyer side, not a reader of the award page
        ("buyer_viewer", 404),  # as the award page: not on the buyer side of procurements
        ("provider_a_author", 404),  # the winner
        ("other_buyer_officer", 404),
        ("stranger", 404),
    ],
)
def test_report_page_and_api_statuses(personas, client_for, api_for, who, status):
    procurement, _tenders = decided(personas, 2)
    user = getattr(personas, who)
    assert client_for(user).get(url(procurement)).status_code == status
    assert api_for(user).get(api_url(procurement)).status_code == status


def test_report_refused_to_anonymous_visitors(personas, client):
    procurement, _tenders = decided(personas, 2)
    response = client.get(url(procurement))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    answer = client.get(api_url(procurement))
    assert answer.status_code == 401
    assert answer.json()["error"]["code"] == "unauthenticated"


def test_report_404_before_the_decision(personas, client_for, api_for):
    procurement, _tenders = ready(personas, 2)
    for user in (personas.procurement_officer, personas.panel_chair):
        assert client_for(user).get(url(procurement)).status_code == 404
        assert api_for(user).get(api_url(procurement)).status_code == 404
    page = client_for(personas.procurement_officer).get(f"/procurements/{procurement.pk}/award/")
    assert url(procurement) not in page.content.decode()


def test_award_page_links_the_report_once_decided(personas, client_for):
    procurement, _tenders = decided(personas, 2)
    page = client_for(personas.panel_chair).get(f"/procurements/{procurement.pk}/award/")
    assert f'href="{url(procurement)}"' in page.content.decode()


# --- what it says ------------------------------------------------------------------------------


def test_report_states_the_facts_of_the_procurement(personas, client_for):
    procurement, tenders = signed(personas, 3)
    response = client_for(personas.procurement_officer).get(url(procurement))
    assert response.status_code == 200
    assert "procurement-report" in response["Content-Disposition"]
    text = pdf_text(response)
    decision = procurement.award_decisions.get()
    for fact in (
        "Procurement report",
        "LOU 12 kap. 14 §",
        "Ekby kommun",
        personas.buyer.organisation_number,
        procurement.title,
        procurement.reference_number,
        "48,000,000.00 kr",  # the estimated value
        "Welfare services",  # the procedure
        # every opened tender with its organisation number
        "Omsorg A AB",
        personas.provider_a.organisation_number,
        "Omsorg B AB",
        personas.provider_b.organisation_number,
        "Omsorg 3 AB",
        tenders[2].organisation.organisation_number,
        # the evaluation model and the result
        "Value-added price deduction",
        "Higher quality points, then lower price",
        "Total 240.00",
        "1417.45",  # A's comparison figure
        "1533.20",  # B's
        "The contract is awarded to Omsorg A AB",
        RATIONALE,
        "Styrka 1 enligt Cajsa Ordförande",  # the winner's strengths
        # the dates
        decision.standstill_last_day.strftime("%-d %B %Y"),
        timezone.localtime(decision.signed_at).strftime("%-d %B %Y %H:%M"),
        # the panel and the signature
        "Cajsa Ordförande",
        "Eva Utvärderare",
        "Erik Utvärderare",
        "The award decision was signed by Olle Upphandlare",
        "No tender was rejected",
        "No request for review has been recorded.",
    ):
        assert fact in text, fact
    # the report is about the decision: a consensus improvement area is no reason
    assert WINNER_IMPROVEMENT not in text


def test_report_dates_are_in_stockholm_time(personas, client_for):
    procurement, _tenders = decided(personas, 2)
    decision = procurement.award_decisions.get()
    text = pdf_text(client_for(personas.procurement_officer).get(url(procurement)))
    stockholm = decision.signed_at.astimezone(timezone.get_default_timezone())
    assert f"signed by Olle Upphandlare on {stockholm:%-d %B %Y %H:%M}" in text
    allowed = decision.contract_allowed_from.astimezone(timezone.get_default_timezone())
    assert f"{allowed:%-d %B %Y} 00:00" in text  # midnight in Stockholm, not in UTC


def test_report_lists_the_rejected_tenders_with_their_reasons(personas, client_for):
    procurement, tenders = decided(personas, 3, disqualified=1)
    text = pdf_text(client_for(personas.procurement_officer).get(url(procurement)))
    assert "Rejected tenders and the reasons" in text
    assert "Omsorg 3 AB" in text and "Disqualified" in text
    assert "Bemanningen understiger kravet" in text
    assert tenders[2].organisation.organisation_number in text


def test_report_records_reviews_and_their_outcome(personas, client_for):
    procurement, _tenders = decided(personas, 2)
    officer = actor(personas.procurement_officer)
    today = timezone.localtime(clock.now()).date()
    review = services.record_review(
        actor=officer,
        procurement=procurement,
        court="Förvaltningsrätten i Stockholm",
        filed_on=today,
        applicant="Omsorg B AB",
    )
    text = pdf_text(client_for(personas.procurement_officer).get(url(procurement)))
    assert "Förvaltningsrätten i Stockholm" in text and "Pending" in text
    services.record_review_outcome(
        actor=officer,
        review=review,
        outcome="rejected",
        outcome_on=today + timedelta(days=1),
        note="Ansökan avslogs",
    )
    text = pdf_text(client_for(personas.procurement_officer).get(url(procurement)))
    assert "Rejected by the court" in text and "Ansökan avslogs" in text


def test_report_after_cancelling_says_so(personas, client_for):
    procurement, _tenders = decided(personas, 2)
    procurement_services.cancel(
        actor=actor(personas.procurement_officer),
        procurement=procurement,
        reason="Anslaget drogs in av nämnden",
    )
    procurement.refresh_from_db()
    assert procurement.status == ProcurementStatus.CANCELLED
    response = client_for(personas.procurement_officer).get(url(procurement))
    assert response.status_code == 200
    text = pdf_text(response)
    assert "Cancelled" in text and "Anslaget drogs in av nämnden" in text
    assert "The contract is awarded to Omsorg A AB" in text


def test_report_with_lots_has_a_result_per_lot(personas, client_for):
    procurement, _tenders = decided(personas, 2, lots=2)
    text = pdf_text(client_for(personas.procurement_officer).get(url(procurement)))
    assert "Result – lot 1:" in text and "Result – lot 2:" in text
    assert "Lot 1 Lot 2" in text  # the criteria's maximum points per lot


def test_report_names_a_conflict_of_interest(personas, client_for):
    procurement, _tenders = signed_with_panel(personas, 2, conflict=True)
    text = pdf_text(client_for(personas.procurement_officer).get(url(procurement)))
    assert "Erik Utvärderare Evaluator Declared with Omsorg B AB" in text


def test_report_does_not_change_when_live_data_changes(personas, client_for):
    procurement, tenders = signed(personas, 3, disqualified=1)
    client = client_for(personas.procurement_officer)
    before = pdf_text(client.get(url(procurement)))
    # the live consensus and qualification change after the decision
    ConsensusScore.objects.filter(item__assessment__tender_evaluation__tender=tenders[0]).update(
        percent=10, rationale="Ändrad efteråt", strengths=["Ändrad styrka"]
    )
    tenders[2].qualification.reasons = ["Ändrat skäl"]
    tenders[2].qualification.save()
    after = pdf_text(client.get(url(procurement)))
    assert after == before
    assert RATIONALE in after and "Ändrad efteråt" not in after
    assert "Bemanningen understiger kravet" in after and "Ändrat skäl" not in after


# --- queries -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("count", "evaluators"), [(1, 1), (3, 1), (1, 3), (3, 3)])
def test_report_query_count(personas, client_for, django_assert_num_queries, count, evaluators):
    procurement, _tenders = signed_with_panel(personas, count, evaluators=evaluators)
    client = client_for(personas.procurement_officer)
    # session, user, procurement, its team, memberships, decisions, lots, opened tenders (with
    # the opening and the submissions), the data key, reviews, panel members, price reveal
    with django_assert_num_queries(12):
        response = client.get(url(procurement))
    assert response.status_code == 200
