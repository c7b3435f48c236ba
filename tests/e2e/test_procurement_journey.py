"""A procurement officer builds a procurement from the GUM-structured template, fixes a blocking
red-thread item, simulates and publishes; a provider asks a question; the answer appears for a
second provider without the asker's name. axe-core on every page visited."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import Page, expect

from rodtrad.common import clock
from rodtrad.procurements.models import Procurement, ProcurementStatus
from rodtrad.qualitymodels.services import load_templates
from tests.e2e.conftest import check_accessibility, log_in
from tests.factories import PASSWORD
from tests.personas import create_personas

pytestmark = pytest.mark.e2e


@pytest.fixture
def people(transactional_db):
    load_templates(record=False)  # the live-server database is flushed between tests
    personas = create_personas()
    for user in (
        personas.procurement_officer,
        personas.provider_a_author,
        personas.provider_b_author,
    ):
        user.language = "en"
        user.save(update_fields=["language"])
    return personas


def _log_out(page: Page) -> None:
    page.get_by_role("button", name="Log out").click()
    check_accessibility(page)


def _local(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.timezone(datetime.timedelta(hours=1))).strftime(
        "%Y-%m-%dT%H:%M"
    )


def _save(page: Page, name: str = "Save") -> None:
    page.get_by_role("button", name=name, exact=True).click()
    expect(page.locator(".error-summary")).to_have_count(0)
    check_accessibility(page)


def test_build_publish_and_answer_a_question(page, people):
    officer = people.procurement_officer
    log_in(page, officer.email, PASSWORD)
    page.get_by_role("link", name="New procurement").click()
    check_accessibility(page)
    page.get_by_label("Title").fill("Residential care at Ekbacken")
    page.get_by_label("Reference number (diarienummer)").fill("SN 2026/77")
    page.get_by_role("button", name="Create the draft").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Residential care at Ekbacken")
    check_accessibility(page)
    procurement = Procurement.objects.get()
    base = f"/procurements/{procurement.pk}/"

    now = clock.now()
    page.goto(base + "basics/")
    check_accessibility(page)
    page.get_by_label("CPV codes").fill("85311100-3")
    page.get_by_label("Last day for questions").fill(_local(now + datetime.timedelta(days=10)))
    page.get_by_label("Tender deadline").fill(_local(now + datetime.timedelta(days=30)))
    _save(page)

    page.goto(base + "criteria/")
    check_accessibility(page)
    choose = page.get_by_label("Quality model")
    choose.select_option(choose.locator("option", has_text="GUM").first.get_attribute("value"))
    page.get_by_role("button", name="Use this model").click()
    check_accessibility(page)
    # Three criteria are enough for this procurement.
    scope = page.locator("form").filter(
        has=page.get_by_role("button", name="Save the criteria in scope")
    )
    for box in scope.get_by_role("checkbox").all():
        box.uncheck()
    for code in ("1.1", "3.1", "7.1"):
        scope.get_by_label(code, exact=False).first.check()
    scope.get_by_role("button", name="Save the criteria in scope").click()
    check_accessibility(page)

    page.goto(base + "goals/new/")
    check_accessibility(page)
    page.get_by_label("Goal").fill("Residents feel safe and decide over their everyday life.")
    _save(page, "Save the goal")

    page.goto(base + "evaluation-model/")
    check_accessibility(page)
    page.get_by_label("Value-added price deduction").check()
    page.get_by_label("Price unit").fill("SEK per place and day")
    _save(page, "Save the evaluation model")

    for award in procurement.criteria.order_by("order"):
        page.goto(base + f"criteria/{award.pk}/")
        check_accessibility(page)
        page.get_by_label("Guidance for this service").fill(
            f"At Ekbacken, {award.criterion.name.lower()} shows in everyday life."
        )
        page.get_by_label("Question to tenderers").fill(
            f"How do you work with {award.criterion.code}?"
        )
        page.get_by_label("Deduction", exact=False).fill("150")
        _save(page, "Save the criterion")

    page.goto(base + "partnership/")
    check_accessibility(page)
    page.get_by_label("How follow-up will work during the contract").fill(
        "Both parties are assessed with the model twice a year."
    )
    page.get_by_label("Months between follow-up rounds").fill("6")
    _save(page)

    page.goto(base + "indicators/new/")
    check_accessibility(page)
    page.get_by_label("Indicator").fill("Overall satisfaction in residential care")
    page.get_by_label("Higher is better").check()
    page.get_by_label("Kolada KPI id").fill("U23471")
    page.get_by_label("Residents feel safe", exact=False).check()
    _save(page, "Save the indicator")

    page.goto(base + "team/")
    check_accessibility(page)
    team = {
        "Cajsa Ordförande (chair@ekby.se)": ["Panel chair"],
        "Eva Utvärderare (evaluator@ekby.se)": ["Evaluator", "Opener"],
        "Erik Utvärderare (evaluator2@ekby.se)": ["Opener"],
    }
    for person, roles in team.items():
        group = page.get_by_role("group", name=person)
        for role in roles:
            group.get_by_label(role, exact=True).check()
    _save(page, "Save the team")

    # The check blocks publication: the goal is served by no award criterion.
    page.goto(base + "red-thread/")
    check_accessibility(page)
    blocking = page.locator("main").get_by_text("is not served by any award criterion")
    expect(blocking).to_be_visible()
    page.goto(base + "publish/")
    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.locator(".error-summary")).to_contain_text("is not served by any award criterion")
    check_accessibility(page)

    # Fix it: link the goal to the first criterion.
    first = procurement.criteria.order_by("order").first()
    page.goto(base + f"criteria/{first.pk}/")
    page.get_by_label("Residents feel safe", exact=False).check()
    _save(page, "Save the criterion")
    page.goto(base + "red-thread/")
    expect(page.locator("main").get_by_text("is not served by any award criterion")).to_have_count(
        0
    )
    check_accessibility(page)

    # Simulate with two fictive tenders.
    for name, price, step in (("Tender A", "2200", "70 %"), ("Tender B", "2000", "40 %")):
        page.goto(base + "simulation/")
        check_accessibility(page)
        form = page.locator("form").filter(
            has=page.get_by_role("button", name="Add the fictive tender")
        )
        form.get_by_label("Name").fill(name)
        form.get_by_label("Price").fill(price)
        for select in form.locator("select").all():
            select.select_option(label=step)
        _save(page, "Add the fictive tender")
    page.goto(base + "simulation/")
    expect(page.locator("main")).to_contain_text("Tender A")
    expect(page.locator("main")).to_contain_text("%")
    check_accessibility(page)

    page.goto(base + "publish/")
    check_accessibility(page)
    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.get_by_role("heading", name="Version 1")).to_be_visible()
    check_accessibility(page)
    procurement.refresh_from_db()
    assert procurement.status == ProcurementStatus.PUBLISHED
    _log_out(page)

    # Provider A finds it, follows it and asks.
    log_in(page, people.provider_a_author.email, PASSWORD)
    page.get_by_role("link", name="Published procurements").first.click()
    check_accessibility(page)
    page.get_by_role("link", name="Residential care at Ekbacken").click()
    check_accessibility(page)
    page.goto(f"/market/{procurement.pk}/questions/")
    check_accessibility(page)
    page.get_by_label("Your question").fill("Is night staffing included in the price per day?")
    page.get_by_role("button", name="Send the question").click()
    expect(page.locator("main")).to_contain_text("Is night staffing included")
    check_accessibility(page)
    _log_out(page)

    # Provider B follows the procurement before the answer comes.
    log_in(page, people.provider_b_author.email, PASSWORD)
    page.goto(f"/market/{procurement.pk}/")
    check_accessibility(page)
    page.get_by_role("button", name="Follow on behalf of Omsorg B AB").click()
    check_accessibility(page)
    _log_out(page)

    # The officer answers.
    log_in(page, officer.email, PASSWORD)
    page.goto(f"/procurements/{procurement.pk}/questions/")
    check_accessibility(page)
    expect(page.locator("main")).to_contain_text("Omsorg A AB")  # the buyer knows who asked
    page.get_by_role("link", name="Answer and publish").first.click()
    check_accessibility(page)
    page.get_by_label("Answer", exact=True).fill("Yes, all staffing day and night is included.")
    page.get_by_role("button", name="Publish the answer", exact=False).click()
    check_accessibility(page)
    _log_out(page)

    # Provider B sees the answer, never who asked.
    log_in(page, people.provider_b_author.email, PASSWORD)
    page.goto(f"/market/{procurement.pk}/questions/")
    check_accessibility(page)
    main = page.locator("main")
    expect(main).to_contain_text("Yes, all staffing day and night is included.")
    expect(main).not_to_contain_text("Omsorg A AB")
    expect(main).not_to_contain_text(people.provider_a_author.email)
    expect(main).not_to_contain_text(people.provider_a_author.full_name)
    page.goto("/notifications/")
    check_accessibility(page)
    expect(page.locator("main")).to_contain_text("New answer")
