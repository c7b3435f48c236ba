"""Who reads and changes a contract's improvement plan.

- Reading: everyone who may see the contract (contracts.permissions.can_view: its two contract
  teams and each party's administrators). Everyone else learns nothing (404), also for a single
  action or the improvement areas.
- Creating and editing actions (description, responsible person, due date, criterion): anyone
  acting for either party of the contract (`parties_of` non-empty). The plan is shared work.
- Changing an action's status (planned, in progress, done, dropped) is the owning party's
  decision: only people acting for that party may do it, and for a joint action people of
  either party. Moving an action to another owning party counts as such a decision too, so a
  party cannot take over the other's action and then close it. Others who may read the action
  get 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from rodtrad.accounts.actor import Actor
from rodtrad.contracts import permissions as contract_permissions
from rodtrad.contracts.models import Contract
from rodtrad.improvements.models import ImprovementAction, Owner


def can_view(actor: Actor, contract: Contract) -> bool:
    return contract_permissions.can_view(actor, contract)


def can_edit(actor: Actor, contract: Contract) -> bool:
    return bool(contract_permissions.parties_of(actor, contract))


def owns(actor: Actor, contract: Contract, owner: str) -> bool:
    """Whether the actor acts for the party that owns an action with this owner."""
    parties = contract_permissions.parties_of(actor, contract)
    if owner == Owner.JOINT:
        return bool(parties)
    return owner in parties


def can_change_status(actor: Actor, contract: Contract, action: ImprovementAction) -> bool:
    return owns(actor, contract, action.owner)


def acting_organisation_id(actor: Actor, contract: Contract) -> int | None:
    """The organisation the actor acts for (the buyer when both), for the audit log."""
    parties = contract_permissions.parties_of(actor, contract)
    for party in ("buyer", "provider"):
        if party in parties:
            return contract_permissions.party_organisation_id(contract, party)
    return None


# --- accessors -------------------------------------------------------------------------------


def get_contract(actor: Actor, contract_id: int) -> Contract:
    """The contract (with its team), or 404."""
    return contract_permissions.get_contract(actor, contract_id)


def get_contract_for_edit(actor: Actor, contract_id: int) -> Contract:
    contract = get_contract(actor, contract_id)
    if not can_edit(actor, contract):
        raise PermissionDenied
    return contract


def get_action(actor: Actor, contract: Contract, action_id: int) -> ImprovementAction:
    """An action of a contract the actor may read, or 404."""
    if not can_view(actor, contract):
        raise Http404
    action = (
        ImprovementAction.objects.select_related(
            "responsible", "criterion", "source_assessment", "source_item__criterion", "created_by"
        )
        .filter(contract=contract, pk=action_id)
        .first()
    )
    if action is None:
        raise Http404
    action.contract = contract
    return action
