"""The scoring page, the consensus page and the feedback report run the same number of queries
with 1 or 3 evaluators and with a small or a large scope."""

import pytest

from rodtrad.assessments import services
from tests.assessments.factories import (
    actor,
    agree_all,
    declare_all,
    make_version,
    score_all,
)
from tests.factories import add_member, make_user

SIZES = [(1, 1), (3, 1), (1, 3), (3, 3)]  # (evaluators, scope multiplier)


def _assessment(personas, evaluators: int, size: int):
    version = make_version(approach=2 * size + 1, results=size, groups=1 + size)
    people = [personas.evaluator, personas.evaluator_2, make_user()][:evaluators]
    for person in people:
        add_member(person, personas.buyer, "evaluator")
    assessment = services.create_self_assessment(
        actor=actor(personas.buyer_admin),
        organisation=personas.buyer,
        title="Mätning",
        model_version=version,
        chair=personas.panel_chair,
        evaluators=people,
    )
    services.start_individual(actor=actor(personas.buyer_admin), assessment=assessment)
    declare_all(assessment, personas.panel_chair, *people)
    return assessment, people


@pytest.mark.parametrize(("evaluators", "size"), SIZES)
def test_scoring_page_query_count(
    personas, client_for, django_assert_num_queries, evaluators, size
):
    assessment, people = _assessment(personas, evaluators, size)
    score_all(assessment, people[0], 50, submit=False)
    client = client_for(people[0])
    # session, user, memberships, unread notifications, assessment, panel, scope, steps, own scores
    with django_assert_num_queries(9):
        response = client.get(f"/assessments/{assessment.pk}/work/")
    assert response.content.decode().count('class="criterion-card"') == assessment.scope.count()


@pytest.mark.parametrize(("evaluators", "size"), SIZES)
def test_consensus_page_query_count(
    personas, client_for, django_assert_num_queries, evaluators, size
):
    assessment, people = _assessment(personas, evaluators, size)
    for person in [personas.panel_chair, *people]:
        score_all(assessment, person, 60)
    services.start_consensus(actor=actor(personas.panel_chair), assessment=assessment)
    client = client_for(personas.panel_chair)
    # session, user, memberships, unread notifications, assessment, panel, steps, scope with
    # consensus, submitted work
    with django_assert_num_queries(9):
        response = client.get(f"/assessments/{assessment.pk}/consensus/")
    page = response.content.decode()
    assert page.count('<section class="criterion-card') == assessment.scope.count()
    assert page.count('<th scope="row">') == assessment.scope.count() * (1 + evaluators)


@pytest.mark.parametrize(("evaluators", "size"), SIZES)
def test_report_query_count(personas, client_for, django_assert_num_queries, evaluators, size):
    assessment, people = _assessment(personas, evaluators, size)
    for person in [personas.panel_chair, *people]:
        score_all(assessment, person, 60)
    services.start_consensus(actor=actor(personas.panel_chair), assessment=assessment)
    agree_all(assessment, personas.panel_chair)
    services.finalise(actor=actor(personas.panel_chair), assessment=assessment)
    client = client_for(personas.buyer_admin)
    # session, user, memberships, unread notifications, assessment, panel, steps, scope
    with django_assert_num_queries(8):
        response = client.get(f"/assessments/{assessment.pk}/report/")
    assert response.content.decode().count('<section class="criterion"') == assessment.scope.count()
    with django_assert_num_queries(7):
        pdf = client.get(f"/assessments/{assessment.pk}/report.pdf")
    assert pdf["Content-Type"] == "application/pdf"


@pytest.mark.parametrize("count", [1, 3])
def test_assessment_list_query_count(personas, client_for, django_assert_num_queries, count):
    version = make_version()
    for i in range(count):
        services.create_self_assessment(
            actor=actor(personas.buyer_admin),
            organisation=personas.buyer,
            title=f"Värdering {i}",
            model_version=version,
            chair=personas.panel_chair,
            evaluators=[personas.evaluator],
        )
    client = client_for(personas.buyer_admin)
    with django_assert_num_queries(5):
        response = client.get("/assessments/")
    assert response.content.decode().count("Värdering ") == count
