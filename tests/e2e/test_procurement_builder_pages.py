"""The builder in a real browser, as an English-language procurement officer, with axe-core's
WCAG 2.1 A/AA rules on every page: the procurement page, every section (with an error shown),
the red-thread check, the simulation, publication and the published versions."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import check_accessibility, log_in
from tests.factories import PASSWORD
from tests.personas import create_personas
from tests.procurements.factories import make_procurement

pytestmark = pytest.mark.e2e


@pytest.fixture
def people(transactional_db):
    personas = create_personas()
    personas.procurement_officer.language = "en"
    personas.procurement_officer.save(update_fields=["language"])
    return personas


def test_builder_pages_are_accessible_and_publish(page, people):
    procurement = make_procurement(people)
    log_in(page, people.procurement_officer.email, PASSWORD)
    base = f"/procurements/{procurement.pk}/"
    page.goto("/procurements/")
    check_accessibility(page)
    page.get_by_role("link", name=procurement.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(procurement.title)
    check_accessibility(page)

    award = procurement.criteria.order_by("order").first()
    goal = procurement.goals.first()
    lot = procurement.lots.get()
    tender = procurement.simulated_tenders.first()
    for path in (
        "basics/",
        "lots/",
        "lots/new/",
        f"lots/{lot.pk}/evaluation/",
        "team/",
        "goals/",
        f"goals/{goal.pk}/delete/",
        "requirements/",
        "requirements/new/",
        "requirements/from-library/",
        "criteria/",
        f"criteria/{award.pk}/",
        "partnership/",
        "indicators/",
        "indicators/new/",
        "evaluation-model/",
        "simulation/",
        f"simulation/{tender.pk}/",
        "red-thread/",
        "publish/",
        "cancel/",
    ):
        page.goto(base + path)
        check_accessibility(page)
    page.goto(f"/organisations/{people.buyer.pk}/requirement-library/")
    check_accessibility(page)
    page.goto(f"/organisations/{people.buyer.pk}/procurements/new/")
    check_accessibility(page)

    # An error: the error summary takes focus and links to the field.
    page.goto(base + "basics/")
    page.get_by_label("CPV codes").fill("8531110")
    page.get_by_role("button", name="Save").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_contain_text("is not a CPV code")
    check_accessibility(page)

    page.goto(base + "evaluation-model/")
    page.get_by_label("Weighted points with relative price").check()
    page.get_by_label("Weight of quality (%)").fill("70")
    page.get_by_role("button", name="Save the evaluation model").click()
    expect(page.locator("#rank-reversal-warning")).to_contain_text("rank reversal")
    check_accessibility(page)

    page.goto(base + "publish/")
    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.get_by_role("heading", name="Version 1")).to_be_visible()
    check_accessibility(page)
    page.goto(base)
    expect(page.locator(".phase--done").first).to_contain_text(re.compile("Procurement documents"))
    check_accessibility(page)
