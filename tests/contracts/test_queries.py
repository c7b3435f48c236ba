"""The contract pages run the same number of queries however many contracts, lots and tenders
there are."""

from __future__ import annotations

import pytest

from rodtrad.contracts import services
from tests.contracts.factories import after_standstill, terms
from tests.evaluations.factories import actor

pytestmark = pytest.mark.django_db


def contracted(personas, lots: int):
    procurement, _tenders = after_standstill(personas, 2, lots=lots)
    return [
        services.register_contract(
            actor=actor(personas.buyer_admin),
            procurement=procurement,
            lot_id=lot.pk,
            terms=terms(personas.buyer_admin),
        )
        for lot in procurement.lots.order_by("number")
    ]


@pytest.mark.parametrize("lots", [1, 3])
def test_contract_list_query_count(personas, client_for, django_assert_num_queries, lots):
    contracts = contracted(personas, lots)
    client = client_for(personas.provider_a_author)
    # session, user, memberships, unread notifications, contracts (the team in a subquery)
    with django_assert_num_queries(5):
        response = client.get("/contracts/")
    assert response.content.decode().count("/contracts/") >= len(contracts)


@pytest.mark.parametrize("count", [1, 3])
def test_contract_page_query_count(personas, client_for, django_assert_num_queries, count):
    procurement, _tenders = after_standstill(personas, count)
    (contract,) = [
        services.register_contract(
            actor=actor(personas.buyer_admin),
            procurement=procurement,
            lot_id=procurement.lots.get().pk,
            terms=terms(personas.buyer_admin),
        )
    ]
    client = client_for(personas.buyer_admin)
    # session, user, memberships, unread notifications, contract, contract team, baseline,
    # assessment panel (may the actor read the panel's report?), people who could join the
    # buyer's team (the administrator keeps that side only), the improvement plan's counts,
    # the indicators against their targets, the charter's versions and the rounds (partnership),
    # and the red thread (award criteria, their goals, rounds, criteria points of the baseline
    # and the final rounds, indicators with their latest value, actions per criterion)
    with django_assert_num_queries(19):
        response = client.get(f"/contracts/{contract.pk}/")
    assert response.content.decode().count('id="thread"') == 1  # the red thread


@pytest.mark.parametrize("lots", [1, 3])
def test_registration_page_query_count(personas, client_for, django_assert_num_queries, lots):
    procurement, _tenders = after_standstill(personas, 2, lots=lots)
    client = client_for(personas.buyer_admin)
    # session, user, memberships, unread notifications, procurement, team, decisions,
    # contracts, contract blocker (decisions, reviews), manager choices (once for every
    # lot's form)
    with django_assert_num_queries(11):
        response = client.get(f"/procurements/{procurement.pk}/contract/")
    assert response.status_code == 200
