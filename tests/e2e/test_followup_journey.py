"""A follow-up round of a registered contract in the browser, from the contract page to the round
report: the contract manager (Karin Avtalsförvaltare) starts round 1 with a panel of both
parties (herself as chair, the buyer's Eva Utvärderare and the provider's Anton Anbud); each party
writes a self-description; she opens individual assessment, scores the provider herself, runs
its consensus to final and completes the round with agreed next steps. Meanwhile both teams
answer the partnership barometer; she imports a Kolada file for an indicator, turns an
improvement area of the provider's feedback report into an action and downloads the round's
report as a PDF. A competitor gets a 404 for the contract. axe-core on every page visited.

Set-up (services): provider A won with 80 % on every award criterion (1 and 2 of 70 points,
3 of 100), so the tender baseline is 56.00, 56.00 and 80.00 points. The whole panel scores the
provider 90/80/70 %, so round 1 gives 63.00, 56.00 and 70.00 (criterion 1: +7.00 since the
tender). The buyer is assessed at 60 % through the services.

Barometer (three of each team, the minimum group): the buyer's team rates every condition 4, 4
and 5 (mean 4.3); the provider's 3, 3 and 3 (mean 3.0), except that Anton rates room for action
2 (mean 2.7). Gaps: 1.3 on trust, 1.6 on room for action, both large (1.0 or more).

Kolada: the indicator U23471 for municipality 1480 with the target 90 (higher is better) gets
81.0 for 2025 (the total; the women's 83.0 and the men's 78.0 are not used): it misses the
target."""

from __future__ import annotations

import io
import json
import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from rodtrad.assessments import services as engine
from rodtrad.assessments.models import Status
from rodtrad.followup.models import FollowUpRound, RoundStatus
from rodtrad.improvements.models import ImprovementAction
from rodtrad.indicators.models import Indicator
from tests.assessments.factories import agree_all, score_all
from tests.contracts.factories import today
from tests.e2e.conftest import check_accessibility, log_in
from tests.evaluations.factories import actor
from tests.factories import PASSWORD
from tests.partnership.factories import answer, contracted
from tests.personas import create_personas

pytestmark = pytest.mark.e2e

# The panel's step per criterion of the provider (everyone the same: the median is agreed).
PROVIDER_STEPS = {"1": 90, "2": 80, "3": 70}
BUYER_STEP = 60
ROUND = "Follow-up round 1"
AREA = "Nattpersonalen behöver introduktion i måltidsrutinen."
ACTION = "Inför introduktion i måltidsrutinen för all nattpersonal före sommaren."
NEXT_STEPS = "Omsorg A AB inför måltidsvärdar; kommunen följer upp i nästa runda."
PROVIDER_TEXT = "Vi följer upp måltiderna varje månad i egenkontrollen."
BUYER_TEXT = "Kommunen delar sina uppgifter om måltiderna med utföraren."
INDICATOR = "Nöjdhet med maten"
KOLADA = {
    "values": [
        {
            "kpi": "U23471",
            "municipality": "1480",
            "period": 2025,
            "values": [
                {"gender": "T", "value": 81.0, "count": 1, "status": ""},
                {"gender": "K", "value": 83.0, "count": 1, "status": ""},
                {"gender": "M", "value": 78.0, "count": 1, "status": ""},
            ],
        }
    ],
    "count": 1,
    "next_page": None,
}


@pytest.fixture
def world(transactional_db):
    personas = create_personas()
    setup = contracted(personas)
    for user in [*vars(personas).values(), *setup.buyer_team, *setup.provider_team]:
        if hasattr(user, "language"):
            user.language = "en"
            user.save(update_fields=["language"])
    assert setup.contract.provider == personas.provider_a
    assert setup.first.status == RoundStatus.PLANNED
    return personas, setup


def _log_out(page: Page) -> None:
    page.get_by_role("button", name="Log out").click()
    check_accessibility(page)


def _round_page(page: Page, contract, round) -> None:
    page.goto(f"/contracts/{contract.pk}/follow-up/{round.pk}/")
    check_accessibility(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(ROUND)


def _status(page: Page, text: str) -> None:
    expect(page.get_by_role("status").first).to_contain_text(text)
    check_accessibility(page)


def _describe(page: Page, name: str, code: str, text: str, evidence: str) -> None:
    section = page.get_by_role("region", name=f"Self-description of {name}")
    criterion = section.get_by_role("group", name=f"{code} Kriterium {code}")
    criterion.get_by_label("How you work with it").fill(text)
    criterion.get_by_label("Evidence").fill(evidence)
    section.get_by_role("button", name="Save the self-descriptions").click()
    _status(page, "The self-descriptions are saved (1).")


def _answer_barometer(page: Page, contract, round, ratings: dict[str, int], comment=None):
    """Answer every condition with 4 unless `ratings` says otherwise (by condition name)."""
    _round_page(page, contract, round)
    page.get_by_role("link", name="Partnership barometer of the round").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Partnership barometer: {ROUND}")
    check_accessibility(page)
    expect(page.get_by_role("main")).to_contain_text(
        "The results are shown when the round is done."
    )
    for name in (
        "Common goals",
        "Collaboration",
        "Room for action",
        "Dialogue and communication",
        "Respect",
        "Trust",
        "Openness",
        "Culture",
        "Clarity",
        "Learning process",
    ):
        group = page.get_by_role("group", name=re.compile(rf"^{name} \(optional\)"))
        group.get_by_role("radio", name=str(ratings.get(name, 4)), exact=True).check()
    if comment is not None:
        condition, text = comment
        page.get_by_label(f"Comment on {condition}").fill(text)
    page.get_by_role("button", name="Save my answer").click()
    _status(page, "Your answer is saved. You can change it until the round is done.")
    expect(page.get_by_role("heading", name="Your answer")).to_be_visible()


def _score_provider(page: Page, assessment) -> None:
    """The chair signs the declaration and submits her individual assessment of the provider,
    reading the provider's self-description beside criterion 1."""
    page.goto(f"/assessments/{assessment.pk}/")
    check_accessibility(page)
    page.get_by_role("link", name="Sign the declaration").click()
    check_accessibility(page)
    page.get_by_label("I will keep what I read and what the panel discusses").check()
    page.get_by_label("I have no conflict of interest in this assessment.").check()
    page.get_by_role("button", name="Sign the declaration").click()
    _status(page, "Your declaration is signed.")
    page.get_by_role("link", name="Your individual assessment").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your individual assessment")
    check_accessibility(page)
    for code, step in PROVIDER_STEPS.items():
        card = page.get_by_role("group", name=re.compile(rf"^{code} Kriterium {code} "))
        if code == "1":
            expect(card).to_contain_text(PROVIDER_TEXT)
        card.get_by_label("Strengths").fill(f"Tydlig rutin {code}")
        card.get_by_label("Improvement areas").fill(f"Följ upp {code} på natten")
        card.get_by_role("radio", name=re.compile(rf"^{step} %")).check()
        expect(card).not_to_have_class(re.compile(r"\bhtmx-request\b"))
        expect(card.locator(".save-state")).to_have_text(re.compile(r"^Saved "))
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Submit the assessment").click()
    _status(page, "Your assessment is submitted and locked.")


def _consensus_provider(page: Page, assessment) -> None:
    """The chair starts the consensus, agrees the suggested steps with an improvement area of
    her own wording on criterion 1, and finalises."""
    page.goto(f"/assessments/{assessment.pk}/")
    check_accessibility(page)
    page.get_by_role("link", name="Start the consensus").click()
    check_accessibility(page)
    page.get_by_role("button", name="Start the consensus").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Consensus")
    check_accessibility(page)
    for code, step in PROVIDER_STEPS.items():
        section = page.get_by_role("region", name=f"{code} Kriterium {code}", exact=True)
        expect(section).to_contain_text(f"Suggested step: {step} %.")
        if code == "1":
            section.get_by_label("Improvement areas (merged)").fill(AREA)
        section.get_by_role("button", name=f"Save the consensus for {code}").click()
        expect(
            page.get_by_role("region", name=f"{code} Kriterium {code}", exact=True).get_by_role(
                "status"
            )
        ).to_have_text("Saved.")
    check_accessibility(page)
    page.get_by_role("button", name="Finalise the assessment").click()
    expect(page).to_have_url(re.compile(r"/report/$"))
    _status(page, "The assessment is final.")
    expect(page.get_by_role("main")).to_contain_text(AREA)


def _through_services(setup, round) -> None:
    """The other panel members score the provider; the whole buyer assessment to final."""
    manager, evaluator = setup.buyer_team[0], setup.buyer_team[1]
    provider_person = setup.provider_team[0]
    round.refresh_from_db()
    provider, buyer = round.provider_assessment, round.buyer_assessment
    for user in (evaluator, provider_person):
        engine.sign_declaration(actor=actor(user), assessment=provider, conflict=False)
        score_all(provider, user, PROVIDER_STEPS)
    for user in (manager, evaluator, provider_person):
        engine.sign_declaration(actor=actor(user), assessment=buyer, conflict=False)
        score_all(buyer, user, BUYER_STEP)
    engine.start_consensus(actor=actor(manager), assessment=buyer)
    agree_all(buyer, manager)
    buyer.refresh_from_db()
    engine.finalise(actor=actor(manager), assessment=buyer)


def _row(page: Page, table, header: str):
    return table.get_by_role("row").filter(has=page.get_by_role("rowheader", name=header))


def test_contract_follow_up_round_from_start_to_report(page, world, tmp_path):
    personas, setup = world
    contract, manager, round = setup.contract, setup.manager, setup.first
    provider_person = personas.provider_a_author
    names = [u.full_name for u in (*setup.buyer_team, *setup.provider_team)]

    # The manager starts round 1 from the contract page with a panel of both parties.
    log_in(page, manager.email, PASSWORD)
    page.goto(f"/contracts/{contract.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Contract between Ekby kommun and Omsorg A AB"
    )
    check_accessibility(page)
    page.get_by_role("link", name="Follow-up rounds and progression").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Follow-up")
    check_accessibility(page)
    page.get_by_role("table", name="Rounds").get_by_role("link", name=ROUND).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ROUND)
    check_accessibility(page)
    page.get_by_label("Chair").select_option(label=f"{manager.full_name} (Ekby kommun)")
    page.get_by_label("Eva Utvärderare (Ekby kommun)").check()
    page.get_by_label("Anton Anbud (Omsorg A AB)").check()
    page.get_by_role("button", name="Start the round").click()
    _status(page, "The round is started. Each party now writes its self-descriptions.")
    summary = page.locator("dl.summary-list")
    expect(summary).to_contain_text("In progress")

    # The buyer writes its self-description; the provider's section is not hers to write.
    expect(
        page.get_by_role("region", name="Self-description of Omsorg A AB").get_by_role("textbox")
    ).to_have_count(0)
    _describe(page, "Ekby kommun", "1", BUYER_TEXT, "Protokoll från samverkansmötet i mars")
    _log_out(page)

    # The provider writes its own and answers the barometer (room for action: 2, the rest 3).
    log_in(page, provider_person.email, PASSWORD)
    _round_page(page, contract, round)
    expect(
        page.get_by_role("region", name="Self-description of Ekby kommun").get_by_role("textbox")
    ).to_have_count(0)
    _describe(page, "Omsorg A AB", "1", PROVIDER_TEXT, "Egenkontroll mars")
    provider_ratings = dict.fromkeys(
        (
            "Common goals",
            "Collaboration",
            "Dialogue and communication",
            "Respect",
            "Trust",
            "Openness",
            "Culture",
            "Clarity",
            "Learning process",
        ),
        3,
    )
    provider_ratings["Room for action"] = 2
    room_comment = "Vi vill kunna ändra schemat utan att fråga först."
    _answer_barometer(
        page, contract, round, provider_ratings, comment=("Room for action", room_comment)
    )
    _log_out(page)

    # The rest of both teams answer through the services.
    round.refresh_from_db()
    answer(contract, round, setup.buyer_team[1], 4)
    answer(contract, round, setup.buyer_team[2], 5)
    for lead in setup.provider_team[1:]:
        answer(contract, round, lead, 3)

    # The manager answers (4 everywhere), opens individual assessment and scores the provider.
    log_in(page, manager.email, PASSWORD)
    _answer_barometer(page, contract, round, {})
    _round_page(page, contract, round)
    page.get_by_role("button", name="Open individual assessment").click()
    _status(page, "Individual assessment is open for the panel.")
    provider_link = summary.locator("div").filter(has_text="Omsorg A AB").get_by_role("link")
    expect(provider_link).to_have_text("Individual assessment")
    round.refresh_from_db()
    assert provider_link.get_attribute("href") == f"/assessments/{round.provider_assessment_id}/"
    _score_provider(page, round.provider_assessment)

    _through_services(setup, round)

    _consensus_provider(page, round.provider_assessment)

    # Both assessments final: she completes the round with the agreed next steps.
    _round_page(page, contract, round)
    expect(summary.locator("div").filter(has_text="Omsorg A AB").get_by_role("link")).to_have_text(
        "Final"
    )
    page.get_by_label("Next steps the parties agreed").fill(NEXT_STEPS)
    page.get_by_role("button", name="Complete the round").click()
    _status(page, "The round is completed.")
    expect(summary).to_contain_text("Done")
    expect(page.get_by_role("main")).to_contain_text(NEXT_STEPS)
    expect(page.get_by_role("button", name="Complete the round")).to_have_count(0)

    # The progression: criterion 1 from 56.00 in the tender to 63.00 in round 1.
    page.goto(f"/contracts/{contract.pk}/follow-up/")
    check_accessibility(page)
    progression = page.get_by_role("table", name="Progression of Omsorg A AB")
    expect(progression.get_by_role("columnheader")).to_have_text(
        ["Criterion", "Tender", ROUND, "Since the start", "Since the previous"]
    )
    for code, figures in (
        ("1", ["56.00", "63.00", "7.00"]),
        ("2", ["56.00", "56.00", "0.00"]),
        ("3", ["80.00", "70.00", "-10.00"]),
    ):
        cells = _row(page, progression, f"{code} Kriterium {code}").get_by_role("cell")
        for position, figure in enumerate(figures):
            expect(cells.nth(position)).to_have_text(figure)
    expect(page.get_by_role("table", name="Progression of Ekby kommun")).to_be_visible()

    # The barometer's aggregates per party, and no respondent's name.
    _round_page(page, contract, round)
    page.get_by_role("link", name="Partnership barometer of the round").click()
    check_accessibility(page)
    results = page.get_by_role("table", name=re.compile(r"^Both parties' view per condition"))
    for condition, buyer, provider, gap in (
        ("Trust", "4.3", "3.0", "1.3 (large)"),
        ("Room for action", "4.3", "2.7", "1.6 (large)"),
    ):
        cells = _row(page, results, condition).get_by_role("cell")
        expect(cells.nth(0)).to_have_text(buyer)
        expect(cells.nth(1)).to_have_text("0 · 0 · 0 · 2 · 1 (3 answers)")
        expect(cells.nth(2)).to_have_text(provider)
        expect(cells.nth(4)).to_have_text(gap)
    room = _row(page, results, "Room for action").get_by_role("cell")
    expect(room.nth(3)).to_have_text("0 · 1 · 2 · 0 · 0 (3 answers)")
    main = page.get_by_role("main")
    expect(main).to_contain_text(room_comment)
    for name in names:
        expect(main).not_to_contain_text(name)
    expect(page.get_by_role("button", name="Save my answer")).to_have_count(0)

    # An indicator followed in Kolada, and a Kolada file imported for it.
    page.goto(f"/contracts/{contract.pk}/indicators/")
    check_accessibility(page)
    page.get_by_role("link", name="Add an indicator").click()
    check_accessibility(page)
    page.get_by_label(re.compile(r"^Indicator")).fill(INDICATOR)
    page.get_by_label(re.compile(r"^Unit")).fill("%")
    page.get_by_label("Higher is better").check()
    page.get_by_label(re.compile(r"^Target")).fill("90")
    page.get_by_label(re.compile(r"^Kolada KPI id")).fill("U23471")
    page.get_by_label(re.compile(r"^Kolada municipality id")).fill("1480")
    page.get_by_role("button", name="Save the indicator").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(INDICATOR)
    _status(page, "The indicator was saved.")
    expect(page.get_by_role("main")).to_contain_text("U23471, municipality 1480")
    page.get_by_role("link", name="Back to the indicators").click()
    check_accessibility(page)
    page.get_by_role("link", name="Import values").click()
    check_accessibility(page)
    kolada_file = tmp_path / "kolada-u23471-1480.json"
    kolada_file.write_text(json.dumps(KOLADA), encoding="utf-8")
    page.get_by_label(re.compile(r"^File")).set_input_files(kolada_file)
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check the import")
    check_accessibility(page)
    expect(page.get_by_role("main")).to_contain_text("Confirming saves 1 value (Kolada)")
    preview = page.get_by_role("table", name="Values to save")
    row = _row(page, preview, INDICATOR).get_by_role("cell")
    expect(row).to_have_text(["Item 1", "2025", "81"])
    page.get_by_role("button", name="Save the values").click()
    _status(page, "1 value was saved.")
    latest = _row(
        page, page.get_by_role("table", name="Latest value against the target"), INDICATOR
    )
    expect(latest.get_by_role("cell")).to_have_text(
        ["Higher is better", "90 %", "2025", "81 %", "Misses the target"]
    )
    latest.get_by_role("link", name=INDICATOR).click()
    check_accessibility(page)
    expect(page.locator("dl.summary-list")).to_contain_text("81 % (2025) Misses the target")
    values = page.get_by_role("table", name=f"{INDICATOR}: values per period")
    expect(_row(page, values, "2025").get_by_role("cell").nth(0)).to_have_text("81")
    indicator = Indicator.objects.get(contract=contract)
    assert [str(v.value) for v in indicator.values.all()] == ["81.0000"]

    # The improvement area of the provider's feedback report becomes an action.
    criterion_1 = round.provider_assessment.scope.get(criterion__code="1").criterion
    page.goto(f"/contracts/{contract.pk}/actions/")
    check_accessibility(page)
    page.get_by_role("link", name="Improvement areas of the feedback reports").click()
    check_accessibility(page)
    source = page.get_by_role("region", name=f"{ROUND}: the provider")
    source.get_by_role("listitem").filter(has_text=AREA).get_by_role(
        "button", name="Make this an action"
    ).click()
    expect(page.get_by_role("heading", name="New action")).to_be_visible()
    check_accessibility(page)
    expect(page.get_by_role("status").filter(has_text="From the improvement area")).to_contain_text(
        f"(1 Kriterium 1): {AREA}"
    )
    form = page.locator("form").filter(has=page.get_by_role("button", name="Add the action"))
    description = form.get_by_label("What is to be done")
    expect(description).to_have_value(AREA)
    description.fill(ACTION)
    expect(form.get_by_label(re.compile(r"^Criterion"))).to_have_value(str(criterion_1.pk))
    form.get_by_label("Owning party").select_option(label="Provider")
    form.get_by_label("Responsible person").select_option(label=provider_person.full_name)
    form.get_by_label(re.compile(r"^Due")).fill((today() + timedelta(days=60)).isoformat())
    form.get_by_role("button", name="Add the action").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Improvement action")
    _status(page, "The action is in the improvement plan.")
    facts = page.locator("dl.summary-list")
    expect(facts).to_contain_text("1 Kriterium 1")
    expect(facts).to_contain_text(f"{AREA} ({ROUND}: Omsorg A AB, 1)")
    page.get_by_role("link", name="Back to the improvement plan").click()
    check_accessibility(page)
    actions = page.get_by_role("table", name=re.compile(r"^The contract's improvement actions"))
    expect(_row(page, actions, ACTION).get_by_role("cell")).to_have_text(
        ["Provider", provider_person.full_name, re.compile(r"\d{4}$"), "Planned"]
    )
    action = ImprovementAction.objects.get(contract=contract)
    round.refresh_from_db()
    assert action.source_item.assessment_id == round.provider_assessment_id
    assert action.source_item.criterion.code == "1"
    assert action.source_text == AREA

    # The round's report as a PDF, with the logged-in browser's session.
    _round_page(page, contract, round)
    link = page.get_by_role("link", name="Download the follow-up report (PDF)")
    href = link.get_attribute("href")
    assert href == f"/contracts/{contract.pk}/follow-up/{round.pk}/report.pdf"
    response = page.context.request.get(href)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages)
    flat = re.sub(r"\s+", " ", text)
    assert f"Follow-up report: {ROUND}" in flat
    assert "Progression of Omsorg A AB" in flat
    assert re.search(r"1 Kriterium 1 56\.00 63\.00 7\.00", flat), flat
    assert INDICATOR in flat and "81 %" in flat and "Misses the target" in flat
    assert ACTION in flat
    assert NEXT_STEPS in flat
    assert re.search(r"Trust 4\.3 .*? 3\.0 .*? 1\.3", flat), flat
    _log_out(page)

    round.refresh_from_db()
    assert round.status == RoundStatus.DONE and round.next_steps == NEXT_STEPS
    assert round.provider_assessment.status == Status.FINAL
    assert FollowUpRound.objects.filter(contract=contract, status=RoundStatus.DONE).count() == 1

    # A competitor sees nothing of the contract.
    log_in(page, personas.provider_b_author.email, PASSWORD)
    response = page.goto(f"/contracts/{contract.pk}/")
    assert response is not None and response.status == 404
    check_accessibility(page)
    expect(page.get_by_role("main")).not_to_contain_text("Omsorg A AB")
