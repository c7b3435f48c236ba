"""The buyer's procurement list, the procurement page (phases and task list), the red-thread
check and the simulation run the same number of queries with 1 and with 3 items."""

import re

import pytest

from rodtrad.procurements import services
from tests.assessments.factories import make_version
from tests.procurements.factories import actor, make_procurement


def _sized(personas, n: int):
    """n goals, n requirements, n award criteria and n fictive tenders."""
    version = make_version(approach=n, results=1, groups=2)
    return make_procurement(
        personas,
        version=version,
        include_results=False,
        goals=n,
        requirements=n,
        prices=tuple(1900 + 100 * i for i in range(n)),
        steps=tuple(40 + 10 * i for i in range(n)),
    )


@pytest.mark.parametrize("count", [1, 3])
def test_procurement_list_query_count(personas, client_for, django_assert_num_queries, count):
    for i in range(count):
        services.create_procurement(
            actor=actor(personas.procurement_officer),
            buyer=personas.buyer,
            title=f"Upphandling {i}",
            reference_number=f"KS 2026/{i}",
        )
    client = client_for(personas.procurement_officer)
    # session, user, memberships, unread notifications, procurements
    with django_assert_num_queries(5):
        response = client.get("/procurements/")
    assert len(re.findall(r"Upphandling \d", response.content.decode())) == count


@pytest.mark.parametrize("count", [1, 3])
def test_procurement_page_query_count(personas, client_for, django_assert_num_queries, count):
    procurement = _sized(personas, count)
    client = client_for(personas.procurement_officer)
    # session, user, procurement, team, memberships; the red-thread facts: criteria, their
    # goals, goals, their criteria, the criteria's model criteria, their indicators,
    # requirements, team with users, trained panel, training offered, self-assessment, buyer
    # settings, fictive tenders, scale steps, indicator count; lot count; unread notifications
    with django_assert_num_queries(22):
        response = client.get(f"/procurements/{procurement.pk}/")
    page = response.content.decode()
    assert page.count('class="task-list__item"') == 9 + 2  # sections without lots; check, publish
    assert f"{count} skall-krav" in page  # Swedish, the default language


@pytest.mark.parametrize("count", [1, 3])
def test_red_thread_page_query_count(personas, client_for, django_assert_num_queries, count):
    procurement = _sized(personas, count)
    client = client_for(personas.procurement_officer)
    # as the procurement page, without the lot count
    with django_assert_num_queries(21):
        response = client.get(f"/procurements/{procurement.pk}/red-thread/")
    assert response.content.decode().count('class="check-group"') == 10


@pytest.mark.parametrize("count", [1, 3])
def test_simulation_page_query_count(personas, client_for, django_assert_num_queries, count):
    procurement = _sized(personas, count)
    client = client_for(personas.procurement_officer)
    # session, user, procurement, team, memberships, criteria, their goals, scale steps,
    # fictive tenders, scale steps (for the headline), unread notifications
    with django_assert_num_queries(11):
        response = client.get(f"/procurements/{procurement.pk}/simulation/")
    page = response.content.decode()
    assert page.count('<section class="breakdown"') == count
    assert page.count('<th scope="row">Anbud') == count
