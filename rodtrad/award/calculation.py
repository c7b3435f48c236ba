"""The award calculation: per lot, the qualified tenders' final consensus steps and prices fed to
the pure evaluation-model functions (rodtrad/procurements/evaluation.py) – comparison figures,
ranking, tie-break – and to the sensitivity functions.

`award_calculation(procurement)` gathers everything in a fixed number of queries (whatever the
number of tenders, lots and criteria) and raises `AwardNotReady` with a clear message while a
tender's consensus is not final or, when the procurement hides prices, before the chair has
revealed them. The evaluation model of a lot is built by `procurements.selectors.evaluation_model`
(the same construction the simulation uses). Criteria are keyed by the award criterion's id and
tenders by the tender's id, both as text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cached_property

from django.utils.translation import gettext as _

from rodtrad.accounts.models import Organisation
from rodtrad.assessments.models import ConsensusScore, Status
from rodtrad.evaluations import permissions as evaluation_permissions
from rodtrad.evaluations.models import TenderEvaluation
from rodtrad.procurements import evaluation, selectors
from rodtrad.procurements.models import AwardCriterion, Lot, LotCriterion, Procurement
from rodtrad.tenders import services as tender_services
from rodtrad.tenders.models import OpenedTender, QualificationOutcome, Submission, Tender


class AwardNotReady(Exception):
    """The award cannot be calculated yet; the message says why (translated)."""

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else ""


@dataclass
class Entry:
    """One qualified tender in one lot: its price, consensus steps and consensus texts."""

    link: TenderEvaluation
    price: Decimal
    steps: dict[str, Decimal]  # award criterion id → step 0–1
    consensus: dict[int, ConsensusScore]  # award criterion id → the final consensus

    @property
    def key(self) -> str:
        return str(self.link.tender_id)

    @property
    def tender(self) -> Tender:
        return self.link.tender

    @property
    def organisation(self) -> Organisation:
        return self.link.tender.organisation


@dataclass
class LotAward:
    lot: Lot
    model: evaluation.EvaluationModel
    entries: list[Entry]
    result: evaluation.Evaluation
    scale: list[Decimal]
    break_even: dict[str, evaluation.BreakEven] = field(default_factory=dict)
    quality_needed: dict[str, evaluation.QualityNeeded] = field(default_factory=dict)
    weight_switch: Decimal | None = None
    reversals: list[evaluation.Reversal] = field(default_factory=list)
    step_changes: list[evaluation.StepChange] = field(default_factory=list)
    awards: dict[str, AwardCriterion] = field(default_factory=dict)

    def entry(self, key: str) -> Entry:
        return next(e for e in self.entries if e.key == key)

    def name(self, key: str) -> str:
        return self.entry(key).organisation.name

    @property
    def winner_names(self) -> list[str]:
        return [self.name(key) for key in self.result.winner_keys]

    @cached_property  # read several times by the page
    def ranked(self) -> list[Ranked]:
        """The rows in rank order, ready for a page: names, criteria and sensitivity."""
        return [
            Ranked(
                row=row,
                entry=self.entry(row.key),
                tie=tie_explanation(self, row),
                lines=[(self.awards[line.key], line) for line in row.breakdown],
                break_even=self.break_even.get(row.key),
                quality_needed=self.quality_needed.get(row.key),
            )
            for row in self.result.rows
        ]

    @cached_property  # read several times by the page
    def reversal_lines(self) -> list[tuple[str, str, str, tuple[int, int], tuple[int, int]]]:
        return [
            (
                self.name(r.removed_key),
                self.name(r.pair[0]),
                self.name(r.pair[1]),
                r.ranks_before,
                r.ranks_after,
            )
            for r in self.reversals
        ]

    @cached_property  # read several times by the page
    def step_lines(self) -> list[tuple[str, AwardCriterion, int, int, str]]:
        return [
            (
                self.name(c.tender_key),
                self.awards[c.criterion_key],
                int(c.from_step * 100),
                int(c.to_step * 100),
                ", ".join(self.name(k) for k in c.new_winner_keys),
            )
            for c in self.step_changes
        ]


@dataclass
class Ranked:
    row: evaluation.Row
    entry: Entry
    tie: str
    lines: list[tuple[AwardCriterion, evaluation.CriterionLine]]
    break_even: evaluation.BreakEven | None
    quality_needed: evaluation.QualityNeeded | None

    @property
    def quality_needed_percent(self) -> Decimal | None:
        needed = self.quality_needed
        return None if needed is None or needed.step is None else needed.step * 100


@dataclass
class AwardCalculation:
    procurement: Procurement
    awards: list[AwardCriterion]
    lots: list[LotAward]
    disqualified: list[OpenedTender]

    @property
    def several_lots(self) -> bool:
        return len(self.lots) > 1

    def award(self, award_id: str | int) -> AwardCriterion:
        return next(a for a in self.awards if a.pk == int(award_id))


def _links(procurement: Procurement) -> list[TenderEvaluation]:
    return list(
        TenderEvaluation.objects.filter(procurement=procurement)
        .select_related("tender__organisation", "tender__opened__submission", "lot", "assessment")
        .defer("tender__sealed_draft", "tender__opened__submission__sealed_content")
        .order_by("lot__number", "tender__opened__position", "id")
    )


def disqualified_tenders(procurement: Procurement) -> list[OpenedTender]:
    """The opened tenders that did not pass qualification, with their reasons. One query."""
    return list(
        OpenedTender.objects.filter(opening__procurement=procurement)
        .exclude(tender__qualification__outcome=QualificationOutcome.QUALIFIED)
        .select_related("tender__organisation", "tender__qualification")
        .defer("tender__sealed_draft")
        .order_by("position")
    )


def _scale(procurement: Procurement) -> list[Decimal]:
    """The consensus steps one move apart (step stability): the approach scale, as in the
    simulation; 0–100 % in tenths without one."""
    percents = selectors.scale_percents(procurement)
    scale = percents.get("approach") or next(iter(percents.values()), list(range(0, 101, 10)))
    return [Decimal(p) / 100 for p in scale]


def _price(raw: object) -> Decimal | None:
    try:
        price = Decimal(str(raw).replace(" ", "").replace(",", "."))
    except (InvalidOperation, ValueError):
        return None
    return price if price.is_finite() and price > 0 else None


def award_calculation(procurement: Procurement, *, sensitivity: bool = True) -> AwardCalculation:
    """Every lot's ranking (and, with `sensitivity`, its sensitivity analysis). Raises
    `AwardNotReady` while it cannot be computed."""
    links = _links(procurement)
    if not links:
        raise AwardNotReady(_("The evaluation has not started yet."))
    pending = sum(1 for link in links if link.assessment.status != Status.FINAL)
    if pending:
        raise AwardNotReady(
            _(
                "The award can be calculated only when every tender's quality consensus is "
                "final (%(count)s not final yet)."
            )
            % {"count": pending}
        )
    if procurement.hide_prices and not evaluation_permissions.prices_revealed(procurement):
        raise AwardNotReady(
            _("The prices are still hidden: the panel chair reveals them before the award.")
        )
    awards = selectors.award_criteria(procurement)
    by_criterion = {a.criterion_id: a for a in awards}
    consensus: dict[int, dict[int, ConsensusScore]] = {}
    for score in ConsensusScore.objects.filter(
        item__assessment_id__in=[link.assessment_id for link in links]
    ).select_related("item"):
        award = by_criterion.get(score.item.criterion_id)
        if award is not None:
            consensus.setdefault(score.item.assessment_id, {})[award.pk] = score
    lot_values: dict[int, dict[int, tuple[Decimal, Decimal | None]]] = {}
    for row in LotCriterion.objects.filter(lot__procurement=procurement):
        lot_values.setdefault(row.lot_id, {})[row.award_criterion_id] = (row.points, row.amount)
    submissions = list(
        Submission.objects.filter(pk__in={link.tender.opened.submission.pk for link in links})
    )
    contents = tender_services.read_submissions(submissions, procurement.pk)
    scale = _scale(procurement)

    by_lot: dict[int, list[Entry]] = {}
    lots: dict[int, Lot] = {}
    for link in links:
        content = contents.get(link.tender.opened.submission.pk) or {}
        price = _price((content.get("prices") or {}).get(str(link.lot_id)))
        if price is None:
            raise AwardNotReady(
                _("The tender from %(tenderer)s has no price for this lot.")
                % {"tenderer": link.tender.organisation.name}
            )
        scores = consensus.get(link.assessment_id, {})
        steps = {
            str(award_id): Decimal(score.percent or 0) / 100 for award_id, score in scores.items()
        }
        lots[link.lot_id] = link.lot
        by_lot.setdefault(link.lot_id, []).append(Entry(link, price, steps, scores))

    results = []
    for lot_id, entries in by_lot.items():
        lot = lots[lot_id]
        model = selectors.evaluation_model(procurement, awards, lot, lot_values.get(lot_id, {}))
        tenders = [evaluation.Tender(e.key, e.price, e.steps) for e in entries]
        problems = evaluation.validate(model, tenders)
        if problems:
            raise AwardNotReady(
                " ".join(selectors.evaluation_problem_text(problem) for problem in problems)
            )
        lot_award = LotAward(
            lot,
            model,
            entries,
            evaluation.evaluate(model, tenders),
            scale,
            awards={str(a.pk): a for a in awards},
        )
        if sensitivity:
            _sensitivity(lot_award, tenders)
        results.append(lot_award)
    return AwardCalculation(procurement, awards, results, disqualified_tenders(procurement))


def _sensitivity(lot_award: LotAward, tenders: list[evaluation.Tender]) -> None:
    model, result = lot_award.model, lot_award.result
    losers = [row.key for row in result.rows if row.rank != 1]
    for key, (break_even, needed) in evaluation.catching_up(model, tenders, losers).items():
        lot_award.break_even[key] = break_even
        lot_award.quality_needed[key] = needed
    lot_award.weight_switch = evaluation.weight_switch(model, tenders)
    lot_award.reversals = evaluation.rank_reversal(model, tenders)
    lot_award.step_changes = evaluation.step_stability(model, tenders, lot_award.scale)


def tie_explanation(lot_award: LotAward, row: evaluation.Row) -> str:
    """The tie-break applied to a row, in words with the tenderers' names ("" without a tie)."""
    if not row.tied_with:
        return ""
    names = ", ".join(lot_award.name(key) for key in row.tied_with)
    shared = any(lot_award.result.row(key).rank == row.rank for key in row.tied_with)
    if not shared:
        rule = {
            evaluation.TieBreak.QUALITY: _("higher quality points, then lower price"),
            evaluation.TieBreak.PRICE: _("lower price, then higher quality points"),
        }.get(lot_award.model.tie_break, "")
        return _(
            "Same comparison figure as %(names)s; the order was decided by the tie-break rule: "
            "%(rule)s."
        ) % {"names": names, "rule": rule}
    if row.rank == 1:
        return _(
            "Same comparison figure as %(names)s and the tie-break rule cannot separate them: "
            "a lottery decides the winner."
        ) % {"names": names}
    return _("Same comparison figure as %(names)s; the tie-break rule does not separate them.") % {
        "names": names
    }
