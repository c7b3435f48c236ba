"""The award endpoints: calculation, sensitivity, decision (sign, read), reviews, and the
tenderer's view; the same permissions and refusals as the pages."""

from __future__ import annotations

import pytest

from tests.award.factories import decided, final, ready
from tests.evaluations.factories import PRICES

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_users")]


def url(procurement, rest: str = "") -> str:
    return f"/api/v1/procurements/{procurement.pk}/award{rest}"


def test_calculation_and_sensitivity(personas, api_for):
    procurement, tenders = ready(personas, 2)
    chair = api_for(personas.panel_chair)
    body = chair.get(url(procurement, "/calculation")).json()
    (lot,) = body["lots"]
    assert lot["winner_tender_ids"] == [tenders[0].pk]
    assert [(r["tender_id"], r["comparison_display"]) for r in lot["ranking"]] == [
        (tenders[0].pk, "1417.45"),
        (tenders[1].pk, "1533.20"),
    ]
    assert len(lot["ranking"][0]["breakdown"]) == 3
    sensitivity = chair.get(url(procurement, "/sensitivity")).json()
    (non_winner,) = sensitivity["lots"][0]["non_winners"]
    assert (non_winner["tender_id"], non_winner["break_even_price"]) == (
        tenders[1].pk,
        "1867.45",
    )


def test_calculation_refused_before_the_reveal_without_any_price(personas, api_for):
    procurement, _tenders = final(personas, 2)
    for rest in ("/calculation", "/sensitivity"):
        response = api_for(personas.panel_chair).get(url(procurement, rest))
        assert response.status_code in (400, 422)
        assert "prices are still hidden" in response.json()["error"]["message"]
        assert not any(price in response.content.decode() for price in PRICES)


@pytest.mark.parametrize(
    ("who", "status"),
    [("evaluator", 403), ("provider_a_author", 404), ("other_buyer_officer", 404)],
)
def test_award_endpoints_refused(personas, api_for, who, status):
    procurement, _tenders = ready(personas, 2)
    client = api_for(getattr(personas, who))
    assert client.get(url(procurement, "/calculation")).status_code == status
    assert client.post(url(procurement, "/decision"), {}, "application/json").status_code == status


def test_sign_read_and_review(personas, api_for):
    procurement, tenders = ready(personas, 2)
    officer = api_for(personas.procurement_officer)
    assert (
        api_for(personas.panel_chair)
        .post(url(procurement, "/decision"), {}, "application/json")
        .status_code
        == 403
    )
    body = officer.post(url(procurement, "/decision"), {}, "application/json").json()
    assert body["procurement_status"] == "standstill"
    assert body["decisions"][0]["winner_tender_id"] == tenders[0].pk
    assert "standstill lasts until" in body["contract_blocker"]
    body = officer.post(
        url(procurement, "/reviews"),
        {"court": "Förvaltningsrätten i Stockholm", "filed_on": "2020-01-02"},
        "application/json",
    ).json()
    assert body["reviews"][0]["open"] is True
    assert "review is open" in body["contract_blocker"]
    review_id = body["reviews"][0]["id"]
    body = officer.post(
        url(procurement, f"/reviews/{review_id}/outcome"),
        {"outcome": "rejected", "outcome_on": "2020-02-01"},
        "application/json",
    ).json()
    assert body["reviews"][0]["open"] is False


def test_tenderer_reads_own_decision_and_feedback(personas, api_for):
    _procurement, tenders = decided(personas, 2)
    b = api_for(personas.provider_b_author)
    body = b.get(f"/api/v1/tenders/{tenders[1].pk}/award").json()
    (lot,) = body["lots"]
    assert lot["winner"] == "Omsorg A AB" and lot["is_winner"] is False
    assert [line["own_percent"] for line in lot["feedback"]] == [50, 50, 50]
    assert [line["winner_percent"] for line in lot["feedback"]] == [80, 80, 80]
    assert "breakdown" not in lot["ranking"][0]
    assert b.get(f"/api/v1/tenders/{tenders[0].pk}/award").status_code == 404


def test_tenderer_404_before_the_decision(personas, api_for):
    _procurement, tenders = ready(personas, 2)
    client = api_for(personas.provider_a_author)
    assert client.get(f"/api/v1/tenders/{tenders[0].pk}/award").status_code == 404
