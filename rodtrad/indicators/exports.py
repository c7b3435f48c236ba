"""A contract's indicator values as CSV and XLSX: one row per indicator and period (an
indicator without values gets one row without a period), with the unit, the direction, the
target, the value, where it came from and whether it misses the target.

Who may export: the indicator pages' readers (`permissions.get_contract`: the contract's two
parties; 404 for everyone else). Nothing is left out for them. Two queries (the indicators and
their values) however many there are. An export leaves the audit event `indicator.exported`
(not confidential: both parties read every figure in it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from rodtrad.accounts.actor import Actor
from rodtrad.audit.services import record_event
from rodtrad.common import spreadsheets
from rodtrad.common.spreadsheets import CellType, Table, Value
from rodtrad.contracts.models import Contract
from rodtrad.indicators.models import Indicator, IndicatorValue, Source
from rodtrad.indicators.selectors import misses_target, plain
from rodtrad.procurements.models import Direction


@dataclass(frozen=True)
class Row:
    indicator: str
    unit: str
    direction: str
    target: Decimal
    period: str
    value: Decimal | None
    source: str
    reference: str
    off_target: bool | None  # None without a value


@dataclass
class Export:
    contract: Contract
    exported_at: datetime
    exported_by: str
    rows: list[Row]
    indicators: int


def _figure(value: Decimal) -> Decimal:
    """The stored decimal without trailing zeros: 90.0000 → 90, 87.5000 → 87.5."""
    return Decimal(plain(value))


def build(*, actor: Actor, contract: Contract) -> Export:
    """Every indicator of the contract with its values, oldest period first. Two queries."""
    indicators = list(
        Indicator.objects.filter(contract=contract)
        .prefetch_related(
            Prefetch("values", queryset=IndicatorValue.objects.order_by("period", "id"))
        )
        .order_by("order", "id")
    )
    rows = []
    for indicator in indicators:
        name, unit = indicator.name, indicator.unit
        direction = str(Direction(indicator.direction).label)
        target = _figure(indicator.target)
        values = list(indicator.values.all())
        if not values:
            rows.append(Row(name, unit, direction, target, "", None, "", "", off_target=None))
        for value in values:
            rows.append(
                Row(
                    indicator=name,
                    unit=unit,
                    direction=direction,
                    target=target,
                    period=value.period,
                    value=_figure(value.value),
                    source=str(Source(value.source).label),
                    reference=value.reference,
                    off_target=misses_target(indicator.direction, indicator.target, value.value),
                )
            )
    return Export(
        contract=contract,
        exported_at=spreadsheets.exported_at(),
        exported_by=spreadsheets.exported_by(actor.user),
        rows=rows,
        indicators=len(indicators),
    )


def table(export: Export) -> Table:
    headings = [
        _("Indicator"),
        _("Unit"),
        _("Direction"),
        _("Target"),
        _("Period"),
        _("Value"),
        _("Source"),
        _("Source reference"),
        _("Misses the target"),
    ]
    types: list[CellType] = [
        "text",
        "text",
        "text",
        "number",
        "text",
        "number",
        "text",
        "text",
        "text",
    ]
    rows: list[list[Value]] = [
        [
            r.indicator,
            r.unit,
            r.direction,
            r.target,
            r.period,
            r.value,
            r.source,
            r.reference,
            None if r.off_target is None else spreadsheets.yes_no(r.off_target),
        ]
        for r in export.rows
    ]
    return Table(title=_("Indicator values"), headings=headings, types=types, rows=rows)


def about(export: Export) -> list[tuple[str, str]]:
    contract = export.contract
    return [
        (_("Procurement"), contract.procurement.title),
        (_("Reference number"), contract.procurement.reference_number or ""),
        (_("Buyer"), contract.buyer.name),
        (_("Provider"), contract.provider.name),
        (_("Exported at (Stockholm time)"), spreadsheets.moment(export.exported_at)),
        (_("Exported by"), export.exported_by),
        (_("Left out"), _("Nothing is left out.")),
    ]


def write(export: Export, *, file_format: str) -> tuple[bytes, str]:
    return spreadsheets.write([table(export)], about(export), file_format=file_format)


def filename(contract: Contract, *, file_format: str) -> str:
    return spreadsheets.filename(
        contract.procurement.reference_number,
        fallback=f"contract-{contract.pk}",
        suffix="indicators",
        file_format=file_format,
    )


def record(*, actor: Actor, export: Export, file_format: str) -> None:
    record_event(
        action="indicator.exported",
        actor=actor.user,
        organisation=export.contract.buyer,
        target=export.contract,
        data={"format": file_format, "indicators": export.indicators, "rows": len(export.rows)},
    )
