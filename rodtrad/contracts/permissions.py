"""Who may see and register contracts.

- Registering a contract is for the buyer's administrators and contract managers and for the
  procurement team's contract managers. The registration page (the award's status per lot) is
  also open to those who run the award (award.permissions.can_view_award); the rest of the
  buyer side gets 403, everyone else 404.
- A contract is seen by its two contract teams (`ContractMember`, one row per person and
  party, while the person still belongs to that party's organisation) and by each party's
  administrators, who keep their side's team. Nobody else learns that it exists (404);
  platform administrators have no right to it either. The buyer's team is kept by the buyer's
  administrators and the contract's manager, the provider's by the provider's administrators.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from rodtrad.accounts.actor import Actor
from rodtrad.accounts.models import Organisation
from rodtrad.accounts.roles import OrganisationKind, Role
from rodtrad.award import permissions as award_permissions
from rodtrad.common.start import Action
from rodtrad.contracts.models import Contract, ContractMember, Party
from rodtrad.procurements import permissions as procurement_permissions
from rodtrad.procurements.models import Procurement, ProcurementStatus, TeamRole

REGISTERING_ROLES = (Role.ADMIN, Role.CONTRACT_MANAGER)
REGISTRATION_STATUSES = frozenset({ProcurementStatus.STANDSTILL, ProcurementStatus.CONTRACTED})


def can_register(actor: Actor, procurement: Procurement) -> bool:
    if not actor.in_scope(procurement.buyer_id):
        return False
    return actor.has_role(procurement.buyer_id, *REGISTERING_ROLES) or (
        TeamRole.CONTRACT_MANAGER in procurement_permissions.team_roles(actor, procurement)
    )


def party_organisation_id(contract: Contract, party: str) -> int:
    return contract.buyer_id if party == Party.BUYER else contract.provider_id


def parties_of(actor: Actor, contract: Contract) -> set[str]:
    """The parties the actor acts for on this contract: as an administrator of the party's
    organisation or as a member of its contract team (`contract.team` prefetched keeps this free
    of queries)."""
    if actor.user is None:
        return set()
    found: set[str] = set()
    for party in (Party.BUYER, Party.PROVIDER):
        organisation_id = party_organisation_id(contract, party)
        if not actor.in_scope(organisation_id) or not actor.is_member(organisation_id):
            continue
        if actor.has_role(organisation_id, Role.ADMIN) or any(
            m.user_id == actor.user.pk and m.party == party for m in contract.team.all()
        ):
            found.add(party)
    return found


def can_view(actor: Actor, contract: Contract) -> bool:
    return bool(parties_of(actor, contract))


def can_keep_team(actor: Actor, contract: Contract, party: str) -> bool:
    """Add and remove people on one party's team: that party's administrators, and for the
    buyer also the contract's manager."""
    organisation_id = party_organisation_id(contract, party)
    if actor.user is None or not actor.in_scope(organisation_id):
        return False
    if actor.has_role(organisation_id, Role.ADMIN):
        return True
    return party == Party.BUYER and contract.manager_id == actor.user.pk


def visible_contracts(actor: Actor) -> QuerySet[Contract]:
    """Every contract the actor may see, as one filter (the list and the API)."""
    if actor.user is None:
        return Contract.objects.none()
    scoped = [o for o in actor.roles_by_org if actor.in_scope(o)]
    admin_of = [o for o in scoped if actor.has_role(o, Role.ADMIN)]
    own = ContractMember.objects.filter(user_id=actor.user.pk)
    return Contract.objects.filter(
        Q(buyer_id__in=admin_of)
        | Q(provider_id__in=admin_of)
        | Q(pk__in=own.filter(party=Party.BUYER, contract__buyer_id__in=scoped).values("contract"))
        | Q(
            pk__in=own.filter(party=Party.PROVIDER, contract__provider_id__in=scoped).values(
                "contract"
            )
        )
    )


def start_actions(actor: Actor, organisation: Organisation) -> list[Action]:
    if organisation.kind == OrganisationKind.FACILITATOR or not actor.has_role(
        organisation, Role.ADMIN, Role.CONTRACT_MANAGER, Role.QUALITY_LEAD
    ):
        return []
    return [
        Action(
            _("Contracts"),
            reverse("contracts:list"),
            _("Signed contracts and their baseline for follow-up (phase D)."),
        ),
        Action(
            _("Follow-up overview"),
            reverse("followup:overview"),
            _("Rounds due, overdue improvement actions and indicators off target."),
        ),
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
        .prefetch_related(
            Prefetch("team", queryset=ContractMember.objects.select_related("user").order_by("id"))
        )
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
