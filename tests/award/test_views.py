"""The award page (chair and officers), signing through the page, and the tenderer's decision and
feedback page: who sees what, and when."""

from __future__ import annotations

import pytest

from rodtrad.award.models import AwardDecision
from rodtrad.procurements.models import ProcurementStatus
from tests.award.factories import decided, final, ready
from tests.evaluations.factories import PRICES
from tests.procurements.factories import english_users  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_users")]


def url(procurement) -> str:
    return f"/procurements/{procurement.pk}/award/"


def test_award_page_shows_ranking_breakdown_and_sensitivity(personas, client_for):
    procurement, _tenders = ready(personas, 3)
    response = client_for(personas.panel_chair).get(url(procurement))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Ranking" in page and "Sensitivity analysis" in page
    assert "1417.45" in page  # A's comparison figure
    assert "Price at which it would have won" in page
    assert "Step stability" in page and "Rank reversal" in page
    assert "Lot 1" not in page  # a single lot: no lot talk
    assert "Sign the award decision" not in page  # the chair proposes, the officer signs
    officer_page = client_for(personas.procurement_officer).get(url(procurement)).content.decode()
    assert "Sign the award decision" in officer_page


def test_award_page_hides_prices_from_the_panel_before_the_reveal(personas, client_for):
    procurement, _tenders = final(personas, 2)
    for user in (personas.panel_chair, personas.procurement_officer):
        response = client_for(user).get(url(procurement))
        page = response.content.decode()
        assert response.status_code == 200
        assert "prices are still hidden" in page
        assert not any(price in page for price in PRICES)


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("evaluator", 403),
        ("buyer_viewer", 404),  # not on the buyer side of procurements
        ("provider_a_author", 404),
        ("other_buyer_officer", 404),
        ("stranger", 404),
    ],
)
def test_award_page_refused(personas, client_for, who, status):
    procurement, _tenders = ready(personas, 2)
    assert client_for(getattr(personas, who)).get(url(procurement)).status_code == status


def test_signing_through_the_page(personas, client_for):
    procurement, tenders = ready(personas, 2)
    client = client_for(personas.procurement_officer)
    refused = client.post(url(procurement) + "decide/", {})
    assert refused.status_code == 400
    assert "Confirm that you decide the award." in refused.content.decode()
    response = client.post(url(procurement) + "decide/", {"confirm": "on"})
    assert response.status_code == 302
    decision = AwardDecision.objects.get()
    assert decision.winner == tenders[0]
    page = client.get(url(procurement)).content.decode()
    assert "Last day of the standstill" in page
    assert decision.standstill_last_day.strftime("%-d %B %Y") in page
    assert "No contract can be registered yet" in page


def test_chair_cannot_sign(personas, client_for):
    procurement, _tenders = ready(personas, 2)
    response = client_for(personas.panel_chair).post(
        url(procurement) + "decide/", {"confirm": "on"}
    )
    assert response.status_code == 403
    assert not AwardDecision.objects.exists()


def test_review_recorded_through_the_page(personas, client_for):
    procurement, _tenders = decided(personas, 2)
    client = client_for(personas.procurement_officer)
    response = client.post(
        url(procurement) + "reviews/",
        {"court": "Förvaltningsrätten i Stockholm", "filed_on": "2020-01-02"},
    )
    assert response.status_code == 302
    page = client.get(url(procurement)).content.decode()
    assert "Förvaltningsrätten i Stockholm" in page
    assert "A request for review is open" in page


# --- the tenderer's side -------------------------------------------------------------------


def test_tenderer_reads_decision_and_own_feedback(personas, client_for):
    procurement, tenders = decided(personas, 2)
    assert procurement.status == ProcurementStatus.STANDSTILL
    client = client_for(personas.provider_b_author)
    tender_page = client.get(f"/tenders/{tenders[1].pk}/").content.decode()
    assert f"/tenders/{tenders[1].pk}/award/" in tender_page
    response = client.get(f"/tenders/{tenders[1].pk}/award/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Omsorg A AB" in page and "1417.45" in page and "1533.20" in page
    assert "Your feedback" in page
    assert page.count("50 %") == 3  # B's own step on each of the three criteria
    assert page.count("80 %") >= 3  # the winner's step per criterion


def test_tenderer_cannot_read_a_competitors_decision_page(personas, client_for):
    _procurement, tenders = decided(personas, 2)
    client = client_for(personas.provider_b_author)
    assert client.get(f"/tenders/{tenders[0].pk}/award/").status_code == 404


@pytest.mark.parametrize("who", ["stranger", "other_buyer_officer", "procurement_officer"])
def test_tender_decision_page_404_for_others(personas, client_for, who):
    _procurement, tenders = decided(personas, 2)
    client = client_for(getattr(personas, who))
    assert client.get(f"/tenders/{tenders[0].pk}/award/").status_code == 404


def test_tender_decision_page_404_before_the_decision(personas, client_for):
    _procurement, tenders = ready(personas, 2)
    client = client_for(personas.provider_a_author)
    assert client.get(f"/tenders/{tenders[0].pk}/award/").status_code == 404


def test_disqualified_tenderer_reads_its_reasons_only(personas, client_for):
    _procurement, tenders = decided(personas, 3, disqualified=1)
    third = tenders[2]
    author = third.organisation.memberships.first().user
    author.language = "en"
    author.save(update_fields=["language"])
    page = client_for(author).get(f"/tenders/{third.pk}/award/").content.decode()
    assert "did not pass qualification" in page
    assert "Bemanningen understiger kravet" in page
    assert "Your feedback" not in page
    page_b = client_for(personas.provider_b_author).get(f"/tenders/{tenders[1].pk}/award/")
    assert "Bemanningen understiger kravet" not in page_b.content.decode()


def test_award_page_weighted_model_shows_the_weight_switch(personas, client_for):
    procurement, _tenders = ready(personas, 3, kind="weighted_relative")
    page = client_for(personas.procurement_officer).get(url(procurement)).content.decode()
    assert (
        "The winner changes at a quality weight of" in page
        or "No weight of quality changes the winner." in page
    )


def test_award_page_with_lots_has_a_section_per_lot(personas, client_for):
    procurement, _tenders = ready(personas, 2, lots=2)
    page = client_for(personas.procurement_officer).get(url(procurement)).content.decode()
    assert "Lot 1: " in page and "Lot 2: " in page
    client_for(personas.procurement_officer).post(url(procurement) + "decide/", {"confirm": "on"})
    assert AwardDecision.objects.filter(procurement=procurement).count() == 2
