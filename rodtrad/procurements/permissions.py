"""Who may see and change a procurement.

- The buyer's side: the buyer organisation's administrators and procurement officers, and the
  procurement's team, see the working copy (drafts included). Editing the documents is for the
  team's procurement officers and the organisation's administrators.
- Everyone else sees a procurement only once it is published, and only as its published
  document versions (the snapshot), never the working copy.
- Providers register interest and ask questions for their own organisation; the buyer sees who
  asked, other providers never do.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from rodtrad.accounts.actor import Actor
from rodtrad.accounts.models import Organisation
from rodtrad.accounts.roles import OrganisationKind, Role
from rodtrad.procurements.models import Procurement, ProcurementStatus, Question, TeamRole

BUYER_ROLES = frozenset({Role.ADMIN, Role.PROCUREMENT_OFFICER})
PROVIDER_ROLES = frozenset({Role.ADMIN, Role.TENDER_AUTHOR, Role.QUALITY_LEAD, Role.VIEWER})
ASKING_ROLES = frozenset({Role.ADMIN, Role.TENDER_AUTHOR, Role.QUALITY_LEAD})


def team_roles(actor: Actor, procurement: Procurement) -> set[str]:
    """The actor's roles in the procurement's team (uses the prefetched team if loaded)."""
    if actor.user is None or not actor.in_scope(procurement.buyer_id):
        return set()
    return {m.role for m in procurement.team.all() if m.user_id == actor.user.pk}


def is_buyer_side(actor: Actor, procurement: Procurement) -> bool:
    """Sees the working copy: buyer administrators and procurement officers, and the team."""
    if not actor.in_scope(procurement.buyer_id):
        return False
    return actor.has_role(procurement.buyer_id, *BUYER_ROLES) or bool(
        team_roles(actor, procurement)
    )


def can_create(actor: Actor, organisation: Organisation) -> bool:
    return (
        organisation.kind == OrganisationKind.BUYER
        and actor.in_scope(organisation)
        and actor.has_role(organisation, *BUYER_ROLES)
    )


def can_edit(actor: Actor, procurement: Procurement) -> bool:
    """Change the documents (the working copy) and publish: team procurement officers and the
    buyer's administrators, until the procurement is cancelled or contracted."""
    if procurement.status in (ProcurementStatus.CANCELLED, ProcurementStatus.CONTRACTED):
        return False
    if not actor.in_scope(procurement.buyer_id):
        return False
    return actor.has_role(procurement.buyer_id, Role.ADMIN) or (
        TeamRole.PROCUREMENT_OFFICER in team_roles(actor, procurement)
    )


def is_published(procurement: Procurement) -> bool:
    return procurement.status != ProcurementStatus.DRAFT and procurement.published_at is not None


def can_browse_market(actor: Actor) -> bool:
    """The list of published procurements: any logged-in member of any organisation."""
    return actor.is_authenticated and bool(actor.roles_by_org)


def can_read_published(actor: Actor, procurement: Procurement) -> bool:
    """Read the published documents: any logged-in member of any organisation."""
    return can_browse_market(actor) and is_published(procurement)


def provider_organisations(actor: Actor) -> list[Organisation]:
    """The provider organisations the actor may act for in procurements."""
    return [
        org
        for org in actor.member_organisations()
        if org.kind == OrganisationKind.PROVIDER and actor.has_role(org, *PROVIDER_ROLES)
    ]


def can_register_interest(
    actor: Actor, procurement: Procurement, organisation: Organisation
) -> bool:
    return (
        is_published(procurement)
        and procurement.status != ProcurementStatus.CANCELLED
        and organisation.kind == OrganisationKind.PROVIDER
        and actor.in_scope(organisation)
        and actor.has_role(organisation, *PROVIDER_ROLES)
    )


def can_ask(actor: Actor, procurement: Procurement, organisation: Organisation) -> bool:
    return can_register_interest(actor, procurement, organisation) and actor.has_role(
        organisation, *ASKING_ROLES
    )


def can_answer(actor: Actor, procurement: Procurement) -> bool:
    return can_edit(actor, procurement)


# --- accessors -------------------------------------------------------------------------------


def _load(procurement_id: int) -> Procurement | None:
    return (
        Procurement.objects.select_related("buyer", "model_version__model", "created_by")
        .prefetch_related("team")
        .filter(pk=procurement_id)
        .first()
    )


def get_for_buyer(actor: Actor, procurement_id: int) -> Procurement:
    """The working copy, for the buyer's side; 404 for everyone else (a draft must not be
    knowable, and others read published procurements through the public pages)."""
    procurement = _load(procurement_id)
    if procurement is None or not is_buyer_side(actor, procurement):
        raise Http404
    return procurement


def get_for_editing(actor: Actor, procurement_id: int) -> Procurement:
    procurement = get_for_buyer(actor, procurement_id)
    if not can_edit(actor, procurement):
        raise PermissionDenied
    return procurement


def get_published(actor: Actor, procurement_id: int) -> Procurement:
    """A published procurement for reading its documents; 404 while it is a draft."""
    procurement = _load(procurement_id)
    if procurement is None or not (
        can_read_published(actor, procurement) or is_buyer_side(actor, procurement)
    ):
        raise Http404
    if not is_published(procurement):
        raise Http404
    return procurement


def get_question_for_answering(actor: Actor, procurement_id: int, question_id: int) -> Question:
    procurement = get_for_buyer(actor, procurement_id)
    if not can_answer(actor, procurement):
        raise PermissionDenied
    question = procurement.questions.filter(pk=question_id).first()
    if question is None:
        raise Http404
    return question
