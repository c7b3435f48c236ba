"""Who may read and write the partnership charter and the barometer of a contract.

- Everything here starts from `contracts.permissions.get_contract`: whoever may not see the
  contract gets 404 (strangers, other buyers, competitors, platform administrators).
- The charter is read by everyone who sees the contract, written by the members of both contract
  teams, and signed for a party by someone who acts for that party (`parties_of`: the party's
  administrators and its team).
- The barometer is answered by the members of the two contract teams, each for their own party,
  while the round is in progress. Aggregates are read by everyone who sees the contract. A
  person's answer is read by that person only: there is no rule that lets anyone else read it.
"""

from __future__ import annotations

from django.http import Http404

from rodtrad.accounts.actor import Actor
from rodtrad.contracts import permissions as contract_permissions
from rodtrad.contracts.models import Contract
from rodtrad.followup.models import FollowUpRound, RoundStatus


def team_party(actor: Actor, contract: Contract) -> str | None:
    """The party whose contract team the actor is on (while still a member of that party's
    organisation, and within a token's scope), or None. `contract.team` prefetched."""
    if actor.user is None:
        return None
    for member in contract.team.all():
        if member.user_id != actor.user.pk:
            continue
        organisation_id = contract_permissions.party_organisation_id(contract, member.party)
        if actor.in_scope(organisation_id) and actor.is_member(organisation_id):
            return member.party
    return None


def can_write_charter(actor: Actor, contract: Contract) -> bool:
    return team_party(actor, contract) is not None


def signing_parties(actor: Actor, contract: Contract) -> set[str]:
    return contract_permissions.parties_of(actor, contract)


def round_open(round: FollowUpRound) -> bool:
    return round.status == RoundStatus.IN_PROGRESS


def results_open(round: FollowUpRound) -> bool:
    """Aggregates are shown once the round is done and answers can no longer change, so that
    comparing the figures before and after one more answer cannot reveal that answer."""
    return round.status == RoundStatus.DONE


def can_answer(actor: Actor, contract: Contract, round: FollowUpRound) -> bool:
    return team_party(actor, contract) is not None and round_open(round)


# --- accessors -------------------------------------------------------------------------------


def get_contract(actor: Actor, contract_id: int) -> Contract:
    return contract_permissions.get_contract(actor, contract_id)


def get_round(actor: Actor, contract_id: int, round_id: int) -> tuple[Contract, FollowUpRound]:
    contract = get_contract(actor, contract_id)
    round = FollowUpRound.objects.filter(contract=contract, pk=round_id).first()
    if round is None:
        raise Http404
    round.contract = contract
    return contract, round
