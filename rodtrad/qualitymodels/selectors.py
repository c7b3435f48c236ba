"""Reads for the pages, the API, the exporter and other apps – each a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery

from rodtrad.accounts.actor import Actor
from rodtrad.qualitymodels import exchange
from rodtrad.qualitymodels.models import (
    Criterion,
    CriterionGroup,
    CriterionKind,
    ModelVersion,
    QualityModel,
    Scale,
    ScaleStep,
    SuccessFactor,
    TrainingParticipant,
    TrainingSession,
)
from rodtrad.qualitymodels.permissions import visible_models_q, visible_sessions_q
from rodtrad.qualitymodels.spec import (
    CriterionSpec,
    FactorSpec,
    GroupSpec,
    ScaleSpec,
    StepSpec,
    VersionSpec,
)
from rodtrad.qualitymodels.validation import PointSplit, Problem, point_split, validate_spec

# --- the library ---------------------------------------------------------------------------------


def models_visible_to(actor: Actor) -> QuerySet[QualityModel]:
    """The platform library first, then the models of the actor's organisations; each with its
    number of versions and its newest version. One query."""
    newest = ModelVersion.objects.filter(model=OuterRef("pk")).order_by("-number")
    return (
        QualityModel.objects.filter(visible_models_q(actor))
        .select_related("owner")
        .annotate(
            version_count=Count("versions"),
            latest_version_id=Subquery(newest.values("pk")[:1]),
            latest_number=Subquery(newest.values("number")[:1]),
            latest_frozen_at=Subquery(newest.values("frozen_at")[:1]),
        )
        .order_by(F("owner__name").asc(nulls_first=True), "owner_id", "name", "id")
    )


def versions_of(model: QualityModel) -> list[ModelVersion]:
    return list(
        model.versions.select_related("created_by", "based_on")
        .annotate(training_count=Count("training_sessions"))
        .order_by("-number")
    )


def versions_visible_to(actor: Actor) -> QuerySet[ModelVersion]:
    return (
        ModelVersion.objects.filter(visible_models_q(actor, "model__"))
        .select_related("model__owner")
        .order_by(F("model__owner__name").asc(nulls_first=True), "model__name", "-number")
    )


# --- one version -------------------------------------------------------------------------------


@dataclass
class GroupRow:
    group: CriterionGroup
    criteria: list[Criterion] = field(default_factory=list)


@dataclass
class ScaleRow:
    scale: Scale
    steps: list[ScaleStep] = field(default_factory=list)


@dataclass
class VersionContent:
    """A version with all its parts, read in five queries, and what follows from them."""

    version: ModelVersion
    factors: list[SuccessFactor]
    groups: list[GroupRow]
    scales: list[ScaleRow]

    @cached_property
    def spec(self) -> VersionSpec:
        model = self.version.model
        return VersionSpec(
            model_name=model.name,
            model_description=model.description,
            label=self.version.label,
            language=self.version.language,
            total_points=self.version.total_points,
            approach_points=self.version.approach_points,
            results_points=self.version.results_points,
            notes=self.version.notes,
            success_factors=tuple(
                FactorSpec(code=f.code, name=f.name, description=f.description)
                for f in self.factors
            ),
            groups=tuple(
                GroupSpec(
                    code=row.group.code,
                    name=row.group.name,
                    description=row.group.description,
                    criteria=tuple(
                        CriterionSpec(
                            code=c.code,
                            name=c.name,
                            kind=c.kind,
                            max_points=c.max_points,
                            description=c.description,
                            questions=tuple(str(q) for q in (c.questions or [])),
                            guidance=c.guidance,
                        )
                        for c in row.criteria
                    ),
                )
                for row in self.groups
            ),
            scales=tuple(
                ScaleSpec(
                    kind=row.scale.kind,
                    name=row.scale.name,
                    steps=tuple(
                        StepSpec(percent=s.percent, label=s.label, description=s.description)
                        for s in row.steps
                    ),
                )
                for row in self.scales
            ),
        )

    @cached_property
    def problems(self) -> list[Problem]:
        return validate_spec(self.spec)

    @cached_property
    def split(self) -> PointSplit:
        return point_split(self.spec)

    @property
    def criteria(self) -> list[Criterion]:
        return [c for row in self.groups for c in row.criteria]

    @property
    def kinds_without_scale(self) -> list[tuple[str, str]]:
        present = {row.scale.kind for row in self.scales}
        return [(k, str(label)) for k, label in CriterionKind.choices if k not in present]

    def scale_for(self, kind: str) -> ScaleRow | None:
        return next((row for row in self.scales if row.scale.kind == kind), None)


def version_content(version: ModelVersion) -> VersionContent:
    factors = list(SuccessFactor.objects.filter(version=version).order_by("order", "id"))
    groups = [
        GroupRow(group)
        for group in CriterionGroup.objects.filter(version=version).order_by("order", "id")
    ]
    by_group = {row.group.pk: row for row in groups}
    for criterion in Criterion.objects.filter(version=version).order_by("order", "id"):
        row = by_group.get(criterion.group_id)
        if row is not None:
            criterion.group = row.group
            row.criteria.append(criterion)
    scales = [
        ScaleRow(scale, list(scale.steps.all()))
        for scale in Scale.objects.filter(version=version)
        .order_by("kind", "id")
        .prefetch_related(Prefetch("steps", queryset=ScaleStep.objects.order_by("percent")))
    ]
    return VersionContent(version=version, factors=factors, groups=groups, scales=scales)


def spec_of(version: ModelVersion) -> VersionSpec:
    return version_content(version).spec


def validate_version(version: ModelVersion) -> list[Problem]:
    """The problems that keep a version from being used (empty: it is complete)."""
    return version_content(version).problems


def export_version(version: ModelVersion, fmt: str = "yaml") -> str:
    """The version in the exchange format (`yaml` or `json`); see exchange.py."""
    return exchange.dump(spec_of(version), fmt)


# --- training ------------------------------------------------------------------------------------


def sessions_visible_to(actor: Actor) -> QuerySet[TrainingSession]:
    """Sessions of the actor's organisations and those they take part in or lead. One query."""
    return (
        TrainingSession.objects.filter(visible_sessions_q(actor))
        .select_related("organisation", "model_version__model", "trainer")
        .annotate(
            participant_count=Count("participants", distinct=True),
            attended_count=Count(
                "participants", filter=Q(participants__attended=True), distinct=True
            ),
        )
        .order_by("-starts_at", "-id")
    )


def participants_of(session: TrainingSession) -> list[TrainingParticipant]:
    return list(
        session.participants.select_related("user").order_by("user__full_name", "user__email", "id")
    )


def trained_user_ids(model: QualityModel | int, user_ids: Iterable[int]) -> set[int]:
    """Of the given people, those trained in the model: they attended a training session on
    any version of it. One query. For the red-thread check (everyone involved is trained)."""
    model_id = model if isinstance(model, int) else model.pk
    return set(
        TrainingParticipant.objects.filter(
            attended=True, session__model_version__model_id=model_id, user_id__in=list(user_ids)
        ).values_list("user_id", flat=True)
    )


@dataclass(frozen=True)
class TrainedModel:
    model_id: int
    name: str


def trained_models_by_user(actor: Actor, user_ids: Iterable[int]) -> dict[int, list[TrainedModel]]:
    """For each person, the models (that the actor may see) they are trained in. One query."""
    rows = (
        TrainingParticipant.objects.filter(attended=True, user_id__in=list(user_ids))
        .filter(visible_models_q(actor, "session__model_version__model__"))
        .values_list(
            "user_id", "session__model_version__model_id", "session__model_version__model__name"
        )
        .order_by("session__model_version__model__name", "session__model_version__model_id")
        .distinct()
    )
    result: dict[int, list[TrainedModel]] = defaultdict(list)
    for user_id, model_id, name in rows:
        entry = TrainedModel(model_id, name)
        if entry not in result[user_id]:
            result[user_id].append(entry)
    return dict(result)
