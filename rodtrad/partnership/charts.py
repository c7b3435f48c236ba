"""The barometer's trend as SVG line charts (one per party: its reading across the ten
conditions per round) and the same figures as table rows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from rodtrad.common.charts import Series, line_chart
from rodtrad.contracts.models import Contract, Party
from rodtrad.followup.models import FollowUpRound
from rodtrad.partnership import barometer

Points = Sequence[tuple[FollowUpRound, barometer.RoundResult]]


@dataclass(frozen=True)
class PartyChart:
    party: str
    label: str
    svg: SafeString


def trend_charts(contract: Contract, points: Points) -> list[PartyChart]:
    labels = [r.title for r, _result in points]
    charts = []
    for party, label in Party.choices:
        organisation = contract.buyer if party == Party.BUYER else contract.provider
        values: list[Decimal | None] = [result.index.get(party) for _r, result in points]
        charts.append(
            PartyChart(
                party,
                str(label),
                line_chart(
                    [Series(organisation.name, values)],
                    labels,
                    title=_("%(party)s: the partnership barometer over the rounds")
                    % {"party": organisation.name},
                    description=_(
                        "The mean of the ten conditions per round, on the scale 1 to 5. A round "
                        "without a point had too few answers from this party to show."
                    ),
                    y_min=Decimal(1),
                    y_max=Decimal(5),
                ),
            )
        )
    return charts


@dataclass(frozen=True)
class TrendRow:
    round: FollowUpRound
    condition: barometer.Condition | None  # None: the reading across the conditions
    buyer: Decimal | None
    provider: Decimal | None
    gap: Decimal | None


def trend_rows(points: Points) -> list[TrendRow]:
    rows = []
    for round, result in points:
        buyer, provider = result.index.get("buyer"), result.index.get("provider")
        rows.append(
            TrendRow(
                round,
                None,
                buyer,
                provider,
                buyer - provider if buyer is not None and provider is not None else None,
            )
        )
        rows += [
            TrendRow(round, c.condition, c.buyer.mean, c.provider.mean, c.gap)
            for c in result.conditions
        ]
    return rows
