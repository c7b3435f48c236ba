"""Recording and verifying the append-only, hash-chained audit log."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, models, transaction

from rodtrad.audit.models import AuditChainHead, AuditEvent
from rodtrad.common import clock

GENESIS_HASH = "0" * 64


def _canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def normalise_data(data: dict[str, Any] | None) -> dict[str, Any]:
    """Turn dates, decimals and UUIDs into the JSON values they will be stored as."""
    return json.loads(json.dumps(data or {}, cls=DjangoJSONEncoder))


def compute_hash(
    *,
    previous_hash: str,
    occurred_at: datetime,
    actor_id: int | None,
    actor_label: str,
    organisation_id: int | None,
    action: str,
    object_type: str,
    object_id: str,
    data: dict[str, Any],
    confidential: bool = False,
) -> str:
    payload = _canonical_json(
        {
            "confidential": confidential,
            "previous_hash": previous_hash,
            "occurred_at": occurred_at.astimezone(UTC).isoformat(timespec="microseconds"),
            "actor_id": actor_id,
            "actor_label": actor_label,
            "organisation_id": organisation_id,
            "action": action,
            "object_type": object_type,
            "object_id": object_id,
            "data": data,
        }
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _event_hash(event: AuditEvent, previous_hash: str) -> str:
    return compute_hash(
        previous_hash=previous_hash,
        occurred_at=event.occurred_at,
        actor_id=event.actor_id,
        actor_label=event.actor_label,
        organisation_id=event.organisation_id,
        action=event.action,
        object_type=event.object_type,
        object_id=event.object_id,
        data=event.data,
        confidential=event.confidential,
    )


def _locked_head() -> AuditChainHead:
    try:
        return AuditChainHead.objects.select_for_update().get(pk=1)
    except AuditChainHead.DoesNotExist:
        try:
            with transaction.atomic():
                AuditChainHead.objects.create(pk=1, last_event_id=None, last_hash=GENESIS_HASH)
        except IntegrityError:
            pass  # created by a concurrent writer; lock it below
        return AuditChainHead.objects.select_for_update().get(pk=1)


def record_event(
    *,
    action: str,
    actor: Any = None,
    organisation: Any = None,
    target: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    data: dict[str, Any] | None = None,
    confidential: bool = False,
) -> AuditEvent:
    """Append one event. `target` fills object type and id from a model instance.
    `confidential` data (scores before consensus, tender contents) is kept for traceability and
    verification but never shown in the organisation's event log."""
    if target is not None:
        object_type = object_type or target._meta.label_lower
        object_id = object_id or target.pk
    actor_user = actor if getattr(actor, "is_authenticated", False) else None
    with transaction.atomic():
        head = _locked_head()
        event = AuditEvent(
            occurred_at=clock.now(),
            actor=actor_user,
            actor_label=actor_user.email if actor_user else "",
            organisation=organisation,
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            data=normalise_data(data),
            confidential=confidential,
            previous_hash=head.last_hash,
        )
        event.hash = _event_hash(event, head.last_hash)
        event.save()
        head.last_event_id = event.pk
        head.last_hash = event.hash
        head.save(update_fields=["last_event_id", "last_hash"])
    return event


@dataclass(frozen=True)
class ChainProblem:
    event_id: int | None
    message: str


def verify_chain() -> ChainProblem | None:
    """Walk the log from the first event; return the first problem found, or None."""
    previous_hash = GENESIS_HASH
    last_id: int | None = None
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        if event.previous_hash != previous_hash:
            return ChainProblem(
                event.pk,
                f"event {event.pk} ({event.action}) does not follow the event before it: "
                "an event before it was removed or altered",
            )
        if _event_hash(event, previous_hash) != event.hash:
            return ChainProblem(
                event.pk, f"event {event.pk} ({event.action}) was altered after it was recorded"
            )
        previous_hash = event.hash
        last_id = event.pk
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is None:
        if last_id is not None:
            return ChainProblem(None, "the chain head is missing")
        return None
    if head.last_event_id != last_id or head.last_hash != previous_hash:
        return ChainProblem(
            head.last_event_id,
            f"the newest recorded event is {head.last_event_id} but the log ends at {last_id}: "
            "events at the end were removed",
        )
    return None
