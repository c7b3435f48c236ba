"""The provider's side of a tender (issue 5): start a tender from a published procurement, write
the draft (saved as you go with htmx, or with a plain Save), attachments, the completeness list,
submitting with a receipt, replacing and withdrawing before the deadline, the receipts, replies
to clarification requests, and the list of the organisation's own tenders.

Every page reaches a tender through `permissions.get_own_tender` (404 for everyone outside the
provider organisation, the buyer included) or `get_own_tender_for_writing` (403 for its members
who may only read). The procurement is shown as its latest published version (the snapshot);
the live rows give only the ids the draft is keyed by and the deadline the services enforce.
The reads here are shared with the API (rodtrad/api/routers/tenders_provider.py).
"""

from __future__ import annotations

import io
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import CharField, OuterRef, Prefetch, Subquery
from django.db.models.fields.json import KT
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rodtrad.accounts.actor import Actor
from rodtrad.accounts.models import Organisation
from rodtrad.common import clock
from rodtrad.common.forms import add_service_errors
from rodtrad.common.http import AuthenticatedRequest
from rodtrad.procurements import permissions as procurement_permissions
from rodtrad.procurements.models import DocumentVersion, Procurement, Verification
from rodtrad.tenders import permissions, services
from rodtrad.tenders.forms_provider import (
    DraftShape,
    ReplyForm,
    StartTenderForm,
    overlay,
    read_draft_changes,
    read_revision,
    section_of,
    sections,
)
from rodtrad.tenders.models import (
    Attachment,
    Clarification,
    Submission,
    Tender,
    TenderStatus,
)

# --- reads shared with the API ----------------------------------------------------------------


@dataclass(frozen=True)
class LotView:
    pk: int
    number: int
    title: str
    description: str


@dataclass(frozen=True)
class RequirementView:
    pk: int
    code: str
    title: str
    text: str
    minimum_level: str
    verification: str

    @property
    def needs_evidence(self) -> bool:
        return self.verification == Verification.ATTACHMENT


@dataclass(frozen=True)
class Published:
    """The procurement as a provider reads it: its latest published version, with the live ids
    the draft is keyed by (lots by number, requirements by code, criteria by their id)."""

    version: DocumentVersion
    doc: dict[str, Any]
    lots: list[LotView]
    criteria: list[dict[str, Any]]
    requirements: list[RequirementView]

    @property
    def shape(self) -> DraftShape:
        return DraftShape(
            lot_ids=[lot.pk for lot in self.lots],
            criterion_ids=[int(c["id"]) for c in self.criteria],
            requirement_ids=[r.pk for r in self.requirements],
        )

    @property
    def title(self) -> str:
        return str(self.doc["procurement"]["title"])

    @property
    def reference(self) -> str:
        return str(self.doc["procurement"]["reference_number"])

    @property
    def price_unit(self) -> str:
        return str(self.doc.get("evaluation", {}).get("price_unit") or "SEK")

    @property
    def partnership_question(self) -> str:
        return str(self.doc.get("partnership", {}).get("question") or "")


def latest_version(procurement: Procurement) -> DocumentVersion:
    """The latest published version (its snapshot, not the PDF). One query; 404 without."""
    version = procurement.document_versions.defer("pdf").order_by("-number").first()
    if version is None:
        raise Http404
    return version


def published(procurement: Procurement) -> Published:
    """Three queries: the latest version, the lots' ids, the requirements' ids."""
    version = latest_version(procurement)
    doc = version.snapshot
    lot_ids = dict(procurement.lots.values_list("number", "pk"))
    requirement_ids = dict(procurement.requirements.values_list("code", "pk"))
    return Published(
        version=version,
        doc=doc,
        lots=[
            LotView(
                pk=lot_ids[lot["number"]],
                number=lot["number"],
                title=lot.get("title", ""),
                description=lot.get("description", ""),
            )
            for lot in doc.get("lots", [])
            if lot["number"] in lot_ids
        ],
        criteria=list(doc.get("criteria", [])),
        requirements=[
            RequirementView(
                pk=requirement_ids[r["code"]],
                code=r["code"],
                title=r.get("title", ""),
                text=r.get("text", ""),
                minimum_level=r.get("minimum_level", ""),
                verification=r.get("verification", Verification.DECLARATION),
            )
            for r in doc.get("requirements", [])
            if r["code"] in requirement_ids
        ],
    )


@dataclass(frozen=True)
class AttachmentView:
    pk: int
    purpose: str
    ref: int | None
    name: str
    content_type: str
    size: int
    sha256: str
    uploaded_at: datetime

    @property
    def type_label(self) -> str:
        return file_type_label(self.content_type)


def file_type_label(content_type: str) -> str:
    return {
        "application/pdf": "PDF",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word (DOCX)",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel (XLSX)",
        "application/vnd.oasis.opendocument.text": "OpenDocument (ODT)",
        "image/png": "PNG",
        "image/jpeg": "JPEG",
    }.get(content_type, content_type)


def current_attachments(tender: Tender) -> tuple[list[Attachment], list[AttachmentView]]:
    """The draft's attachments (not removed), with their names. Two queries (the rows and the
    procurement's key), however many files there are."""
    rows = list(tender.attachments.filter(removed_at__isnull=True).order_by("id"))
    names = services.attachment_names(rows, tender.procurement_id) if rows else {}
    return rows, [
        AttachmentView(
            pk=a.pk,
            purpose=a.purpose,
            ref=a.ref,
            name=names[a.pk],
            content_type=a.content_type,
            size=a.size,
            sha256=a.sha256,
            uploaded_at=a.uploaded_at,
        )
        for a in rows
    ]


def submissions_of(tender: Tender) -> list[Submission]:
    """Every submitted version, oldest first, without the sealed content. One query."""
    return list(
        tender.submissions.defer("sealed_content").select_related("submitted_by").order_by("number")
    )


def counting_submission(tender: Tender, submissions: list[Submission]) -> Submission | None:
    """The version that counts: the latest, unless the tender is withdrawn."""
    if tender.status != TenderStatus.SUBMITTED or not submissions:
        return None
    return submissions[-1]


def clarifications_of(tender: Tender) -> tuple[list[Clarification], dict[int, str]]:
    """The buyer's clarification requests (they exist only after the opening) and the replies.
    One query, plus the key when something was replied."""
    rows = list(tender.clarifications.select_related("requirement").order_by("asked_at", "id"))
    replied = [c for c in rows if c.replied_at is not None]
    replies = services.clarification_replies(replied, tender.procurement_id) if replied else {}
    return rows, replies


def get_clarification(tender: Tender, clarification_id: int) -> Clarification:
    clarification = tender.clarifications.filter(pk=clarification_id).first()
    if clarification is None:
        raise Http404
    clarification.tender = tender
    return clarification


def get_attachment(tender: Tender, attachment_id: int, *, current: bool = False) -> Attachment:
    """An attachment of the tender (404 for any other tender's); `current`: not removed."""
    attachments = tender.attachments.filter(pk=attachment_id)
    if current:
        attachments = attachments.filter(removed_at__isnull=True)
    attachment = attachments.first()
    if attachment is None:
        raise Http404
    return attachment


def readable_organisation_ids(actor: Actor) -> list[int]:
    """The provider organisations whose tenders the actor may read (as can_read_own)."""
    return [
        org_id
        for org_id in actor.roles_by_org
        if actor.in_scope(org_id) and actor.has_role(org_id, *permissions.READER_ROLES)
    ]


def _latest_published(key: str) -> Subquery:
    return Subquery(
        DocumentVersion.objects.filter(procurement=OuterRef("procurement_id"))
        .order_by("-number")
        .annotate(value=KT("snapshot__" + key.replace(".", "__")))
        .values("value")[:1],
        output_field=CharField(),
    )


def own_tenders(actor: Actor) -> list[Tender]:
    """The tenders of the actor's own provider organisations, with the title and reference of
    the latest published version (`published_title`, `published_reference`) and the submitted
    versions (without their content). Two queries."""
    organisation_ids = readable_organisation_ids(actor)
    if not organisation_ids:
        return []
    tenders = (
        Tender.objects.filter(organisation_id__in=organisation_ids)
        .select_related("organisation", "procurement__buyer")
        .defer("sealed_draft")
        .annotate(
            published_title=_latest_published("procurement.title"),
            published_reference=_latest_published("procurement.reference_number"),
        )
        .prefetch_related(
            Prefetch(
                "submissions",
                queryset=Submission.objects.defer("sealed_content").order_by("number"),
                to_attr="versions",
            )
        )
        .order_by("-created_at", "-id")
    )
    return [t for t in tenders if permissions.can_read_own(actor, t)]


def startable_organisations(actor: Actor) -> list[Organisation]:
    return permissions.tendering_organisations(actor)


def get_procurement_for_tendering(actor: Actor, procurement_id: int) -> Procurement:
    """A published procurement, for people of provider organisations; 404 for anyone else (the
    buyer reads the procurement through its own pages and has nothing to do here)."""
    procurement = procurement_permissions.get_published(actor, procurement_id)
    if not procurement_permissions.provider_organisations(actor):
        raise Http404
    return procurement


def read_upload(uploaded: UploadedFile) -> bytes:
    """The uploaded file's bytes; a file far over the limit is refused before it is read into
    memory, with the service's wording."""
    limit = settings.TENDER_FILE_MAX_BYTES
    if uploaded.size is not None and uploaded.size > limit:
        raise ValidationError(
            {
                "file": [
                    _("The file is %(size)s MB; a file may be at most %(limit)s MB.")
                    % {"size": round(uploaded.size / 1048576, 1), "limit": limit // 1048576}
                ]
            }
        )
    return uploaded.read()


def attachment_response(tender: Tender, attachment: Attachment) -> FileResponse:
    """The decrypted file, streamed as a download with its safe name."""
    name, data = services.read_attachment(attachment, tender.procurement_id)
    response = FileResponse(
        io.BytesIO(data),
        as_attachment=True,
        filename=name,
        content_type=attachment.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- the tender page --------------------------------------------------------------------------


@dataclass
class Row:
    """One part of the form with what it shows and its problems."""

    section: str
    item: Any
    value: Any = None
    errors: list[str] = field(default_factory=list)
    attachments: list[AttachmentView] = field(default_factory=list)


def _anchor(missing: services.Missing, shape: DraftShape) -> str:
    if missing.section == "lots":
        return "lots" if len(shape.lot_ids) > 1 else f"price-{shape.lot_ids[0]}"
    if missing.section == "price":
        return f"price-{missing.ref}"
    if missing.section == "answer":
        return f"answer-{missing.ref}"
    if missing.section == "requirement":
        return f"requirement-{missing.ref}-fulfilled"
    if missing.section == "evidence":
        return f"file-requirement-{missing.ref}"
    if missing.section == "contact":
        return "contact-name"
    return missing.section


@dataclass(frozen=True)
class MissingLink:
    message: str
    anchor: str


def missing_links(
    tender: Tender, pub: Published, draft: dict[str, Any], attachments: list[Attachment]
) -> list[MissingLink]:
    """What the tender lacks before it can be submitted, each with the field to go to."""
    return [
        MissingLink(message=m.message, anchor=_anchor(m, pub.shape))
        for m in services.missing_items(tender.procurement, draft, attachments)
    ]


def _field_errors(error: ValidationError) -> tuple[dict[str, list[str]], list[str]]:
    if hasattr(error, "error_dict"):
        return dict(error.message_dict), []
    return {}, list(error.messages)


def _page(
    request: AuthenticatedRequest,
    tender: Tender,
    *,
    changes: dict[str, Any] | None = None,
    errors: dict[str, list[str]] | None = None,
    problems: list[str] | None = None,
    problems_title: str = "",
    revision: int | None = None,
    status: int = 200,
) -> HttpResponse:
    """The tender page: the draft (or what was just posted over it, after a refusal)."""
    actor = request.actor
    procurement = tender.procurement
    pub = published(procurement)
    draft = services.read_draft(tender)
    rows, files = current_attachments(tender)
    missing = missing_links(tender, pub, draft, rows)
    versions = submissions_of(tender)
    clarifications, replies = clarifications_of(tender)
    shown = overlay(draft, changes or {})
    errors = errors or {}
    by_place: dict[tuple[str, int | None], list[AttachmentView]] = defaultdict(list)
    for attachment in files:
        by_place[(attachment.purpose, attachment.ref)].append(attachment)
    chosen = {str(x) for x in shown.get("lots", [])}
    lots = [
        Row(
            section="lots",
            item=lot,
            value={
                "chosen": str(lot.pk) in chosen,
                "price": shown.get("prices", {}).get(str(lot.pk), ""),
            },
            errors=errors.get(f"price-{lot.pk}", []),
        )
        for lot in pub.lots
    ]
    criteria = [
        Row(
            section=f"answer-{c['id']}",
            item=c,
            value=shown.get("answers", {}).get(str(c["id"]), ""),
            errors=errors.get(f"answer-{c['id']}", []),
            attachments=by_place.get(("criterion", int(c["id"])), []),
        )
        for c in pub.criteria
    ]
    requirements = [
        Row(
            section=f"requirement-{r.pk}",
            item=r,
            value=shown.get("requirements", {}).get(str(r.pk)) or {},
            errors=errors.get(f"requirement-{r.pk}", []),
            attachments=by_place.get(("requirement", r.pk), []),
        )
        for r in pub.requirements
    ]
    known = {("criterion", int(c["id"])) for c in pub.criteria} | {
        ("requirement", r.pk) for r in pub.requirements
    }
    other_files = [a for a in files if (a.purpose, a.ref) not in known]
    can_write = permissions.can_write(actor, tender.organisation_id)
    closed = services.deadline_passed(procurement)
    counting = counting_submission(tender, versions)
    summary: list[tuple[str, str]] = []
    if errors:
        anchors = {f"price-{lot.pk}": f"price-{lot.pk}" for lot in pub.lots}
        for key, messages_ in errors.items():
            anchor = anchors.get(key, key)
            if key.startswith("requirement-") and not key.endswith("-comment"):
                anchor = f"{key}-fulfilled"
            summary.extend((anchor, message) for message in messages_)
    return render(
        request,
        "tenders/provider/tender.html",
        {
            "tender": tender,
            "procurement": procurement,
            "pub": pub,
            "doc": pub.doc,
            "several_lots": len(pub.lots) > 1,
            "lots": lots,
            "lots_errors": errors.get("lots", []),
            "criteria": criteria,
            "requirements": requirements,
            "partnership": shown.get("partnership", ""),
            "partnership_errors": errors.get("partnership", []),
            "contact": shown.get("contact") or {},
            "contact_errors": errors.get("contact-email", []),
            "other_files": other_files,
            "missing": missing,
            "versions": versions,
            "counting": counting,
            "changed_since": counting is not None
            and tender.draft_updated_at > counting.submitted_at,
            "clarifications": [
                (c, replies.get(c.pk, ""), ReplyForm(clarification_id=c.pk)) for c in clarifications
            ],
            "can_write": can_write,
            "closed": closed,
            "editable": can_write and not closed,
            "can_withdraw": can_write and not closed and tender.status == TenderStatus.SUBMITTED,
            "revision": tender.draft_revision if revision is None else revision,
            "error_summary": summary,
            "problems": problems or [],
            "problems_title": problems_title,
            "max_file_mb": settings.TENDER_FILE_MAX_BYTES // 1048576,
            "max_total_mb": settings.TENDER_TOTAL_MAX_BYTES // 1048576,
        },
        status=status,
    )


def _action(data) -> tuple[str, str]:
    """Which button sent the form: save, submit, upload (with its place) or remove (with the
    attachment id)."""
    if "submit" in data:
        return "submit", ""
    if "upload" in data:
        return "upload", str(data.get("upload", ""))
    if "remove" in data:
        return "remove", str(data.get("remove", ""))
    return "save", ""


def _tender_url(tender: Tender, anchor: str = "") -> str:
    url = reverse("tenders:tender", args=[tender.pk])
    return f"{url}#{anchor}" if anchor else url


def _out_of_date() -> services.DraftConflict:
    return services.DraftConflict(_("The form is out of date. Reload the page and try again."))


def _post_tender(request: AuthenticatedRequest, tender: Tender) -> HttpResponse:
    """Save the draft from the form, then do what the button asked."""
    actor = request.actor
    procurement = tender.procurement
    action, target = _action(request.POST)
    if action == "submit" and services.deadline_passed(procurement):
        try:  # refused and recorded by the service
            services.submit(actor=actor, tender=tender)
        except ValidationError as error:
            return _page(request, tender, problems=error.messages, status=400)
    pub = published(procurement)
    changes = read_draft_changes(request.POST, pub.shape)
    if changes or action == "save":
        revision = read_revision(request.POST)
        try:
            if revision is None:
                raise _out_of_date()
            services.save_draft(actor=actor, tender=tender, changes=changes, revision=revision)
            # the page shown after a refused upload or submit reads the draft just saved
            tender.refresh_from_db(fields=["sealed_draft", "draft_revision", "draft_updated_at"])
        except services.DraftConflict as conflict:
            tender.refresh_from_db(fields=["draft_revision"])
            return _page(
                request,
                tender,
                changes=changes,
                problems=[
                    *conflict.messages,
                    _(
                        "Your text is still in the form. Saving again replaces what was saved "
                        "in the parts of this form."
                    ),
                ],
                status=409,
            )
        except ValidationError as error:
            errors, problems = _field_errors(error)
            return _page(
                request, tender, changes=changes, errors=errors, problems=problems, status=400
            )
    if action == "upload":
        return _upload(request, tender, target)
    if action == "remove":
        return _remove(request, tender, target)
    if action == "submit":
        try:
            submission = services.submit(actor=actor, tender=tender)
        except ValidationError as error:
            return _page(
                request,
                tender,
                problems=error.messages,
                problems_title=_(
                    "Your changes are saved, but the tender cannot be submitted until this is done:"
                ),
                status=400,
            )
        messages.success(
            request,
            _("Your tender is submitted as version %(number)s. The receipt is e-mailed to you.")
            % {"number": submission.number},
        )
        return redirect("tenders:receipt", tender.pk, submission.number)
    messages.success(request, _("The draft is saved."))
    return redirect(_tender_url(tender))


def _upload(request: AuthenticatedRequest, tender: Tender, place: str) -> HttpResponse:
    purpose, _dash, ref_text = place.partition("-")
    try:
        ref = int(ref_text)
    except ValueError:
        raise Http404 from None
    if purpose not in ("criterion", "requirement"):
        raise Http404
    name = f"file-{purpose}-{ref}"
    uploaded = request.FILES.get(name)
    try:
        if uploaded is None:
            raise ValidationError({"file": [_("Choose a file to attach.")]})
        data = read_upload(uploaded)
        services.add_attachment(
            actor=request.actor,
            tender=tender,
            purpose=purpose,
            ref=ref,
            data=data,
            name=uploaded.name or "",
        )
    except ValidationError as error:
        errors, problems = _field_errors(error)
        field_errors = {name: errors.pop("file")} if "file" in errors else {}
        problems += [m for messages_ in errors.values() for m in messages_]
        return _page(request, tender, errors=field_errors, problems=problems, status=400)
    messages.success(request, _("The file “%(name)s” is attached.") % {"name": uploaded.name or ""})
    return redirect(_tender_url(tender, name))


def _remove(request: AuthenticatedRequest, tender: Tender, target: str) -> HttpResponse:
    try:
        attachment = get_attachment(tender, int(target), current=True)
    except ValueError:
        raise Http404 from None
    try:
        services.remove_attachment(actor=request.actor, tender=tender, attachment=attachment)
    except ValidationError as error:
        return _page(request, tender, problems=error.messages, status=400)
    messages.success(request, _("The file is removed from the draft."))
    anchor = f"file-{attachment.purpose}-{attachment.ref}" if attachment.ref else ""
    return redirect(_tender_url(tender, anchor))


@login_required
def tender_page(request: AuthenticatedRequest, tender_id: int) -> HttpResponse:
    """The provider's own tender: the draft to write, its files, what is missing, the submitted
    versions and the buyer's clarification requests."""
    if request.method == "POST":
        tender = permissions.get_own_tender_for_writing(request.actor, tender_id)
        return _post_tender(request, tender)
    tender = permissions.get_own_tender(request.actor, tender_id)
    return _page(request, tender)


@login_required
@require_POST
def save_section(request: AuthenticatedRequest, tender_id: int, section: str) -> HttpResponse:
    """htmx: save one part of the draft as it is written, and answer with its save state, the
    new draft revision and the completeness list. A refusal (400) or a newer draft saved by
    someone else (409) is shown in the part's save state; nothing is saved then."""
    tender = permissions.get_own_tender_for_writing(request.actor, tender_id)
    pub = published(tender.procurement)
    if section not in sections(pub.shape):
        raise Http404
    changes = read_draft_changes(request.POST, pub.shape, only=section)
    revision = read_revision(request.POST)
    problems: list[str] = []
    status = 200
    draft: dict[str, Any] = {}
    try:
        if revision is None:
            raise _out_of_date()
        draft, _revision = services.save_draft(
            actor=request.actor, tender=tender, changes=changes, revision=revision
        )
    except services.DraftConflict as conflict:
        problems, status = list(conflict.messages), 409
    except ValidationError as error:
        errors, problems = _field_errors(error)
        problems += [m for key, found in errors.items() for m in found if section_of(key)]
        status = 400
    if not request.htmx:
        for problem in problems:
            messages.error(request, problem)
        if not problems:
            messages.success(request, _("The draft is saved."))
        return redirect(_tender_url(tender, f"section-{section}"))
    missing: list[MissingLink] = []
    if status == 200:
        rows = list(tender.attachments.filter(removed_at__isnull=True))
        missing = missing_links(tender, pub, draft, rows)
    return render(
        request,
        "tenders/provider/tender.html#save_response",
        {
            "tender": tender,
            "section": section,
            "section_errors": problems,
            "saved_at": clock.now() if status == 200 else None,
            "revision": tender.draft_revision,
            "missing": missing,
            "update_missing": status == 200,
            "editable": True,
        },
        status=status,
    )


@login_required
def completeness(request: AuthenticatedRequest, tender_id: int) -> HttpResponse:
    """Everything the tender still lacks, each linked to its field."""
    tender = permissions.get_own_tender(request.actor, tender_id)
    pub = published(tender.procurement)
    draft = services.read_draft(tender)
    rows = list(tender.attachments.filter(removed_at__isnull=True))
    return render(
        request,
        "tenders/provider/completeness.html",
        {
            "tender": tender,
            "pub": pub,
            "missing": missing_links(tender, pub, draft, rows),
            "closed": services.deadline_passed(tender.procurement),
            "can_write": permissions.can_write(request.actor, tender.organisation_id),
        },
    )


@login_required
@require_POST
def submit(request: AuthenticatedRequest, tender_id: int) -> HttpResponse:
    """Submit the saved draft (from the completeness page; the tender page's button saves the
    form first)."""
    tender = permissions.get_own_tender_for_writing(request.actor, tender_id)
    try:
        submission = services.submit(actor=request.actor, tender=tender)
    except ValidationError as error:
        return _page(
            request,
            tender,
            problems=error.messages,
            problems_title=_("The tender cannot be submitted until this is done:"),
            status=400,
        )
    messages.success(
        request,
        _("Your tender is submitted as version %(number)s. The receipt is e-mailed to you.")
        % {"number": submission.number},
    )
    return redirect("tenders:receipt", tender.pk, submission.number)


@login_required
@require_POST
def withdraw(request: AuthenticatedRequest, tender_id: int) -> HttpResponse:
    """Withdraw the submitted tender before the deadline (it may be submitted again before)."""
    tender = permissions.get_own_tender_for_writing(request.actor, tender_id)
    try:
        services.withdraw(actor=request.actor, tender=tender)
    except ValidationError as error:
        return _page(request, tender, problems=error.messages, status=400)
    messages.success(
        request,
        _(
            "Your tender is withdrawn: no version of it counts. You may submit it again before "
            "the deadline."
        ),
    )
    return redirect("tenders:tender", tender.pk)


@login_required
def attachment(request: AuthenticatedRequest, tender_id: int, attachment_id: int) -> FileResponse:
    """Download a file of one's own tender (decrypted, as an attachment with its safe name)."""
    tender = permissions.get_own_tender(request.actor, tender_id)
    return attachment_response(tender, get_attachment(tender, attachment_id))


@login_required
def receipts(request: AuthenticatedRequest, tender_id: int) -> HttpResponse:
    """Every submitted version with its receipt; the latest counts unless withdrawn."""
    tender = permissions.get_own_tender(request.actor, tender_id)
    versions = submissions_of(tender)
    return render(
        request,
        "tenders/provider/receipts.html",
        {
            "tender": tender,
            "title": _published_title(tender),
            "versions": list(reversed(versions)),
            "counting": counting_submission(tender, versions),
        },
    )


@login_required
def receipt(request: AuthenticatedRequest, tender_id: int, number: int) -> HttpResponse:
    """One submitted version's receipt and what it contained."""
    tender = permissions.get_own_tender(request.actor, tender_id)
    submission = tender.submissions.select_related("submitted_by").filter(number=number).first()
    if submission is None:
        raise Http404
    submission.tender = tender
    content = services.read_submission(submission)
    versions = submissions_of(tender)
    pub = published(tender.procurement)
    answers = content.get("answers", {})
    declared = content.get("requirements", {})
    return render(
        request,
        "tenders/provider/receipt.html",
        {
            "tender": tender,
            "title": pub.title,
            "submission": submission,
            "content": content,
            "prices": [
                (lot, content["prices"][str(lot.pk)])
                for lot in pub.lots
                if str(lot.pk) in content.get("prices", {})
            ],
            "answers": [(c, answers.get(str(c["id"]), "")) for c in pub.criteria],
            "declarations": [(r, declared.get(str(r.pk), {})) for r in pub.requirements],
            "counts": counting_submission(tender, versions) == submission,
            "latest": versions[-1].number if versions else None,
            "type_labels": {
                a["id"]: file_type_label(a["content_type"]) for a in content.get("attachments", [])
            },
        },
    )


def _published_title(tender: Tender) -> str:
    version = tender.procurement.document_versions.order_by("-number").values_list(
        "snapshot__procurement__title", flat=True
    )
    return str(version.first() or "")


@login_required
@require_POST
def reply(request: AuthenticatedRequest, tender_id: int, clarification_id: int) -> HttpResponse:
    """The tenderer's reply to a clarification request (kept with the tender, not a change)."""
    tender = permissions.get_own_tender_for_writing(request.actor, tender_id)
    clarification = get_clarification(tender, clarification_id)
    form = ReplyForm(request.POST, clarification_id=clarification.pk)
    if form.is_valid():
        try:
            services.reply_clarification(
                actor=request.actor, clarification=clarification, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your reply is sent to the buyer."))
            return redirect(_tender_url(tender, f"clarification-{clarification.pk}"))
    problems = [str(e) for errors in form.errors.values() for e in errors]
    return _page(request, tender, problems=problems, status=400)


# --- starting a tender and the list -----------------------------------------------------------


@login_required
def start(request: AuthenticatedRequest, procurement_id: int) -> HttpResponse:
    """From a published procurement: open the organisation's tender, or start it (choosing the
    organisation when the person writes tenders for several)."""
    actor = request.actor
    procurement = get_procurement_for_tendering(actor, procurement_id)
    writable = startable_organisations(actor)
    readable = readable_organisation_ids(actor)
    existing = {
        t.organisation_id: t
        for t in Tender.objects.filter(procurement=procurement, organisation_id__in=readable)
        .select_related("organisation")
        .defer("sealed_draft")
        if permissions.can_read_own(actor, t)
    }
    startable = [org for org in writable if org.pk not in existing]
    form: StartTenderForm | None
    if request.method == "POST":
        if not writable:
            raise PermissionDenied
        form = StartTenderForm(request.POST, organisations=writable)
        if form.is_valid():
            try:
                tender = services.start_tender(
                    actor=actor, procurement=procurement, organisation=form.chosen_organisation()
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return redirect("tenders:tender", tender.pk)
        status = 400
    else:
        if not startable and len(existing) == 1:
            return redirect("tenders:tender", next(iter(existing.values())).pk)
        form = StartTenderForm(organisations=startable) if startable else None
        status = 200
    version = latest_version(procurement)
    return render(
        request,
        "tenders/provider/start.html",
        {
            "procurement": procurement,
            "doc": version.snapshot,
            "existing": sorted(existing.values(), key=lambda t: t.organisation.name),
            "form": form,
            "can_write": bool(writable),
            "closed": services.deadline_passed(procurement),
            "elsewhere": procurement.tenders_elsewhere,
        },
        status=status,
    )


@login_required
def tender_list(request: AuthenticatedRequest) -> HttpResponse:
    """Your tenders: every tender of your provider organisations, with status and receipts."""
    actor = request.actor
    if not readable_organisation_ids(actor):
        raise Http404
    tenders = own_tenders(actor)
    return render(
        request,
        "tenders/provider/list.html",
        {
            "tenders": tenders,
            "several_organisations": len({t.organisation_id for t in tenders}) > 1,
            "now": clock.now(),
        },
    )
