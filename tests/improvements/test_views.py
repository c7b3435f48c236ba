"""The improvement plan's pages: who may read and change what, the forms' messages, the
improvement areas' "Make this an action", and overdue highlighting."""

from __future__ import annotations

from datetime import timedelta

import pytest

from rodtrad.common import clock
from rodtrad.improvements.models import ActionChange, ActionStatus, ImprovementAction, Owner
from tests.contracts.factories import today
from tests.improvements.factories import contract as make_contract
from tests.improvements.factories import follow_up_round, make_action, with_team

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_users")]

OUTSIDERS = [
    "stranger",
    "other_buyer_officer",
    "provider_b_author",
    "procurement_officer",
    "panel_chair",
    "buyer_viewer",
    "platform_admin",
]


def create_data(user, **changes) -> dict:
    data = {
        "description": "Inför veckovisa teamträffar",
        "owner": "buyer",
        "responsible": str(user.pk),
        "due_on": (today() + timedelta(days=30)).isoformat(),
        "criterion": "",
        "source_item": "",
        "source_index": "",
    }
    data.update(changes)
    return data


@pytest.fixture
def setup(personas):
    contract = with_team(make_contract(personas))
    action = make_action(contract, personas.buyer_admin, owner=Owner.BUYER)
    base = f"/contracts/{contract.pk}/actions/"
    return contract, action, base


def urls(base, action) -> list[tuple[str, str]]:
    return [
        ("get", base),
        ("post", base),
        ("get", f"{base}{action.pk}/"),
        ("post", f"{base}{action.pk}/"),
        ("post", f"{base}{action.pk}/status/"),
        ("get", f"{base}from-report/"),
    ]


def test_anonymous_visitors_are_sent_to_login(client, setup):
    _contract, action, base = setup
    for method, url in urls(base, action):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/")


def test_people_outside_the_contract_get_404(personas, client_for, setup):
    _contract, action, base = setup
    for persona in OUTSIDERS:
        client = client_for(getattr(personas, persona))
        for method, url in urls(base, action):
            data = create_data(personas.buyer_admin) if method == "post" else None
            response = getattr(client, method)(url, data)
            assert response.status_code == 404, (persona, url)
    assert ImprovementAction.objects.count() == 1


def test_an_action_of_another_contract_is_not_found(personas, client_for, setup):
    contract, action, base = setup
    client = client_for(personas.buyer_admin)
    assert client.get(f"{base}{action.pk + 100}/").status_code == 404
    assert client.get(f"/contracts/{contract.pk + 100}/actions/").status_code == 404


def test_both_parties_read_and_create(personas, client_for, setup):
    _contract, _action, base = setup
    for user in (personas.buyer_admin, personas.provider_a_author):
        client = client_for(user)
        page = client.get(base).content.decode()
        assert "Improvement plan" in page and "Inför veckovisa teamträffar" in page
        assert 'name="description"' in page
        response = client.post(base, create_data(user, owner="joint", description=user.email))
        action = ImprovementAction.objects.get(description=user.email)
        assert response.status_code == 302
        assert response["Location"] == f"{base}{action.pk}/"
        detail = client.get(response["Location"]).content.decode()
        assert "created the action" in detail and user.full_name in detail


def test_the_provider_may_not_change_the_status_of_the_buyer_s_action(personas, client_for, setup):
    _contract, action, base = setup
    client = client_for(personas.provider_a_author)
    page = client.get(f"{base}{action.pk}/").content.decode()
    assert "The owning party changes the action's status." in page
    assert f"{base}{action.pk}/status/" not in page
    response = client.post(f"{base}{action.pk}/status/", {"status": "done"})
    assert response.status_code == 403
    action.refresh_from_db()
    assert action.status == ActionStatus.PLANNED
    # taking the action over by editing its owner is refused too
    response = client.post(
        f"{base}{action.pk}/", create_data(personas.provider_a_author, owner="provider")
    )
    assert response.status_code == 403
    response = client_for(personas.buyer_admin).post(
        f"{base}{action.pk}/status/", {"status": "in_progress"}
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == ActionStatus.IN_PROGRESS


def test_dropping_without_a_reason_is_explained_and_saves_nothing(personas, client_for, setup):
    _contract, action, base = setup
    client = client_for(personas.buyer_admin)
    response = client.post(f"{base}{action.pk}/status/", {"status": "dropped", "reason": ""})
    page = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in page
    assert "Give the reason for dropping the action, so both parties know why." in page
    action.refresh_from_db()
    assert action.status == ActionStatus.PLANNED
    assert ActionChange.objects.filter(action=action).count() == 1
    response = client.post(
        f"{base}{action.pk}/status/", {"status": "dropped", "reason": "Inte längre aktuell"}
    )
    assert response.status_code == 302
    page = client.get(f"{base}{action.pk}/").content.decode()
    assert "Dropped: Inte längre aktuell" in page
    assert "status Planned → Dropped" in page


def test_bad_input_is_explained(personas, client_for, setup):
    _contract, _action, base = setup
    client = client_for(personas.buyer_admin)
    response = client.post(
        base, create_data(personas.stranger, description="", due_on="", owner="", responsible="")
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Describe what is to be done." in page
    assert "Choose the owning party: the buyer, the provider or both." in page
    assert "Give the date the action is due." in page
    assert "Choose the responsible person among the contract teams." in page
    assert ImprovementAction.objects.count() == 1


def test_editing_is_kept_in_the_history(personas, client_for, setup):
    _contract, action, base = setup
    client = client_for(personas.buyer_admin)
    response = client.post(
        f"{base}{action.pk}/",
        create_data(
            personas.buyer_admin,
            description="Nya rutiner",
            due_on=(today() + timedelta(days=60)).isoformat(),
        ),
    )
    assert response.status_code == 302
    page = client.get(f"{base}{action.pk}/").content.decode()
    assert "changed description, due" in page


def test_overdue_actions_are_highlighted_and_filtered(personas, client_for, setup):
    contract, action, base = setup
    later = make_action(
        contract, personas.buyer_admin, due_on=today() + timedelta(days=90), description="Senare"
    )
    client = client_for(personas.buyer_admin)
    assert "Overdue" not in client.get(base).content.decode().split('<h2 id="actions"')[1]
    clock.advance(timedelta(days=31))
    page = client.get(base).content.decode()
    assert page.count('class="tag tag--severity-blocking">Overdue<') == 1
    filtered = client.get(base, {"overdue": "on"}).content.decode()
    assert f"{base}{action.pk}/" in filtered and f"{base}{later.pk}/" not in filtered
    by_status = client.get(base, {"status": "done"}).content.decode()
    assert "No action matches the filter." in by_status
    detail = client.get(f"{base}{action.pk}/").content.decode()
    assert "Overdue: the action was due on" in detail


def test_make_an_improvement_area_an_action(personas, client_for, setup):
    contract, _action, base = setup
    follow_up_round(contract, 1, areas=("Dokumentera genomförandeplaner",))
    client = client_for(personas.provider_a_author)
    page = client.get(f"{base}from-report/").content.decode()
    assert "The tender (baseline)" in page and "Follow-up round 1: the provider" in page
    assert "Dokumentera genomförandeplaner" in page and "Make this an action" in page
    item = contract.rounds.get(number=1).provider_assessment.scope.order_by("order", "id")[0]
    form = client.get(base, {"source_item": item.pk, "source_index": 0}).content.decode()
    text = f"Dokumentera genomförandeplaner ({item.criterion.code})"
    assert "From the improvement area" in form
    assert f"{text}</textarea>" in form
    assert f'name="source_item" value="{item.pk}"' in form
    response = client.post(
        base,
        create_data(
            personas.provider_a_author,
            owner="provider",
            description="Mall för genomförandeplaner",
            source_item=str(item.pk),
            source_index="0",
        ),
    )
    assert response.status_code == 302
    action = ImprovementAction.objects.get(description="Mall för genomförandeplaner")
    assert action.source_item_id == item.pk and action.source_text == text
    assert action.criterion_id == item.criterion_id
    page = client.get(f"{base}from-report/").content.decode()
    assert f"{base}{action.pk}/" in page
