"""The partnership API: the same rules as the pages; a person's answer goes to that person
only, and aggregates follow the minimum group."""

from __future__ import annotations

import json

import pytest

from rodtrad.partnership import barometer, services
from rodtrad.partnership.models import BarometerResponse, CharterVersion
from tests.evaluations.factories import actor
from tests.partnership.factories import answer, charter_text, contracted, done, open_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(personas):
    setup = contracted(personas)
    services.write_charter(actor=actor(setup.manager), contract=setup.contract, text=charter_text())
    open_round(setup.first)
    return setup


def _reads(setup) -> list[str]:
    c, r = setup.contract.pk, setup.first.pk
    return [
        f"/api/v1/contracts/{c}/charter",
        f"/api/v1/contracts/{c}/rounds/{r}/barometer/answer",
        f"/api/v1/contracts/{c}/rounds/{r}/barometer",
        f"/api/v1/contracts/{c}/barometer",
    ]


def _ratings(value: int, comment: str = "") -> dict:
    return {
        "ratings": [
            {"condition": code, "rating": value, "comment": comment}
            for code in barometer.CONDITION_CODES
        ]
    }


def _writes(setup):
    c, r = setup.contract.pk, setup.first.pk
    return [
        ("post", f"/api/v1/contracts/{c}/charter/versions", charter_text(goals="New").__dict__),
        ("post", f"/api/v1/contracts/{c}/charter/versions/1/sign", {"party": "buyer"}),
        ("put", f"/api/v1/contracts/{c}/rounds/{r}/barometer/answer", _ratings(3)),
    ]


def _call(client, method, url, data):
    return getattr(client, method)(url, json.dumps(data), content_type="application/json")


def test_anonymous_calls_are_refused(setup, client):
    for url in _reads(setup):
        assert client.get(url).status_code == 401
    for method, url, data in _writes(setup):
        assert _call(client, method, url, data).status_code == 401


@pytest.mark.parametrize(
    "who",
    ["stranger", "other_buyer_officer", "provider_b_author", "buyer_viewer", "platform_admin"],
)
def test_people_outside_the_contract_get_404(setup, personas, api_for, who):
    client = api_for(getattr(personas, who))
    for url in _reads(setup):
        assert client.get(url).status_code == 404, url
    for method, url, data in _writes(setup):
        assert _call(client, method, url, data).status_code == 404, url
    assert CharterVersion.objects.count() == 1 and not BarometerResponse.objects.exists()


def test_an_administrator_off_the_teams_reads_but_does_not_write_or_answer(
    setup, personas, api_for
):
    client = api_for(personas.buyer_admin)
    for url in _reads(setup):
        assert client.get(url).status_code == 200, url
    (write, sign, put) = _writes(setup)
    assert _call(client, *write).status_code == 403
    assert _call(client, *put).status_code == 403
    own = client.get(_reads(setup)[1]).json()
    assert own["can_answer"] is False and own["answered"] is False
    assert _call(client, *sign).json()["versions"][0]["buyer_signed_by"] == "Agnes Admin"


def test_team_members_write_sign_and_answer(setup, personas, api_for):
    client = api_for(personas.evaluator)
    (write, sign, put) = _writes(setup)
    response = _call(client, *write)
    assert response.status_code == 201
    body = response.json()
    assert body["newest_version"] == 2 and body["agreed_version"] is None
    assert [v["status"] for v in body["versions"]] == ["draft", "replaced"]
    # version 1 is no longer the newest
    assert _call(client, *sign).status_code == 400
    c = setup.contract.pk
    assert (
        _call(client, "post", f"/api/v1/contracts/{c}/charter/versions/2/sign", {}).status_code
        == 200
    )
    provider = api_for(personas.provider_a_author)
    body = _call(provider, "post", f"/api/v1/contracts/{c}/charter/versions/2/sign", {}).json()
    assert body["agreed_version"] == 2

    response = _call(client, *put)
    assert response.status_code == 200
    assert response.json()["answered"] is True
    assert {r["rating"] for r in client.get(_reads(setup)[1]).json()["ratings"]} == {3}
    half = {"ratings": _ratings(3)["ratings"][:5]}
    assert _call(client, put[0], put[1], half).status_code == 400


BUYER_SECRETS = ("buyer-secret-one", "buyer-secret-two")


def test_no_individual_answer_reaches_anyone_else(setup, personas, api_for):
    for number, user in enumerate(setup.buyer_team[:2]):
        answer(setup.contract, setup.first, user, 1 + number, BUYER_SECRETS[number])
    for number, user in enumerate(setup.provider_team):
        answer(setup.contract, setup.first, user, 5 - number, f"provider-{number}")
    done(setup.first)
    respondents = setup.buyer_team[:2] + setup.provider_team
    for viewer in (personas.buyer_admin, personas.provider_a_author, personas.evaluator_2):
        client = api_for(viewer)
        for url in _reads(setup)[1:]:
            text = client.get(url).content.decode()
            assert all(secret not in text for secret in BUYER_SECRETS), (viewer, url)
            for other in respondents:
                assert other.email not in text and other.full_name not in text
        result = client.get(_reads(setup)[2]).json()
        assert result["results_shown"] is True and result["min_group"] == 3
        for condition in result["conditions"]:
            assert condition["buyer"] == {
                "shown": False,
                "count": None,
                "mean": None,
                "distribution": None,
                "comments": [],
            }
            assert condition["provider"]["shown"] and condition["provider"]["count"] == 3
            assert condition["gap"] is None
        trend = client.get(_reads(setup)[3]).json()
        assert trend["rounds"][0]["buyer_index"] is None
        assert trend["rounds"][0]["provider_index"] == "4.0"
    own = api_for(setup.manager).get(_reads(setup)[1]).json()
    assert {r["comment"] for r in own["ratings"]} == {"", BUYER_SECRETS[0]}


def test_the_aggregates_wait_until_the_round_is_done(setup, personas, api_for):
    for user in setup.provider_team:
        answer(setup.contract, setup.first, user, 4, "early")
    result = api_for(personas.buyer_admin).get(_reads(setup)[2]).json()
    assert result["results_shown"] is False and result["conditions"] == []
