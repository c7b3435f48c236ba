"""From the panel to the contract in the browser: a chair and two evaluators score three tenders
(one criterion divergent: 20 % against 70 %), the chair runs each consensus to final, reveals the
hidden prices and sees the ranking and the sensitivity analysis; the procurement officer signs the
award decision; the losing and the winning tenderer read their feedback; the standstill passes
(controllable clock) and the buyer's administrator registers the contract, whose baseline is the
winner's final consensus. axe-core on every page visited.

Consensus steps: tender 1 (Omsorg A AB, 2 137,45) 60/80/80 %, tender 2 (Omsorg B AB, 1 983,20)
50 % and tender 3 (Omsorg 3 AB, 2 411,90) 60 % on every criterion. With 300 SEK of price
deduction per criterion at 100 % the comparison figures are 1 477,45, 1 533,20 and 1 871,90:
A wins; B would have won below 1 477,45 + 450 = 1 927,45 (55,75 less than its price)."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from rodtrad.assessments.models import Status
from rodtrad.award.models import AwardDecision
from rodtrad.common import clock
from rodtrad.contracts.models import Contract
from rodtrad.evaluations.models import TenderEvaluation
from rodtrad.procurements.models import ProcurementStatus
from tests.contracts.factories import contract_manager
from tests.e2e.conftest import check_accessibility, log_in
from tests.evaluations.factories import PRICES, in_evaluation
from tests.factories import PASSWORD
from tests.personas import create_personas

pytestmark = pytest.mark.e2e

CODES = ("1", "2", "3")
# Individual steps per tender (by position) and panel member; tender 1's criterion 1 diverges.
STEPS = {
    "chair": (
        {"1": 20, "2": 70, "3": 70},
        {"1": 40, "2": 40, "3": 40},
        {"1": 50, "2": 50, "3": 50},
    ),
    "evaluator": (
        {"1": 70, "2": 80, "3": 80},
        {"1": 50, "2": 50, "3": 50},
        {"1": 60, "2": 60, "3": 60},
    ),
    "evaluator_2": (
        {"1": 70, "2": 90, "3": 90},
        {"1": 60, "2": 60, "3": 60},
        {"1": 70, "2": 70, "3": 70},
    ),
}
RATIONALE = "Rutinen finns men används inte i hela verksamheten."
# Any way a page could write a price: 2137.45, 2137,45, 2,137.45, 2 137,45 (with any space).
PRICE_PATTERNS = [re.compile(rf"{p[0]}[\s,.\u00a0\u202f]?{p[1:4]}[.,]{p[5:]}") for p in PRICES]


def marker(position: int) -> str:
    """Text only tender `position`'s strengths and improvement areas contain."""
    return f"Anbudsunik-{position + 1}"


@pytest.fixture
def world(transactional_db):
    personas = create_personas()
    manager = contract_manager(personas)
    for user in [*vars(personas).values(), manager]:
        if hasattr(user, "language"):
            user.language = "en"
            user.save(update_fields=["language"])
    procurement, tenders = in_evaluation(personas, 3)
    assert procurement.hide_prices
    assert [t.organisation.name for t in tenders] == ["Omsorg A AB", "Omsorg B AB", "Omsorg 3 AB"]
    return personas, procurement, tenders, manager


def _log_out(page: Page) -> None:
    page.get_by_role("button", name="Log out").click()
    check_accessibility(page)


def _no_prices(page: Page) -> None:
    html = page.content()
    found = [p.pattern for p in PRICE_PATTERNS if p.search(html)]
    assert found == [], f"a hidden price is on {page.url}: {found}"


def _overview(page: Page, procurement) -> None:
    page.goto(f"/procurements/{procurement.pk}/evaluation/")
    check_accessibility(page)
    _no_prices(page)


def _score(page: Page, procurement, tenders, user, role: str) -> None:
    """Log in, sign the procurement's declaration once and submit the individual assessment of
    every tender."""
    log_in(page, user.email, PASSWORD)
    _overview(page, procurement)
    page.get_by_role(
        "link", name="Sign the declaration of conflict of interest and confidentiality"
    ).click()
    check_accessibility(page)
    page.get_by_label("I will keep the tenders and what the evaluation panel discusses").check()
    page.get_by_role("button", name="Sign the declaration").click()
    expect(page.get_by_role("status").first).to_contain_text("Your declaration is signed.")
    check_accessibility(page)
    for position, tender in enumerate(tenders):
        _overview(page, procurement)
        page.locator("ul.checklist").get_by_role(
            "link", name=tender.organisation.name, exact=True
        ).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Your individual assessment")
        check_accessibility(page)
        _no_prices(page)
        for code in CODES:
            card = page.get_by_role("group", name=re.compile(rf"^{code} Kriterium {code} "))
            card.get_by_label("Strengths").fill(f"{marker(position)}: stark rutin {code}")
            card.get_by_label("Improvement areas").fill(f"{marker(position)}: följ upp {code}")
            step = STEPS[role][position][code]
            card.get_by_role("radio", name=re.compile(rf"^{step} %")).check()
            # htmx saves each criterion as it changes (one save at a time) and says so.
            expect(card).not_to_have_class(re.compile(r"\bhtmx-request\b"))
            expect(card.locator(".save-state")).to_have_text(re.compile(r"^Saved "))
        page.once("dialog", lambda dialog: dialog.accept())
        page.get_by_role("button", name="Submit the assessment").click()
        expect(page.get_by_role("status").first).to_contain_text("submitted and locked")
        check_accessibility(page)
    _log_out(page)


def _consensus(page: Page, procurement, tender, position: int) -> None:
    """The chair starts the tender's consensus, agrees every criterion and finalises."""
    _overview(page, procurement)
    table = page.get_by_role("table", name="Tenders and criteria")
    row = table.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name=tender.organisation.name)
    )
    row.get_by_role("link", name="Start the consensus").click()
    check_accessibility(page)
    page.get_by_role("button", name="Start the consensus").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Consensus")
    check_accessibility(page)
    _no_prices(page)
    expect(page.locator("main")).to_contain_text(f"{marker(position)}: stark rutin 1")

    def section(code: str):
        return page.get_by_role("region", name=f"{code} Kriterium {code}", exact=True)

    remaining = list(CODES)
    if position == 0:
        # Criterion 1 is divergent (20 % against 70 %) and listed first; the panel agrees 60 %,
        # away from the suggested median of 70 %, which needs a rationale.
        first = page.locator("section.criterion-card").first
        expect(first.get_by_role("heading", level=2)).to_have_text("1 Kriterium 1")
        expect(first).to_contain_text("Divergent")
        expect(first).to_contain_text("Median 70 %, spread 50 percentage points.")
        expect(first).to_contain_text("Suggested step: 70 %.")
        section("1").get_by_role("radio", name=re.compile(r"^60 %")).check()
        section("1").get_by_role("button", name="Save the consensus for 1").click()
        expect(section("1")).to_contain_text("The step differs from the suggested 70 %")
        section("1").get_by_label("Rationale").fill(RATIONALE)
        section("1").get_by_role("button", name="Save the consensus for 1").click()
        expect(section("1").get_by_role("status")).to_have_text("Saved.")
        check_accessibility(page)
        remaining.remove("1")
    else:
        expect(page.locator("main")).not_to_contain_text("Divergent")
    for code in remaining:
        section(code).get_by_role("button", name=f"Save the consensus for {code}").click()
        expect(section(code).get_by_role("status")).to_have_text("Saved.")
    page.get_by_role("button", name="Finalise the assessment").click()
    expect(page).to_have_url(re.compile(r"/report/$"))
    check_accessibility(page)
    _no_prices(page)


def _sek(amount: str) -> str:
    """An amount as the English pages write it: 1,927.45 kr."""
    return f"{Decimal(amount):,.2f} kr"


def _feedback_rows(page: Page):
    feedback = page.get_by_role("table", name="Your feedback")
    return {
        code: feedback.get_by_role("row").filter(
            has=page.get_by_role("rowheader", name=f"{code} Kriterium {code}")
        )
        for code in CODES
    }


def test_panel_scores_decides_and_contract_is_registered(page, world):
    personas, procurement, tenders, manager = world
    tender_a, tender_b, _ = tenders

    # The chair starts the evaluation from the overview.
    log_in(page, personas.panel_chair.email, PASSWORD)
    _overview(page, procurement)
    expect(
        page.get_by_text("Price information is hidden from the evaluation panel")
    ).to_be_visible()
    page.get_by_role("button", name="Start the evaluation").click()
    expect(page.get_by_role("status").first).to_contain_text("The evaluation has started.")
    check_accessibility(page)
    _log_out(page)

    # Each panel member signs once and scores every tender.
    _score(page, procurement, tenders, personas.panel_chair, "chair")
    _score(page, procurement, tenders, personas.evaluator, "evaluator")
    _score(page, procurement, tenders, personas.evaluator_2, "evaluator_2")

    # The chair runs each consensus to final.
    log_in(page, personas.panel_chair.email, PASSWORD)
    for position, tender in enumerate(tenders):
        _consensus(page, procurement, tender, position)
    _overview(page, procurement)
    table = page.get_by_role("table", name="Tenders and criteria")
    for tender in tenders:
        row = table.get_by_role("row").filter(
            has=page.get_by_role("rowheader", name=tender.organisation.name)
        )
        expect(row.locator(".tag")).to_have_text("Final")
    divergent = table.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name=tender_a.organisation.name)
    )
    expect(divergent.get_by_role("cell").first).to_have_text("Divergent 60 %")
    expect(table.get_by_role("columnheader", name="Price")).to_have_count(0)

    # The award page says the prices are hidden, and shows none.
    page.goto(f"/procurements/{procurement.pk}/award/")
    check_accessibility(page)
    _no_prices(page)
    expect(page.get_by_text("The prices are still hidden")).to_be_visible()

    # The chair reveals the prices.
    _overview(page, procurement)
    page.get_by_role("button", name="Reveal the prices").click()
    expect(page.get_by_role("status").first).to_contain_text("The prices are revealed")
    check_accessibility(page)
    expect(page.get_by_text("The prices were revealed to the evaluation panel by")).to_be_visible()
    table = page.get_by_role("table", name="Tenders and criteria")
    expect(table).to_contain_text(_sek(PRICES[0]))

    # The ranking and the sensitivity analysis.
    page.goto(f"/procurements/{procurement.pk}/award/")
    check_accessibility(page)
    ranking = page.get_by_role("table", name="Ranking")
    ranks = ranking.get_by_role("row")
    expect(ranks).to_have_count(4)
    for number, (name, price, quality, figure) in enumerate(
        [
            ("Omsorg A AB", PRICES[0], "178.00 / 240", "1477.45"),
            ("Omsorg B AB", PRICES[1], "120.00 / 240", "1533.20"),
            ("Omsorg 3 AB", PRICES[2], "144.00 / 240", "1871.90"),
        ],
        start=1,
    ):
        row = ranks.nth(number)
        expect(row.get_by_role("rowheader")).to_have_text(name)
        expect(row.get_by_role("cell").nth(0)).to_have_text(str(number))
        expect(row.get_by_role("cell").nth(1)).to_have_text(_sek(price))
        expect(row.get_by_role("cell").nth(2)).to_have_text(quality)
        expect(row.get_by_role("cell").nth(3)).to_contain_text(figure)
    sensitivity = page.get_by_role("table", name="Sensitivity analysis")
    runner_up = sensitivity.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name="Omsorg B AB")
    )
    expect(runner_up.get_by_role("cell").nth(0)).to_have_text(_sek("1927.45"))
    expect(runner_up.get_by_role("cell").nth(1)).to_contain_text("55.75")
    expect(sensitivity.get_by_role("rowheader", name="Omsorg A AB")).to_have_count(0)
    # The chair proposes; she does not sign.
    expect(page.get_by_role("button", name="Sign and send the award decision")).to_have_count(0)
    _log_out(page)

    # The procurement officer signs the award decision.
    log_in(page, personas.procurement_officer.email, PASSWORD)
    page.goto(f"/procurements/{procurement.pk}/award/")
    check_accessibility(page)
    page.get_by_label("I have the authority to decide the award").check()
    page.get_by_role("button", name="Sign and send the award decision").click()
    expect(page.get_by_role("status").first).to_contain_text("The award decision is signed")
    check_accessibility(page)
    decision = page.get_by_role("region", name="Award decision")
    expect(decision).to_contain_text("Omsorg A AB")
    expect(page.get_by_text("No contract can be registered yet")).to_be_visible()
    _log_out(page)
    procurement.refresh_from_db()
    assert procurement.status == ProcurementStatus.STANDSTILL

    # The runner-up reads the decision from its notification: its own consensus per criterion
    # beside the winner's step, and nothing of the third tender's assessment.
    log_in(page, personas.provider_b_author.email, PASSWORD)
    page.get_by_role("link", name=re.compile(r"^Notifications")).click()
    check_accessibility(page)
    page.get_by_role("link", name=f"Award decision: {procurement.title}").click()
    expect(page).to_have_url(re.compile(rf"/tenders/{tender_b.pk}/award/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Award decision")
    check_accessibility(page)
    main = page.get_by_role("main")
    expect(main.locator("dd").first).to_have_text("Omsorg A AB")
    rows = _feedback_rows(page)
    for code, own, winner in (
        ("1", "35.00 / 70.00", "60 % (42.00)"),
        ("2", "35.00 / 70.00", "80 % (56.00)"),
        ("3", "50.00 / 100.00", "80 % (80.00)"),
    ):
        cells = rows[code].get_by_role("cell")
        expect(cells.nth(0)).to_have_text("50 %")
        expect(cells.nth(1)).to_have_text(own)
        expect(cells.last).to_have_text(winner)
        # Its own strengths and improvement areas (where the page puts them).
        expect(main).to_contain_text(f"{marker(1)}: stark rutin {code}")
        expect(main).to_contain_text(f"{marker(1)}: följ upp {code}")
    expect(main).to_contain_text(RATIONALE)  # the winner's reasons per criterion
    expect(main).not_to_contain_text(marker(2))
    _log_out(page)

    # The winner reads it from its tender: its own feedback, no competitor's.
    log_in(page, personas.provider_a_author.email, PASSWORD)
    page.goto(f"/tenders/{tender_a.pk}/")
    check_accessibility(page)
    page.get_by_role("link", name="Read the award decision and your feedback").click()
    check_accessibility(page)
    main = page.get_by_role("main")
    expect(main.locator("dd").first).to_have_text("Omsorg A AB – your tender")
    rows = _feedback_rows(page)
    for code, own in (("1", "60 %"), ("2", "80 %"), ("3", "80 %")):
        expect(rows[code].get_by_role("cell").nth(0)).to_have_text(own)
        expect(main).to_contain_text(f"{marker(0)}: följ upp {code}")
    expect(main).not_to_contain_text(marker(1))
    expect(main).not_to_contain_text(marker(2))
    _log_out(page)

    # The standstill passes.
    decision_row = AwardDecision.objects.get(procurement=procurement)
    clock.freeze(decision_row.contract_allowed_from + timedelta(hours=9))
    today = timezone.localtime(clock.now()).date()
    starts = today + timedelta(days=30)
    ends = starts + timedelta(days=4 * 365)

    # The buyer's administrator registers the signed contract from the procurement page.
    log_in(page, personas.buyer_admin.email, PASSWORD)
    page.goto(f"/procurements/{procurement.pk}/")
    check_accessibility(page)
    page.get_by_role("link", name="Contract", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Register the contract")
    check_accessibility(page)
    page.get_by_label("Contract number").fill("AVT-2027-01")
    page.get_by_label(re.compile(r"^Signed\b")).fill(today.isoformat())
    page.get_by_label(re.compile(r"^Starts\b")).fill(starts.isoformat())
    page.get_by_label(re.compile(r"^Ends\b")).fill(ends.isoformat())
    page.get_by_label("Contract value (SEK)").fill("48000000")
    page.get_by_label("Contract manager").select_option(label=manager.full_name)
    page.get_by_role("button", name="Register the contract").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Contract between Ekby kommun and Omsorg A AB"
    )
    check_accessibility(page)
    expect(page).to_have_title(f"Contract – {procurement.title} – rodtrad")
    expect(page.get_by_role("heading", name="Contract teams")).to_have_count(1)
    expect(page.get_by_role("heading", name="Buyer: Ekby kommun")).to_have_count(1)
    expect(page.get_by_role("heading", name="Provider: Omsorg A AB")).to_have_count(1)
    summary = page.locator("dl.summary-list").first
    expect(summary).to_contain_text("Ekby kommun")
    expect(summary).to_contain_text("Omsorg A AB")
    expect(summary).to_contain_text(manager.full_name)
    expect(summary).to_contain_text(_sek("48000000"))
    expect(page.get_by_role("heading", name="The red thread")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text(
        "The winning tender's final consensus is the baseline: 178"
    )
    thread = page.get_by_role("table", name=re.compile(r"^Per award criterion"))
    # The tender column: 60 % of 70, 80 % of 70 and 80 % of 100 points.
    for code, points in (("1", "42.00"), ("2", "56.00"), ("3", "80.00")):
        row = thread.get_by_role("row").filter(
            has=page.get_by_role("rowheader", name=re.compile(rf"^{code} Kriterium {code}"))
        )
        expect(row.get_by_role("cell").nth(1)).to_have_text(points)

    procurement.refresh_from_db()
    assert procurement.status == ProcurementStatus.CONTRACTED
    contract = Contract.objects.get(procurement=procurement)
    winner = TenderEvaluation.objects.get(tender=tender_a)
    assert contract.tender_id == tender_a.pk
    assert contract.baseline_id == winner.assessment_id
    assert contract.baseline.status == Status.FINAL
    assert (contract.signed_on, contract.starts_on, contract.ends_on) == (today, starts, ends)
    assert contract.manager == manager
    baseline_steps = dict(
        contract.baseline.scope.values_list("criterion__code", "consensus__percent")
    )
    assert baseline_steps == {"1": 60, "2": 80, "3": 80}
    assert set(
        TenderEvaluation.objects.filter(procurement=procurement).values_list(
            "assessment__status", flat=True
        )
    ) == {Status.FINAL}
