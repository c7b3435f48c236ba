"""The follow-up overview shows, per contract, the partnership conditions on which the parties
differed by the threshold or more in the latest completed round, and never a hidden group's."""

from __future__ import annotations

import pytest

from rodtrad.followup.models import FollowUpRound
from tests.partnership.factories import answer, contracted, done, open_round, set_status

pytestmark = pytest.mark.django_db


def _gap_cell(page: str, contract_id: int) -> str:
    row = page.split(f'href="/contracts/{contract_id}/"', 1)[1].split("</tr>", 1)[0]
    return row.rsplit("<td", 1)[1]


def test_the_overview_lists_large_partnership_gaps_of_the_latest_done_round(personas, client_for):
    setup = contracted(personas)
    client = client_for(setup.manager)
    page = client.get("/follow-up/").content.decode()
    assert "No completed round" in _gap_cell(page, setup.contract.pk)

    round = open_round(setup.first)
    for user in setup.buyer_team:
        answer(setup.contract, round, user, 2)
    for user in setup.provider_team[:2]:
        answer(setup.contract, round, user, 5)
    done(round)
    cell = _gap_cell(client.get("/follow-up/").content.decode(), setup.contract.pk)
    assert "No completed round" not in cell and "barometer" not in cell  # provider side hidden
    assert cell.strip().endswith("0</td>")

    set_status(round, "in_progress")
    answer(setup.contract, round, setup.provider_team[2], 5)
    done(round)
    cell = _gap_cell(client.get("/follow-up/").content.decode(), setup.contract.pk)
    assert (
        f'/contracts/{setup.contract.pk}/rounds/{round.pk}/barometer/"><strong>10</strong>' in cell
    )
    assert "Common goals" in cell and "(-3.0)" in cell

    # a later round with small differences replaces it: only the latest completed round counts
    second = FollowUpRound.objects.filter(contract=setup.contract).order_by("number")[1]
    open_round(second)
    for user in [*setup.buyer_team, *setup.provider_team]:
        answer(setup.contract, second, user, 4)
    done(second)
    cell = _gap_cell(client.get("/follow-up/").content.decode(), setup.contract.pk)
    assert "<strong>" not in cell and cell.strip().endswith("0</td>")


def test_overview_query_count_with_done_rounds(personas, client_for, django_assert_num_queries):
    setup = contracted(personas)
    for round in FollowUpRound.objects.filter(contract=setup.contract).order_by("number")[:2]:
        open_round(round)
        for user in [*setup.buyer_team, *setup.provider_team]:
            answer(setup.contract, round, user, 3)
        done(round)
    client = client_for(setup.manager)
    # session, user, memberships, unread notifications, contracts, rounds, overdue actions,
    # indicators with their latest value, ratings of the latest done rounds
    with django_assert_num_queries(9):
        response = client.get("/follow-up/")
    assert f'href="/contracts/{setup.contract.pk}/"' in response.content.decode()
