"""The award page and the tenderer's decision page run the same number of queries with 1 and 3
tenders."""

from __future__ import annotations

import pytest

from tests.award.factories import decided, ready

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("count", [1, 3])
def test_award_page_query_count(personas, client_for, django_assert_num_queries, count):
    procurement, _tenders = ready(personas, count)
    client = client_for(personas.procurement_officer)
    # session, user, memberships, unread notifications, procurement, team, tender
    # evaluations, price reveal, award criteria, their goals, consensus, lot criteria,
    # submissions, data key, scale, disqualified tenders, decisions, reviews
    with django_assert_num_queries(18):
        response = client.get(f"/procurements/{procurement.pk}/award/")
    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 3])
def test_award_page_query_count_after_the_decision(
    personas, client_for, django_assert_num_queries, count
):
    procurement, _tenders = decided(personas, count)
    client = client_for(personas.panel_chair)
    # as before the decision, plus the decisions and the open reviews (contract blocker)
    with django_assert_num_queries(20):
        response = client.get(f"/procurements/{procurement.pk}/award/")
    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 3])
def test_tender_decision_page_query_count(personas, client_for, django_assert_num_queries, count):
    _procurement, tenders = decided(personas, count)
    client = client_for(personas.provider_a_author)
    # session, user, memberships, unread notifications, tender, decision exists, opened
    # tender, decisions, own tender evaluations, own consensus
    with django_assert_num_queries(10):
        response = client.get(f"/tenders/{tenders[0].pk}/award/")
    assert response.status_code == 200
