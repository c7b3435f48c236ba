"""A registered contract (provider A won), follow-up rounds with final assessments made with the
ORM, and actions made through the service."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from rodtrad.assessments.models import Assessment, ConsensusScore, Purpose, ScopeItem, Status
from rodtrad.common import clock
from rodtrad.contracts.models import Contract, ContractMember, Party
from rodtrad.followup.models import FollowUpRound
from rodtrad.improvements import services
from rodtrad.improvements.models import ImprovementAction, Owner
from tests.contracts.factories import after_standstill, register, today
from tests.evaluations.factories import actor
from tests.factories import make_user


def contract(personas) -> Contract:
    """Buyer team: the buyer's administrator (also the manager); provider team: provider A's
    administrator."""
    procurement, _tenders = after_standstill(personas, 2)
    return register(personas, procurement, personas.buyer_admin)


def team_member(contract: Contract, party: str, email: str, organisation, *roles):
    from tests.factories import add_member

    user = add_member(make_user(email, full_name=email.split("@")[0].title()), organisation, *roles)
    ContractMember.objects.create(
        contract=contract,
        user=user,
        party=party,
        added_by=contract.manager,
        added_at=clock.now(),
    )
    return user


def follow_up_round(contract: Contract, number: int, areas=("Förbättra rutinerna",)):
    """A round whose provider assessment is final, with `areas` as the consensus improvement
    areas of every criterion of the baseline."""
    baseline = contract.baseline
    assessment = Assessment.objects.create(
        title=f"Uppföljning {number}",
        purpose=Purpose.FOLLOW_UP,
        subject_id=contract.provider_id,
        owner_id=contract.buyer_id,
        model_version_id=baseline.model_version_id,
        status=Status.FINAL,
        created_by=contract.manager,
        created_at=clock.now(),
        finalised_at=clock.now(),
    )
    for item in ScopeItem.objects.filter(assessment=baseline).order_by("order", "id"):
        new = ScopeItem.objects.create(
            assessment=assessment,
            criterion_id=item.criterion_id,
            max_points=item.max_points,
            order=item.order,
        )
        ConsensusScore.objects.create(
            item=new, percent=60, improvements=[f"{text} ({item.criterion.code})" for text in areas]
        )
    # registering the contract may already have scheduled the round from the follow-up plan
    round_, _created = FollowUpRound.objects.update_or_create(
        contract=contract,
        number=number,
        defaults={
            "due_on": today() + timedelta(days=90 * number),
            "provider_assessment": assessment,
        },
        create_defaults={
            "due_on": today() + timedelta(days=90 * number),
            "provider_assessment": assessment,
            "created_at": clock.now(),
        },
    )
    return round_


def make_action(
    contract: Contract,
    user,
    *,
    owner: str = Owner.BUYER,
    responsible=None,
    due_on: date | None = None,
    description: str = "Inför veckovisa teamträffar",
) -> ImprovementAction:
    if responsible is None:
        member = next(m for m in contract.team.all() if owner == Owner.JOINT or m.party == owner)
        responsible = member.user
    return services.create_action(
        actor=actor(user),
        contract=Contract.objects.prefetch_related("team").get(pk=contract.pk),
        fields=services.ActionFields(
            description=description,
            owner=owner,
            responsible_id=responsible.pk,
            due_on=due_on or today() + timedelta(days=30),
        ),
    )


def with_team(contract: Contract) -> Contract:
    return (
        Contract.objects.select_related("baseline", "manager")
        .prefetch_related("team__user")
        .get(pk=contract.pk)
    )


def at(moment: datetime) -> None:
    clock.freeze(moment)


__all__ = ["Party"]
