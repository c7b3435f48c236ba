"""Reads for the evaluation overview and the API: a fixed number of queries however many tenders,
criteria and panel members there are. What each person sees is decided by the permission
functions (the engine's for progress and individual work, ours for prices)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch

from rodtrad.accounts.actor import Actor
from rodtrad.assessments import permissions as engine_permissions
from rodtrad.assessments import scoring
from rodtrad.assessments.models import (
    Assessment,
    ConsensusScore,
    IndividualScore,
    PanelMember,
    Status,
)
from rodtrad.evaluations import permissions
from rodtrad.evaluations.models import EvaluatorDeclaration, PriceReveal, TenderEvaluation
from rodtrad.procurements.models import AwardCriterion, Procurement
from rodtrad.tenders import services as tender_services
from rodtrad.tenders.models import Submission


@dataclass(frozen=True)
class Cell:
    award: AwardCriterion
    consensus: int | None  # the consensus step so far (consensus stage on)
    divergent: bool | None  # None until consensus, or for those who may not see it


@dataclass(frozen=True)
class Progress:
    member: PanelMember
    declared: bool
    conflict: bool
    submitted: bool


@dataclass
class TenderRow:
    link: TenderEvaluation
    cells: list[Cell]
    progress: list[Progress] | None  # None for those who may not see who has submitted
    own: PanelMember | None  # the actor's own place on this tender's panel
    price: str | None  # None while the actor may not see prices (or none given)
    can_see_consensus: bool

    @property
    def assessment(self) -> Assessment:
        return self.link.assessment

    @property
    def submitted(self) -> int:
        return sum(1 for p in self.progress or [] if p.submitted)

    @property
    def active(self) -> int:
        return sum(1 for p in self.progress or [] if not p.conflict)

    @property
    def divergent_count(self) -> int:
        return sum(1 for c in self.cells if c.divergent)


@dataclass
class Overview:
    procurement: Procurement
    awards: list[AwardCriterion]
    rows: list[TenderRow]
    started: bool
    can_run: bool
    can_start: bool
    is_panel: bool
    declaration: EvaluatorDeclaration | None
    show_prices: bool
    reveal: PriceReveal | None
    can_reveal: bool
    several_lots: bool = False
    my_work: list[TenderRow] = field(default_factory=list)

    @property
    def all_final(self) -> bool:
        return bool(self.rows) and all(r.assessment.status == Status.FINAL for r in self.rows)


def evaluation_links(procurement: Procurement) -> list[TenderEvaluation]:
    return list(
        TenderEvaluation.objects.filter(procurement=procurement)
        .select_related("tender__organisation", "tender__opened__submission", "lot", "assessment")
        .defer("tender__sealed_draft", "tender__opened__submission__sealed_content")
        .prefetch_related(
            Prefetch(
                "assessment__panel",
                queryset=PanelMember.objects.select_related("user").order_by(
                    "role", "user__full_name", "id"
                ),
            )
        )
        .order_by("lot__number", "tender__opened__position", "id")
    )


def tender_prices(procurement: Procurement, links: list[TenderEvaluation]) -> dict[int, str]:
    """The price per link (tender and lot), reading every submission with one key lookup."""
    ids = {link.tender.opened.submission.pk for link in links}
    full = list(Submission.objects.filter(pk__in=ids))
    contents = tender_services.read_submissions(full, procurement.pk)
    prices = {}
    for link in links:
        content = contents.get(link.tender.opened.submission.pk) or {}
        price = (content.get("prices") or {}).get(str(link.lot_id))
        if price:
            prices[link.pk] = str(price)
    return prices


def overview(actor: Actor, procurement: Procurement) -> Overview:
    """Every tender (per lot) × criterion, with progress and divergence for those who may see
    them, the actor's own work list, and the prices for those who may see them."""
    awards = list(procurement.criteria.select_related("criterion").order_by("order", "id"))
    links = evaluation_links(procurement)
    user_id = actor.user.pk if actor.user else None
    consensus_ids = [
        link.assessment_id
        for link in links
        if link.assessment.status in (Status.CONSENSUS, Status.FINAL)
    ]
    individual: dict[tuple[int, int], list[int]] = {}
    agreed: dict[tuple[int, int], int | None] = {}
    if consensus_ids:
        for assessment_id, criterion_id, percent in IndividualScore.objects.filter(
            item__assessment_id__in=consensus_ids,
            member__submitted_at__isnull=False,
            member__removed_at__isnull=True,
            percent__isnull=False,
        ).values_list("item__assessment_id", "item__criterion_id", "percent"):
            if percent is not None:
                individual.setdefault((assessment_id, criterion_id), []).append(percent)
        for assessment_id, criterion_id, percent in ConsensusScore.objects.filter(
            item__assessment_id__in=consensus_ids
        ).values_list("item__assessment_id", "item__criterion_id", "percent"):
            agreed[(assessment_id, criterion_id)] = percent
    reveal = (
        PriceReveal.objects.filter(procurement=procurement).select_related("revealed_by").first()
        if procurement.hide_prices
        else None
    )
    setattr(procurement, permissions._REVEALED, reveal is not None)
    show_prices = permissions.can_see_prices(actor, procurement)
    prices = tender_prices(procurement, links) if show_prices and links else {}
    rows = []
    for link in links:
        assessment = link.assessment
        sees_work = engine_permissions.can_see_all_individual_work(actor, assessment)
        cells = []
        for award in awards:
            key = (assessment.pk, award.criterion_id)
            cells.append(
                Cell(
                    award=award,
                    consensus=agreed.get(key) if sees_work else None,
                    divergent=scoring.is_divergent(
                        individual.get(key, []), assessment.divergence_threshold
                    )
                    if sees_work
                    else None,
                )
            )
        progress = None
        if engine_permissions.can_see_progress(actor, assessment):
            progress = [
                Progress(
                    member=m,
                    declared=m.declared_at is not None,
                    conflict=m.conflict_declared,
                    submitted=m.submitted_at is not None,
                )
                for m in assessment.panel.all()
            ]
        own = next(
            (m for m in assessment.panel.all() if m.user_id == user_id and m.removed_at is None),
            None,
        )
        rows.append(
            TenderRow(
                link=link,
                cells=cells,
                progress=progress,
                own=own,
                price=prices.get(link.pk),
                can_see_consensus=sees_work,
            )
        )
    can_run = permissions.can_run(actor, procurement)
    is_panel = permissions.is_panel(actor, procurement)
    declaration = (
        EvaluatorDeclaration.objects.filter(procurement=procurement, user_id=user_id).first()
        if is_panel and user_id is not None
        else None
    )
    return Overview(
        procurement=procurement,
        awards=awards,
        rows=rows if can_run else [],
        started=bool(links),
        can_run=can_run,
        can_start=can_run and procurement.status == "evaluation",
        is_panel=is_panel,
        declaration=declaration,
        show_prices=show_prices,
        reveal=reveal,
        can_reveal=permissions.can_reveal_prices(actor, procurement)
        and bool(rows)
        and all(r.assessment.status == Status.FINAL for r in rows),
        several_lots=len({link.lot_id for link in links}) > 1,
        my_work=[r for r in rows if r.own is not None],
    )
