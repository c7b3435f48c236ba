"""Who may do what in the follow-up of a contract.

- Everyone who may see the contract (contracts.permissions: its two contract teams and each
  party's administrators) reads the rounds, the progression and, once final, both parties'
  feedback reports of every round.
- The buyer's administrators and contract managers on the buyer's side of the contract run the
  rounds: add or move one (with a reason), choose the panel and start it.
- Each party's team writes that party's self-descriptions of a round, until individual
  assessment starts.
- Inside a round's assessments the engine's rules apply (panel, declarations, independence).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from rodtrad.accounts.actor import Actor
from rodtrad.accounts.roles import Role
from rodtrad.assessments.models import Assessment, Status
from rodtrad.contracts import permissions as contract_permissions
from rodtrad.contracts.models import Contract, Party
from rodtrad.followup.models import FollowUpRound


def can_run_rounds(actor: Actor, contract: Contract) -> bool:
    return Party.BUYER in contract_permissions.parties_of(actor, contract) and actor.has_role(
        contract.buyer_id, Role.ADMIN, Role.CONTRACT_MANAGER
    )


def can_describe(actor: Actor, round: FollowUpRound, party: str) -> bool:
    assessment = round.provider_assessment if party == Party.PROVIDER else round.buyer_assessment
    return (
        assessment is not None
        and assessment.status == Status.PREPARATION
        and party in contract_permissions.parties_of(actor, round.contract)
    )


def reads_report(actor: Actor, assessment: Assessment) -> bool:
    """The engine's hook: a final follow-up assessment's report is read by both parties of the
    contract it belongs to."""
    round = (
        FollowUpRound.objects.select_related("contract")
        .prefetch_related("contract__team")
        .filter(provider_assessment=assessment)
        .first()
        or FollowUpRound.objects.select_related("contract")
        .prefetch_related("contract__team")
        .filter(buyer_assessment=assessment)
        .first()
    )
    return round is not None and contract_permissions.can_view(actor, round.contract)


# --- accessors -------------------------------------------------------------------------------


def get_round(actor: Actor, contract: Contract, round_id: int) -> FollowUpRound:
    round = (
        FollowUpRound.objects.select_related("provider_assessment", "buyer_assessment")
        .filter(contract=contract, pk=round_id)
        .first()
    )
    if round is None:
        raise Http404
    round.contract = contract
    return round


def require(rule: bool) -> None:
    if not rule:
        raise PermissionDenied
