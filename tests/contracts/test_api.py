"""The contract endpoints: registration state and registration, the list and one contract, with
the same rules as the pages and the API's error format."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from rodtrad.contracts.models import Contract
from tests.award.factories import decided
from tests.contracts.factories import after_standstill, register, today

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_users")]


def body(manager_id=None, **changes) -> dict:
    data = {
        "signed_on": today().isoformat(),
        "starts_on": (today() + timedelta(days=30)).isoformat(),
        "ends_on": (today() + timedelta(days=1490)).isoformat(),
        "value": "48000000.00",
        "reference": "AVT-2027-01",
    }
    if manager_id is not None:
        data["manager_id"] = manager_id
    data.update(changes)
    return data


def test_register_through_the_api(personas, api_for):
    procurement, tenders = after_standstill(personas, 2)
    admin = api_for(personas.buyer_admin)
    state = admin.get(f"/api/v1/procurements/{procurement.pk}/contracts").json()
    assert state["contract_blocker"] is None and state["can_register"] is True
    assert state["lots"][0]["winner_tender_id"] == tenders[0].pk
    assert state["lots"][0]["contract_id"] is None
    response = admin.post(
        f"/api/v1/procurements/{procurement.pk}/contracts",
        body(),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["provider"] == "Omsorg A AB"
    assert created["manager_id"] == personas.buyer_admin.pk
    assert created["value"] == "48000000.00"
    assert [line["step_percent"] for line in created["baseline"]] == [80, 80, 80]
    assert Decimal(created["baseline_points"]) == sum(
        Decimal(line["points"]) for line in created["baseline"]
    )
    state = admin.get(f"/api/v1/procurements/{procurement.pk}/contracts").json()
    assert state["procurement_status"] == "contracted"
    assert state["lots"][0]["contract_id"] == created["id"]


def test_refusals_use_the_error_format(personas, api_for):
    procurement, _tenders = decided(personas, 2)
    admin = api_for(personas.buyer_admin)
    response = admin.post(
        f"/api/v1/procurements/{procurement.pk}/contracts",
        body(),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "standstill lasts until" in response.json()["error"]["message"]
    assert not Contract.objects.exists()
    response = api_for(personas.procurement_officer).post(
        f"/api/v1/procurements/{procurement.pk}/contracts",
        body(),
        content_type="application/json",
    )
    assert response.status_code == 403
    response = api_for(personas.provider_a_author).get(
        f"/api/v1/procurements/{procurement.pk}/contracts"
    )
    assert response.status_code == 404


def test_bad_terms_name_their_fields(personas, api_for):
    procurement, _tenders = after_standstill(personas, 2)
    response = api_for(personas.buyer_admin).post(
        f"/api/v1/procurements/{procurement.pk}/contracts",
        body(manager_id=personas.evaluator.pk, value="-5", ends_on=today().isoformat()),
        content_type="application/json",
    )
    assert response.status_code == 400
    details = response.json()["error"]["details"]
    assert {"manager", "value", "ends_on"} <= {d["field"] for d in details}
    assert not Contract.objects.exists()


def test_contracts_are_read_by_their_parties_only(personas, api_for):
    procurement, _tenders = after_standstill(personas, 2)
    contract = register(personas, procurement, personas.buyer_admin)
    for user in (personas.buyer_admin, personas.provider_a_author):
        client = api_for(user)
        listed = client.get("/api/v1/contracts").json()
        assert [c["id"] for c in listed["items"]] == [contract.pk]
        detail = client.get(f"/api/v1/contracts/{contract.pk}").json()
        assert detail["baseline_assessment_id"] == contract.baseline_id
    for user in (personas.provider_b_author, personas.other_buyer_officer, personas.evaluator):
        client = api_for(user)
        assert client.get("/api/v1/contracts").json()["items"] == []
        response = client.get(f"/api/v1/contracts/{contract.pk}")
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"
