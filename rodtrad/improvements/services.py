"""Writes of the improvement plan: create and edit actions, change their status (dropping needs
a reason), and remind about overdue actions. Each checks permission, validates, saves in one
transaction and records an audit event (the reminders record what they sent instead)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from rodtrad.accounts.actor import Actor
from rodtrad.accounts.models import Organisation, User
from rodtrad.audit.services import record_event
from rodtrad.common import clock
from rodtrad.contracts.models import Contract
from rodtrad.improvements import permissions, selectors
from rodtrad.improvements.models import (
    ActionChange,
    ActionStatus,
    ChangeKind,
    ImprovementAction,
    OverdueReminder,
    Owner,
)

MAX_DESCRIPTION = 4000


@dataclass(frozen=True)
class ActionFields:
    description: str
    owner: str
    responsible_id: int | None
    due_on: date | None
    criterion_id: int | None = None


@dataclass(frozen=True)
class SourceRef:
    """An improvement area: the scope item (criterion in an assessment) and the area's place in
    its consensus list."""

    item_id: int
    index: int


def responsible_choices(contract: Contract) -> list[User]:
    """The people on the contract's teams (`contract.team` prefetched: no query)."""
    seen: dict[int, User] = {}
    for member in contract.team.all():
        seen.setdefault(member.user_id, member.user)
    return list(seen.values())


def _validate(contract: Contract, fields: ActionFields) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    description = fields.description.strip()
    if not description:
        errors["description"] = [_("Describe what is to be done.")]
    elif len(description) > MAX_DESCRIPTION:
        errors["description"] = [_("The description can be at most 4000 characters.")]
    if fields.owner not in Owner.values:
        errors["owner"] = [_("Choose the owning party: the buyer, the provider or both.")]
    members = [m for m in contract.team.all() if m.user_id == fields.responsible_id]
    if fields.responsible_id is None or not members:
        errors["responsible"] = [_("Choose the responsible person among the contract teams.")]
    elif fields.owner in (Owner.BUYER, Owner.PROVIDER) and all(
        m.party != fields.owner for m in members
    ):
        errors["responsible"] = [
            _("The responsible person must be on the owning party's contract team.")
        ]
    if fields.due_on is None:
        errors["due_on"] = [_("Give the date the action is due.")]
    if fields.criterion_id is not None and fields.criterion_id not in {
        c.pk for c in selectors.criterion_choices(contract)
    }:
        errors["criterion"] = [_("Choose a criterion of the contract's quality model.")]
    if errors:
        raise ValidationError(errors)
    return {
        "description": description,
        "owner": fields.owner,
        "responsible_id": fields.responsible_id,
        "due_on": fields.due_on,
        "criterion_id": fields.criterion_id,
    }


def _organisation(actor: Actor, contract: Contract) -> Organisation | None:
    """The organisation the actor acts for (the buyer when both), for the audit log."""
    organisation_id = permissions.acting_organisation_id(actor, contract)
    if organisation_id == contract.buyer_id:
        return contract.buyer
    return contract.provider if organisation_id == contract.provider_id else None


def create_action(
    *,
    actor: Actor,
    contract: Contract,
    fields: ActionFields,
    source: SourceRef | None = None,
) -> ImprovementAction:
    """Create an action, by hand or from an improvement area (`source`): the area's
    assessment, criterion and text are kept on the action."""
    if actor.user is None or not permissions.can_edit(actor, contract):
        raise PermissionDenied
    resolved = None
    if source is not None:
        resolved = selectors.resolve_source(contract, source.item_id, source.index)
        if resolved is None:
            raise ValidationError(
                _("The improvement area was not found in the contract's final assessments.")
            )
        if fields.criterion_id is None:
            fields = ActionFields(
                description=fields.description,
                owner=fields.owner,
                responsible_id=fields.responsible_id,
                due_on=fields.due_on,
                criterion_id=resolved.item.criterion_id,
            )
    values = _validate(contract, fields)
    now = clock.now()
    with transaction.atomic():
        action = ImprovementAction.objects.create(
            contract=contract,
            **values,
            source_assessment_id=resolved.assessment_id if resolved else None,
            source_item=resolved.item if resolved else None,
            source_text=resolved.text if resolved else "",
            created_by=actor.user,
            created_at=now,
            updated_at=now,
        )
        ActionChange.objects.create(
            action=action,
            kind=ChangeKind.CREATED,
            to_status=action.status,
            changed_by=actor.user,
            changed_at=now,
        )
        record_event(
            action="improvement.action_created",
            actor=actor.user,
            organisation=_organisation(actor, contract),
            target=action,
            data={
                "contract": contract.pk,
                "owner": action.owner,
                "responsible": action.responsible_id,
                "due_on": action.due_on.isoformat(),
                "source_item": action.source_item_id,
            },
        )
    return action


def _display(name: str, value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    return value


def update_action(
    *, actor: Actor, contract: Contract, action: ImprovementAction, fields: ActionFields
) -> ImprovementAction:
    """Change what the action is, who is responsible, when it is due and its criterion.
    Moving it to another owning party is for the current owner's side only."""
    if actor.user is None or not permissions.can_edit(actor, contract):
        raise PermissionDenied
    if action.contract_id != contract.pk:
        raise PermissionDenied
    if fields.owner != action.owner and not permissions.owns(actor, contract, action.owner):
        raise PermissionDenied
    values = _validate(contract, fields)
    changed = {
        name: [_display(name, getattr(action, name)), _display(name, value)]
        for name, value in values.items()
        if getattr(action, name) != value
    }
    if not changed:
        return action
    now = clock.now()
    with transaction.atomic():
        for name, value in values.items():
            setattr(action, name, value)
        action.updated_at = now
        action.save()
        ActionChange.objects.create(
            action=action,
            kind=ChangeKind.EDITED,
            fields=changed,
            changed_by=actor.user,
            changed_at=now,
        )
        record_event(
            action="improvement.action_updated",
            actor=actor.user,
            organisation=_organisation(actor, contract),
            target=action,
            data={"contract": contract.pk, "changed": changed},
        )
    return action


def change_status(
    *,
    actor: Actor,
    contract: Contract,
    action: ImprovementAction,
    status: str,
    reason: str = "",
) -> ImprovementAction:
    """Move the action to another status; dropping it needs a reason."""
    if actor.user is None or action.contract_id != contract.pk:
        raise PermissionDenied
    if not permissions.can_change_status(actor, contract, action):
        raise PermissionDenied
    reason = reason.strip()
    if status not in ActionStatus.values:
        raise ValidationError({"status": [_("Choose planned, in progress, done or dropped.")]})
    if status == action.status:
        raise ValidationError({"status": [_("The action already has this status.")]})
    if status == ActionStatus.DROPPED and not reason:
        raise ValidationError(
            {"reason": [_("Give the reason for dropping the action, so both parties know why.")]}
        )
    now = clock.now()
    previous = action.status
    with transaction.atomic():
        action.status = status
        if status == ActionStatus.DROPPED:
            action.drop_reason = reason
        action.updated_at = now
        action.save(update_fields=["status", "drop_reason", "updated_at"])
        ActionChange.objects.create(
            action=action,
            kind=ChangeKind.STATUS,
            from_status=previous,
            to_status=status,
            reason=reason,
            changed_by=actor.user,
            changed_at=now,
        )
        record_event(
            action="improvement.action_status_changed",
            actor=actor.user,
            organisation=_organisation(actor, contract),
            target=action,
            data={"contract": contract.pk, "from": previous, "to": status, "reason": reason},
        )
    return action


# --- reminders ----------------------------------------------------------------------------------


def send_overdue_reminders() -> int:
    """Tell the responsible person and the contract's manager about each overdue action, at
    most once per action and day (OverdueReminder records what was sent). Returns how many
    actions were reminded about. Run daily (`rodtrad send-overdue-reminders` or the task)."""
    from rodtrad.notifications.services import notify

    on = selectors.today()
    overdue = (
        ImprovementAction.objects.filter(selectors.overdue_filter(on))
        .exclude(reminders__sent_on=on)
        .select_related("responsible", "contract__manager", "contract__procurement")
        .order_by("id")
    )
    sent = 0
    for action in overdue:
        contract = action.contract
        recipients = [action.responsible, contract.manager]
        try:
            with transaction.atomic():
                OverdueReminder.objects.create(
                    action=action,
                    sent_on=on,
                    sent_at=clock.now(),
                    recipients=sorted({u.pk for u in recipients}),
                )
                notify(
                    users=recipients,
                    template="improvements/email/overdue",
                    context={
                        "description": action.description,
                        "due_on": formats.date_format(action.due_on, "j F Y"),
                        "procurement": contract.procurement.title,
                    },
                    url=reverse("improvements:detail", args=[contract.pk, action.pk]),
                )
        except IntegrityError:
            continue  # another run reminded about it today
        sent += 1
    return sent
