"""The model library, a template version, its handbook and training – in a real browser, as an
English-language user, with axe-core on every page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from rodtrad.common import clock
from rodtrad.qualitymodels.services import load_templates
from tests.e2e.conftest import check_accessibility, log_in
from tests.factories import PASSWORD
from tests.personas import create_personas
from tests.qualitymodels.factories import make_session

pytestmark = pytest.mark.e2e


@pytest.fixture
def people(transactional_db):
    personas = create_personas()
    personas.procurement_officer.language = "en"
    personas.procurement_officer.save(update_fields=["language"])
    # The live-server tests flush the database between tests: load the templates again.
    templates = {result.key: result.version for result in load_templates(record=False)}
    session = make_session(
        organisation=personas.buyer,
        version=templates["gum-strukturerad"],
        by=personas.procurement_officer,
        title="Introduction to the model",
        participants=(personas.evaluator, personas.provider_a_author),
        attended=(personas.evaluator,),
    )
    return personas, templates, session


def test_library_version_handbook_and_training_pages(page, people):
    personas, templates, _session = people
    gum = templates["gum-strukturerad"]
    log_in(page, personas.procurement_officer.email, PASSWORD)

    page.goto("/models/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Quality models")
    check_accessibility(page)

    page.get_by_role("link", name="Kvalitetsmodell för äldreomsorg (GUM-strukturerad mall)").click()
    expect(page.get_by_role("heading", name="Versions")).to_be_visible()
    check_accessibility(page)

    page.get_by_role("link", name="Version 1").click()
    expect(page.get_by_text("The version is complete")).to_be_visible()
    expect(page.get_by_role("link", name="Copy to my organisation")).to_be_visible()
    check_accessibility(page)

    page.get_by_role("link", name="Handbook", exact=True).click()
    expect(
        page.get_by_role("heading", name="3. Systematics: the questions for each criterion")
    ).to_be_visible()
    expect(page.get_by_role("heading", name="1.1 Inflytande och självbestämmande")).to_be_visible()
    check_accessibility(page)

    page.goto(f"/models/versions/{gum.pk}/copy/")
    check_accessibility(page)
    page.get_by_role("button", name="Copy").click()
    expect(page.get_by_text("The model was copied to Ekby kommun")).to_be_visible()
    check_accessibility(page)

    page.goto("/training/")
    expect(page.get_by_role("link", name="Introduction to the model")).to_be_visible()
    check_accessibility(page)

    page.get_by_role("link", name="Introduction to the model").click()
    expect(page.get_by_role("heading", name="Participants")).to_be_visible()
    check_accessibility(page)

    # An unknown address is explained next to the field.
    page.get_by_label("E-mail address").fill("nobody@example.se")
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.locator(".error-summary")).to_contain_text("has an account in rodtrad")
    check_accessibility(page)

    page.goto("/training/new/")
    check_accessibility(page)
    page.get_by_label("Title").fill("Second session")
    page.get_by_label("Model version").select_option(str(gum.pk))
    starts = (clock.now() + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M")
    page.get_by_label("Starts").fill(starts)
    page.get_by_role("button", name="Plan the session").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Second session")
    check_accessibility(page)
