"""Reads for the contract pages and the API, each in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from rodtrad.accounts.actor import Actor
from rodtrad.assessments import scoring
from rodtrad.assessments.models import ScopeItem
from rodtrad.award.models import AwardDecision
from rodtrad.award.services import contract_blocker
from rodtrad.contracts import permissions
from rodtrad.contracts.models import Contract
from rodtrad.procurements.models import Procurement


def contract_list(actor: Actor) -> list[Contract]:
    """The contracts the actor may read, newest signature first. One query."""
    return list(
        permissions.visible_contracts(actor)
        .select_related("procurement", "lot", "buyer", "provider", "manager")
        .order_by("-signed_on", "-id")
    )


@dataclass
class BaselineLine:
    code: str
    name: str
    kind: str
    max_points: Decimal
    percent: int | None
    points: Decimal


@dataclass
class Baseline:
    lines: list[BaselineLine]

    @property
    def total(self) -> Decimal:
        return sum((line.points for line in self.lines), Decimal(0))

    @property
    def max_total(self) -> Decimal:
        return sum((line.max_points for line in self.lines), Decimal(0))


def baseline(contract: Contract) -> Baseline:
    """The winning tender's final consensus per criterion: where the follow-up starts from.
    One query."""
    items = (
        ScopeItem.objects.filter(assessment_id=contract.baseline_id)
        .select_related("criterion__group", "consensus")
        .order_by("criterion__group__order", "order", "id")
    )
    lines = []
    for item in items:
        consensus = getattr(item, "consensus", None)
        percent = consensus.percent if consensus else None
        lines.append(
            BaselineLine(
                code=item.criterion.code,
                name=item.criterion.name,
                kind=item.criterion.kind,
                max_points=item.max_points,
                percent=percent,
                points=scoring.points(percent, item.max_points),
            )
        )
    return Baseline(lines)


@dataclass
class LotRegistration:
    decision: AwardDecision
    contract: Contract | None


@dataclass
class Registration:
    procurement: Procurement
    lots: list[LotRegistration]
    blocker: str | None
    can_register: bool

    @property
    def several_lots(self) -> bool:
        return len(self.lots) > 1


def registration(actor: Actor, procurement: Procurement) -> Registration:
    """Per decided lot its registered contract or what stops one. Four queries."""
    decisions = list(
        AwardDecision.objects.filter(procurement=procurement)
        .select_related("lot", "winner__organisation")
        .defer("winner__sealed_draft")
        .order_by("lot__number")
    )
    contracts = {
        c.lot_id: c
        for c in Contract.objects.filter(procurement=procurement).select_related("manager")
    }
    return Registration(
        procurement=procurement,
        lots=[LotRegistration(d, contracts.get(d.lot_id)) for d in decisions],
        blocker=contract_blocker(procurement),
        can_register=permissions.can_register(actor, procurement),
    )
