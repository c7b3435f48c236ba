"""The award calculation as CSV and XLSX: per lot and qualified tender the rank, the price, the
quality points per award criterion and in total, the price deduction or surcharge (value-added
and surcharge models), the comparison figure, the tie-break and the sensitivity figures (the
price at which it would have won, the difference from its price, the quality it would have
needed); and the breakdown per criterion (consensus step, points, deduction or surcharge).

The figures are the award page's: `calculation.award_calculation`, which refuses
(`AwardNotReady`) while a consensus is not final or, with hidden prices, before the reveal.
Who may export is `permissions.can_export_calculation`: the award page's readers who may also
see the prices (`evaluations.permissions.can_see_prices`), so the panel never gets a price
early. Disqualified tenders are not ranked; the About sheet names them, says how the winner
changes with the quality weight, and lists the rank reversals and the step changes that would
change the winner. An export leaves the confidential audit event `award.exported` (it holds
prices and scores; the event holds neither).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.utils.translation import gettext as _

from rodtrad.accounts.actor import Actor
from rodtrad.audit.services import record_event
from rodtrad.award.calculation import AwardCalculation, award_calculation
from rodtrad.common import spreadsheets
from rodtrad.common.spreadsheets import CellType, ExportRequestError, Table, Value
from rodtrad.procurements.evaluation import ModelKind
from rodtrad.procurements.models import EvaluationKind, Procurement, TieBreak

RANKING = "ranking"
BREAKDOWN = "breakdown"
KINDS = (RANKING, BREAKDOWN)
HUNDRED = Decimal(100)


@dataclass
class Export:
    procurement: Procurement
    calculation: AwardCalculation
    exported_at: datetime
    exported_by: str
    notes: list[tuple[str, str]] = field(default_factory=list)


def build(*, actor: Actor, procurement: Procurement) -> Export:
    """The calculation with its sensitivity. The caller has checked the actor may export
    (`permissions.get_award_export`); raises `AwardNotReady` while there is nothing to
    export. The award page's queries, no more."""
    return Export(
        procurement=procurement,
        calculation=award_calculation(procurement, sensitivity=True),
        exported_at=spreadsheets.exported_at(),
        exported_by=spreadsheets.exported_by(actor.user),
    )


def _percent(step: Decimal) -> Decimal:
    """A step 0–1 as a percentage without trailing zeros: 0.8 → 80, 0.125 → 12.5."""
    value = step * HUNDRED
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def _adjustment_heading(kinds: set[ModelKind]) -> str | None:
    """The heading of the price deduction or surcharge column, if any lot has one."""
    if kinds == {ModelKind.VALUE_ADDED}:
        return _("Price deduction (SEK)")
    if kinds == {ModelKind.SURCHARGE}:
        return _("Price surcharge (SEK)")
    if kinds & {ModelKind.VALUE_ADDED, ModelKind.SURCHARGE}:
        return _("Price deduction or surcharge (SEK)")
    return None


def ranking(export: Export) -> Table:
    calc = export.calculation
    kinds = {lot.model.kind for lot in calc.lots}
    adjustment = _adjustment_heading(kinds)
    comparison: CellType = "ratio" if ModelKind.WEIGHTED_RELATIVE in kinds else "decimal"
    headings = [_("Lot"), _("Rank"), _("Tenderer"), _("Price (SEK)")]
    types: list[CellType] = ["int", "int", "text", "price"]
    for award in calc.awards:
        headings.append(
            _("Points: %(criterion)s")
            % {"criterion": f"{award.criterion.code} {award.criterion.name}"}
        )
        types.append("decimal")
    headings += [_("Quality points"), _("Maximum quality points")]
    types += ["decimal", "decimal"]
    if adjustment is not None:
        headings.append(adjustment)
        types.append("price")
    headings += [
        _("Comparison figure"),
        _("Tie-break"),
        _("Price at which it would have won (SEK)"),
        _("Difference from its price (SEK)"),
        _("Quality it would have needed (percentage points on every criterion)"),
        _("Quality points it would have needed"),
    ]
    types += [comparison, "text", "price", "price", "decimal", "decimal"]

    rows: list[list[Value]] = []
    for lot in calc.lots:
        for ranked in lot.ranked:
            row = ranked.row
            points = {line.key: line.points for line in row.breakdown}
            cells: list[Value] = [lot.lot.number, row.rank, ranked.entry.organisation.name]
            cells.append(row.price)
            cells += [points.get(str(award.pk)) for award in calc.awards]
            cells += [row.quality_points, row.quality_max]
            if adjustment is not None:
                cells.append(
                    sum((line.deduction_or_surcharge for line in row.breakdown), Decimal(0))
                )
            cells += [row.comparison_display, ranked.tie]
            cells += _break_even(ranked)
            rows.append(cells)
    return Table(title=_("Award calculation"), headings=headings, types=types, rows=rows)


def _break_even(ranked) -> list[Value]:
    """The sensitivity figures of a tender that did not win (empty for the winner)."""
    cells: list[Value] = [None, None, None, None]
    even, needed = ranked.break_even, ranked.quality_needed
    if even is not None:
        if even.unlimited:
            cells[0] = _("any price")
        elif even.impossible:
            cells[0] = _("no price")
        else:
            cells[0] = even.break_even
        cells[1] = even.difference
    if needed is not None:
        if needed.impossible:
            cells[2] = _("not even full marks on every criterion")
        else:
            cells[2] = ranked.quality_needed_percent
            cells[3] = needed.extra_points
    return cells


def breakdown(export: Export) -> Table:
    calc = export.calculation
    adjustment = _adjustment_heading({lot.model.kind for lot in calc.lots})
    headings = [
        _("Lot"),
        _("Rank"),
        _("Tenderer"),
        _("Criterion code"),
        _("Criterion"),
        _("Maximum points"),
        _("Consensus step (%)"),
        _("Points"),
    ]
    types: list[CellType] = ["int", "int", "text", "text", "text", "decimal", "decimal", "decimal"]
    if adjustment is not None:
        headings.append(adjustment)
        types.append("price")
    rows: list[list[Value]] = []
    for lot in calc.lots:
        maximum = {rule.key: rule.max_points for rule in lot.model.criteria}
        for ranked in lot.ranked:
            for award, line in ranked.lines:
                cells: list[Value] = [
                    lot.lot.number,
                    ranked.row.rank,
                    ranked.entry.organisation.name,
                    award.criterion.code,
                    award.criterion.name,
                    maximum.get(line.key),
                    _percent(line.step),
                    line.points,
                ]
                if adjustment is not None:
                    cells.append(line.deduction_or_surcharge)
                rows.append(cells)
    return Table(title=_("Breakdown per criterion"), headings=headings, types=types, rows=rows)


def table(export: Export, kind: str) -> Table:
    if kind == RANKING:
        return ranking(export)
    if kind == BREAKDOWN:
        return breakdown(export)
    raise ValueError(f"unknown export kind {kind!r}")


def _label(choices, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def about(export: Export) -> list[tuple[str, str]]:
    """What, when, who, how the winner is chosen, what is not ranked and the sensitivity that
    is not a figure per tender."""
    procurement = export.procurement
    calc = export.calculation
    lines = [
        (_("Procurement"), procurement.title),
        (_("Reference number"), procurement.reference_number or ""),
        (_("Evaluation model"), _label(EvaluationKind, procurement.evaluation_kind)),
        (_("Tie-break rule"), _label(TieBreak, procurement.tie_break)),
        (_("Exported at (Stockholm time)"), spreadsheets.moment(export.exported_at)),
        (_("Exported by"), export.exported_by),
    ]
    for lot in calc.lots:
        label = _("Lot %(number)s") % {"number": lot.lot.number}
        lines.append(
            (
                label,
                _("The lowest comparison figure wins.")
                if lot.result.lower_wins
                else _("The highest comparison figure wins."),
            )
        )
        if lot.model.kind == ModelKind.WEIGHTED_RELATIVE:
            if lot.weight_switch is not None:
                text = _(
                    "The winner changes at a quality weight of %(weight)s %% (now %(current)s %%)."
                ) % {
                    "weight": _percent(lot.weight_switch),
                    "current": _percent(lot.model.weight_quality),
                }
            else:
                text = _("No weight of quality changes the winner.")
            lines.append((label, text))
        for removed, first, second, before, after in lot.reversal_lines:
            lines.append(
                (
                    _("Rank reversal"),
                    _(
                        "Without %(removed)s, the order of %(first)s and %(second)s changes: "
                        "ranks %(b1)s and %(b2)s become %(a1)s and %(a2)s."
                    )
                    % {
                        "removed": removed,
                        "first": first,
                        "second": second,
                        "b1": before[0],
                        "b2": before[1],
                        "a1": after[0],
                        "a2": after[1],
                    },
                )
            )
        for name, award, step_before, step_after, winners in lot.step_lines:
            lines.append(
                (
                    _("Step stability"),
                    _(
                        "%(name)s, criterion %(code)s: %(before)s %% → %(after)s %% makes "
                        "%(winners)s the winner."
                    )
                    % {
                        "name": name,
                        "code": award.criterion.code,
                        "before": step_before,
                        "after": step_after,
                        "winners": winners,
                    },
                )
            )
    if calc.disqualified:
        names = ", ".join(o.tender.organisation.name for o in calc.disqualified)
        lines.append(
            (
                _("Left out"),
                _("Tenders that did not pass qualification are not ranked: %(names)s.")
                % {"names": names},
            )
        )
    else:
        lines.append((_("Left out"), _("Nothing is left out.")))
    return lines


def write(export: Export, *, kind: str, file_format: str) -> tuple[bytes, str]:
    """A CSV of `kind`, or one workbook with the ranking, the breakdown and About."""
    return spreadsheets.write(
        [table(export, each) for each in KINDS],
        about(export),
        file_format=file_format,
        active=KINDS.index(kind),
    )


def filename(procurement: Procurement, *, kind: str, file_format: str) -> str:
    return spreadsheets.filename(
        procurement.reference_number,
        fallback=f"procurement-{procurement.pk}",
        suffix=f"award-{kind}",
        file_format=file_format,
    )


def record(*, actor: Actor, export: Export, kind: str, file_format: str) -> None:
    """Confidential (the file holds prices and scores); the event holds neither."""
    procurement = export.procurement
    record_event(
        action="award.exported",
        actor=actor.user,
        organisation=procurement.buyer,
        target=procurement,
        data={
            "kind": kind,
            "format": file_format,
            "lots": len(export.calculation.lots),
            "tenders": sum(len(lot.entries) for lot in export.calculation.lots),
        },
        confidential=True,
    )


def check_request(*, kind: str, file_format: str) -> None:
    if kind not in KINDS:
        raise ExportRequestError(_("Unknown export: choose ranking or breakdown."))
    spreadsheets.check_format(file_format)
