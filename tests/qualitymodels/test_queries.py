"""Lists and pages run a fixed number of queries, whatever the number of rows."""

from __future__ import annotations

import pytest

from tests.qualitymodels.factories import make_session, make_spec, make_version, template_version


def _main(response) -> str:
    """The page's main content (the navigation links to the same pages)."""
    return response.content.decode().split('<main id="main"', 1)[1]


@pytest.mark.parametrize("extra", [1, 3])
def test_library_query_count(personas, client_for, django_assert_num_queries, extra):
    for i in range(extra):
        make_version(owner=personas.buyer, name=f"Modell {i}", frozen=bool(i % 2))
    client = client_for(personas.procurement_officer)
    # session, user, actor memberships, unread notifications, models with their newest versions
    with django_assert_num_queries(5):
        response = client.get("/models/")
    # each model links to its page and to its newest version
    assert _main(response).count('<a href="/models/') == 2 * (2 + extra)


@pytest.mark.parametrize("groups", [1, 3])
def test_version_page_query_count(personas, client_for, django_assert_num_queries, groups):
    version = make_version(owner=personas.buyer, spec=make_spec(groups=groups))
    make_session(organisation=personas.buyer, version=version, by=personas.buyer_admin)
    client = client_for(personas.procurement_officer)
    # session, user, actor memberships, version with model, owner, based-on and creator,
    # success factors, groups, criteria, scales, scale steps
    with django_assert_num_queries(10):
        response = client.get(f"/models/versions/{version.pk}/")
    assert response.content.decode().count("/criteria/") >= 2 * (groups * 2 + 2)


@pytest.mark.parametrize("groups", [1, 3])
def test_handbook_query_count(personas, client_for, django_assert_num_queries, groups):
    version = make_version(owner=personas.buyer, spec=make_spec(groups=groups))
    client = client_for(personas.evaluator)
    with django_assert_num_queries(10):
        response = client.get(f"/models/versions/{version.pk}/handbook/")
    assert response.content.decode().count('<article class="criterion"') == groups * 2 + 2


@pytest.mark.parametrize("extra", [1, 3])
def test_training_list_query_count(personas, client_for, django_assert_num_queries, extra):
    version = template_version()
    for i in range(extra):
        make_session(
            organisation=personas.buyer,
            version=version,
            by=personas.buyer_admin,
            title=f"Kurs {i}",
            participants=(personas.evaluator, personas.provider_a_author),
            attended=(personas.evaluator,),
        )
    client = client_for(personas.provider_a_author)
    # session, user, actor memberships, unread notifications, sessions with counts
    with django_assert_num_queries(5):
        response = client.get("/training/")
    page = _main(response)
    assert page.count('<a href="/training/') == extra
    assert page.count('<td class="num">1 / 2</td>') == extra


@pytest.mark.parametrize("extra", [1, 3])
def test_api_model_list_query_count(personas, client_for, django_assert_num_queries, extra):
    for i in range(extra):
        make_version(owner=personas.buyer, name=f"Modell {i}")
    client = client_for(personas.evaluator)
    # session, user, actor memberships, count, page of models
    with django_assert_num_queries(5):
        response = client.get("/api/v1/quality-models")
    assert response.json()["count"] == 2 + extra
