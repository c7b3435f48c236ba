"""Reads for the improvement plan's pages, the API, the contract page and the follow-up round
page, each in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from rodtrad.assessments.models import Assessment, ScopeItem, Status
from rodtrad.common import clock
from rodtrad.contracts.models import Contract
from rodtrad.followup.models import FollowUpRound
from rodtrad.improvements.models import (
    OPEN_STATUSES,
    ActionChange,
    ActionStatus,
    ChangeKind,
    ImprovementAction,
)
from rodtrad.qualitymodels.models import Criterion


def today() -> date:
    return timezone.localtime(clock.now()).date()


def is_overdue(action: ImprovementAction, on: date | None = None) -> bool:
    """Due date passed and neither done nor dropped."""
    return action.status in OPEN_STATUSES and action.due_on < (on or today())


def overdue_filter(on: date | None = None) -> Q:
    return Q(status__in=list(OPEN_STATUSES), due_on__lt=on or today())


# --- the list ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    status: str = ""
    owner: str = ""
    overdue: bool = False


def action_list(contract: Contract, filters: Filters | None = None) -> list[ImprovementAction]:
    """The contract's actions, soonest due first, each with `overdue` set. One query."""
    filters = filters or Filters()
    actions: QuerySet[ImprovementAction] = ImprovementAction.objects.filter(
        contract=contract
    ).select_related("responsible", "criterion")
    if filters.status:
        actions = actions.filter(status=filters.status)
    if filters.owner:
        actions = actions.filter(owner=filters.owner)
    if filters.overdue:
        actions = actions.filter(overdue_filter())
    rows = list(actions.order_by("due_on", "id"))
    on = today()
    for action in rows:
        action.overdue = is_overdue(action, on)  # type: ignore[attr-defined]
    return rows


def history(action: ImprovementAction) -> list[ActionChange]:
    """Who changed what when, oldest first. One query."""
    rows = list(
        ActionChange.objects.filter(action=action)
        .select_related("changed_by")
        .order_by("changed_at", "id")
    )
    for row in rows:
        row.field_labels = [  # type: ignore[attr-defined]
            str(
                getattr(
                    ImprovementAction._meta.get_field(name.removesuffix("_id")),
                    "verbose_name",
                    name,
                )
            )
            for name in sorted(row.fields, key=_field_position)
        ]
    return rows


def _field_position(name: str) -> int:
    """The field's place in the model, so the changed fields read in the same order on every
    database (PostgreSQL's jsonb does not keep the keys' order)."""
    field = ImprovementAction._meta.get_field(name.removesuffix("_id"))
    return ImprovementAction._meta.fields.index(field)  # type: ignore[arg-type]


# --- assessments of the contract and their improvement areas ----------------------------------


@dataclass
class SourceAssessment:
    assessment_id: int
    label: str


def source_assessments(contract: Contract) -> list[SourceAssessment]:
    """The contract's baseline and every follow-up round's provider and buyer assessment, in
    order, with a readable label. One query (the rounds)."""
    found = [SourceAssessment(contract.baseline_id, _("The tender (baseline)"))]
    rounds = FollowUpRound.objects.filter(contract=contract).order_by("due_on", "number")
    for round_ in rounds.only("number", "provider_assessment_id", "buyer_assessment_id"):
        if round_.provider_assessment_id:
            found.append(
                SourceAssessment(
                    round_.provider_assessment_id,
                    _("%(round)s: the provider") % {"round": round_.title},
                )
            )
        if round_.buyer_assessment_id:
            found.append(
                SourceAssessment(
                    round_.buyer_assessment_id,
                    _("%(round)s: the buyer") % {"round": round_.title},
                )
            )
    return found


def _assessment_ids_query(contract: Contract) -> Q:
    rounds = FollowUpRound.objects.filter(contract_id=contract.pk)
    return (
        Q(pk=contract.baseline_id)
        | Q(pk__in=rounds.values("provider_assessment_id"))
        | Q(pk__in=rounds.values("buyer_assessment_id"))
    )


def criterion_choices(contract: Contract) -> list[Criterion]:
    """The criteria an action may be linked to: those in scope of the contract's assessments.
    One query."""
    assessments = Assessment.objects.filter(_assessment_ids_query(contract)).values("pk")
    return list(
        Criterion.objects.filter(
            pk__in=ScopeItem.objects.filter(assessment_id__in=assessments).values("criterion_id")
        ).order_by("version_id", "group__order", "order", "id")
    )


@dataclass
class Area:
    index: int
    text: str
    actions: list[ImprovementAction] = field(default_factory=list)


@dataclass
class AreaCriterion:
    item: ScopeItem
    areas: list[Area]


@dataclass
class AreaGroup:
    source: SourceAssessment
    criteria: list[AreaCriterion]


def improvement_areas(contract: Contract) -> list[AreaGroup]:
    """The consensus improvement areas of the contract's final assessments, grouped by
    assessment and criterion, each with the actions already made from it. Three queries."""
    sources = source_assessments(contract)
    ids = [s.assessment_id for s in sources]
    items = list(
        ScopeItem.objects.filter(assessment_id__in=ids, assessment__status=Status.FINAL)
        .select_related("criterion__group", "consensus")
        .order_by("criterion__group__order", "order", "id")
    )
    made: dict[tuple[int, str], list[ImprovementAction]] = {}
    for action in ImprovementAction.objects.filter(
        contract=contract, source_item_id__in=[i.pk for i in items]
    ).order_by("id"):
        made.setdefault((action.source_item_id or 0, action.source_text), []).append(action)
    by_assessment: dict[int, list[AreaCriterion]] = {}
    for item in items:
        consensus = getattr(item, "consensus", None)
        texts = [str(t) for t in (consensus.improvements if consensus else []) if str(t).strip()]
        if not texts:
            continue
        areas = [Area(i, t, made.get((item.pk, t), [])) for i, t in enumerate(texts)]
        by_assessment.setdefault(item.assessment_id, []).append(AreaCriterion(item, areas))
    return [
        AreaGroup(source, by_assessment[source.assessment_id])
        for source in sources
        if source.assessment_id in by_assessment
    ]


@dataclass(frozen=True)
class Source:
    assessment_id: int
    item: ScopeItem
    text: str


def resolve_source(contract: Contract, item_id: int, index: int) -> Source | None:
    """The improvement area `index` of a scope item in one of the contract's final
    assessments, or None. Two queries."""
    ids = [s.assessment_id for s in source_assessments(contract)]
    item = (
        ScopeItem.objects.filter(pk=item_id, assessment_id__in=ids, assessment__status=Status.FINAL)
        .select_related("criterion", "consensus")
        .first()
    )
    consensus = getattr(item, "consensus", None) if item is not None else None
    if item is None or consensus is None:
        return None
    texts = [str(t) for t in consensus.improvements if str(t).strip()]
    if not 0 <= index < len(texts):
        return None
    return Source(item.assessment_id, item, texts[index])


# --- summaries --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Summary:
    open: int
    overdue: int
    done: int
    dropped: int

    @property
    def total(self) -> int:
        return self.open + self.done + self.dropped


def contract_summary(contract: Contract) -> Summary:
    """Open (planned or in progress), overdue (of the open), done and dropped. One query."""
    counts = ImprovementAction.objects.filter(contract=contract).aggregate(
        open=Count("pk", filter=Q(status__in=list(OPEN_STATUSES))),
        overdue=Count("pk", filter=overdue_filter()),
        done=Count("pk", filter=Q(status=ActionStatus.DONE)),
        dropped=Count("pk", filter=Q(status=ActionStatus.DROPPED)),
    )
    return Summary(**{key: value or 0 for key, value in counts.items()})


@dataclass
class Changes:
    since: datetime | None
    until: datetime
    created: list[ImprovementAction]
    done: list[ImprovementAction]
    dropped: list[ImprovementAction]
    overdue: list[ImprovementAction]

    @property
    def empty(self) -> bool:
        return not (self.created or self.done or self.dropped or self.overdue)


def changes_between(contract: Contract, since: datetime | None, until: datetime) -> Changes:
    """What happened to the contract's actions after `since` (None: from the start) up to and
    including `until`: the actions created, those marked done and those dropped in the window
    (by their history), and those overdue at `until` (open at that moment by their history, due
    before that day). Two queries."""
    actions = list(
        ImprovementAction.objects.filter(contract=contract, created_at__lte=until)
        .select_related("responsible")
        .order_by("due_on", "id")
    )
    changes: dict[int, list[ActionChange]] = {}
    for change in ActionChange.objects.filter(
        action__contract=contract, changed_at__lte=until
    ).order_by("changed_at", "id"):
        changes.setdefault(change.action_id, []).append(change)

    def in_window(moment: datetime) -> bool:
        return (since is None or moment > since) and moment <= until

    on = timezone.localtime(until).date()
    created, done, dropped, overdue = [], [], [], []
    for action in actions:
        entries = changes.get(action.pk, [])
        if in_window(action.created_at):
            created.append(action)
        statuses = [c for c in entries if c.kind in (ChangeKind.CREATED, ChangeKind.STATUS)]
        if any(c.to_status == ActionStatus.DONE and in_window(c.changed_at) for c in statuses):
            done.append(action)
        if any(c.to_status == ActionStatus.DROPPED and in_window(c.changed_at) for c in statuses):
            dropped.append(action)
        status_then = statuses[-1].to_status if statuses else action.status
        if status_then in OPEN_STATUSES and action.due_on < on:
            overdue.append(action)
    return Changes(since, until, created, done, dropped, overdue)
