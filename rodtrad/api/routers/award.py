"""The award: the calculation (comparison figures, ranking, breakdown, tie-break), its
sensitivity analysis, the award decision (sign, read), requests for review and their outcome,
and the tenderer's own view of the decision with its feedback. Same permissions as the pages:
the calculation and the sensitivity are refused while any consensus is not final and, when the
procurement hides prices, before the chair reveals them.
No `from __future__ import annotations` (django-ninja resolves endpoint annotations at runtime).
"""

from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Field, Router, Schema
from pydantic import ConfigDict

from rodtrad.api.auth import actor_of
from rodtrad.api.schemas import ERRORS
from rodtrad.award import permissions, selectors, services
from rodtrad.award.calculation import AwardCalculation, AwardNotReady, award_calculation
from rodtrad.award.models import AwardDecision, ReviewRequest
from rodtrad.award.views import (
    export_response,
    procurement_report_pdf,
    tender_feedback_pdf_response,
)
from rodtrad.common.spreadsheets import ExportRequestError, openapi_file_response

router = Router(tags=["award"])


class AwardLineOut(Schema):
    award_criterion_id: int
    code: str
    step: Decimal = Field(..., description="The final consensus step, 0–1")
    points: Decimal
    deduction_or_surcharge: Decimal


class AwardRowOut(Schema):
    tender_id: int
    tenderer: str
    rank: int
    price: Decimal
    quality_points: Decimal
    quality_max: Decimal
    comparison: Decimal | None
    comparison_display: Decimal | None
    tied_with: list[int]
    tie_break: str = Field("", description="The tie-break applied, in words")
    breakdown: list[AwardLineOut]


class LotAwardOut(Schema):
    lot_id: int
    lot_number: int
    evaluation_kind: str
    tie_break: str
    lower_wins: bool
    winner_tender_ids: list[int]
    lottery_needed: bool
    ranking: list[AwardRowOut]


class AwardCalculationOut(Schema):
    procurement_id: int
    lots: list[LotAwardOut]


class BreakEvenOut(Schema):
    tender_id: int
    tenderer: str
    price: Decimal
    break_even_price: Decimal | None = Field(
        None, description="The highest price at which it would have won (rounded down)"
    )
    difference: Decimal | None
    wins_at_any_price: bool
    no_price_wins: bool
    quality_step_needed: Decimal | None = Field(
        None, description="The uniform step increase (0–1) on every criterion it needed"
    )
    quality_points_needed: Decimal | None
    quality_impossible: bool


class ReversalOut(Schema):
    removed_tender_id: int
    pair: list[int]
    ranks_before: list[int]
    ranks_after: list[int]


class StepChangeOut(Schema):
    tender_id: int
    award_criterion_id: int
    from_step: Decimal
    to_step: Decimal
    new_winner_tender_ids: list[int]


class LotSensitivityOut(Schema):
    lot_id: int
    lot_number: int
    non_winners: list[BreakEvenOut]
    weight_switch: Decimal | None = Field(
        None, description="weighted_relative: the quality weight at which the winner changes"
    )
    rank_reversals: list[ReversalOut]
    step_changes: list[StepChangeOut]


class SensitivityOut(Schema):
    procurement_id: int
    lots: list[LotSensitivityOut]


class DecisionOut(Schema):
    id: int
    lot_id: int
    lot_number: int
    winner_tender_id: int
    winner: str
    evaluation_kind: str
    tie_note: str
    decided_by_lottery: bool
    ranking: list[dict]
    reasons: list[dict]
    disqualified: list[dict]
    justification: str
    signed_by: str
    signed_at: datetime
    standstill_last_day: date
    contract_allowed_from: datetime


class ReviewOut(Schema):
    id: int
    court: str
    filed_on: date
    applicant: str
    note: str
    open: bool
    outcome: str
    outcome_on: date | None


class AwardDecisionStateOut(Schema):
    procurement_id: int
    procurement_status: str
    decisions: list[DecisionOut]
    reviews: list[ReviewOut]
    contract_blocker: str | None = Field(
        None, description="Why no contract may be registered yet; null when it may"
    )


class AwardDecisionIn(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "justification": (
                        "Omsorgshuset Ek AB har lämnat det ekonomiskt mest fördelaktiga anbudet: "
                        "det lägsta jämförelsepriset, 1 930 kr per boendedygn efter "
                        "kvalitetsavdrag."
                    )
                }
            ]
        }
    )

    justification: str = Field("", max_length=8000)
    lottery_winners: dict[int, int] = Field(
        default_factory=dict,
        description="Only where a lottery is needed: {lot id: the tender id the lottery drew}",
    )


class ReviewIn(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "court": "Förvaltningsrätten i Växjö",
                    "filed_on": "2026-10-26",
                    "applicant": "Vårdkraft Norr AB",
                    "note": "Sökanden menar att kriteriet om måltider har bedömts för strängt.",
                }
            ]
        }
    )

    court: str = Field(..., max_length=200)
    filed_on: date | None = None
    applicant: str = Field("", max_length=200)
    note: str = Field("", max_length=4000)


class ReviewOutcomeIn(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "outcome": "rejected",
                    "outcome_on": "2027-06-10",
                    "note": "Förvaltningsrätten avslog ansökan; domen har vunnit laga kraft.",
                }
            ]
        }
    )

    outcome: str = Field(..., description="rejected, withdrawn, correction or redo")
    outcome_on: date | None = None
    note: str = Field("", max_length=4000)


class TenderFeedbackLineOut(Schema):
    code: str
    name: str
    max_points: str
    own_percent: int | None
    own_points: str | None
    strengths: list[str]
    improvements: list[str]
    winner_percent: int | None
    winner_points: str | None


class TenderLotDecisionOut(Schema):
    lot_number: int
    winner: str
    is_winner: bool
    signed_at: datetime
    standstill_last_day: date
    ranking: list[dict] = Field(
        ..., description="Rank, tenderer, price, quality points and comparison figure"
    )
    reasons: list[dict]
    feedback: list[TenderFeedbackLineOut]


class TenderDecisionOut(Schema):
    tender_id: int
    disqualification: dict | None
    lots: list[TenderLotDecisionOut]


def _calculate(procurement, *, sensitivity: bool) -> AwardCalculation:
    try:
        return award_calculation(procurement, sensitivity=sensitivity)
    except AwardNotReady as error:
        raise ValidationError(error.message) from error


@router.get(
    "/procurements/{procurement_id}/award/calculation",
    response={200: AwardCalculationOut, **ERRORS},
)
def award_calculation_read(request: HttpRequest, procurement_id: int):
    """Comparison figure per tender with its breakdown, the ranking and the tie-break, per lot
    (the chair and the procurement officers)."""
    procurement = permissions.get_award(actor_of(request), procurement_id)
    calc = _calculate(procurement, sensitivity=False)
    return AwardCalculationOut(
        procurement_id=procurement.pk,
        lots=[
            LotAwardOut(
                lot_id=lot.lot.pk,
                lot_number=lot.lot.number,
                evaluation_kind=lot.model.kind.value,
                tie_break=lot.model.tie_break.value,
                lower_wins=lot.result.lower_wins,
                winner_tender_ids=[int(k) for k in lot.result.winner_keys],
                lottery_needed=lot.result.lottery_needed,
                ranking=[
                    AwardRowOut(
                        tender_id=int(r.row.key),
                        tenderer=r.entry.organisation.name,
                        rank=r.row.rank,
                        price=r.row.price,
                        quality_points=r.row.quality_points,
                        quality_max=r.row.quality_max,
                        comparison=r.row.comparison,
                        comparison_display=r.row.comparison_display,
                        tied_with=[int(k) for k in r.row.tied_with],
                        tie_break=r.tie,
                        breakdown=[
                            AwardLineOut(
                                award_criterion_id=award.pk,
                                code=award.criterion.code,
                                step=line.step,
                                points=line.points,
                                deduction_or_surcharge=line.deduction_or_surcharge,
                            )
                            for award, line in r.lines
                        ],
                    )
                    for r in lot.ranked
                ],
            )
            for lot in calc.lots
        ],
    )


@router.get(
    "/procurements/{procurement_id}/award/sensitivity", response={200: SensitivityOut, **ERRORS}
)
def award_sensitivity_read(request: HttpRequest, procurement_id: int):
    """The sensitivity analysis per lot: for each tender that did not win the price at which it
    would have won and the quality it would have needed; the weight switch (weighted models);
    rank reversals when a tender that cannot win is removed; the single one-step changes of a
    consensus score that would change the winner."""
    procurement = permissions.get_award(actor_of(request), procurement_id)
    calc = _calculate(procurement, sensitivity=True)
    lots = []
    for lot in calc.lots:
        non_winners = []
        for r in lot.ranked:
            if r.break_even is None or r.quality_needed is None:
                continue
            non_winners.append(
                BreakEvenOut(
                    tender_id=int(r.row.key),
                    tenderer=r.entry.organisation.name,
                    price=r.row.price,
                    break_even_price=r.break_even.break_even,
                    difference=r.break_even.difference,
                    wins_at_any_price=r.break_even.unlimited,
                    no_price_wins=r.break_even.impossible,
                    quality_step_needed=r.quality_needed.step,
                    quality_points_needed=r.quality_needed.extra_points,
                    quality_impossible=r.quality_needed.impossible,
                )
            )
        lots.append(
            LotSensitivityOut(
                lot_id=lot.lot.pk,
                lot_number=lot.lot.number,
                non_winners=non_winners,
                weight_switch=lot.weight_switch,
                rank_reversals=[
                    ReversalOut(
                        removed_tender_id=int(x.removed_key),
                        pair=[int(k) for k in x.pair],
                        ranks_before=list(x.ranks_before),
                        ranks_after=list(x.ranks_after),
                    )
                    for x in lot.reversals
                ],
                step_changes=[
                    StepChangeOut(
                        tender_id=int(c.tender_key),
                        award_criterion_id=int(c.criterion_key),
                        from_step=c.from_step,
                        to_step=c.to_step,
                        new_winner_tender_ids=[int(k) for k in c.new_winner_keys],
                    )
                    for c in lot.step_changes
                ],
            )
        )
    return SensitivityOut(procurement_id=procurement.pk, lots=lots)


@router.get(
    "/procurements/{procurement_id}/award/export/{kind}.{format}",
    response={200: None, **ERRORS},
    openapi_extra=openapi_file_response(
        "`kind` is `ranking` (per lot and tender: rank, price, quality points per criterion "
        "and in total, comparison figure, sensitivity figures) or `breakdown` (per criterion: "
        "consensus step, points, price deduction or surcharge); `format` `csv` or `xlsx`. CSV: "
        "UTF-8 with BOM, `;` and a decimal comma in Swedish, `,` and a decimal point in "
        "English, after a header comment (lines starting with #). XLSX: both kinds and an "
        "About sheet, opened at `kind`."
    ),
)
def award_export(request: HttpRequest, procurement_id: int, kind: str, format: str):
    """The award calculation as a file, for the award page's readers who may see the prices
    (403 for the panel before the chair reveals them); 400 while the award cannot be
    calculated. Recorded (confidentially) in the audit log."""
    try:
        return export_response(
            actor=actor_of(request), procurement_id=procurement_id, kind=kind, file_format=format
        )
    except ExportRequestError as error:
        raise ValidationError(str(error)) from error
    except AwardNotReady as error:
        raise ValidationError(error.message) from error


def _decision_out(d: AwardDecision) -> DecisionOut:
    return DecisionOut(
        id=d.pk,
        lot_id=d.lot_id,
        lot_number=d.lot.number,
        winner_tender_id=d.winner_id,
        winner=d.winner.organisation.name,
        evaluation_kind=d.evaluation_kind,
        tie_note=d.tie_note,
        decided_by_lottery=d.decided_by_lottery,
        ranking=d.ranking,
        reasons=d.reasons,
        disqualified=d.disqualified,
        justification=d.justification,
        signed_by=d.signed_by.full_name,
        signed_at=d.signed_at,
        standstill_last_day=d.standstill_last_day,
        contract_allowed_from=d.contract_allowed_from,
    )


def _review_out(r: ReviewRequest) -> ReviewOut:
    return ReviewOut(
        id=r.pk,
        court=r.court,
        filed_on=r.filed_on,
        applicant=r.applicant,
        note=r.note,
        open=r.is_open,
        outcome=r.outcome,
        outcome_on=r.outcome_on,
    )


def _state(procurement) -> AwardDecisionStateOut:
    decisions = selectors.decisions(procurement)
    return AwardDecisionStateOut(
        procurement_id=procurement.pk,
        procurement_status=procurement.status,
        decisions=[_decision_out(d) for d in decisions],
        reviews=[
            _review_out(r)
            for r in ReviewRequest.objects.filter(procurement=procurement).order_by(
                "filed_on", "id"
            )
        ],
        contract_blocker=services.contract_blocker(procurement),
    )


@router.get(
    "/procurements/{procurement_id}/award/decision",
    response={200: AwardDecisionStateOut, **ERRORS},
)
def award_decision_read(request: HttpRequest, procurement_id: int):
    """The signed award decisions (one per lot), the requests for review, and why a contract
    may not be registered yet."""
    procurement = permissions.get_award(actor_of(request), procurement_id)
    return _state(procurement)


@router.get("/procurements/{procurement_id}/award/report.pdf", response={200: None, **ERRORS})
def award_report_pdf(request: HttpRequest, procurement_id: int) -> HttpResponse:
    """The procurement report (individuell rapport, LOU 12 kap. 14 §) as a PDF: the object and
    its value, the tenderers, the rejected tenders with the reasons, the evaluation model, per
    lot the ranking and the winner with the reasons, the reviews, the panel and who signed.
    For the chair and the procurement officers; 404 before the award decision."""
    return procurement_report_pdf(actor_of(request), procurement_id)


@router.post(
    "/procurements/{procurement_id}/award/decision",
    response={200: AwardDecisionStateOut, **ERRORS},
)
def award_decision_sign(request: HttpRequest, procurement_id: int, payload: AwardDecisionIn):
    """Sign the award decision for every lot (the buyer's administrators and the team's
    procurement officers): every tenderer is told at once and the standstill starts."""
    actor = actor_of(request)
    procurement = permissions.get_award_for(actor, procurement_id, permissions.can_decide)
    services.sign_decision(
        actor=actor,
        procurement=procurement,
        lottery_winners=payload.lottery_winners,
        justification=payload.justification,
    )
    return _state(procurement)


@router.post(
    "/procurements/{procurement_id}/award/reviews",
    response={200: AwardDecisionStateOut, **ERRORS},
)
def award_review_create(request: HttpRequest, procurement_id: int, payload: ReviewIn):
    """Record a request for review (överprövning) filed with the administrative court; it blocks
    the contract until its outcome is recorded."""
    actor = actor_of(request)
    procurement = permissions.get_award_for(actor, procurement_id, permissions.can_record_review)
    services.record_review(
        actor=actor,
        procurement=procurement,
        court=payload.court,
        filed_on=payload.filed_on,
        applicant=payload.applicant,
        note=payload.note,
    )
    return _state(procurement)


@router.post(
    "/procurements/{procurement_id}/award/reviews/{review_id}/outcome",
    response={200: AwardDecisionStateOut, **ERRORS},
)
def award_review_outcome(
    request: HttpRequest, procurement_id: int, review_id: int, payload: ReviewOutcomeIn
):
    """Record the court's outcome of a request for review."""
    actor = actor_of(request)
    procurement = permissions.get_award_for(actor, procurement_id, permissions.can_record_review)
    review = ReviewRequest.objects.filter(procurement=procurement, pk=review_id).first()
    if review is None:
        raise Http404
    services.record_review_outcome(
        actor=actor,
        review=review,
        outcome=payload.outcome,
        outcome_on=payload.outcome_on,
        note=payload.note,
    )
    return _state(procurement)


@router.get("/tenders/{tender_id}/award", response={200: TenderDecisionOut, **ERRORS})
def award_tender_decision_read(request: HttpRequest, tender_id: int):
    """The award decision as your organisation's tender reads it, with your feedback: your
    consensus per criterion with strengths and improvement areas beside the winning tender's
    step. 404 before the decision."""
    tender = permissions.get_tender_for_decision(actor_of(request), tender_id)
    view = selectors.tender_decision(tender)
    return TenderDecisionOut(
        tender_id=tender.pk,
        disqualification=view.own_disqualification,
        lots=[
            TenderLotDecisionOut(
                lot_number=lot.decision.lot.number,
                winner=lot.decision.winner.organisation.name,
                is_winner=lot.is_winner,
                signed_at=lot.decision.signed_at,
                standstill_last_day=lot.decision.standstill_last_day,
                ranking=[
                    {
                        key: row[key]
                        for key in ("rank", "tenderer", "price", "quality_points", "comparison")
                    }
                    for row in lot.decision.ranking
                ],
                reasons=lot.decision.reasons,
                feedback=[
                    TenderFeedbackLineOut(
                        code=line.code,
                        name=line.name,
                        max_points=line.max_points,
                        own_percent=line.own.percent if line.own else None,
                        own_points=line.own_points,
                        strengths=list(line.own.strengths) if line.own else [],
                        improvements=list(line.own.improvements) if line.own else [],
                        winner_percent=line.winner_percent,
                        winner_points=line.winner_points,
                    )
                    for line in lot.feedback
                ],
            )
            for lot in view.lots
        ],
    )


@router.get("/tenders/{tender_id}/award/feedback.pdf", response={200: None, **ERRORS})
def award_tender_feedback_pdf(request: HttpRequest, tender_id: int) -> HttpResponse:
    """The award decision as your organisation's tender reads it, with your feedback, as a
    PDF. 404 before the decision."""
    return tender_feedback_pdf_response(actor_of(request), tender_id)
