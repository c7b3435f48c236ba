"""Reading indicator values from a spreadsheet (CSV or XLSX) into rows to preview.

The sheet has a header row and three columns: the indicator (its name, or its Kolada KPI id
when only one of the contract's indicators has it), the period (a year "2025" or a month
"2025-03") and the value (a Swedish decimal comma is accepted). Every row is checked; a row
with a problem is reported by its number and left out, the rest is previewed. Whole files are
refused when they are too large, have too many rows or cannot be read. Pure: no writes.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from rodtrad.common.uploads import NotXlsx, UploadRefused, check_xlsx
from rodtrad.indicators.models import Indicator

PERIOD_RE = re.compile(r"^(\d{4})(?:-(\d{2}))?$")
MAX_VALUE = Decimal("9999999999")
HEADERS = {
    "indicator": {"indicator", "indikator", "name", "namn", "kpi"},
    "period": {"period", "year", "år", "month", "månad"},
    "value": {"value", "värde", "varde"},
}


def max_bytes() -> int:
    return int(getattr(settings, "INDICATOR_IMPORT_MAX_BYTES", 2 * 1024 * 1024))


def max_rows() -> int:
    return int(getattr(settings, "INDICATOR_IMPORT_MAX_ROWS", 5000))


@dataclass
class Parsed:
    """Rows that can be saved ({"indicator", "period", "value", "reference", "row"}), problems
    ({"row", "message"}) and what was skipped without being wrong (Kolada's empty values)."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    problems: list[dict[str, str]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def problem(self, row: str, message: str) -> None:
        self.problems.append({"row": row, "message": message})


def normalise_period(raw: Any) -> str | None:
    """A year or a month as text, or None when it is neither ("2025", "2025-03")."""
    if isinstance(raw, datetime | date):
        return f"{raw.year:04d}-{raw.month:02d}"
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = str(raw).strip() if raw is not None else ""
    match = PERIOD_RE.match(text)
    if not match:
        return None
    year, month = int(match.group(1)), match.group(2)
    if not 1950 <= year <= 2100 or (month is not None and not 1 <= int(month) <= 12):
        return None
    return text


def parse_decimal(raw: Any) -> Decimal | None:
    """A number from a cell or text; a decimal comma and spaces between thousands are fine."""
    if isinstance(raw, bool) or raw is None:
        return None
    if isinstance(raw, int | float | Decimal):
        text = str(raw)
    else:
        text = re.sub(r"[\s\u00a0\u202f]", "", str(raw))
        if "," in text and "." in text:
            return None
        text = text.replace(",", ".").replace("\u2212", "-")
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    if not value.is_finite() or abs(value) > MAX_VALUE:
        return None
    return value.quantize(Decimal("0.0001"))


class Matcher:
    """Finds the contract's indicator a row names: by name, or by a KPI id only one has."""

    def __init__(self, indicators: Iterable[Indicator]) -> None:
        self.by_name: dict[str, Indicator] = {}
        by_kpi: dict[str, list[Indicator]] = {}
        for indicator in indicators:
            self.by_name.setdefault(indicator.name.strip().casefold(), indicator)
            if indicator.kolada_kpi:
                by_kpi.setdefault(indicator.kolada_kpi.upper(), []).append(indicator)
        self.by_kpi = {kpi: found[0] for kpi, found in by_kpi.items() if len(found) == 1}

    def find(self, text: str) -> Indicator | None:
        text = text.strip()
        return self.by_name.get(text.casefold()) or self.by_kpi.get(text.upper())


def add_row(
    parsed: Parsed,
    seen: dict[tuple[int, str], str],
    *,
    label: str,
    indicator: Indicator,
    period: str,
    value: Decimal,
    reference: str = "",
) -> None:
    """Add a row unless the same indicator and period came before in this file."""
    key = (indicator.pk, period)
    if key in seen:
        parsed.problem(
            label,
            _("%(name)s, %(period)s appears twice (first in %(first)s); this row is left out.")
            % {"name": indicator.name, "period": period, "first": seen[key]},
        )
        return
    seen[key] = label
    parsed.rows.append(
        {
            "row": label,
            "indicator": indicator.pk,
            "name": indicator.name,
            "period": period,
            "value": str(value),
            "reference": reference,
        }
    )


def _refuse(message: str) -> ValidationError:
    return ValidationError({"file": [message]})


def _too_many_rows() -> ValidationError:
    return _refuse(
        _("The file has more than %(count)s rows. Split it into smaller files.")
        % {"count": max_rows()}
    )


def _too_large(limit: int) -> ValidationError:
    return _refuse(_("The file is too large: at most %(size)s.") % {"size": filesizeformat(limit)})


def read_upload(upload) -> tuple[str, bytes]:
    """The name and content of an uploaded file, refused when empty or too large."""
    size = getattr(upload, "size", None)
    limit = max_bytes()
    if size is not None and size > limit:
        raise _too_large(limit)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise _too_large(limit)
    if not data:
        raise _refuse(_("The file is empty."))
    return str(getattr(upload, "name", "") or "")[:200], data


def _csv_rows(data: bytes) -> Iterable[Sequence[Any]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    first = text.split("\n", 1)[0]
    delimiter = max(";\t,", key=first.count) if any(c in first for c in ";\t,") else ";"
    return csv.reader(io.StringIO(text), delimiter=delimiter)


def _xlsx_rows(data: bytes) -> Iterable[Sequence[Any]]:
    from openpyxl import load_workbook

    try:
        check_xlsx(data)
    except NotXlsx as refusal:
        raise _refuse(_("The file could not be read as an XLSX workbook.")) from refusal
    except UploadRefused as refusal:
        raise _refuse(str(refusal)) from refusal
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a broken file
        raise _refuse(_("The file could not be read as an XLSX workbook.")) from error
    sheet = book.worksheets[0] if book.worksheets else None
    if sheet is None:
        raise _refuse(_("The workbook has no sheet."))
    if (sheet.max_row or 0) > max_rows() + 1:
        raise _too_many_rows()
    return sheet.iter_rows(values_only=True)


def _columns(header: Sequence[Any]) -> dict[str, int]:
    names = [str(cell or "").strip().casefold() for cell in header]
    found = {}
    for key, accepted in HEADERS.items():
        index = next((i for i, name in enumerate(names) if name in accepted), None)
        if index is None:
            raise _refuse(
                _(
                    "The first row must name the columns indicator, period and value "
                    "(or indikator, period and värde)."
                )
            )
        found[key] = index
    return found


def parse_spreadsheet(filename: str, data: bytes, indicators: Sequence[Indicator]) -> Parsed:
    """Rows of a CSV or XLSX file for the contract's indicators."""
    if data[:2] == b"PK" or filename.lower().endswith(".xlsx"):
        rows = iter(_xlsx_rows(data))
    else:
        rows = iter(_csv_rows(data))
    try:
        return _parse_rows(rows, indicators)
    except csv.Error as error:
        # e.g. a single cell larger than the csv module's field limit (128 kB)
        raise _refuse(
            _("The file could not be read as CSV: %(problem)s") % {"problem": error}
        ) from error


def _parse_rows(rows: Iterator[Sequence[Any]], indicators: Sequence[Indicator]) -> Parsed:
    header = next(rows, None)
    if header is None:
        raise _refuse(_("The file is empty."))
    columns = _columns(header)
    matcher = Matcher(indicators)
    parsed = Parsed()
    seen: dict[tuple[int, str], str] = {}
    for number, row in enumerate(rows, start=2):
        if number > max_rows() + 1:
            raise _too_many_rows()
        cells = list(row)
        if not any(str(c).strip() for c in cells if c is not None):
            continue

        def cell(key: str, cells: list = cells) -> Any:
            index = columns[key]
            return cells[index] if index < len(cells) else None

        label = _("Row %(number)s") % {"number": number}
        name = str(cell("indicator") or "").strip()
        indicator = matcher.find(name)
        period = normalise_period(cell("period"))
        value = parse_decimal(cell("value"))
        if indicator is None:
            parsed.problem(
                label,
                _("The contract has no indicator “%(name)s”.") % {"name": name}
                if name
                else _("The indicator is missing."),
            )
        elif period is None:
            parsed.problem(
                label,
                _("“%(period)s” is not a period: write a year (2025) or a month (2025-03).")
                % {"period": cell("period") if cell("period") is not None else ""},
            )
        elif value is None:
            parsed.problem(
                label,
                _("“%(value)s” is not a number.")
                % {"value": cell("value") if cell("value") is not None else ""},
            )
        else:
            add_row(parsed, seen, label=label, indicator=indicator, period=period, value=value)
    return parsed
