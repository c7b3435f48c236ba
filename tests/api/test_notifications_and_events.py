"""The API's notifications, organisation event log and follow-up report: the pages' rules."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from rodtrad.audit.services import record_event
from rodtrad.notifications.models import Notification
from rodtrad.notifications.services import mark_read
from tests.followup.factories import finished

pytestmark = pytest.mark.django_db


def _notify(user, title: str) -> Notification:
    from rodtrad.common import clock

    return Notification.objects.create(user=user, title=title, url="/", created_at=clock.now())


def test_notifications_are_your_own_paged_and_marked_read(personas, api_for):
    mine = [_notify(personas.evaluator, f"Till dig {n}") for n in range(3)]
    theirs = _notify(personas.procurement_officer, "Inte till dig")
    mark_read(user=personas.evaluator, notification_ids=[mine[0].pk])
    client = api_for(personas.evaluator)

    page = client.get("/api/v1/notifications?page_size=2").json()
    assert page["count"] == 3 and len(page["items"]) == 2
    assert client.get("/api/v1/notifications?unread=true").json()["count"] == 2
    titles = {n["title"] for n in client.get("/api/v1/notifications").json()["items"]}
    assert titles == {"Till dig 0", "Till dig 1", "Till dig 2"}

    marked = client.post(
        "/api/v1/notifications/read",
        {"ids": [mine[1].pk, theirs.pk]},
        content_type="application/json",
    )
    assert marked.json() == {"marked": 1}
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert client.post(
        "/api/v1/notifications/read", {}, content_type="application/json"
    ).json() == {"marked": 1}
    assert client.get("/api/v1/notifications?unread=true").json()["count"] == 0


def test_anonymous_gets_no_notifications(client):
    response = client.get("/api/v1/notifications")
    assert response.status_code == 401 and response.json()["error"]["code"] == "unauthenticated"


def test_the_event_log_for_those_who_may_read_it(personas, api_for):
    record_event(
        action="tender.submitted",
        actor=personas.buyer_admin,
        organisation=personas.buyer,
        data={"secret": "hemligt"},
        confidential=True,
    )
    record_event(
        action="organisation.updated",
        actor=personas.buyer_admin,
        organisation=personas.buyer,
        data={"name": "Ny"},
    )
    url = f"/api/v1/organisations/{personas.buyer.pk}/events"

    own = api_for(personas.buyer_admin).get(url).json()
    by_action = {e["action"]: e for e in own["items"]}
    assert by_action["tender.submitted"]["data"] is None
    assert by_action["tender.submitted"]["confidential"] is True
    assert by_action["organisation.updated"]["data"] == {"name": "Ny"}
    assert [e["id"] for e in own["items"]] == sorted((e["id"] for e in own["items"]), reverse=True)

    platform = api_for(personas.platform_admin).get(url).json()
    assert "tender.submitted" not in {e["action"] for e in platform["items"]}
    assert "organisation.updated" in {e["action"] for e in platform["items"]}

    assert api_for(personas.evaluator).get(url).status_code == 403
    assert api_for(personas.provider_a_author).get(url).status_code == 404


def test_the_event_log_reads_a_page_in_a_fixed_number_of_queries(personas, api_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for n in range(30):
        record_event(
            action="organisation.updated",
            actor=personas.buyer_admin,
            organisation=personas.buyer,
            data={"n": n},
        )
    client = api_for(personas.buyer_admin)
    url = f"/api/v1/organisations/{personas.buyer.pk}/events?page_size="
    client.get(url + "1")  # the token's first use of the day is recorded once
    counts = []
    for size in (5, 25):
        with CaptureQueriesContext(connection) as queries:
            body = client.get(url + str(size)).json()
        assert len(body["items"]) == size and body["count"] >= 30
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 8, counts


def test_the_round_report_through_the_api(personas, api_for):
    contract, manager, round = finished(personas)
    url = f"/api/v1/contracts/{contract.pk}/rounds/{round.pk}/report.pdf"
    for reader in (manager, personas.provider_a_author):
        response = api_for(reader).get(url)
        assert response["Content-Type"] == "application/pdf"
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
        assert contract.procurement.title in text
    competitor = api_for(personas.provider_b_author).get(url)
    assert competitor.status_code == 404 and competitor.json()["error"]["code"] == "not_found"


def test_an_id_beyond_what_the_database_stores_is_not_a_crash(personas, api_for):
    client = api_for(personas.procurement_officer)
    huge = 10**30
    response = client.get(f"/api/v1/procurements/{huge}")
    # SQLite refuses the number before querying (400), PostgreSQL finds nothing (404)
    assert response.status_code in (400, 404)
    assert response.json()["error"]["code"] in ("invalid", "not_found")
    refused = client.post(
        "/api/v1/notifications/read", {"ids": [huge]}, content_type="application/json"
    )
    assert refused.status_code == 422
    assert refused.json()["error"]["details"][0]["field"] == "ids.0"


def test_the_notification_list_reads_a_page_in_a_fixed_number_of_queries(personas, api_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for n in range(30):
        _notify(personas.evaluator, f"Meddelande {n}")
    client = api_for(personas.evaluator)
    client.get("/api/v1/notifications?page_size=1")  # the token's first use is recorded once
    counts = []
    for size in (5, 25):
        with CaptureQueriesContext(connection) as queries:
            body = client.get(f"/api/v1/notifications?page_size={size}").json()
        assert len(body["items"]) == size and body["count"] == 30
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 6, counts
