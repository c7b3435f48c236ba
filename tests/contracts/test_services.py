from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from rodtrad.assessments.models import Status
from rodtrad.audit.models import AuditEvent
from rodtrad.award import services as award_services
from rodtrad.award.models import AwardDecision, ReviewOutcome
from rodtrad.common import clock
from rodtrad.contracts import services
from rodtrad.contracts.models import Contract
from rodtrad.evaluations.models import TenderEvaluation
from rodtrad.notifications.models import Notification
from rodtrad.procurements.models import Procurement, ProcurementStatus, TeamMember, TeamRole
from tests.award.factories import decided
from tests.contracts.factories import after_standstill, contract_manager, register, terms, today
from tests.evaluations.factories import actor
from tests.factories import add_member, make_user


def test_registering_makes_the_winners_final_consensus_the_baseline(personas):
    procurement, tenders = after_standstill(personas, 3)
    manager = contract_manager(personas)
    before = set(Notification.objects.values_list("pk", flat=True))
    contract = register(personas, procurement, manager)

    winner = AwardDecision.objects.get(procurement=procurement).winner
    assert winner == tenders[0]  # provider A at 80 %
    link = TenderEvaluation.objects.get(tender=winner)
    assert contract.baseline == link.assessment
    assert contract.baseline.status == Status.FINAL
    assert (contract.provider, contract.buyer) == (personas.provider_a, personas.buyer)
    assert contract.value == Decimal("48000000.00")
    assert Procurement.objects.get(pk=procurement.pk).status == ProcurementStatus.CONTRACTED
    event = AuditEvent.objects.get(action="contract.registered")
    assert event.data["baseline"] == link.assessment_id
    assert event.data["provider"] == personas.provider_a.pk
    told = set(Notification.objects.exclude(pk__in=before).values_list("user__email", flat=True))
    assert told == {"author@omsorg-a.se", "avtal@ekby.se"}  # the provider's admin, the manager


def test_no_contract_during_the_standstill_or_while_a_review_is_open(personas):
    procurement, _tenders = decided(personas, 2)
    officer = actor(personas.procurement_officer)
    with pytest.raises(ValidationError, match="standstill lasts until"):
        register(personas, procurement, personas.buyer_admin)
    review = award_services.record_review(
        actor=officer,
        procurement=procurement,
        court="Förvaltningsrätten i Stockholm",
        filed_on=today(),
    )
    decision = AwardDecision.objects.get(procurement=procurement)
    clock.freeze(decision.contract_allowed_from + timedelta(days=3))
    with pytest.raises(ValidationError, match="review is open"):
        register(personas, procurement, personas.buyer_admin)
    award_services.record_review_outcome(
        actor=officer, review=review, outcome=ReviewOutcome.REJECTED, outcome_on=today()
    )
    contract = register(personas, procurement, personas.buyer_admin)
    assert contract.registered_by == personas.buyer_admin
    assert not Contract.objects.exclude(pk=contract.pk).exists()


def test_a_contract_signed_during_the_standstill_is_refused(personas):
    procurement, _tenders = after_standstill(personas, 2)
    with pytest.raises(ValidationError) as error:
        register(personas, procurement, personas.buyer_admin, signed_on=today() - timedelta(days=1))
    assert "signed during the standstill is invalid" in error.value.message_dict["signed_on"][0]
    assert not Contract.objects.exists()


def test_every_term_is_checked_and_nothing_is_saved(personas):
    procurement, _tenders = after_standstill(personas, 2)
    with pytest.raises(ValidationError) as error:
        services.register_contract(
            actor=actor(personas.buyer_admin),
            procurement=procurement,
            lot_id=procurement.lots.get().pk,
            terms=terms(
                personas.evaluator,  # not a contract manager
                signed_on=today() + timedelta(days=1),
                starts_on=today(),
                ends_on=today(),
                latest_end_on=today() - timedelta(days=1),
                value=Decimal("-1"),
                reference="x" * 65,
            ),
        )
    assert set(error.value.message_dict) == {
        "signed_on",
        "ends_on",
        "latest_end_on",
        "value",
        "manager",
        "reference",
    }
    with pytest.raises(ValidationError) as error:
        services.register_contract(
            actor=actor(personas.buyer_admin),
            procurement=procurement,
            lot_id=procurement.lots.get().pk,
            terms=terms(personas.buyer_admin, signed_on=None, starts_on=None, value=None),
        )
    assert set(error.value.message_dict) == {"signed_on", "starts_on", "value"}
    assert not Contract.objects.exists()
    assert Procurement.objects.get(pk=procurement.pk).status == ProcurementStatus.STANDSTILL


def test_only_administrators_and_contract_managers_register(personas):
    procurement, _tenders = after_standstill(personas, 2)
    for user in (
        personas.procurement_officer,
        personas.panel_chair,
        personas.buyer_viewer,
        personas.provider_a_author,
        personas.other_buyer_officer,
        personas.platform_admin,
    ):
        with pytest.raises(PermissionDenied):
            register(personas, procurement, user)
    team_manager = add_member(make_user("team@ekby.se", full_name="Tea Team"), personas.buyer)
    TeamMember.objects.create(
        procurement=procurement, user=team_manager, role=TeamRole.CONTRACT_MANAGER
    )
    procurement = Procurement.objects.get(pk=procurement.pk)
    assert team_manager in services.manager_choices(procurement)
    contract = register(personas, procurement, team_manager)
    assert contract.manager == team_manager


def test_the_same_lot_is_registered_once(personas):
    procurement, _tenders = after_standstill(personas, 2)
    register(personas, procurement, personas.buyer_admin)
    with pytest.raises(ValidationError):
        register(personas, Procurement.objects.get(pk=procurement.pk), personas.buyer_admin)
    assert Contract.objects.count() == 1


def test_with_lots_the_procurement_is_contracted_when_every_lot_is(personas):
    procurement, _tenders = after_standstill(personas, 2, lots=2)
    lots = list(procurement.lots.order_by("number"))
    admin = actor(personas.buyer_admin)
    first = services.register_contract(
        actor=admin, procurement=procurement, lot_id=lots[0].pk, terms=terms(personas.buyer_admin)
    )
    assert Procurement.objects.get(pk=procurement.pk).status == ProcurementStatus.STANDSTILL
    second = services.register_contract(
        actor=admin, procurement=procurement, lot_id=lots[1].pk, terms=terms(personas.buyer_admin)
    )
    assert first.baseline != second.baseline  # each lot's own assessment of the tender
    assert {first.lot_id, second.lot_id} == {lots[0].pk, lots[1].pk}
    assert Procurement.objects.get(pk=procurement.pk).status == ProcurementStatus.CONTRACTED
    with pytest.raises(ValidationError, match="Choose a lot"):
        services.register_contract(
            actor=admin, procurement=procurement, lot_id=0, terms=terms(personas.buyer_admin)
        )
