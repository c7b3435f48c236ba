from __future__ import annotations

from django.db.models import QuerySet

from rodtrad.audit.models import AuditEvent


def events_of_organisation(organisation) -> QuerySet[AuditEvent]:
    """The organisation's events, newest first, with who did them (one query per page)."""
    return (
        AuditEvent.objects.filter(organisation=organisation).select_related("actor").order_by("-id")
    )
