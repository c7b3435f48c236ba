"""Signing the award decision: the snapshot, every tenderer notified at once, the status through
award decided to standstill, the standstill dates, the audit event; reviews block the contract."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from rodtrad.audit.models import AuditEvent
from rodtrad.award import services
from rodtrad.award.models import AwardDecision, ReviewOutcome
from rodtrad.common import clock
from rodtrad.notifications.models import Notification
from rodtrad.procurements.models import Procurement, ProcurementStatus
from tests.award.factories import decided, ready
from tests.evaluations.factories import actor

pytestmark = pytest.mark.django_db
STOCKHOLM = ZoneInfo("Europe/Stockholm")


def test_decision_freezes_winner_ranking_reasons_and_disqualified(personas):
    procurement, tenders = ready(personas, 3, disqualified=1)
    (decision,) = services.sign_decision(
        actor=actor(personas.procurement_officer), procurement=procurement
    )
    assert decision.winner == tenders[0]
    assert [(r["tenderer"], r["rank"], r["comparison"]) for r in decision.ranking] == [
        ("Omsorg A AB", 1, "1417.45"),
        ("Omsorg B AB", 2, "1533.20"),
    ]
    assert [r["percent"] for r in decision.reasons] == [80, 80, 80]
    assert [r["rationale"] for r in decision.reasons] == ["Enig panel"] * 3
    assert [(d["tender"], d["reasons"]) for d in decision.disqualified] == [
        (tenders[2].pk, [d["reasons"][0] for d in decision.disqualified][:1])
    ]
    assert decision.disqualified[0]["outcome"] == "disqualified"
    assert "Bemanningen understiger kravet" in decision.disqualified[0]["reasons"][0]


def test_decision_notifies_every_opened_tenderer_and_moves_to_standstill(personas):
    procurement, tenders = ready(personas, 3, disqualified=1)
    before = Notification.objects.count()
    services.sign_decision(actor=actor(personas.procurement_officer), procurement=procurement)
    procurement.refresh_from_db()
    assert procurement.status == ProcurementStatus.STANDSTILL
    notified = Notification.objects.order_by("id")[before:]
    by_user = {n.user_id: n.url for n in notified}
    assert by_user[personas.provider_a_author.pk] == f"/tenders/{tenders[0].pk}/award/"
    assert by_user[personas.provider_b_author.pk] == f"/tenders/{tenders[1].pk}/award/"
    third = tenders[2].organisation
    assert any(m.organisation_id == third.pk for m in _memberships(by_user))
    actions = list(
        AuditEvent.objects.filter(object_id=str(procurement.pk)).values_list("action", flat=True)
    )
    assert "award.decision_signed" in actions
    assert actions.count("procurement.status_changed") >= 2


def _memberships(by_user):
    from rodtrad.accounts.models import Membership

    return Membership.objects.filter(user_id__in=by_user)


@pytest.mark.parametrize(
    ("notice", "last_day"),
    [
        (datetime(2026, 3, 26, 14, 0), date(2026, 4, 7)),  # 5 April Easter Sunday, 6 Easter Monday
        (datetime(2026, 6, 9, 9, 0), date(2026, 6, 22)),  # 19 June midsummer eve, 20 midsummer
        (datetime(2027, 12, 14, 9, 0), date(2027, 12, 27)),  # 24 Christmas eve (Friday)
        (datetime(2028, 12, 21, 9, 0), date(2029, 1, 2)),  # 31 New Year's eve, 1 Jan
    ],
)
def test_decision_standstill_dates(personas, notice, last_day):
    procurement, _tenders = ready(personas, 2)
    clock.freeze(notice.replace(tzinfo=STOCKHOLM))
    (decision,) = services.sign_decision(
        actor=actor(personas.procurement_officer), procurement=procurement
    )
    assert decision.standstill_last_day == last_day
    assert decision.contract_allowed_from == datetime.combine(
        last_day + timedelta(days=1), datetime.min.time(), tzinfo=STOCKHOLM
    )


def test_decision_only_by_those_with_authority(personas):
    procurement, _tenders = ready(personas, 2)
    for user in (personas.panel_chair, personas.evaluator, personas.provider_a_author):
        with pytest.raises(PermissionDenied):
            services.sign_decision(actor=actor(user), procurement=procurement)
    services.sign_decision(actor=actor(personas.buyer_admin), procurement=procurement)
    with pytest.raises(ValidationError):
        services.sign_decision(
            actor=actor(personas.procurement_officer),
            procurement=Procurement.objects.get(pk=procurement.pk),
        )


def test_decision_refused_before_the_reveal(personas):
    from tests.award.factories import final

    procurement, _tenders = final(personas, 2)
    with pytest.raises(ValidationError, match="prices are still hidden"):
        services.sign_decision(actor=actor(personas.procurement_officer), procurement=procurement)
    assert not AwardDecision.objects.exists()


def test_decision_with_a_lottery_needs_the_drawn_tender(personas):
    procurement, tenders = ready(personas, 2, steps=(50, 50), kind="fixed_price")
    # The documents' tie-break rule is a lottery (set directly: fixed before publication)
    Procurement.objects.filter(pk=procurement.pk).update(tie_break="lottery")
    procurement.refresh_from_db()
    officer = actor(personas.procurement_officer)
    with pytest.raises(ValidationError, match="lottery"):
        services.sign_decision(actor=officer, procurement=procurement)
    lot = procurement.lots.get()
    (decision,) = services.sign_decision(
        actor=officer, procurement=procurement, lottery_winners={lot.pk: tenders[1].pk}
    )
    assert decision.winner == tenders[1]
    assert decision.decided_by_lottery
    assert "lottery" in decision.tie_note


def test_contract_blocker_standstill_then_review_then_free(personas):
    procurement, _tenders = ready(personas, 2)
    assert services.contract_blocker(procurement) == "No award decision has been signed."
    officer = actor(personas.procurement_officer)
    (decision,) = services.sign_decision(actor=officer, procurement=procurement)
    assert "standstill lasts until" in services.contract_blocker(procurement)
    review = services.record_review(
        actor=officer,
        procurement=procurement,
        court="Förvaltningsrätten i Stockholm",
        filed_on=clock.now().date(),
        applicant="Omsorg B AB",
    )
    clock.freeze(decision.contract_allowed_from)
    assert "review is open" in services.contract_blocker(procurement)
    services.record_review_outcome(
        actor=officer,
        review=review,
        outcome=ReviewOutcome.REJECTED,
        outcome_on=clock.now().date(),
    )
    assert services.contract_blocker(procurement) is None


def test_review_needs_court_and_date_and_authority(personas):
    procurement, _tenders = decided(personas, 2)
    with pytest.raises(ValidationError) as error:
        services.record_review(
            actor=actor(personas.procurement_officer),
            procurement=procurement,
            court=" ",
            filed_on=None,
        )
    assert set(error.value.message_dict) == {"court", "filed_on"}
    with pytest.raises(PermissionDenied):
        services.record_review(
            actor=actor(personas.evaluator),
            procurement=procurement,
            court="Förvaltningsrätten i Stockholm",
            filed_on=clock.now().date(),
        )
