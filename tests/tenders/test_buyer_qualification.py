"""Qualification pages: the overview (tenders × requirement decisions), one tender's submitted
content read-only with its evidence downloadable, decisions with a reason for "not fulfilled",
clarification requests and replies shown as clarifications, qualified only when everything is
fulfilled, disqualified with the reasons, the low-price rejection after an explanation,
reopening, and completing the qualification (→ evaluation)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from rodtrad.accounts.actor import Actor
from rodtrad.common import clock
from rodtrad.procurements.models import ProcurementStatus
from rodtrad.tenders import services
from rodtrad.tenders.models import (
    Clarification,
    Decision,
    Qualification,
    QualificationOutcome,
    RequirementCheck,
)
from tests.procurements.factories import english_users  # noqa: F401
from tests.tenders.buyer_helpers import opened, pass_deadline, submitted
from tests.tenders.factories import PDF, answer_text

pytestmark = pytest.mark.usefixtures("english_users")


def _base(procurement) -> str:
    return f"/procurements/{procurement.pk}/qualification/"


def _tender_url(procurement, tender, what: str = "") -> str:
    return f"{_base(procurement)}{tender.pk}/{what}"


def _requirements(procurement):
    return list(procurement.requirements.order_by("order", "id"))


def _decide(client, procurement, tender, requirement, decision: str, reason: str = ""):
    prefix = f"req-{requirement.pk}"
    return client.post(
        _tender_url(procurement, tender, f"requirements/{requirement.pk}/"),
        {f"{prefix}-decision": decision, f"{prefix}-reason": reason},
    )


def _later(days: int = 7) -> str:
    return timezone.localtime(clock.now() + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def officer(personas, client_for):
    return client_for(personas.procurement_officer)


def test_overview_shows_each_tender_and_its_decisions(personas, officer):
    procurement, (a, _b) = opened(personas, 2)
    first, _second = _requirements(procurement)
    _decide(officer, procurement, a, first, Decision.FULFILLED)

    response = officer.get(_base(procurement))

    page = response.content.decode()
    assert response.status_code == 200
    rows = page.split("<tbody>")[1].split("</tbody>")[0].split("<tr>")[1:]
    assert [("Omsorg A AB" in r, "Omsorg B AB" in r) for r in rows] == [
        (True, False),
        (False, True),
    ]
    assert "1 of 2 assessed" in rows[0] and rows[0].count("Fulfilled") == 1
    assert "Not started" in rows[1]
    assert "2 tenders still need their qualification concluded." in page


def test_tender_page_shows_the_submitted_content_read_only(personas, officer):
    procurement, (a, _b) = opened(personas, 2, evidence=True)
    submission = a.submissions.get()

    page = officer.get(_tender_url(procurement, a)).content.decode()

    for award in procurement.criteria.select_related("criterion"):
        assert answer_text(award.criterion.name, personas.provider_a) in page
    assert "Omsorg A AB föreslår ett samverkansforum varannan månad." in page
    assert personas.provider_a_author.email in page
    assert submission.receipt_hash in page
    assert personas.provider_a.organisation_number in page
    assert "Bevis SK1.pdf" in page
    assert "Omsorg B AB" not in page
    assert "Declares that the requirement is fulfilled" in page


def test_evidence_is_downloadable_only_through_its_own_tender(personas, officer):
    procurement, (a, b) = opened(personas, 2, evidence=True)
    evidence_a = a.attachments.get()
    evidence_b = b.attachments.get()

    own = officer.get(_tender_url(procurement, a, f"attachments/{evidence_a.pk}/"))
    crossed = officer.get(_tender_url(procurement, a, f"attachments/{evidence_b.pk}/"))

    assert own.status_code == 200
    assert b"".join(own.streaming_content) == PDF
    assert "Bevis SK1.pdf" in own["Content-Disposition"]
    assert crossed.status_code == 404


def test_not_fulfilled_needs_a_reason(personas, officer):
    procurement, (a, _b) = opened(personas, 2)
    first = _requirements(procurement)[0]

    refused = _decide(officer, procurement, a, first, Decision.NOT_FULFILLED)
    saved = _decide(officer, procurement, a, first, Decision.NOT_FULFILLED, "Saknar IVO-tillstånd")

    assert refused.status_code == 400
    assert "Give the reason the requirement is not fulfilled." in refused.content.decode()
    assert 'class="error-summary"' in refused.content.decode()
    assert saved.status_code == 302
    check = RequirementCheck.objects.get()
    assert (check.decision, check.reason) == (Decision.NOT_FULFILLED, "Saknar IVO-tillstånd")


def test_qualified_only_when_every_requirement_is_fulfilled(personas, officer):
    procurement, (a, _b) = opened(personas, 2)
    first, second = _requirements(procurement)
    _decide(officer, procurement, a, first, Decision.FULFILLED)

    too_early = officer.post(_tender_url(procurement, a, "conclude/"))
    _decide(officer, procurement, a, second, Decision.FULFILLED)
    concluded = officer.post(_tender_url(procurement, a, "conclude/"))
    page = officer.get(_tender_url(procurement, a)).content.decode()

    assert too_early.status_code == 400
    assert f"{second.code} {second.title} is not assessed yet." in too_early.content.decode()
    assert concluded.status_code == 302
    assert Qualification.objects.get(tender=a).outcome == QualificationOutcome.QUALIFIED
    assert "tag--outcome-qualified" in page
    assert "Save the assessment" not in page  # concluded: no more decisions


def test_disqualified_with_the_reasons(personas, officer):
    procurement, (_a, b) = opened(personas, 2)
    first, second = _requirements(procurement)
    _decide(
        officer, procurement, b, first, Decision.NOT_FULFILLED, "Bemanningen understiger kravet"
    )
    _decide(officer, procurement, b, second, Decision.FULFILLED)

    officer.post(_tender_url(procurement, b, "conclude/"))
    page = officer.get(_tender_url(procurement, b)).content.decode()

    qualification = Qualification.objects.get(tender=b)
    assert qualification.outcome == QualificationOutcome.DISQUALIFIED
    assert qualification.reasons == [f"{first.code} {first.title}: Bemanningen understiger kravet"]
    assert "Bemanningen understiger kravet" in page
    assert "Disqualified" in page


def test_clarification_request_and_reply_shown_as_a_clarification(personas, officer):
    procurement, (a, _b) = opened(personas, 2)
    first = _requirements(procurement)[0]
    receipt = a.submissions.get().receipt_hash

    sent = officer.post(
        _tender_url(procurement, a, "clarifications/"),
        {
            "clarification-requirement": str(first.pk),
            "clarification-question": "Komplettera med ert IVO-tillstånd.",
            "clarification-deadline": _later(),
        },
    )
    clarification = Clarification.objects.get()
    services.reply_clarification(
        actor=Actor.for_user(personas.provider_a_author),
        clarification=clarification,
        text="Tillståndet bifogas, diarienummer 3.5.1-123/2026.",
    )
    page = officer.get(_tender_url(procurement, a)).content.decode()

    assert sent.status_code == 302
    assert clarification.requirement == first
    assert clarification.deadline > clock.now()
    assert "Komplettera med ert IVO-tillstånd." in page
    reply_part = page.split("Clarification from the tenderer")[1]
    assert "Tillståndet bifogas, diarienummer 3.5.1-123/2026." in reply_part
    assert a.submissions.count() == 1
    assert a.submissions.get().receipt_hash == receipt  # a clarification, not a change


def test_clarification_needs_a_future_deadline_and_a_question(personas, officer):
    procurement, (a, _b) = opened(personas, 2)

    past = officer.post(
        _tender_url(procurement, a, "clarifications/"),
        {"clarification-question": "Förtydliga.", "clarification-deadline": _later(-1)},
    )
    empty = officer.post(
        _tender_url(procurement, a, "clarifications/"),
        {"clarification-question": "", "clarification-deadline": _later()},
    )

    assert past.status_code == 400
    assert "Give a reply deadline in the future." in past.content.decode()
    assert empty.status_code == 400
    assert "Write what the tenderer should clarify." in empty.content.decode()
    assert not Clarification.objects.exists()


def test_low_price_rejection_only_after_an_explanation(personas, officer):
    procurement, (_a, b) = opened(personas, 2)
    url = _tender_url(procurement, b, "reject-low-price/")

    too_early = officer.post(url, {"low-price-reason": "Priset täcker inte lönekostnaderna."})
    officer.post(
        _tender_url(procurement, b, "clarifications/"),
        {
            "clarification-about_price": "on",
            "clarification-question": "Förklara hur priset täcker lönekostnaderna.",
            "clarification-deadline": _later(),
        },
    )
    services.reply_clarification(
        actor=Actor.for_user(personas.provider_b_author),
        clarification=Clarification.objects.get(),
        text="Vi har lägre overhead.",
    )
    page = officer.get(_tender_url(procurement, b)).content.decode()
    no_reason = officer.post(url, {"low-price-reason": ""})
    rejected = officer.post(url, {"low-price-reason": "Förklaringen täcker inte lönekostnaderna."})

    assert too_early.status_code == 400
    assert (
        "Ask the tenderer to explain the price before rejecting it as abnormally low."
        in too_early.content.decode()
    )
    assert "Reject the tender" in page
    assert no_reason.status_code == 400
    assert "Give the reason for rejecting the tender." in no_reason.content.decode()
    assert rejected.status_code == 302
    qualification = Qualification.objects.get(tender=b)
    assert qualification.outcome == QualificationOutcome.REJECTED_LOW_PRICE
    assert qualification.reasons == ["Förklaringen täcker inte lönekostnaderna."]


def test_reopen_undoes_a_conclusion(personas, officer):
    procurement, (a, _b) = opened(personas, 2)
    for requirement in _requirements(procurement):
        _decide(officer, procurement, a, requirement, Decision.FULFILLED)
    officer.post(_tender_url(procurement, a, "conclude/"))

    response = officer.post(_tender_url(procurement, a, "reopen/"))

    assert response.status_code == 302
    assert not Qualification.objects.filter(tender=a).exists()
    assert "Save the assessment" in officer.get(_tender_url(procurement, a)).content.decode()


def test_complete_qualification_only_when_every_tender_is_concluded(personas, officer):
    procurement, tenders = opened(personas, 2)
    for requirement in _requirements(procurement):
        _decide(officer, procurement, tenders[0], requirement, Decision.FULFILLED)
    officer.post(_tender_url(procurement, tenders[0], "conclude/"))

    refused = officer.post(f"{_base(procurement)}complete/")
    procurement.refresh_from_db()
    status_after_refusal = procurement.status
    for requirement in _requirements(procurement):
        _decide(officer, procurement, tenders[1], requirement, Decision.FULFILLED)
    officer.post(_tender_url(procurement, tenders[1], "conclude/"))
    completed = officer.post(f"{_base(procurement)}complete/")
    procurement.refresh_from_db()
    page = officer.get(_base(procurement)).content.decode()

    assert refused.status_code == 400
    assert "1 tenders still need their qualification concluded." in refused.content.decode()
    assert status_after_refusal == ProcurementStatus.OPENED
    assert completed.status_code == 302
    assert procurement.status == ProcurementStatus.EVALUATION
    assert "Qualification is closed." in page


def test_qualification_pages_do_not_exist_before_the_opening(personas, client_for):
    procurement, (a, _b) = submitted(personas, 2)
    pass_deadline(procurement)
    services.start_opening(
        actor=Actor.for_user(personas.procurement_officer), procurement=procurement
    )

    for who in ("procurement_officer", "buyer_admin", "panel_chair", "platform_admin"):
        client = client_for(getattr(personas, who))
        assert client.get(_base(procurement)).status_code == 404
        assert client.get(_tender_url(procurement, a)).status_code == 404
        assert client.post(_tender_url(procurement, a, "conclude/")).status_code == 404


def test_others_on_the_buyer_side_may_not_qualify(personas, client_for):
    procurement, (a, _b) = opened(personas, 2)
    chair = client_for(personas.panel_chair)

    assert chair.get(_base(procurement)).status_code == 403
    assert chair.get(_tender_url(procurement, a)).status_code == 403
    assert chair.post(_tender_url(procurement, a, "conclude/")).status_code == 403
    assert not Qualification.objects.exists()


def test_the_buyer_admin_may_qualify(personas, client_for):
    procurement, (a, _b) = opened(personas, 2)

    response = client_for(personas.buyer_admin).get(_tender_url(procurement, a))

    assert response.status_code == 200
    assert "Omsorg A AB" in response.content.decode()
