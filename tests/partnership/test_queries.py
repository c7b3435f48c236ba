"""The partnership pages run the same number of queries however many rounds, answers and
charter versions there are."""

from __future__ import annotations

import pytest

from rodtrad.followup.models import FollowUpRound
from rodtrad.partnership import services
from tests.evaluations.factories import actor
from tests.partnership.factories import answer, charter_text, contracted, done, open_round

pytestmark = pytest.mark.django_db


def _rounds_done(setup, count: int) -> list[FollowUpRound]:
    rounds = list(FollowUpRound.objects.filter(contract=setup.contract).order_by("number"))
    assert len(rounds) >= 3
    for round in rounds[:count]:
        open_round(round)
        for value, user in enumerate([*setup.buyer_team, *setup.provider_team]):
            answer(setup.contract, round, user, 1 + value % 5, f"comment {value}")
        done(round)
    return rounds[:count]


# session, user, memberships, unread notifications, contract, contract team
BASE = 6


@pytest.mark.parametrize("count", [1, 3])
def test_trend_page_query_count(personas, client_for, django_assert_num_queries, count):
    setup = contracted(personas)
    _rounds_done(setup, count)
    client = client_for(personas.evaluator)
    # + rounds, ratings of the done rounds
    with django_assert_num_queries(BASE + 2):
        response = client.get(f"/contracts/{setup.contract.pk}/barometer/")
    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 3])
def test_round_page_query_count(personas, client_for, django_assert_num_queries, count):
    setup = contracted(personas)
    rounds = _rounds_done(setup, count)
    client = client_for(personas.evaluator)
    # + round, own answer, ratings of the round
    with django_assert_num_queries(BASE + 3):
        response = client.get(f"/contracts/{setup.contract.pk}/rounds/{rounds[-1].pk}/barometer/")
    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 3])
def test_charter_page_query_count(personas, client_for, django_assert_num_queries, count):
    setup = contracted(personas)
    for number in range(count):
        version = services.write_charter(
            actor=actor(setup.manager),
            contract=setup.contract,
            text=charter_text(goals=f"Goals {number}"),
        )
        services.sign_charter(
            actor=actor(setup.manager), contract=setup.contract, version=version, party="buyer"
        )
    client = client_for(personas.evaluator)
    # + versions with their writers and signers
    with django_assert_num_queries(BASE + 1):
        response = client.get(f"/contracts/{setup.contract.pk}/charter/")
    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 3])
def test_summary_query_count(personas, django_assert_num_queries, count):
    from rodtrad.contracts.permissions import get_contract
    from rodtrad.partnership.selectors import contract_summary

    setup = contracted(personas)
    _rounds_done(setup, count)
    who = actor(personas.evaluator)
    contract = get_contract(who, setup.contract.pk)
    # versions, rounds, ratings of the latest done round
    with django_assert_num_queries(3):
        summary = contract_summary(contract, who)
    assert summary.round is not None
