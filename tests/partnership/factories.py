"""A registered contract (provider A won) with three people on each contract team, and the
buyer's administrator outside the teams (she sees the contract but is on no team)."""

from __future__ import annotations

from dataclasses import dataclass

from rodtrad.accounts.models import User
from rodtrad.accounts.roles import Role
from rodtrad.contracts import services as contract_services
from rodtrad.contracts.models import Contract
from rodtrad.followup.models import FollowUpRound, RoundStatus
from rodtrad.partnership import barometer, services
from tests.contracts.factories import after_standstill, contract_manager, register
from tests.evaluations.factories import actor
from tests.factories import add_member, make_user


@dataclass
class Setup:
    contract: Contract
    manager: User
    buyer_team: list[User]  # manager, evaluator, evaluator_2
    provider_team: list[User]  # provider A's administrator and two quality leads
    first: FollowUpRound


def contracted(personas) -> Setup:
    procurement, _tenders = after_standstill(personas, 2)
    leads = [
        add_member(
            make_user(f"kvalitet{n}@omsorg-a.se", full_name=f"Kim Kvalitet {n}"),
            personas.provider_a,
            Role.QUALITY_LEAD,
        )
        for n in (1, 2)
    ]
    manager = contract_manager(personas)
    contract = register(personas, procurement, manager)
    for user in (personas.evaluator, personas.evaluator_2):
        contract_services.add_team_member(
            actor=actor(manager), contract=contract, party="buyer", user=user
        )
    first = FollowUpRound.objects.filter(contract=contract).order_by("number").first()
    assert first is not None
    for user in (personas.evaluator, personas.evaluator_2):
        user.language = "en"
        user.save(update_fields=["language"])
    for user in (manager, *leads):
        user.language = "en"
        user.save(update_fields=["language"])
    return Setup(
        Contract.objects.get(pk=contract.pk),
        manager,
        [manager, personas.evaluator, personas.evaluator_2],
        [personas.provider_a_author, *leads],
        first,
    )


def set_status(round: FollowUpRound, status: str) -> FollowUpRound:
    FollowUpRound.objects.filter(pk=round.pk).update(status=status)
    round.refresh_from_db()
    return round


def open_round(round: FollowUpRound) -> FollowUpRound:
    return set_status(round, RoundStatus.IN_PROGRESS)


def done(round: FollowUpRound) -> FollowUpRound:
    return set_status(round, RoundStatus.DONE)


def all_ratings(value: int) -> dict[str, int | None]:
    return dict.fromkeys(barometer.CONDITION_CODES, value)


def answer(contract: Contract, round: FollowUpRound, user: User, value: int, comment: str = ""):
    return services.answer_barometer(
        actor=actor(user),
        contract=Contract.objects.get(pk=contract.pk),
        round=round,
        ratings=all_ratings(value),
        comments={"trust": comment} if comment else {},
    )


def charter_text(**changes) -> services.CharterText:
    values = {
        "goals": "G1 Every resident has a say in their day.",
        "collaboration": "A partnership forum every quarter with both managers.",
        "room_for_action": "The provider may try new activities without asking.",
        "feedback_use": "The feedback report is our shared starting point.",
    }
    values.update(changes)
    return services.CharterText(**values)
