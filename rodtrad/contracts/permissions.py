"""Who may see and register contracts.

- Registering a contract is for the buyer's administrators and contract managers and for the
  procurement team's contract managers. The registration page (the award's status per lot) is
  also open to those who run the award (award.permissions.can_view_award); the rest of the
  buyer side gets 403, everyone else 404.
- A contract is read by its two parties only: on the buyer's side the administrators, the
  contract managers, the procurement team's procurement officers and contract managers and the
  contract's own manager; on the provider's side its administrators and quality leads. Nobody
  else learns that it exists (404); platform administrators have no right to it either.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from rodtrad.accounts.actor import Actor
from rodtrad.accounts.models import Organisation
from rodtrad.accounts.roles import OrganisationKind, Role
from rodtrad.award import permissions as award_permissions
from rodtrad.common.start import Action
from rodtrad.contracts.models import Contract
from rodtrad.procurements import permissions as procurement_permissions
from rodtrad.procurements.models import Procurement, ProcurementStatus, TeamMember, TeamRole

BUYER_READERS = (Role.ADMIN, Role.CONTRACT_MANAGER)
PROVIDER_READERS = (Role.ADMIN, Role.QUALITY_LEAD)
TEAM_READERS = (TeamRole.PROCUREMENT_OFFICER, TeamRole.CONTRACT_MANAGER)
REGISTRATION_STATUSES = frozenset({ProcurementStatus.STANDSTILL, ProcurementStatus.CONTRACTED})


def can_register(actor: Actor, procurement: Procurement) -> bool:
    if not actor.in_scope(procurement.buyer_id):
        return False
    return actor.has_role(procurement.buyer_id, *BUYER_READERS) or (
        TeamRole.CONTRACT_MANAGER in procurement_permissions.team_roles(actor, procurement)
    )


def can_view(actor: Actor, contract: Contract) -> bool:
    """`contract.procurement` with its team prefetched keeps this free of queries."""
    if actor.user is None:
        return False
    if actor.in_scope(contract.buyer_id) and (
        actor.has_role(contract.buyer_id, *BUYER_READERS)
        or contract.manager_id == actor.user.pk
        or procurement_permissions.team_roles(actor, contract.procurement) & set(TEAM_READERS)
    ):
        return True
    return actor.in_scope(contract.provider_id) and actor.has_role(
        contract.provider_id, *PROVIDER_READERS
    )


def visible_contracts(actor: Actor) -> QuerySet[Contract]:
    """Every contract the actor may read, as one filter (the list and the API)."""
    if actor.user is None:
        return Contract.objects.none()
    scoped = [o for o in actor.roles_by_org if actor.in_scope(o)]
    buyers = [o for o in scoped if actor.has_role(o, *BUYER_READERS)]
    providers = [o for o in scoped if actor.has_role(o, *PROVIDER_READERS)]
    team_procurements = TeamMember.objects.filter(
        user_id=actor.user.pk, role__in=TEAM_READERS, procurement__buyer_id__in=scoped
    ).values("procurement_id")
    return Contract.objects.filter(
        Q(buyer_id__in=buyers)
        | Q(provider_id__in=providers)
        | Q(manager_id=actor.user.pk, buyer_id__in=scoped)
        | Q(procurement_id__in=team_procurements)
    )


def start_actions(actor: Actor, organisation: Organisation) -> list[Action]:
    roles = PROVIDER_READERS if organisation.kind == OrganisationKind.PROVIDER else BUYER_READERS
    if organisation.kind == OrganisationKind.FACILITATOR or not actor.has_role(
        organisation, *roles
    ):
        return []
    return [
        Action(
            _("Contracts"),
            reverse("contracts:list"),
            _("Signed contracts and their baseline for follow-up (phase D)."),
        )
    ]


# --- accessors -------------------------------------------------------------------------------


def get_contract(actor: Actor, contract_id: int) -> Contract:
    contract = (
        Contract.objects.select_related(
            "procurement__buyer",
            "lot",
            "decision",
            "buyer",
            "provider",
            "manager",
            "registered_by",
            "baseline",
        )
        .prefetch_related("procurement__team")
        .filter(pk=contract_id)
        .first()
    )
    if contract is None or not can_view(actor, contract):
        raise Http404
    return contract


def get_for_registration(actor: Actor, procurement_id: int) -> Procurement:
    """The procurement whose contracts are registered: after the award decision, for those who
    register and those who run the award; 403 for the rest of the buyer side, 404 otherwise."""
    procurement = (
        Procurement.objects.select_related("buyer", "model_version__model")
        .prefetch_related("team")
        .filter(pk=procurement_id)
        .first()
    )
    if procurement is None:
        raise Http404
    registers = can_register(actor, procurement)
    if not registers and not procurement_permissions.is_buyer_side(actor, procurement):
        raise Http404
    if procurement.status not in REGISTRATION_STATUSES:
        raise Http404
    if not registers and not award_permissions.can_view_award(actor, procurement):
        raise PermissionDenied
    return procurement
