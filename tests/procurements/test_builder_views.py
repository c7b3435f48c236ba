"""The builder's pages used as a procurement officer would: every section saves through its
form, bad input gets the field's message and saves nothing, and what publication fixes is shown
read-only and refused afterwards."""

import html
import re
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from rodtrad.common import clock
from rodtrad.procurements import services
from rodtrad.procurements.models import (
    EvaluationKind,
    LibraryRequirement,
    Lot,
    LotCriterion,
    PlannedIndicator,
    Procurement,
    Requirement,
    SimulatedTender,
    TeamMember,
    TeamRole,
)
from rodtrad.qualitymodels.models import QualityModel
from tests.assessments.factories import make_version
from tests.procurements.factories import (
    actor,
    english_users,  # noqa: F401
    make_procurement,
    requirement_data,
)

pytestmark = pytest.mark.usefixtures("english_users")
NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _frozen_clock():
    clock.freeze(NOW)
    yield
    clock.freeze(None)


def text(response) -> str:
    return re.sub(r"\s+", " ", html.unescape(response.content.decode()))


@pytest.fixture
def officer(personas, client_for):
    return client_for(personas.procurement_officer)


@pytest.fixture
def draft(personas) -> Procurement:
    return make_procurement(personas)


def _url(procurement: Procurement, path: str = "") -> str:
    return f"/procurements/{procurement.pk}/{path}"


# --- a new procurement -----------------------------------------------------------------------


def test_new_procurement_creates_a_draft_with_one_lot(personas, officer):
    url = f"/organisations/{personas.buyer.pk}/procurements/new/"
    response = officer.post(url, {"title": " Hemtjänst Norr ", "reference_number": "KS 2026/7"})
    procurement = Procurement.objects.get()
    assert response["Location"] == f"/procurements/{procurement.pk}/"
    assert (procurement.title, procurement.reference_number, procurement.status) == (
        "Hemtjänst Norr",
        "KS 2026/7",
        "draft",
    )
    assert list(procurement.lots.values_list("number", "title")) == [(1, "Hemtjänst Norr")]
    assert list(procurement.team.values_list("user", "role")) == [
        (personas.procurement_officer.pk, TeamRole.PROCUREMENT_OFFICER)
    ]


def test_new_procurement_needs_title_and_reference(personas, officer):
    url = f"/organisations/{personas.buyer.pk}/procurements/new/"
    response = officer.post(url, {"title": " ", "reference_number": ""})
    page = text(response)
    assert response.status_code == 200
    assert 'href="#id_title">Title: Give the procurement a title.' in page
    assert "Enter the reference number (diarienummer)." in page
    assert not Procurement.objects.exists()


# --- the procurement page --------------------------------------------------------------------


def test_procurement_page_shows_the_phases_and_the_task_list(personas, officer):
    procurement = services.create_procurement(
        actor=actor(personas.procurement_officer),
        buyer=personas.buyer,
        title="Hemtjänst",
        reference_number="KS 1",
    )
    page = text(officer.get(_url(procurement)))
    phases = [
        re.sub(r"<[^>]+>", "", title).strip()
        for title in re.findall(r'<h3 class="phase__title">(.*?)</h3>', page)
    ]
    assert phases == [
        "A A. Preparation Now",
        "B B. Procurement documents Now",
        "C C. Procurement Later",
        "D D. Contract Later",
    ]
    assert "The model is an internal tool" in page
    assert "the source of requirements in the documents" in page
    assert "the evaluation instrument during tendering" in page
    assert "a shared development tool during the contract" in page
    tasks = re.findall(r'<div class="task-list__name"> <a href="([^"]+)"[^>]*>([^<]+)</a>', page)
    assert [title for _url_, title in tasks][:9] == [
        "Basics",
        "Team",
        "Goals",
        "Mandatory requirements",
        "Award criteria",
        "Partnership and follow-up",
        "Planned indicators",
        "Evaluation model",
        "Simulation",
    ]
    statuses = re.findall(r'class="tag tag--task-([a-z_]+)"', page)
    # A new draft: the goals task has a blocking problem, team and criteria too.
    assert statuses[:9] == [
        "problems",  # basics: no CPV code, no deadlines
        "problems",  # team: no chair, evaluators or openers
        "problems",  # goals: none yet
        "not_started",
        "problems",  # criteria: no model
        "problems",  # partnership: no follow-up description or cadence
        "not_started",
        "not_started",
        "not_started",
    ]
    assert "Lots" not in [title for _url_, title in tasks]
    assert "Divide into lots" in page


def test_procurement_page_marks_a_complete_draft_done(personas, officer):
    procurement = make_procurement(personas, trained=True)
    page = text(officer.get(_url(procurement)))
    statuses = re.findall(r'class="tag tag--task-([a-z_]+)"', page)
    assert statuses[:9] == ["done"] * 9
    assert "Ready to publish" in page
    assert "The red-thread check has 0 blocking items." in page


# --- basics ----------------------------------------------------------------------------------


def _basics(**overrides) -> dict[str, str]:
    data = {
        "title": "Vård- och omsorgsboende Ekbacken",
        "reference_number": "KS 2026/101",
        "description": "48 platser",
        "cpv_codes": "85311100-3, 85311000-2",
        "estimated_value": "48 000 000",
        "contract_start": "2026-09-01",
        "contract_end": "2030-08-31",
        "options": "1 + 1 år",
        "procedure": "welfare",
        "publication_date": "2026-03-10T08:00",
        "questions_deadline": "2026-04-01T23:59",
        "tender_deadline": "2026-06-15T12:00",
        "planned_award_date": "2026-06-30",
    }
    data.update(overrides)
    return data


def test_basics_are_saved_with_times_in_swedish_time(draft, officer):
    response = officer.post(_url(draft, "basics/"), _basics())
    assert response["Location"] == _url(draft)
    draft.refresh_from_db()
    assert draft.cpv_codes == ["85311100-3", "85311000-2"]
    assert draft.estimated_value == Decimal("48000000.00")
    # 12:00 in Stockholm in June (summer time) is 10:00 UTC; 08:00 in March is 07:00 UTC.
    assert draft.tender_deadline == datetime(2026, 6, 15, 10, 0, tzinfo=UTC)
    assert draft.publication_date == datetime(2026, 3, 10, 7, 0, tzinfo=UTC)
    page = text(officer.get(_url(draft, "basics/")))
    assert 'value="2026-06-15T12:00"' in page
    assert 'type="datetime-local"' in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (
            "cpv_codes",
            "8531110",
            "“8531110” is not a CPV code: write eight digits and the check digit, for example "
            "85311100-3.",
        ),
        (
            "tender_deadline",
            "2026-03-20T12:00",
            "The timeline must go forwards: publication, last day for questions, tender deadline.",
        ),
        ("contract_end", "2026-08-01", "The contract must end after it starts."),
        ("estimated_value", "-5", "Enter a number, zero or more."),
        ("estimated_value", "mycket", "Enter a number, for example 1250 or 1 250,50."),
        ("planned_award_date", "2026-06-01", "The award cannot be planned before the tender"),
        ("title", "", "Give the procurement a title."),
    ],
)
def test_basics_refuse_bad_input_with_the_fields_message(draft, officer, field, value, message):
    before = Procurement.objects.values().get(pk=draft.pk)
    response = officer.post(_url(draft, "basics/"), _basics(**{field: value}))
    page = text(response)
    assert response.status_code == 400
    assert f'href="#id_{field}"' in page
    assert message in page
    assert Procurement.objects.values().get(pk=draft.pk) == before


# --- lots ------------------------------------------------------------------------------------


def test_dividing_into_lots_and_a_lots_own_evaluation(personas, draft, officer):
    assert "Divide into lots" in text(officer.get(_url(draft, "basics/")))
    response = officer.post(
        _url(draft, "lots/new/"), {"title": "Ekbacken hus B", "estimated_value": "12 000 000"}
    )
    assert response["Location"] == _url(draft, "lots/")
    assert list(draft.lots.values_list("number", "title", "estimated_value")) == [
        (1, draft.title, None),
        (2, "Ekbacken hus B", Decimal("12000000.00")),
    ]
    overview = text(officer.get(_url(draft)))
    assert "2 lots" in overview and "Divide into lots" not in overview

    lot = draft.lots.get(number=2)
    awards = list(draft.criteria.order_by("order"))
    data = {"own": "on"}
    for award in awards:
        data[f"points-{award.pk}"] = "50"
        data[f"amount-{award.pk}"] = "200"
    response = officer.post(_url(draft, f"lots/{lot.pk}/evaluation/"), data)
    assert response.status_code == 302
    assert sorted(LotCriterion.objects.filter(lot=lot).values_list("points", "amount")) == [
        (Decimal("50.00"), Decimal("200.00"))
    ] * len(awards)

    data[f"amount-{awards[0].pk}"] = "-1"
    bad = officer.post(_url(draft, f"lots/{lot.pk}/evaluation/"), data)
    assert bad.status_code == 400
    assert "Enter a number, zero or more." in text(bad)
    assert LotCriterion.objects.get(lot=lot, award_criterion=awards[0]).amount == Decimal("200")

    response = officer.post(_url(draft, f"lots/{lot.pk}/delete/"))
    assert response["Location"] == _url(draft, "lots/")
    assert draft.lots.count() == 1


def test_the_last_lot_cannot_be_removed(draft, officer):
    lot = draft.lots.get()
    response = officer.post(_url(draft, f"lots/{lot.pk}/delete/"))
    assert response.status_code == 400
    assert "A procurement has at least one lot." in text(response)
    assert draft.lots.count() == 1


def test_a_lot_of_another_procurement_is_not_found(personas, draft, officer):
    other = make_procurement(personas, title="Annan")
    lot = other.lots.get()
    assert officer.get(_url(draft, f"lots/{lot.pk}/")).status_code == 404
    assert officer.post(_url(draft, f"lots/{lot.pk}/delete/")).status_code == 404
    assert Lot.objects.filter(pk=lot.pk).exists()


# --- team ------------------------------------------------------------------------------------


def test_team_is_set_with_checkboxes_per_person(personas, draft, officer):
    page = text(officer.get(_url(draft, "team/")))
    assert "Eva Utvärderare (evaluator@ekby.se)" in page
    assert "Not trained in the model yet." in page
    data = {
        f"person-{personas.procurement_officer.pk}": ["procurement_officer", "opener"],
        f"person-{personas.buyer_admin.pk}": ["opener"],
        f"person-{personas.panel_chair.pk}": ["panel_chair"],
        f"person-{personas.evaluator.pk}": ["evaluator", "contract_manager"],
    }
    assert officer.post(_url(draft, "team/"), data).status_code == 302
    assert set(draft.team.values_list("user__email", "role")) == {
        ("officer@ekby.se", "procurement_officer"),
        ("officer@ekby.se", "opener"),
        ("admin@ekby.se", "opener"),
        ("chair@ekby.se", "panel_chair"),
        ("evaluator@ekby.se", "evaluator"),
        ("evaluator@ekby.se", "contract_manager"),
    }


def test_team_needs_a_procurement_officer(personas, draft, officer):
    before = set(TeamMember.objects.filter(procurement=draft).values_list("user", "role"))
    response = officer.post(
        _url(draft, "team/"), {f"person-{personas.evaluator.pk}": ["evaluator"]}
    )
    assert response.status_code == 400
    assert "The team needs at least one procurement officer." in text(response)
    assert set(TeamMember.objects.filter(procurement=draft).values_list("user", "role")) == before


# --- goals -----------------------------------------------------------------------------------


def test_goals_are_added_edited_and_removed(draft, officer):
    response = officer.post(_url(draft, "goals/new/"), {"text": "Trygghet dygnet runt"})
    assert response["Location"] == _url(draft, "goals/")
    goal = draft.goals.get(text="Trygghet dygnet runt")
    assert goal.code == "M3"
    officer.post(_url(draft, f"goals/{goal.pk}/"), {"text": "Trygghet hela dygnet"})
    goal.refresh_from_db()
    assert goal.text == "Trygghet hela dygnet"
    page = text(officer.get(_url(draft, "goals/")))
    assert "M3" in page and "Trygghet hela dygnet" in page
    officer.post(_url(draft, f"goals/{goal.pk}/delete/"))
    assert not draft.goals.filter(pk=goal.pk).exists()


def test_an_empty_goal_is_refused(draft, officer):
    response = officer.post(_url(draft, "goals/new/"), {"text": "  "})
    assert response.status_code == 400
    assert "Write the goal." in text(response)
    assert draft.goals.count() == 2


# --- mandatory requirements and the library --------------------------------------------------


def test_requirements_list_shows_the_count_against_the_limit(draft, officer):
    page = text(officer.get(_url(draft, "requirements/")))
    assert "2 mandatory requirements; your organisation warns above 15." in page


def test_a_requirement_is_added_and_refused_without_its_kind(draft, officer):
    data = requirement_data(9)
    response = officer.post(_url(draft, "requirements/new/"), data)
    assert response["Location"] == _url(draft, "requirements/")
    assert draft.requirements.get(title="Krav 9").code == "SK3"
    bad = officer.post(_url(draft, "requirements/new/"), {**data, "title": "Krav 10", "kind": ""})
    assert bad.status_code == 400
    assert "Choose whether it applies to the tenderer or to the service." in text(bad)
    assert not Requirement.objects.filter(title="Krav 10").exists()


def test_requirements_go_to_and_come_from_the_library(personas, draft, officer):
    requirement = draft.requirements.get(code="SK1")
    officer.post(_url(draft, f"requirements/{requirement.pk}/to-library/"))
    item = LibraryRequirement.objects.get(organisation=personas.buyer)
    assert (item.title, item.follow_up_frequency) == ("Krav 1", "Årligen")

    other = make_procurement(personas, title="Hemtjänst", requirements=0)
    page = text(officer.get(_url(other, "requirements/from-library/")))
    assert "Krav 1" in page
    response = officer.post(_url(other, "requirements/from-library/"), {"items": [item.pk]})
    assert response["Location"] == _url(other, "requirements/")
    copied = other.requirements.get()
    assert (copied.code, copied.title, copied.from_library) == ("SK1", "Krav 1", item)

    nothing = officer.post(_url(other, "requirements/from-library/"), {})
    assert "Choose at least one requirement." in text(nothing)
    assert other.requirements.count() == 1


def test_the_library_page_manages_the_organisations_requirements(personas, officer):
    url = f"/organisations/{personas.buyer.pk}/requirement-library/"
    response = officer.post(url + "new/", requirement_data(1, title="Läkemedel"))
    assert response["Location"] == url
    item = LibraryRequirement.objects.get()
    assert "Läkemedel" in text(officer.get(url))
    officer.post(url + f"{item.pk}/", requirement_data(1, title="Läkemedelshantering"))
    item.refresh_from_db()
    assert item.title == "Läkemedelshantering"
    bad = officer.post(url + f"{item.pk}/", requirement_data(1, title="Ny", text=""))
    assert bad.status_code == 400 and "Write the requirement." in text(bad)
    item.refresh_from_db()
    assert item.title == "Läkemedelshantering"
    officer.post(url + f"{item.pk}/delete/")
    assert not LibraryRequirement.objects.exists()


def test_another_organisations_library_item_is_not_found(personas, client_for):
    foreign = services.save_library_requirement(
        actor=actor(personas.other_buyer_officer),
        organisation=personas.other_buyer,
        item=None,
        data=requirement_data(1),
    )
    client = client_for(personas.procurement_officer)
    url = f"/organisations/{personas.buyer.pk}/requirement-library/{foreign.pk}/"
    assert client.get(url).status_code == 404
    assert client.post(url + "delete/").status_code == 404
    assert LibraryRequirement.objects.filter(pk=foreign.pk).exists()


# --- award criteria --------------------------------------------------------------------------


def test_choosing_a_model_offers_the_library_and_own_models_only(personas, officer):
    procurement = services.create_procurement(
        actor=actor(personas.procurement_officer),
        buyer=personas.buyer,
        title="Hemtjänst",
        reference_number="KS 1",
    )
    library = make_version()
    own = make_version(model=QualityModel.objects.create(name="Ekbys modell", owner=personas.buyer))
    foreign = make_version(
        model=QualityModel.objects.create(name="Grannbys modell", owner=personas.other_buyer)
    )
    page = text(officer.get(_url(procurement, "criteria/")))
    assert "Testmodell v1 (library)" in page and "Ekbys modell v1 (your organisation)" in page
    assert "Grannbys modell" not in page

    refused = officer.post(_url(procurement, "criteria/model/"), {"model_version": foreign.pk})
    assert refused.status_code == 400
    assert procurement.criteria.count() == 0

    response = officer.post(
        _url(procurement, "criteria/model/"), {"model_version": own.pk, "include_results": ""}
    )
    assert response["Location"] == _url(procurement, "criteria/")
    assert sorted(procurement.criteria.values_list("criterion__kind", flat=True)) == [
        "approach",
        "approach",
    ]
    officer.post(
        _url(procurement, "criteria/model/"),
        {"model_version": library.pk, "include_results": "on"},
    )
    assert procurement.criteria.count() == 3
    page = text(officer.get(_url(procurement, "criteria/")))
    assert "240.00 points in the award criteria; the model's criteria carry 240." in page


def test_scope_keeps_only_the_chosen_criteria(draft, officer):
    results = draft.criteria.get(criterion__kind="results")
    keep = [a.criterion_id for a in draft.criteria.exclude(pk=results.pk)]
    response = officer.post(_url(draft, "criteria/scope/"), {"criteria": keep})
    assert response["Location"] == _url(draft, "criteria/")
    assert sorted(draft.criteria.values_list("criterion_id", flat=True)) == sorted(keep)
    empty = officer.post(_url(draft, "criteria/scope/"), {})
    assert empty.status_code == 400
    assert "Choose at least one award criterion." in text(empty)
    assert draft.criteria.count() == 2


def test_an_award_criterion_is_worked_in(draft, officer):
    award = draft.criteria.order_by("order").first()
    goal = draft.goals.get(code="M2")
    url = _url(draft, f"criteria/{award.pk}/")
    page = text(officer.get(url))
    assert "What the model says" in page and "Beskrivning 1" in page
    assert "Price deduction for full marks (SEK)" in page
    response = officer.post(
        url,
        {
            "points": "80",
            "guidance": "Måltider som de boende ser fram emot.",
            "question": "Hur planerar ni måltiderna med de boende?",
            "answer_max_chars": "4000",
            "amount": "1 500",
            "goals": [goal.pk],
        },
    )
    assert response["Location"] == _url(draft, "criteria/")
    award.refresh_from_db()
    assert (award.points, award.amount, award.answer_max_chars) == (
        Decimal("80.00"),
        Decimal("1500.00"),
        4000,
    )
    assert award.guidance == "Måltider som de boende ser fram emot."
    assert list(award.goals.all()) == [goal]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("points", "0", "An award criterion needs more than zero points."),
        ("amount", "-100", "Enter a number, zero or more."),
        ("answer_max_chars", "50", "Allow between 200 and 50 000 characters."),
    ],
)
def test_an_award_criterion_refuses_bad_input(draft, officer, field, value, message):
    award = draft.criteria.order_by("order").first()
    data = {"points": "70", "guidance": "Ny", "question": "Ny", "answer_max_chars": "6000"}
    data[field] = value
    response = officer.post(_url(draft, f"criteria/{award.pk}/"), data)
    assert response.status_code == 400
    assert message in text(response)
    award.refresh_from_db()
    assert award.guidance != "Ny"


# --- partnership and indicators --------------------------------------------------------------


def test_partnership_offers_the_default_question_and_saves(personas, officer):
    procurement = services.create_procurement(
        actor=actor(personas.procurement_officer),
        buyer=personas.buyer,
        title="Hemtjänst",
        reference_number="KS 1",
    )
    page = text(officer.get(_url(procurement, "partnership/")))
    assert services.DEFAULT_PARTNERSHIP_QUESTION in page
    response = officer.post(
        _url(procurement, "partnership/"),
        {
            "partnership_question": "Hur vill ni samverka?",
            "follow_up_description": "Årlig uppföljning.",
            "follow_up_months": "6",
            "both_parties": "on",
            "baseline": "on",
        },
    )
    assert response.status_code == 302
    procurement.refresh_from_db()
    assert (
        procurement.partnership_question,
        procurement.follow_up_months,
        procurement.follow_up_baseline,
        procurement.follow_up_barometer,
    ) == ("Hur vill ni samverka?", 6, True, False)
    suggested = text(officer.get(_url(procurement, "partnership/?suggested=1")))
    assert f"{services.DEFAULT_PARTNERSHIP_QUESTION}</textarea>" in suggested


def test_partnership_refuses_an_impossible_cadence(draft, officer):
    response = officer.post(
        _url(draft, "partnership/"),
        {"partnership_question": "X", "follow_up_description": "Y", "follow_up_months": "0"},
    )
    assert response.status_code == 400
    assert "Follow up between every month and every five years." in text(response)
    draft.refresh_from_db()
    assert draft.follow_up_months == 12


def test_indicators_are_linked_to_goals(draft, officer):
    goal = draft.goals.get(code="M1")
    data = {
        "name": "Väntetid till särskilt boende",
        "unit": "dagar",
        "direction": "lower",
        "target": "30",
        "kolada_kpi": "u23401",
        "goals": [goal.pk],
    }
    response = officer.post(_url(draft, "indicators/new/"), data)
    assert response["Location"] == _url(draft, "indicators/")
    indicator = draft.indicators.get(name="Väntetid till särskilt boende")
    assert (indicator.kolada_kpi, list(indicator.goals.all())) == ("U23401", [goal])
    bad = officer.post(_url(draft, "indicators/new/"), {**data, "name": "X", "kolada_kpi": "23401"})
    assert bad.status_code == 400
    assert "A Kolada KPI id is a letter and five digits, for example U23471." in text(bad)
    assert not PlannedIndicator.objects.filter(name="X").exists()


# --- the evaluation model and the simulation -------------------------------------------------


def _evaluation(**overrides) -> dict[str, str]:
    data = {
        "kind": "weighted_relative",
        "weight_quality": "70",
        "fixed_price": "",
        "price_unit": "SEK per timme",
        "tie_break": "price",
        "hide_prices": "on",
    }
    data.update(overrides)
    return data


def test_the_relative_model_warns_about_rank_reversal(draft, officer):
    assert "Warning: rank reversal." not in text(officer.get(_url(draft, "evaluation-model/")))
    response = officer.post(_url(draft, "evaluation-model/"), _evaluation())
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.evaluation_kind, draft.weight_quality, draft.weight_price) == (
        "weighted_relative",
        Decimal("0.7000"),
        Decimal("0.3000"),
    )
    page = text(officer.get(_url(draft, "evaluation-model/")))
    assert "Warning: rank reversal." in page
    assert "A tender that cannot win can change the order of the others" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_evaluation(weight_quality="150"), "Enter a weight between 0 and 100 %."),
        (_evaluation(weight_quality=""), "Enter a number."),
        (_evaluation(kind="fixed_price", fixed_price="-1"), "Enter a number, zero or more."),
        (_evaluation(tie_break=""), "Choose how a tie is decided."),
    ],
)
def test_the_evaluation_model_refuses_bad_input(draft, officer, data, message):
    response = officer.post(_url(draft, "evaluation-model/"), data)
    assert response.status_code == 400
    assert message in text(response)
    draft.refresh_from_db()
    assert draft.evaluation_kind == EvaluationKind.VALUE_ADDED


def test_the_simulation_shows_ranking_breakdown_and_the_headline(draft, officer):
    page = text(officer.get(_url(draft, "simulation/")))
    # Value-added, 300 SEK per criterion (3 criteria), median step 50 %, median price 2 000:
    # full marks may cost (1 − 0.5) · 900 = 450 SEK more, 22.50 %.
    assert (
        "A tender with full quality marks can be 22.50 % (450.00 kr) more expensive than one "
        "with median marks and still win." in page
    )
    rows = re.findall(r'<td class="num">(\d)</td> <th scope="row">([^<]+)</th>', page)
    # A: 2100 − 0.7·900 = 1470; B: 1900 − 0.4·900 = 1540; the lowest wins.
    assert rows == [("1", "Anbud A"), ("2", "Anbud B")]
    assert "1470.00" in page and "1540.00" in page


def test_a_fictive_tender_is_added_and_its_step_must_be_on_the_scale(draft, officer):
    awards = list(draft.criteria.order_by("order"))
    data = {"name": "Anbud C", "price": "2 000"}
    data.update({f"step-{a.pk}": "100" for a in awards})
    response = officer.post(_url(draft, "simulation/new/"), data)
    assert response["Location"] == _url(draft, "simulation/")
    tender = SimulatedTender.objects.get(name="Anbud C")
    assert tender.steps == {str(a.pk): 100 for a in awards}
    assert "Anbud C" in text(officer.get(_url(draft, "simulation/")))

    bad = officer.post(
        _url(draft, "simulation/new/"), {**data, "name": "Anbud D", f"step-{awards[0].pk}": "55"}
    )
    assert bad.status_code == 400
    assert f"Choose a step of the scale for {awards[0].criterion.code}." in text(bad)
    negative = officer.post(_url(draft, "simulation/new/"), {**data, "name": "E", "price": "-1"})
    assert "Enter a number, zero or more." in text(negative)
    assert not SimulatedTender.objects.filter(name__in=["Anbud D", "E"]).exists()


def test_a_fictive_tender_is_edited_and_removed(draft, officer):
    tender = draft.simulated_tenders.get(name="Anbud B")
    awards = list(draft.criteria.order_by("order"))
    page = text(officer.get(_url(draft, f"simulation/{tender.pk}/")))
    assert 'value="1900"' in page
    data = {"name": "Anbud B2", "price": "1800"}
    data.update({f"step-{a.pk}": "60" for a in awards})
    assert officer.post(_url(draft, f"simulation/{tender.pk}/"), data).status_code == 302
    tender.refresh_from_db()
    assert (tender.name, tender.price) == ("Anbud B2", Decimal("1800.00"))
    officer.post(_url(draft, f"simulation/{tender.pk}/delete/"))
    assert not SimulatedTender.objects.filter(pk=tender.pk).exists()


# --- after publication -----------------------------------------------------------------------


def test_after_publication_model_criteria_and_evaluation_are_read_only(personas, officer):
    procurement = make_procurement(personas, publish=True)
    award = procurement.criteria.order_by("order").first()
    for path in ("criteria/", f"criteria/{award.pk}/", "evaluation-model/"):
        page = text(officer.get(_url(procurement, path)))
        assert "The procurement is published: the quality model, the award criteria" in page
        assert "disabled" in page
    criteria_page = text(officer.get(_url(procurement, "criteria/")))
    assert "Use this model" not in criteria_page
    assert "Save the criteria in scope" not in criteria_page


def test_changing_the_evaluation_model_after_publication_is_refused(personas, officer):
    procurement = make_procurement(personas, publish=True)
    response = officer.post(_url(procurement, "evaluation-model/"), _evaluation())
    assert response.status_code == 400
    assert "The evaluation model cannot be changed after publication" in text(response)
    procurement.refresh_from_db()
    assert procurement.evaluation_kind == EvaluationKind.VALUE_ADDED


def test_criteria_and_lots_cannot_change_after_publication(personas, officer):
    procurement = make_procurement(personas, publish=True)
    award = procurement.criteria.order_by("order").first()
    response = officer.post(
        _url(procurement, f"criteria/{award.pk}/"),
        {"points": "10", "guidance": "Ny", "question": "Ny", "answer_max_chars": "6000"},
    )
    assert "The award criteria cannot be changed after publication" in text(response)
    award.refresh_from_db()
    assert award.points == Decimal("70.00")
    scope = officer.post(_url(procurement, "criteria/scope/"), {"criteria": [award.criterion_id]})
    assert "cannot be changed after publication" in text(scope)
    assert procurement.criteria.count() == 3
    lot = officer.post(_url(procurement, "lots/new/"), {"title": "Hus B"})
    assert "The division into lots cannot be changed after publication" in text(lot)
    assert procurement.lots.count() == 1


def test_the_simulation_notes_a_tie_and_a_lottery(personas, officer):
    procurement = make_procurement(personas, prices=(2000, 2000), steps=(50, 50))
    page = text(officer.get(_url(procurement, "simulation/")))
    assert "Same comparison figure as Anbud B; the tie-break rule decides." in page
    assert "Same comparison figure as Anbud A; the tie-break rule decides." in page
    assert "The first place is shared: a lottery would be needed." in page


def test_the_fixed_price_headline_says_quality_always_wins(personas, officer):
    procurement = make_procurement(personas, kind=EvaluationKind.FIXED_PRICE)
    page = text(officer.get(_url(procurement, "simulation/")))
    assert (
        "A tender with full quality marks wins at any price against one with median marks." in page
    )
