from __future__ import annotations

from django.db.models import QuerySet

from rodtrad.audit.models import AuditEvent


def events_of_organisation(organisation, *, include_confidential: bool) -> QuerySet[AuditEvent]:
    """The organisation's events, newest first, with who did them (one query per page).

    Confidential events (a provider's tender before the opening, an evaluator's scores before the
    consensus) are listed, without their details, only to the organisation's own members; anyone
    else (a platform administrator) must not even learn that they happened."""
    events = AuditEvent.objects.filter(organisation=organisation)
    if not include_confidential:
        events = events.filter(confidential=False)
    return events.select_related("actor").order_by("-id")
