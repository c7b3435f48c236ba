"""The procurement report (individuell rapport, LOU 12 kap. 14 §), assembled from the data once
the award decision is signed: the contracting authority, the object and its value, the
procedure and the key dates, every opened tender, the rejected ones with the reasons, the
evaluation model, per lot the ranking and the winner with the reasons, the requests for review,
the panel and who signed.

Everything about the evaluation comes from the frozen snapshots – the award decisions (ranking,
reasons, disqualified tenders) and the opening record (tenderers as opened) – so the report does
not change when live data (a consensus, a qualification) changes afterwards. Built in a fixed
number of queries whatever the number of tenders, lots, criteria and evaluators."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import Min
from django.utils.dateparse import parse_datetime

from rodtrad.accounts.models import Organisation
from rodtrad.assessments.models import PanelMember, PanelRole
from rodtrad.award import permissions
from rodtrad.award.models import AwardDecision, ReviewRequest
from rodtrad.award.selectors import decisions as signed_decisions
from rodtrad.evaluations.models import PriceReveal, TenderEvaluation
from rodtrad.procurements.models import EvaluationKind, Lot, Procurement, ProcurementStatus
from rodtrad.tenders import services as tender_services
from rodtrad.tenders.models import OpenedTender, QualificationOutcome


def _label(choices, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


@dataclass
class ReportTenderer:
    """An opened tender as the opening record lists it, with the lots it was submitted for
    and how qualification ended (from the decision's snapshot)."""

    tender_id: int
    position: int
    name: str
    organisation_number: str
    submitted_at: datetime | None
    lots: list[Lot]
    outcome: str  # a QualificationOutcome value

    @property
    def outcome_label(self) -> str:
        return _label(QualificationOutcome, self.outcome)


@dataclass
class ReportRejection:
    tenderer: str
    organisation_number: str
    outcome: str  # a QualificationOutcome value
    reasons: list[str]

    @property
    def outcome_label(self) -> str:
        return _label(QualificationOutcome, self.outcome)


@dataclass
class ReportCriterion:
    code: str
    name: str
    max_points: list[str]  # one per lot, in the order of `ProcurementReport.results`


@dataclass
class ReportLotResult:
    """One lot's signed decision: the ranking and the reasons as they were frozen."""

    decision: AwardDecision
    winner: str
    weight_quality: Decimal | None = None
    weight_price: Decimal | None = None

    @property
    def lot(self) -> Lot:
        return self.decision.lot

    @property
    def ranking(self) -> list[dict[str, Any]]:
        return self.decision.ranking

    @property
    def reasons(self) -> list[dict[str, Any]]:
        return self.decision.reasons

    @property
    def max_points(self) -> Decimal:
        return sum((Decimal(r["max_points"]) for r in self.decision.reasons), Decimal(0))


@dataclass
class ReportPanelMember:
    name: str
    role: str  # a PanelRole value
    conflicts: list[str] = field(default_factory=list)  # tenderers it did not assess

    @property
    def role_label(self) -> str:
        return _label(PanelRole, self.role)


@dataclass
class ProcurementReport:
    procurement: Procurement
    buyer: Organisation
    lots: list[Lot]
    results: list[ReportLotResult]
    tenderers: list[ReportTenderer]
    rejected: list[ReportRejection]
    criteria: list[ReportCriterion]
    reviews: list[ReviewRequest]
    panel: list[ReportPanelMember]
    opening_started_by: str
    opening_confirmed_by: str
    opened_at: datetime | None
    evaluation_started_at: datetime | None
    prices_revealed_at: datetime | None

    @property
    def several_lots(self) -> bool:
        return len(self.lots) > 1

    @property
    def first(self) -> AwardDecision:
        return self.results[0].decision

    @property
    def evaluation_kind(self) -> str:
        return self.first.evaluation_kind

    @property
    def tie_break(self) -> str:
        return self.first.tie_break

    @property
    def signed_by(self) -> str:
        return self.first.signed_by.full_name

    @property
    def signed_at(self) -> datetime:
        return self.first.signed_at

    @property
    def standstill_last_day(self) -> date:
        return max(r.decision.standstill_last_day for r in self.results)

    @property
    def contract_allowed_from(self) -> datetime:
        return max(r.decision.contract_allowed_from for r in self.results)

    @property
    def cancelled(self) -> bool:
        return self.procurement.status == ProcurementStatus.CANCELLED


def _moment(value: Any) -> datetime | None:
    return parse_datetime(value) if isinstance(value, str) and value else None


def procurement_report(procurement: Procurement) -> ProcurementReport | None:
    """The report of a procurement whose award decision is signed; None before. Seven queries
    (eight when the procurement hides prices), with `procurement.buyer` already loaded:
    decisions, lots, opened tenders with the opening and submissions, the data key, reviews,
    panel members (with the evaluation's start) and, with hidden prices, the reveal."""
    if procurement.status not in permissions.DECIDED_STATUSES:
        return None
    decisions = signed_decisions(procurement)
    if not decisions:
        return None
    lots = list(Lot.objects.filter(procurement=procurement).order_by("number"))
    lot_by_id = {lot.pk: lot for lot in lots}

    # The tenderers as opened: names and numbers from the opening record, lots from the
    # submission that counts, the outcome from the decision's snapshot.
    opened = list(
        OpenedTender.objects.filter(opening__procurement=procurement)
        .select_related("opening", "submission", "tender__organisation")
        .defer("opening__record_pdf", "tender__sealed_draft")
        .order_by("position")
    )
    contents = tender_services.read_submissions([o.submission for o in opened], procurement.pk)
    opening = opened[0].opening if opened else None
    record: dict[str, Any] = opening.record if opening is not None else {}
    recorded = {t.get("position"): t for t in record.get("tenders", [])}
    rejected_rows = {row["tender"]: row for row in decisions[0].disqualified}
    tenderers = []
    for o in opened:
        listed = recorded.get(o.position, {})
        lot_ids = (contents.get(o.submission.pk) or {}).get("lots") or []
        tenderers.append(
            ReportTenderer(
                tender_id=o.tender_id,
                position=o.position,
                name=listed.get("tenderer") or o.tender.organisation.name,
                organisation_number=listed.get("organisation_number")
                or o.tender.organisation.organisation_number,
                submitted_at=_moment(listed.get("submitted_at")) or o.submission.submitted_at,
                lots=[lot_by_id[i] for i in sorted(lot_ids) if i in lot_by_id],
                outcome=rejected_rows.get(o.tender_id, {}).get(
                    "outcome", QualificationOutcome.QUALIFIED
                ),
            )
        )
    numbers = {t.tender_id: t.organisation_number for t in tenderers}
    names = {t.tender_id: t.name for t in tenderers}
    rejected = [
        ReportRejection(
            tenderer=row["tenderer"],
            organisation_number=numbers.get(row["tender"], ""),
            outcome=row["outcome"],
            reasons=list(row["reasons"]),
        )
        for row in decisions[0].disqualified
    ]

    results = []
    for decision in decisions:
        winner = next(
            (r["tenderer"] for r in decision.ranking if r["tender"] == decision.winner_id),
            decision.winner.organisation.name,
        )
        result = ReportLotResult(decision, winner)
        if decision.evaluation_kind == EvaluationKind.WEIGHTED_RELATIVE:
            lot = decision.lot
            own = lot.own_evaluation and lot.weight_quality is not None
            result.weight_quality = lot.weight_quality if own else procurement.weight_quality
            result.weight_price = lot.weight_price if own else procurement.weight_price
        results.append(result)

    criteria: dict[int, ReportCriterion] = {}
    for index, result in enumerate(results):
        for reason in result.reasons:
            criterion = criteria.setdefault(
                reason["award"],
                ReportCriterion(reason["code"], reason["name"], ["–"] * len(results)),
            )
            criterion.max_points[index] = reason["max_points"]

    reviews = list(ReviewRequest.objects.filter(procurement=procurement).order_by("filed_on", "id"))

    # The panel as it sat on the tender assessments (the chair first), with the tenderers a
    # member did not assess because of a declared conflict of interest; the evaluation started
    # when the first tender assessment was created.
    members: dict[int, ReportPanelMember] = {}
    evaluation_started_at = None
    rows = (
        PanelMember.objects.filter(assessment__tender_evaluation__procurement=procurement)
        .values(
            "user_id",
            "user__full_name",
            "role",
            "conflict_declared",
            "assessment__tender_evaluation__tender_id",
            "assessment__tender_evaluation__created_at",
        )
        .order_by("role", "user__full_name", "user_id")
    )
    for row in rows:
        member = members.setdefault(
            row["user_id"], ReportPanelMember(row["user__full_name"], row["role"])
        )
        if row["role"] == PanelRole.CHAIR:
            member.role = PanelRole.CHAIR
        tender_name = names.get(row["assessment__tender_evaluation__tender_id"], "")
        if row["conflict_declared"] and tender_name not in member.conflicts:
            member.conflicts.append(tender_name)
        created = row["assessment__tender_evaluation__created_at"]
        if evaluation_started_at is None or created < evaluation_started_at:
            evaluation_started_at = created
    panel = sorted(members.values(), key=lambda m: (m.role != PanelRole.CHAIR, m.name))
    if evaluation_started_at is None:  # a panel of nobody: still say when it started
        evaluation_started_at = TenderEvaluation.objects.filter(procurement=procurement).aggregate(
            first=Min("created_at")
        )["first"]

    prices_revealed_at = None
    if procurement.hide_prices:
        prices_revealed_at = (
            PriceReveal.objects.filter(procurement=procurement)
            .values_list("revealed_at", flat=True)
            .first()
        )

    return ProcurementReport(
        procurement=procurement,
        buyer=procurement.buyer,
        lots=lots,
        results=results,
        tenderers=tenderers,
        rejected=rejected,
        criteria=list(criteria.values()),
        reviews=reviews,
        panel=panel,
        opening_started_by=(record.get("started") or {}).get("by", ""),
        opening_confirmed_by=(record.get("confirmed") or {}).get("by", ""),
        opened_at=_moment((record.get("confirmed") or {}).get("at"))
        or (opening.confirmed_at if opening is not None else None),
        evaluation_started_at=evaluation_started_at,
        prices_revealed_at=prices_revealed_at,
    )
