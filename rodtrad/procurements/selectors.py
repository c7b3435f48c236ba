"""Reads for the procurement pages, the red-thread check, the simulation and the public list.
Each runs a fixed number of queries."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import CharField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.fields.json import KT

from rodtrad.accounts.actor import Actor
from rodtrad.assessments.models import Assessment, Purpose, Status
from rodtrad.common import clock
from rodtrad.procurements import evaluation, redthread
from rodtrad.procurements.models import (
    AwardCriterion,
    BuyerSettings,
    DocumentVersion,
    EvaluationKind,
    Goal,
    Lot,
    Procurement,
    ProcurementStatus,
    Question,
    SimulatedTender,
    TeamRole,
)
from rodtrad.qualitymodels.models import ScaleStep


def scale_percents(procurement: Procurement) -> dict[str, list[int]]:
    """The steps (percent) of the model version's scales per criterion kind. One query."""
    if procurement.model_version_id is None:
        return {}
    steps: dict[str, list[int]] = {}
    for kind, percent in ScaleStep.objects.filter(
        scale__version=procurement.model_version_id
    ).values_list("scale__kind", "percent"):
        steps.setdefault(kind, []).append(percent)
    return {kind: sorted(values) for kind, values in steps.items()}


def award_criteria(procurement: Procurement) -> list[AwardCriterion]:
    """The award criteria with their model criterion, group and goals. Two queries."""
    return list(
        procurement.criteria.select_related("criterion__group")
        .prefetch_related(Prefetch("goals", queryset=Goal.objects.order_by("order", "id")))
        .order_by("order", "id")
    )


# --- the evaluation model ---------------------------------------------------------------------


def evaluation_model(
    procurement: Procurement,
    criteria: list[AwardCriterion],
    lot: Lot | None = None,
    lot_values: dict[int, tuple[Decimal, Decimal | None]] | None = None,
) -> evaluation.EvaluationModel:
    """The procurement's (or a lot's own) evaluation model for the pure functions. Criteria are
    keyed by the award criterion's id (as text)."""
    own = lot is not None and lot.own_evaluation and lot_values is not None
    rules = []
    for award in criteria:
        points, amount = award.points, award.amount
        if own and award.pk in lot_values:  # type: ignore[operator]
            points, amount = lot_values[award.pk]  # type: ignore[index]
        rules.append(
            evaluation.CriterionRule(
                key=str(award.pk), max_points=Decimal(points), amount=Decimal(amount or 0)
            )
        )
    wq = (
        lot.weight_quality
        if own and lot and lot.weight_quality is not None
        else procurement.weight_quality
    )
    wp = (
        lot.weight_price
        if own and lot and lot.weight_price is not None
        else procurement.weight_price
    )
    return evaluation.EvaluationModel(
        kind=evaluation.ModelKind(procurement.evaluation_kind),
        criteria=tuple(rules),
        weight_quality=wq or Decimal(0),
        weight_price=wp or Decimal(0),
        tie_break=evaluation.TieBreak(procurement.tie_break),
    )


def evaluation_problems(procurement: Procurement, criteria: list[AwardCriterion]) -> list[str]:
    """What keeps the evaluation model from being usable, in words for the buyer."""
    from django.utils.translation import gettext as _

    problems = []
    kind = procurement.evaluation_kind
    if kind == EvaluationKind.WEIGHTED_RELATIVE and procurement.weight_quality is None:
        problems.append(_("Give the weights of quality and price."))
    if kind in (EvaluationKind.VALUE_ADDED, EvaluationKind.SURCHARGE):
        missing = [a.criterion.code for a in criteria if not a.amount]
        if missing:
            message = (
                _("Give the deduction for full marks for %(codes)s.")
                if kind == EvaluationKind.VALUE_ADDED
                else _("Give the surcharge for a complete shortfall for %(codes)s.")
            )
            problems.append(message % {"codes": ", ".join(missing)})
    if kind == EvaluationKind.FIXED_PRICE and procurement.fixed_price is None:
        problems.append(_("Give the fixed price."))
    if criteria and not problems:
        technical = evaluation.validate(evaluation_model(procurement, criteria))
        problems += [evaluation_problem_text(key) for key in technical]
    return problems


def evaluation_problem_text(key: str) -> str:
    """The words for a problem key of `evaluation.validate` (English keys, translated here)."""
    from django.utils.translation import gettext as _

    texts = {
        evaluation.NO_CRITERIA: _("Choose at least one award criterion."),
        evaluation.DUPLICATE_CRITERION: _("A criterion appears twice."),
        evaluation.MAX_POINTS_NOT_POSITIVE: _("Every criterion needs more than zero points."),
        evaluation.NEGATIVE_DEDUCTION: _("A deduction must be zero or more."),
        evaluation.NEGATIVE_SURCHARGE: _("A surcharge must be zero or more."),
        evaluation.WEIGHT_OUT_OF_RANGE: _("Enter a weight between 0 and 100 %."),
        evaluation.WEIGHTS_NOT_ONE: _("The weights of quality and price must add up to 100 %."),
        evaluation.NOT_A_NUMBER: _("Every figure must be a number."),
        evaluation.PRICE_NOT_POSITIVE: _("Enter a price above zero."),
        evaluation.STEP_OUT_OF_RANGE: _("Choose a step between 0 and 100 %."),
        evaluation.UNKNOWN_CRITERION: _("A step is given for a criterion the model does not have."),
        evaluation.DUPLICATE_TENDER: _("Two tenders are the same tender."),
        evaluation.BAD_SCALE: _("A scale needs at least two steps between 0 and 1."),
    }
    return texts.get(key, key)


@dataclass
class Simulation:
    tenders: list[SimulatedTender]
    result: evaluation.Evaluation | None
    premium: evaluation.Premium | None
    problems: list[str]


def simulation(
    procurement: Procurement, criteria: list[AwardCriterion] | None = None
) -> Simulation:
    """The fictive tenders evaluated with the procurement's model, and the headline: how much
    more a tender with full marks may cost than one with median marks and still win
    (reference price: the median of the fictive tenders' prices). Two or three queries."""
    criteria = award_criteria(procurement) if criteria is None else criteria
    tenders = list(procurement.simulated_tenders.order_by("id"))
    problems = evaluation_problems(procurement, criteria)
    if problems or not criteria:
        return Simulation(tenders, None, None, problems)
    model = evaluation_model(procurement, criteria)
    inputs = [
        evaluation.Tender(
            key=str(t.pk),
            price=t.price,
            steps={key: Decimal(percent) / 100 for key, percent in t.steps.items()},
        )
        for t in tenders
    ]
    problems = evaluation.validate(model, inputs)
    if problems:  # e.g. a fictive tender saved before the criteria changed
        return Simulation(tenders, None, None, problems)
    result = evaluation.evaluate(model, inputs) if inputs else None
    premium = None
    if tenders:
        reference = Decimal(statistics.median(t.price for t in tenders)).quantize(Decimal("0.01"))
        steps = scale_percents(procurement)
        scale = steps.get("approach") or next(iter(steps.values()), [0, 50, 100])
        premium = evaluation.quality_premium(model, reference, [Decimal(p) / 100 for p in scale])
    return Simulation(tenders, result, premium, [])


# --- the red-thread check --------------------------------------------------------------------


def red_thread_facts(procurement: Procurement) -> redthread.Facts:
    """Everything the red-thread check looks at. About a dozen queries, whatever the size."""
    from rodtrad.qualitymodels.models import TrainingSession
    from rodtrad.qualitymodels.selectors import trained_user_ids

    criteria = award_criteria(procurement)
    goals = list(
        procurement.goals.prefetch_related("criteria__criterion", "indicators").order_by(
            "order", "id"
        )
    )
    requirements = list(procurement.requirements.order_by("order", "id"))
    team = list(procurement.team.select_related("user"))
    version = procurement.model_version
    model_id = version.model_id if version is not None else None
    panel_ids = [m.user_id for m in team if m.role in (TeamRole.PANEL_CHAIR, TeamRole.EVALUATOR)]
    trained = trained_user_ids(model_id, panel_ids) if model_id else set()
    training_offered = (
        bool(model_id)
        and TrainingSession.objects.filter(
            model_version__model_id=model_id,
            organisation=procurement.buyer_id,
        ).exists()
    )
    self_assessed = (
        bool(model_id)
        and Assessment.objects.filter(
            purpose=Purpose.SELF_ASSESSMENT,
            subject=procurement.buyer_id,
            status=Status.FINAL,
            model_version__model_id=model_id,
        ).exists()
    )
    # A read never writes: without saved settings the defaults apply.
    settings = BuyerSettings.objects.filter(
        organisation_id=procurement.buyer_id
    ).first() or BuyerSettings(organisation_id=procurement.buyer_id)
    sim = simulation(procurement, criteria)
    return redthread.Facts(
        title=procurement.title,
        reference_number=procurement.reference_number,
        cpv_codes=tuple(procurement.cpv_codes),
        publication_date=procurement.publication_date,
        questions_deadline=procurement.questions_deadline,
        tender_deadline=procurement.tender_deadline,
        now=clock.now(),
        has_model=procurement.model_version_id is not None,
        goals=tuple(
            redthread.GoalFact(
                code=g.code,
                text=g.text,
                criterion_codes=tuple(c.criterion.code for c in g.criteria.all()),
                indicator_names=tuple(i.name for i in g.indicators.all()),
            )
            for g in goals
        ),
        criteria=tuple(
            redthread.CriterionFact(
                code=a.criterion.code,
                name=a.criterion.name,
                kind=a.criterion.kind,
                points=a.points,
                guidance=a.guidance,
                question=a.question,
                goal_codes=tuple(g.code for g in a.goals.all()),
                amount=a.amount,
            )
            for a in criteria
        ),
        requirements=tuple(
            redthread.RequirementFact(
                code=r.code,
                title=r.title,
                style=r.style,
                minimum_level=r.minimum_level,
                follow_up_method=r.follow_up_method,
                follow_up_frequency=r.follow_up_frequency,
                follow_up_responsible=r.follow_up_responsible,
            )
            for r in requirements
        ),
        indicator_count=procurement.indicators.count(),
        partnership_question=procurement.partnership_question,
        follow_up_description=procurement.follow_up_description,
        follow_up_months=procurement.follow_up_months,
        follow_up_both_parties=procurement.follow_up_both_parties,
        follow_up_baseline=procurement.follow_up_baseline,
        evaluation_kind=procurement.evaluation_kind,
        evaluation_problems=tuple(sim.problems),
        panel=tuple(
            redthread.PanelFact(name=m.user.full_name, role=m.role, trained=m.user_id in trained)
            for m in team
            if m.role in (TeamRole.PANEL_CHAIR, TeamRole.EVALUATOR)
        ),
        opener_count=len({m.user_id for m in team if m.role == TeamRole.OPENER}),
        training_offered=training_offered,
        buyer_self_assessed=self_assessed,
        simulated_tenders=len(sim.tenders),
        premium_percent=sim.premium.percent if sim.premium else None,
        premium_unlimited=bool(sim.premium and sim.premium.unlimited)
        or procurement.evaluation_kind == EvaluationKind.FIXED_PRICE,
        max_requirements=settings.max_requirements,
        min_premium_percent=settings.min_quality_premium_percent,
    )


def red_thread(procurement: Procurement) -> list[redthread.CheckResult]:
    return redthread.check(red_thread_facts(procurement))


# --- lists -----------------------------------------------------------------------------------


def buyer_procurements(actor: Actor) -> QuerySet[Procurement]:
    """Procurements whose working copy the actor sees. One query."""
    if actor.user is None:
        return Procurement.objects.none()
    from rodtrad.procurements.permissions import BUYER_ROLES

    orgs = [
        org
        for org, roles in actor.roles_by_org.items()
        if not roles.isdisjoint(BUYER_ROLES) and actor.in_scope(org)
    ]
    condition = Q(buyer_id__in=orgs) | Q(
        team__user=actor.user,
        buyer_id__in=[o for o in actor.roles_by_org if actor.in_scope(o)],
    )
    return (
        Procurement.objects.filter(condition)
        .select_related("buyer")
        .distinct()
        .order_by("-created_at", "-id")
    )


@dataclass(frozen=True)
class PublicFilters:
    text: str = ""
    buyer_id: int | None = None
    cpv: str = ""
    deadline_after: object = None
    open_only: bool = True


def _latest_published(key: str) -> Subquery:
    """A text value of the latest published version's snapshot (e.g. "procurement.title")."""
    return Subquery(
        DocumentVersion.objects.filter(procurement=OuterRef("pk"))
        .order_by("-number")
        .annotate(value=KT("snapshot__" + key.replace(".", "__")))
        .values("value")[:1],
        output_field=CharField(),
    )


def _latest_published_column(column: str) -> Subquery:
    """A column of the latest published version that repeats a snapshot value (see
    DocumentVersion.title): no snapshot is unpacked to read or search it."""
    return Subquery(
        DocumentVersion.objects.filter(procurement=OuterRef("pk"))
        .order_by("-number")
        .values(column)[:1],
        output_field=CharField(),
    )


def published_procurements(filters: PublicFilters) -> QuerySet[Procurement]:
    """Published procurements for everyone, newest deadline last, with their latest published
    version number. Title, reference number, CPV codes and deadline are those of the latest
    published version (`published_title`, `published_reference`, `published_cpv` as JSON text,
    `published_deadline` as ISO text), never the working copy, and the text and CPV search look
    only at them. One query (plus count for paging)."""
    queryset = (
        Procurement.objects.filter(published_at__isnull=False)
        .exclude(status=ProcurementStatus.DRAFT)
        .annotate(
            published_title=_latest_published_column("title"),
            published_reference=_latest_published_column("reference_number"),
            published_cpv=_latest_published("procurement.cpv_codes"),
            published_deadline=_latest_published("timeline.tender_deadline"),
        )
    )
    if filters.open_only:
        queryset = queryset.filter(
            status=ProcurementStatus.PUBLISHED, tender_deadline__gt=clock.now()
        )
    if filters.text:
        queryset = queryset.filter(
            Q(published_title__icontains=filters.text)
            | Q(published_reference__icontains=filters.text)
        )
    if filters.buyer_id:
        queryset = queryset.filter(buyer_id=filters.buyer_id)
    if filters.deadline_after:
        queryset = queryset.filter(tender_deadline__gte=filters.deadline_after)
    if filters.cpv:
        # Any code starting with what was typed (a division, group or whole code): the codes
        # are a JSON list of strings, so a code starts right after a quote.
        queryset = queryset.filter(published_cpv__contains='"' + filters.cpv.strip())
    latest_number = (
        DocumentVersion.objects.filter(procurement=OuterRef("pk"))
        .order_by("-number")
        .values("number")[:1]
    )
    queryset = queryset.select_related("buyer").annotate(versions=Subquery(latest_number))
    return queryset.order_by("tender_deadline", "id")


def latest_version(procurement: Procurement) -> DocumentVersion | None:
    return procurement.document_versions.order_by("-number").first()


def published_questions(procurement: Procurement) -> QuerySet[Question]:
    return procurement.questions.filter(published_at__isnull=False).order_by("number")
