"""Tenders: drafts and submissions (provider side), the opening, and qualification.

Everything is sealed (crypto.py) and unsealed only here, for those the permission functions let
through: the provider for its own tender at any time, the buyer's officers after the opening.
Audit events about a tender before the opening are recorded for the provider's organisation and
marked confidential, so the buyer's event log never shows that a tender exists.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from rodtrad.accounts.actor import Actor
from rodtrad.accounts.models import Organisation, User
from rodtrad.accounts.reauth import require_recent_authentication
from rodtrad.audit.services import record_event
from rodtrad.common import clock
from rodtrad.procurements import services as procurement_services
from rodtrad.procurements.models import (
    AwardCriterion,
    Procurement,
    ProcurementStatus,
    Requirement,
    TeamRole,
    Verification,
)
from rodtrad.tenders import crypto, files, permissions
from rodtrad.tenders.models import (
    Attachment,
    Clarification,
    Decision,
    LateAttempt,
    OpenedTender,
    Opening,
    ProcurementKey,
    Qualification,
    QualificationOutcome,
    RequirementCheck,
    Source,
    Submission,
    Tender,
    TenderStatus,
)

EMPTY_DRAFT: dict[str, Any] = {
    "lots": [],
    "prices": {},
    "answers": {},
    "requirements": {},
    "partnership": "",
    "contact": {"name": "", "email": "", "phone": ""},
}


# --- sealing ---------------------------------------------------------------------------------


def _key(procurement_id: int) -> bytes:
    row = ProcurementKey.objects.filter(procurement_id=procurement_id).first()
    if row is None:
        try:
            with transaction.atomic():
                row = ProcurementKey.objects.create(
                    procurement_id=procurement_id,
                    wrapped_key=crypto.new_wrapped_data_key(procurement_id),
                    created_at=clock.now(),
                )
        except IntegrityError:  # created by a concurrent request
            row = ProcurementKey.objects.get(procurement_id=procurement_id)
    return crypto.data_key(procurement_id, bytes(row.wrapped_key))


def _dumps(data: Any) -> bytes:
    return json.dumps(data, cls=DjangoJSONEncoder, sort_keys=True, ensure_ascii=False).encode()


def seal_json(procurement_id: int, purpose: str, data: Any) -> bytes:
    return crypto.seal(_key(procurement_id), procurement_id, purpose, _dumps(data))


def unseal_json(procurement_id: int, purpose: str, sealed: bytes | memoryview) -> Any:
    return json.loads(crypto.unseal(_key(procurement_id), procurement_id, purpose, bytes(sealed)))


def read_draft(tender: Tender) -> dict[str, Any]:
    """The provider's draft (the caller has checked it may read it)."""
    draft = unseal_json(tender.procurement_id, f"tender/{tender.pk}/draft", tender.sealed_draft)
    return {**EMPTY_DRAFT, **draft}


def read_submission(submission: Submission) -> dict[str, Any]:
    tender = submission.tender
    return unseal_json(
        tender.procurement_id,
        f"tender/{tender.pk}/submission/{submission.number}",
        submission.sealed_content,
    )


def read_submissions(
    submissions: Iterable[Submission], procurement_id: int
) -> dict[int, dict[str, Any]]:
    """Several submissions of one procurement (each with its tender set), by submission id,
    with one key lookup."""
    submissions = list(submissions)
    if not submissions:
        return {}
    key = _key(procurement_id)
    return {
        s.pk: json.loads(
            crypto.unseal(
                key,
                procurement_id,
                f"tender/{s.tender_id}/submission/{s.number}",
                bytes(s.sealed_content),
            )
        )
        for s in submissions
    }


def attachment_name(attachment: Attachment, procurement_id: int) -> str:
    return crypto.unseal(
        _key(procurement_id),
        procurement_id,
        f"attachment/{attachment.pk}/name",
        bytes(attachment.sealed_name),
    ).decode()


def attachment_names(attachments: Iterable[Attachment], procurement_id: int) -> dict[int, str]:
    """The file names of several attachments of one procurement, with one key lookup."""
    key = _key(procurement_id)
    return {
        a.pk: crypto.unseal(
            key, procurement_id, f"attachment/{a.pk}/name", bytes(a.sealed_name)
        ).decode()
        for a in attachments
    }


def read_attachment(attachment: Attachment, procurement_id: int) -> tuple[str, bytes]:
    """(file name, content) of an attachment (the caller has checked access)."""
    sealed = files.read_sealed(procurement_id, attachment.storage_name)
    data = crypto.unseal(
        _key(procurement_id), procurement_id, f"attachment/{attachment.pk}", sealed
    )
    if crypto.sha256(data) != attachment.sha256:
        raise ValueError("attachment content does not match its checksum")
    return attachment_name(attachment, procurement_id), data


# --- events ----------------------------------------------------------------------------------


def _provider_event(action: str, actor: Actor, tender: Tender, **data: Any) -> None:
    """Before the opening a tender's events belong to the provider, confidentially."""
    record_event(
        action=action,
        actor=actor.user,
        organisation=tender.organisation,
        target=tender,
        data={"procurement": tender.procurement_id, **data},
        confidential=True,
    )


def _user(actor: Actor) -> User:
    if actor.user is None:
        raise PermissionDenied
    return actor.user


# --- the deadline ----------------------------------------------------------------------------


def deadline_passed(procurement: Procurement) -> bool:
    """The deadline is the last moment a tender is accepted."""
    return procurement.tender_deadline is None or clock.now() > procurement.tender_deadline


def _refuse_late(actor: Actor, procurement: Procurement, organisation: Organisation, action: str):
    LateAttempt.objects.create(
        procurement=procurement,
        organisation=organisation,
        user=_user(actor),
        action=action,
        attempted_at=clock.now(),
    )
    record_event(
        action="tender.late_attempt",
        actor=actor.user,
        organisation=organisation,
        target=procurement,
        data={"procurement": procurement.pk, "what": action},
        confidential=True,
    )
    return ValidationError(
        _(
            "The tender deadline passed at %(deadline)s. Nothing can be submitted, replaced or "
            "withdrawn any more; the attempt has been recorded."
        )
        % {"deadline": _local(procurement.tender_deadline)}
    )


def _local(moment: datetime | None) -> str:
    from django.utils import formats, timezone

    if moment is None:
        return "–"
    return formats.date_format(timezone.localtime(moment), "j F Y H:i:s")


# --- the provider's tender -------------------------------------------------------------------


def start_tender(*, actor: Actor, procurement: Procurement, organisation: Organisation) -> Tender:
    """The organisation's tender for a published procurement (its draft, created if new)."""
    if not permissions.can_write(actor, organisation.pk):
        raise PermissionDenied
    if procurement.published_at is None or procurement.status != ProcurementStatus.PUBLISHED:
        raise ValidationError(_("Tenders can only be written for a published procurement."))
    if getattr(procurement, "tenders_elsewhere", False):
        raise ValidationError(
            _("Tenders for this procurement are submitted in another e-procurement system.")
        )
    existing = Tender.objects.filter(procurement=procurement, organisation=organisation).first()
    if existing is not None:
        return existing
    if deadline_passed(procurement):
        raise _refuse_late(actor, procurement, organisation, "start")
    now = clock.now()
    with transaction.atomic():
        tender = Tender.objects.create(
            procurement=procurement,
            organisation=organisation,
            created_by=_user(actor),
            created_at=now,
            sealed_draft=b"",
            draft_updated_at=now,
        )
        tender.sealed_draft = seal_json(procurement.pk, f"tender/{tender.pk}/draft", EMPTY_DRAFT)
        tender.save(update_fields=["sealed_draft"])
        _provider_event("tender.started", actor, tender)
    return tender


@dataclass(frozen=True)
class DraftRules:
    """What a tender for this procurement may contain (from the published documents)."""

    lot_ids: frozenset[int]
    criteria: Mapping[int, AwardCriterion]
    requirements: Mapping[int, Requirement]


def rules_for(procurement: Procurement) -> DraftRules:
    return DraftRules(
        lot_ids=frozenset(procurement.lots.values_list("pk", flat=True)),
        criteria={a.pk: a for a in procurement.criteria.select_related("criterion")},
        requirements={r.pk: r for r in procurement.requirements.all()},
    )


def _id(raw: Any) -> int | None:
    try:
        return int(raw)
    except (TypeError, ValueError):
        return None


def _clean_changes(rules: DraftRules, changes: Mapping[str, Any]) -> tuple[dict, dict]:
    """Validate a partial draft; return (clean changes, errors by field)."""
    clean: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    if "lots" in changes:
        try:
            lots = sorted({int(x) for x in changes["lots"]})
        except (TypeError, ValueError):
            lots = [-1]
        if not set(lots) <= rules.lot_ids:
            errors["lots"] = [_("Choose lots of this procurement.")]
        clean["lots"] = lots
    for lot_id, raw in (changes.get("prices") or {}).items():
        field = f"price-{lot_id}"
        if _id(lot_id) not in rules.lot_ids:
            errors[field] = [_("Unknown lot.")]
            continue
        if raw in (None, ""):
            clean.setdefault("prices", {})[str(lot_id)] = ""
            continue
        try:
            value = procurement_services.parse_amount(raw, field, required=True)
        except ValidationError as error:
            errors.update(error.message_dict)
            continue
        if value is None or value <= 0:
            errors[field] = [_("Enter a price above zero, with at most two decimals (öre).")]
            continue
        clean.setdefault("prices", {})[str(lot_id)] = str(value)
    for criterion_id, text in (changes.get("answers") or {}).items():
        award = rules.criteria.get(_id(criterion_id) or 0)
        field = f"answer-{criterion_id}"
        if award is None:
            errors[field] = [_("Unknown award criterion.")]
            continue
        text = (text or "").strip()
        if len(text) > award.answer_max_chars:
            errors[field] = [
                _("The answer is %(length)s characters; at most %(limit)s are allowed.")
                % {"length": len(text), "limit": award.answer_max_chars}
            ]
            continue
        clean.setdefault("answers", {})[str(criterion_id)] = text
    for requirement_id, response in (changes.get("requirements") or {}).items():
        if _id(requirement_id) not in rules.requirements:
            errors[f"requirement-{requirement_id}"] = [_("Unknown requirement.")]
            continue
        response = response or {}
        clean.setdefault("requirements", {})[str(requirement_id)] = {
            "fulfilled": bool(response.get("fulfilled")),
            "comment": (response.get("comment") or "").strip()[:4000],
        }
    if "partnership" in changes:
        text = (changes.get("partnership") or "").strip()
        if len(text) > 10000:
            errors["partnership"] = [_("The answer can be at most 10 000 characters.")]
        clean["partnership"] = text
    if "contact" in changes:
        contact = changes.get("contact") or {}
        clean["contact"] = {
            key: (contact.get(key) or "").strip()[:200] for key in ("name", "email", "phone")
        }
        email = clean["contact"]["email"]
        if email:
            from django.core.validators import validate_email

            try:
                validate_email(email)
            except ValidationError:
                errors["contact-email"] = [_("Enter a valid e-mail address.")]
    return clean, errors


def _merge(draft: dict[str, Any], clean: Mapping[str, Any]) -> dict[str, Any]:
    merged = json.loads(json.dumps(draft))
    for key, value in clean.items():
        if isinstance(value, dict) and key != "contact":
            merged.setdefault(key, {}).update(value)
        else:
            merged[key] = value
    return merged


class DraftConflict(ValidationError):
    """The draft was saved by someone else since the revision the caller read."""


def save_draft(
    *, actor: Actor, tender: Tender, changes: Mapping[str, Any], revision: int | None = None
) -> tuple[dict[str, Any], int]:
    """Save (part of) the draft. With `revision`, refuse to overwrite a newer draft saved by
    someone else at the organisation meanwhile (the person's own newer saves — as-you-type saves
    still in flight when they press Save — are not a conflict). Returns the draft and its new
    revision."""
    if not permissions.can_write(actor, tender.organisation_id):
        raise PermissionDenied
    procurement = tender.procurement
    if deadline_passed(procurement):
        raise ValidationError(_("The tender deadline has passed; the draft can no longer change."))
    clean, errors = _clean_changes(rules_for(procurement), changes)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = Tender.objects.select_for_update().get(pk=tender.pk)
        if (
            revision is not None
            and revision != locked.draft_revision
            and locked.draft_updated_by_id != _user(actor).pk
        ):
            raise DraftConflict(
                _(
                    "Someone else at your organisation saved the tender meanwhile. Reload the "
                    "page to see their changes before you continue."
                )
            )
        draft = _merge(read_draft(locked), clean)
        locked.sealed_draft = seal_json(procurement.pk, f"tender/{locked.pk}/draft", draft)
        locked.draft_revision += 1
        locked.draft_updated_at = clock.now()
        locked.draft_updated_by = actor.user
        locked.save(
            update_fields=["sealed_draft", "draft_revision", "draft_updated_at", "draft_updated_by"]
        )
    tender.draft_revision = locked.draft_revision
    return draft, locked.draft_revision


def add_attachment(
    *, actor: Actor, tender: Tender, purpose: str, ref: int | None, data: bytes, name: str
) -> Attachment:
    """Store a file of the tender, sealed. Refused with a reason when the type (by content),
    the size or the tender's total does not fit."""
    if not permissions.can_write(actor, tender.organisation_id):
        raise PermissionDenied
    if purpose not in ("criterion", "requirement", "tender"):
        raise ValidationError(_("Unknown kind of attachment."))
    procurement = tender.procurement
    if deadline_passed(procurement):
        raise ValidationError(_("The tender deadline has passed; the draft can no longer change."))
    rules = rules_for(procurement)
    if (purpose == "criterion" and ref not in rules.criteria) or (
        purpose == "requirement" and ref not in rules.requirements
    ):
        raise ValidationError(_("The attachment belongs to nothing in this procurement."))
    key = _key(procurement.pk)
    with transaction.atomic():
        # The tender row first, as save_draft and submit do: one lock order for every writer of
        # a tender (the new row's foreign-key check alone deadlocked against a concurrent
        # submission, bench/reliability/crash.py), and the total below cannot be raced past.
        Tender.objects.select_for_update().get(pk=tender.pk)
        checked = _checked_upload(tender, data, name)
        attachment = Attachment.objects.create(
            tender=tender,
            purpose=purpose,
            ref=ref,
            sealed_name=b"",
            content_type=checked.content_type,
            size=len(checked.data),
            sha256=crypto.sha256(checked.data),
            storage_name=files.new_storage_name(),
            uploaded_by=_user(actor),
            uploaded_at=clock.now(),
        )
        attachment.sealed_name = crypto.seal(
            key, procurement.pk, f"attachment/{attachment.pk}/name", checked.name.encode()
        )
        attachment.save(update_fields=["sealed_name"])
        files.write_sealed(
            procurement.pk,
            attachment.storage_name,
            crypto.seal(key, procurement.pk, f"attachment/{attachment.pk}", checked.data),
        )
        _provider_event("tender.attachment_added", actor, tender, attachment=attachment.pk)
    return attachment


def _checked_upload(tender: Tender, data: bytes, name: str) -> files.Checked:
    used = sum(tender.attachments.filter(removed_at__isnull=True).values_list("size", flat=True))
    try:
        return files.check_upload(data=data, name=name, used_bytes=used)
    except files.FileRefused as refusal:
        raise ValidationError({"file": [str(refusal)]}) from None


def remove_attachment(*, actor: Actor, tender: Tender, attachment: Attachment) -> None:
    if (
        not permissions.can_write(actor, tender.organisation_id)
        or attachment.tender_id != tender.pk
    ):
        raise PermissionDenied
    if deadline_passed(tender.procurement):
        raise ValidationError(_("The tender deadline has passed; the draft can no longer change."))
    with transaction.atomic():  # the removal and its audit event together, or neither
        Tender.objects.select_for_update().get(pk=tender.pk)  # the lock order of every writer
        Attachment.objects.filter(pk=attachment.pk).update(removed_at=clock.now())
        _provider_event("tender.attachment_removed", actor, tender, attachment=attachment.pk)


@dataclass(frozen=True)
class Missing:
    section: str  # "lots", "price", "answer", "requirement", "evidence", "partnership", "contact"
    ref: int | None
    message: str


def missing_items(
    procurement: Procurement, draft: Mapping[str, Any], attachments: Iterable[Attachment]
) -> list[Missing]:
    """What the tender still lacks before it can be submitted (the completeness view)."""
    missing: list[Missing] = []
    rules = rules_for(procurement)
    lots = [lot_id for lot_id in draft.get("lots", []) if lot_id in rules.lot_ids]
    if len(rules.lot_ids) == 1:
        lots = list(rules.lot_ids)
    if not lots:
        missing.append(Missing("lots", None, _("Choose the lots you tender for.")))
    lot_titles = dict(procurement.lots.values_list("pk", "title"))
    for lot_id in lots:
        if not draft.get("prices", {}).get(str(lot_id)):
            message = (
                _("Give your price.")
                if len(rules.lot_ids) == 1
                else _("Give your price for lot “%(lot)s”.") % {"lot": lot_titles.get(lot_id, "")}
            )
            missing.append(Missing("price", lot_id, message))
    for award_id, award in rules.criteria.items():
        if not draft.get("answers", {}).get(str(award_id)):
            missing.append(
                Missing(
                    "answer",
                    award_id,
                    _("Answer the question of %(code)s %(name)s.")
                    % {"code": award.criterion.code, "name": award.criterion.name},
                )
            )
    evidence = {a.ref for a in attachments if a.purpose == "requirement" and a.removed_at is None}
    for requirement_id, requirement in rules.requirements.items():
        response = draft.get("requirements", {}).get(str(requirement_id)) or {}
        if not response.get("fulfilled"):
            missing.append(
                Missing(
                    "requirement",
                    requirement_id,
                    _("Declare that you meet %(code)s %(title)s.")
                    % {"code": requirement.code, "title": requirement.title},
                )
            )
        if requirement.verification == Verification.ATTACHMENT and requirement_id not in evidence:
            missing.append(
                Missing(
                    "evidence",
                    requirement_id,
                    _("Attach the evidence for %(code)s %(title)s.")
                    % {"code": requirement.code, "title": requirement.title},
                )
            )
    if not (draft.get("partnership") or "").strip():
        missing.append(Missing("partnership", None, _("Answer the question on the partnership.")))
    contact = draft.get("contact") or {}
    if not (contact.get("name") and contact.get("email")):
        missing.append(Missing("contact", None, _("Give a contact person and an e-mail address.")))
    return missing


def _content_for_submission(tender: Tender, draft: dict[str, Any]) -> tuple[dict, list[Attachment]]:
    rules = rules_for(tender.procurement)
    if len(rules.lot_ids) == 1:
        draft = {**draft, "lots": sorted(rules.lot_ids)}
    attachments = list(tender.attachments.filter(removed_at__isnull=True).order_by("id"))
    manifest = [
        {
            "id": a.pk,
            "purpose": a.purpose,
            "ref": a.ref,
            "name": attachment_name(a, tender.procurement_id),
            "content_type": a.content_type,
            "size": a.size,
            "sha256": a.sha256,
        }
        for a in attachments
    ]
    return {**draft, "attachments": manifest}, attachments


def receipt_hash(content: Mapping[str, Any]) -> str:
    """SHA-256 over the canonical JSON of the content, which lists every attachment's SHA-256."""
    return crypto.sha256(_dumps(content))


def submit(*, actor: Actor, tender: Tender) -> Submission:
    """Submit the draft as a new immutable version, with a receipt (server time and SHA-256),
    shown and e-mailed. Refused after the deadline (recorded) or while anything is missing."""
    if not permissions.can_write(actor, tender.organisation_id):
        raise PermissionDenied
    procurement = tender.procurement
    if deadline_passed(procurement):
        raise _refuse_late(actor, procurement, tender.organisation, "submit")
    if procurement.status != ProcurementStatus.PUBLISHED:
        raise ValidationError(_("This procurement no longer takes tenders."))
    with transaction.atomic():
        locked = Tender.objects.select_for_update().get(pk=tender.pk)
        draft = read_draft(locked)
        attachments = list(locked.attachments.filter(removed_at__isnull=True))
        missing = missing_items(procurement, draft, attachments)
        if missing:
            raise ValidationError([m.message for m in missing])
        content, _attached = _content_for_submission(locked, draft)
        number = (locked.submissions.aggregate(n=Max("number"))["n"] or 0) + 1
        digest = receipt_hash(content)
        submission = Submission(
            tender=locked,
            number=number,
            submitted_at=clock.now(),
            submitted_by=_user(actor),
            sealed_content=b"",
            receipt_hash=digest,
        )
        submission.sealed_content = seal_json(
            procurement.pk, f"tender/{locked.pk}/submission/{number}", content
        )
        submission.save()
        locked.status = TenderStatus.SUBMITTED
        locked.withdrawn_at = None
        locked.save(update_fields=["status", "withdrawn_at"])
        _provider_event("tender.submitted", actor, locked, version=number, receipt=digest)
        recipients = {actor.user.email} if actor.user else set()
        if content.get("contact", {}).get("email"):
            recipients.add(content["contact"]["email"])
        transaction.on_commit(lambda: _mail_receipt(procurement, submission, sorted(recipients)))
    tender.status = TenderStatus.SUBMITTED
    return submission


def _mail_receipt(procurement: Procurement, submission: Submission, to: list[str]) -> None:
    from rodtrad.common.mail import send_templated_mail

    send_templated_mail(
        template="tenders/email/receipt",
        context={
            "procurement": procurement.title,
            "reference": procurement.reference_number,
            "number": submission.number,
            "submitted_at": _local(submission.submitted_at),
            "receipt_hash": submission.receipt_hash,
        },
        to=to,
    )


def withdraw(*, actor: Actor, tender: Tender) -> Tender:
    """Withdraw a submitted tender before the deadline (it can be submitted again before it)."""
    if not permissions.can_write(actor, tender.organisation_id):
        raise PermissionDenied
    if deadline_passed(tender.procurement):
        raise _refuse_late(actor, tender.procurement, tender.organisation, "withdraw")
    if tender.status != TenderStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted tender can be withdrawn."))
    with transaction.atomic():
        tender.status = TenderStatus.WITHDRAWN
        tender.withdrawn_at = clock.now()
        tender.save(update_fields=["status", "withdrawn_at"])
        _provider_event("tender.withdrawn", actor, tender)
    return tender


# --- the opening ------------------------------------------------------------------------------


def start_opening(*, actor: Actor, procurement: Procurement) -> Opening:
    """The first appointed opener starts the opening, after the deadline. Nothing is revealed
    until a second opener confirms."""
    if not permissions.is_opener(actor, procurement):
        raise PermissionDenied
    if getattr(procurement, "tenders_elsewhere", False):
        raise ValidationError(_("The tenders of this procurement are opened in another system."))
    if not deadline_passed(procurement):
        raise ValidationError(_("Tenders can be opened only after the tender deadline."))
    require_recent_authentication(actor)
    with transaction.atomic():
        locked = Procurement.objects.select_for_update().get(pk=procurement.pk)
        if Opening.objects.filter(procurement=locked).exists():
            raise ValidationError(_("The opening has already been started."))
        if locked.status == ProcurementStatus.PUBLISHED:
            procurement_services.change_status(
                actor=actor, procurement=locked, to=ProcurementStatus.TENDERING_CLOSED
            )
        if locked.status != ProcurementStatus.TENDERING_CLOSED:
            raise ValidationError(_("This procurement is not waiting for an opening."))
        opening = Opening.objects.create(
            procurement=locked, started_by=_user(actor), started_at=clock.now()
        )
        record_event(
            action="tender.opening_started",
            actor=actor.user,
            organisation=locked.buyer,
            target=locked,
            data={"procurement": locked.pk},
        )
    procurement.status = locked.status
    return opening


def confirm_opening(*, actor: Actor, procurement: Procurement) -> Opening:
    """A second, different opener confirms: all tenders are opened at once, the record is made."""
    if not permissions.is_opener(actor, procurement):
        raise PermissionDenied
    from rodtrad.tenders import record

    with transaction.atomic():
        opening = Opening.objects.select_for_update().filter(procurement=procurement).first()
        if opening is None:
            raise ValidationError(_("The opening has not been started."))
        if opening.confirmed_at is not None:
            raise ValidationError(_("The tenders have already been opened."))
        if opening.started_by_id == _user(actor).pk:
            raise ValidationError(
                _("A second opener must confirm: the one who started cannot also confirm.")
            )
        require_recent_authentication(actor)
        opening.confirmed_by = actor.user
        opening.confirmed_at = clock.now()
        tenders = list(
            Tender.objects.filter(procurement=procurement, status=TenderStatus.SUBMITTED)
            .select_related("organisation")
            .order_by("id")
        )
        opened = []
        for position, tender in enumerate(tenders, start=1):
            latest = tender.submissions.order_by("-number").first()
            assert latest is not None
            opened.append(
                OpenedTender(opening=opening, tender=tender, submission=latest, position=position)
            )
        opening.record = record.build(procurement, opening, opened)
        opening.record_pdf = record.render_pdf(procurement, opening.record)
        opening.record_sha256 = crypto.sha256(bytes(opening.record_pdf))
        opening.save()
        OpenedTender.objects.bulk_create(opened)
        procurement_services.change_status(
            actor=actor, procurement=procurement, to=ProcurementStatus.OPENED
        )
        record_event(
            action="tender.opened",
            actor=actor.user,
            organisation=procurement.buyer,
            target=procurement,
            data={
                "procurement": procurement.pk,
                "tenders": [
                    {
                        "organisation": o.tender.organisation.name,
                        "receipt": o.submission.receipt_hash,
                    }
                    for o in opened
                ],
                "record_sha256": opening.record_sha256,
            },
        )
    return opening


# --- qualification ----------------------------------------------------------------------------


def _officer(actor: Actor, tender: Tender) -> None:
    if not permissions.can_handle_opened(actor, tender.procurement):
        raise PermissionDenied
    if not OpenedTender.objects.filter(tender=tender).exists():
        raise PermissionDenied
    if Qualification.objects.filter(tender=tender).exists():
        raise ValidationError(_("The qualification of this tender is already concluded."))


def decide_requirement(
    *, actor: Actor, tender: Tender, requirement: Requirement, fulfilled: bool, reason: str = ""
) -> RequirementCheck:
    """Fulfilled or not fulfilled, with a reason for "not fulfilled"."""
    _officer(actor, tender)
    if requirement.procurement_id != tender.procurement_id:
        raise PermissionDenied
    reason = (reason or "").strip()
    if not fulfilled and not reason:
        raise ValidationError({"reason": [_("Give the reason the requirement is not fulfilled.")]})
    with transaction.atomic():
        check, _created = RequirementCheck.objects.update_or_create(
            tender=tender,
            requirement=requirement,
            defaults={
                "decision": Decision.FULFILLED if fulfilled else Decision.NOT_FULFILLED,
                "reason": reason,
                "decided_by": _user(actor),
                "decided_at": clock.now(),
            },
        )
        record_event(
            action="tender.requirement_decided",
            actor=actor.user,
            organisation=tender.procurement.buyer,
            target=tender,
            data={
                "procurement": tender.procurement_id,
                "requirement": requirement.code,
                "fulfilled": fulfilled,
                "reason": reason,
            },
        )
    return check


def request_clarification(
    *,
    actor: Actor,
    tender: Tender,
    question: str,
    deadline: datetime,
    requirement: Requirement | None = None,
    about_price: bool = False,
) -> Clarification:
    """Ask the tenderer to clarify or complete evidence (never to change the offer), or to
    explain an abnormally low price."""
    _officer(actor, tender)
    question = (question or "").strip()
    errors: dict[str, list[str]] = {}
    if not question:
        errors["question"] = [_("Write what the tenderer should clarify.")]
    if deadline is None or deadline <= clock.now():
        errors["deadline"] = [_("Give a reply deadline in the future.")]
    if requirement is not None and requirement.procurement_id != tender.procurement_id:
        raise PermissionDenied
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        clarification = Clarification.objects.create(
            tender=tender,
            requirement=requirement,
            about_price=about_price,
            question=question,
            deadline=deadline,
            asked_by=_user(actor),
            asked_at=clock.now(),
        )
        record_event(
            action="tender.clarification_requested",
            actor=actor.user,
            organisation=tender.procurement.buyer,
            target=tender,
            data={"procurement": tender.procurement_id, "about_price": about_price},
        )
        _notify_tenderer(tender, "tenders/email/clarification_requested")
    return clarification


def _notify_tenderer(tender: Tender, template: str) -> None:
    from django.urls import reverse

    from rodtrad.notifications.services import notify

    writers = User.objects.filter(
        memberships__organisation=tender.organisation,
        memberships__role__in=list(permissions.WRITER_ROLES),
    ).distinct()
    notify(
        users=writers,
        template=template,
        context={
            "procurement": tender.procurement.title,
            "reference": tender.procurement.reference_number,
        },
        url=reverse("tenders:tender", args=[tender.pk]),
    )


def reply_clarification(*, actor: Actor, clarification: Clarification, text: str) -> Clarification:
    """The tenderer's reply, attached to the tender as a clarification – not a change."""
    tender = clarification.tender
    if not permissions.can_write(actor, tender.organisation_id):
        raise PermissionDenied
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": [_("Write your reply.")]})
    if clarification.replied_at is not None:
        raise ValidationError(_("The clarification has already been answered."))
    if clock.now() > clarification.deadline:
        raise ValidationError(_("The deadline for the reply has passed."))
    with transaction.atomic():
        clarification.sealed_reply = seal_json(
            tender.procurement_id, f"clarification/{clarification.pk}", {"text": text}
        )
        clarification.replied_by = actor.user
        clarification.replied_at = clock.now()
        clarification.save(update_fields=["sealed_reply", "replied_by", "replied_at"])
        record_event(
            action="tender.clarification_replied",
            actor=actor.user,
            organisation=tender.organisation,
            target=tender,
            data={"procurement": tender.procurement_id},
        )
    return clarification


def clarification_replies(clarifications: Iterable[Clarification], procurement_id: int) -> dict:
    """The replies of several clarifications of one procurement, with one key lookup."""
    key = _key(procurement_id)
    return {
        c.pk: json.loads(
            crypto.unseal(key, procurement_id, f"clarification/{c.pk}", bytes(c.sealed_reply))
        ).get("text", "")
        for c in clarifications
        if c.sealed_reply is not None and c.replied_at is not None
    }


def clarification_reply(clarification: Clarification) -> str:
    if clarification.sealed_reply is None or clarification.replied_at is None:
        return ""
    data = unseal_json(
        clarification.tender.procurement_id,
        f"clarification/{clarification.pk}",
        clarification.sealed_reply,
    )
    return data.get("text", "")


def conclude(*, actor: Actor, tender: Tender, reject_low_price_reason: str = "") -> Qualification:
    """Conclude a tender's qualification: qualified when every requirement is fulfilled,
    otherwise disqualified with the reasons. With `reject_low_price_reason` the tender is
    rejected as abnormally low – allowed only after the tenderer was asked to explain."""
    _officer(actor, tender)
    requirements = list(tender.procurement.requirements.order_by("order", "id"))
    checks = {c.requirement_id: c for c in tender.requirement_checks.all()}
    undecided = [r for r in requirements if r.pk not in checks]
    reject_low_price_reason = (reject_low_price_reason or "").strip()
    if reject_low_price_reason:
        if not tender.clarifications.filter(about_price=True).exists():
            raise ValidationError(
                _("Ask the tenderer to explain the price before rejecting it as abnormally low.")
            )
        outcome = QualificationOutcome.REJECTED_LOW_PRICE
        reasons = [reject_low_price_reason]
    else:
        if undecided:
            raise ValidationError(
                [
                    _("%(code)s %(title)s is not assessed yet.")
                    % {"code": r.code, "title": r.title}
                    for r in undecided
                ]
            )
        failed = [
            checks[r.pk] for r in requirements if checks[r.pk].decision == Decision.NOT_FULFILLED
        ]
        outcome = QualificationOutcome.DISQUALIFIED if failed else QualificationOutcome.QUALIFIED
        reasons = [f"{c.requirement.code} {c.requirement.title}: {c.reason}" for c in failed]
    with transaction.atomic():
        qualification = Qualification.objects.create(
            tender=tender,
            outcome=outcome,
            reasons=reasons,
            decided_by=_user(actor),
            decided_at=clock.now(),
        )
        record_event(
            action="tender.qualification_concluded",
            actor=actor.user,
            organisation=tender.procurement.buyer,
            target=tender,
            data={"procurement": tender.procurement_id, "outcome": outcome, "reasons": reasons},
        )
    return qualification


def reopen_qualification(*, actor: Actor, tender: Tender) -> None:
    """Undo a conclusion while the procurement is still qualifying (a mistake can be mended)."""
    if not permissions.can_handle_opened(actor, tender.procurement):
        raise PermissionDenied
    if tender.procurement.status != ProcurementStatus.OPENED:
        raise ValidationError(_("Qualification is closed."))
    with transaction.atomic():
        Qualification.objects.filter(tender=tender).delete()
        record_event(
            action="tender.qualification_reopened",
            actor=actor.user,
            organisation=tender.procurement.buyer,
            target=tender,
            data={"procurement": tender.procurement_id},
        )


def complete_qualification(*, actor: Actor, procurement: Procurement) -> Procurement:
    """Every opened tender concluded: the procurement moves on to evaluation."""
    if not permissions.can_handle_opened(actor, procurement):
        raise PermissionDenied
    opened = OpenedTender.objects.filter(opening__procurement=procurement)
    pending = opened.filter(tender__qualification__isnull=True).count()
    if pending:
        raise ValidationError(
            _("%(count)s tenders still need their qualification concluded.") % {"count": pending}
        )
    return procurement_services.change_status(
        actor=actor, procurement=procurement, to=ProcurementStatus.EVALUATION
    )


# --- tenders received through another system --------------------------------------------------


def import_external_tender(
    *,
    actor: Actor,
    procurement: Procurement,
    workbook: bytes,
    attachments: Iterable[tuple[str, bytes]] = (),
) -> OpenedTender:
    """Register a tender opened in another e-procurement system from its filled-in workbook
    and original files. Every cell is checked; nothing is saved while anything is wrong."""
    from rodtrad.accounts.models import Organisation
    from rodtrad.accounts.roles import OrganisationKind
    from rodtrad.tenders.workbook import parse_workbook

    if not procurement.tenders_elsewhere:
        raise ValidationError(_("Tenders for this procurement are submitted in rodtrad."))
    team = permissions.procurement_permissions.team_roles(actor, procurement)
    if TeamRole.PROCUREMENT_OFFICER not in team:
        raise PermissionDenied
    if not deadline_passed(procurement):
        raise ValidationError(_("Tenders can be registered only after the tender deadline."))
    parsed = parse_workbook(procurement, workbook)
    checked_files = []
    for name, data in attachments:
        try:
            checked_files.append(files.check_upload(data=data, name=name, used_bytes=0))
        except files.FileRefused as refusal:
            parsed.errors.append(f"{name}: {refusal}")
    if parsed.errors:
        raise ValidationError(parsed.errors)
    values = parsed.values
    with transaction.atomic():
        locked = Procurement.objects.select_for_update().get(pk=procurement.pk)
        organisation = Organisation.objects.filter(
            organisation_number=values["organisation_number"]
        ).first()
        if organisation is None:
            organisation = Organisation.objects.create(
                name=values["tenderer_name"],
                organisation_number=values["organisation_number"],
                kind=OrganisationKind.PROVIDER,
            )
        elif organisation.kind != OrganisationKind.PROVIDER:
            raise ValidationError(
                _("The organisation number belongs to an organisation that is not a provider.")
            )
        if Tender.objects.filter(procurement=locked, organisation=organisation).exists():
            raise ValidationError(
                _("A tender from %(name)s is already registered.") % {"name": organisation.name}
            )
        if locked.status == ProcurementStatus.PUBLISHED:
            procurement_services.change_status(
                actor=actor, procurement=locked, to=ProcurementStatus.TENDERING_CLOSED
            )
        opening = Opening.objects.filter(procurement=locked).first()
        if opening is None:
            now = clock.now()
            opening = Opening.objects.create(
                procurement=locked,
                started_by=_user(actor),
                started_at=now,
                confirmed_by=actor.user,
                confirmed_at=now,
                record={"external": True},
            )
            procurement_services.change_status(
                actor=actor, procurement=locked, to=ProcurementStatus.OPENED
            )
        now = clock.now()
        tender = Tender.objects.create(
            procurement=locked,
            organisation=organisation,
            created_by=_user(actor),
            created_at=now,
            status=TenderStatus.SUBMITTED,
            source=Source.EXTERNAL,
            sealed_draft=b"",
            draft_updated_at=now,
        )
        key = _key(locked.pk)
        manifest = []
        for checked in checked_files:
            attachment = Attachment.objects.create(
                tender=tender,
                purpose="tender",
                sealed_name=b"",
                content_type=checked.content_type,
                size=len(checked.data),
                sha256=crypto.sha256(checked.data),
                storage_name=files.new_storage_name(),
                uploaded_by=_user(actor),
                uploaded_at=now,
            )
            attachment.sealed_name = crypto.seal(
                key, locked.pk, f"attachment/{attachment.pk}/name", checked.name.encode()
            )
            attachment.save(update_fields=["sealed_name"])
            files.write_sealed(
                locked.pk,
                attachment.storage_name,
                crypto.seal(key, locked.pk, f"attachment/{attachment.pk}", checked.data),
            )
            manifest.append(
                {
                    "id": attachment.pk,
                    "purpose": "tender",
                    "ref": None,
                    "name": checked.name,
                    "content_type": checked.content_type,
                    "size": attachment.size,
                    "sha256": attachment.sha256,
                }
            )
        content = {
            **EMPTY_DRAFT,
            "lots": sorted(int(k) for k in values.get("prices", {})),
            "prices": values.get("prices", {}),
            "answers": values.get("answers", {}),
            "requirements": values.get("requirements", {}),
            "partnership": values.get("partnership", ""),
            "contact": {
                "name": values["contact_name"],
                "email": values["contact_email"],
                "phone": "",
            },
            "attachments": manifest,
            "external_submitted_at": values.get("submitted_at"),
        }
        tender.sealed_draft = seal_json(locked.pk, f"tender/{tender.pk}/draft", content)
        tender.save(update_fields=["sealed_draft"])
        submission = Submission(
            tender=tender,
            number=1,
            submitted_at=values.get("submitted_at") or now,
            submitted_by=_user(actor),
            sealed_content=seal_json(locked.pk, f"tender/{tender.pk}/submission/1", content),
            receipt_hash=receipt_hash(content),
        )
        submission.save()
        position = (
            OpenedTender.objects.filter(opening=opening).aggregate(n=Max("position"))["n"] or 0
        ) + 1
        opened = OpenedTender.objects.create(
            opening=opening, tender=tender, submission=submission, position=position
        )
        record_event(
            action="tender.imported",
            actor=actor.user,
            organisation=locked.buyer,
            target=tender,
            data={
                "procurement": locked.pk,
                "tenderer": organisation.name,
                "organisation_number": organisation.organisation_number,
                "receipt": submission.receipt_hash,
            },
        )
    return opened
