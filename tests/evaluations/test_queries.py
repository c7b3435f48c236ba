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


def _in_consensus(personas, tenders: int, evaluators: int):
    """`tenders` tenders scored by the chair and `evaluators` evaluators, every consensus
    started; the chair reads in English."""
    from rodtrad.assessments import services as engine
    from rodtrad.evaluations import services
    from rodtrad.procurements.models import TeamMember, TeamRole
    from tests.evaluations.factories import actor, in_evaluation

    procurement, _tenders = in_evaluation(personas, tenders)
    panel = [personas.panel_chair, personas.evaluator, personas.evaluator_2][: 1 + evaluators]
    TeamMember.objects.filter(procurement=procurement, role=TeamRole.EVALUATOR).exclude(
        user__in=panel
    ).delete()
    services.start_evaluation(actor=actor(personas.panel_chair), procurement=procurement)
    for user in panel:
        services.sign_declaration(actor=actor(user), procurement=procurement)
    for link in links(procurement):
        for index, user in enumerate(panel):
            score_all(link.assessment, user, 40 + 10 * index)
        engine.start_consensus(actor=actor(personas.panel_chair), assessment=link.assessment)
    personas.panel_chair.language = "en"
    personas.panel_chair.save(update_fields=["language"])
    return procurement


@pytest.mark.parametrize(("tenders", "evaluators"), [(1, 1), (3, 2)])
def test_consensus_page_query_count(
    personas, client_for, django_assert_num_queries, tenders, evaluators
):
    procurement = _in_consensus(personas, tenders, evaluators)
    link = links(procurement)[-1]
    client = client_for(personas.panel_chair)
    # the engine's consensus page (session, user, memberships, unread notifications,
    # assessment, panel, scope with consensus, individual scores, steps) and the material:
    # tender evaluation, data key, award criteria
    with django_assert_num_queries(12):
        response = client.get(f"/assessments/{link.assessment.pk}/consensus/")
    page = response.content.decode()
    assert page.count('class="material"') == procurement.criteria.count()
    assert page.count("Cajsa Ordförande") >= procurement.criteria.count()


@pytest.mark.parametrize(("tenders", "evaluators"), [(1, 1), (3, 2)])
def test_tender_feedback_report_pdf_query_count(
    personas, client_for, django_assert_num_queries, tenders, evaluators
):
    procurement = _in_consensus(personas, tenders, evaluators)
    link = links(procurement)[-1]
    client = client_for(personas.panel_chair)
    with django_assert_num_queries(7):
        response = client.get(f"/assessments/{link.assessment.pk}/report.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
