"""The market list, the published procurement, the providers' questions page and the buyer's
questions page run the same number of queries with one or three rows."""

import pytest

from rodtrad.procurements import services
from tests.factories import add_member, make_organisation, make_user
from tests.procurements.test_market_support import (
    actor,
    answer,
    ask,
    make_procurement,
    publish_change,
)


@pytest.mark.parametrize("count", [1, 3])
def test_market_list_query_count(personas, client_for, django_assert_num_queries, count):
    for index in range(count):
        make_procurement(personas, title=f"Boende {index}", reference=f"KS 2026/{index}")
    client = client_for(personas.provider_b_author)
    # session, user, memberships, unread notifications, buyers for the filter, count, rows
    with django_assert_num_queries(7):
        response = client.get("/market/")
    assert response.content.decode().count('href="/market/') == count


@pytest.mark.parametrize("count", [1, 3])
def test_market_list_with_filters_query_count(
    personas, client_for, django_assert_num_queries, count
):
    for index in range(count):
        make_procurement(personas, title=f"Boende {index}", reference=f"KS 2026/{index}")
    client = client_for(personas.provider_b_author)
    # as without filters, plus the chosen buyer (the form's choice)
    with django_assert_num_queries(8):
        response = client.get(
            "/market/",
            {"q": "Boende", "buyer": personas.buyer.pk, "cpv": "8531", "open_only": "on"},
        )
    assert response.content.decode().count("Boende ") == count


@pytest.mark.parametrize("versions", [1, 3])
def test_public_page_query_count(personas, client_for, django_assert_num_queries, versions):
    procurement = make_procurement(personas)
    for number in range(2, versions + 1):
        publish_change(personas, procurement, f"Beskrivning {number}.", f"Ändring {number}")
    # The persona follows for two organisations, so the follow part has something to show.
    other = make_organisation("Omsorg C AB", kind="provider")
    add_member(personas.provider_a_author, other, "tender_author")
    services.register_interest(
        actor=actor(personas.provider_a_author), procurement=procurement, organisation=other
    )
    client = client_for(personas.provider_a_author)
    # session, user, memberships, unread notifications, procurement, team, versions, the
    # shown version, the organisations following
    with django_assert_num_queries(9):
        response = client.get(f"/market/{procurement.pk}/")
    assert response.content.decode().count("/pdf/") == versions + 1  # + the top download


@pytest.mark.parametrize("count", [1, 3])
def test_provider_questions_page_query_count(
    personas, client_for, django_assert_num_queries, count
):
    procurement = make_procurement(personas)
    for index in range(count):
        answer(personas, ask(personas, procurement, f"Fråga {index}?"), f"Svar {index}.")
        ask(personas, procurement, f"Obesvarad {index}?")
        ask(personas, procurement, f"Konkurrentens {index}?", provider="b")
    client = client_for(personas.provider_a_author)
    # session, user, memberships, unread notifications, procurement, team, latest version,
    # published answers, own questions
    with django_assert_num_queries(9):
        response = client.get(f"/market/{procurement.pk}/questions/")
    page = response.content.decode()
    assert page.count('<article class="qa') == count
    assert page.count("Obesvarad ") == count
    assert "Konkurrentens" not in page


@pytest.mark.parametrize("count", [1, 3])
def test_buyer_questions_page_query_count(personas, client_for, django_assert_num_queries, count):
    procurement = make_procurement(personas)
    for index in range(count):
        answer(personas, ask(personas, procurement, f"Fråga {index}?"), f"Svar {index}.")
        ask(personas, procurement, f"Obesvarad {index}?", provider="b")
    # A third provider's person, so the asker rows are not all the same.
    third = make_organisation("Omsorg C AB", kind="provider")
    asker = add_member(make_user("c@omsorg-c.se", full_name="Cecilia C"), third, "tender_author")
    services.ask_question(
        actor=actor(asker), procurement=procurement, organisation=third, text="Från C?"
    )
    client = client_for(personas.procurement_officer)
    # session, user, memberships, unread notifications, procurement, team, questions with who
    # asked and who answered
    with django_assert_num_queries(7):
        response = client.get(f"/procurements/{procurement.pk}/questions/")
    page = response.content.decode()
    assert page.count('<article class="qa"') == 2 * count + 1
    assert page.count("author@omsorg-b.se") == count
