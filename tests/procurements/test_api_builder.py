"""The buyer's procurement endpoints (/api/v1/procurements…) and the stateless
/api/v1/evaluation-models/simulate: the same access rules as the pages (a draft is 404 outside
the buyer side, a write 403 for someone who may only read), bad input answered in the one error
format with nothing saved, and a whole procurement built and published through the API."""

import io
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.test import Client
from pypdf import PdfReader

from rodtrad.audit.models import AuditEvent
from rodtrad.common import clock
from rodtrad.procurements import services
from rodtrad.procurements.models import (
    DocumentVersion,
    Goal,
    LibraryRequirement,
    Procurement,
    Requirement,
    SimulatedTender,
    TeamRole,
)
from tests.assessments.factories import make_version
from tests.procurements.factories import actor, make_procurement, requirement_data

API = "/api/v1"
NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
READERS = ("buyer_admin", "procurement_officer", "panel_chair")
OUTSIDERS = ("evaluator", "buyer_viewer", "provider_a_author", "other_buyer_officer", "stranger")


@pytest.fixture(autouse=True)
def frozen_clock():
    clock.freeze(NOW)
    yield NOW
    clock.freeze(None)


def call(client: Client, method: str, path: str, data=None):
    headers = {"Accept-Language": "en"}
    send = getattr(client, method)
    if data is None:
        return send(API + path, headers=headers)
    return send(API + path, data, content_type="application/json", headers=headers)


def invalid(response) -> dict[str, list[str]]:
    """The field problems of a 400 answer, by field."""
    assert response.status_code == 400, response.content
    body = response.json()["error"]
    assert (body["status"], body["code"]) == (400, "invalid")
    found: dict[str, list[str]] = {}
    for detail in body["details"]:
        found.setdefault(detail["field"], []).append(detail["message"])
    return found


def state(procurement: Procurement) -> tuple:
    p = Procurement.objects.get(pk=procurement.pk)
    return (
        p.status,
        p.title,
        p.cpv_codes,
        p.tender_deadline,
        p.evaluation_kind,
        p.weight_quality,
        list(p.criteria.values_list("points", "amount", "guidance")),
        Goal.objects.filter(procurement=p).count(),
        Requirement.objects.filter(procurement=p).count(),
        p.lots.count(),
        p.team.count(),
        list(p.simulated_tenders.values_list("name", "price", "steps")),
        p.indicators.count(),
        p.document_versions.count(),
        LibraryRequirement.objects.count(),
    )


@pytest.fixture
def draft(personas) -> Procurement:
    """A complete draft; `evaluator` is not on its team, the panel chair is (reads only)."""
    procurement = make_procurement(personas)
    services.set_team(
        actor=actor(personas.procurement_officer),
        procurement=procurement,
        assignments=[
            (personas.procurement_officer, TeamRole.PROCUREMENT_OFFICER),
            (personas.procurement_officer, TeamRole.OPENER),
            (personas.buyer_admin, TeamRole.OPENER),
            (personas.panel_chair, TeamRole.PANEL_CHAIR),
            (personas.evaluator_2, TeamRole.EVALUATOR),
        ],
    )
    return procurement


def reads(p: Procurement) -> list[str]:
    base = f"/procurements/{p.pk}"
    return [
        base,
        base + "/criteria",
        base + "/simulation",
        base + "/red-thread",
        base + "/versions",
    ]


def writes(p: Procurement) -> list[tuple[str, str, dict]]:
    base = f"/procurements/{p.pk}"
    goal, requirement = p.goals.first(), p.requirements.first()
    indicator, award, lot = p.indicators.first(), p.criteria.first(), p.lots.first()
    tender = p.simulated_tenders.first()
    version = p.model_version_id
    return [
        ("put", base + "/basics", {"title": "X", "reference_number": "Y"}),
        ("post", base + "/cancel", {"reason": "X"}),
        ("post", base + "/lots", {"title": "X"}),
        ("put", base + f"/lots/{lot.pk}", {"title": "X"}),
        ("delete", base + f"/lots/{lot.pk}", None),
        ("put", base + f"/lots/{lot.pk}/evaluation", {"own": True}),
        ("put", base + "/team", {"members": []}),
        ("post", base + "/goals", {"text": "X"}),
        ("put", base + f"/goals/{goal.pk}", {"text": "X"}),
        ("delete", base + f"/goals/{goal.pk}", None),
        ("post", base + "/requirements", requirement_data(9)),
        ("put", base + f"/requirements/{requirement.pk}", requirement_data(9)),
        ("delete", base + f"/requirements/{requirement.pk}", None),
        ("post", base + "/requirements/from-library", {"library_requirement_id": 1}),
        ("post", base + f"/requirements/{requirement.pk}/to-library", None),
        ("put", base + "/model", {"model_version_id": version}),
        ("put", base + "/criteria", {"criterion_ids": [award.criterion_id]}),
        ("put", base + f"/criteria/{award.pk}", {"points": 1}),
        ("put", base + "/partnership", {"partnership_question": "X"}),
        ("post", base + "/indicators", {"name": "X", "direction": "higher"}),
        ("put", base + f"/indicators/{indicator.pk}", {"name": "X", "direction": "higher"}),
        ("delete", base + f"/indicators/{indicator.pk}", None),
        ("put", base + "/evaluation-model", {"kind": "fixed_price", "fixed_price": 1}),
        ("post", base + "/simulated-tenders", {"name": "X", "price": 1, "steps": {}}),
        (
            "put",
            base + f"/simulated-tenders/{tender.pk}",
            {"name": "X", "price": 1, "steps": {}},
        ),
        ("delete", base + f"/simulated-tenders/{tender.pk}", None),
        ("post", base + "/publish", {}),
    ]


# --- access ----------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", READERS)
def test_the_buyer_side_reads_the_working_copy(personas, api_for, draft, persona):
    client = api_for(getattr(personas, persona))
    assert {path: call(client, "get", path).status_code for path in reads(draft)} == dict.fromkeys(
        reads(draft), 200
    )
    listed = call(client, "get", "/procurements").json()
    assert listed["count"] == 1 and [p["id"] for p in listed["items"]] == [draft.pk]


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_outsiders_get_404_on_every_endpoint(personas, api_for, draft, persona):
    client = api_for(getattr(personas, persona))
    before = state(draft)
    statuses = {path: call(client, "get", path).status_code for path in reads(draft)}
    statuses.update(
        {
            f"{method} {path}": call(client, method, path, data).status_code
            for method, path, data in writes(draft)
        }
    )
    assert statuses == dict.fromkeys(statuses, 404)
    body = call(client, "get", reads(draft)[0]).json()
    assert body["error"]["code"] == "not_found"
    assert call(client, "get", "/procurements").json() == {"items": [], "count": 0}
    assert state(draft) == before


def test_a_team_member_who_reads_gets_403_on_every_write(personas, api_for, draft):
    client = api_for(personas.panel_chair)
    before = state(draft)
    statuses = {
        f"{method} {path}": call(client, method, path, data).status_code
        for method, path, data in writes(draft)
    }
    assert statuses == dict.fromkeys(statuses, 403)
    assert state(draft) == before


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("buyer_admin", 200),
        ("procurement_officer", 200),
        ("evaluator", 403),
        ("provider_a_author", 404),
        ("other_buyer_officer", 404),
        ("stranger", 404),
    ],
)
def test_the_library_and_creating_are_for_buyer_officers(personas, api_for, persona, status):
    client = api_for(getattr(personas, persona))
    org = personas.buyer.pk
    assert call(client, "get", f"/organisations/{org}/requirement-library").status_code == status
    added = call(client, "post", f"/organisations/{org}/requirement-library", requirement_data(1))
    created = call(
        client,
        "post",
        "/procurements",
        {"organisation_id": org, "title": "Hemtjänst", "reference_number": "KS 1"},
    )
    expected = 201 if status == 200 else status
    assert (added.status_code, created.status_code) == (expected, expected)
    assert LibraryRequirement.objects.exists() == (status == 200)
    assert Procurement.objects.exists() == (status == 200)


def test_anonymous_calls_are_refused(client, db):
    response = client.post(API + "/evaluation-models/simulate", {}, content_type="application/json")
    assert response.status_code == 401
    assert client.get(API + "/procurements").status_code == 401


# --- a procurement through the API -----------------------------------------------------------


def test_a_procurement_is_built_and_published_through_the_api(personas, api_for):
    officer = api_for(personas.procurement_officer)
    version = make_version()
    created = call(
        officer,
        "post",
        "/procurements",
        {
            "organisation_id": personas.buyer.pk,
            "title": "Vård- och omsorgsboende Ekbacken",
            "reference_number": "KS 2026/101",
        },
    )
    assert created.status_code == 201
    body = created.json()
    pid = body["id"]
    assert (body["status"], len(body["lots"]), body["team"]) == (
        "draft",
        1,
        [
            {
                "user_id": personas.procurement_officer.pk,
                "role": "procurement_officer",
                "name": "Olle Upphandlare",
            }
        ],
    )
    base = f"/procurements/{pid}"
    basics = call(
        officer,
        "put",
        base + "/basics",
        {
            "title": "Vård- och omsorgsboende Ekbacken",
            "reference_number": "KS 2026/101",
            "cpv_codes": ["85311100-3"],
            "estimated_value": "48000000",
            "questions_deadline": "2026-04-01T23:59:00",
            "tender_deadline": "2026-06-15T12:00:00+02:00",
        },
    )
    assert basics.status_code == 200
    # A time without a zone is Swedish time: 23:59 in April is 21:59 UTC.
    assert basics.json()["basics"]["questions_deadline"] == "2026-04-01T21:59:00Z"
    assert basics.json()["tender_deadline"] == "2026-06-15T10:00:00Z"

    team = call(
        officer,
        "put",
        base + "/team",
        {
            "members": [
                {"user_id": personas.procurement_officer.pk, "role": "procurement_officer"},
                {"user_id": personas.procurement_officer.pk, "role": "opener"},
                {"user_id": personas.buyer_admin.pk, "role": "opener"},
                {"user_id": personas.panel_chair.pk, "role": "panel_chair"},
                {"user_id": personas.evaluator.pk, "role": "evaluator"},
            ]
        },
    )
    assert len(team.json()) == 5

    criteria = call(officer, "put", base + "/model", {"model_version_id": version.pk}).json()
    assert [(c["code"], c["points"]) for c in criteria] == [
        ("1", "70.00"),
        ("3", "100.00"),
        ("2", "70.00"),
    ]
    goal = call(officer, "post", base + "/goals", {"text": "Trygghet och värdighet"}).json()
    assert goal["code"] == "M1"
    for c in criteria:
        updated = call(
            officer,
            "put",
            base + f"/criteria/{c['id']}",
            {
                "points": c["points"],
                "guidance": f"Vägledning för {c['name']}",
                "question": "Hur arbetar ni?",
                "amount": "300",
                "goal_ids": [goal["id"]],
            },
        )
        assert updated.json()["goal_ids"] == [goal["id"]]
    requirement = call(officer, "post", base + "/requirements", requirement_data(1))
    assert requirement.json()["code"] == "SK1"
    call(
        officer,
        "put",
        base + "/partnership",
        {
            "partnership_question": "Hur vill ni samverka?",
            "follow_up_description": "Årligen.",
            "follow_up_months": 12,
        },
    )
    call(
        officer,
        "post",
        base + "/indicators",
        {
            "name": "Nöjdhet",
            "direction": "higher",
            "kolada_kpi": "U23471",
            "goal_ids": [goal["id"]],
        },
    )
    evaluation_model = call(
        officer, "put", base + "/evaluation-model", {"kind": "value_added", "tie_break": "price"}
    ).json()
    assert (evaluation_model["problems"], evaluation_model["relative"]) == ([], False)
    for name, price, step in (("A", 2100, 70), ("B", 1900, 40)):
        added = call(
            officer,
            "post",
            base + "/simulated-tenders",
            {"name": name, "price": price, "steps": {str(c["id"]): step for c in criteria}},
        )
        assert added.status_code == 201
    sim = call(officer, "get", base + "/simulation").json()
    assert [row["comparison_display"] for row in sim["result"]["rows"]] == ["1470.00", "1540.00"]
    assert sim["result"]["premium"]["percent"] == "22.50"

    checks = call(officer, "get", base + "/red-thread").json()
    blocking = [c["code"] for c in checks if c["severity"] == "blocking" and not c["ok"]]
    assert blocking == []

    published = call(officer, "post", base + "/publish", {})
    assert published.status_code == 201
    assert published.json()["number"] == 1
    assert [v["number"] for v in call(officer, "get", base + "/versions").json()] == [1]
    pdf = call(officer, "get", base + "/versions/1.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Vård- och omsorgsboende Ekbacken" in text
    assert call(officer, "get", base + "/versions/2.pdf").status_code == 404


# --- bad input -------------------------------------------------------------------------------


def _basics(**overrides):
    data = {"title": "Ekbacken", "reference_number": "KS 1"}
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            _basics(cpv_codes=["8531110"]),
            "cpv_codes",
            "“8531110” is not a CPV code: write eight digits and the check digit, for example "
            "85311100-3.",
        ),
        (
            _basics(questions_deadline="2026-05-01T12:00:00Z", tender_deadline="2026-04-01T12:00Z"),
            "tender_deadline",
            "The timeline must go forwards: publication, last day for questions, tender deadline.",
        ),
        (_basics(estimated_value="-1"), "estimated_value", "Enter a number, zero or more."),
        (_basics(title=" "), "title", "Give the procurement a title."),
    ],
)
def test_bad_basics_are_refused(personas, api_for, draft, data, field, message):
    before = state(draft)
    response = call(
        api_for(personas.procurement_officer), "put", f"/procurements/{draft.pk}/basics", data
    )
    assert invalid(response)[field] == [message]
    assert state(draft) == before


@pytest.mark.parametrize(
    ("path", "data", "field", "message"),
    [
        (
            "/evaluation-model",
            {"kind": "weighted_relative", "weight_quality": "150"},
            "weight_quality",
            "Enter a weight between 0 and 100 %.",
        ),
        (
            "/evaluation-model",
            {"kind": "weighted_relative"},
            "weight_quality",
            "Enter a number.",
        ),
        (
            "/partnership",
            {"partnership_question": "X", "follow_up_months": 0},
            "follow_up_months",
            "Follow up between every month and every five years.",
        ),
    ],
)
def test_bad_parameters_are_refused(personas, api_for, draft, path, data, field, message):
    before = state(draft)
    response = call(
        api_for(personas.procurement_officer), "put", f"/procurements/{draft.pk}{path}", data
    )
    assert invalid(response)[field] == [message]
    assert state(draft) == before


def test_negative_amounts_and_off_scale_steps_are_refused(personas, api_for, draft):
    client = api_for(personas.procurement_officer)
    before = state(draft)
    award = draft.criteria.select_related("criterion").order_by("order").first()
    base = f"/procurements/{draft.pk}"
    negative = call(client, "put", base + f"/criteria/{award.pk}", {"points": 70, "amount": -5})
    assert invalid(negative) == {"amount": ["Enter a number, zero or more."]}
    steps = {str(a.pk): 50 for a in draft.criteria.all()}
    steps[str(award.pk)] = 55
    off_scale = call(
        client, "post", base + "/simulated-tenders", {"name": "C", "price": 2000, "steps": steps}
    )
    assert invalid(off_scale) == {
        "steps": [f"Choose a step of the scale for {award.criterion.code}."]
    }
    lot = draft.lots.get()
    lot_values = call(
        client,
        "put",
        base + f"/lots/{lot.pk}/evaluation",
        {"own": True, "amounts": {str(award.pk): -1}},
    )
    assert invalid(lot_values) == {f"amount-{award.pk}": ["Enter a number, zero or more."]}
    assert state(draft) == before


def test_a_foreign_model_version_is_refused(personas, api_for, draft):
    from rodtrad.qualitymodels.models import QualityModel

    foreign = make_version(
        model=QualityModel.objects.create(name="Grannbys", owner=personas.other_buyer)
    )
    before = state(draft)
    response = call(
        api_for(personas.procurement_officer),
        "put",
        f"/procurements/{draft.pk}/model",
        {"model_version_id": foreign.pk},
    )
    assert invalid(response) == {
        "model_version_id": ["Choose a version from the library or your organisation's models."]
    }
    assert state(draft) == before


def test_publication_refusals_name_the_problem(personas, api_for, draft):
    client = api_for(personas.procurement_officer)
    award = draft.criteria.select_related("criterion").order_by("order").first()
    services.update_award_criterion(
        actor=actor(personas.procurement_officer),
        procurement=draft,
        award=award,
        points=award.points,
        guidance="",
        question=award.question,
        amount=award.amount,
        goal_ids=[g.pk for g in draft.goals.all()],
    )
    refused = call(client, "post", f"/procurements/{draft.pk}/publish", {})
    messages = invalid(refused)[""]
    assert messages[0] == "The red-thread check has blocking items:"
    assert (
        f"3. The model is worked in, not just attached: {award.criterion.code} "
        f"{award.criterion.name} has no guidance for this service." in messages
    )
    assert not DocumentVersion.objects.exists()


def test_after_publication_a_change_needs_a_summary_and_the_model_is_fixed(personas, api_for):
    procurement = make_procurement(personas, publish=True)
    client = api_for(personas.procurement_officer)
    base = f"/procurements/{procurement.pk}"
    before = state(procurement)
    assert invalid(call(client, "post", base + "/publish", {})) == {
        "change_summary": ["Describe what changed, for the providers following it."]
    }
    changed = call(
        client,
        "put",
        base + "/evaluation-model",
        {"kind": "weighted_relative", "weight_quality": 60},
    )
    assert invalid(changed)[""][0].startswith(
        "The evaluation model cannot be changed after publication"
    )
    award = procurement.criteria.first()
    scope = call(client, "put", base + "/criteria", {"criterion_ids": [award.criterion_id]})
    assert invalid(scope)[""][0].startswith(
        "The award criteria cannot be changed after publication"
    )
    assert state(procurement) == before
    ok = call(client, "post", base + "/publish", {"change_summary": "Tidplanen förtydligad."})
    assert (ok.status_code, ok.json()["number"], ok.json()["change_summary"]) == (
        201,
        2,
        "Tidplanen förtydligad.",
    )


def test_cancel_needs_a_reason(personas, api_for, draft):
    client = api_for(personas.procurement_officer)
    assert invalid(call(client, "post", f"/procurements/{draft.pk}/cancel", {"reason": " "})) == {
        "reason": ["Give the reason for cancelling."]
    }
    done = call(client, "post", f"/procurements/{draft.pk}/cancel", {"reason": "Nytt behov."})
    assert done.json()["status"] == "cancelled"
    assert (
        call(client, "put", f"/procurements/{draft.pk}/goals/1", {"text": "X"}).status_code == 403
    )


def test_library_and_parts_round_trip(personas, api_for, draft):
    client = api_for(personas.procurement_officer)
    base = f"/procurements/{draft.pk}"
    requirement = draft.requirements.get(code="SK1")
    saved = call(client, "post", base + f"/requirements/{requirement.pk}/to-library")
    assert (saved.status_code, saved.json()["title"]) == (201, "Krav 1")
    library = call(client, "get", f"/organisations/{personas.buyer.pk}/requirement-library").json()
    assert [item["title"] for item in library] == ["Krav 1"]
    copied = call(
        client,
        "post",
        base + "/requirements/from-library",
        {"library_requirement_id": library[0]["id"]},
    ).json()
    assert (copied["code"], copied["from_library_id"]) == ("SK3", library[0]["id"])
    assert call(client, "delete", base + f"/requirements/{copied['id']}").status_code == 204
    item = library[0]["id"]
    url = f"/organisations/{personas.buyer.pk}/requirement-library/{item}"
    assert call(client, "delete", url).status_code == 204
    assert not LibraryRequirement.objects.exists()
    lot = call(client, "post", base + "/lots", {"title": "Hus B", "estimated_value": "100"})
    assert (lot.status_code, lot.json()["number"]) == (201, 2)
    award = draft.criteria.first()
    own = call(
        client,
        "put",
        base + f"/lots/{lot.json()['id']}/evaluation",
        {"own": True, "points": {str(award.pk): 40}},
    ).json()
    values = {v["award_criterion_id"]: v["points"] for v in own["criteria"]}
    assert (own["own_evaluation"], values[award.pk]) == (True, "40.00")


# --- the stateless simulation ----------------------------------------------------------------


SIMULATION = {
    "model": {
        "kind": "value_added",
        "criteria": [
            {"key": "k1", "max_points": 100, "amount": 200},
            {"key": "k2", "max_points": 100, "amount": 100},
        ],
        "tie_break": "quality",
    },
    "tenders": [
        {"key": "A", "price": 1000, "steps": {"k1": "0.8", "k2": "0.5"}},
        {"key": "B", "price": 900, "steps": {"k1": "0.3", "k2": "0.3"}},
    ],
}


def test_simulate_evaluates_and_stores_nothing(personas, api_for):
    client = api_for(personas.stranger)
    events = AuditEvent.objects.count()
    response = call(client, "post", "/evaluation-models/simulate", SIMULATION)
    assert response.status_code == 200
    body = response.json()
    # A: 1000 − (0.8·200 + 0.5·100) = 790; B: 900 − (0.3·200 + 0.3·100) = 810; lowest wins.
    assert [(r["key"], r["comparison_display"], r["rank"]) for r in body["rows"]] == [
        ("A", "790.00", 1),
        ("B", "810.00", 2),
    ]
    assert body["winner_keys"] == ["A"] and body["lower_wins"] is True
    assert [line["deduction_or_surcharge"] for line in body["rows"][0]["breakdown"]] == [
        "160",
        "50",
    ]
    # Median price 950, median step 0.5: full marks may cost (1 − 0.5) · 300 = 150 more.
    assert body["premium"] == {
        "reference_price": "950.00",
        "median_step": "0.5",
        "unlimited": False,
        "break_even_price": "1100.00",
        "amount": "150.00",
        "percent": "15.78",
    }
    assert AuditEvent.objects.count() == events
    assert not SimulatedTender.objects.exists()


def test_simulate_takes_a_scale_and_a_reference_price(personas, api_for):
    payload = {**SIMULATION, "scale_steps": ["0", "0.25", "0.5", "0.75", "1"]}
    payload["reference_price"] = "1000"
    body = call(api_for(personas.buyer_admin), "post", "/evaluation-models/simulate", payload)
    assert body.json()["premium"]["percent"] == "15.00"


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (
            {
                "model": {
                    **SIMULATION["model"],
                    "kind": "weighted_relative",
                    "weight_quality": "0.7",
                }
            },
            "model",
            "The weights of quality and price must add up to 100 %.",
        ),
        (
            {"model": {**SIMULATION["model"], "criteria": [{"key": "k1", "max_points": 0}]}},
            "model",
            "Every criterion needs more than zero points.",
        ),
        (
            {"tenders": [{"key": "A", "price": 100, "steps": {"k1": "1.5"}}]},
            "tenders",
            "Choose a step between 0 and 100 %.",
        ),
        (
            {"tenders": [{"key": "A", "price": 0, "steps": {}}]},
            "tenders",
            "Enter a price above zero.",
        ),
        (
            {"scale_steps": ["0.5"]},
            "scale_steps",
            "A scale needs at least two steps between 0 and 1.",
        ),
    ],
)
def test_simulate_refuses_bad_input(personas, api_for, change, field, message):
    response = call(
        api_for(personas.stranger), "post", "/evaluation-models/simulate", {**SIMULATION, **change}
    )
    assert message in invalid(response)[field]


def test_simulate_refuses_an_unknown_model(personas, api_for):
    bad = {**SIMULATION, "model": {**SIMULATION["model"], "kind": "cheapest"}}
    response = call(api_for(personas.stranger), "post", "/evaluation-models/simulate", bad)
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["field"] == "model.kind"


def test_the_weighted_model_in_the_api_is_marked_relative(personas, api_for, draft):
    body = call(
        api_for(personas.procurement_officer),
        "put",
        f"/procurements/{draft.pk}/evaluation-model",
        {"kind": "weighted_relative", "weight_quality": "0.6"},
    ).json()
    assert (body["relative"], body["weight_quality"], body["weight_price"]) == (
        True,
        "0.6000",
        "0.4000",
    )
    assert Decimal(body["weight_quality"]) + Decimal(body["weight_price"]) == 1
