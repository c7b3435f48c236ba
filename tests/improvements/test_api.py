"""The improvement plan's endpoints: the same rules as the pages, in the API's error format."""

from __future__ import annotations

from datetime import timedelta

import pytest

from rodtrad.improvements.models import ImprovementAction, Owner
from tests.contracts.factories import today
from tests.improvements.factories import contract as make_contract
from tests.improvements.factories import follow_up_round, make_action, with_team

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_users")]


def body(user, **changes) -> dict:
    data = {
        "description": "Inför veckovisa teamträffar",
        "owner": "joint",
        "responsible_id": user.pk,
        "due_on": (today() + timedelta(days=30)).isoformat(),
    }
    data.update(changes)
    return data


@pytest.fixture
def setup(personas):
    contract = with_team(make_contract(personas))
    action = make_action(contract, personas.buyer_admin, owner=Owner.BUYER)
    return contract, action, f"/api/v1/contracts/{contract.pk}/actions"


def calls(base, action, user) -> list[tuple[str, str, dict | None]]:
    return [
        ("get", base, None),
        ("post", base, body(user)),
        ("get", f"{base}/{action.pk}", None),
        ("patch", f"{base}/{action.pk}", {"description": "x"}),
        ("post", f"{base}/{action.pk}/status", {"status": "done"}),
    ]


def test_anonymous_calls_are_refused(client, setup, personas):
    _contract, action, base = setup
    for method, url, data in calls(base, action, personas.buyer_admin):
        response = getattr(client, method)(url, data, content_type="application/json")
        assert response.status_code == 401, url
        assert response.json()["error"]["code"] == "unauthenticated"


def test_people_outside_the_contract_get_404(personas, api_for, setup):
    _contract, action, base = setup
    for persona in ("stranger", "other_buyer_officer", "provider_b_author", "evaluator"):
        client = api_for(getattr(personas, persona))
        for method, url, data in calls(base, action, personas.buyer_admin):
            response = getattr(client, method)(url, data, content_type="application/json")
            assert response.status_code == 404, (persona, url)
            assert response.json()["error"]["code"] == "not_found"
    assert ImprovementAction.objects.count() == 1


def test_create_read_update_and_status(personas, api_for, setup):
    _contract, action, base = setup
    provider = api_for(personas.provider_a_author)
    response = provider.post(
        base, body(personas.provider_a_author), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["owner"] == "joint" and created["status"] == "planned"
    assert created["history"][0]["kind"] == "created"
    listed = provider.get(base, {"owner": "joint"}).json()
    assert [a["id"] for a in listed] == [created["id"]]
    assert len(provider.get(base).json()) == 2
    response = provider.patch(
        f"{base}/{created['id']}", {"description": "Nya rutiner"}, content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json()["description"] == "Nya rutiner"
    assert response.json()["history"][-1]["fields"]["description"][1] == "Nya rutiner"
    # the buyer's action: the provider may read it but not change its status
    response = provider.post(
        f"{base}/{action.pk}/status", {"status": "done"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"
    response = provider.post(
        f"{base}/{created['id']}/status", {"status": "dropped"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["message"] == (
        "Give the reason for dropping the action, so both parties know why."
    )
    assert response.json()["error"]["details"][0]["field"] == "reason"
    response = provider.post(
        f"{base}/{created['id']}/status",
        {"status": "dropped", "reason": "Ersatt"},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["status"] == "dropped" and response.json()["drop_reason"] == "Ersatt"


def test_create_from_an_improvement_area(personas, api_for, setup):
    contract, _action, base = setup
    round_ = follow_up_round(contract, 1, areas=("Dokumentera",))
    item = round_.provider_assessment.scope.order_by("order", "id")[0]
    response = api_for(personas.buyer_admin).post(
        base,
        body(
            personas.buyer_admin,
            description="Mall",
            source_scope_item_id=item.pk,
            source_index=0,
        ),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["source_scope_item_id"] == item.pk
    assert created["source_assessment_id"] == round_.provider_assessment_id
    assert created["source_text"] == f"Dokumentera ({item.criterion.code})"
    assert created["criterion_id"] == item.criterion_id
