"""A registered contract (provider A won) with a mixed panel ready to start its first round."""

from __future__ import annotations

from rodtrad.assessments import services as engine
from rodtrad.contracts import services as contract_services
from rodtrad.contracts.models import Contract
from rodtrad.followup import services
from rodtrad.followup.models import FollowUpRound
from tests.assessments.factories import agree_all, score_all
from tests.contracts.factories import after_standstill, contract_manager, register
from tests.evaluations.factories import actor
from tests.factories import add_member, make_user


def contracted(personas) -> tuple[Contract, object]:
    """The contract, its manager (a buyer contract manager) and a provider quality lead on the
    provider's team."""
    procurement, _tenders = after_standstill(personas, 2)
    manager = contract_manager(personas)
    contract = register(personas, procurement, manager)
    from rodtrad.accounts.roles import Role

    add_member(
        make_user("kvalitet@omsorg-a.se", full_name="Kim Kvalitet"),
        personas.provider_a,
        Role.QUALITY_LEAD,
    )
    contract_services.add_team_member(
        actor=actor(manager), contract=contract, party="buyer", user=personas.evaluator
    )
    return Contract.objects.get(pk=contract.pk), manager


def first_round(contract: Contract) -> FollowUpRound:
    return FollowUpRound.objects.filter(contract=contract).order_by("number").first()  # type: ignore[return-value]


def started(personas):
    """Round 1 started with the manager as chair, the buyer's evaluator and the provider's
    administrator as evaluators."""
    contract, manager = contracted(personas)
    round = first_round(contract)
    round.contract = contract
    services.start_round(
        actor=actor(manager),
        round=round,
        chair=manager,
        evaluators=[personas.evaluator, personas.provider_a_author],
    )
    round.refresh_from_db()
    round.contract = contract
    return contract, manager, round


def finished(personas, provider_step: int = 90, buyer_step: int = 60):
    """Round 1 with both assessments final (everyone at the given steps)."""
    contract, manager, round = started(personas)
    services.open_assessment(actor=actor(manager), round=round)
    panel = [manager, personas.evaluator, personas.provider_a_author]
    for assessment, step in (
        (round.provider_assessment, provider_step),
        (round.buyer_assessment, buyer_step),
    ):
        assessment.refresh_from_db()
        for user in panel:
            engine.sign_declaration(actor=actor(user), assessment=assessment, conflict=False)
        for user in panel:
            score_all(assessment, user, step)
        engine.start_consensus(actor=actor(manager), assessment=assessment)
        agree_all(assessment, manager)
        assessment.refresh_from_db()
        engine.finalise(actor=actor(manager), assessment=assessment)
    round.refresh_from_db()
    round.contract = contract
    return contract, manager, round


def indicator_off_target(contract: Contract, user, criterion=None):
    """ "Nöjdhet" (%, higher is better) with the target 90 and 85 for 2027: off target."""
    from rodtrad.common import clock
    from rodtrad.indicators.models import Indicator, IndicatorValue

    indicator = Indicator.objects.create(
        contract=contract,
        name="Nöjdhet",
        unit="%",
        direction="higher",
        target=90,
        criterion=criterion,
        created_by=user,
        created_at=clock.now(),
        updated_at=clock.now(),
    )
    IndicatorValue.objects.create(
        indicator=indicator,
        period="2027",
        value=85,
        source="manual",
        entered_by=user,
        entered_at=clock.now(),
    )
    return indicator
