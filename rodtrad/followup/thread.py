"""The contract's red thread on one screen (DOMAIN.md section 5): per award criterion the goals
it serves, the tender's consensus (the baseline) and every final round of both parties, the
indicators linked to it against their targets, and the improvement actions about it. Six
queries, however many criteria, rounds, indicators and actions."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, OuterRef, Q, Subquery

from rodtrad.contracts.models import Contract, Party
from rodtrad.followup import selectors
from rodtrad.improvements.models import ImprovementAction
from rodtrad.improvements.selectors import OPEN_STATUSES, overdue_filter
from rodtrad.indicators.models import Indicator, IndicatorValue
from rodtrad.indicators.selectors import misses_target
from rodtrad.procurements.models import AwardCriterion, Goal


@dataclass
class ThreadIndicator:
    name: str
    unit: str
    target: Decimal
    latest: Decimal | None
    off_target: bool


@dataclass
class ThreadRow:
    code: str
    name: str
    max_points: Decimal
    goals: list[Goal]
    provider: list[Decimal | None]
    buyer: list[Decimal | None]
    indicators: list[ThreadIndicator] = field(default_factory=list)
    open_actions: int = 0
    overdue_actions: int = 0


@dataclass
class Thread:
    provider_labels: list[str]
    buyer_labels: list[str]
    rows: list[ThreadRow]


def red_thread(contract: Contract) -> Thread:
    awards = {
        a.criterion_id: a
        for a in AwardCriterion.objects.filter(procurement_id=contract.procurement_id)
        .select_related("criterion")
        .prefetch_related("goals")
        .order_by("order", "id")
    }
    parties = {p.party: p for p in selectors.progressions(contract, selectors.rounds(contract))}
    provider, buyer = parties[Party.PROVIDER].progression, parties[Party.BUYER].progression
    buyer_rows = {row.code: row for row in buyer.criteria}
    criteria_by_code = {a.criterion.code: a for a in awards.values()} if awards else {}
    latest = IndicatorValue.objects.filter(indicator=OuterRef("pk")).order_by("-period")
    indicators: dict[int | None, list[ThreadIndicator]] = {}
    for found in (
        Indicator.objects.filter(contract=contract)
        .annotate(latest_value=Subquery(latest.values("value")[:1]))
        .order_by("order", "id")
    ):
        value = found.latest_value  # type: ignore[attr-defined]
        indicators.setdefault(found.criterion_id, []).append(
            ThreadIndicator(
                found.name,
                found.unit,
                found.target,
                value,
                misses_target(found.direction, found.target, value),
            )
        )
    actions: dict[int, tuple[int, int]] = {
        criterion_id: (opened, overdue)
        for criterion_id, opened, overdue in ImprovementAction.objects.filter(
            contract=contract, criterion__isnull=False
        )
        .values("criterion_id")
        .annotate(
            opened=Count("pk", filter=Q(status__in=list(OPEN_STATUSES))),
            overdue=Count("pk", filter=overdue_filter()),
        )
        .values_list("criterion_id", "opened", "overdue")
    }
    rows = []
    for line in provider.criteria:
        award = criteria_by_code.get(line.code)
        criterion_id = award.criterion_id if award else None
        opened, overdue = actions.get(criterion_id, (0, 0)) if criterion_id else (0, 0)
        rows.append(
            ThreadRow(
                code=line.code,
                name=line.name,
                max_points=line.max_points,
                goals=list(award.goals.all()) if award else [],
                provider=line.points,
                buyer=buyer_rows[line.code].points
                if line.code in buyer_rows
                else [None] * len(buyer.labels),
                indicators=indicators.get(criterion_id, []) if criterion_id else [],
                open_actions=opened,
                overdue_actions=overdue,
            )
        )
    return Thread(provider.labels, buyer.labels, rows)
