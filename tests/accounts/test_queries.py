"""Every list and overview runs a fixed number of queries, whatever the number of rows."""

import pytest

from rodtrad.accounts.roles import Role
from rodtrad.audit.services import record_event
from tests.factories import add_member, make_organisation, make_user


def _grow_members(organisation, n):
    for _ in range(n):
        add_member(make_user(), organisation, Role.EVALUATOR, Role.VIEWER)


@pytest.mark.parametrize("extra", [1, 3])
def test_organisation_page_query_count(personas, client_for, django_assert_num_queries, extra):
    _grow_members(personas.buyer, extra)
    client = client_for(personas.buyer_admin)
    # session, user, actor memberships, organisation, members, training in quality models,
    # pending invitations
    with django_assert_num_queries(8):
        response = client.get(f"/organisations/{personas.buyer.pk}/")
    assert response.content.decode().count("Ändra roller") == 6 + extra


@pytest.mark.parametrize("extra", [1, 3])
def test_organisation_list_query_count(personas, client_for, django_assert_num_queries, extra):
    for _ in range(extra):
        add_member(personas.platform_admin, make_organisation(), Role.VIEWER)
    client = client_for(personas.platform_admin)
    with django_assert_num_queries(5):
        response = client.get("/organisations/")
    assert response.content.decode().count("<tr><td><a href=") == 4 + extra


@pytest.mark.parametrize("extra", [1, 3])
def test_start_page_query_count(personas, client_for, django_assert_num_queries, extra):
    for _ in range(extra):
        add_member(personas.buyer_admin, make_organisation(), Role.ADMIN)
    client = client_for(personas.buyer_admin)
    with django_assert_num_queries(4):
        response = client.get("/")
    assert response.content.decode().count('class="card"') == 1 + extra


@pytest.mark.parametrize("extra", [1, 3])
def test_event_log_query_count(personas, client_for, django_assert_num_queries, extra):
    for i in range(extra):
        record_event(action="test.x", actor=make_user(), organisation=personas.buyer, data={"i": i})
    client = client_for(personas.buyer_admin)
    # session, user, memberships, unread notifications, organisation, count, events with actors
    with django_assert_num_queries(7):
        response = client.get(f"/organisations/{personas.buyer.pk}/events/")
    assert response.content.decode().count("test.x") == extra


@pytest.mark.parametrize("extra", [1, 3])
def test_token_list_query_count(personas, client_for, actor_for, django_assert_num_queries, extra):
    from rodtrad.api.tokens import create_token

    for i in range(extra):
        create_token(
            actor=actor_for(personas.buyer_admin), organisation=personas.buyer, name=f"t{i}"
        )
    client = client_for(personas.buyer_admin)
    with django_assert_num_queries(5):
        response = client.get("/api-tokens/")
    assert response.content.decode().count("<code>rt_") == extra


@pytest.mark.parametrize("extra", [1, 3])
def test_api_members_query_count(personas, client_for, django_assert_num_queries, extra):
    _grow_members(personas.buyer, extra)
    client = client_for(personas.buyer_admin)
    with django_assert_num_queries(5):
        response = client.get(f"/api/v1/organisations/{personas.buyer.pk}/members")
    assert len(response.json()) == 6 + extra
