"""The evaluation overview and a tender's scoring page run the same number of queries with 1 and
with 3 tenders."""

from __future__ import annotations

import pytest

from tests.assessments.factories import score_all
from tests.evaluations.factories import declared, links, to_consensus

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("count", [1, 3])
def test_overview_query_count_for_the_chair_in_consensus(
    personas, client_for, django_assert_num_queries, count
):
    procurement, _tenders = declared(personas, count)
    to_consensus(personas, procurement)
    personas.panel_chair.language = "en"
    personas.panel_chair.save(update_fields=["language"])
    client = client_for(personas.panel_chair)
    # session, user, memberships, unread notifications, procurement, team, awards, tender
    # evaluations, panels, individual steps, consensus steps, price reveal, own declaration
    with django_assert_num_queries(13):
        response = client.get(f"/procurements/{procurement.pk}/evaluation/")
    assert response.content.decode().count("of 3 submitted") == count


@pytest.mark.parametrize("count", [1, 3])
def test_overview_query_count_for_an_officer_who_sees_prices(
    personas, client_for, django_assert_num_queries, count
):
    procurement, _tenders = declared(personas, count)
    client = client_for(personas.procurement_officer)
    # session, user, memberships, unread notifications, procurement, team, awards, tender
    # evaluations, panels, price reveal, submissions, data key
    with django_assert_num_queries(12):
        response = client.get(f"/procurements/{procurement.pk}/evaluation/")
    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 3])
def test_scoring_page_query_count(personas, client_for, django_assert_num_queries, count):
    procurement, _tenders = declared(personas, count, answer_files=True)
    link = links(procurement)[-1]
    score_all(link.assessment, personas.evaluator, 50, submit=False)
    client = client_for(personas.evaluator)
    # the engine's 9 (session, user, memberships, unread notifications, assessment, panel,
    # scope, steps, own scores) and the material: tender evaluation, data key, award criteria
    with django_assert_num_queries(12):
        response = client.get(f"/assessments/{link.assessment.pk}/work/")
    assert response.content.decode().count('class="material"') == procurement.criteria.count()
