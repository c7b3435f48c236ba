"""Reads for the assessment pages, reports and API. Each runs a fixed number of queries whatever
the number of criteria or evaluators, and each respects independence: what it returns is
decided by the permission functions, never by the caller."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, QuerySet

from rodtrad.accounts.actor import Actor
from rodtrad.assessments import permissions, scoring
from rodtrad.assessments.models import (
    Assessment,
    ConsensusScore,
    IndividualScore,
    PanelMember,
    ScopeItem,
    Status,
)
from rodtrad.qualitymodels.models import CriterionGroup, ScaleStep


def assessments_visible_to(actor: Actor) -> QuerySet[Assessment]:
    """Assessments the actor is on the panel of, manages, or (final self-assessments) was
    assessed in. One query."""
    if actor.user is None:
        return Assessment.objects.none()
    condition = Q(panel__user=actor.user, panel__removed_at__isnull=True)
    if actor.scope_org_id is not None:
        condition &= Q(panel__organisation_id=actor.scope_org_id)
    for purpose, roles in permissions.MANAGER_ROLES.items():
        orgs = [org for org, held in actor.roles_by_org.items() if not held.isdisjoint(roles)]
        if orgs:
            condition |= Q(purpose=purpose, owner_id__in=orgs)
    condition |= Q(
        purpose="self_assessment", status=Status.FINAL, subject_id__in=list(actor.roles_by_org)
    )
    return (
        Assessment.objects.filter(condition)
        .select_related("subject", "model_version__model")
        .distinct()
        .order_by("-created_at", "-id")
    )


@dataclass(frozen=True)
class Step:
    percent: int
    label: str
    description: str


def steps_by_kind(assessment: Assessment) -> dict[str, list[Step]]:
    """The scale steps of the assessment's model version, per criterion kind. One query."""
    steps: dict[str, list[Step]] = {}
    for step in (
        ScaleStep.objects.filter(scale__version=assessment.model_version_id)
        .select_related("scale")
        .order_by("scale__kind", "percent")
    ):
        steps.setdefault(step.scale.kind, []).append(
            Step(step.percent, step.label, step.description)
        )
    return steps


def scope_of(assessment: Assessment) -> list[ScopeItem]:
    return list(assessment.scope.select_related("criterion__group").order_by("order", "id"))


def band_text(steps: list[Step], percent: int | None) -> str:
    for step in steps:
        if step.percent == percent:
            return step.description
    return ""


# --- individual work -------------------------------------------------------------------------


@dataclass
class ScoringRow:
    item: ScopeItem
    steps: list[Step]
    score: IndividualScore | None

    @property
    def guidance(self) -> str:
        return self.item.guidance or self.item.criterion.guidance


def own_scoring_rows(actor: Actor, assessment: Assessment) -> list[ScoringRow]:
    """The actor's own work, criterion by criterion (3 queries)."""
    member = permissions.membership_of(actor, assessment)
    if member is None or not member.has_declared:
        return []
    steps = steps_by_kind(assessment)
    scores = {s.item_id: s for s in IndividualScore.objects.filter(member=member)}
    return [
        ScoringRow(item=item, steps=steps.get(item.criterion.kind, []), score=scores.get(item.pk))
        for item in scope_of(assessment)
    ]


@dataclass(frozen=True)
class ProgressRow:
    member: PanelMember
    declared: bool
    conflict: bool
    submitted: bool


def panel_progress(actor: Actor, assessment: Assessment) -> list[ProgressRow] | None:
    """Who has declared and submitted – only for those allowed to see progress, else None."""
    if not permissions.can_see_progress(actor, assessment):
        return None
    return [
        ProgressRow(
            member=m,
            declared=m.declared_at is not None,
            conflict=m.conflict_declared,
            submitted=m.submitted_at is not None,
        )
        for m in assessment.panel.all()
    ]


# --- consensus -------------------------------------------------------------------------------


@dataclass
class ConsensusRow:
    item: ScopeItem
    steps: list[Step]
    individual: list[IndividualScore]
    consensus: ConsensusScore | None
    threshold: int
    # The state of a save attempt, for showing the form again.
    errors: dict[str, list[str]] = field(default_factory=dict)
    submitted: dict[str, str] = field(default_factory=dict)
    conflict: ConsensusScore | None = None
    just_saved: bool = False

    @property
    def values(self) -> list[int]:
        return [s.percent for s in self.individual if s.percent is not None]

    @property
    def median(self) -> Decimal | None:
        return scoring.median(self.values)

    @property
    def spread(self) -> int:
        return scoring.spread(self.values)

    @property
    def divergent(self) -> bool:
        return scoring.is_divergent(self.values, self.threshold)

    @property
    def suggested(self) -> int | None:
        return scoring.suggested_step(self.values, [s.percent for s in self.steps])


def consensus_rows(actor: Actor, assessment: Assessment) -> list[ConsensusRow]:
    """Per criterion, the submitted individual work side by side, with median, spread,
    divergence and the suggested step; divergent criteria first. Empty for anyone who may not
    see the individual work. 3 queries."""
    if not permissions.can_see_all_individual_work(actor, assessment):
        return []
    steps = steps_by_kind(assessment)
    items = list(
        assessment.scope.select_related(
            "criterion__group", "consensus", "consensus__updated_by"
        ).order_by("order", "id")
    )
    by_item: dict[int, list[IndividualScore]] = {}
    for score in (
        IndividualScore.objects.filter(
            item__assessment=assessment,
            member__submitted_at__isnull=False,
            member__removed_at__isnull=True,
        )
        .select_related("member__user")
        .order_by("member__role", "member__user__full_name", "member_id")
    ):
        by_item.setdefault(score.item_id, []).append(score)
    rows = [
        ConsensusRow(
            item=item,
            steps=steps.get(item.criterion.kind, []),
            individual=by_item.get(item.pk, []),
            consensus=getattr(item, "consensus", None),
            threshold=assessment.divergence_threshold,
        )
        for item in items
    ]
    return sorted(rows, key=lambda row: (not row.divergent, row.item.order, row.item.pk))


# --- the feedback report ---------------------------------------------------------------------


@dataclass
class ReportCriterion:
    item: ScopeItem
    percent: int | None
    points: Decimal
    band_text: str
    strengths: list[str]
    improvements: list[str]
    rationale: str
    previous_percent: int | None = None
    previous_points: Decimal | None = None

    @property
    def change(self) -> Decimal | None:
        if self.previous_points is None:
            return None
        return self.points - self.previous_points


@dataclass
class ReportGroup:
    group: CriterionGroup
    criteria: list[ReportCriterion] = field(default_factory=list)
    subtotal: scoring.Subtotal = field(default_factory=scoring.Subtotal)


@dataclass
class Report:
    assessment: Assessment
    groups: list[ReportGroup]
    totals: scoring.Totals
    reference: Assessment | None
    reference_totals: scoring.Totals | None

    @property
    def criteria(self) -> list[ReportCriterion]:
        return [c for g in self.groups for c in g.criteria]


def _previous_result(
    reference: Assessment,
) -> tuple[dict[str, tuple[int | None, Decimal]], scoring.Totals]:
    """The reference assessment's consensus per criterion code, and its totals. One query."""
    by_code: dict[str, tuple[int | None, Decimal]] = {}
    scored = []
    for code, group, kind, percent, max_points in ScopeItem.objects.filter(
        assessment=reference
    ).values_list(
        "criterion__code",
        "criterion__group__code",
        "criterion__kind",
        "consensus__percent",
        "max_points",
    ):
        by_code[code] = (percent, scoring.points(percent, max_points))
        scored.append(scoring.ScoredCriterion(code, group, kind, max_points, percent))
    return by_code, scoring.totals(scored)


def feedback_report(actor: Actor, assessment: Assessment) -> Report | None:
    """The feedback report (återföringsrapport), compared with the reference assessment where
    there is a final one. None when the actor may not read it. 3–4 queries."""
    if not permissions.can_view_report(actor, assessment):
        return None
    steps = steps_by_kind(assessment)
    reference = assessment.reference if assessment.reference_id else None
    if reference is not None and reference.status != Status.FINAL:
        reference = None
    previous: dict[str, tuple[int | None, Decimal]] = {}
    reference_totals = None
    if reference is not None:
        previous, reference_totals = _previous_result(reference)
    groups: dict[int, ReportGroup] = {}
    scored = []
    items = assessment.scope.select_related("criterion__group", "consensus").order_by(
        "criterion__group__order", "order", "id"
    )
    for item in items:
        consensus = getattr(item, "consensus", None)
        percent = consensus.percent if consensus else None
        criterion = item.criterion
        row = ReportCriterion(
            item=item,
            percent=percent,
            points=scoring.points(percent, item.max_points),
            band_text=band_text(steps.get(criterion.kind, []), percent),
            strengths=consensus.strengths if consensus else [],
            improvements=consensus.improvements if consensus else [],
            rationale=consensus.rationale if consensus else "",
        )
        if criterion.code in previous:
            row.previous_percent, row.previous_points = previous[criterion.code]
        group = groups.setdefault(criterion.group_id, ReportGroup(group=criterion.group))
        group.criteria.append(row)
        group.subtotal.points += row.points
        group.subtotal.max_points += item.max_points
        scored.append(
            scoring.ScoredCriterion(
                code=criterion.code,
                group=criterion.group.code,
                kind=criterion.kind,
                max_points=item.max_points,
                percent=percent,
            )
        )
    return Report(
        assessment=assessment,
        groups=list(groups.values()),
        totals=scoring.totals(scored),
        reference=reference,
        reference_totals=reference_totals,
    )
