"""The follow-up overview across the contracts a person may see (the buyer's contract managers
and the provider's quality leads alike): per contract the next round and whether it is overdue
or due soon, the overdue improvement actions, the indicators that miss their target and the
partnership gaps of the latest done round. Five queries, however many contracts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count, OuterRef, Subquery
from django.utils import timezone

from rodtrad.accounts.actor import Actor
from rodtrad.common import clock
from rodtrad.contracts import selectors as contract_selectors
from rodtrad.contracts.models import Contract
from rodtrad.followup.models import FollowUpRound, RoundStatus
from rodtrad.improvements.models import ImprovementAction
from rodtrad.improvements.selectors import overdue_filter
from rodtrad.indicators.models import Indicator, IndicatorValue
from rodtrad.indicators.selectors import misses_target
from rodtrad.partnership import barometer
from rodtrad.partnership import selectors as partnership_selectors

DUE_SOON_DAYS = 30


@dataclass
class ContractStatus:
    contract: Contract
    next_round: FollowUpRound | None
    round_overdue: bool
    round_due_soon: bool
    overdue_actions: int
    indicators: int
    off_target: int
    latest_done: FollowUpRound | None = None
    partnership_gaps: list[barometer.ConditionResult] = field(default_factory=list)

    @property
    def needs_attention(self) -> bool:
        return (
            self.round_overdue
            or bool(self.overdue_actions)
            or bool(self.off_target)
            or bool(self.partnership_gaps)
        )


def overview(actor: Actor) -> list[ContractStatus]:
    contracts = contract_selectors.contract_list(actor)
    ids = [c.pk for c in contracts]
    today = timezone.localtime(clock.now()).date()
    next_rounds: dict[int, FollowUpRound] = {}
    latest_done: dict[int, FollowUpRound] = {}
    for found in FollowUpRound.objects.filter(contract_id__in=ids).order_by(
        "contract_id", "due_on", "number"
    ):
        if found.status == RoundStatus.DONE:
            latest_done[found.contract_id] = found
        else:
            next_rounds.setdefault(found.contract_id, found)
    gaps = partnership_selectors.large_gaps_by_round([r.pk for r in latest_done.values()])
    overdue = dict(
        ImprovementAction.objects.filter(contract_id__in=ids)
        .filter(overdue_filter(today))
        .values("contract_id")
        .annotate(count=Count("pk"))
        .values_list("contract_id", "count")
    )
    latest = IndicatorValue.objects.filter(indicator=OuterRef("pk")).order_by("-period")
    indicators: dict[int, list[bool]] = {}
    for contract_id, direction, target, value in (
        Indicator.objects.filter(contract_id__in=ids)
        .annotate(latest_value=Subquery(latest.values("value")[:1]))
        .values_list("contract_id", "direction", "target", "latest_value")
    ):
        indicators.setdefault(contract_id, []).append(misses_target(direction, target, value))
    rows = []
    for contract in contracts:
        round = next_rounds.get(contract.pk)
        flags = indicators.get(contract.pk, [])
        rows.append(
            ContractStatus(
                contract=contract,
                next_round=round,
                round_overdue=round is not None and round.due_on < today,
                round_due_soon=round is not None
                and today <= round.due_on <= today + timedelta(days=DUE_SOON_DAYS),
                overdue_actions=overdue.get(contract.pk, 0),
                indicators=len(flags),
                off_target=sum(flags),
                latest_done=latest_done.get(contract.pk),
                partnership_gaps=gaps.get(latest_done[contract.pk].pk, [])
                if contract.pk in latest_done
                else [],
            )
        )
    rows.sort(key=lambda row: (not row.needs_attention, row.contract.procurement.title))
    return rows
