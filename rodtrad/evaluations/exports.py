"""Score exports of a procurement's tender evaluation, as CSV and XLSX.

`build(actor=…, procurement=…)` gathers every row the actor may see in a fixed number of queries
(whatever the number of tenders, lots, criteria and evaluators); `table` turns an export into
headings and typed cells for one kind; `write_csv` and `write_xlsx` write them. `record` leaves
the confidential audit trace of an export.

What goes in is decided by the existing permission functions, never here:
- individual work: the engine's independence rule (`can_see_all_individual_work`): from
  consensus on, every submitted evaluator's work for the panel and the managers; before that a
  panel member gets only their own work, everyone else nothing;
- consensus: the same rule (the engine's `consensus_rows` shows nothing before consensus);
- prices: `can_see_prices` (the price envelope). Without it there is no price column at all.
Whatever is left out is listed, with the reason, in the About sheet and the CSV's header comment.

Spreadsheet safety: a text cell starting with = + - @ (or a tab or carriage return) could run as
a formula. In CSV it is prefixed with an apostrophe; in XLSX it is stored as a text cell with
Excel's quote prefix (what typing a leading apostrophe in Excel stores), so it never becomes a
formula and its text stays exact.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Literal
from zoneinfo import ZoneInfo

from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from rodtrad.accounts.actor import Actor
from rodtrad.assessments import permissions as engine_permissions
from rodtrad.assessments import scoring
from rodtrad.assessments.models import (
    ConsensusScore,
    IndividualScore,
    PanelMember,
    ScopeItem,
    Status,
)
from rodtrad.audit.services import record_event
from rodtrad.common import clock
from rodtrad.evaluations import permissions, selectors
from rodtrad.evaluations.models import TenderEvaluation
from rodtrad.procurements.models import Procurement

INDIVIDUAL = "individual"
CONSENSUS = "consensus"
KINDS = (INDIVIDUAL, CONSENSUS)
CSV = "csv"
XLSX = "xlsx"
FORMATS = (CSV, XLSX)
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
STOCKHOLM = ZoneInfo("Europe/Stockholm")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_CELL_LIMIT = 32767  # characters Excel keeps in one cell
CENT = Decimal("0.01")

CellType = Literal["text", "int", "decimal", "price"]
Value = str | int | Decimal | None


@dataclass(frozen=True)
class IndividualRow:
    lot: int
    tenderer: str
    code: str
    criterion: str
    max_points: Decimal
    evaluator: str
    percent: int | None
    points: Decimal | None
    strengths: str
    improvements: str
    price: Decimal | None


@dataclass(frozen=True)
class ConsensusRow:
    lot: int
    tenderer: str
    code: str
    criterion: str
    max_points: Decimal
    percent: int | None
    points: Decimal | None
    rationale: str
    divergent: bool
    status: str
    price: Decimal | None


@dataclass
class Export:
    procurement: Procurement
    exported_at: datetime
    exported_by: str
    with_prices: bool
    individual: list[IndividualRow] = field(default_factory=list)
    consensus: list[ConsensusRow] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)


def _price(raw: str | None) -> Decimal | None:
    if not raw:
        return None
    try:
        return Decimal(str(raw)).quantize(CENT)
    except InvalidOperation:
        return None


def _lines(texts: Sequence[str] | None) -> str:
    return "\n".join(str(t) for t in texts or [] if str(t).strip())


def _tender_name(link: TenderEvaluation, several_lots: bool) -> str:
    name = link.tender.organisation.name
    if several_lots:
        return _("%(tenderer)s (lot %(number)s)") % {"tenderer": name, "number": link.lot.number}
    return name


def build(*, actor: Actor, procurement: Procurement) -> Export:
    """Every row of both exports the actor may see (at most 8 queries, however many tenders,
    criteria and evaluators: tender evaluations, panels, scope, individual scores, consensus
    scores, the price reveal, submissions, data key)."""
    links = selectors.evaluation_links(procurement)
    several_lots = len({link.lot_id for link in links}) > 1
    show_prices = permissions.can_see_prices(actor, procurement)
    prices = selectors.tender_prices(procurement, links) if show_prices and links else {}

    all_work: set[int] = set()  # assessments whose whole panel's work the actor may see
    own_member: dict[int, PanelMember] = {}  # else the actor's own place on the panel
    not_in_consensus: list[str] = []
    not_taking_part = False
    for link in links:
        assessment = link.assessment
        if engine_permissions.can_see_all_individual_work(actor, assessment):
            all_work.add(assessment.pk)
            continue
        member = engine_permissions.membership_of(actor, assessment)
        if member is not None and member.has_declared:
            own_member[assessment.pk] = member
        if engine_permissions.can_view(actor, assessment):
            if assessment.status not in (Status.CONSENSUS, Status.FINAL):
                not_in_consensus.append(_tender_name(link, several_lots))
        else:
            not_taking_part = True

    visible = all_work | set(own_member)
    items: dict[int, list[ScopeItem]] = {}
    if visible:
        for item in (
            ScopeItem.objects.filter(assessment_id__in=visible)
            .select_related("criterion")
            .order_by("assessment_id", "order", "id")
        ):
            items.setdefault(item.assessment_id, []).append(item)
    scores: dict[tuple[int, int], IndividualScore] = {}  # (member, scope item)
    if visible:
        condition = Q(pk__in=[])
        if all_work:
            condition |= Q(
                item__assessment_id__in=all_work,
                member__submitted_at__isnull=False,
                member__removed_at__isnull=True,
            )
        if own_member:
            condition |= Q(member_id__in=[m.pk for m in own_member.values()])
        for found in IndividualScore.objects.filter(condition):
            scores[(found.member_id, found.item_id)] = found
    agreed: dict[int, ConsensusScore] = {}
    if all_work:
        agreed = {
            c.item_id: c for c in ConsensusScore.objects.filter(item__assessment_id__in=all_work)
        }

    export = Export(
        procurement=procurement,
        exported_at=clock.now().astimezone(STOCKHOLM),
        exported_by=_exporter(actor),
        with_prices=show_prices,
    )
    for link in links:
        assessment = link.assessment
        if assessment.pk not in visible:
            continue
        if assessment.pk in all_work:
            members = [
                m
                for m in assessment.panel.all()
                if m.submitted_at is not None and m.removed_at is None
            ]
        else:
            members = [own_member[assessment.pk]]
        tenderer = link.tender.organisation.name
        price = _price(prices.get(link.pk))
        for item in items.get(assessment.pk, []):
            criterion = item.criterion
            steps: list[int] = []
            for member in members:
                score = scores.get((member.pk, item.pk))
                percent = score.percent if score is not None else None
                if percent is not None:
                    steps.append(percent)
                export.individual.append(
                    IndividualRow(
                        lot=link.lot.number,
                        tenderer=tenderer,
                        code=criterion.code,
                        criterion=criterion.name,
                        max_points=item.max_points,
                        evaluator=member.user.full_name,
                        percent=percent,
                        points=None
                        if percent is None
                        else scoring.points(percent, item.max_points),
                        strengths=_lines(score.strengths) if score else "",
                        improvements=_lines(score.improvements) if score else "",
                        price=price,
                    )
                )
            if assessment.pk not in all_work:
                continue
            consensus = agreed.get(item.pk)
            percent = consensus.percent if consensus is not None else None
            export.consensus.append(
                ConsensusRow(
                    lot=link.lot.number,
                    tenderer=tenderer,
                    code=criterion.code,
                    criterion=criterion.name,
                    max_points=item.max_points,
                    percent=percent,
                    points=None if percent is None else scoring.points(percent, item.max_points),
                    rationale=consensus.rationale if consensus is not None else "",
                    divergent=scoring.is_divergent(steps, assessment.divergence_threshold),
                    status=str(Status.FINAL.label)
                    if assessment.status == Status.FINAL
                    else _("Consensus draft"),
                    price=price,
                )
            )

    if not show_prices:
        export.left_out.append(
            _(
                "Tender prices are left out: this procurement hides prices from the "
                "evaluation panel until every consensus is final and the chair reveals them."
            )
        )
    if not_in_consensus:
        export.left_out.append(
            _(
                "Not yet in consensus: %(tenders)s. Their individual scores are left out "
                "(except your own) and they have no consensus yet: before consensus no one "
                "sees another evaluator's work."
            )
            % {"tenders": ", ".join(not_in_consensus)}
        )
    if not_taking_part:
        export.left_out.append(
            _(
                "Tender assessments you do not take part in (for example after declaring a "
                "conflict of interest) are left out."
            )
        )
    return export


def _exporter(actor: Actor) -> str:
    user = actor.user
    if user is None:
        return ""
    return f"{user.full_name} <{user.email}>" if user.full_name else user.email


# --- the table of one kind -------------------------------------------------------------------


@dataclass(frozen=True)
class Table:
    title: str
    headings: list[str]
    types: list[CellType]
    rows: list[list[Value]]


def _yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


def table(export: Export, kind: str) -> Table:
    """Headings (in the active language), cell types and rows of one export kind."""
    prices = export.with_prices
    if kind == INDIVIDUAL:
        headings = [
            _("Lot"),
            _("Tenderer"),
            _("Criterion code"),
            _("Criterion"),
            _("Maximum points"),
            _("Evaluator"),
            _("Step (%)"),
            _("Points"),
            _("Strengths"),
            _("Improvement areas"),
        ]
        types: list[CellType] = [
            "int",
            "text",
            "text",
            "text",
            "decimal",
            "text",
            "int",
            "decimal",
            "text",
            "text",
        ]
        rows: list[list[Value]] = [
            [
                r.lot,
                r.tenderer,
                r.code,
                r.criterion,
                r.max_points,
                r.evaluator,
                r.percent,
                r.points,
                r.strengths,
                r.improvements,
                *([r.price] if prices else []),
            ]
            for r in export.individual
        ]
        title = _("Individual scores")
    elif kind == CONSENSUS:
        headings = [
            _("Lot"),
            _("Tenderer"),
            _("Criterion code"),
            _("Criterion"),
            _("Maximum points"),
            _("Consensus step (%)"),
            _("Points"),
            _("Rationale"),
            _("Divergent"),
            _("Status"),
        ]
        types = ["int", "text", "text", "text", "decimal", "int", "decimal", "text", "text", "text"]
        rows = [
            [
                r.lot,
                r.tenderer,
                r.code,
                r.criterion,
                r.max_points,
                r.percent,
                r.points,
                r.rationale,
                _yes_no(r.divergent),
                r.status,
                *([r.price] if prices else []),
            ]
            for r in export.consensus
        ]
        title = _("Consensus")
    else:
        raise ValueError(f"unknown export kind {kind!r}")
    if prices:
        headings.append(_("Price (SEK)"))
        types.append("price")
    return Table(title=title, headings=headings, types=types, rows=rows)


def about(export: Export) -> list[tuple[str, str]]:
    """The About sheet (and the CSV's header comment): what, when, who, and what is left out."""
    procurement = export.procurement
    lines = [
        (_("Procurement"), procurement.title),
        (_("Reference number"), procurement.reference_number or ""),
        (_("Exported at (Stockholm time)"), export.exported_at.strftime("%Y-%m-%d %H:%M")),
        (_("Exported by"), export.exported_by),
        (_("Prices"), _("Included") if export.with_prices else _("Left out")),
    ]
    for note in export.left_out or [_("Nothing is left out.")]:
        lines.append((_("Left out"), note))
    return lines


# --- writers ---------------------------------------------------------------------------------


def swedish() -> bool:
    return (get_language() or "").startswith("sv")


def safe_text(value: str) -> str:
    """A text that a spreadsheet will not run as a formula (CSV)."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _csv_value(value: Value, decimal_comma: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _yes_no(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        text = format(value, "f")
        return text.replace(".", ",") if decimal_comma else text
    return safe_text(str(value))


def write_csv(export: Export, kind: str) -> bytes:
    """UTF-8 with BOM; in Swedish `;` and a decimal comma (what Swedish Excel opens directly),
    in English `,` and a decimal point. A header comment (lines starting with #) says what the
    file is and what is left out; then the headings and the rows."""
    sv = swedish()
    data = table(export, kind)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if sv else ",", lineterminator="\r\n")
    writer.writerow([f"# {data.title}"])
    for label, value in about(export):
        writer.writerow([f"# {label}: {value}"])
    writer.writerow(data.headings)
    for row in data.rows:
        writer.writerow([_csv_value(value, sv) for value in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


NUMBER_FORMATS: dict[CellType, str] = {
    "int": "0",
    "decimal": "0.00",
    "price": "#,##0.00",
}
WIDTHS: dict[CellType, int] = {"int": 10, "decimal": 12, "price": 14, "text": 28}


def _xlsx_text(value: str) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", value)[:XLSX_CELL_LIMIT]


def _fill_sheet(sheet, data: Table) -> None:
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    sheet.append(data.headings)
    for cell in sheet[1]:
        cell.font = bold
    for row in data.rows:
        sheet.append([None] * len(row))
        for column, (value, cell_type) in enumerate(zip(row, data.types, strict=True), start=1):
            cell = sheet.cell(row=sheet.max_row, column=column)
            if value is None:
                continue
            if cell_type == "text" or isinstance(value, str):
                text = _xlsx_text(str(value))
                cell.value = text
                cell.data_type = "s"  # never a formula
                if text.startswith(FORMULA_STARTS):
                    cell.quotePrefix = True
                if "\n" in text:
                    cell.alignment = wrap
            else:
                cell.value = value
                cell.number_format = NUMBER_FORMATS[cell_type]
    for column, cell_type in enumerate(data.types, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = WIDTHS[cell_type]
    sheet.freeze_panes = "A2"
    if data.rows:
        sheet.auto_filter.ref = sheet.dimensions


def _sheet_title(title: str) -> str:
    return "".join(c for c in title if c not in "[]:*?/\\")[:31]


def write_xlsx(export: Export, kind: str) -> bytes:
    """One workbook: the individual scores, the consensus, and About; opened at `kind`."""
    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    for index, each in enumerate(KINDS):
        data = table(export, each)
        _fill_sheet(book.create_sheet(_sheet_title(data.title)), data)
        if each == kind:
            book.active = index
    sheet = book.create_sheet(_sheet_title(_("About this export")))
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for label, value in about(export):
        sheet.append([None, None])
        label_cell = sheet.cell(row=sheet.max_row, column=1, value=_xlsx_text(label))
        label_cell.font = bold
        label_cell.data_type = "s"
        value_cell = sheet.cell(row=sheet.max_row, column=2, value=_xlsx_text(value))
        value_cell.data_type = "s"
        value_cell.alignment = wrap
        if value_cell.value and str(value_cell.value).startswith(FORMULA_STARTS):
            value_cell.quotePrefix = True
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 90
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def write(export: Export, *, kind: str, file_format: str) -> tuple[bytes, str]:
    """The file and its content type."""
    if file_format == CSV:
        return write_csv(export, kind), CSV_CONTENT_TYPE
    return write_xlsx(export, kind), XLSX_CONTENT_TYPE


def filename(procurement: Procurement, *, kind: str, file_format: str) -> str:
    base = slugify(procurement.reference_number or "") or f"procurement-{procurement.pk}"
    return f"{base}-{kind}.{file_format}"


def record(*, actor: Actor, export: Export, kind: str, file_format: str) -> None:
    """The audit trace of an export: confidential (it is about scores and, maybe, prices), so
    kept and hash-chained but never shown in the organisation's event log. No scores or prices
    in it, only what was exported."""
    procurement = export.procurement
    record_event(
        action="evaluation.exported",
        actor=actor.user,
        organisation=procurement.buyer,
        target=procurement,
        data={
            "kind": kind,
            "format": file_format,
            "individual_rows": len(export.individual),
            "consensus_rows": len(export.consensus),
            "prices_included": export.with_prices,
        },
        confidential=True,
    )


class ExportRequestError(ValueError):
    """An unknown export kind or format; the message is for the person asking."""


def check_request(*, kind: str, file_format: str) -> None:
    if kind not in KINDS:
        raise ExportRequestError(_("Unknown export: choose individual or consensus."))
    if file_format not in FORMATS:
        raise ExportRequestError(_("Unknown file format: choose csv or xlsx."))
