"""The provider's side of a tender: the organisation's own tenders, starting one, the draft
(with a revision against lost updates), attachments, completeness, submitting with a receipt,
withdrawing, the receipts and replies to clarification requests.

The same permission functions, reads and services as the pages (rodtrad/tenders/views/provider.py):
a tender of another organisation is not found (404) for everyone – competitors and the buyer
alike – and a member who may only read gets 403 on writes. No business logic here.
No `from __future__ import annotations` (django-ninja resolves endpoint annotations at runtime).
"""

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import PageNumberPagination, paginate
from pydantic import ConfigDict

from rodtrad.accounts.models import Organisation
from rodtrad.api.auth import actor_of
from rodtrad.api.errors import ApiError
from rodtrad.api.schemas import ERRORS
from rodtrad.tenders import permissions, services
from rodtrad.tenders.models import Clarification, Submission, Tender
from rodtrad.tenders.views import provider as reads

router = Router(tags=["tenders (provider)"])

ERRORS_409 = {**ERRORS, 409: ERRORS[400]}


# --- schemas ----------------------------------------------------------------------------------


class TenderSummaryOut(Schema):
    id: int
    procurement_id: int
    procurement_title: str = Field(..., description="As published in the latest version")
    procurement_reference: str
    buyer_name: str
    organisation_id: int
    organisation_name: str
    status: str = Field(..., description="draft, submitted or withdrawn")
    tender_deadline: datetime | None
    latest_version: int | None = Field(None, description="The latest submitted version")
    counting_version: int | None = Field(
        None, description="The submitted version that counts (none when withdrawn or a draft)"
    )


class RequirementResponse(Schema):
    fulfilled: bool = False
    comment: str = ""


class Contact(Schema):
    name: str = ""
    email: str = ""
    phone: str = ""


class Draft(Schema):
    lots: list[int] = Field(..., description="The lots tendered for (ids)")
    prices: dict[str, str] = Field(..., description="Price per lot id, in the price unit")
    answers: dict[str, str] = Field(..., description="Answer per award criterion id")
    requirements: dict[str, RequirementResponse] = Field(
        ..., description="Response per mandatory requirement id"
    )
    partnership: str
    contact: Contact


class DraftPatchIn(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "revision": 3,
                    "prices": {"1": "2150.00"},
                    "answers": {
                        "21": (
                            "Varje boende är med och tar fram sin genomförandeplan inom två veckor "
                            "från inflyttningen och bestämmer själv över sina dagliga rutiner."
                        )
                    },
                    "requirements": {"1": {"fulfilled": True, "comment": "IVO:s beslut bifogas."}},
                }
            ]
        }
    )

    revision: int = Field(..., description="The revision you read; a newer one gives 409")
    lots: list[int] | None = Field(None, description="The lots you tender for (ids)")
    prices: dict[str, str] | None = Field(
        None, description='Price per lot id as text, in SEK with öre, e.g. {"12": "2100.50"}'
    )
    answers: dict[str, str] | None = Field(None, description="Answer per award criterion id")
    requirements: dict[str, RequirementResponse] | None = Field(
        None, description="Declaration per mandatory requirement id"
    )
    partnership: str | None = None
    contact: Contact | None = None


class AttachmentOut(Schema):
    id: int
    purpose: str = Field(..., description="criterion, requirement or tender")
    ref: int | None = Field(None, description="The award criterion's or requirement's id")
    name: str
    content_type: str
    size: int
    sha256: str
    uploaded_at: datetime


class MissingOut(Schema):
    section: str = Field(
        ..., description="lots, price, answer, requirement, evidence, partnership or contact"
    )
    ref: int | None
    message: str


class CompletenessOut(Schema):
    complete: bool
    missing: list[MissingOut]


class ReceiptOut(Schema):
    number: int
    submitted_at: datetime = Field(..., description="Server time")
    submitted_by: str
    receipt_hash: str = Field(..., description="SHA-256 over the content and the attachments")
    counts: bool = Field(..., description="This is the version that counts")


class ReceiptDetailOut(ReceiptOut):
    content: dict[str, Any] = Field(..., description="What the version contained")


class ProviderClarificationOut(Schema):
    id: int
    requirement_code: str | None
    about_price: bool
    question: str
    asked_at: datetime
    deadline: datetime
    replied_at: datetime | None
    reply: str


class TenderOut(TenderSummaryOut):
    revision: int = Field(..., description="The draft revision; send it back when you change it")
    draft_updated_at: datetime
    draft: Draft
    attachments: list[AttachmentOut]
    missing: list[MissingOut]
    versions: list[ReceiptOut]
    clarifications: list[ProviderClarificationOut]
    can_write: bool
    deadline_passed: bool


class TenderStartIn(Schema):
    model_config = ConfigDict(json_schema_extra={"examples": [{"organisation_id": 2}]})

    organisation_id: int | None = Field(
        None, description="Your provider organisation; may be left out if you have only one"
    )


class ReplyIn(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "text": (
                        "IVO:s beslut om tillstånd (dnr 3.5.1-24817/2026) är nu uppladdat som "
                        "bilaga till kravet."
                    )
                }
            ]
        }
    )

    text: str = Field(..., max_length=10000)


# --- helpers ----------------------------------------------------------------------------------


def _summary(tender: Tender, versions: list[Submission], title: str, reference: str):
    counting = reads.counting_submission(tender, versions)
    return {
        "id": tender.pk,
        "procurement_id": tender.procurement_id,
        "procurement_title": title,
        "procurement_reference": reference,
        "buyer_name": tender.procurement.buyer.name,
        "organisation_id": tender.organisation_id,
        "organisation_name": tender.organisation.name,
        "status": tender.status,
        "tender_deadline": tender.procurement.tender_deadline,
        "latest_version": versions[-1].number if versions else None,
        "counting_version": counting.number if counting else None,
    }


def _receipt(submission: Submission, counting: Submission | None) -> ReceiptOut:
    by = submission.submitted_by
    return ReceiptOut(
        number=submission.number,
        submitted_at=submission.submitted_at,
        submitted_by=by.full_name or by.email,
        receipt_hash=submission.receipt_hash,
        counts=counting is not None and counting.pk == submission.pk,
    )


def _attachment(view: reads.AttachmentView) -> AttachmentOut:
    return AttachmentOut(
        id=view.pk,
        purpose=view.purpose,
        ref=view.ref,
        name=view.name,
        content_type=view.content_type,
        size=view.size,
        sha256=view.sha256,
        uploaded_at=view.uploaded_at,
    )


def _missing(tender: Tender, draft: dict[str, Any], rows) -> list[MissingOut]:
    return [
        MissingOut(section=m.section, ref=m.ref, message=m.message)
        for m in services.missing_items(tender.procurement, draft, rows)
    ]


def _clarification(c: Clarification, replies: dict[int, str]) -> ProviderClarificationOut:
    return ProviderClarificationOut(
        id=c.pk,
        requirement_code=c.requirement.code if c.requirement else None,
        about_price=c.about_price,
        question=c.question,
        asked_at=c.asked_at,
        deadline=c.deadline,
        replied_at=c.replied_at,
        reply=replies.get(c.pk, ""),
    )


def _tender_out(request: HttpRequest, tender: Tender) -> TenderOut:
    actor = actor_of(request)
    tender.refresh_from_db(fields=["status", "draft_revision", "draft_updated_at", "sealed_draft"])
    pub = reads.published(tender.procurement)
    draft = services.read_draft(tender)
    rows, files = reads.current_attachments(tender)
    versions = reads.submissions_of(tender)
    counting = reads.counting_submission(tender, versions)
    clarifications, replies = reads.clarifications_of(tender)
    return TenderOut(
        **_summary(tender, versions, pub.title, pub.reference),
        revision=tender.draft_revision,
        draft_updated_at=tender.draft_updated_at,
        draft=Draft(
            lots=[int(x) for x in draft.get("lots", [])],
            prices={str(k): str(v) for k, v in (draft.get("prices") or {}).items()},
            answers=dict(draft.get("answers") or {}),
            requirements={
                str(k): RequirementResponse(**(v or {}))
                for k, v in (draft.get("requirements") or {}).items()
            },
            partnership=draft.get("partnership") or "",
            contact=Contact(**(draft.get("contact") or {})),
        ),
        attachments=[_attachment(a) for a in files],
        missing=_missing(tender, draft, rows),
        versions=[_receipt(s, counting) for s in versions],
        clarifications=[_clarification(c, replies) for c in clarifications],
        can_write=permissions.can_write(actor, tender.organisation_id),
        deadline_passed=services.deadline_passed(tender.procurement),
    )


def _choose(candidates: list[Organisation], organisation_id: int | None) -> Organisation:
    if not candidates:
        raise PermissionDenied
    if organisation_id is None and len(candidates) == 1:
        return candidates[0]
    for organisation in candidates:
        if organisation.pk == organisation_id:
            return organisation
    raise ValidationError(
        {"organisation_id": [_("Choose one of your provider organisations that may do this.")]}
    )


# --- the organisation's tenders ---------------------------------------------------------------


@router.get("/tenders", response={200: list[TenderSummaryOut], **ERRORS})
@paginate(PageNumberPagination)
def list_own_tenders(request: HttpRequest):
    """Every tender of your provider organisations (drafts, submitted and withdrawn), newest
    first. Only your own organisations' tenders are ever listed."""
    actor = actor_of(request)
    if not reads.readable_organisation_ids(actor):
        raise Http404
    return [
        TenderSummaryOut(
            **_summary(
                t,
                list(getattr(t, "versions", [])),
                getattr(t, "published_title", "") or "",
                getattr(t, "published_reference", "") or "",
            )
        )
        for t in reads.own_tenders(actor)
    ]


@router.post(
    "/market/procurements/{procurement_id}/tender",
    response={200: TenderOut, 201: TenderOut, **ERRORS},
)
def start_tender(request: HttpRequest, procurement_id: int, payload: TenderStartIn):
    """Start your organisation's tender for a published procurement (201), or get the one it
    already has (200). Before the deadline only."""
    actor = actor_of(request)
    procurement = reads.get_procurement_for_tendering(actor, procurement_id)
    organisation = _choose(reads.startable_organisations(actor), payload.organisation_id)
    existed = Tender.objects.filter(procurement=procurement, organisation=organisation).exists()
    tender = services.start_tender(actor=actor, procurement=procurement, organisation=organisation)
    tender = permissions.get_own_tender(actor, tender.pk)
    return Status(200 if existed else 201, _tender_out(request, tender))


@router.get("/tenders/{tender_id}", response={200: TenderOut, **ERRORS})
def get_own_tender(request: HttpRequest, tender_id: int):
    """The tender: its draft and revision, files, what is missing, the submitted versions with
    their receipts, and the buyer's clarification requests."""
    tender = permissions.get_own_tender(actor_of(request), tender_id)
    return _tender_out(request, tender)


@router.patch("/tenders/{tender_id}/draft", response={200: TenderOut, **ERRORS_409})
def patch_draft(request: HttpRequest, tender_id: int, payload: DraftPatchIn):
    """Change parts of the draft: only the fields you send change (answers and requirements
    per id). Send the `revision` you read: if someone at your organisation saved since, the
    answer is 409 and nothing is saved."""
    actor = actor_of(request)
    tender = permissions.get_own_tender_for_writing(actor, tender_id)
    changes = payload.model_dump(exclude_unset=True, exclude={"revision"})
    changes = {key: value for key, value in changes.items() if value is not None}
    try:
        services.save_draft(actor=actor, tender=tender, changes=changes, revision=payload.revision)
    except services.DraftConflict as conflict:
        tender.refresh_from_db(fields=["draft_revision"])
        raise ApiError(
            409,
            "conflict",
            conflict.messages[0],
            details=[{"field": "revision", "message": str(tender.draft_revision)}],
        ) from None
    return _tender_out(request, tender)


# --- attachments ------------------------------------------------------------------------------


@router.get("/tenders/{tender_id}/attachments", response={200: list[AttachmentOut], **ERRORS})
def list_attachments(request: HttpRequest, tender_id: int):
    """The draft's files (removed ones are not listed; submitted versions keep theirs)."""
    tender = permissions.get_own_tender(actor_of(request), tender_id)
    _rows, files = reads.current_attachments(tender)
    return [_attachment(a) for a in files]


@router.post("/tenders/{tender_id}/attachments", response={201: AttachmentOut, **ERRORS})
def upload_attachment(
    request: HttpRequest,
    tender_id: int,
    purpose: Form[str],
    file: File[UploadedFile],
    ref: Form[int | None] = None,
):
    """Attach a file (multipart/form-data: `purpose` criterion or requirement, `ref` the award
    criterion's or requirement's id, `file`). PDF, DOCX, ODT, XLSX, PNG or JPEG, checked by
    the content, within the size limits per file and per tender; a refused file gets a
    message that says why."""
    actor = actor_of(request)
    tender = permissions.get_own_tender_for_writing(actor, tender_id)
    data = reads.read_upload(file)
    attachment = services.add_attachment(
        actor=actor,
        tender=tender,
        purpose=purpose,
        ref=ref,
        data=data,
        name=file.name or "",
    )
    _rows, files = reads.current_attachments(tender)
    return Status(201, _attachment(next(a for a in files if a.pk == attachment.pk)))


@router.delete("/tenders/{tender_id}/attachments/{attachment_id}", response={204: None, **ERRORS})
def remove_attachment(request: HttpRequest, tender_id: int, attachment_id: int):
    """Remove a file from the draft (versions already submitted keep it)."""
    actor = actor_of(request)
    tender = permissions.get_own_tender_for_writing(actor, tender_id)
    attachment = reads.get_attachment(tender, attachment_id, current=True)
    services.remove_attachment(actor=actor, tender=tender, attachment=attachment)
    return Status(204, None)


@router.get(
    "/tenders/{tender_id}/attachments/{attachment_id}/download", response={200: None, **ERRORS}
)
def download_attachment(request: HttpRequest, tender_id: int, attachment_id: int) -> FileResponse:
    """The file itself, as it was uploaded, with its safe name."""
    tender = permissions.get_own_tender(actor_of(request), tender_id)
    return reads.attachment_response(tender, reads.get_attachment(tender, attachment_id))


# --- completeness, submitting, withdrawing ----------------------------------------------------


@router.get("/tenders/{tender_id}/completeness", response={200: CompletenessOut, **ERRORS})
def completeness(request: HttpRequest, tender_id: int):
    """What the saved draft still lacks before it can be submitted."""
    tender = permissions.get_own_tender(actor_of(request), tender_id)
    draft = services.read_draft(tender)
    rows = list(tender.attachments.filter(removed_at__isnull=True))
    missing = _missing(tender, draft, rows)
    return CompletenessOut(complete=not missing, missing=missing)


@router.post("/tenders/{tender_id}/submit", response={201: ReceiptOut, **ERRORS})
def submit_tender(request: HttpRequest, tender_id: int):
    """Submit the saved draft as a new version, with its receipt (server time and SHA-256),
    which is also e-mailed. A new version replaces the one before; all are kept. Refused
    with the list of what is missing, and after the deadline (the attempt is recorded)."""
    actor = actor_of(request)
    tender = permissions.get_own_tender_for_writing(actor, tender_id)
    submission = services.submit(actor=actor, tender=tender)
    return Status(201, _receipt(submission, submission))


@router.post("/tenders/{tender_id}/withdraw", response={200: TenderSummaryOut, **ERRORS})
def withdraw(request: HttpRequest, tender_id: int):
    """Withdraw the submitted tender before the deadline: no version counts until you submit
    again. Refused after the deadline (the attempt is recorded)."""
    actor = actor_of(request)
    tender = permissions.get_own_tender_for_writing(actor, tender_id)
    services.withdraw(actor=actor, tender=tender)
    tender.refresh_from_db(fields=["status", "withdrawn_at"])
    versions = reads.submissions_of(tender)
    pub = reads.published(tender.procurement)
    return TenderSummaryOut(**_summary(tender, versions, pub.title, pub.reference))


# --- receipts and clarifications --------------------------------------------------------------


@router.get("/tenders/{tender_id}/receipts", response={200: list[ReceiptOut], **ERRORS})
def receipts(request: HttpRequest, tender_id: int):
    """Every submitted version's receipt, oldest first."""
    tender = permissions.get_own_tender(actor_of(request), tender_id)
    versions = reads.submissions_of(tender)
    counting = reads.counting_submission(tender, versions)
    return [_receipt(s, counting) for s in versions]


@router.get("/tenders/{tender_id}/receipts/{number}", response={200: ReceiptDetailOut, **ERRORS})
def receipt(request: HttpRequest, tender_id: int, number: int):
    """One version's receipt and what it contained (with each attachment's SHA-256)."""
    tender = permissions.get_own_tender(actor_of(request), tender_id)
    versions = reads.submissions_of(tender)
    submission = next((s for s in versions if s.number == number), None)
    if submission is None:
        raise Http404
    full = tender.submissions.get(pk=submission.pk)
    full.tender = tender
    counting = reads.counting_submission(tender, versions)
    return ReceiptDetailOut(
        **_receipt(submission, counting).model_dump(), content=services.read_submission(full)
    )


@router.post(
    "/tenders/{tender_id}/clarifications/{clarification_id}/reply",
    response={200: ProviderClarificationOut, **ERRORS},
)
def reply(request: HttpRequest, tender_id: int, clarification_id: int, payload: ReplyIn):
    """Reply to the buyer's clarification request. The reply is kept with the tender as a
    clarification; it cannot change the tender."""
    actor = actor_of(request)
    tender = permissions.get_own_tender_for_writing(actor, tender_id)
    clarification = reads.get_clarification(tender, clarification_id)
    clarification = services.reply_clarification(
        actor=actor, clarification=clarification, text=payload.text
    )
    return _clarification(
        clarification, services.clarification_replies([clarification], tender.procurement_id)
    )
