"""The indicator list and the indicator page run the same number of queries however many
indicators and values there are."""

from __future__ import annotations

import pytest

from tests.indicators.factories import a_contract, an_indicator, values

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("count", [1, 3])
def test_list_page_query_count(personas, client_for, django_assert_num_queries, count):
    contract = a_contract(personas)
    for number in range(count):
        indicator = an_indicator(personas, contract, name=f"Indikator {number}")
        values(personas, indicator, {"2023": "80", "2024": "95"})
    client = client_for(personas.provider_a_author)
    # session, user, memberships, unread notifications, contract, contract team,
    # indicators with their latest value (subqueries)
    with django_assert_num_queries(7):
        response = client.get(f"/contracts/{contract.pk}/indicators/")
    assert response.content.decode().count("/indicators/") >= count


@pytest.mark.parametrize("count", [1, 10])
def test_indicator_page_query_count(personas, client_for, django_assert_num_queries, count):
    contract = a_contract(personas)
    indicator = an_indicator(personas, contract)
    values(personas, indicator, {str(2000 + year): str(80 + year) for year in range(count)})
    client = client_for(personas.provider_a_author)
    # session, user, memberships, unread notifications, contract, contract team, indicator
    # (with goal and criterion), values (with who entered them)
    with django_assert_num_queries(8):
        response = client.get(f"/contracts/{contract.pk}/indicators/{indicator.pk}/")
    assert response.content.decode().count('<th scope="row">20') == count
