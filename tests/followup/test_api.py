"""The follow-up endpoints: the same rules as the pages, the API's error format."""

from __future__ import annotations

from datetime import timedelta

import pytest

from rodtrad.followup.models import FollowUpRound, SelfDescription
from tests.followup.factories import contracted, finished, first_round, indicator_off_target

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_users")]


def test_rounds_and_a_round_started_through_the_api(personas, api_for):
    contract, manager = contracted(personas)
    client = api_for(manager)
    rounds = client.get(f"/api/v1/contracts/{contract.pk}/rounds").json()
    assert [r["number"] for r in rounds] == sorted(r["number"] for r in rounds)
    round = first_round(contract)
    bad = client.post(
        f"/api/v1/contracts/{contract.pk}/rounds/{round.pk}/start",
        {"chair_id": personas.stranger.pk, "evaluator_ids": []},
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert {d["field"] for d in bad.json()["error"]["details"]} == {"chair", "evaluators"}
    response = client.post(
        f"/api/v1/contracts/{contract.pk}/rounds/{round.pk}/start",
        {"chair_id": manager.pk, "evaluator_ids": [personas.provider_a_author.pk]},
        content_type="application/json",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "in_progress" and body["provider_assessment_id"]
    criterion_id = (
        FollowUpRound.objects.get(pk=round.pk).provider_assessment.scope.first().criterion_id
    )
    provider = api_for(personas.provider_a_author)
    written = provider.put(
        f"/api/v1/contracts/{contract.pk}/rounds/{round.pk}/self-descriptions/provider",
        [{"criterion_id": criterion_id, "text": "Vi mäter varje månad", "evidence": "Rapport"}],
        content_type="application/json",
    )
    assert written.status_code == 200
    assert SelfDescription.objects.get().evidence == "Rapport"
    refused = provider.put(
        f"/api/v1/contracts/{contract.pk}/rounds/{round.pk}/self-descriptions/buyer",
        [],
        content_type="application/json",
    )
    assert refused.status_code == 403


def test_add_round_refusals(personas, api_for):
    contract, manager = contracted(personas)
    url = f"/api/v1/contracts/{contract.pk}/rounds"
    day = (contract.starts_on + timedelta(days=30)).isoformat()
    assert (
        api_for(personas.provider_a_author)
        .post(url, {"due_on": day, "reason": "x"}, content_type="application/json")
        .status_code
        == 403
    )
    response = api_for(personas.provider_b_author).get(url)
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
    created = api_for(manager).post(
        url, {"due_on": day, "reason": "Extra uppföljning"}, content_type="application/json"
    )
    assert created.status_code == 201


def test_progression_through_the_api(personas, api_for):
    contract, _manager, _round = finished(personas, provider_step=90)
    body = (
        api_for(personas.provider_a_author)
        .get(f"/api/v1/contracts/{contract.pk}/progression")
        .json()
    )
    provider, buyer = body
    assert provider["labels"] == ["Tender", "Follow-up round 1"]
    assert provider["total"]["since_first"] is not None
    assert float(provider["total"]["since_first"]) > 0
    assert buyer["labels"] == ["Follow-up round 1"]


def test_the_red_thread_through_the_api(personas, api_for):
    from rodtrad.procurements.models import AwardCriterion

    contract, manager, _round = finished(personas, provider_step=90, buyer_step=60)
    award = (
        AwardCriterion.objects.filter(procurement=contract.procurement).order_by("order").first()
    )
    indicator_off_target(contract, manager, criterion=award.criterion)
    url = f"/api/v1/contracts/{contract.pk}/thread"
    body = api_for(personas.provider_a_author).get(url).json()
    assert body["provider_labels"] == ["Tender", "Follow-up round 1"]
    assert body["buyer_labels"] == ["Follow-up round 1"]
    row = next(r for r in body["rows"] if r["code"] == award.criterion.code)
    tender, followed = (float(p) for p in row["provider"])
    assert tender == pytest.approx(float(award.points) * 0.8)
    assert followed == pytest.approx(float(award.points) * 0.9)
    assert [g["code"] for g in row["goals"]] == list(award.goals.values_list("code", flat=True))
    (linked,) = row["indicators"]
    assert (linked["name"], linked["off_target"]) == ("Nöjdhet", True)
    assert (float(linked["target"]), float(linked["latest"])) == (90, 85)
    for who in ("provider_b_author", "other_buyer_officer"):
        response = api_for(getattr(personas, who)).get(url)
        assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


def test_the_follow_up_overview_through_the_api(personas, api_for):
    from rodtrad.common import clock

    contract, manager = contracted(personas)
    first = first_round(contract)
    clock.freeze(clock.now() + timedelta(days=(first.due_on - contract.starts_on).days + 60))
    body = api_for(manager).get("/api/v1/follow-up/overview").json()
    assert body["count"] == 1 and [row["contract_id"] for row in body["items"]] == [contract.pk]
    row = body["items"][0]
    assert row["next_round"]["id"] == first.pk and row["next_round"]["overdue"] is True
    assert row["needs_attention"] is True and row["partnership_gaps"] == []
    assert row["latest_done_round_id"] is None
    assert (
        api_for(personas.provider_a_author)
        .get("/api/v1/follow-up/overview")
        .json()["items"][0]["contract_id"]
        == contract.pk
    )
    assert api_for(personas.provider_b_author).get("/api/v1/follow-up/overview").json() == {
        "items": [],
        "count": 0,
    }
