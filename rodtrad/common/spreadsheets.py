"""Spreadsheet files (CSV and XLSX) from tables of headings and typed cells. No business rules:
what goes in, and what is left out and why, is the exporting app's (`rodtrad/*/exports.py`).

A `Table` is a sheet: a title, headings (already in the active language), one cell type per
column and the rows. `about` is a list of (label, value) lines: what the file is, when and by
whom it was exported, and what was left out; it becomes the CSV's header comment (lines starting
with #) and the XLSX's About sheet.

- CSV: UTF-8 with BOM; in Swedish `;` and a decimal comma (what Swedish Excel opens directly),
  in English `,` and a decimal point. Dates as ISO 8601 (2026-03-31) in both.
- XLSX: numbers as numbers with a number format per cell type, dates as dates, bold headings,
  frozen heading row, an autofilter and column widths per type.

Spreadsheet safety: a text cell starting with = + - @ (or a tab or carriage return) could run as
a formula. In CSV it is prefixed with an apostrophe; in XLSX it is stored as a text cell with
Excel's quote prefix (what typing a leading apostrophe in Excel stores), so it never becomes a
formula and its text stays exact.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal
from zoneinfo import ZoneInfo

from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from rodtrad.common import clock

CSV = "csv"
XLSX = "xlsx"
FORMATS = (CSV, XLSX)
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
STOCKHOLM = ZoneInfo("Europe/Stockholm")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_CELL_LIMIT = 32767  # characters Excel keeps in one cell

# text; int: whole numbers; decimal: two decimals; ratio: four decimals (a relative
# comparison figure); number: a measured figure as it is (General); price: SEK with thousands
# separators and two decimals; date: a calendar day.
CellType = Literal["text", "int", "decimal", "ratio", "number", "price", "date"]
Value = str | int | Decimal | date | None

NUMBER_FORMATS: dict[CellType, str] = {
    "int": "0",
    "decimal": "0.00",
    "ratio": "0.0000",
    "number": "General",
    "price": "#,##0.00",
    "date": "yyyy-mm-dd",
}
WIDTHS: dict[CellType, int] = {
    "int": 10,
    "decimal": 12,
    "ratio": 12,
    "number": 12,
    "price": 14,
    "date": 12,
    "text": 28,
}


@dataclass(frozen=True)
class Table:
    title: str
    headings: list[str]
    types: list[CellType]
    rows: list[list[Value]]


About = Sequence[tuple[str, str]]


class ExportRequestError(ValueError):
    """An unknown export kind or format; the message is for the person asking."""


def check_format(file_format: str) -> None:
    if file_format not in FORMATS:
        raise ExportRequestError(_("Unknown file format: choose csv or xlsx."))


def swedish() -> bool:
    return (get_language() or "").startswith("sv")


def yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


def exported_at() -> datetime:
    """Now, in Stockholm time (what the About lines show)."""
    return clock.now().astimezone(STOCKHOLM)


def exported_by(user: Any) -> str:
    """The exporting person as "Name <e-mail>" (the e-mail alone without a name)."""
    if user is None:
        return ""
    return f"{user.full_name} <{user.email}>" if user.full_name else user.email


def moment(value: datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M")


def safe_text(value: str) -> str:
    """A text that a spreadsheet will not run as a formula (CSV)."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


# --- CSV ---------------------------------------------------------------------------------------


def _csv_value(value: Value, decimal_comma: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        text = format(value, "f")
        return text.replace(".", ",") if decimal_comma else text
    if isinstance(value, date):
        return value.isoformat()
    return safe_text(str(value))


def write_csv(table: Table, about: About) -> bytes:
    """UTF-8 with BOM; a header comment (lines starting with #) says what the file is and what
    is left out; then the headings and the rows."""
    sv = swedish()
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if sv else ",", lineterminator="\r\n")
    writer.writerow([f"# {table.title}"])
    for label, value in about:
        writer.writerow([f"# {label}: {value}"])
    writer.writerow(table.headings)
    for row in table.rows:
        writer.writerow([_csv_value(value, sv) for value in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


# --- XLSX --------------------------------------------------------------------------------------


def _xlsx_text(value: str) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", value)[:XLSX_CELL_LIMIT]


def _text_cell(cell, value: str, *, wrap: Alignment | None = None) -> None:
    text = _xlsx_text(value)
    cell.value = text
    cell.data_type = "s"  # never a formula
    if text.startswith(FORMULA_STARTS):
        cell.quotePrefix = True
    if wrap is not None and "\n" in text:
        cell.alignment = wrap


def _fill_sheet(sheet, table: Table) -> None:
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    sheet.append([None] * len(table.headings))
    for column, heading in enumerate(table.headings, start=1):
        cell = sheet.cell(row=1, column=column)
        _text_cell(cell, heading)
        cell.font = bold
    for row in table.rows:
        sheet.append([None] * len(row))
        for column, (value, cell_type) in enumerate(zip(row, table.types, strict=True), start=1):
            cell = sheet.cell(row=sheet.max_row, column=column)
            if value is None:
                continue
            if isinstance(value, bool):
                _text_cell(cell, yes_no(value))
            elif cell_type == "text" or isinstance(value, str):
                _text_cell(cell, str(value), wrap=wrap)
            else:
                cell.value = value
                cell.number_format = NUMBER_FORMATS[cell_type]
    for column, cell_type in enumerate(table.types, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = WIDTHS[cell_type]
    sheet.freeze_panes = "A2"
    if table.rows:
        sheet.auto_filter.ref = sheet.dimensions


def sheet_title(title: str) -> str:
    return "".join(c for c in title if c not in "[]:*?/\\")[:31]


def write_xlsx(tables: Sequence[Table], about: About, *, active: int = 0) -> bytes:
    """One workbook: a sheet per table and the About sheet; opened at the table `active`."""
    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    for table in tables:
        _fill_sheet(book.create_sheet(sheet_title(table.title)), table)
    book.active = active
    sheet = book.create_sheet(sheet_title(_("About this export")))
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for label, value in about:
        sheet.append([None, None])
        label_cell = sheet.cell(row=sheet.max_row, column=1)
        _text_cell(label_cell, label)
        label_cell.font = bold
        value_cell = sheet.cell(row=sheet.max_row, column=2)
        _text_cell(value_cell, value)
        value_cell.alignment = wrap
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 90
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def write(
    tables: Sequence[Table], about: About, *, file_format: str, active: int = 0
) -> tuple[bytes, str]:
    """The file and its content type: a CSV of the table `active`, or every table in one
    workbook opened at it."""
    if file_format == CSV:
        return write_csv(tables[active], about), CSV_CONTENT_TYPE
    return write_xlsx(tables, about, active=active), XLSX_CONTENT_TYPE


def filename(reference: str | None, *, fallback: str, suffix: str, file_format: str) -> str:
    """An export's file name: the case's reference number as a slug (else `fallback`), what it
    holds and its format, e.g. `ks-2026-101-award-ranking.xlsx`."""
    return f"{slugify(reference or '') or fallback}-{suffix}.{file_format}"


def openapi_file_response(description: str) -> dict:
    """The API's description of a CSV-or-XLSX answer (`openapi_extra`)."""
    return {
        "responses": {
            200: {
                "description": description,
                "content": {
                    "text/csv": {"schema": {"type": "string"}},
                    XLSX_CONTENT_TYPE: {"schema": {"type": "string", "format": "binary"}},
                },
            }
        }
    }
