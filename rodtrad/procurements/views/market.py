"""The provider side: the list of published procurements, the published procurement (always a
published `DocumentVersion` snapshot, never the working copy), its versions with PDF, ZIP and
what changed, and following a procurement.

Every page reaches the procurement through `permissions.get_published`; only its id, status,
cancellation, deadlines and buyer come from the live row (for the actions), everything shown
as the documents comes from the snapshot.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from rodtrad.accounts.actor import Actor
from rodtrad.accounts.models import Organisation
from rodtrad.common import clock
from rodtrad.common.http import AuthenticatedRequest
from rodtrad.common.pdf import pdf_response
from rodtrad.procurements import documents, permissions, selectors, services
from rodtrad.procurements.forms_market import FollowForm, MarketFilterForm
from rodtrad.procurements.models import (
    DocumentVersion,
    InterestRegistration,
    Procurement,
    ProcurementStatus,
)

PAGE_SIZE = 20

# --- reads shared with the API (each one query) -----------------------------------------------


def require_market_reader(actor: Actor) -> None:
    """The market is for members of organisations; anyone else may not know it exists."""
    if not permissions.can_browse_market(actor):
        raise Http404


def published_cpv_codes(row: Procurement) -> list[str]:
    """The CPV codes of a row of `selectors.published_procurements` (kept as JSON text)."""
    raw = getattr(row, "published_cpv", None)
    try:
        codes = json.loads(raw) if raw else []
    except ValueError:
        return []
    return [str(code) for code in codes] if isinstance(codes, list) else []


def version_list(procurement: Procurement) -> list[DocumentVersion]:
    """The published versions, oldest first, without their snapshots and PDFs."""
    return list(procurement.document_versions.defer("snapshot", "pdf").order_by("number"))


def get_version(
    procurement: Procurement, number: int | None = None, *, with_pdf: bool = False
) -> DocumentVersion:
    """A published version with its snapshot (the latest when `number` is None); 404 if there
    is no such version."""
    versions = procurement.document_versions.all()
    if not with_pdf:
        versions = versions.defer("pdf")
    if number is not None:
        versions = versions.filter(number=number)
    version = versions.order_by("-number").first()
    if version is None:
        raise Http404
    return version


def following_organisation_ids(
    procurement: Procurement, organisations: list[Organisation]
) -> set[int]:
    """Which of the given organisations follow the procurement."""
    if not organisations:
        return set()
    return set(
        InterestRegistration.objects.filter(
            procurement=procurement, organisation__in=[org.pk for org in organisations]
        ).values_list("organisation_id", flat=True)
    )


def followable_organisations(actor: Actor, procurement: Procurement) -> list[Organisation]:
    return [
        org
        for org in permissions.provider_organisations(actor)
        if permissions.can_register_interest(actor, procurement, org)
    ]


# --- what changed between two versions --------------------------------------------------------

SECTIONS = {
    "procurement": gettext_lazy("The service"),
    "timeline": gettext_lazy("Timeline"),
    "lots": gettext_lazy("Lots"),
    "goals": gettext_lazy("Goals"),
    "requirements": gettext_lazy("Mandatory requirements"),
    "model": gettext_lazy("Quality model"),
    "criteria": gettext_lazy("Award criteria"),
    "scales": gettext_lazy("Scales"),
    "evaluation": gettext_lazy("Evaluation model"),
    "partnership": gettext_lazy("Partnership and follow-up"),
    "indicators": gettext_lazy("Indicators for follow-up"),
}


@dataclass(frozen=True)
class ChangeRow:
    section: str
    path: str
    before: str
    after: str
    diff: list[tuple[str, str]]
    is_time: bool


def change_rows(old: DocumentVersion, new: DocumentVersion) -> list[ChangeRow]:
    """The differences between two published versions, with a readable section name."""
    rows = []
    for change in documents.changes_between(old, new):
        head, _dot, rest = change.path.partition(".")
        section = head.split("[", 1)[0]
        detail = change.path[len(section) :].lstrip(".")
        rows.append(
            ChangeRow(
                section=str(SECTIONS.get(section, section)),
                path=detail or rest,
                before=change.before,
                after=change.after,
                diff=change.diff,
                is_time=section == "timeline",
            )
        )
    return rows


# --- pages ------------------------------------------------------------------------------------


@login_required
def market(request: AuthenticatedRequest) -> HttpResponse:
    """Published procurements: search, filters and pages."""
    require_market_reader(request.actor)
    form = MarketFilterForm(request.GET)
    filters = form.filters()
    queryset = (
        selectors.published_procurements(filters)
        if filters is not None
        else Procurement.objects.none()
    )
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    for row in page.object_list:
        setattr(row, "cpv_display", published_cpv_codes(row))  # noqa: B010
    return render(
        request,
        "procurements/market/list.html",
        {"form": form, "page": page, "filtered": form.is_bound},
        status=400 if filters is None else 200,
    )


def _document_context(
    request: AuthenticatedRequest,
    procurement: Procurement,
    version: DocumentVersion,
    versions: list[DocumentVersion],
) -> dict[str, Any]:
    actor = request.actor
    organisations = permissions.provider_organisations(actor)
    following = following_organisation_ids(procurement, organisations)
    followable = [
        org for org in followable_organisations(actor, procurement) if org.pk not in following
    ]
    return {
        "procurement": procurement,
        "doc": version.snapshot,
        "version": version,
        "versions": versions,
        "latest": versions[-1],
        "is_latest": version.number == versions[-1].number,
        "cancelled": procurement.status == ProcurementStatus.CANCELLED,
        "following": [org for org in organisations if org.pk in following],
        "follow_form": FollowForm(organisations=followable) if followable else None,
        "is_buyer_side": permissions.is_buyer_side(actor, procurement),
        # The tender page itself checks the role and the deadline; here only whether to offer it.
        "can_tender": bool(organisations)
        and procurement.status == ProcurementStatus.PUBLISHED
        and procurement.tender_deadline is not None
        and clock.now() <= procurement.tender_deadline,
    }


def _public_page(
    request: AuthenticatedRequest,
    procurement: Procurement,
    *,
    number: int | None = None,
    follow_form: FollowForm | None = None,
    status: int = 200,
) -> HttpResponse:
    versions = version_list(procurement)
    if not versions:
        raise Http404
    version = get_version(procurement, number)
    context = _document_context(request, procurement, version, versions)
    if follow_form is not None:
        context["follow_form"] = follow_form
    return render(request, "procurements/market/procurement.html", context, status=status)


@login_required
def public(request: AuthenticatedRequest, procurement_id: int) -> HttpResponse:
    """The published procurement: the latest published version of the documents."""
    procurement = permissions.get_published(request.actor, procurement_id)
    return _public_page(request, procurement)


@login_required
def public_version(request: AuthenticatedRequest, procurement_id: int, number: int) -> HttpResponse:
    """An earlier (or the latest) published version, exactly as it was published."""
    procurement = permissions.get_published(request.actor, procurement_id)
    return _public_page(request, procurement, number=number)


@login_required
def version_pdf(request: AuthenticatedRequest, procurement_id: int, number: int) -> HttpResponse:
    procurement = permissions.get_published(request.actor, procurement_id)
    version = get_version(procurement, number, with_pdf=True)
    reference = version.snapshot["procurement"]["reference_number"]
    return pdf_response(bytes(version.pdf), f"{reference} v{version.number}")


@login_required
def version_zip(request: AuthenticatedRequest, procurement_id: int, number: int) -> HttpResponse:
    procurement = permissions.get_published(request.actor, procurement_id)
    version = get_version(procurement, number, with_pdf=True)
    reference = version.snapshot["procurement"]["reference_number"]
    response = HttpResponse(documents.zip_of(version), content_type="application/zip")
    name = slugify(f"{reference} v{version.number}") or "procurement"
    response["Content-Disposition"] = f'attachment; filename="{name}.zip"'
    return response


@login_required
def version_changes(
    request: AuthenticatedRequest, procurement_id: int, number: int
) -> HttpResponse:
    """What changed in a version against the one before it, word by word."""
    procurement = permissions.get_published(request.actor, procurement_id)
    if number < 2:
        raise Http404
    new = get_version(procurement, number)
    old = get_version(procurement, number - 1)
    return render(
        request,
        "procurements/market/changes.html",
        {
            "procurement": procurement,
            "doc": new.snapshot,
            "old": old,
            "new": new,
            "rows": change_rows(old, new),
        },
    )


@login_required
@require_POST
def follow(request: AuthenticatedRequest, procurement_id: int) -> HttpResponse:
    """Follow the procurement for one of one's provider organisations: changes to the
    documents and answers to questions are sent to its members."""
    actor = request.actor
    procurement = permissions.get_published(actor, procurement_id)
    organisations = followable_organisations(actor, procurement)
    if not organisations:
        raise PermissionDenied
    form = FollowForm(request.POST, organisations=organisations)
    if not form.is_valid():
        return _public_page(request, procurement, follow_form=form, status=400)
    organisation = form.chosen_organisation()
    services.register_interest(actor=actor, procurement=procurement, organisation=organisation)
    messages.success(
        request,
        _(
            "%(organisation)s follows this procurement: its members are told about changes to "
            "the documents and new answers."
        )
        % {"organisation": organisation.name},
    )
    return redirect("procurements:public", procurement.pk)
