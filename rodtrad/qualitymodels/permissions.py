"""Access rules for the model library and training sessions.

- Every logged-in person may see the platform library (models without an owner).
- A model owned by an organisation is visible to the members of that organisation only.
- Platform administrators manage the library; an organisation's administrator, quality lead or
  procurement officer (and, in a facilitator, its trainers) manage the organisation's models.
- Training sessions are organised by a buyer's or provider's administrator, quality lead or
  procurement officer, or a facilitator's administrator or trainer, for their organisation. The
  organisation's members see its sessions; participants and the trainer see the sessions they
  are in.

Accessors raise Http404 when the actor may not know the object exists and PermissionDenied when
it may see it but not do this (accounts/permissions.py explains the pattern).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from rodtrad.accounts.actor import Actor
from rodtrad.accounts.models import Organisation, User
from rodtrad.accounts.roles import OrganisationKind, Role
from rodtrad.qualitymodels.models import (
    CriterionGroup,
    ModelVersion,
    QualityModel,
    Scale,
    TrainingParticipant,
    TrainingSession,
)

MODEL_MANAGER_ROLES: dict[str, frozenset[str]] = {
    OrganisationKind.BUYER: frozenset({Role.ADMIN, Role.QUALITY_LEAD, Role.PROCUREMENT_OFFICER}),
    OrganisationKind.PROVIDER: frozenset({Role.ADMIN, Role.QUALITY_LEAD}),
    OrganisationKind.FACILITATOR: frozenset({Role.ADMIN, Role.TRAINER}),
}
TRAINING_ORGANISER_ROLES = MODEL_MANAGER_ROLES


def _has_kind_role(
    actor: Actor, organisation: Organisation, roles: dict[str, frozenset[str]]
) -> bool:
    if not actor.in_scope(organisation):
        return False
    return actor.has_role(organisation, *roles.get(organisation.kind, frozenset()))


# --- models ------------------------------------------------------------------------------------


def visible_models_q(actor: Actor, prefix: str = "") -> Q:
    """The models an actor may see, as a filter (prefix: the path to the model, e.g. "model__")."""
    if not actor.is_authenticated:
        return Q(pk__in=[])
    member_of = [org_id for org_id in actor.roles_by_org if actor.in_scope(org_id)]
    return Q(**{f"{prefix}owner__isnull": True}) | Q(**{f"{prefix}owner_id__in": member_of})


def can_view_model(actor: Actor, model: QualityModel) -> bool:
    if not actor.is_authenticated:
        return False
    if model.owner_id is None:
        return True
    return actor.in_scope(model.owner_id) and actor.is_member(model.owner_id)


def can_manage_models_of(actor: Actor, organisation: Organisation | None) -> bool:
    """May create and change models owned by the organisation (None: the platform library)."""
    if organisation is None:
        return actor.is_platform_admin
    return _has_kind_role(actor, organisation, MODEL_MANAGER_ROLES)


def can_manage_model(actor: Actor, model: QualityModel) -> bool:
    return can_view_model(actor, model) and can_manage_models_of(actor, model.owner)


def organisations_managing_models(actor: Actor) -> list[Organisation]:
    return [org for org in actor.member_organisations() if can_manage_models_of(actor, org)]


def can_create_models(actor: Actor) -> bool:
    return actor.is_platform_admin or bool(organisations_managing_models(actor))


def get_model_for_view(actor: Actor, model_id: int) -> QualityModel:
    model = QualityModel.objects.select_related("owner").filter(pk=model_id).first()
    if model is None or not can_view_model(actor, model):
        raise Http404
    return model


def get_model_for_management(actor: Actor, model_id: int) -> QualityModel:
    model = get_model_for_view(actor, model_id)
    if not can_manage_model(actor, model):
        raise PermissionDenied
    return model


def get_version_for_view(actor: Actor, version_id: int) -> ModelVersion:
    version = (
        ModelVersion.objects.select_related("model__owner", "based_on", "created_by")
        .filter(pk=version_id)
        .first()
    )
    if version is None or not can_view_model(actor, version.model):
        raise Http404
    return version


def get_version_for_management(actor: Actor, version_id: int) -> ModelVersion:
    version = get_version_for_view(actor, version_id)
    if not can_manage_model(actor, version.model):
        raise PermissionDenied
    return version


def get_part_for_management(actor: Actor, version_id: int, manager, part_id: int):
    """A success factor, group, criterion or scale of a version the actor manages."""
    version = get_version_for_management(actor, version_id)
    part = manager.filter(version=version, pk=part_id).first()
    if part is None:
        raise Http404
    part.version = version
    return part


def get_group_for_management(actor: Actor, version_id: int, group_id: int) -> CriterionGroup:
    group: CriterionGroup = get_part_for_management(
        actor, version_id, CriterionGroup.objects, group_id
    )
    return group


def get_scale_for_management(actor: Actor, version_id: int, scale_id: int) -> Scale:
    scale: Scale = get_part_for_management(actor, version_id, Scale.objects, scale_id)
    return scale


def get_step_for_management(actor: Actor, version_id: int, scale_id: int, step_id: int):
    scale = get_scale_for_management(actor, version_id, scale_id)
    step = scale.steps.filter(pk=step_id).first()
    if step is None:
        raise Http404
    step.scale = scale
    return step


# --- training ----------------------------------------------------------------------------------


def can_organise_training(actor: Actor, organisation: Organisation) -> bool:
    return _has_kind_role(actor, organisation, TRAINING_ORGANISER_ROLES)


def organisations_organising_training(actor: Actor) -> list[Organisation]:
    return [org for org in actor.member_organisations() if can_organise_training(actor, org)]


def visible_sessions_q(actor: Actor) -> Q:
    if not actor.is_authenticated:
        return Q(pk__in=[])
    member_of = [org_id for org_id in actor.roles_by_org if actor.in_scope(org_id)]
    query = Q(organisation_id__in=member_of)
    if actor.scope_org_id is None:
        taking_part = TrainingParticipant.objects.filter(user=actor.user).values("session_id")
        query |= Q(pk__in=taking_part) | Q(trainer=actor.user)
    return query


def _sees_as_organisation(actor: Actor, session: TrainingSession) -> bool:
    return actor.in_scope(session.organisation_id) and actor.is_member(session.organisation_id)


def can_view_session(actor: Actor, session: TrainingSession) -> bool:
    """Members of the organising organisation, the trainer and the participants (one query
    for the last)."""
    if actor.user is None:
        return False
    if _sees_as_organisation(actor, session):
        return True
    if actor.scope_org_id is not None:
        return False
    return (
        session.trainer_id == actor.user.pk or session.participants.filter(user=actor.user).exists()
    )


def can_manage_session(actor: Actor, session: TrainingSession) -> bool:
    return can_organise_training(actor, session.organisation)


def get_session_for_view(actor: Actor, session_id: int) -> TrainingSession:
    session = (
        TrainingSession.objects.select_related(
            "organisation", "model_version__model__owner", "trainer"
        )
        .filter(pk=session_id)
        .first()
    )
    if session is None or not can_view_session(actor, session):
        raise Http404
    return session


def get_session_for_management(actor: Actor, session_id: int) -> TrainingSession:
    session = get_session_for_view(actor, session_id)
    if not can_manage_session(actor, session):
        raise PermissionDenied
    return session


def get_participant_for_management(
    actor: Actor, session_id: int, user_id: int
) -> tuple[TrainingSession, User]:
    """A session the actor organises and one of its participants."""
    session = get_session_for_management(actor, session_id)
    user = User.objects.filter(pk=user_id, training_participations__session=session).first()
    if user is None:
        raise Http404
    return session, user
