"""The price envelope (DOMAIN.md section 7, "double envelope"): while the procurement hides
prices, no panel member – the chair, the evaluators, a chair who is also a procurement officer
on the team, an evaluator who is also the buyer's administrator – sees any tender price on any
page, API read or export, until every tender's consensus is final and the chair reveals them.

Every GET URL of the app (walked from the URL resolver) and every API GET path is requested
with the procurement's real ids, at the worst moment: every tender's consensus final, the prices
not yet revealed. No answer may contain a tender price in any form ("2 137,45", "2137.45", …).
The control: the same walk finds the prices for a procurement officer who is not on the panel,
and after the reveal the overview shows them to the panel.
"""

from __future__ import annotations

import re

import pytest
from pypdf.errors import PdfReadError

from rodtrad.accounts.roles import Role
from rodtrad.evaluations import services
from rodtrad.procurements.models import TeamMember, TeamRole
from tests.evaluations.factories import PRICES, actor, declared, finalise_all, links, to_consensus
from tests.factories import add_member
from tests.tenders.test_secrecy import BOGUS_ID, World, every_get, fingerprint, ids_in_database

pytestmark = pytest.mark.django_db


def forms_of(price: str) -> list[str]:
    whole, cents = price.split(".")
    grouped = f"{int(whole):,}".replace(",", "{sep}")
    forms = {price, f"{whole},{cents}", price.rstrip("0")}
    for sep in (" ", "\xa0", "\u202f", ",", "."):
        decimal = "." if sep == "," else ","
        forms.add(grouped.format(sep=sep) + decimal + cents)
    return sorted(forms)


PRICE_FORMS = [form for price in PRICES[:3] for form in forms_of(price)]


def snapshot(client, urls: list[str]) -> dict[str, tuple]:
    """Every answer as text (PDFs' text; a file that is not a readable PDF, as its bytes)."""
    answers = {}
    for url in urls:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code < 500, url
        try:
            answers[url] = fingerprint(response, url)
        except PdfReadError:
            answers[url] = (response.status_code, response.get("Content-Type"), "(a file)")
    return answers


def prices_in(answers: dict[str, tuple]) -> dict[str, list[str]]:
    found = {}
    for url, answer in answers.items():
        text = " ".join(str(part) for part in answer)
        hits = [form for form in PRICE_FORMS if form in text]
        if hits:
            found[url] = hits
    return found


@pytest.fixture
def world(personas):
    """Three tenders, every consensus final, prices hidden and not revealed. The chair is also
    a procurement officer on the team; evaluator 2 is also the buyer's administrator."""
    procurement, tenders = declared(personas, 3, answer_files=True)
    TeamMember.objects.create(
        procurement=procurement, user=personas.panel_chair, role=TeamRole.PROCUREMENT_OFFICER
    )
    add_member(personas.evaluator_2, personas.buyer, Role.ADMIN)
    to_consensus(personas, procurement)
    finalise_all(personas, procurement)
    ids = ids_in_database(personas, procurement)
    ids["assessment_id"] = [link.assessment_id for link in links(procurement)]
    attachment = tenders[0].attachments.filter(purpose="criterion").first()
    assert attachment is not None
    tender_ids = {
        "tender_id": tenders[0].pk,
        "attachment_id": attachment.pk,
        "clarification_id": BOGUS_ID,
    }
    urls = every_get(World(procurement.pk, ids), tender_ids=tender_ids)
    tender_page = f"/procurements/{procurement.pk}/qualification/{tenders[0].pk}/"
    tender_api = f"/api/v1/procurements/{procurement.pk}/tenders/{tenders[0].pk}"
    assert {tender_page, tender_api} <= set(urls)
    return procurement, urls


@pytest.mark.parametrize("reader", ["panel_chair", "evaluator", "evaluator_2"])
def test_no_panel_member_sees_a_price_before_the_reveal(personas, client_for, world, reader):
    procurement, urls = world
    answers = snapshot(client_for(getattr(personas, reader)), urls)

    assert prices_in(answers) == {}
    overview = f"/procurements/{procurement.pk}/evaluation/"
    assert answers[overview][0] == 200
    if reader == "panel_chair":  # also an officer on the team: reads the tenders themselves
        pages = [u for u in answers if re.fullmatch(r"/procurements/\d+/qualification/\d+/", u)]
        assert pages and all(answers[url][0] == 200 for url in pages)


def test_the_walk_finds_the_prices_where_they_may_be_seen(personas, client_for, world):
    """The control: an officer who is not on the panel sees them; after the reveal the panel
    sees them on the overview and the tender pages."""
    procurement, urls = world
    officer = prices_in(snapshot(client_for(personas.procurement_officer), urls))
    overview = f"/procurements/{procurement.pk}/evaluation/"
    api = f"/api/v1/procurements/{procurement.pk}/evaluation"
    assert {overview, api} <= set(officer)
    assert any("/qualification/" in url for url in officer)
    assert any(f"/api/v1/procurements/{procurement.pk}/tenders/" in url for url in officer)

    services.reveal_prices(actor=actor(personas.panel_chair), procurement=procurement)

    chair = client_for(personas.panel_chair)
    page = chair.get(overview, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert all(any(form in page for form in forms_of(price)) for price in PRICES)
    status = chair.get(api).json()
    assert sorted(t["price"] for t in status["tenders"]) == sorted(PRICES)
    revealed = prices_in(snapshot(chair, urls))
    assert {overview, api} <= set(revealed)


def test_without_hidden_prices_the_panel_sees_them_from_the_start(personas, client_for):
    from tests.evaluations.factories import started

    procurement, _tenders = started(personas, 1)
    type(procurement).objects.filter(pk=procurement.pk).update(hide_prices=False)
    page = client_for(personas.panel_chair).get(f"/procurements/{procurement.pk}/evaluation/")
    assert any(form in page.content.decode() for form in forms_of(PRICES[0]))
