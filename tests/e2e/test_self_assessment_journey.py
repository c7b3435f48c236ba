"""A buyer runs a self-assessment with a chair and two evaluators: individual work, consensus
with one divergent criterion, and the final feedback report as a PDF."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from rodtrad.assessments.models import Assessment, Status
from tests.assessments.factories import make_version
from tests.e2e.conftest import check_accessibility, log_in
from tests.factories import PASSWORD
from tests.personas import create_personas

pytestmark = pytest.mark.e2e


@pytest.fixture
def people(transactional_db):
    personas = create_personas()
    make_version()
    return personas


def _log_out(page: Page) -> None:
    page.get_by_role("button", name="Logga ut").click()
    check_accessibility(page)


def _assess(page: Page, user, steps: dict[str, str], strength: str) -> None:
    """Log in, sign the declaration and submit an individual assessment."""
    log_in(page, user.email, PASSWORD)
    page.get_by_role("link", name="Utvärderingar").click()
    check_accessibility(page)
    page.get_by_role("link", name="Självvärdering 2026").click()
    check_accessibility(page)
    page.get_by_role("link", name="Underteckna försäkran").click()
    check_accessibility(page)
    page.get_by_label("Jag behandlar det jag läser").check()
    page.get_by_label("Jag är inte jävig i den här utvärderingen.").check()
    page.get_by_role("button", name="Underteckna försäkran").click()
    expect(page.get_by_role("status").first).to_contain_text("Din försäkran är undertecknad")
    page.get_by_role("link", name="Din individuella utvärdering").click()
    check_accessibility(page)
    for code, step in steps.items():
        card = page.locator("fieldset.criterion-card").filter(has_text=f"Kriterium {code}")
        card.get_by_label("Styrkor").fill(f"{strength} {code}")
        card.get_by_label("Förbättringsområden").fill(f"Följ upp {code} oftare")
        card.get_by_label(f"{step} %", exact=False).first.check()
        # htmx saves each criterion as it changes and says so.
        expect(card.locator(".save-state")).to_contain_text("Sparat")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Lämna in utvärderingen").click()
    expect(page.get_by_role("status").first).to_contain_text("inlämnad och låst")
    check_accessibility(page)
    _log_out(page)


def test_self_assessment_from_panel_to_feedback_report(page, people):
    log_in(page, people.buyer_admin.email, PASSWORD)
    page.get_by_role("link", name="Ny självvärdering").click()
    check_accessibility(page)
    page.get_by_label("Titel").fill("Självvärdering 2026")
    page.get_by_label("Kvalitetsmodell").select_option(label="Testmodell v1")
    page.get_by_label("Utvärderingsledare").select_option(label="Cajsa Ordförande (chair@ekby.se)")
    page.get_by_label("Eva Utvärderare (evaluator@ekby.se)").check()
    page.get_by_label("Erik Utvärderare (evaluator2@ekby.se)").check()
    page.get_by_role("button", name="Skapa självvärderingen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Självvärdering 2026")
    check_accessibility(page)
    page.get_by_role("button", name="Starta individuell utvärdering").click()
    expect(page.locator("[aria-current=step]")).to_have_text("Individuell utvärdering")
    check_accessibility(page)
    _log_out(page)

    # Criterion 2 is divergent: 20 % against 70 %.
    _assess(page, people.panel_chair, {"1": "50", "2": "20", "3": "50"}, "Ledningen är tydlig")
    _assess(page, people.evaluator, {"1": "60", "2": "70", "3": "50"}, "Bra måltidsmiljö")
    _assess(page, people.evaluator_2, {"1": "60", "2": "60", "3": "60"}, "Trygg personal")

    log_in(page, people.panel_chair.email, PASSWORD)
    page.get_by_role("link", name="Utvärderingar").click()
    page.get_by_role("link", name="Självvärdering 2026").click()
    check_accessibility(page)
    page.get_by_role("link", name="Starta konsensus").click()
    check_accessibility(page)
    page.get_by_role("button", name="Starta konsensus").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Konsensus")
    check_accessibility(page)
    sections = page.locator("section.criterion-card")
    expect(sections.first).to_contain_text("Avvikande")
    expect(sections.first).to_contain_text("Kriterium 2")

    # The divergent criterion: the panel agrees 50 % although the median suggests 60 %.
    divergent = sections.first
    divergent.get_by_label("50 %", exact=False).first.check()
    divergent.get_by_role("button", name="Spara konsensus för 2").click()
    expect(page.locator("section.criterion-card").first).to_contain_text("förklara varför")
    divergent = page.locator("section.criterion-card").first
    divergent.get_by_label("Motivering").fill("Rutinerna finns men följs inte upp överallt")
    divergent.get_by_role("button", name="Spara konsensus för 2").click()
    expect(page.locator("section.criterion-card").first.get_by_role("status")).to_contain_text(
        "Sparat."
    )
    check_accessibility(page)
    for code in ("1", "3"):
        section = page.locator("section.criterion-card").filter(has_text=f"Kriterium {code}")
        section.get_by_role("button", name=f"Spara konsensus för {code}").click()
        expect(
            page.locator("section.criterion-card")
            .filter(has_text=f"Kriterium {code}")
            .get_by_role("status")
        ).to_contain_text("Sparat.")
    page.get_by_role("button", name="Slutför utvärderingen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Återföringsrapport")
    check_accessibility(page)
    expect(page.locator("main")).to_contain_text("Bra måltidsmiljö 1")
    expect(page.locator("main")).to_contain_text("Rutinerna finns men följs inte upp överallt")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Ladda ned som PDF").click()
    pdf = PdfReader(io.BytesIO(Path(download_info.value.path()).read_bytes()))
    text = "".join(p.extract_text() for p in pdf.pages)
    assert "Bra måltidsmiljö 1" in text
    assert "Trygg personal 3" in text

    assessment = Assessment.objects.get()
    # Consensus: 1 → 60 % of 70, 2 → 50 % of 70, 3 → 50 % of 100 (median 50).
    assert (assessment.status, str(assessment.total_points)) == (Status.FINAL, "127.00")
