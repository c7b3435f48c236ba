"""Two providers write and submit tenders in the browser (one replaces its tender with a better
price), the deadline passes, two appointed openers open the tenders, and the procurement officer
qualifies one tender and disqualifies the other with a reason. axe-core on every page visited."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from rodtrad.common import clock
from rodtrad.procurements.models import Procurement, ProcurementStatus
from rodtrad.qualitymodels.services import load_templates
from rodtrad.tenders.models import QualificationOutcome, Tender
from tests.e2e.conftest import check_accessibility, log_in
from tests.factories import PASSWORD
from tests.personas import create_personas
from tests.procurements.factories import make_procurement
from tests.tenders.factories import PDF

pytestmark = pytest.mark.e2e


@pytest.fixture
def world(transactional_db, tmp_path):
    load_templates(record=False)  # the live-server database is flushed between tests
    personas = create_personas()
    for user in vars(personas).values():
        if hasattr(user, "language"):
            user.language = "en"
            user.save(update_fields=["language"])
    procurement = make_procurement(personas, publish=True)
    evidence = tmp_path / "Rutin för måltider.pdf"
    evidence.write_bytes(PDF)
    return personas, procurement, evidence


def _log_out(page: Page) -> None:
    page.get_by_role("button", name="Log out").click()
    check_accessibility(page)


def _write_and_submit(page: Page, procurement: Procurement, author, price: str, evidence) -> str:
    """Start a tender from the procurement's public page, fill in everything, submit; returns
    the receipt hash shown."""
    log_in(page, author.email, PASSWORD)
    page.goto(f"/market/{procurement.pk}/")
    check_accessibility(page)
    page.get_by_role("link", name="Write a tender").click()
    check_accessibility(page)
    page.get_by_role("button", name="Start a tender on behalf of").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your tender")
    check_accessibility(page)

    # Before anything is filled in, the completeness list names what is missing.
    expect(page.locator("#missing")).to_contain_text("What is missing before you can submit")

    page.locator("input[id^='price-']").fill(price)
    for textarea in page.locator("textarea[id^='answer-']").all():
        textarea.fill("Vi följer upp arbetet varje månad tillsammans med de boende.")
    for checkbox in page.get_by_role("checkbox", name="We fulfil requirement").all():
        checkbox.check()
    page.locator("#partnership").fill("Ett gemensamt samverkansforum varannan månad.")
    page.get_by_label("Name", exact=True).fill(author.full_name)
    page.get_by_label("E-mail address").fill(author.email)
    first_file = page.locator("input[type=file]").first
    first_file.set_input_files(str(evidence))
    page.get_by_role("button", name="Upload the file").first.click()
    check_accessibility(page)
    expect(page.get_by_role("link", name=evidence.name)).to_be_visible()
    expect(page.locator("#missing")).to_contain_text("Ready to submit")

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Submit the tender").click()
    check_accessibility(page)
    receipt = page.locator("code.hash").first
    expect(receipt).to_have_text(
        Tender.objects.get(created_by=author).submissions.get().receipt_hash
    )
    return receipt.inner_text()


def test_submit_replace_open_and_qualify(page, world):
    personas, procurement, evidence = world

    # Provider A submits, then replaces its tender with a lower price.
    first = _write_and_submit(page, procurement, personas.provider_a_author, "2150,50", evidence)
    tender_a = Tender.objects.get(organisation=personas.provider_a)
    page.goto(f"/tenders/{tender_a.pk}/")
    check_accessibility(page)
    page.locator("input[id^='price-']").fill("2095,00")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Submit as a replacement").click()
    check_accessibility(page)
    assert list(tender_a.submissions.values_list("number", flat=True)) == [1, 2]
    second = tender_a.submissions.get(number=2).receipt_hash
    assert second != first
    expect(page.locator("code.hash").first).to_have_text(second)
    page.goto(f"/tenders/{tender_a.pk}/")
    check_accessibility(page)
    expect(page.get_by_text("Version 2 counts.")).to_be_visible()
    page.get_by_role("link", name="Receipts of the submitted versions").click()
    check_accessibility(page)
    expect(page.get_by_text(first)).to_be_visible()
    expect(page.get_by_text(second)).to_be_visible()
    _log_out(page)

    # Competitor B submits; its list shows only its own tender.
    _write_and_submit(page, procurement, personas.provider_b_author, "1990", evidence)
    page.goto("/tenders/")
    check_accessibility(page)
    expect(page.get_by_role("main")).not_to_contain_text(personas.provider_a.name)
    _log_out(page)

    # Before the deadline the opener sees nothing about the tenders.
    log_in(page, personas.procurement_officer.email, PASSWORD)
    page.goto(f"/procurements/{procurement.pk}/opening/")
    check_accessibility(page)
    main = page.get_by_role("main")
    expect(main).not_to_contain_text(personas.provider_a.name)
    expect(main).not_to_contain_text(personas.provider_b.name)
    expect(page.get_by_role("button", name="Start the opening")).to_have_count(0)

    # The deadline passes (the live server shares the test's clock).
    clock.freeze(procurement.tender_deadline + timedelta(hours=2))
    page.reload()
    check_accessibility(page)
    page.get_by_role("button", name="Start the opening").click()
    check_accessibility(page)
    expect(page.get_by_text("Another appointed opener must confirm it")).to_be_visible()
    expect(page.get_by_role("button", name="Confirm the opening")).to_have_count(0)
    expect(page.get_by_role("main")).not_to_contain_text(personas.provider_a.name)
    _log_out(page)

    # The second opener confirms: the record lists both tenders with their receipts.
    log_in(page, personas.buyer_admin.email, PASSWORD)
    page.goto(f"/procurements/{procurement.pk}/opening/")
    check_accessibility(page)
    page.get_by_role("button", name="Confirm the opening").click()
    check_accessibility(page)
    record = page.locator("table").first
    expect(record).to_contain_text(personas.provider_a.name)
    expect(record).to_contain_text(personas.provider_b.name)
    expect(record).to_contain_text(second)
    expect(record).not_to_contain_text(first)
    procurement.refresh_from_db()
    assert procurement.status == ProcurementStatus.OPENED
    _log_out(page)

    # The officer qualifies A and disqualifies B with a reason.
    log_in(page, personas.procurement_officer.email, PASSWORD)
    page.goto(f"/procurements/{procurement.pk}/qualification/")
    check_accessibility(page)
    requirements = list(procurement.requirements.order_by("code"))
    for tender, fails in (
        (tender_a, False),
        (Tender.objects.get(organisation=personas.provider_b), True),
    ):
        page.goto(f"/procurements/{procurement.pk}/qualification/{tender.pk}/")
        check_accessibility(page)
        for index, requirement in enumerate(requirements):
            section = page.locator(f"#requirement-{requirement.pk}")
            if fails and index == 0:
                section.get_by_label("Not fulfilled").check()
                section.get_by_label("Reason").fill("Tillståndet från IVO saknas.")
            else:
                section.get_by_label("Fulfilled", exact=True).check()
            section.get_by_role("button", name="Save the assessment").click()
            check_accessibility(page)
        page.get_by_role("button", name="Conclude the qualification").click()
        check_accessibility(page)
    tender_a.refresh_from_db()
    tender_b = Tender.objects.get(organisation=personas.provider_b)
    assert tender_a.qualification.outcome == QualificationOutcome.QUALIFIED
    assert tender_b.qualification.outcome == QualificationOutcome.DISQUALIFIED
    assert "Tillståndet från IVO saknas." in str(tender_b.qualification.reasons)

    page.goto(f"/procurements/{procurement.pk}/qualification/")
    check_accessibility(page)
    page.get_by_role("button", name="Complete qualification").click()
    check_accessibility(page)
    procurement.refresh_from_db()
    assert procurement.status == ProcurementStatus.EVALUATION
