"""The improvement plan's rules: actions from improvement areas keep their source, dropping
needs a reason, overdue follows the clock, the window of changes per round, and reminders."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from rodtrad.assessments.models import ConsensusScore, ScopeItem
from rodtrad.audit.models import AuditEvent
from rodtrad.common import clock
from rodtrad.improvements import selectors, services
from rodtrad.improvements.models import (
    ActionChange,
    ActionStatus,
    ImprovementAction,
    OverdueReminder,
    Owner,
)
from rodtrad.notifications.models import Notification
from tests.contracts.factories import today
from tests.evaluations.factories import actor
from tests.improvements.factories import (
    contract as make_contract,
)
from tests.improvements.factories import (
    follow_up_round,
    make_action,
    with_team,
)

pytestmark = pytest.mark.django_db


def fields(contract, user, **changes) -> services.ActionFields:
    values = {
        "description": "Inför veckovisa teamträffar",
        "owner": Owner.PROVIDER,
        "responsible_id": user.pk,
        "due_on": today() + timedelta(days=30),
        "criterion_id": None,
    }
    values.update(changes)
    return services.ActionFields(**values)


def test_creating_from_an_improvement_area_keeps_the_link_and_the_text(personas):
    contract = with_team(make_contract(personas))
    follow_up_round(contract, 1, areas=("Dokumentera genomförandeplaner",))
    groups = selectors.improvement_areas(contract)
    assert [g.source.label for g in groups] == [
        "The tender (baseline)",
        "Follow-up round 1: the provider",
    ]
    row = groups[1].criteria[0]
    area = row.areas[0]
    action = services.create_action(
        actor=actor(personas.provider_a_author),
        contract=contract,
        fields=fields(contract, personas.provider_a_author, description="Ny rutin"),
        source=services.SourceRef(row.item.pk, area.index),
    )
    assert action.source_item_id == row.item.pk
    assert action.source_assessment_id == row.item.assessment_id
    assert action.criterion_id == row.item.criterion_id
    assert action.source_text == area.text
    assert area.text.startswith("Dokumentera genomförandeplaner")
    # the assessment's text changes later: the action keeps what it answered
    ConsensusScore.objects.filter(item=row.item).update(improvements=["Något helt annat"])
    action.refresh_from_db()
    assert action.source_text == area.text
    assert AuditEvent.objects.filter(action="improvement.action_created").count() == 1
    # the baseline's areas count too; an area outside the contract does not
    baseline_item = groups[0].criteria[0].item
    assert selectors.resolve_source(contract, baseline_item.pk, 0) is not None
    assert selectors.resolve_source(contract, baseline_item.pk, 5) is None
    other = ScopeItem.objects.exclude(assessment_id__in=[contract.baseline_id]).exclude(
        assessment_id=row.item.assessment_id
    )
    with pytest.raises(ValidationError, match="not found in the contract's final"):
        services.create_action(
            actor=actor(personas.provider_a_author),
            contract=contract,
            fields=fields(contract, personas.provider_a_author),
            source=services.SourceRef(other.first().pk, 0),
        )


def test_the_responsible_person_is_on_the_owning_party_team(personas):
    contract = with_team(make_contract(personas))
    with pytest.raises(ValidationError) as error:
        services.create_action(
            actor=actor(personas.buyer_admin),
            contract=contract,
            fields=fields(contract, personas.buyer_admin, owner=Owner.PROVIDER, description=" "),
        )
    assert error.value.message_dict == {
        "description": ["Describe what is to be done."],
        "responsible": ["The responsible person must be on the owning party's contract team."],
    }
    with pytest.raises(ValidationError, match="among the contract teams"):
        services.create_action(
            actor=actor(personas.buyer_admin),
            contract=contract,
            fields=fields(contract, personas.stranger, owner=Owner.JOINT),
        )
    assert not ImprovementAction.objects.exists()


def test_dropping_needs_a_reason_and_saves_nothing_without_one(personas):
    contract = with_team(make_contract(personas))
    action = make_action(contract, personas.buyer_admin, owner=Owner.PROVIDER)
    with pytest.raises(ValidationError) as error:
        services.change_status(
            actor=actor(personas.provider_a_author),
            contract=contract,
            action=action,
            status=ActionStatus.DROPPED,
            reason="  ",
        )
    assert error.value.message_dict == {
        "reason": ["Give the reason for dropping the action, so both parties know why."]
    }
    action.refresh_from_db()
    assert action.status == ActionStatus.PLANNED
    assert ActionChange.objects.filter(action=action).count() == 1  # created only
    services.change_status(
        actor=actor(personas.provider_a_author),
        contract=contract,
        action=action,
        status=ActionStatus.DROPPED,
        reason="Ersatt av en bredare åtgärd",
    )
    action.refresh_from_db()
    assert action.status == ActionStatus.DROPPED
    assert action.drop_reason == "Ersatt av en bredare åtgärd"
    history = selectors.history(action)
    assert [(c.kind, c.from_status, c.to_status) for c in history] == [
        ("created", "", "planned"),
        ("status", "planned", "dropped"),
    ]
    assert history[1].changed_by == personas.provider_a_author


def test_only_the_owning_party_changes_the_status(personas):
    contract = with_team(make_contract(personas))
    buyers = make_action(contract, personas.buyer_admin, owner=Owner.BUYER)
    joint = make_action(contract, personas.buyer_admin, owner=Owner.JOINT)
    with pytest.raises(PermissionDenied):
        services.change_status(
            actor=actor(personas.provider_a_author),
            contract=contract,
            action=buyers,
            status=ActionStatus.DONE,
        )
    # nor may the provider move the buyer's action to itself and then close it
    with pytest.raises(PermissionDenied):
        services.update_action(
            actor=actor(personas.provider_a_author),
            contract=contract,
            action=buyers,
            fields=fields(contract, personas.provider_a_author, owner=Owner.PROVIDER),
        )
    services.change_status(
        actor=actor(personas.provider_a_author),
        contract=contract,
        action=joint,
        status=ActionStatus.IN_PROGRESS,
    )
    services.update_action(
        actor=actor(personas.provider_a_author),
        contract=contract,
        action=buyers,
        fields=fields(
            contract, personas.buyer_admin, owner=Owner.BUYER, description="Tydligare mål"
        ),
    )
    buyers.refresh_from_db()
    assert buyers.description == "Tydligare mål"
    change = ActionChange.objects.filter(action=buyers, kind="edited").get()
    assert "description" in change.fields and change.changed_by == personas.provider_a_author


def test_overdue_follows_the_frozen_clock(personas):
    contract = with_team(make_contract(personas))
    due = today() + timedelta(days=10)
    action = make_action(contract, personas.buyer_admin, due_on=due)
    done = make_action(contract, personas.buyer_admin, due_on=due)
    services.change_status(
        actor=actor(personas.buyer_admin), contract=contract, action=done, status="done"
    )
    clock.advance(timedelta(days=10))  # the due day itself: not yet overdue
    assert not selectors.is_overdue(action)
    assert selectors.contract_summary(contract) == selectors.Summary(1, 0, 1, 0)
    clock.advance(timedelta(days=1))
    action.refresh_from_db()
    assert selectors.is_overdue(action)
    assert selectors.contract_summary(contract) == selectors.Summary(1, 1, 1, 0)
    assert [a.pk for a in selectors.action_list(contract, selectors.Filters(overdue=True))] == [
        action.pk
    ]


def test_changes_between_rounds(personas):
    contract = with_team(make_contract(personas))
    start = clock.now()
    first = make_action(contract, personas.buyer_admin, due_on=today() + timedelta(days=5))
    second = make_action(contract, personas.buyer_admin, due_on=today() + timedelta(days=50))
    clock.advance(timedelta(days=20))
    round_one = clock.now()
    clock.advance(timedelta(hours=1))
    services.change_status(
        actor=actor(personas.buyer_admin), contract=contract, action=second, status="done"
    )
    third = make_action(contract, personas.buyer_admin, due_on=today() + timedelta(days=5))
    services.change_status(
        actor=actor(personas.buyer_admin),
        contract=contract,
        action=third,
        status="dropped",
        reason="Inte längre aktuell",
    )
    clock.advance(timedelta(days=20))
    round_two = clock.now()
    clock.advance(timedelta(hours=1))
    services.change_status(
        actor=actor(personas.buyer_admin), contract=contract, action=first, status="done"
    )

    window = selectors.changes_between(contract, None, round_one)
    assert [a.pk for a in window.created] == [first.pk, second.pk]
    assert window.done == [] and window.dropped == []
    assert [a.pk for a in window.overdue] == [first.pk]  # due day 5, open at day 20

    window = selectors.changes_between(contract, round_one, round_two)
    assert [a.pk for a in window.created] == [third.pk]
    assert [a.pk for a in window.done] == [second.pk]
    assert [a.pk for a in window.dropped] == [third.pk]
    assert [a.pk for a in window.overdue] == [first.pk]  # done only after round two

    window = selectors.changes_between(contract, round_two, clock.now() + timedelta(days=1))
    assert [a.pk for a in window.done] == [first.pk]
    assert window.created == [] and window.overdue == []
    assert selectors.changes_between(contract, start - timedelta(days=1), start).empty is False


def test_reminders_are_sent_once_a_day(personas):
    contract = with_team(make_contract(personas))
    provider_side = make_action(
        contract, personas.buyer_admin, owner=Owner.PROVIDER, due_on=today()
    )
    make_action(contract, personas.buyer_admin, due_on=today() + timedelta(days=30))
    assert services.send_overdue_reminders() == 0
    clock.advance(timedelta(days=1))
    assert services.send_overdue_reminders() == 1
    reminders = Notification.objects.filter(url__contains="/actions/")
    notified = set(reminders.values_list("user_id", flat=True))
    assert notified == {personas.provider_a_author.pk, contract.manager_id}
    assert services.send_overdue_reminders() == 0
    clock.advance(timedelta(hours=2))
    out = io.StringIO()
    call_command("send_overdue_reminders", stdout=out)
    assert "Reminded about 0 overdue action(s)." in out.getvalue()
    assert reminders.count() == 2
    assert OverdueReminder.objects.get().action == provider_side
    clock.advance(timedelta(days=1))
    assert services.send_overdue_reminders() == 1
    assert reminders.count() == 4
    services.change_status(
        actor=actor(personas.provider_a_author),
        contract=contract,
        action=provider_side,
        status="done",
    )
    clock.advance(timedelta(days=1))
    assert services.send_overdue_reminders() == 0
    title = reminders.filter(user=personas.provider_a_author).first().title
    assert title.startswith("Försenad förbättringsåtgärd")  # in the recipient's language (Swedish)
