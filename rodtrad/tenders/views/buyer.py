"""The buyer's side of tenders (issue 5): the opening (anbudsöppning) with two openers and its
record, the qualification against the mandatory requirements (overview and one tender), and the
import of tenders received through another e-procurement system.

Secrecy first: every page reaches the procurement through `get_for_buyer` (404 for anyone
outside the buyer side). Until the opening is confirmed nothing about tenders is read at all –
not their content, not who, not how many, not the late attempts. Tender pages 404 before the
opening, and are for the team's procurement officers and the buyer's administrators after it
(`permissions.get_opened_tender`). The reads here are shared with the API
(rodtrad/api/routers/tenders_buyer.py); the rules are in the services.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from rodtrad.accounts.actor import Actor
from rodtrad.common.forms import add_service_errors
from rodtrad.common.http import AuthenticatedRequest
from rodtrad.common.pdf import pdf_response
from rodtrad.evaluations.permissions import can_see_prices
from rodtrad.procurements import permissions as procurement_permissions
from rodtrad.procurements.models import (
    AwardCriterion,
    Lot,
    Procurement,
    ProcurementStatus,
    Requirement,
    TeamRole,
)
from rodtrad.tenders import permissions, services, workbook
from rodtrad.tenders.forms_buyer import (
    ClarificationForm,
    DecisionForm,
    ImportForm,
    LowPriceForm,
)
from rodtrad.tenders.models import (
    Attachment,
    Clarification,
    Decision,
    OpenedTender,
    Opening,
    Qualification,
    RequirementCheck,
    Source,
    Submission,
    Tender,
)

Crumbs = list[tuple[str | Promise, str]]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# --- access -----------------------------------------------------------------------------------


def load_opening(procurement: Procurement) -> Opening | None:
    """The procurement's opening without the PDF (one query), cached on the procurement so the
    permission functions do not read it again."""
    opening = (
        Opening.objects.defer("record_pdf")
        .select_related("started_by", "confirmed_by")
        .filter(procurement=procurement)
        .first()
    )
    Procurement._meta.get_field("opening").set_cached_value(procurement, opening)  # type: ignore[union-attr]
    return opening


def get_procurement(actor: Actor, procurement_id: int) -> tuple[Procurement, Opening | None]:
    """The procurement for the buyer's side (404 for everyone else) and its opening."""
    procurement = procurement_permissions.get_for_buyer(actor, procurement_id)
    return procurement, load_opening(procurement)


def get_qualifying(actor: Actor, procurement_id: int) -> tuple[Procurement, Opening]:
    """An opened procurement for those who qualify its tenders. Before the opening the pages
    do not exist (404) for anyone; after it the others on the buyer side get 403."""
    procurement, opening = get_procurement(actor, procurement_id)
    if opening is None or not opening.is_complete:
        raise Http404
    if not permissions.can_handle_opened(actor, procurement):
        raise PermissionDenied
    return procurement, opening


def get_tender(actor: Actor, procurement_id: int, tender_id: int) -> tuple[Procurement, Tender]:
    procurement, _opening = get_qualifying(actor, procurement_id)
    return procurement, permissions.get_opened_tender(actor, procurement, tender_id)


def get_importing(actor: Actor, procurement_id: int) -> Procurement:
    """The import exists only for a procurement whose tenders are received elsewhere."""
    procurement = procurement_permissions.get_for_buyer(actor, procurement_id)
    if not procurement.tenders_elsewhere:
        raise Http404
    return procurement


def can_import(actor: Actor, procurement: Procurement) -> bool:
    return TeamRole.PROCUREMENT_OFFICER in procurement_permissions.team_roles(actor, procurement)


# --- the opening ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RecordRow:
    position: int
    tenderer: str
    organisation_number: str
    submitted_at: Any
    version: int
    receipt_hash: str
    source: str = Source.RODTRAD


@dataclass(frozen=True)
class OpeningState:
    """Where the opening stands and what the actor may do. `rows` and `late` are filled only
    once the opening is confirmed, for those who may read the record."""

    procurement: Procurement
    opening: Opening | None
    stage: str  # "elsewhere", "before_deadline", "ready", "started", "opened"
    is_opener: bool
    can_start: bool
    can_confirm: bool
    can_read_record: bool
    can_qualify: bool = False
    rows: list[RecordRow] = field(default_factory=list)
    late: list[dict[str, Any]] = field(default_factory=list)

    @property
    def has_pdf(self) -> bool:
        return bool(self.opening and self.opening.record_sha256)


def late_action_label(action: str) -> str:
    labels = {
        "start": _("Start a tender"),
        "submit": _("Submit"),
        "withdraw": _("Withdraw"),
    }
    return str(labels.get(action, action))


def opening_state(actor: Actor, procurement: Procurement, opening: Opening | None) -> OpeningState:
    """No tender is read before the opening is confirmed. After it, the stored record (or, for
    tenders registered from another system, the registered tenders: one query)."""
    opener = permissions.is_opener(actor, procurement)
    opened = opening is not None and opening.is_complete
    if procurement.tenders_elsewhere:
        stage = "elsewhere"
    elif opened:
        stage = "opened"
    elif opening is not None:
        stage = "started"
    elif services.deadline_passed(procurement) and procurement.status in (
        ProcurementStatus.PUBLISHED,
        ProcurementStatus.TENDERING_CLOSED,
    ):
        stage = "ready"
    else:
        stage = "before_deadline"
    can_read = opened and (opener or permissions.can_handle_opened(actor, procurement))
    rows: list[RecordRow] = []
    late: list[dict[str, Any]] = []
    if can_read and opening is not None:
        if opening.record.get("tenders") is not None:
            rows = [
                RecordRow(
                    position=t["position"],
                    tenderer=t["tenderer"],
                    organisation_number=t["organisation_number"],
                    submitted_at=t["submitted_at"],
                    version=t["version"],
                    receipt_hash=t["receipt_hash"],
                )
                for t in opening.record["tenders"]
            ]
            late = [
                {**attempt, "action_label": late_action_label(attempt.get("action", ""))}
                for attempt in opening.record.get("late", [])
            ]
        else:  # registered from another system, one at a time
            rows = [
                RecordRow(
                    position=o.position,
                    tenderer=o.tender.organisation.name,
                    organisation_number=o.tender.organisation.organisation_number,
                    submitted_at=o.submission.submitted_at,
                    version=o.submission.number,
                    receipt_hash=o.submission.receipt_hash,
                    source=o.tender.source,
                )
                for o in OpenedTender.objects.filter(opening=opening)
                .select_related("tender__organisation", "submission")
                .defer("submission__sealed_content", "tender__sealed_draft")
                .order_by("position")
            ]
    user_id = actor.user.pk if actor.user else None
    return OpeningState(
        procurement=procurement,
        opening=opening,
        stage=stage,
        is_opener=opener,
        can_start=opener and stage == "ready",
        can_confirm=opener
        and stage == "started"
        and opening is not None
        and opening.started_by_id != user_id,
        can_read_record=can_read,
        can_qualify=opened and permissions.can_handle_opened(actor, procurement),
        rows=rows,
        late=late,
    )


def _crumbs(procurement: Procurement, *more: tuple[str | Promise, str]) -> Crumbs:
    return [
        (gettext_lazy("Procurements"), reverse("procurements:list")),
        (procurement.title, reverse("procurements:detail", args=[procurement.pk])),
        *more,
    ]


def _opening_page(
    request: AuthenticatedRequest,
    procurement: Procurement,
    opening: Opening | None,
    *,
    problems: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    state = opening_state(request.actor, procurement, opening)
    return render(
        request,
        "tenders/buyer/opening.html",
        {
            "procurement": procurement,
            "state": state,
            "problems": problems or [],
            "crumbs": _crumbs(procurement, (gettext_lazy("Opening of tenders"), "")),
        },
        status=status,
    )


@login_required
@require_safe
def opening(request: AuthenticatedRequest, procurement_id: int) -> HttpResponse:
    procurement, current = get_procurement(request.actor, procurement_id)
    return _opening_page(request, procurement, current)


def _opening_action(
    request: AuthenticatedRequest, procurement_id: int, action
) -> HttpResponse | None:
    """Run start or confirm; the page with the refusal (400) when a rule says no."""
    procurement, _current = get_procurement(request.actor, procurement_id)
    if not permissions.is_opener(request.actor, procurement):
        raise PermissionDenied
    try:
        action(actor=request.actor, procurement=procurement)
    except ValidationError as error:
        procurement.refresh_from_db()
        return _opening_page(
            request, procurement, load_opening(procurement), problems=error.messages, status=400
        )
    return None


@login_required
@require_POST
def opening_start(request: AuthenticatedRequest, procurement_id: int) -> HttpResponse:
    refused = _opening_action(request, procurement_id, services.start_opening)
    if refused is not None:
        return refused
    messages.success(request, _("The opening is started. A second opener must now confirm it."))
    return redirect("tenders:opening", procurement_id)


@login_required
@require_POST
def opening_confirm(request: AuthenticatedRequest, procurement_id: int) -> HttpResponse:
    refused = _opening_action(request, procurement_id, services.confirm_opening)
    if refused is not None:
        return refused
    messages.success(request, _("The tenders are opened and the opening record is stored."))
    return redirect("tenders:opening", procurement_id)


def opening_record_pdf(actor: Actor, procurement_id: int) -> HttpResponse:
    """The stored record PDF, for those who may read the record; 404 otherwise."""
    procurement, current = get_procurement(actor, procurement_id)
    state = opening_state(actor, procurement, current)
    if not state.can_read_record or not state.has_pdf:
        raise Http404
    pdf = Opening.objects.filter(pk=current.pk).values_list("record_pdf", flat=True).first()  # type: ignore[union-attr]
    if not pdf:
        raise Http404
    return pdf_response(
        bytes(pdf), _("Opening record %(reference)s") % {"reference": procurement.reference_number}
    )


@login_required
@require_safe
def opening_record(request: AuthenticatedRequest, procurement_id: int) -> HttpResponse:
    return opening_record_pdf(request.actor, procurement_id)


# --- qualification: the overview --------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    requirement: Requirement
    decision: str  # "fulfilled", "not_fulfilled" or ""


@dataclass(frozen=True)
class OverviewRow:
    opened: OpenedTender
    cells: list[Cell]
    qualification: Qualification | None
    open_clarifications: int

    @property
    def tender(self) -> Tender:
        return self.opened.tender

    @property
    def assessed(self) -> int:
        return sum(1 for c in self.cells if c.decision)

    @property
    def status(self) -> str:
        if self.qualification is not None:
            return self.qualification.outcome
        return "in_progress" if self.assessed else "not_started"

    @property
    def status_label(self) -> str:
        if self.qualification is not None:
            return self.qualification.get_outcome_display()
        if self.assessed:
            return _("%(done)s of %(total)s assessed") % {
                "done": self.assessed,
                "total": len(self.cells),
            }
        return _("Not started")


@dataclass(frozen=True)
class Overview:
    requirements: list[Requirement]
    rows: list[OverviewRow]

    @property
    def all_concluded(self) -> bool:
        return all(r.qualification is not None for r in self.rows)

    @property
    def pending(self) -> int:
        return sum(1 for r in self.rows if r.qualification is None)


def qualification_overview(procurement: Procurement) -> Overview:
    """Every opened tender with its requirement decisions: four queries however many tenders
    and requirements there are."""
    requirements = list(procurement.requirements.order_by("order", "id"))
    opened = list(
        OpenedTender.objects.filter(opening__procurement=procurement)
        .select_related("tender__organisation", "submission")
        .defer("submission__sealed_content", "tender__sealed_draft")
        .annotate(
            open_clarifications=Count(
                "tender__clarifications",
                filter=Q(tender__clarifications__replied_at__isnull=True),
            )
        )
        .order_by("position")
    )
    decisions: dict[tuple[int, int], str] = {
        (tender_id, requirement_id): decision
        for tender_id, requirement_id, decision in RequirementCheck.objects.filter(
            tender__procurement=procurement
        ).values_list("tender_id", "requirement_id", "decision")
    }
    outcomes = {
        q.tender_id: q for q in Qualification.objects.filter(tender__procurement=procurement)
    }
    return Overview(
        requirements=requirements,
        rows=[
            OverviewRow(
                opened=o,
                cells=[
                    Cell(requirement=r, decision=decisions.get((o.tender_id, r.pk), ""))
                    for r in requirements
                ],
                qualification=outcomes.get(o.tender_id),
                open_clarifications=getattr(o, "open_clarifications", 0),
            )
            for o in opened
        ],
    )


def _overview_page(
    request: AuthenticatedRequest,
    procurement: Procurement,
    *,
    problems: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "tenders/buyer/qualification.html",
        {
            "procurement": procurement,
            "overview": qualification_overview(procurement),
            "qualifying": procurement.status == ProcurementStatus.OPENED,
            "problems": problems or [],
            "crumbs": _crumbs(procurement, (gettext_lazy("Qualification"), "")),
        },
        status=status,
    )


@login_required
@require_safe
def qualification(request: AuthenticatedRequest, procurement_id: int) -> HttpResponse:
    procurement, _opening = get_qualifying(request.actor, procurement_id)
    return _overview_page(request, procurement)


@login_required
@require_POST
def complete(request: AuthenticatedRequest, procurement_id: int) -> HttpResponse:
    procurement, _opening = get_qualifying(request.actor, procurement_id)
    try:
        services.complete_qualification(actor=request.actor, procurement=procurement)
    except ValidationError as error:
        return _overview_page(request, procurement, problems=error.messages, status=400)
    messages.success(
        request, _("Qualification is complete. The qualified tenders go on to evaluation.")
    )
    return redirect("tenders:qualification", procurement.pk)


# --- qualification: one tender ----------------------------------------------------------------


@dataclass(frozen=True)
class FileView:
    pk: int
    name: str
    content_type: str
    size: int
    sha256: str


@dataclass(frozen=True)
class PriceView:
    lot: Lot
    price: str


@dataclass(frozen=True)
class AnswerView:
    award: AwardCriterion
    text: str
    files: list[FileView]


@dataclass(frozen=True)
class RequirementView:
    requirement: Requirement
    declared: bool
    comment: str
    files: list[FileView]
    check: RequirementCheck | None


@dataclass(frozen=True)
class ClarificationView:
    clarification: Clarification
    reply: str
    hidden: bool = False  # about the price, while the reader may not see prices

    @property
    def overdue(self) -> bool:
        from rodtrad.common import clock

        c = self.clarification
        return c.replied_at is None and clock.now() > c.deadline


@dataclass(frozen=True)
class TenderView:
    """One opened tender as submitted (read-only) with its qualification so far."""

    tender: Tender
    submission: Submission
    prices: list[PriceView]
    answers: list[AnswerView]
    requirements: list[RequirementView]
    partnership: str
    contact: dict[str, str]
    other_files: list[FileView]
    clarifications: list[ClarificationView]
    qualification: Qualification | None
    external_submitted_at: Any = None
    prices_hidden: bool = False

    @property
    def all_assessed(self) -> bool:
        return all(r.check is not None for r in self.requirements)

    @property
    def all_fulfilled(self) -> bool:
        return all(r.check and r.check.decision == Decision.FULFILLED for r in self.requirements)

    @property
    def asked_about_price(self) -> bool:
        return any(c.clarification.about_price for c in self.clarifications)


def submitted_files(content: dict[str, Any]) -> list[dict[str, Any]]:
    return list(content.get("attachments") or [])


def tender_view(procurement: Procurement, tender: Tender, *, show_prices: bool) -> TenderView:
    """The submitted version that counts (as opened) and the qualification: a fixed number of
    queries (the key, lots, criteria, requirements, checks, clarifications, the outcome).
    Without `show_prices` (the price envelope, evaluations.permissions.can_see_prices) no price
    is given, nor the clarifications about the price."""
    submission = tender.opened.submission
    submission.tender = tender
    content = services.read_submission(submission)
    manifest = submitted_files(content)

    def files_for(purpose: str, ref: int | None) -> list[FileView]:
        return [
            FileView(a["id"], a["name"], a["content_type"], a["size"], a["sha256"])
            for a in manifest
            if a.get("purpose") == purpose and (ref is None or a.get("ref") == ref)
        ]

    prices = content.get("prices") or {}
    answers = content.get("answers") or {}
    responses = content.get("requirements") or {}
    lots = [
        PriceView(lot, prices[str(lot.pk)])
        for lot in procurement.lots.order_by("number")
        if prices.get(str(lot.pk))
    ]
    if not show_prices:
        lots = []
    checks = {c.requirement_id: c for c in tender.requirement_checks.select_related("decided_by")}
    rows = list(
        tender.clarifications.select_related("requirement", "asked_by").order_by("asked_at", "id")
    )
    replied = [c for c in rows if c.replied_at is not None]
    replies = services.clarification_replies(replied, procurement.pk) if replied else {}
    return TenderView(
        tender=tender,
        submission=submission,
        prices=lots,
        answers=[
            AnswerView(award, answers.get(str(award.pk), ""), files_for("criterion", award.pk))
            for award in procurement.criteria.select_related("criterion").order_by("order", "id")
        ],
        requirements=[
            RequirementView(
                requirement=r,
                declared=bool((responses.get(str(r.pk)) or {}).get("fulfilled")),
                comment=(responses.get(str(r.pk)) or {}).get("comment", ""),
                files=files_for("requirement", r.pk),
                check=checks.get(r.pk),
            )
            for r in procurement.requirements.order_by("order", "id")
        ],
        partnership=content.get("partnership", ""),
        contact={**{"name": "", "email": "", "phone": ""}, **(content.get("contact") or {})},
        other_files=files_for("tender", None),
        clarifications=[
            ClarificationView(c, "", hidden=True)
            if c.about_price and not show_prices
            else ClarificationView(c, replies.get(c.pk, ""))
            for c in rows
        ],
        qualification=Qualification.objects.filter(tender=tender)
        .select_related("decided_by")
        .first(),
        external_submitted_at=content.get("external_submitted_at"),
        prices_hidden=not show_prices,
    )


def _tender_url(procurement: Procurement, tender: Tender, anchor: str = "") -> str:
    url = reverse("tenders:qualify_tender", args=[procurement.pk, tender.pk])
    return f"{url}#{anchor}" if anchor else url


def _tender_page(
    request: AuthenticatedRequest,
    procurement: Procurement,
    tender: Tender,
    *,
    bound: dict[str, Any] | None = None,
    problems: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    bound = bound or {}
    view = tender_view(procurement, tender, show_prices=can_see_prices(request.actor, procurement))
    requirements = [r.requirement for r in view.requirements]
    decision_forms = {}
    for row in view.requirements:
        key = f"req-{row.requirement.pk}"
        if key in bound:
            decision_forms[row.requirement.pk] = bound[key]
        else:
            initial = (
                {"decision": row.check.decision, "reason": row.check.reason} if row.check else {}
            )
            decision_forms[row.requirement.pk] = DecisionForm(
                requirement_id=row.requirement.pk, initial=initial
            )
    error_form = next((f for f in bound.values() if f.errors), None)
    return render(
        request,
        "tenders/buyer/tender.html",
        {
            "procurement": procurement,
            "view": view,
            "tender": tender,
            "rows": [(row, decision_forms[row.requirement.pk]) for row in view.requirements],
            "clarification_form": bound.get("clarification")
            or ClarificationForm(requirements=requirements),
            "low_price_form": bound.get("low_price") or LowPriceForm(),
            "error_form": error_form,
            "problems": problems or [],
            "qualifying": procurement.status == ProcurementStatus.OPENED,
            "crumbs": _crumbs(
                procurement,
                (
                    gettext_lazy("Qualification"),
                    reverse("tenders:qualification", args=[procurement.pk]),
                ),
                (tender.organisation.name, ""),
            ),
        },
        status=status,
    )


@login_required
@require_safe
def qualify_tender(request: AuthenticatedRequest, procurement_id: int, tender_id: int):
    procurement, tender = get_tender(request.actor, procurement_id, tender_id)
    return _tender_page(request, procurement, tender)


def get_requirement(procurement: Procurement, requirement_id: int) -> Requirement:
    requirement = procurement.requirements.filter(pk=requirement_id).first()
    if requirement is None:
        raise Http404
    return requirement


@login_required
@require_POST
def decide(
    request: AuthenticatedRequest, procurement_id: int, tender_id: int, requirement_id: int
) -> HttpResponse:
    procurement, tender = get_tender(request.actor, procurement_id, tender_id)
    requirement = get_requirement(procurement, requirement_id)
    form = DecisionForm(request.POST, requirement_id=requirement.pk)
    if form.is_valid():
        try:
            services.decide_requirement(
                actor=request.actor,
                tender=tender,
                requirement=requirement,
                fulfilled=form.fulfilled,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(code)s: assessment saved.") % {"code": requirement.code},
            )
            return redirect(_tender_url(procurement, tender, f"requirement-{requirement.pk}"))
    return _tender_page(
        request, procurement, tender, bound={f"req-{requirement.pk}": form}, status=400
    )


@login_required
@require_POST
def clarify(request: AuthenticatedRequest, procurement_id: int, tender_id: int) -> HttpResponse:
    procurement, tender = get_tender(request.actor, procurement_id, tender_id)
    requirements = list(procurement.requirements.order_by("order", "id"))
    form = ClarificationForm(request.POST, requirements=requirements)
    if form.is_valid():
        data = form.cleaned_data
        chosen = next((r for r in requirements if r.pk == data["requirement"]), None)
        try:
            services.request_clarification(
                actor=request.actor,
                tender=tender,
                question=data["question"],
                deadline=data["deadline"],
                requirement=chosen,
                about_price=data["about_price"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The clarification request is sent to the tenderer."))
            return redirect(_tender_url(procurement, tender, "clarifications"))
    return _tender_page(request, procurement, tender, bound={"clarification": form}, status=400)


@login_required
@require_POST
def conclude(request: AuthenticatedRequest, procurement_id: int, tender_id: int) -> HttpResponse:
    procurement, tender = get_tender(request.actor, procurement_id, tender_id)
    try:
        outcome = services.conclude(actor=request.actor, tender=tender)
    except ValidationError as error:
        return _tender_page(request, procurement, tender, problems=error.messages, status=400)
    messages.success(
        request,
        _("The qualification is concluded: %(outcome)s.")
        % {"outcome": outcome.get_outcome_display()},
    )
    return redirect(_tender_url(procurement, tender, "outcome"))


@login_required
@require_POST
def reject_low_price(
    request: AuthenticatedRequest, procurement_id: int, tender_id: int
) -> HttpResponse:
    procurement, tender = get_tender(request.actor, procurement_id, tender_id)
    form = LowPriceForm(request.POST)
    if form.is_valid():
        try:
            services.conclude(
                actor=request.actor,
                tender=tender,
                reject_low_price_reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The tender is rejected as abnormally low."))
            return redirect(_tender_url(procurement, tender, "outcome"))
    return _tender_page(request, procurement, tender, bound={"low_price": form}, status=400)


@login_required
@require_POST
def reopen(request: AuthenticatedRequest, procurement_id: int, tender_id: int) -> HttpResponse:
    procurement, tender = get_tender(request.actor, procurement_id, tender_id)
    try:
        services.reopen_qualification(actor=request.actor, tender=tender)
    except ValidationError as error:
        return _tender_page(request, procurement, tender, problems=error.messages, status=400)
    messages.success(request, _("The qualification of the tender is reopened."))
    return redirect(_tender_url(procurement, tender, "outcome"))


def get_submitted_attachment(
    procurement: Procurement, tender: Tender, attachment_id: int
) -> Attachment:
    """A file of the submitted version that counts; 404 for any other file (a draft's file that
    was never submitted, another tender's)."""
    submission = tender.opened.submission
    submission.tender = tender
    listed = {a["id"] for a in submitted_files(services.read_submission(submission))}
    if attachment_id not in listed:
        raise Http404
    attachment = tender.attachments.filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404
    return attachment


def attachment_response(procurement: Procurement, attachment: Attachment) -> FileResponse:
    name, data = services.read_attachment(attachment, procurement.pk)
    response = FileResponse(
        io.BytesIO(data), as_attachment=True, filename=name, content_type=attachment.content_type
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_safe
def attachment(
    request: AuthenticatedRequest, procurement_id: int, tender_id: int, attachment_id: int
) -> FileResponse:
    procurement, tender = get_tender(request.actor, procurement_id, tender_id)
    return attachment_response(
        procurement, get_submitted_attachment(procurement, tender, attachment_id)
    )


# --- tenders received through another e-procurement system ------------------------------------


def workbook_response(procurement: Procurement) -> HttpResponse:
    response = HttpResponse(workbook.build_workbook(procurement), content_type=XLSX)
    name = slugify(f"anbud {procurement.reference_number}") or "anbud"
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


def read_import_files(workbook_file, original_files) -> tuple[bytes, list[tuple[str, bytes]]]:
    from rodtrad.tenders.views.provider import read_upload

    return read_upload(workbook_file), [(f.name, read_upload(f)) for f in original_files]


def _import_page(
    request: AuthenticatedRequest,
    procurement: Procurement,
    *,
    form: ImportForm | None = None,
    problems: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    allowed = can_import(request.actor, procurement)
    return render(
        request,
        "tenders/buyer/import.html",
        {
            "procurement": procurement,
            "form": form or ImportForm(),
            "can_import": allowed,
            "deadline_passed": services.deadline_passed(procurement),
            "can_qualify": permissions.can_handle_opened(request.actor, procurement),
            "problems": problems or [],
            "crumbs": _crumbs(procurement, (gettext_lazy("Register tenders"), "")),
        },
        status=status,
    )


@login_required
def import_tenders(request: AuthenticatedRequest, procurement_id: int) -> HttpResponse:
    procurement = get_importing(request.actor, procurement_id)
    load_opening(procurement)
    if request.method != "POST":
        return _import_page(request, procurement)
    if not can_import(request.actor, procurement):
        raise PermissionDenied
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _import_page(request, procurement, form=form, status=400)
    try:
        data, originals = read_import_files(
            form.cleaned_data["workbook"], form.cleaned_data["originals"]
        )
        opened = services.import_external_tender(
            actor=request.actor, procurement=procurement, workbook=data, attachments=originals
        )
    except ValidationError as error:
        return _import_page(request, procurement, form=form, problems=error.messages, status=400)
    messages.success(
        request,
        _("The tender from %(name)s is registered.") % {"name": opened.tender.organisation.name},
    )
    return redirect("tenders:import", procurement.pk)


@login_required
@require_safe
def import_workbook(request: AuthenticatedRequest, procurement_id: int) -> HttpResponse:
    procurement = get_importing(request.actor, procurement_id)
    return workbook_response(procurement)
