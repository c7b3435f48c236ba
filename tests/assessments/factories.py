"""A small, frozen quality model version for engine tests, and assessments built on it."""

from __future__ import annotations

from decimal import Decimal

from rodtrad.accounts.actor import Actor
from rodtrad.assessments import services
from rodtrad.assessments.models import Assessment
from rodtrad.common import clock
from rodtrad.qualitymodels.models import (
    Criterion,
    CriterionGroup,
    ModelVersion,
    QualityModel,
    Scale,
    ScaleStep,
)

STEPS = list(range(0, 101, 10))


def make_version(
    *, approach: int = 2, results: int = 1, groups: int = 2, model: QualityModel | None = None
) -> ModelVersion:
    """A valid version: `approach` approach criteria of 70 points and `results` result
    criteria of 100, spread over `groups` groups, scales 0–100 % in 10 % steps; frozen."""
    model = model or QualityModel.objects.create(name="Testmodell")
    number = model.versions.count() + 1
    version = ModelVersion.objects.create(
        model=model,
        number=number,
        total_points=70 * approach + 100 * results,
        approach_points=70 * approach,
        results_points=100 * results,
    )
    group_objects = [
        CriterionGroup.objects.create(
            version=version, code=f"G{g + 1}", order=g, name=f"Grupp {g + 1}"
        )
        for g in range(groups)
    ]
    criteria = []
    for index in range(approach + results):
        kind = "approach" if index < approach else "results"
        criteria.append(
            Criterion(
                version=version,
                group=group_objects[index % groups],
                code=f"{index + 1}",
                order=index,
                name=f"Kriterium {index + 1}",
                kind=kind,
                max_points=70 if kind == "approach" else 100,
                description=f"Beskrivning {index + 1}",
                questions=["Hur arbetar ni?", "Hur förbättrar ni?"],
                guidance=f"Vägledning {index + 1}",
            )
        )
    Criterion.objects.bulk_create(criteria)
    for kind in ("approach", "results"):
        scale = Scale.objects.create(version=version, kind=kind, name=f"Skala {kind}")
        ScaleStep.objects.bulk_create(
            ScaleStep(scale=scale, percent=p, label=f"{p} %", description=f"Nivå {p} ({kind})")
            for p in STEPS
        )
    ModelVersion.objects.filter(pk=version.pk).update(frozen_at=clock.now())
    version.refresh_from_db()
    return version


def make_self_assessment(personas, *, version=None, evaluators=None, title="Självvärdering 2026"):
    """Ekby's self-assessment with the panel chair and evaluators 1 and 2 (by default)."""
    version = version or make_version()
    evaluators = (
        evaluators if evaluators is not None else [personas.evaluator, personas.evaluator_2]
    )
    return services.create_self_assessment(
        actor=Actor.for_user(personas.buyer_admin),
        organisation=personas.buyer,
        title=title,
        model_version=version,
        chair=personas.panel_chair,
        evaluators=evaluators,
    )


def actor(user) -> Actor:
    return Actor.for_user(user)


def declare_all(assessment: Assessment, *users) -> None:
    for user in users:
        services.sign_declaration(actor=actor(user), assessment=assessment, conflict=False)


def score_all(assessment: Assessment, user, percent: int | dict, *, submit: bool = True) -> None:
    """Give every criterion a step (a number, or {criterion code: step}) and a strength."""
    for item in assessment.scope.select_related("criterion"):
        step = percent[item.criterion.code] if isinstance(percent, dict) else percent
        services.save_individual_score(
            actor=actor(user),
            assessment=assessment,
            item=item,
            percent=step,
            strengths=[f"Styrka {item.criterion.code} enligt {user.full_name}"],
            improvements=[f"Förbättra {item.criterion.code}"],
        )
    if submit:
        services.submit_individual(actor=actor(user), assessment=assessment)


def run_to_consensus(personas, *, steps=None, version=None) -> Assessment:
    """A self-assessment where chair and both evaluators have submitted and consensus started."""
    assessment = make_self_assessment(personas, version=version)
    services.start_individual(actor=actor(personas.buyer_admin), assessment=assessment)
    panel = [personas.panel_chair, personas.evaluator, personas.evaluator_2]
    declare_all(assessment, *panel)
    steps = steps or {personas.panel_chair: 50, personas.evaluator: 60, personas.evaluator_2: 70}
    for user in panel:
        score_all(assessment, user, steps[user])
    services.start_consensus(actor=actor(personas.panel_chair), assessment=assessment)
    assessment.refresh_from_db()
    return assessment


def agree_all(assessment: Assessment, user, percent: int | None = None) -> None:
    """Record a consensus for every criterion (the suggestion unless `percent` is given)."""
    from rodtrad.assessments import selectors

    fresh = Assessment.objects.get(pk=assessment.pk)
    for row in selectors.consensus_rows(actor(user), fresh):
        services.save_consensus(
            actor=actor(user),
            assessment=fresh,
            item=row.item,
            percent=percent if percent is not None else row.suggested,
            rationale="Enig panel" if percent is not None else "",
            strengths=row.consensus.strengths,
            improvements=row.consensus.improvements,
            revision=row.consensus.revision,
            suggested=row.suggested,
        )


__all__ = ["Decimal"]
