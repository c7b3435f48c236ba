"""The improvement plan's pages run the same number of queries however many actions and
follow-up rounds there are."""

from __future__ import annotations

import pytest

from rodtrad.common import clock
from rodtrad.improvements import selectors
from rodtrad.improvements.models import Owner
from tests.improvements.factories import contract as make_contract
from tests.improvements.factories import follow_up_round, make_action, with_team

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_users")]


@pytest.mark.parametrize("count", [1, 3])
def test_list_page_query_count(personas, client_for, django_assert_num_queries, count):
    contract = with_team(make_contract(personas))
    follow_up_round(contract, 1)
    for number in range(count):
        make_action(contract, personas.buyer_admin, owner=Owner.JOINT, description=f"Å{number}")
    client = client_for(personas.provider_a_author)
    # session, user, memberships, unread notifications, contract, contract team, actions,
    # criteria to link to
    with django_assert_num_queries(8):
        response = client.get(f"/contracts/{contract.pk}/actions/", {"status": "planned"})
    assert response.content.decode().count("/actions/") >= count


@pytest.mark.parametrize("count", [1, 3])
def test_from_report_page_query_count(personas, client_for, django_assert_num_queries, count):
    contract = with_team(make_contract(personas))
    for number in range(1, count + 1):
        follow_up_round(contract, number)
        make_action(contract, personas.buyer_admin)
    client = client_for(personas.buyer_admin)
    # session, user, memberships, unread notifications, contract, contract team, rounds,
    # scope items with their consensus, actions made from them
    with django_assert_num_queries(9):
        response = client.get(f"/contracts/{contract.pk}/actions/from-report/")
    assert response.content.decode().count("Make this an action") == 3 * (count + 1)


@pytest.mark.parametrize("count", [1, 3])
def test_action_page_query_count(personas, client_for, django_assert_num_queries, count):
    contract = with_team(make_contract(personas))
    action = make_action(contract, personas.buyer_admin)
    for number in range(count):
        make_action(contract, personas.buyer_admin, description=f"Å{number}")
    client = client_for(personas.buyer_admin)
    # session, user, memberships, unread notifications, contract, contract team, action,
    # criteria to link to, history
    with django_assert_num_queries(9):
        response = client.get(f"/contracts/{contract.pk}/actions/{action.pk}/")
    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 3])
def test_summaries_query_count(personas, django_assert_num_queries, count):
    contract = with_team(make_contract(personas))
    for number in range(count):
        make_action(contract, personas.buyer_admin, description=f"Å{number}")
    with django_assert_num_queries(1):
        assert selectors.contract_summary(contract).open == count
    with django_assert_num_queries(2):
        assert len(selectors.changes_between(contract, None, clock.now()).created) == count
