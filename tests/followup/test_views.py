"""The follow-up pages: who sees them, running a round through the pages, and query counts."""

from __future__ import annotations

from datetime import timedelta

import pytest

from rodtrad.followup.models import FollowUpRound, SelfDescription
from tests.followup.factories import contracted, finished, first_round, started

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_users")]


def english(*users):
    for user in users:
        user.language = "en"
        user.save(update_fields=["language"])


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("provider_a_author", 200),
        ("evaluator", 200),  # on the buyer's contract team
        ("buyer_admin", 200),
        ("procurement_officer", 404),
        ("provider_b_author", 404),
        ("other_buyer_officer", 404),
        ("stranger", 404),
        ("platform_admin", 404),
    ],
)
def test_follow_up_pages_only_for_the_contract_teams(personas, client_for, who, status):
    contract, _manager = contracted(personas)
    round = first_round(contract)
    client = client_for(getattr(personas, who))
    assert client.get(f"/contracts/{contract.pk}/follow-up/").status_code == status
    assert client.get(f"/contracts/{contract.pk}/follow-up/{round.pk}/").status_code == status


def test_only_the_buyers_managers_add_move_and_start_rounds(personas, client_for):
    contract, manager = contracted(personas)
    round = first_round(contract)
    base = f"/contracts/{contract.pk}/follow-up/"
    day = (contract.starts_on + timedelta(days=60)).isoformat()
    for user in (personas.provider_a_author, personas.evaluator):
        assert (
            client_for(user).post(base + "add/", {"due_on": day, "reason": "x"}).status_code == 403
        )
        response = client_for(user).post(f"{base}{round.pk}/start/", {"chair": manager.pk})
        assert response.status_code == 403
    english(manager)
    client = client_for(manager)
    bad = client.post(base + "add/", {"due_on": "", "reason": ""})
    assert bad.status_code == 400
    assert "Give the date the round is due." in bad.content.decode()
    count = FollowUpRound.objects.filter(contract=contract).count()
    assert client.post(base + "add/", {"due_on": day, "reason": "Extra"}).status_code == 302
    assert FollowUpRound.objects.filter(contract=contract).count() == count + 1
    response = client.post(
        f"{base}{round.pk}/start/",
        {"chair": manager.pk, "evaluators": [personas.evaluator.pk, personas.provider_a_author.pk]},
    )
    assert response.status_code == 302
    round.refresh_from_db()
    assert round.provider_assessment is not None and round.buyer_assessment is not None


def test_the_provider_writes_its_self_description_on_the_round_page(personas, client_for):
    contract, _manager, round = started(personas)
    english(personas.provider_a_author)
    client = client_for(personas.provider_a_author)
    url = f"/contracts/{contract.pk}/follow-up/{round.pk}/"
    page = client.get(url).content.decode()
    assert "Save the self-descriptions" in page
    item = round.provider_assessment.scope.first()
    response = client.post(
        url + "describe/provider/",
        {f"text-{item.criterion_id}": "Vi mäter nöjdheten varje kvartal."},
    )
    assert response.status_code == 302
    assert SelfDescription.objects.get().text == "Vi mäter nöjdheten varje kvartal."
    # The provider cannot write the buyer's part.
    assert client.post(url + "describe/buyer/", {}).status_code == 403


@pytest.mark.parametrize("rounds", [1, 3])
def test_rounds_page_query_count(personas, client_for, django_assert_num_queries, rounds):
    contract, manager, _round = finished(personas)
    FollowUpRound.objects.filter(contract=contract, number__gt=rounds).delete()
    english(manager)
    client = client_for(manager)
    # session, user, memberships, unread notifications, contract, contract team, rounds,
    # the criteria of the baseline and every final round
    with django_assert_num_queries(8):
        response = client.get(f"/contracts/{contract.pk}/follow-up/")
    page = response.content.decode()
    assert "Progression of Omsorg A AB" in page and "Follow-up round 1" in page
    assert "<svg" in page


@pytest.mark.parametrize("count", [1, 3])
def test_round_page_query_count(personas, client_for, django_assert_num_queries, count):
    contract, manager, round = started(personas)
    # the same round page whatever the number of rounds already added
    for extra in range(count - 1):
        FollowUpRound.objects.create(
            contract=contract,
            number=100 + extra,
            title=f"Extra {extra}",
            due_on=round.due_on,
            created_at=round.created_at,
        )
    client = client_for(manager)
    # session, user, memberships, unread notifications, contract, team, round, team users
    # (start form), self-descriptions, the scope of each assessment, the previous round's
    # day and the improvement actions changed since (actions, their history)
    with django_assert_num_queries(13):
        response = client.get(f"/contracts/{contract.pk}/follow-up/{round.pk}/")
    assert response.status_code == 200
