"""Your notifications, and an organisation's event log, with the pages' rules.
No `from __future__ import annotations` (django-ninja resolves endpoint annotations at runtime).
"""

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import PageNumberPagination, paginate
from pydantic import ConfigDict

from rodtrad.accounts import permissions as account_permissions
from rodtrad.api.auth import actor_of
from rodtrad.api.schemas import ERRORS, Id
from rodtrad.audit.labels import action_label
from rodtrad.audit.selectors import events_of_organisation
from rodtrad.notifications import services
from rodtrad.notifications.models import Notification

router = Router(tags=["notifications"])


class NotificationOut(Schema):
    id: int
    title: str
    body: str
    url: str = Field(..., description="Where in rodtrad it points (a path), or empty")
    created_at: datetime
    read_at: datetime | None


class ReadIn(Schema):
    model_config = ConfigDict(json_schema_extra={"examples": [{"ids": [41, 42]}]})

    ids: list[Id] | None = Field(
        None, description="The notifications to mark read; leave out to mark all of yours"
    )


class ReadOut(Schema):
    marked: int


class EventOut(Schema):
    id: int
    occurred_at: datetime
    actor: str
    action: str
    label: str = Field(..., description="The action in the request's language")
    object_type: str
    object_id: str
    confidential: bool
    data: dict[str, Any] | None = Field(..., description="Left out (null) for a confidential event")
    hash: str

    @staticmethod
    def resolve_actor(event) -> str:
        return event.actor.full_name if event.actor else event.actor_label

    @staticmethod
    def resolve_label(event) -> str:
        return str(action_label(event.action))

    @staticmethod
    def resolve_data(event) -> dict[str, Any] | None:
        return None if event.confidential else event.data


def _user(request: HttpRequest):
    return actor_of(request).user


@router.get("/notifications", response={200: list[NotificationOut], **ERRORS})
@paginate(PageNumberPagination)
def notification_list(request: HttpRequest, unread: bool = False):
    """Your notifications, newest first (only your own)."""
    notifications = Notification.objects.filter(user=_user(request))
    if unread:
        notifications = notifications.filter(read_at__isnull=True)
    return notifications


@router.post("/notifications/read", response={200: ReadOut, **ERRORS})
def notifications_read(request: HttpRequest, payload: ReadIn):
    """Mark your notifications read: the given ones, or all. Others' ids are ignored."""
    return {"marked": services.mark_read(user=_user(request), notification_ids=payload.ids)}


@router.get(
    "/organisations/{organisation_id}/events",
    response={200: list[EventOut], **ERRORS},
    tags=["organisations"],
)
@paginate(PageNumberPagination)
def organisation_events(request: HttpRequest, organisation_id: int):
    """The organisation's event log, newest first, for those who may read it on the page
    (its administrators, and platform administrators). Confidential events are listed without
    their data, and only to the organisation's own members."""
    actor = actor_of(request)
    organisation = account_permissions.get_organisation_for_view(actor, organisation_id)
    if not account_permissions.can_view_audit_log(actor, organisation):
        raise PermissionDenied
    return events_of_organisation(organisation, include_confidential=actor.is_member(organisation))
