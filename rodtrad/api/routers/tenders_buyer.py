"""Tenders, the buyer's side: the opening (two different openers, the record and its PDF), the
opened tenders and their qualification (requirement decisions, clarification requests,
conclusion, reopening, completing the qualification), and the import of tenders received
through another e-procurement system.

The same accessors and services as the pages (rodtrad/tenders/views/buyer.py): the procurement
is 404 outside the buyer side; before the opening is confirmed every tender endpoint is 404 and
the opening status reveals nothing about tenders (no names, no count); after it the tenders are
for the team's procurement officers and the buyer's administrators (403 for the rest of the
buyer side).
No `from __future__ import annotations` (django-ninja resolves endpoint annotations at runtime).
"""

from datetime import datetime

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, File, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import ConfigDict

from rodtrad.api.auth import actor_of
from rodtrad.api.schemas import ERRORS
from rodtrad.evaluations.permissions import can_see_prices
from rodtrad.tenders import services
from rodtrad.tenders.models import Qualification, RequirementCheck
from rodtrad.tenders.views import buyer as reads

router = Router(tags=["tenders (buyer)"])

ERRORS_204 = {204: None, **ERRORS}


# --- schemas ------------------------------------------------------------------------------------


class RecordRowOut(Schema):
    position: int
    tenderer: str
    organisation_number: str
    submitted_at: datetime | str
    version: int
    receipt_hash: str
    source: str


class LateAttemptOut(Schema):
    tenderer: str
    organisation_number: str
    action: str
    at: str


class OpeningOut(Schema):
    """`tenders` and `late` are null until the opening is confirmed, and for those who may not
    read the record; nothing else here says anything about tenders."""

    procurement_id: int
    stage: str = Field(..., description="elsewhere, before_deadline, ready, started or opened")
    tender_deadline: datetime | None
    started_by: str | None
    started_at: datetime | None
    confirmed_by: str | None
    confirmed_at: datetime | None
    can_start: bool
    can_confirm: bool
    record_sha256: str | None
    tenders: list[RecordRowOut] | None
    late: list[LateAttemptOut] | None


class OpenedTenderOut(Schema):
    id: int
    position: int
    tenderer: str
    organisation_number: str
    source: str
    submitted_at: datetime
    receipt_hash: str
    requirements_assessed: int
    requirements_total: int
    open_clarifications: int
    status: str = Field(
        ...,
        description="not_started, in_progress, qualified, disqualified or rejected_low_price",
    )


class FileOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    sha256: str


class PriceOut(Schema):
    lot_id: int
    lot_number: int
    price: str


class AnswerOut(Schema):
    award_criterion_id: int
    code: str
    name: str
    question: str
    text: str
    files: list[FileOut]


class RequirementCheckOut(Schema):
    requirement_id: int
    decision: str
    reason: str
    decided_by: str
    decided_at: datetime


class DeclaredRequirementOut(Schema):
    requirement_id: int
    code: str
    title: str
    declared_fulfilled: bool
    comment: str
    files: list[FileOut]
    check: RequirementCheckOut | None


class BuyerClarificationOut(Schema):
    id: int
    requirement_id: int | None
    about_price: bool
    question: str
    deadline: datetime
    asked_by: str
    asked_at: datetime
    reply: str | None
    replied_at: datetime | None


class QualificationOut(Schema):
    outcome: str
    reasons: list[str]
    decided_by: str
    decided_at: datetime


class ContactOut(Schema):
    name: str
    email: str
    phone: str


class BuyerTenderOut(Schema):
    id: int
    tenderer: str
    organisation_number: str
    source: str
    version: int
    submitted_at: datetime
    receipt_hash: str
    prices: list[PriceOut] = Field(
        ..., description="Empty while the price envelope is closed for you (prices_hidden)"
    )
    prices_hidden: bool
    answers: list[AnswerOut]
    requirements: list[DeclaredRequirementOut]
    partnership: str
    contact: ContactOut
    files: list[FileOut]
    clarifications: list[BuyerClarificationOut]
    qualification: QualificationOut | None


class RequirementDecisionIn(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "fulfilled": False,
                    "reason": (
                        "Anbudet visar inte tillstånd från IVO eller att en ansökan lämnats före "
                        "anbudstidens slut."
                    ),
                }
            ]
        }
    )

    fulfilled: bool
    reason: str = Field("", max_length=4000, description="Required when not fulfilled")


class ClarificationIn(Schema):
    """A time without a zone offset is read as Swedish time (Europe/Stockholm)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "question": (
                        "Bifoga IVO:s beslut om tillstånd att bedriva särskilt boende, som "
                        "anbudet hänvisar till."
                    ),
                    "deadline": "2027-03-19T12:00:00+01:00",
                    "requirement_id": 1,
                }
            ]
        }
    )

    question: str = Field(..., max_length=4000)
    deadline: datetime = Field(..., examples=["2026-07-01T12:00:00+02:00"])
    requirement_id: int | None = None
    about_price: bool = False


class ConcludeIn(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "reject_low_price_reason": (
                        "Anbudsgivaren har inte kunnat förklara hur priset 1 450 kr per "
                        "boendedygn räcker till den bemanning dygnet runt som uppdraget kräver."
                    )
                }
            ]
        }
    )

    reject_low_price_reason: str = Field(
        "",
        max_length=4000,
        description="Reject as abnormally low (only after a clarification about the price)",
    )


class ProcurementStatusOut(Schema):
    id: int
    status: str


# --- helpers ------------------------------------------------------------------------------------


def _opening(actor, procurement, opening) -> OpeningOut:
    state = reads.opening_state(actor, procurement, opening)
    readable = state.can_read_record
    return OpeningOut(
        procurement_id=procurement.pk,
        stage=state.stage,
        tender_deadline=procurement.tender_deadline,
        started_by=opening.started_by.full_name if opening else None,
        started_at=opening.started_at if opening else None,
        confirmed_by=opening.confirmed_by.full_name if opening and opening.confirmed_by else None,
        confirmed_at=opening.confirmed_at if opening else None,
        can_start=state.can_start,
        can_confirm=state.can_confirm,
        record_sha256=(opening.record_sha256 or None) if readable and opening else None,
        tenders=[RecordRowOut(**vars(row)) for row in state.rows] if readable else None,
        late=[
            LateAttemptOut(
                tenderer=a["tenderer"],
                organisation_number=a["organisation_number"],
                action=a["action"],
                at=a["at"],
            )
            for a in state.late
        ]
        if readable
        else None,
    )


def _file(f: reads.FileView) -> FileOut:
    return FileOut(id=f.pk, name=f.name, content_type=f.content_type, size=f.size, sha256=f.sha256)


def _check(c: RequirementCheck) -> RequirementCheckOut:
    return RequirementCheckOut(
        requirement_id=c.requirement_id,
        decision=c.decision,
        reason=c.reason,
        decided_by=c.decided_by.full_name,
        decided_at=c.decided_at,
    )


def _qualification(q: Qualification) -> QualificationOut:
    return QualificationOut(
        outcome=q.outcome,
        reasons=list(q.reasons),
        decided_by=q.decided_by.full_name,
        decided_at=q.decided_at,
    )


def _summary(row: reads.OverviewRow) -> OpenedTenderOut:
    o = row.opened
    return OpenedTenderOut(
        id=o.tender_id,
        position=o.position,
        tenderer=o.tender.organisation.name,
        organisation_number=o.tender.organisation.organisation_number,
        source=o.tender.source,
        submitted_at=o.submission.submitted_at,
        receipt_hash=o.submission.receipt_hash,
        requirements_assessed=row.assessed,
        requirements_total=len(row.cells),
        open_clarifications=row.open_clarifications,
        status=row.status,
    )


def _tender(actor, procurement, tender) -> BuyerTenderOut:
    view = reads.tender_view(procurement, tender, show_prices=can_see_prices(actor, procurement))
    return BuyerTenderOut(
        id=tender.pk,
        tenderer=tender.organisation.name,
        organisation_number=tender.organisation.organisation_number,
        source=tender.source,
        version=view.submission.number,
        submitted_at=view.submission.submitted_at,
        receipt_hash=view.submission.receipt_hash,
        prices=[
            PriceOut(lot_id=p.lot.pk, lot_number=p.lot.number, price=p.price) for p in view.prices
        ],
        prices_hidden=view.prices_hidden,
        answers=[
            AnswerOut(
                award_criterion_id=a.award.pk,
                code=a.award.criterion.code,
                name=a.award.criterion.name,
                question=a.award.question,
                text=a.text,
                files=[_file(f) for f in a.files],
            )
            for a in view.answers
        ],
        requirements=[
            DeclaredRequirementOut(
                requirement_id=r.requirement.pk,
                code=r.requirement.code,
                title=r.requirement.title,
                declared_fulfilled=r.declared,
                comment=r.comment,
                files=[_file(f) for f in r.files],
                check=_check(r.check) if r.check else None,
            )
            for r in view.requirements
        ],
        partnership=view.partnership,
        contact=ContactOut(
            **{k: str(view.contact.get(k) or "") for k in ("name", "email", "phone")}
        ),
        files=[_file(f) for f in view.other_files],
        clarifications=[
            BuyerClarificationOut(
                id=c.clarification.pk,
                requirement_id=c.clarification.requirement_id,
                about_price=c.clarification.about_price,
                question="" if c.hidden else c.clarification.question,
                deadline=c.clarification.deadline,
                asked_by=c.clarification.asked_by.full_name,
                asked_at=c.clarification.asked_at,
                reply=c.reply if c.clarification.replied_at and not c.hidden else None,
                replied_at=c.clarification.replied_at,
            )
            for c in view.clarifications
        ],
        qualification=_qualification(view.qualification) if view.qualification else None,
    )


# --- the opening --------------------------------------------------------------------------------


@router.get("/procurements/{procurement_id}/opening", response={200: OpeningOut, **ERRORS})
def opening_status(request: HttpRequest, procurement_id: int):
    """Where the opening stands. Before the opening is confirmed nothing about the tenders
    is given – not who, not how many; after it the record for the openers and officers."""
    actor = actor_of(request)
    procurement, opening = reads.get_procurement(actor, procurement_id)
    return _opening(actor, procurement, opening)


@router.post("/procurements/{procurement_id}/opening/start", response={200: OpeningOut, **ERRORS})
def start_opening(request: HttpRequest, procurement_id: int):
    """The first appointed opener starts the opening, after the deadline."""
    actor = actor_of(request)
    procurement, _opening_row = reads.get_procurement(actor, procurement_id)
    services.start_opening(actor=actor, procurement=procurement)
    procurement, opening = reads.get_procurement(actor, procurement_id)
    return _opening(actor, procurement, opening)


@router.post("/procurements/{procurement_id}/opening/confirm", response={200: OpeningOut, **ERRORS})
def confirm_opening(request: HttpRequest, procurement_id: int):
    """A second, different opener confirms: all tenders are opened at once and the record is
    stored (data and PDF)."""
    actor = actor_of(request)
    procurement, _opening_row = reads.get_procurement(actor, procurement_id)
    services.confirm_opening(actor=actor, procurement=procurement)
    procurement, opening = reads.get_procurement(actor, procurement_id)
    return _opening(actor, procurement, opening)


@router.get("/procurements/{procurement_id}/opening/record.pdf", response={200: None, **ERRORS})
def opening_record(request: HttpRequest, procurement_id: int) -> HttpResponse:
    """The stored opening record (öppningsprotokoll) as a PDF."""
    return reads.opening_record_pdf(actor_of(request), procurement_id)


# --- qualification ------------------------------------------------------------------------------


@router.get(
    "/procurements/{procurement_id}/tenders", response={200: list[OpenedTenderOut], **ERRORS}
)
def list_opened_tenders(request: HttpRequest, procurement_id: int):
    """The opened tenders with their qualification status (404 before the opening)."""
    procurement, _opening_row = reads.get_qualifying(actor_of(request), procurement_id)
    return [_summary(row) for row in reads.qualification_overview(procurement).rows]


@router.get(
    "/procurements/{procurement_id}/tenders/{tender_id}", response={200: BuyerTenderOut, **ERRORS}
)
def get_opened_tender(request: HttpRequest, procurement_id: int, tender_id: int):
    """One opened tender as submitted (the version that counts), with its qualification."""
    actor = actor_of(request)
    procurement, tender = reads.get_tender(actor, procurement_id, tender_id)
    return _tender(actor, procurement, tender)


@router.get(
    "/procurements/{procurement_id}/tenders/{tender_id}/attachments/{attachment_id}",
    response={200: None, **ERRORS},
)
def get_attachment(request: HttpRequest, procurement_id: int, tender_id: int, attachment_id: int):
    """A file of the submitted tender (evidence, answers' files, original files)."""
    procurement, tender = reads.get_tender(actor_of(request), procurement_id, tender_id)
    return reads.attachment_response(
        procurement, reads.get_submitted_attachment(procurement, tender, attachment_id)
    )


@router.put(
    "/procurements/{procurement_id}/tenders/{tender_id}/requirements/{requirement_id}",
    response={200: RequirementCheckOut, **ERRORS},
)
def decide_requirement(
    request: HttpRequest,
    procurement_id: int,
    tender_id: int,
    requirement_id: int,
    payload: RequirementDecisionIn,
):
    """Fulfilled, or not fulfilled with a reason."""
    actor = actor_of(request)
    procurement, tender = reads.get_tender(actor, procurement_id, tender_id)
    requirement = reads.get_requirement(procurement, requirement_id)
    check = services.decide_requirement(
        actor=actor,
        tender=tender,
        requirement=requirement,
        fulfilled=payload.fulfilled,
        reason=payload.reason,
    )
    check.decided_by = actor.user  # type: ignore[assignment]
    return _check(check)


@router.post(
    "/procurements/{procurement_id}/tenders/{tender_id}/clarifications",
    response={201: BuyerClarificationOut, **ERRORS},
)
def request_clarification(
    request: HttpRequest, procurement_id: int, tender_id: int, payload: ClarificationIn
):
    """Ask the tenderer to clarify or complete evidence (never to change the tender), or to
    explain an abnormally low price (`about_price`), with a reply deadline."""
    actor = actor_of(request)
    procurement, tender = reads.get_tender(actor, procurement_id, tender_id)
    requirement = (
        reads.get_requirement(procurement, payload.requirement_id)
        if payload.requirement_id is not None
        else None
    )
    deadline = payload.deadline
    if timezone.is_naive(deadline):
        deadline = timezone.make_aware(deadline)
    clarification = services.request_clarification(
        actor=actor,
        tender=tender,
        question=payload.question,
        deadline=deadline,
        requirement=requirement,
        about_price=payload.about_price,
    )
    return Status(
        201,
        BuyerClarificationOut(
            id=clarification.pk,
            requirement_id=clarification.requirement_id,
            about_price=clarification.about_price,
            question=clarification.question,
            deadline=clarification.deadline,
            asked_by=actor.user.full_name if actor.user else "",
            asked_at=clarification.asked_at,
            reply=None,
            replied_at=None,
        ),
    )


@router.post(
    "/procurements/{procurement_id}/tenders/{tender_id}/conclude",
    response={200: QualificationOut, **ERRORS},
)
def conclude(request: HttpRequest, procurement_id: int, tender_id: int, payload: ConcludeIn):
    """Qualified when every requirement is fulfilled, otherwise disqualified with the reasons;
    or rejected as abnormally low with `reject_low_price_reason`."""
    actor = actor_of(request)
    _procurement, tender = reads.get_tender(actor, procurement_id, tender_id)
    qualification = services.conclude(
        actor=actor, tender=tender, reject_low_price_reason=payload.reject_low_price_reason
    )
    qualification.decided_by = actor.user  # type: ignore[assignment]
    return _qualification(qualification)


@router.post("/procurements/{procurement_id}/tenders/{tender_id}/reopen", response=ERRORS_204)
def reopen(request: HttpRequest, procurement_id: int, tender_id: int):
    """Undo a conclusion while the procurement is still qualifying."""
    actor = actor_of(request)
    _procurement, tender = reads.get_tender(actor, procurement_id, tender_id)
    services.reopen_qualification(actor=actor, tender=tender)
    return Status(204, None)


@router.post(
    "/procurements/{procurement_id}/qualification/complete",
    response={200: ProcurementStatusOut, **ERRORS},
)
def complete_qualification(request: HttpRequest, procurement_id: int):
    """Every opened tender concluded: the procurement moves on to evaluation."""
    actor = actor_of(request)
    procurement, _opening_row = reads.get_qualifying(actor, procurement_id)
    procurement = services.complete_qualification(actor=actor, procurement=procurement)
    return ProcurementStatusOut(id=procurement.pk, status=procurement.status)


# --- tenders received through another e-procurement system --------------------------------------


@router.get("/procurements/{procurement_id}/import/workbook", response={200: None, **ERRORS})
def import_workbook(request: HttpRequest, procurement_id: int) -> HttpResponse:
    """The workbook (XLSX) to fill in for one tender of this procurement (only when its tenders
    are received through another e-procurement system)."""
    procurement = reads.get_importing(actor_of(request), procurement_id)
    return reads.workbook_response(procurement)


@router.post("/procurements/{procurement_id}/import", response={201: OpenedTenderOut, **ERRORS})
def import_tender(
    request: HttpRequest,
    procurement_id: int,
    workbook: File[UploadedFile],
    files: File[list[UploadedFile]] = None,  # type: ignore[assignment]
):
    """Register a tender opened in the other system (multipart/form-data: `workbook`, and the
    original `files`). Every cell is checked; the errors name the row and column, and nothing
    is saved while anything is wrong."""
    actor = actor_of(request)
    procurement = reads.get_importing(actor, procurement_id)
    data, originals = reads.read_import_files(workbook, files or [])
    opened = services.import_external_tender(
        actor=actor, procurement=procurement, workbook=data, attachments=originals
    )
    procurement, _opening_row = reads.get_qualifying(actor, procurement_id)
    row = next(
        (r for r in reads.qualification_overview(procurement).rows if r.opened.pk == opened.pk),
        None,
    )
    if row is None:  # pragma: no cover - just created
        raise Http404
    return Status(201, _summary(row))
