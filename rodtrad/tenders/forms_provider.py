"""Forms of the provider's side of a tender.

The draft form is built from the published procurement (the lots, award criteria and mandatory
requirements of the latest published version) and read into the partial changes that
`services.save_draft` takes; the service validates everything and saves nothing while anything
is wrong. Field names are also the anchors the error summary and the completeness list link to:

    lots, price-<lot>, answer-<criterion>, requirement-<requirement> (-fulfilled, -comment),
    partnership, contact-name, contact-email, contact-phone, file-<purpose>-<ref>
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from rodtrad.accounts.models import Organisation
from rodtrad.procurements.forms_market import OrganisationChoiceMixin

REPLY_MAX_CHARS = 10000


@dataclass(frozen=True)
class DraftShape:
    """What the draft form holds: the live ids the service keys the draft by."""

    lot_ids: Sequence[int]
    criterion_ids: Sequence[int]
    requirement_ids: Sequence[int]


def sections(shape: DraftShape) -> list[str]:
    """Every section of the draft that saves on its own (htmx)."""
    return [
        "lots",
        *(f"answer-{pk}" for pk in shape.criterion_ids),
        *(f"requirement-{pk}" for pk in shape.requirement_ids),
        "partnership",
        "contact",
    ]


def section_of(field: str) -> str:
    """The section a field (or a service error's key) belongs to."""
    if field == "lots" or field.startswith("price-"):
        return "lots"
    if field.startswith("contact"):
        return "contact"
    return field


def _text(value: Any) -> str:
    """Text as typed: line breaks counted once, as the browser's counter counts them."""
    return str(value or "").replace("\r\n", "\n").replace("\r", "\n")


def read_draft_changes(
    data: Mapping[str, Any], shape: DraftShape, *, only: str | None = None
) -> dict[str, Any]:
    """The partial changes to the draft in a posted form: every section present in the form,
    or only the section `only`. A section is present when its text fields are (a checkbox that
    is not ticked is not sent at all)."""

    def wanted(section: str) -> bool:
        return only is None or only == section

    getlist = getattr(data, "getlist", None)
    changes: dict[str, Any] = {}
    if wanted("lots") and any(f"price-{pk}" in data for pk in shape.lot_ids):
        if len(shape.lot_ids) > 1:
            changes["lots"] = getlist("lots") if getlist else data.get("lots", [])
        changes["prices"] = {
            str(pk): _text(data.get(f"price-{pk}")).strip()
            for pk in shape.lot_ids
            if f"price-{pk}" in data
        }
    answers = {
        str(pk): _text(data[f"answer-{pk}"])
        for pk in shape.criterion_ids
        if wanted(f"answer-{pk}") and f"answer-{pk}" in data
    }
    if answers:
        changes["answers"] = answers
    requirements = {
        str(pk): {
            "fulfilled": bool(data.get(f"requirement-{pk}-fulfilled")),
            "comment": _text(data.get(f"requirement-{pk}-comment")),
        }
        for pk in shape.requirement_ids
        if wanted(f"requirement-{pk}") and f"requirement-{pk}-comment" in data
    }
    if requirements:
        changes["requirements"] = requirements
    if wanted("partnership") and "partnership" in data:
        changes["partnership"] = _text(data["partnership"])
    if wanted("contact") and "contact-name" in data:
        changes["contact"] = {
            key: _text(data.get(f"contact-{key}")).strip() for key in ("name", "email", "phone")
        }
    return changes


def overlay(draft: Mapping[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    """The draft as the person sees it after a refused save: their input over what is stored,
    so nothing they typed is lost."""
    shown = {
        key: (dict(value) if isinstance(value, dict) else value) for key, value in draft.items()
    }
    for key, value in changes.items():
        if isinstance(value, dict) and key != "contact":
            shown.setdefault(key, {}).update(value)
        else:
            shown[key] = value
    return shown


def read_revision(data: Mapping[str, Any]) -> int | None:
    """The draft revision the form was made from (None when it is missing or garbled)."""
    try:
        return int(data.get("revision", ""))
    except (TypeError, ValueError):
        return None


class StartTenderForm(OrganisationChoiceMixin, forms.Form):
    organisation = forms.TypedChoiceField(
        label=_("Tender on behalf of"),
        coerce=int,
        error_messages={"required": _("Choose the organisation that tenders.")},
    )

    def __init__(self, *args, organisations: Sequence[Organisation], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._set_organisations(organisations)


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Your reply"),
        help_text=_(
            "Clarify or complete what was asked. A reply cannot change your tender: it is kept "
            "with the tender as a clarification."
        ),
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": REPLY_MAX_CHARS}),
        max_length=REPLY_MAX_CHARS,
        error_messages={"required": _("Write your reply.")},
    )

    def __init__(self, data=None, *, clarification_id: int, **kwargs) -> None:
        super().__init__(data, prefix=f"reply-{clarification_id}", **kwargs)


def upload_keys(shape: DraftShape, evidence_ids: Iterable[int]) -> list[tuple[str, int]]:
    """(purpose, ref) of every place a file can be attached in the form."""
    return [("criterion", pk) for pk in shape.criterion_ids] + [
        ("requirement", pk) for pk in evidence_ids
    ]
