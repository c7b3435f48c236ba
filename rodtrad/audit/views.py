from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from rodtrad.accounts import permissions
from rodtrad.audit.labels import action_label
from rodtrad.audit.selectors import events_of_organisation
from rodtrad.common.http import AuthenticatedRequest


@login_required
def organisation_log(request: AuthenticatedRequest, organisation_id: int) -> HttpResponse:
    actor = request.actor
    organisation = permissions.get_organisation_for_view(actor, organisation_id)
    if not permissions.can_view_audit_log(actor, organisation):
        raise PermissionDenied
    events = events_of_organisation(
        organisation, include_confidential=actor.is_member(organisation)
    )
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    rows = [(event, action_label(event.action)) for event in page.object_list]
    return render(
        request,
        "audit/organisation_log.html",
        {"organisation": organisation, "page": page, "rows": rows},
    )
