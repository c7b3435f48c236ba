"""Small, valid model versions for the tests, built through the same code path as an import."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from rodtrad.accounts.actor import Actor
from rodtrad.accounts.models import Organisation, User
from rodtrad.common import clock
from rodtrad.qualitymodels import services
from rodtrad.qualitymodels.models import ModelVersion, QualityModel, TrainingSession
from rodtrad.qualitymodels.spec import (
    CriterionSpec,
    FactorSpec,
    GroupSpec,
    ScaleSpec,
    StepSpec,
    VersionSpec,
)


def ten_percent_steps(word: str = "Nivå") -> tuple[StepSpec, ...]:
    return tuple(StepSpec(p, f"{word} {p}", f"Beskrivning av {p} %") for p in range(0, 101, 10))


def make_spec(*, name: str = "Testmodell", groups: int = 2, **overrides) -> VersionSpec:
    """A valid version: `groups` approach groups of two criteria (points split evenly over
    700) and one results group of two criteria (300), with both scales."""
    approach_count = groups * 2
    points = [700 // approach_count] * approach_count
    points[0] += 700 - sum(points)
    approach_groups = tuple(
        GroupSpec(
            code=str(g + 1),
            name=f"Grupp {g + 1}",
            description=f"Om grupp {g + 1}",
            criteria=tuple(
                CriterionSpec(
                    code=f"{g + 1}.{c + 1}",
                    name=f"Kriterium {g + 1}.{c + 1}",
                    kind="approach",
                    max_points=points[g * 2 + c],
                    description="Hur verksamheten arbetar.",
                    questions=("Hur arbetar ni?", "Hur väl är det infört?", "Hur förbättrar ni?"),
                    guidance="Titta efter exempel.",
                )
                for c in range(2)
            ),
        )
        for g in range(groups)
    )
    results_group = GroupSpec(
        code="R",
        name="Resultat",
        criteria=(
            CriterionSpec(code="R.1", name="Kundresultat", kind="results", max_points=100),
            CriterionSpec(code="R.2", name="Medarbetarresultat", kind="results", max_points=200),
        ),
    )
    spec = VersionSpec(
        model_name=name,
        model_description="En modell för tester.",
        label="2026",
        success_factors=(FactorSpec("K1", "Kunden först", "Beskrivning"),),
        groups=(*approach_groups, results_group),
        scales=(
            ScaleSpec("approach", "Skala för arbetssätt", ten_percent_steps()),
            ScaleSpec("results", "Skala för resultat", ten_percent_steps("Resultat")),
        ),
    )
    return replace(spec, **overrides)


def make_version(
    *,
    owner: Organisation | None = None,
    model: QualityModel | None = None,
    spec: VersionSpec | None = None,
    frozen: bool = False,
    name: str = "Testmodell",
) -> ModelVersion:
    spec = spec or make_spec(name=name)
    if model is None:
        model = QualityModel.objects.create(
            name=spec.model_name, description=spec.model_description, owner=owner
        )
    version = services._create_version(model=model, spec=spec, based_on=None, created_by=None)
    if frozen:
        ModelVersion.objects.filter(pk=version.pk).update(frozen_at=clock.now())
        version.refresh_from_db()
    return version


def template_version(key: str = "gum-strukturerad") -> ModelVersion:
    """The newest version of a built-in template (loaded after migrate)."""
    services.load_templates(record=False)
    return ModelVersion.objects.filter(model__template_key=key).order_by("-number").first()


def make_session(
    *,
    organisation: Organisation,
    version: ModelVersion,
    by: User,
    title: str = "Utbildning i modellen",
    days_from_now: int = -1,
    participants: tuple[User, ...] = (),
    attended: tuple[User, ...] = (),
) -> TrainingSession:
    actor = Actor.for_user(by)
    session = services.create_training_session(
        actor=actor,
        organisation=organisation,
        model_version=version,
        title=title,
        starts_at=clock.now() + timedelta(days=days_from_now),
        location="Stadshuset",
    )
    for user in participants:
        services.add_participant(actor=actor, session=session, email=user.email)
    if attended:
        services.mark_attendance(
            actor=actor, session=session, attended={user.pk: True for user in attended}
        )
    return session
