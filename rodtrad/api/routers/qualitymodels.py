"""The model library and training sessions.

No `from __future__ import annotations` here: django-ninja's @paginate resolves the annotations
of the endpoints it wraps in its own module, where string annotations cannot be found.

Versions are read with their full structure, validated, exported and imported in the exchange
format `rodtrad-quality-model/1` (YAML or JSON; see rodtrad/qualitymodels/exchange.py). A version
is frozen when an assessment or a procurement starts to use it – there is no endpoint to freeze
one by hand – and a frozen version is changed by creating a new draft from it.
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.text import slugify
from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate
from pydantic import ConfigDict

from rodtrad.accounts import permissions as account_permissions
from rodtrad.api.auth import actor_of
from rodtrad.api.errors import ApiError
from rodtrad.api.schemas import ERRORS
from rodtrad.qualitymodels import permissions, selectors, services
from rodtrad.qualitymodels.exchange import FORMAT
from rodtrad.qualitymodels.models import CriterionKind, ModelVersion, TrainingSession
from rodtrad.qualitymodels.selectors import VersionContent

router = Router(tags=["quality models"])

CONFLICT_ERRORS = {**ERRORS, 409: ERRORS[404]}


# --- schemas --------------------------------------------------------------------------------------


class ModelOut(Schema):
    id: int
    name: str
    description: str
    owner_id: int | None = Field(None, description="null: the platform library")
    owner_name: str | None = None
    template_key: str = Field("", description="set for rodtrad's built-in templates")
    version_count: int = 0
    latest_version_id: int | None = None

    @staticmethod
    def resolve_owner_name(obj) -> str | None:
        return obj.owner.name if obj.owner_id else None


class VersionSummaryOut(Schema):
    id: int
    model_id: int
    number: int
    label: str
    language: str
    frozen_at: datetime | None = Field(None, description="set: in use and never changes")
    based_on_id: int | None
    created_at: datetime


class ModelDetailOut(ModelOut):
    versions: list[VersionSummaryOut]


class FactorOut(Schema):
    id: int
    code: str
    name: str
    description: str


class CriterionOut(Schema):
    id: int
    code: str
    name: str
    kind: CriterionKind
    max_points: int
    description: str
    questions: list[str]
    guidance: str


class GroupOut(Schema):
    id: int
    code: str
    name: str
    description: str
    criteria: list[CriterionOut]


class StepOut(Schema):
    id: int
    percent: int
    label: str
    description: str


class ScaleOut(Schema):
    id: int
    kind: CriterionKind
    name: str
    steps: list[StepOut]


class ModelProblemOut(Schema):
    path: str = Field(..., examples=["groups[1].criteria[0].max_points"])
    message: str


class ModelVersionOut(VersionSummaryOut):
    model_name: str
    total_points: int
    approach_points: int
    results_points: int
    notes: str
    success_factors: list[FactorOut]
    groups: list[GroupOut]
    scales: list[ScaleOut]


class ValidationOut(Schema):
    valid: bool
    approach_sum: int
    results_sum: int
    total_sum: int
    approach_points: int
    results_points: int
    total_points: int
    problems: list[ModelProblemOut]


class ParticipantOut(Schema):
    user_id: int
    email: str
    full_name: str
    attended: bool
    attendance_marked_at: datetime | None

    @staticmethod
    def resolve_email(obj) -> str:
        return obj.user.email

    @staticmethod
    def resolve_full_name(obj) -> str:
        return obj.user.full_name


class SessionSummaryOut(Schema):
    id: int
    organisation_id: int
    organisation_name: str
    model_version_id: int
    model_id: int
    model_name: str
    title: str
    starts_at: datetime
    ends_at: datetime | None
    location: str
    trainer_email: str | None
    participant_count: int = 0
    attended_count: int = 0

    @staticmethod
    def resolve_organisation_name(obj) -> str:
        return obj.organisation.name

    @staticmethod
    def resolve_model_id(obj) -> int:
        return obj.model_version.model_id

    @staticmethod
    def resolve_model_name(obj) -> str:
        return obj.model_version.model.name

    @staticmethod
    def resolve_trainer_email(obj) -> str | None:
        return obj.trainer.email if obj.trainer_id else None


class SessionOut(SessionSummaryOut):
    description: str
    participants: list[ParticipantOut]

    @staticmethod
    def resolve_participants(obj) -> list:
        return obj.participant_list


class SessionIn(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "organisation_id": 1,
                    "model_version_id": 1,
                    "title": "Introduktion till kvalitetsmodellen för äldreomsorg",
                    "starts_at": "2027-01-20T09:00:00+01:00",
                    "ends_at": "2027-01-20T15:00:00+01:00",
                    "location": "Ekdala kommunhus, sal Linden",
                    "trainer_email": "ivar.dahl@kvalitetsakademin.se",
                }
            ]
        }
    )

    organisation_id: int
    model_version_id: int
    title: str = Field(..., max_length=200, examples=["Introduktion till kvalitetsmodellen"])
    starts_at: datetime
    ends_at: datetime | None = None
    location: str = Field("", max_length=200)
    description: str = ""
    trainer_email: str = Field("", max_length=254)


class SessionPatch(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"starts_at": "2027-01-27T09:00:00+01:00", "ends_at": "2027-01-27T15:00:00+01:00"}
            ]
        }
    )

    model_version_id: int | None = None
    title: str | None = Field(None, max_length=200)
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    location: str | None = Field(None, max_length=200)
    description: str | None = None
    trainer_email: str | None = Field(None, max_length=254)


class ParticipantIn(Schema):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"email": "fredrik.berg@omsorgshuset.se"}]}
    )

    email: str = Field(..., max_length=254, examples=["anna.berg@ekdala.se"])


class AttendanceIn(Schema):
    model_config = ConfigDict(json_schema_extra={"examples": [{"attended": True}]})

    attended: bool


# --- helpers ------------------------------------------------------------------------------------


def _version_out(content: VersionContent) -> ModelVersionOut:
    version = content.version
    return ModelVersionOut(
        id=version.pk,
        model_id=version.model_id,
        model_name=version.model.name,
        number=version.number,
        label=version.label,
        language=version.language,
        frozen_at=version.frozen_at,
        based_on_id=version.based_on_id,
        created_at=version.created_at,
        total_points=version.total_points,
        approach_points=version.approach_points,
        results_points=version.results_points,
        notes=version.notes,
        success_factors=[
            FactorOut(id=f.pk, code=f.code, name=f.name, description=f.description)
            for f in content.factors
        ],
        groups=[
            GroupOut(
                id=row.group.pk,
                code=row.group.code,
                name=row.group.name,
                description=row.group.description,
                criteria=[
                    CriterionOut(
                        id=c.pk,
                        code=c.code,
                        name=c.name,
                        kind=CriterionKind(c.kind),
                        max_points=c.max_points,
                        description=c.description,
                        questions=[str(q) for q in c.questions or []],
                        guidance=c.guidance,
                    )
                    for c in row.criteria
                ],
            )
            for row in content.groups
        ],
        scales=[
            ScaleOut(
                id=row.scale.pk,
                kind=CriterionKind(row.scale.kind),
                name=row.scale.name,
                steps=[
                    StepOut(id=s.pk, percent=s.percent, label=s.label, description=s.description)
                    for s in row.steps
                ],
            )
            for row in content.scales
        ],
    )


def _content_of(version: ModelVersion) -> VersionContent:
    return selectors.version_content(version)


def _session_out(session: TrainingSession) -> SessionOut:
    participants = selectors.participants_of(session)
    session.participant_list = participants  # type: ignore[attr-defined]
    session.participant_count = len(participants)  # type: ignore[attr-defined]
    session.attended_count = sum(1 for p in participants if p.attended)  # type: ignore[attr-defined]
    return SessionOut.from_orm(session)


def _participant_out(participant) -> ParticipantOut:
    return ParticipantOut.from_orm(participant)


def _conflict_on(codes: set[str]):
    """Turn a service's refusal because of the object's state into 409 Conflict."""

    class _Guard:
        def __enter__(self):
            return self

        def __exit__(self, exc_type, exc, tb):
            if isinstance(exc, ValidationError) and getattr(exc, "code", None) in codes:
                raise ApiError(409, "conflict", " ".join(exc.messages)) from None
            return False

    return _Guard()


def _version_for_session(actor, version_id: int) -> ModelVersion:
    try:
        return permissions.get_version_for_view(actor, version_id)
    except Http404:
        raise ValidationError(
            {"model_version_id": [gettext("Choose a model version from the library.")]}
        ) from None


# --- models and versions ------------------------------------------------------------------------


@router.get("/quality-models", response={200: list[ModelOut], **ERRORS})
@paginate(PageNumberPagination)
def list_models(request: HttpRequest):
    """The platform library and your organisations' models."""
    return selectors.models_visible_to(actor_of(request))


@router.post(
    "/quality-models/import",
    response={201: ModelVersionOut, **ERRORS},
    openapi_extra={
        "requestBody": {
            "required": True,
            "description": f"A whole model version in the `{FORMAT}` format, as YAML or JSON.",
            "content": {
                "application/yaml": {"schema": {"type": "string"}},
                "application/json": {"schema": {"type": "object"}},
            },
        }
    },
)
def import_model(
    request: HttpRequest,
    model_id: int | None = None,
    owner_id: int | None = None,
    format: str | None = Query(None, description="yaml or json (default: from the content)"),
):
    """Import a version: with `model_id` as a new draft version of that model; otherwise as a
    new model owned by `owner_id` (omit it for the platform library, platform administrators
    only). An invalid file saves nothing; each problem's `field` is its path and its message
    names the line."""
    actor = actor_of(request)
    model = permissions.get_model_for_view(actor, model_id) if model_id is not None else None
    owner = (
        account_permissions.get_organisation_for_view(actor, owner_id)
        if owner_id is not None and model is None
        else None
    )
    content_type = request.headers.get("Content-Type", "")
    fmt = format if format in ("yaml", "json") else ("json" if "json" in content_type else None)
    version = services.import_version(
        actor=actor, content=request.body, fmt=fmt, model=model, owner=owner
    )
    return Status(201, _version_out(_content_of(version)))


@router.get("/quality-models/{model_id}", response={200: ModelDetailOut, **ERRORS})
def get_model(request: HttpRequest, model_id: int):
    model = permissions.get_model_for_view(actor_of(request), model_id)
    versions = selectors.versions_of(model)
    return ModelDetailOut(
        id=model.pk,
        name=model.name,
        description=model.description,
        owner_id=model.owner_id,
        owner_name=model.owner.name if model.owner else None,
        template_key=model.template_key,
        version_count=len(versions),
        latest_version_id=versions[0].pk if versions else None,
        versions=[VersionSummaryOut.from_orm(v) for v in versions],
    )


@router.get("/quality-model-versions/{version_id}", response={200: ModelVersionOut, **ERRORS})
def get_version(request: HttpRequest, version_id: int):
    """A version with its success factors, groups and criteria (questions and guidance) and
    scales."""
    version = permissions.get_version_for_view(actor_of(request), version_id)
    return _version_out(_content_of(version))


@router.get(
    "/quality-model-versions/{version_id}/validation", response={200: ValidationOut, **ERRORS}
)
def validate_version(request: HttpRequest, version_id: int):
    """What keeps the version from being used, with the points split between approaches and
    results."""
    version = permissions.get_version_for_view(actor_of(request), version_id)
    content = _content_of(version)
    split = content.split
    return ValidationOut(
        valid=not content.problems,
        approach_sum=split.approach_sum,
        results_sum=split.results_sum,
        total_sum=split.total_sum,
        approach_points=split.approach_points,
        results_points=split.results_points,
        total_points=split.total_points,
        problems=[ModelProblemOut(path=p.path, message=p.message) for p in content.problems],
    )


@router.get(
    "/quality-model-versions/{version_id}/export",
    response={200: None, **ERRORS},
    openapi_extra={
        "responses": {
            200: {
                "description": f"The version in the `{FORMAT}` format.",
                "content": {
                    "application/json": {"schema": {"type": "object"}},
                    "application/yaml": {"schema": {"type": "object"}},
                },
            }
        }
    },
)
def export_version(
    request: HttpRequest,
    version_id: int,
    format: str = Query("yaml", pattern="^(yaml|json)$"),
):
    version = permissions.get_version_for_view(actor_of(request), version_id)
    content_type = "application/json" if format == "json" else "application/yaml; charset=utf-8"
    response = HttpResponse(selectors.export_version(version, format), content_type=content_type)
    name = slugify(f"{version.model.name}-v{version.number}") or "model"
    response["Content-Disposition"] = f'attachment; filename="{name}.{format}"'
    return response


@router.post(
    "/quality-model-versions/{version_id}/drafts", response={201: ModelVersionOut, **ERRORS}
)
def create_draft(request: HttpRequest, version_id: int):
    """Copy a version into a new draft version of the same model (how a frozen version is
    changed)."""
    actor = actor_of(request)
    version = permissions.get_version_for_management(actor, version_id)
    draft = services.create_draft_from(version=version, actor=actor)
    return Status(201, _version_out(_content_of(draft)))


@router.delete("/quality-model-versions/{version_id}", response={204: None, **CONFLICT_ERRORS})
def delete_version(request: HttpRequest, version_id: int):
    """Delete a draft version (the model too, if it was its only version). A frozen version
    is in use and answers 409."""
    actor = actor_of(request)
    version = permissions.get_version_for_management(actor, version_id)
    with _conflict_on({"frozen", "in_use"}):
        services.delete_version(version=version, actor=actor)
    return Status(204, None)


# --- training sessions ----------------------------------------------------------------------------


@router.get(
    "/training-sessions", response={200: list[SessionSummaryOut], **ERRORS}, tags=["training"]
)
@paginate(PageNumberPagination)
def list_sessions(request: HttpRequest):
    """Sessions of your organisations and the sessions you take part in or lead."""
    return selectors.sessions_visible_to(actor_of(request))


@router.post("/training-sessions", response={201: SessionOut, **ERRORS}, tags=["training"])
def create_session(request: HttpRequest, payload: SessionIn):
    actor = actor_of(request)
    organisation = account_permissions.get_organisation_for_view(actor, payload.organisation_id)
    version = _version_for_session(actor, payload.model_version_id)
    session = services.create_training_session(
        actor=actor,
        organisation=organisation,
        model_version=version,
        title=payload.title,
        starts_at=payload.starts_at,
        ends_at=payload.ends_at,
        location=payload.location,
        description=payload.description,
        trainer_email=payload.trainer_email,
    )
    return Status(201, _session_out(session))


@router.get(
    "/training-sessions/{session_id}", response={200: SessionOut, **ERRORS}, tags=["training"]
)
def get_session(request: HttpRequest, session_id: int):
    return _session_out(permissions.get_session_for_view(actor_of(request), session_id))


@router.patch(
    "/training-sessions/{session_id}", response={200: SessionOut, **ERRORS}, tags=["training"]
)
def update_session(request: HttpRequest, session_id: int, payload: SessionPatch):
    actor = actor_of(request)
    session = permissions.get_session_for_management(actor, session_id)
    version = (
        _version_for_session(actor, payload.model_version_id)
        if payload.model_version_id is not None
        else session.model_version
    )

    def pick(name: str, current):
        value = getattr(payload, name)
        return current if value is None else value

    services.update_training_session(
        actor=actor,
        session=session,
        model_version=version,
        title=pick("title", session.title),
        starts_at=pick("starts_at", session.starts_at),
        ends_at=pick("ends_at", session.ends_at),
        location=pick("location", session.location),
        description=pick("description", session.description),
        trainer_email=pick("trainer_email", session.trainer.email if session.trainer else ""),
    )
    return _session_out(permissions.get_session_for_view(actor, session.pk))


@router.delete(
    "/training-sessions/{session_id}", response={204: None, **CONFLICT_ERRORS}, tags=["training"]
)
def delete_session(request: HttpRequest, session_id: int):
    """Delete a session; one with recorded attendance is kept (409)."""
    actor = actor_of(request)
    session = permissions.get_session_for_management(actor, session_id)
    with _conflict_on({"attendance_recorded"}):
        services.delete_training_session(actor=actor, session=session)
    return Status(204, None)


@router.post(
    "/training-sessions/{session_id}/participants",
    response={201: ParticipantOut, **ERRORS},
    tags=["training"],
)
def add_participant(request: HttpRequest, session_id: int, payload: ParticipantIn):
    """Add a person by the e-mail address of their rodtrad account."""
    actor = actor_of(request)
    session = permissions.get_session_for_management(actor, session_id)
    participant = services.add_participant(actor=actor, session=session, email=payload.email)
    return Status(201, _participant_out(participant))


@router.delete(
    "/training-sessions/{session_id}/participants/{user_id}",
    response={204: None, **ERRORS},
    tags=["training"],
)
def remove_participant(request: HttpRequest, session_id: int, user_id: int):
    actor = actor_of(request)
    session, user = permissions.get_participant_for_management(actor, session_id, user_id)
    services.remove_participant(actor=actor, session=session, user=user)
    return Status(204, None)


@router.put(
    "/training-sessions/{session_id}/participants/{user_id}/attendance",
    response={200: ParticipantOut, **ERRORS},
    tags=["training"],
)
def set_attendance(request: HttpRequest, session_id: int, user_id: int, payload: AttendanceIn):
    """Mark whether the participant attended (once the session has started)."""
    actor = actor_of(request)
    session, user = permissions.get_participant_for_management(actor, session_id, user_id)
    participants = services.mark_attendance(
        actor=actor, session=session, attended={user.pk: payload.attended}
    )
    return _participant_out(next(p for p in participants if p.user_id == user.pk))
