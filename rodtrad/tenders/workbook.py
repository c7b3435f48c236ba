"""Tenders received through another e-procurement system: rodtrad makes a workbook (XLSX) for
the procurement; after its own opening the buyer fills in one workbook per tender and imports
it. Column A has the questions, column B the answers, hidden column C the keys rodtrad reads.
Every cell is checked and reported by row and column; nothing is saved while anything is wrong.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, Protection
from openpyxl.utils.exceptions import InvalidFileException

from rodtrad.common.uploads import UploadRefused, bounded_rows, check_xlsx
from rodtrad.procurements.models import Procurement

SHEET = "Anbud"
# the workbook has a row per field, requirement and criterion: far fewer than this
MAX_ROWS = 5000
YES = {"ja", "j", "yes", "y", "x", "1", "uppfyllt", "uppfylls"}
NO = {"nej", "n", "no", "0", ""}


def build_workbook(procurement: Procurement) -> bytes:
    """The workbook for one tender of this procurement."""
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.column_dimensions["A"].width = 60
    sheet.column_dimensions["B"].width = 80
    sheet.column_dimensions["C"].hidden = True
    rows: list[tuple[str, str]] = [
        (_("Tenderer (name)"), "tenderer_name"),
        (_("Organisation number (NNNNNN-NNNN)"), "organisation_number"),
        (_("Contact person"), "contact_name"),
        (_("Contact e-mail address"), "contact_email"),
        (_("Submitted in the other system (YYYY-MM-DD HH:MM)"), "submitted_at"),
    ]
    lots = list(procurement.lots.order_by("number"))
    for lot in lots:
        label = (
            _("Price (%(unit)s)") % {"unit": procurement.price_unit}
            if len(lots) == 1
            else _("Price for lot %(number)s %(title)s (%(unit)s); empty: no tender for the lot")
            % {"number": lot.number, "title": lot.title, "unit": procurement.price_unit}
        )
        rows.append((label, f"price:{lot.pk}"))
    for award in procurement.criteria.select_related("criterion").order_by("order", "id"):
        rows.append(
            (
                _("Answer to %(code)s %(name)s: %(question)s")
                % {
                    "code": award.criterion.code,
                    "name": award.criterion.name,
                    "question": award.question,
                },
                f"answer:{award.pk}",
            )
        )
    for requirement in procurement.requirements.order_by("order", "id"):
        rows.append(
            (
                _("%(code)s %(title)s – met? (yes/no)")
                % {"code": requirement.code, "title": requirement.title},
                f"requirement:{requirement.pk}",
            )
        )
        rows.append(
            (
                _("%(code)s – comment") % {"code": requirement.code},
                f"requirement_comment:{requirement.pk}",
            )
        )
    rows.append((_("The answer on the partnership"), "partnership"))
    sheet.append([procurement.title, procurement.reference_number, f"procurement:{procurement.pk}"])
    sheet["A1"].font = Font(bold=True)
    for label, key in rows:
        sheet.append([label, "", key])
    for row in sheet.iter_rows(min_row=2):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
        row[1].alignment = Alignment(wrap_text=True, vertical="top")
        row[1].protection = Protection(locked=False)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@dataclass
class Parsed:
    values: dict[str, Any] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


def _cell(row: int) -> str:
    return _("Row %(row)s, column B") % {"row": row}


def parse_workbook(procurement: Procurement, data: bytes) -> Parsed:
    """Read a filled-in workbook; every problem names its row and column."""
    from rodtrad.accounts.orgnr import normalise_organisation_number
    from rodtrad.procurements.services import parse_amount

    parsed = Parsed()
    try:
        check_xlsx(data)
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except UploadRefused as refusal:
        parsed.errors.append(str(refusal))
        return parsed
    except (InvalidFileException, OSError, ValueError, KeyError, zipfile.BadZipFile):
        parsed.errors.append(_("The file is not an Excel workbook (XLSX)."))
        return parsed
    if SHEET not in book.sheetnames:
        parsed.errors.append(_("The workbook has no sheet called “%(sheet)s”.") % {"sheet": SHEET})
        return parsed
    try:
        rows = list(bounded_rows(book[SHEET].iter_rows(values_only=True), MAX_ROWS))
    except UploadRefused as refusal:
        parsed.errors.append(str(refusal))
        return parsed
    if not rows or (rows[0][2] if len(rows[0]) > 2 else None) != f"procurement:{procurement.pk}":
        parsed.errors.append(
            _(
                "The workbook was made for another procurement. Download the one for this "
                "procurement."
            )
        )
        return parsed
    expected = {
        "tenderer_name",
        "organisation_number",
        "contact_name",
        "contact_email",
        "submitted_at",
        "partnership",
    }
    lots = set(procurement.lots.values_list("pk", flat=True))
    criteria = {a.pk: a for a in procurement.criteria.all()}
    requirements = set(procurement.requirements.values_list("pk", flat=True))
    seen: set[str] = set()
    for number, row in enumerate(rows[1:], start=2):
        key = row[2] if len(row) > 2 else None
        value = row[1] if len(row) > 1 else None
        if not key:
            continue
        key = str(key)
        seen.add(key)
        text = "" if value is None else str(value).strip()
        kind, _sep, ref = key.partition(":")
        if key == "organisation_number":
            try:
                parsed.values[key] = normalise_organisation_number(text)
            except Exception as error:
                parsed.errors.append(
                    f"{_cell(number)}: {' '.join(getattr(error, 'messages', [str(error)]))}"
                )
        elif key in ("tenderer_name", "contact_name", "partnership"):
            if not text:
                parsed.errors.append(f"{_cell(number)}: {_('This cell must be filled in.')}")
            parsed.values[key] = text
        elif key == "contact_email":
            from django.core.exceptions import ValidationError
            from django.core.validators import validate_email

            try:
                validate_email(text)
            except ValidationError:
                parsed.errors.append(f"{_cell(number)}: {_('Enter a valid e-mail address.')}")
            parsed.values[key] = text
        elif key == "submitted_at":
            parsed.values[key] = _parse_time(value, number, parsed)
        elif kind == "price" and ref.isdigit() and int(ref) in lots:
            if text:
                try:
                    amount = parse_amount(text, "price", required=True)
                except Exception:
                    amount = None
                if amount is None or amount <= 0:
                    message = _("Enter the price as a number above zero, e.g. 2150,50.")
                    parsed.errors.append(f"{_cell(number)}: {message}")
                else:
                    parsed.values.setdefault("prices", {})[ref] = str(amount)
        elif kind == "answer" and ref.isdigit() and int(ref) in criteria:
            limit = criteria[int(ref)].answer_max_chars
            if not text:
                parsed.errors.append(f"{_cell(number)}: {_('The answer is missing.')}")
            elif len(text) > limit:
                parsed.errors.append(
                    f"{_cell(number)}: "
                    + _("The answer is %(length)s characters; at most %(limit)s are allowed.")
                    % {"length": len(text), "limit": limit}
                )
            parsed.values.setdefault("answers", {})[ref] = text
        elif kind == "requirement" and ref.isdigit() and int(ref) in requirements:
            answer = text.lower()
            if answer not in YES | NO:
                parsed.errors.append(f"{_cell(number)}: {_('Write yes or no.')}")
            response = parsed.values.setdefault("requirements", {}).setdefault(ref, {"comment": ""})
            response["fulfilled"] = answer in YES
        elif kind == "requirement_comment" and ref.isdigit() and int(ref) in requirements:
            response = parsed.values.setdefault("requirements", {}).setdefault(
                ref, {"fulfilled": False}
            )
            response["comment"] = text
        else:
            parsed.errors.append(
                _("Row %(row)s, column C: unknown key “%(key)s”; do not change column C.")
                % {"row": number, "key": key}
            )
    wanted = (
        expected
        | {f"answer:{pk}" for pk in criteria}
        | {f"requirement:{pk}" for pk in requirements}
    )
    wanted |= {f"price:{pk}" for pk in lots}
    for key in sorted(wanted - seen):
        parsed.errors.append(
            _("The row for “%(key)s” is missing; do not delete rows.") % {"key": key}
        )
    if not parsed.values.get("prices"):
        parsed.errors.append(_("Give a price for at least one lot."))
    return parsed


def _parse_time(value: Any, row: int, parsed: Parsed):
    from datetime import datetime

    from django.utils import timezone

    if isinstance(value, datetime):
        moment = value
    else:
        try:
            moment = datetime.strptime(str(value or "").strip(), "%Y-%m-%d %H:%M")
        except ValueError:
            parsed.errors.append(f"{_cell(row)}: {_('Write the time as YYYY-MM-DD HH:MM.')}")
            return None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment
