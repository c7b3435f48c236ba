"""Reads for the award pages and the API, each in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rodtrad.accounts.actor import Actor
from rodtrad.assessments.models import ConsensusScore
from rodtrad.award import permissions
from rodtrad.award.calculation import AwardCalculation, AwardNotReady, award_calculation
from rodtrad.award.models import AwardDecision, ReviewRequest
from rodtrad.award.services import contract_blocker
from rodtrad.evaluations.models import TenderEvaluation
from rodtrad.procurements.models import Procurement
from rodtrad.tenders.models import Tender


def decisions(procurement: Procurement) -> list[AwardDecision]:
    return list(
        AwardDecision.objects.filter(procurement=procurement)
        .select_related("lot", "signed_by", "winner__organisation")
        .defer("winner__sealed_draft")
        .order_by("lot__number")
    )


@dataclass
class AwardPage:
    procurement: Procurement
    calculation: AwardCalculation | None
    problem: str
    decisions: list[AwardDecision]
    reviews: list[ReviewRequest]
    can_decide: bool
    can_record_review: bool
    blocker: str | None
    can_export: bool = False

    @property
    def several_lots(self) -> bool:
        if self.calculation is not None:
            return self.calculation.several_lots
        return len(self.decisions) > 1

    @property
    def open_reviews(self) -> list[ReviewRequest]:
        return [r for r in self.reviews if r.is_open]


def award_page(actor: Actor, procurement: Procurement) -> AwardPage:
    """The calculation with its sensitivity (or why it cannot be made yet), the signed
    decisions and the requests for review."""
    try:
        calculation: AwardCalculation | None = award_calculation(procurement)
        problem = ""
    except AwardNotReady as error:
        calculation, problem = None, error.message
    signed = decisions(procurement)
    reviews = list(ReviewRequest.objects.filter(procurement=procurement).order_by("filed_on", "id"))
    return AwardPage(
        procurement=procurement,
        calculation=calculation,
        problem=problem,
        decisions=signed,
        reviews=reviews,
        can_decide=permissions.can_decide(actor, procurement)
        and not signed
        and procurement.status == "evaluation"
        and calculation is not None,
        can_record_review=permissions.can_record_review(actor, procurement)
        and procurement.status in ("award_decided", "standstill"),
        blocker=contract_blocker(procurement) if signed else None,
        can_export=calculation is not None
        and permissions.can_export_calculation(actor, procurement),
    )


# --- the tenderer's side -----------------------------------------------------------------------


@dataclass
class FeedbackLine:
    code: str
    name: str
    max_points: str
    own: ConsensusScore | None
    own_points: str | None
    winner_percent: int | None
    winner_points: str | None


@dataclass
class LotDecision:
    decision: AwardDecision
    own_row: dict[str, Any] | None  # this tenderer's row in the ranking
    feedback: list[FeedbackLine] = field(default_factory=list)

    @property
    def is_winner(self) -> bool:
        return self.own_row is not None and self.decision.winner_id == self.own_row["tender"]


@dataclass
class TenderDecision:
    tender: Tender
    lots: list[LotDecision]
    own_disqualification: dict[str, Any] | None
    several_lots: bool


def tender_decision(tender: Tender) -> TenderDecision:
    """The decision as this tenderer reads it: per lot the winner and the ranking with the
    comparison figures, its own disqualification reasons if any, and its feedback – its own
    consensus per criterion with strengths and improvement areas beside the winning tender's
    step. Never another tenderer's breakdown. Three queries."""
    signed = decisions(tender.procurement)
    links = {
        link.lot_id: link.assessment_id
        for link in TenderEvaluation.objects.filter(tender=tender).only("lot_id", "assessment_id")
    }
    own_scores: dict[tuple[int, int], ConsensusScore] = {}
    if links:
        for score in ConsensusScore.objects.filter(
            item__assessment_id__in=links.values()
        ).select_related("item"):
            own_scores[(score.item.assessment_id, score.item.criterion_id)] = score
    lots = []
    disqualification = None
    for decision in signed:
        own_row = next((r for r in decision.ranking if r["tender"] == tender.pk), None)
        for row in decision.disqualified:
            if row["tender"] == tender.pk:
                disqualification = row
        lot_decision = LotDecision(decision, own_row)
        assessment_id = links.get(decision.lot_id)
        if own_row is not None and assessment_id is not None:
            own_lines = {line["award"]: line for line in own_row["breakdown"]}
            for reason in decision.reasons:
                line = own_lines.get(reason["award"])
                lot_decision.feedback.append(
                    FeedbackLine(
                        code=reason["code"],
                        name=reason["name"],
                        max_points=reason["max_points"],
                        own=own_scores.get((assessment_id, reason["criterion"])),
                        own_points=line["points"] if line else None,
                        winner_percent=reason["percent"],
                        winner_points=reason["points"],
                    )
                )
        lots.append(lot_decision)
    return TenderDecision(tender, lots, disqualification, len(signed) > 1)
