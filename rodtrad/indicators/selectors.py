"""Reads for the indicator pages, the API and the contract page's summary, each in a fixed
number of queries however many indicators and values there are."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import formats
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from rodtrad.common.charts import Series, line_chart
from rodtrad.contracts.models import Contract
from rodtrad.indicators.models import Indicator, IndicatorValue
from rodtrad.procurements.models import Direction


def plain(value: Decimal) -> str:
    """A decimal as plain text without trailing zeros or exponent: 90.0000 -> "90"."""
    text = format(value.normalize(), "f")
    return text


def figure(value: Decimal) -> str:
    """A decimal for a page, in the active language's format (87,5 in Swedish)."""
    return formats.number_format(Decimal(plain(value)))


def misses_target(direction: str, target: Decimal, value: Decimal | None) -> bool:
    """Whether a value misses the target in the indicator's direction (no value: no miss)."""
    if value is None:
        return False
    return value < target if direction == Direction.HIGHER else value > target


@dataclass(frozen=True)
class IndicatorRow:
    indicator: Indicator
    latest_period: str | None
    latest_value: Decimal | None
    off_target: bool
    url: str


def indicator_rows(contract: Contract) -> list[IndicatorRow]:
    """The contract's indicators with their latest value (one query)."""
    latest = IndicatorValue.objects.filter(indicator=OuterRef("pk")).order_by("-period")
    indicators = (
        Indicator.objects.filter(contract=contract)
        .select_related("goal", "criterion")
        .annotate(
            latest_period=Subquery(latest.values("period")[:1]),
            latest_value=Subquery(latest.values("value")[:1]),
        )
        .order_by("order", "id")
    )
    rows = []
    for indicator in indicators:
        value = indicator.latest_value  # type: ignore[attr-defined]
        value = Decimal(value) if value is not None else None
        rows.append(
            IndicatorRow(
                indicator=indicator,
                latest_period=indicator.latest_period,  # type: ignore[attr-defined]
                latest_value=value,
                off_target=misses_target(indicator.direction, indicator.target, value),
                url=reverse("indicators:detail", args=[contract.pk, indicator.pk]),
            )
        )
    return rows


@dataclass(frozen=True)
class ContractSummary:
    count: int
    off_target: int
    without_value: int
    url: str


def contract_summary(contract: Contract) -> ContractSummary:
    """For the contract page: how many indicators, how many miss their target (one query)."""
    rows = indicator_rows(contract)
    return ContractSummary(
        count=len(rows),
        off_target=sum(r.off_target for r in rows),
        without_value=sum(r.latest_value is None for r in rows),
        url=reverse("indicators:list", args=[contract.pk]),
    )


@dataclass(frozen=True)
class ValueRow:
    value: IndicatorValue
    off_target: bool


@dataclass(frozen=True)
class IndicatorDetail:
    indicator: Indicator
    values: list[ValueRow]
    latest: ValueRow | None
    chart: SafeString | None


def indicator_detail(indicator: Indicator) -> IndicatorDetail:
    """The values over the periods with the chart (one query)."""
    values = list(
        IndicatorValue.objects.filter(indicator=indicator)
        .select_related("entered_by")
        .order_by("period")
    )
    rows = [
        ValueRow(v, misses_target(indicator.direction, indicator.target, v.value)) for v in values
    ]
    chart = None
    if values:
        unit = f" {indicator.unit}" if indicator.unit else ""
        chart = line_chart(
            [Series(indicator.name, [v.value for v in values])],
            [v.period for v in values],
            target=indicator.target,
            title=_("%(name)s per period") % {"name": indicator.name},
            description=_(
                "A line of %(count)s values from %(first)s to %(last)s, with the target "
                "%(target)s%(unit)s as a dashed line. The table below gives the same figures."
            )
            % {
                "count": len(values),
                "first": values[0].period,
                "last": values[-1].period,
                "target": figure(indicator.target),
                "unit": unit,
            },
            target_label=_("Target"),
        )
    return IndicatorDetail(indicator, rows, rows[-1] if rows else None, chart)
