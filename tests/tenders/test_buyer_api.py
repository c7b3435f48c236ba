"""The buyer's tender endpoints (/api/v1/procurements/{id}/opening…, /tenders…): nothing about
tenders before the opening (no names, no count), the two-opener rule, the record PDF, the
qualification through the API, and 404/403 for those who may not."""

import json
from datetime import timedelta

import pytest

from rodtrad.accounts.actor import Actor
from rodtrad.common import clock
from rodtrad.procurements.models import ProcurementStatus
from rodtrad.tenders import services
from rodtrad.tenders.models import Opening, Qualification, QualificationOutcome
from tests.tenders.buyer_helpers import opened, pass_deadline, submitted

API = "/api/v1"


def _put(client, url, data):
    return client.put(url, json.dumps(data), content_type="application/json")


def _post(client, url, data=None):
    return client.post(url, json.dumps(data or {}), content_type="application/json")


def test_opening_status_before_the_opening_reveals_nothing(personas, api_for):
    procurement, _tenders = submitted(personas, 2)
    officer = api_for(personas.procurement_officer)
    url = f"{API}/procurements/{procurement.pk}/opening"

    before = officer.get(url)
    pass_deadline(procurement)
    ready = officer.get(url)
    started = _post(officer, f"{url}/start")
    tenders = officer.get(f"{API}/procurements/{procurement.pk}/tenders")

    assert before.status_code == 200
    assert before.json()["stage"] == "before_deadline"
    assert ready.json()["stage"] == "ready" and ready.json()["can_start"] is True
    assert started.status_code == 200
    assert started.json()["stage"] == "started"
    assert started.json()["can_confirm"] is False  # the one who started
    for response in (before, ready, started):
        body = response.content.decode()
        assert response.json()["tenders"] is None and response.json()["late"] is None
        assert "Omsorg" not in body
    assert tenders.status_code == 404
    assert "Omsorg" not in tenders.content.decode()


def test_opening_through_the_api_needs_two_different_openers(personas, api_for):
    procurement, _tenders = submitted(personas, 2)
    officer = api_for(personas.procurement_officer)
    admin = api_for(personas.buyer_admin)
    chair = api_for(personas.panel_chair)
    url = f"{API}/procurements/{procurement.pk}/opening"

    too_early = _post(officer, f"{url}/start")
    pass_deadline(procurement)
    not_opener = _post(chair, f"{url}/start")
    _post(officer, f"{url}/start")
    same = _post(officer, f"{url}/confirm")
    confirmed = _post(admin, f"{url}/confirm")
    twice = _post(admin, f"{url}/confirm")
    pdf = officer.get(f"{url}/record.pdf")

    assert too_early.status_code == 400
    assert not_opener.status_code == 403
    assert same.status_code == 400
    assert "andra förrättare" in same.json()["error"]["message"]  # Swedish by default
    assert confirmed.status_code == 200
    body = confirmed.json()
    assert body["stage"] == "opened"
    assert [t["tenderer"] for t in body["tenders"]] == ["Omsorg A AB", "Omsorg B AB"]
    assert body["record_sha256"] == Opening.objects.get().record_sha256
    assert twice.status_code == 400
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_qualification_through_the_api(personas, api_for):
    procurement, (a, b) = opened(personas, 2)
    officer = api_for(personas.procurement_officer)
    base = f"{API}/procurements/{procurement.pk}"
    requirements = list(procurement.requirements.order_by("order", "id"))

    listed = officer.get(f"{base}/tenders")
    content = officer.get(f"{base}/tenders/{a.pk}")
    no_reason = _put(
        officer,
        f"{base}/tenders/{b.pk}/requirements/{requirements[0].pk}",
        {"fulfilled": False},
    )
    for requirement in requirements:
        ok = _put(
            officer, f"{base}/tenders/{a.pk}/requirements/{requirement.pk}", {"fulfilled": True}
        )
        assert ok.status_code == 200
    concluded = _post(officer, f"{base}/tenders/{a.pk}/conclude")
    asked = _post(
        officer,
        f"{base}/tenders/{b.pk}/clarifications",
        {
            "question": "Förklara priset.",
            "deadline": (clock.now() + timedelta(days=5)).isoformat(),
            "about_price": True,
        },
    )
    rejected = _post(
        officer,
        f"{base}/tenders/{b.pk}/conclude",
        {"reject_low_price_reason": "Förklaringen räcker inte."},
    )
    completed = _post(officer, f"{base}/qualification/complete")

    assert listed.status_code == 200
    assert [(t["tenderer"], t["status"]) for t in listed.json()] == [
        ("Omsorg A AB", "not_started"),
        ("Omsorg B AB", "not_started"),
    ]
    tender = content.json()
    assert tender["receipt_hash"] == a.submissions.get().receipt_hash
    assert tender["partnership"] == "Omsorg A AB föreslår ett samverkansforum varannan månad."
    assert [p["price"] for p in tender["prices"]] == ["2100.00"]
    assert no_reason.status_code == 400
    assert no_reason.json()["error"]["details"][0]["field"] == "reason"
    assert concluded.json()["outcome"] == QualificationOutcome.QUALIFIED
    assert asked.status_code == 201
    assert rejected.json()["outcome"] == QualificationOutcome.REJECTED_LOW_PRICE
    assert completed.json()["status"] == ProcurementStatus.EVALUATION
    assert Qualification.objects.count() == 2


@pytest.mark.parametrize(
    "who", ["provider_a_author", "provider_b_author", "stranger", "other_buyer_officer"]
)
def test_outsiders_get_404_from_every_buyer_endpoint(personas, api_for, who):
    procurement, (a, _b) = opened(personas, 2)
    client = api_for(getattr(personas, who))
    base = f"{API}/procurements/{procurement.pk}"
    requirement = procurement.requirements.first()

    gets = [
        f"{base}/opening",
        f"{base}/opening/record.pdf",
        f"{base}/tenders",
        f"{base}/tenders/{a.pk}",
    ]
    posts = [
        f"{base}/opening/start",
        f"{base}/opening/confirm",
        f"{base}/tenders/{a.pk}/conclude",
        f"{base}/tenders/{a.pk}/reopen",
        f"{base}/qualification/complete",
    ]

    statuses = [client.get(url).status_code for url in gets]
    statuses += [_post(client, url).status_code for url in posts]
    statuses.append(
        _put(
            client,
            f"{base}/tenders/{a.pk}/requirements/{requirement.pk}",
            {"fulfilled": True},
        ).status_code
    )

    assert set(statuses) == {404}


def test_the_rest_of_the_buyer_side_gets_403_after_the_opening(personas, api_for):
    procurement, (a, _b) = opened(personas, 2)
    chair = api_for(personas.panel_chair)

    status = chair.get(f"{API}/procurements/{procurement.pk}/opening")
    listed = chair.get(f"{API}/procurements/{procurement.pk}/tenders")
    one = chair.get(f"{API}/procurements/{procurement.pk}/tenders/{a.pk}")

    assert status.status_code == 200 and status.json()["tenders"] is None
    assert listed.status_code == 403
    assert one.status_code == 403


def test_tender_endpoints_are_404_before_the_opening_for_every_buyer(personas, api_for):
    procurement, (a, _b) = submitted(personas, 2)
    pass_deadline(procurement)
    services.start_opening(
        actor=Actor.for_user(personas.procurement_officer), procurement=procurement
    )

    for who in ("procurement_officer", "buyer_admin", "panel_chair"):
        client = api_for(getattr(personas, who))
        listed = client.get(f"{API}/procurements/{procurement.pk}/tenders")
        one = client.get(f"{API}/procurements/{procurement.pk}/tenders/{a.pk}")
        assert (listed.status_code, one.status_code) == (404, 404)
        assert "Omsorg" not in listed.content.decode() + one.content.decode()
