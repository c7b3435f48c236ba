"""Who reads and who writes a contract's indicators.

- Everyone who sees the contract reads its indicators and their values
  (`contracts.permissions.get_contract`: the two contract teams and each party's
  administrators); everyone else gets 404, as for the contract itself.
- Defining and changing indicators (and taking over the procurement's planned ones) is the
  buyer's: a person acting for the buyer on this contract who keeps the buyer's team (the
  buyer's administrators) or is the contract's manager — `can_manage_indicators`.
- Values are brought by both parties: those who manage the indicators, and everyone acting for
  the provider on this contract (its contract team and administrators), enter values by hand,
  import spreadsheets and fetch from Kolada — `can_enter_values`. The rest of the buyer's team
  reads only (403 on writes).
- An import preview belongs to the person who made it: only they confirm or cancel it.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from rodtrad.accounts.actor import Actor
from rodtrad.contracts import permissions as contract_permissions
from rodtrad.contracts.models import Contract, Party
from rodtrad.indicators.models import ImportPreview, Indicator


def can_manage_indicators(actor: Actor, contract: Contract) -> bool:
    if actor.user is None or Party.BUYER not in contract_permissions.parties_of(actor, contract):
        return False
    return (
        contract_permissions.can_keep_team(actor, contract, Party.BUYER)
        or contract.manager_id == actor.user.pk
    )


def can_enter_values(actor: Actor, contract: Contract) -> bool:
    return can_manage_indicators(actor, contract) or (
        Party.PROVIDER in contract_permissions.parties_of(actor, contract)
    )


def acting_organisation_id(actor: Actor, contract: Contract) -> int:
    """The party an actor writes for (the buyer when they act for both)."""
    if can_manage_indicators(actor, contract):
        return contract.buyer_id
    return contract.provider_id


# --- accessors -------------------------------------------------------------------------------


def get_contract(actor: Actor, contract_id: int) -> Contract:
    return contract_permissions.get_contract(actor, contract_id)


def get_managed_contract(actor: Actor, contract_id: int) -> Contract:
    contract = get_contract(actor, contract_id)
    if not can_manage_indicators(actor, contract):
        raise PermissionDenied
    return contract


def get_contract_for_values(actor: Actor, contract_id: int) -> Contract:
    contract = get_contract(actor, contract_id)
    if not can_enter_values(actor, contract):
        raise PermissionDenied
    return contract


def get_indicator(contract: Contract, indicator_id: int) -> Indicator:
    indicator = (
        Indicator.objects.select_related("goal", "criterion")
        .filter(contract=contract, pk=indicator_id)
        .first()
    )
    if indicator is None:
        raise Http404
    indicator.contract = contract
    return indicator


def get_preview(actor: Actor, contract: Contract, preview_id: int) -> ImportPreview:
    from rodtrad.common import clock

    preview = ImportPreview.objects.filter(
        contract=contract, pk=preview_id, expires_at__gt=clock.now()
    ).first()
    if preview is None or actor.user is None or preview.created_by_id != actor.user.pk:
        raise Http404
    return preview
