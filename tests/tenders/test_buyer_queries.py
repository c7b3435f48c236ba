"""The opening page, the qualification overview and one tender's qualification page run the
same number of queries with 1 and with 3 tenders (and requirements)."""

from datetime import timedelta

import pytest

from rodtrad.accounts.actor import Actor
from rodtrad.common import clock
from rodtrad.tenders import services
from tests.tenders.buyer_helpers import opened


def _decide_all(personas, procurement, tenders) -> None:
    actor = Actor.for_user(personas.procurement_officer)
    for tender in tenders:
        for requirement in procurement.requirements.all():
            services.decide_requirement(
                actor=actor, tender=tender, requirement=requirement, fulfilled=True
            )


@pytest.mark.parametrize("count", [1, 3])
def test_opening_page_query_count(personas, client_for, django_assert_num_queries, count):
    procurement, tenders = opened(personas, count, requirements=count)
    client = client_for(personas.procurement_officer)
    # session, user, memberships, procurement, team, opening, unread notifications
    with django_assert_num_queries(7):
        response = client.get(f"/procurements/{procurement.pk}/opening/")
    page = response.content.decode()
    assert all(t.organisation.name in page for t in tenders)


@pytest.mark.parametrize("count", [1, 3])
def test_qualification_overview_query_count(personas, client_for, django_assert_num_queries, count):
    procurement, tenders = opened(personas, count, requirements=count)
    _decide_all(personas, procurement, tenders)
    client = client_for(personas.procurement_officer)
    # session, user, memberships, procurement, team, opening, requirements, opened tenders,
    # decisions, outcomes, unread notifications
    with django_assert_num_queries(11):
        response = client.get(f"/procurements/{procurement.pk}/qualification/")
    page = response.content.decode()
    assert page.count('class="tag tag--task-done"') == count * count


@pytest.mark.parametrize("count", [1, 3])
def test_tender_qualification_page_query_count(
    personas, client_for, django_assert_num_queries, count
):
    procurement, tenders = opened(personas, count, requirements=count, evidence=True)
    _decide_all(personas, procurement, tenders)
    actor = Actor.for_user(personas.procurement_officer)
    for _n in range(count):
        services.request_clarification(
            actor=actor,
            tender=tenders[0],
            question="Förtydliga.",
            deadline=clock.now() + timedelta(days=5),
        )
    client = client_for(personas.procurement_officer)
    # session, user, memberships, procurement, team, opening, tender, key, lots, checks,
    # clarifications, criteria, requirements, outcome, unread notifications
    with django_assert_num_queries(15):
        response = client.get(f"/procurements/{procurement.pk}/qualification/{tenders[0].pk}/")
    page = response.content.decode()
    assert page.count('id="requirement-') >= count
