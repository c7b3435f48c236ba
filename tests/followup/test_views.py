"""The follow-up pages: who sees them, running a round through the pages, and query counts."""

from __future__ import annotations

from datetime import timedelta

import pytest

from rodtrad.followup.models import FollowUpRound, SelfDescription
from tests.followup.factories import (
    contracted,
    finished,
    first_round,
    indicator_off_target,
    started,
)

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


def test_the_overview_puts_contracts_needing_attention_first(personas, client_for):
    from rodtrad.common import clock
    from rodtrad.improvements.models import ImprovementAction

    contract, manager = contracted(personas)
    english(manager)
    first = first_round(contract)
    page = client_for(manager).get("/follow-up/").content.decode()
    assert contract.procurement.title in page and "Overdue</strong>" not in page
    indicator_off_target(contract, manager)
    ImprovementAction.objects.create(
        contract=contract,
        description="Ny rutin",
        owner="buyer",
        responsible=manager,
        due_on=clock.now().date() - timedelta(days=3),
        status="planned",
        created_by=manager,
        created_at=clock.now(),
        updated_at=clock.now(),
    )
    clock.freeze(clock.now() + timedelta(days=(first.due_on - contract.starts_on).days + 60))
    page = client_for(manager).get("/follow-up/").content.decode()
    assert "Overdue</strong>" in page  # the first round is past its day and not started
    assert f'/contracts/{contract.pk}/actions/?overdue=1"><strong>1</strong>' in page
    assert f'/contracts/{contract.pk}/indicators/"><strong>1</strong></a> / 1' in page
    for who in ("provider_b_author", "other_buyer_officer"):
        assert (
            contract.procurement.title
            not in client_for(getattr(personas, who)).get("/follow-up/").content.decode()
        )


@pytest.mark.parametrize("count", [1, 2])
def test_overview_query_count(personas, client_for, django_assert_num_queries, count):
    from tests.contracts.factories import after_standstill, register

    contracted(personas)
    if count == 2:
        procurement, _tenders = after_standstill(personas, 2)
        register(personas, procurement, personas.buyer_admin)
    client = client_for(personas.buyer_admin)
    # session, user, memberships, unread notifications, contracts, rounds, overdue
    # actions, indicators with their latest value
    with django_assert_num_queries(8):
        response = client.get("/follow-up/")
    assert response.content.decode().count('href="/contracts/') >= count


def test_round_reminders_are_sent_once_to_both_teams(personas):
    from rodtrad.common import clock
    from rodtrad.followup import services
    from rodtrad.notifications.models import Notification

    contract, _manager = contracted(personas)
    english(personas.evaluator)
    personas.provider_a_author.language = "sv"
    personas.provider_a_author.save(update_fields=["language"])
    first = first_round(contract)
    assert services.send_round_reminders() == 0  # a year away
    clock.freeze(clock.now() + timedelta(days=(first.due_on - clock.now().date()).days - 10))
    before = set(Notification.objects.values_list("pk", flat=True))
    assert services.send_round_reminders() == 1
    told = set(Notification.objects.exclude(pk__in=before).values_list("user__email", flat=True))
    assert told == {"avtal@ekby.se", "evaluator@ekby.se", "author@omsorg-a.se"}
    assert services.send_round_reminders() == 0
    # each reader gets the round's title and day in their own language
    titles = dict(Notification.objects.exclude(pk__in=before).values_list("user__email", "title"))
    english_day = f"{first.due_on.day} {first.due_on.strftime('%B')} {first.due_on.year}"
    assert titles["evaluator@ekby.se"].startswith(f"Follow-up round 1 is due on {english_day}:")
    assert titles["author@omsorg-a.se"].startswith("Uppföljningsomgång 1 ska genomföras ")


def test_moving_and_completing_a_round_through_the_pages(personas, client_for):
    contract, manager, round = finished(personas)
    english(manager)
    client = client_for(manager)
    url = f"/contracts/{contract.pk}/follow-up/{round.pk}/"
    later = FollowUpRound.objects.get(contract=contract, number=2)
    bad = client.post(
        f"/contracts/{contract.pk}/follow-up/{later.pk}/move/",
        {"due_on": later.due_on.isoformat(), "reason": ""},
    )
    assert bad.status_code == 400 and "Give the reason for the change." in bad.content.decode()
    moved = client.post(
        f"/contracts/{contract.pk}/follow-up/{later.pk}/move/",
        {"due_on": (later.due_on + timedelta(days=7)).isoformat(), "reason": "Semester"},
    )
    assert moved.status_code == 302
    assert FollowUpRound.objects.get(pk=later.pk).due_on == later.due_on + timedelta(days=7)
    assert "Complete the round" in client.get(url).content.decode()
    empty = client.post(url + "complete/", {"next_steps": ""})
    assert empty.status_code == 400
    assert "Write the next steps the parties agreed." in empty.content.decode()
    assert client.post(url + "complete/", {"next_steps": "Ny nattrutin"}).status_code == 302
    assert FollowUpRound.objects.get(pk=round.pk).status == "done"
    assert "Ny nattrutin" in client.get(url).content.decode()
    # The provider's people cannot complete or move rounds.
    assert client_for(personas.provider_a_author).post(url + "complete/", {}).status_code == 403


def test_the_contract_page_shows_the_red_thread(personas, client_for):
    from rodtrad.common import clock
    from rodtrad.improvements.models import ImprovementAction
    from rodtrad.procurements.models import AwardCriterion

    contract, manager, _round = finished(personas, provider_step=90, buyer_step=60)
    award = (
        AwardCriterion.objects.filter(procurement=contract.procurement).order_by("order").first()
    )
    goal = award.goals.first()
    indicator_off_target(contract, manager, criterion=award.criterion)
    ImprovementAction.objects.create(
        contract=contract,
        description="Ny rutin",
        owner="joint",
        responsible=manager,
        criterion=award.criterion,
        due_on=clock.now().date() + timedelta(days=30),
        status="planned",
        created_by=manager,
        created_at=clock.now(),
        updated_at=clock.now(),
    )
    english(manager)
    page = client_for(manager).get(f"/contracts/{contract.pk}/").content.decode()
    row = page.split(f"{award.criterion.code} {award.criterion.name}", 1)[1].split("</tr>", 1)[0]
    if goal is not None:
        assert goal.code in row
    points = award.points
    tender, followed = (points * 80 / 100), (points * 90 / 100)
    assert f"{tender:.2f}" in row and f"{followed:.2f}" in row  # tender, then round 1
    assert "Nöjdhet: 85%" in row and "Off target" in row
    assert '<td class="num">1</td>' in row  # one open action about the criterion
    assert "Omsorg A AB: Follow-up round 1" in page and "Ekby kommun: Follow-up round 1" in page
