"""The assessment endpoints of the HTTP API (/api/v1/assessments…): who may do what at each
stage, the JSON they get, bad input answered in the one error format with nothing saved, and
the whole procedure – creation to PDF report – through the API alone."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from django.test import Client
from pypdf import PdfReader

from rodtrad.accounts.actor import Actor
from rodtrad.accounts.roles import Role
from rodtrad.api.tokens import create_token
from rodtrad.assessments import services
from rodtrad.assessments.models import (
    Assessment,
    ConsensusScore,
    IndividualScore,
    PanelMember,
    ScopeItem,
)
from rodtrad.audit.models import AuditEvent
from rodtrad.common import clock
from tests.assessments.factories import (
    actor,
    agree_all,
    declare_all,
    make_self_assessment,
    make_version,
    run_to_consensus,
    score_all,
)
from tests.factories import add_member

API = "/api/v1"
NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
NOW_JSON = "2026-03-02T09:30:00Z"

MSG_NOT_FOUND = "Not found, or you may not see it."
MSG_FORBIDDEN = "You are not allowed to do this."
MSG_UNAUTHENTICATED = "Log in or send a valid personal access token (Authorization: Bearer)."
MSG_INVALID = "The request has invalid values."
MSG_CONFLICT = "Someone else saved this criterion since you read it. Read it again and merge."

# The factory version (make_version()): criteria 1 and 2 are approaches (70 points), 3 is a
# result (100 points); 1 and 3 are in group G1, 2 in G2. Scope order: group by group, 1, 3, 2.
CRITERIA = {
    "1": ("Kriterium 1", "approach", "G1", "70.00"),
    "3": ("Kriterium 3", "results", "G1", "100.00"),
    "2": ("Kriterium 2", "approach", "G2", "70.00"),
}
SCOPE_ORDER = ["1", "3", "2"]


# --- helpers ----------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def frozen_clock():
    clock.freeze(NOW)
    yield NOW
    clock.freeze(None)


def call(client: Client, method: str, path: str, data=None):
    """A JSON request with English messages."""
    headers = {"Accept-Language": "en"}
    send = getattr(client, method)
    if data is None:
        return send(path, headers=headers)
    return send(path, data, content_type="application/json", headers=headers)


def error(status: int, code: str, message: str, details=()) -> dict:
    return {
        "error": {
            "status": status,
            "code": code,
            "message": message,
            "details": [{"field": field, "message": text} for field, text in details],
        }
    }


def field_error(field: str, message: str) -> dict:
    return error(400, "invalid", message, [(field, message)])


def db_state() -> dict:
    """Everything the assessment endpoints can write."""
    return {
        "assessments": list(
            Assessment.objects.order_by("pk").values_list(
                "pk",
                "title",
                "status",
                "individual_started_at",
                "consensus_started_at",
                "consensus_forced_reason",
                "finalised_at",
                "total_points",
            )
        ),
        "scope": list(
            ScopeItem.objects.order_by("pk").values_list(
                "pk", "assessment_id", "criterion_id", "max_points", "order"
            )
        ),
        "panel": list(
            PanelMember.objects.order_by("pk").values_list(
                "pk",
                "user_id",
                "role",
                "declared_at",
                "conflict_declared",
                "conflict_description",
                "removed_at",
                "submitted_at",
            )
        ),
        "individual": list(
            IndividualScore.objects.order_by("pk").values_list(
                "pk", "member_id", "item_id", "percent", "strengths", "improvements", "notes"
            )
        ),
        "consensus": list(
            ConsensusScore.objects.order_by("pk").values_list(
                "pk",
                "item_id",
                "percent",
                "rationale",
                "strengths",
                "improvements",
                "revision",
                "updated_by_id",
                "updated_at",
            )
        ),
        "events": list(
            AuditEvent.objects.exclude(action__in=["user.logged_in", "api_token.created"])
            .order_by("pk")
            .values_list("pk", "action")
        ),
    }


def fresh(assessment: Assessment) -> Assessment:
    return Assessment.objects.get(pk=assessment.pk)


def item_of(assessment: Assessment, code: str) -> ScopeItem:
    return ScopeItem.objects.get(assessment=assessment, criterion__code=code)


def start(p, assessment: Assessment) -> Assessment:
    services.start_individual(actor=actor(p.buyer_admin), assessment=assessment)
    return fresh(assessment)


def at_stage(p, stage: str) -> Assessment:
    """Ekby's self-assessment (chair, evaluator, evaluator 2) at a stage:
    preparation; individual (everyone declared, nobody submitted); consensus (submitted 50, 60
    and 70 % on every criterion); final (the suggested 60 % agreed everywhere)."""
    if stage == "preparation":
        return fresh(make_self_assessment(p))
    if stage == "individual":
        assessment = start(p, make_self_assessment(p))
        declare_all(assessment, p.panel_chair, p.evaluator, p.evaluator_2)
        return fresh(assessment)
    assessment = run_to_consensus(p)
    if stage == "consensus":
        return fresh(assessment)
    assert stage == "final"
    agree_all(assessment, p.panel_chair)
    services.finalise(actor=actor(p.panel_chair), assessment=fresh(assessment))
    return fresh(assessment)


def summary_json(p, assessment: Assessment, *, status: str, total=None) -> dict:
    return {
        "id": assessment.pk,
        "title": assessment.title,
        "purpose": "self_assessment",
        "status": status,
        "subject_id": p.buyer.pk,
        "subject_name": "Ekby kommun",
        "model_version_id": assessment.model_version_id,
        "total_points": total,
    }


def scope_json(assessment: Assessment) -> list[dict]:
    return [
        {
            "id": item_of(assessment, code).pk,
            "criterion_code": code,
            "criterion_name": CRITERIA[code][0],
            "kind": CRITERIA[code][1],
            "max_points": CRITERIA[code][3],
        }
        for code in SCOPE_ORDER
    ]


def panel_json(p, progress: dict | None = None, *, without=()) -> list[dict]:
    """The panel by role and name. `progress` maps a user to (declared, submitted, conflict):
    what the chair and managers see; evaluators see null there."""
    people = [
        (p.panel_chair, "chair"),
        (p.evaluator_2, "evaluator"),  # Erik before Eva
        (p.evaluator, "evaluator"),
    ]
    rows = []
    for user, role in people:
        if user in without:
            continue
        declared, submitted, conflict = (
            progress.get(user, (False, False, False)) if progress is not None else (None,) * 3
        )
        rows.append(
            {
                "user_id": user.pk,
                "name": user.full_name,
                "role": role,
                "declared": declared,
                "submitted": submitted,
                "left_for_conflict": conflict,
            }
        )
    return rows


def detail_json(p, assessment, *, status, progress=None, total=None, without=()) -> dict:
    return {
        **summary_json(p, assessment, status=status, total=total),
        "divergence_threshold": 30,
        "reference_id": None,
        "created_at": NOW_JSON,
        "panel": panel_json(p, progress, without=without),
        "scope": scope_json(assessment),
    }


def declared_everyone(p, submitted=()) -> dict:
    return {u: (True, u in submitted, False) for u in (p.panel_chair, p.evaluator, p.evaluator_2)}


def endpoint_table(p, assessment: Assessment) -> dict[str, tuple[str, str, dict | None]]:
    """Every endpoint about one assessment (criterion 1 where one is needed), with a valid
    body."""
    return endpoints(assessment.pk, item_of(assessment, "1").pk)


def endpoints(assessment_id, item) -> dict[str, tuple[str, str, dict | None]]:
    base = f"{API}/assessments/{assessment_id}"
    return {
        "get_assessment": ("get", base, None),
        "start": ("post", f"{base}/start", None),
        "declaration": ("post", f"{base}/declaration", {"conflict": False}),
        "material": ("get", f"{base}/material", None),
        "my_scores": ("get", f"{base}/my-scores", None),
        "save_my_score": (
            "put",
            f"{base}/my-scores/{item}",
            {"percent": 60, "strengths": ["Tydlig plan"], "improvements": []},
        ),
        "submit": ("post", f"{base}/submit", None),
        "start_consensus": ("post", f"{base}/start-consensus", {"reason": "Tidsbrist"}),
        "consensus": ("get", f"{base}/consensus", None),
        "save_consensus": (
            "put",
            f"{base}/consensus/{item}",
            {"percent": 60, "rationale": "", "revision": 0},
        ),
        "finalise": ("post", f"{base}/finalise", None),
        "report": ("get", f"{base}/report", None),
        "report_pdf": ("get", f"{base}/report.pdf", None),
    }


# The stage at which an endpoint does its work for the right person.
STAGE_OF = {
    "get_assessment": "individual",
    "start": "preparation",
    "declaration": "preparation",
    "material": "individual",
    "my_scores": "individual",
    "save_my_score": "individual",
    "submit": "individual",
    "start_consensus": "individual",
    "consensus": "consensus",
    "save_consensus": "consensus",
    "finalise": "consensus",
    "report": "final",
    "report_pdf": "final",
}
ASSESSMENT_ENDPOINTS = list(STAGE_OF)
OUTSIDERS = ["stranger", "provider_a_author", "other_buyer_officer"]


def create_body(p, version, **changes) -> dict:
    body = {
        "organisation_id": p.buyer.pk,
        "title": "Självvärdering 2026",
        "model_version_id": version.pk,
        "chair_user_id": p.panel_chair.pk,
        "evaluator_user_ids": [p.evaluator.pk, p.evaluator_2.pk],
    }
    return {**body, **changes}


# --- the endpoint table is the API ------------------------------------------------------------


def test_endpoint_table_covers_every_assessment_path_in_the_openapi_schema(personas):
    schema = Client().get(f"{API}/openapi.json").json()
    documented = {
        (method, path)
        for path, operations in schema["paths"].items()
        if path.startswith(f"{API}/assessments/")
        for method in operations
    }
    table = {
        (method, path) for method, path, _body in endpoints("{assessment_id}", "{item_id}").values()
    }

    assert table == documented
    assert set(schema["paths"][f"{API}/assessments"]) == {"get", "post"}


# --- 401, 404 and 403 across the endpoints ----------------------------------------------------


@pytest.mark.parametrize("endpoint", ASSESSMENT_ENDPOINTS)
def test_endpoint_anonymous_gets_401_and_nothing_changes(personas, endpoint):
    assessment = at_stage(personas, STAGE_OF[endpoint])
    method, path, body = endpoint_table(personas, assessment)[endpoint]
    before = db_state()

    response = call(Client(), method, path, body)

    assert response.status_code == 401
    assert response.json() == error(401, "unauthenticated", MSG_UNAUTHENTICATED)
    assert db_state() == before


def test_list_and_create_anonymous_get_401_and_nothing_changes(personas):
    version = make_version()
    before = db_state()

    listed = call(Client(), "get", f"{API}/assessments")
    created = call(Client(), "post", f"{API}/assessments", create_body(personas, version))

    assert listed.status_code == created.status_code == 401
    assert listed.json() == created.json() == error(401, "unauthenticated", MSG_UNAUTHENTICATED)
    assert db_state() == before


@pytest.mark.parametrize("persona", OUTSIDERS)
@pytest.mark.parametrize("endpoint", ASSESSMENT_ENDPOINTS)
def test_endpoint_outsider_gets_404_and_nothing_changes(personas, api_for, persona, endpoint):
    assessment = at_stage(personas, STAGE_OF[endpoint])
    method, path, body = endpoint_table(personas, assessment)[endpoint]
    client = api_for(getattr(personas, persona))
    before = db_state()

    response = call(client, method, path, body)

    assert response.status_code == 404
    assert response.json() == error(404, "not_found", MSG_NOT_FOUND)
    assert db_state() == before


@pytest.mark.parametrize("persona", ["procurement_officer", "buyer_viewer"])
@pytest.mark.parametrize("endpoint", [e for e in ASSESSMENT_ENDPOINTS if STAGE_OF[e] != "final"])
def test_endpoint_buyer_member_without_a_part_gets_404_before_final(
    personas, api_for, persona, endpoint
):
    """Neither on the panel nor a manager of a self-assessment (those are admins and quality
    leads): they may not know it exists until it is final."""
    assessment = at_stage(personas, STAGE_OF[endpoint])
    method, path, body = endpoint_table(personas, assessment)[endpoint]
    client = api_for(getattr(personas, persona))
    before = db_state()

    response = call(client, method, path, body)

    assert response.status_code == 404
    assert response.json() == error(404, "not_found", MSG_NOT_FOUND)
    assert db_state() == before


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_create_for_an_organisation_one_is_not_in_is_404_and_nothing_changes(
    personas, api_for, persona
):
    version = make_version()
    client = api_for(getattr(personas, persona))
    before = db_state()

    response = call(client, "post", f"{API}/assessments", create_body(personas, version))

    assert response.status_code == 404
    assert response.json() == error(404, "not_found", MSG_NOT_FOUND)
    assert db_state() == before


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_list_never_shows_an_outsider_the_assessment_at_any_stage(personas, api_for, persona):
    for stage in ("preparation", "individual", "consensus", "final"):
        at_stage(personas, stage)

    response = call(api_for(getattr(personas, persona)), "get", f"{API}/assessments")

    assert response.status_code == 200
    assert response.json() == {"items": [], "count": 0}


@pytest.mark.parametrize(
    ("persona", "endpoint", "stage"),
    [
        ("evaluator", "start", "preparation"),
        ("evaluator", "start_consensus", "individual"),
        ("evaluator", "finalise", "consensus"),
        ("evaluator", "consensus", "individual"),
        ("panel_chair", "consensus", "individual"),
        ("evaluator", "save_consensus", "individual"),
        ("evaluator", "report", "individual"),
        ("evaluator", "report_pdf", "individual"),
        ("evaluator", "save_my_score", "consensus"),
        ("evaluator", "submit", "consensus"),
        ("buyer_admin", "declaration", "preparation"),
        ("buyer_admin", "my_scores", "individual"),
        ("buyer_admin", "save_my_score", "individual"),
        ("buyer_admin", "submit", "individual"),
        ("buyer_admin", "start_consensus", "individual"),
        ("buyer_admin", "consensus", "individual"),
        ("buyer_admin", "report", "individual"),
        ("buyer_admin", "save_consensus", "consensus"),
        ("buyer_admin", "finalise", "consensus"),
        ("buyer_viewer", "start", "final"),
        ("buyer_viewer", "my_scores", "final"),
        ("buyer_viewer", "consensus", "final"),
        ("buyer_viewer", "finalise", "final"),
    ],
)
def test_endpoint_visible_but_not_allowed_is_403_and_nothing_changes(
    personas, api_for, persona, endpoint, stage
):
    assessment = at_stage(personas, stage)
    method, path, body = endpoint_table(personas, assessment)[endpoint]
    client = api_for(getattr(personas, persona))
    before = db_state()

    response = call(client, method, path, body)

    assert response.status_code == 403
    assert response.json() == error(403, "forbidden", MSG_FORBIDDEN)
    assert db_state() == before


def test_endpoint_unknown_assessment_is_404_like_a_hidden_one(personas, api_for):
    assessment = at_stage(personas, "individual")
    missing = Assessment.objects.order_by("-pk").first().pk + 100

    hidden = call(api_for(personas.stranger), "get", f"{API}/assessments/{assessment.pk}")
    unknown = call(api_for(personas.buyer_admin), "get", f"{API}/assessments/{missing}")

    assert hidden.status_code == unknown.status_code == 404
    assert hidden.json() == unknown.json() == error(404, "not_found", MSG_NOT_FOUND)


def test_token_for_another_organisation_does_not_reach_the_assessment(personas):
    """A personal access token acts only inside its organisation (Actor's docstring): the
    evaluator's token for Grannby must not open Ekby's assessment, panel seat or not."""
    assessment = at_stage(personas, "individual")
    add_member(personas.evaluator, personas.other_buyer, Role.VIEWER)
    _token, raw = create_token(
        actor=Actor.for_user(personas.evaluator), organisation=personas.other_buyer, name="x"
    )
    client = Client(headers={"Authorization": f"Bearer {raw}"})

    detail = call(client, "get", f"{API}/assessments/{assessment.pk}")
    listed = call(client, "get", f"{API}/assessments")

    assert detail.status_code == 404
    assert detail.json() == error(404, "not_found", MSG_NOT_FOUND)
    assert listed.json() == {"items": [], "count": 0}


def test_session_and_token_give_the_same_answer(personas, api_for, client_for):
    assessment = at_stage(personas, "individual")
    path = f"{API}/assessments/{assessment.pk}"

    by_token = call(api_for(personas.panel_chair), "get", path)
    by_session = call(client_for(personas.panel_chair), "get", path)

    assert by_token.status_code == by_session.status_code == 200
    assert by_token.json() == by_session.json()
    assert by_session.json()["panel"] == panel_json(personas, declared_everyone(personas))


# --- GET /assessments -------------------------------------------------------------------------


def test_list_shows_panel_members_and_managers_newest_first(personas, api_for):
    older = at_stage(personas, "individual")
    clock.freeze(datetime(2026, 3, 3, 9, 0, tzinfo=UTC))
    newer = make_self_assessment(personas, title="Självvärdering 2027")
    expected = [
        summary_json(personas, newer, status="preparation"),
        summary_json(personas, older, status="individual"),
    ]

    for user in (personas.buyer_admin, personas.panel_chair, personas.evaluator):
        response = call(api_for(user), "get", f"{API}/assessments")
        assert response.status_code == 200
        assert response.json() == {"items": expected, "count": 2}, user


def test_list_leaves_out_an_assessment_one_left_for_a_conflict(personas, api_for):
    assessment = start(personas, make_self_assessment(personas))
    services.sign_declaration(
        actor=actor(personas.evaluator_2),
        assessment=assessment,
        conflict=True,
        description="Min syster leder verksamheten",
    )

    response = call(api_for(personas.evaluator_2), "get", f"{API}/assessments")

    assert response.status_code == 200
    assert response.json() == {"items": [], "count": 0}


def test_list_shows_the_assessed_organisations_members_only_the_final_one(personas, api_for):
    at_stage(personas, "consensus")
    final = at_stage(personas, "final")

    response = call(api_for(personas.buyer_viewer), "get", f"{API}/assessments")

    assert response.status_code == 200
    assert response.json()["items"] == [
        summary_json(personas, final, status="final", total="144.00")
    ]


# --- POST /assessments ------------------------------------------------------------------------


def test_create_by_the_buyer_admin_returns_the_assessment_and_records_it(personas, api_for):
    version = make_version()
    client = api_for(personas.buyer_admin)

    response = call(client, "post", f"{API}/assessments", create_body(personas, version))

    assert response.status_code == 201
    assessment = Assessment.objects.get()
    assert response.json() == detail_json(personas, assessment, status="preparation", progress={})
    assert list(
        AuditEvent.objects.filter(action="assessment.created").values_list("actor_id", "object_id")
    ) == [(personas.buyer_admin.pk, str(assessment.pk))]


def test_create_by_a_quality_lead_is_allowed(personas, api_for):
    add_member(personas.buyer_viewer, personas.buyer, Role.QUALITY_LEAD)
    version = make_version()

    response = call(
        api_for(personas.buyer_viewer),
        "post",
        f"{API}/assessments",
        create_body(personas, version, title="Kvalitetsledarens värdering"),
    )

    assert response.status_code == 201
    assert response.json()["title"] == "Kvalitetsledarens värdering"
    assert Assessment.objects.get().created_by == personas.buyer_viewer


@pytest.mark.parametrize("persona", ["evaluator", "procurement_officer", "buyer_viewer"])
def test_create_by_a_member_without_the_role_is_403_and_nothing_changes(personas, api_for, persona):
    version = make_version()
    client = api_for(getattr(personas, persona))
    before = db_state()

    response = call(client, "post", f"{API}/assessments", create_body(personas, version))

    assert response.status_code == 403
    assert response.json() == error(403, "forbidden", MSG_FORBIDDEN)
    assert db_state() == before


def test_create_with_bad_values_is_400_on_the_field_and_nothing_changes(personas, api_for):
    version = make_version()
    client = api_for(personas.buyer_admin)
    missing_user = personas.platform_admin.pk + 1000
    cases = [
        (
            create_body(personas, version, model_version_id=version.pk + 1000),
            field_error(
                "model_version_id",
                "Choose a version from the library or your organisation's models.",
            ),
        ),
        (
            create_body(personas, version, evaluator_user_ids=[missing_user]),
            field_error("evaluator_user_ids", "Every panel member must be a user."),
        ),
        (
            create_body(personas, version, evaluator_user_ids=[personas.provider_a_author.pk]),
            field_error("evaluators", "Anton Anbud is not a member of Ekby kommun."),
        ),
        (
            create_body(personas, version, evaluator_user_ids=[]),
            field_error("evaluators", "Choose at least one evaluator besides the chair."),
        ),
        (
            create_body(personas, version, title="   "),
            field_error("title", "Give the assessment a title."),
        ),
    ]
    before = db_state()

    for body, expected in cases:
        response = call(client, "post", f"{API}/assessments", body)
        assert response.status_code == 400, body
        assert response.json() == expected, body

    assert db_state() == before


def test_create_with_an_out_of_range_threshold_is_422_on_the_field(personas, api_for):
    version = make_version()
    before = db_state()

    response = call(
        api_for(personas.buyer_admin),
        "post",
        f"{API}/assessments",
        create_body(personas, version, divergence_threshold=0),
    )

    assert response.status_code == 422
    body = response.json()["error"]
    assert (body["status"], body["code"], body["message"]) == (422, "invalid", MSG_INVALID)
    assert [d["field"] for d in body["details"]] == ["divergence_threshold"]
    assert db_state() == before


# --- GET /assessments/{id} --------------------------------------------------------------------


def test_detail_shows_the_chair_and_the_manager_who_has_submitted(personas, api_for):
    assessment = at_stage(personas, "individual")
    score_all(assessment, personas.evaluator, 60)
    expected = detail_json(
        personas,
        assessment,
        status="individual",
        progress=declared_everyone(personas, submitted=[personas.evaluator]),
    )

    for user in (personas.panel_chair, personas.buyer_admin):
        response = call(api_for(user), "get", f"{API}/assessments/{assessment.pk}")
        assert response.status_code == 200
        assert response.json() == expected, user


def test_detail_shows_an_evaluator_the_panel_without_progress(personas, api_for):
    assessment = at_stage(personas, "individual")
    score_all(assessment, personas.evaluator, 60)

    response = call(api_for(personas.evaluator_2), "get", f"{API}/assessments/{assessment.pk}")

    assert response.status_code == 200
    assert response.json() == detail_json(personas, assessment, status="individual")


def test_detail_of_a_final_self_assessment_is_open_to_the_assessed_organisation(personas, api_for):
    assessment = at_stage(personas, "final")

    response = call(api_for(personas.buyer_viewer), "get", f"{API}/assessments/{assessment.pk}")

    assert response.status_code == 200
    assert response.json() == detail_json(personas, assessment, status="final", total="144.00")


# --- POST /assessments/{id}/start -------------------------------------------------------------


@pytest.mark.parametrize("persona", ["buyer_admin", "panel_chair"])
def test_start_by_a_manager_or_the_chair_opens_individual_assessment(
    personas, api_for, persona, mailoutbox, django_capture_on_commit_callbacks
):
    assessment = at_stage(personas, "preparation")

    with django_capture_on_commit_callbacks(execute=True):
        response = call(
            api_for(getattr(personas, persona)), "post", f"{API}/assessments/{assessment.pk}/start"
        )

    assert response.status_code == 200
    assert response.json() == detail_json(personas, assessment, status="individual", progress={})
    assert fresh(assessment).individual_started_at == NOW
    assert sorted(m.to[0] for m in mailoutbox) == [
        "chair@ekby.se",
        "evaluator2@ekby.se",
        "evaluator@ekby.se",
    ]


def test_start_twice_is_400_and_nothing_changes(personas, api_for):
    assessment = at_stage(personas, "individual")
    before = db_state()

    response = call(
        api_for(personas.buyer_admin), "post", f"{API}/assessments/{assessment.pk}/start"
    )

    message = "This cannot be done while the assessment is in the stage “Individual assessment”."
    assert response.status_code == 400
    assert response.json() == error(400, "invalid", message, [("", message)])
    assert db_state() == before


# --- POST /assessments/{id}/declaration -------------------------------------------------------


def test_declaration_without_conflict_is_recorded(personas, api_for):
    assessment = start(personas, make_self_assessment(personas))

    response = call(
        api_for(personas.evaluator),
        "post",
        f"{API}/assessments/{assessment.pk}/declaration",
        {"conflict": False},
    )

    assert response.status_code == 200
    assert response.json() == detail_json(personas, assessment, status="individual")
    member = PanelMember.objects.get(assessment=assessment, user=personas.evaluator)
    assert (member.declared_at, member.conflict_declared, member.removed_at) == (NOW, False, None)


def test_declaration_with_a_conflict_removes_the_member_who_then_gets_404(personas, api_for):
    assessment = start(personas, make_self_assessment(personas))
    client = api_for(personas.evaluator_2)

    response = call(
        client,
        "post",
        f"{API}/assessments/{assessment.pk}/declaration",
        {"conflict": True, "description": "Min syster leder verksamheten"},
    )
    afterwards = call(client, "get", f"{API}/assessments/{assessment.pk}")

    assert response.status_code == 200
    assert response.json() == detail_json(
        personas, assessment, status="individual", without=[personas.evaluator_2]
    )
    member = PanelMember.objects.get(assessment=assessment, user=personas.evaluator_2)
    assert (member.conflict_declared, member.conflict_description, member.removed_at) == (
        True,
        "Min syster leder verksamheten",
        NOW,
    )
    assert afterwards.status_code == 404
    assert afterwards.json() == error(404, "not_found", MSG_NOT_FOUND)


def test_declaration_of_a_conflict_without_description_is_400_and_nothing_changes(
    personas, api_for
):
    assessment = start(personas, make_self_assessment(personas))
    before = db_state()

    response = call(
        api_for(personas.evaluator),
        "post",
        f"{API}/assessments/{assessment.pk}/declaration",
        {"conflict": True, "description": "  "},
    )

    assert response.status_code == 400
    assert response.json() == field_error(
        "description", "Describe the conflict of interest, so the chair can act on it."
    )
    assert db_state() == before


def test_declaration_twice_is_400_and_nothing_changes(personas, api_for):
    assessment = at_stage(personas, "individual")
    before = db_state()

    response = call(
        api_for(personas.evaluator),
        "post",
        f"{API}/assessments/{assessment.pk}/declaration",
        {"conflict": True, "description": "Kom på något"},
    )

    message = "You have already signed the declaration."
    assert response.status_code == 400
    assert response.json() == error(400, "invalid", message, [("", message)])
    assert db_state() == before


# --- GET and PUT /assessments/{id}/my-scores --------------------------------------------------


def test_my_scores_lists_every_criterion_of_ones_own_work_only(personas, api_for):
    assessment = at_stage(personas, "individual")
    score_all(assessment, personas.evaluator_2, 90, submit=False)
    services.save_individual_score(
        actor=actor(personas.evaluator),
        assessment=assessment,
        item=item_of(assessment, "3"),
        percent=40,
        strengths=["Mäter nöjdhet"],
        improvements=["Följ upp oftare"],
        notes="Fråga om 2025",
    )

    response = call(
        api_for(personas.evaluator), "get", f"{API}/assessments/{assessment.pk}/my-scores"
    )

    assert response.status_code == 200
    assert response.json() == [
        {
            "item_id": item_of(assessment, "1").pk,
            "criterion_code": "1",
            "percent": None,
            "strengths": [],
            "improvements": [],
            "notes": "",
        },
        {
            "item_id": item_of(assessment, "3").pk,
            "criterion_code": "3",
            "percent": 40,
            "strengths": ["Mäter nöjdhet"],
            "improvements": ["Följ upp oftare"],
            "notes": "Fråga om 2025",
        },
        {
            "item_id": item_of(assessment, "2").pk,
            "criterion_code": "2",
            "percent": None,
            "strengths": [],
            "improvements": [],
            "notes": "",
        },
    ]


def test_my_scores_before_signing_the_declaration_is_403(personas, api_for):
    assessment = start(personas, make_self_assessment(personas))

    response = call(
        api_for(personas.evaluator), "get", f"{API}/assessments/{assessment.pk}/my-scores"
    )

    assert response.status_code == 403
    assert response.json() == error(403, "forbidden", MSG_FORBIDDEN)


def test_save_my_score_stores_trimmed_texts_and_answers_with_them(personas, api_for):
    assessment = at_stage(personas, "individual")
    item = item_of(assessment, "2")

    response = call(
        api_for(personas.evaluator),
        "put",
        f"{API}/assessments/{assessment.pk}/my-scores/{item.pk}",
        {
            "percent": 70,
            "strengths": ["  Tydliga rutiner ", "", "   "],
            "improvements": ["Dokumentation"],
            "notes": "  Se bilaga 3 ",
        },
    )

    assert response.status_code == 200
    assert response.json() == {
        "item_id": item.pk,
        "criterion_code": "2",
        "percent": 70,
        "strengths": ["Tydliga rutiner"],
        "improvements": ["Dokumentation"],
        "notes": "Se bilaga 3",
    }
    assert list(
        IndividualScore.objects.values_list(
            "member__user", "item", "percent", "strengths", "improvements", "notes"
        )
    ) == [
        (personas.evaluator.pk, item.pk, 70, ["Tydliga rutiner"], ["Dokumentation"], "Se bilaga 3")
    ]


def test_save_my_score_with_a_step_not_on_the_scale_is_400_and_nothing_changes(personas, api_for):
    assessment = at_stage(personas, "individual")
    item = item_of(assessment, "1")
    before = db_state()

    response = call(
        api_for(personas.evaluator),
        "put",
        f"{API}/assessments/{assessment.pk}/my-scores/{item.pk}",
        {"percent": 55, "strengths": ["Bra"]},
    )

    assert response.status_code == 400
    assert response.json() == field_error("percent", "Choose one of the steps of the scale for 1.")
    assert db_state() == before


def test_save_my_score_above_100_is_422_on_the_field_and_nothing_changes(personas, api_for):
    assessment = at_stage(personas, "individual")
    item = item_of(assessment, "1")
    before = db_state()

    response = call(
        api_for(personas.evaluator),
        "put",
        f"{API}/assessments/{assessment.pk}/my-scores/{item.pk}",
        {"percent": 110, "strengths": ["Bra"]},
    )

    assert response.status_code == 422
    body = response.json()["error"]
    assert (body["status"], body["code"], body["message"]) == (422, "invalid", MSG_INVALID)
    assert [d["field"] for d in body["details"]] == ["percent"]
    assert db_state() == before


def test_save_my_score_for_another_assessments_criterion_is_404(personas, api_for):
    assessment = at_stage(personas, "individual")
    other = make_self_assessment(personas, title="En annan")
    before = db_state()

    response = call(
        api_for(personas.evaluator),
        "put",
        f"{API}/assessments/{assessment.pk}/my-scores/{item_of(other, '1').pk}",
        {"percent": 60, "strengths": ["Bra"]},
    )

    assert response.status_code == 404
    assert response.json() == error(404, "not_found", MSG_NOT_FOUND)
    assert db_state() == before


# --- POST /assessments/{id}/submit ------------------------------------------------------------


def test_submit_locks_ones_work(personas, api_for):
    assessment = at_stage(personas, "individual")
    score_all(assessment, personas.evaluator, 60, submit=False)
    client = api_for(personas.evaluator)
    item = item_of(assessment, "1")

    response = call(client, "post", f"{API}/assessments/{assessment.pk}/submit")
    change = call(
        client,
        "put",
        f"{API}/assessments/{assessment.pk}/my-scores/{item.pk}",
        {"percent": 100, "strengths": ["Ändrat efteråt"]},
    )

    assert response.status_code == 200
    assert response.json() == detail_json(personas, assessment, status="individual")
    assert PanelMember.objects.get(user=personas.evaluator).submitted_at == NOW
    assert change.status_code == 403
    assert change.json() == error(403, "forbidden", MSG_FORBIDDEN)
    assert IndividualScore.objects.get(member__user=personas.evaluator, item=item).percent == 60


def test_submit_with_criteria_missing_strengths_is_400_listing_them_and_nothing_changes(
    personas, api_for
):
    assessment = at_stage(personas, "individual")
    for code in SCOPE_ORDER:
        services.save_individual_score(
            actor=actor(personas.evaluator),
            assessment=assessment,
            item=item_of(assessment, code),
            percent=60,
            strengths=["Tydlig plan"] if code == "1" else [],
            improvements=[],
        )
    before = db_state()

    response = call(
        api_for(personas.evaluator), "post", f"{API}/assessments/{assessment.pk}/submit"
    )

    assert response.status_code == 400
    assert response.json() == error(
        400,
        "invalid",
        MSG_INVALID,
        [
            ("", "3 Kriterium 3 needs a step and at least one strength or improvement area."),
            ("", "2 Kriterium 2 needs a step and at least one strength or improvement area."),
        ],
    )
    assert db_state() == before


# --- POST /assessments/{id}/start-consensus ---------------------------------------------------


def test_start_consensus_when_everyone_has_submitted_merges_the_texts(personas, api_for):
    assessment = at_stage(personas, "individual")
    for user, step in (
        (personas.panel_chair, 50),
        (personas.evaluator, 60),
        (personas.evaluator_2, 70),
    ):
        score_all(assessment, user, step)

    response = call(
        api_for(personas.panel_chair),
        "post",
        f"{API}/assessments/{assessment.pk}/start-consensus",
        {},
    )

    assert response.status_code == 200
    assert response.json() == detail_json(
        personas,
        assessment,
        status="consensus",
        progress=declared_everyone(
            personas, submitted=[personas.panel_chair, personas.evaluator, personas.evaluator_2]
        ),
    )
    assert fresh(assessment).consensus_forced_reason == ""
    assert list(
        ConsensusScore.objects.filter(item=item_of(assessment, "1")).values_list(
            "percent", "strengths", "improvements", "revision"
        )
    ) == [
        (
            None,
            [
                "Styrka 1 enligt Cajsa Ordförande",
                "Styrka 1 enligt Eva Utvärderare",
                "Styrka 1 enligt Erik Utvärderare",
            ],
            ["Förbättra 1"],
            0,
        )
    ]


@pytest.mark.parametrize("reason", ["", "   "])
def test_start_consensus_without_a_reason_when_someone_has_not_submitted_is_400(
    personas, api_for, reason
):
    assessment = at_stage(personas, "individual")
    score_all(assessment, personas.panel_chair, 50)
    score_all(assessment, personas.evaluator, 60)
    before = db_state()

    response = call(
        api_for(personas.panel_chair),
        "post",
        f"{API}/assessments/{assessment.pk}/start-consensus",
        {"reason": reason},
    )

    assert response.status_code == 400
    assert response.json() == field_error(
        "reason",
        "Not everyone has submitted (Erik Utvärderare). Give the reason for starting the "
        "consensus anyway.",
    )
    assert db_state() == before


def test_start_consensus_with_a_reason_when_someone_has_not_submitted_records_it(personas, api_for):
    assessment = at_stage(personas, "individual")
    score_all(assessment, personas.panel_chair, 50)
    score_all(assessment, personas.evaluator, 60)

    response = call(
        api_for(personas.panel_chair),
        "post",
        f"{API}/assessments/{assessment.pk}/start-consensus",
        {"reason": " Erik är sjukskriven "},
    )

    assert response.status_code == 200
    assert response.json()["status"] == "consensus"
    assert fresh(assessment).consensus_forced_reason == "Erik är sjukskriven"


def test_start_consensus_when_nobody_has_submitted_is_400_and_nothing_changes(personas, api_for):
    assessment = at_stage(personas, "individual")
    before = db_state()

    response = call(
        api_for(personas.panel_chair),
        "post",
        f"{API}/assessments/{assessment.pk}/start-consensus",
        {"reason": "Bråttom"},
    )

    message = "Nobody has submitted an individual assessment yet."
    assert response.status_code == 400
    assert response.json() == error(400, "invalid", message, [("", message)])
    assert db_state() == before


# --- GET and PUT /assessments/{id}/consensus --------------------------------------------------


def consensus_row_json(p, assessment, code: str, **changes) -> dict:
    """A criterion of at_stage("consensus"): chair 50, Eva 60, Erik 70 %."""
    row = {
        "item_id": item_of(assessment, code).pk,
        "criterion_code": code,
        "divergent": False,
        "median": "60",
        "spread": 20,
        "suggested": 60,
        "individual": [
            {
                "evaluator_id": user.pk,
                "evaluator_name": user.full_name,
                "percent": step,
                "strengths": [f"Styrka {code} enligt {user.full_name}"],
                "improvements": [f"Förbättra {code}"],
            }
            for user, step in ((p.panel_chair, 50), (p.evaluator_2, 70), (p.evaluator, 60))
        ],
        "percent": None,
        "rationale": "",
        "strengths": [
            f"Styrka {code} enligt Cajsa Ordförande",
            f"Styrka {code} enligt Eva Utvärderare",
            f"Styrka {code} enligt Erik Utvärderare",
        ],
        "improvements": [f"Förbättra {code}"],
        "revision": 0,
    }
    return {**row, **changes}


@pytest.mark.parametrize("persona", ["panel_chair", "evaluator", "evaluator_2", "buyer_admin"])
def test_consensus_shows_the_panel_and_managers_the_work_side_by_side(personas, api_for, persona):
    assessment = at_stage(personas, "consensus")

    response = call(
        api_for(getattr(personas, persona)), "get", f"{API}/assessments/{assessment.pk}/consensus"
    )

    assert response.status_code == 200
    assert response.json() == [
        consensus_row_json(personas, assessment, code) for code in SCOPE_ORDER
    ]


def test_consensus_lists_divergent_criteria_first(personas, api_for):
    assessment = at_stage(personas, "individual")
    steps = {"1": 50, "3": 60, "2": 70}
    score_all(assessment, personas.panel_chair, steps)
    score_all(assessment, personas.evaluator, steps)
    score_all(assessment, personas.evaluator_2, {**steps, "2": 30})  # 2: 70, 70, 30
    services.start_consensus(actor=actor(personas.panel_chair), assessment=fresh(assessment))

    response = call(
        api_for(personas.evaluator), "get", f"{API}/assessments/{assessment.pk}/consensus"
    )

    assert response.status_code == 200
    assert [
        (r["criterion_code"], r["divergent"], r["median"], r["spread"], r["suggested"])
        for r in response.json()
    ] == [("2", True, "70", 40, 70), ("1", False, "50", 0, 50), ("3", False, "60", 0, 60)]


def test_save_consensus_stores_the_step_and_increments_the_revision(personas, api_for):
    assessment = at_stage(personas, "consensus")
    item = item_of(assessment, "3")

    response = call(
        api_for(personas.evaluator),
        "put",
        f"{API}/assessments/{assessment.pk}/consensus/{item.pk}",
        {
            "percent": 60,
            "rationale": "",
            "strengths": [" Mäter nöjdhet ", ""],
            "improvements": ["Följ upp oftare"],
            "revision": 0,
        },
    )

    assert response.status_code == 200
    assert response.json() == consensus_row_json(
        personas,
        assessment,
        "3",
        percent=60,
        strengths=["Mäter nöjdhet"],
        improvements=["Följ upp oftare"],
        revision=1,
    )
    saved = ConsensusScore.objects.get(item=item)
    assert (saved.percent, saved.revision, saved.updated_by, saved.updated_at) == (
        60,
        1,
        personas.evaluator,
        NOW,
    )


def test_save_consensus_away_from_the_suggestion_with_a_rationale_is_allowed(personas, api_for):
    assessment = at_stage(personas, "consensus")
    item = item_of(assessment, "1")

    response = call(
        api_for(personas.panel_chair),
        "put",
        f"{API}/assessments/{assessment.pk}/consensus/{item.pk}",
        {"percent": 70, "rationale": "Nya rutiner sedan i höstas", "revision": 0},
    )

    assert response.status_code == 200
    assert (response.json()["percent"], response.json()["rationale"]) == (
        70,
        "Nya rutiner sedan i höstas",
    )


def test_save_consensus_away_from_the_suggestion_without_rationale_is_400(personas, api_for):
    assessment = at_stage(personas, "consensus")
    item = item_of(assessment, "1")
    before = db_state()

    response = call(
        api_for(personas.panel_chair),
        "put",
        f"{API}/assessments/{assessment.pk}/consensus/{item.pk}",
        {"percent": 80, "rationale": "  ", "revision": 0},
    )

    assert response.status_code == 400
    assert response.json() == field_error(
        "rationale", "The step differs from the suggested 60 %: explain why."
    )
    assert db_state() == before


def test_save_consensus_with_a_step_not_on_the_scale_is_400(personas, api_for):
    assessment = at_stage(personas, "consensus")
    item = item_of(assessment, "1")
    before = db_state()

    response = call(
        api_for(personas.panel_chair),
        "put",
        f"{API}/assessments/{assessment.pk}/consensus/{item.pk}",
        {"percent": 65, "rationale": "Mittemellan", "revision": 0},
    )

    assert response.status_code == 400
    assert response.json() == field_error("percent", "Choose one of the steps of the scale for 1.")
    assert db_state() == before


def test_save_consensus_with_a_stale_revision_is_409_with_the_current_one(personas, api_for):
    assessment = at_stage(personas, "consensus")
    item = item_of(assessment, "1")
    path = f"{API}/assessments/{assessment.pk}/consensus/{item.pk}"
    first = call(
        api_for(personas.panel_chair),
        "put",
        path,
        {"percent": 70, "rationale": "Ordföranden sparade först", "revision": 0},
    )
    before = db_state()

    second = call(
        api_for(personas.evaluator), "put", path, {"percent": 60, "rationale": "", "revision": 0}
    )

    assert first.status_code == 200
    assert second.status_code == 409
    assert second.json() == error(
        409,
        "conflict",
        MSG_CONFLICT,
        [("revision", "1"), ("percent", "70"), ("rationale", "Ordföranden sparade först")],
    )
    assert db_state() == before


# --- POST /assessments/{id}/finalise ----------------------------------------------------------


def test_finalise_with_criteria_lacking_a_consensus_step_is_400_listing_them(personas, api_for):
    assessment = at_stage(personas, "consensus")
    row = consensus_row_json(personas, assessment, "3")
    services.save_consensus(
        actor=actor(personas.panel_chair),
        assessment=assessment,
        item=item_of(assessment, "3"),
        percent=60,
        rationale="",
        strengths=row["strengths"],
        improvements=row["improvements"],
        revision=0,
        suggested=60,
    )
    before = db_state()

    response = call(
        api_for(personas.panel_chair), "post", f"{API}/assessments/{assessment.pk}/finalise"
    )

    assert response.status_code == 400
    assert response.json() == error(
        400,
        "invalid",
        MSG_INVALID,
        [
            ("", "1 Kriterium 1 has no consensus step yet."),
            ("", "2 Kriterium 2 has no consensus step yet."),
        ],
    )
    assert db_state() == before


def test_finalise_by_the_chair_fixes_the_total(personas, api_for):
    assessment = at_stage(personas, "consensus")
    agree_all(assessment, personas.evaluator_2)

    response = call(
        api_for(personas.panel_chair), "post", f"{API}/assessments/{assessment.pk}/finalise"
    )

    assert response.status_code == 200
    assert response.json() == detail_json(
        personas,
        assessment,
        status="final",
        total="144.00",
        progress=declared_everyone(
            personas, submitted=[personas.panel_chair, personas.evaluator, personas.evaluator_2]
        ),
    )
    saved = fresh(assessment)
    assert (saved.status, saved.finalised_at, str(saved.total_points)) == ("final", NOW, "144.00")


# --- GET /assessments/{id}/report and report.pdf ----------------------------------------------


def report_criterion_json(code: str, percent: int, points: str, strengths, improvements) -> dict:
    name, kind, group, max_points = CRITERIA[code]
    return {
        "criterion_code": code,
        "criterion_name": name,
        "group_code": group,
        "percent": percent,
        "points": points,
        "max_points": max_points,
        "band_text": f"Nivå {percent} ({kind})",
        "strengths": strengths,
        "improvements": improvements,
        "previous_percent": None,
        "change": None,
    }


def final_report_json(assessment) -> dict:
    """at_stage("final"): 60 % everywhere. 1: 60 % of 70 = 42; 3: 60 % of 100 = 60;
    2: 60 % of 70 = 42. G1 = 42 + 60 = 102 of 170, G2 = 42 of 70; approaches 84 of 140,
    results 60 of 100; total 144 of 240."""

    def merged(code):
        return [
            f"Styrka {code} enligt Cajsa Ordförande",
            f"Styrka {code} enligt Eva Utvärderare",
            f"Styrka {code} enligt Erik Utvärderare",
        ]

    return {
        "assessment_id": assessment.pk,
        "status": "final",
        "total": {"points": "144.00", "max_points": "240.00"},
        "by_kind": {
            "approach": {"points": "84.00", "max_points": "140.00"},
            "results": {"points": "60.00", "max_points": "100.00"},
        },
        "by_group": {
            "G1": {"points": "102.00", "max_points": "170.00"},
            "G2": {"points": "42.00", "max_points": "70.00"},
        },
        "reference_id": None,
        "criteria": [
            report_criterion_json("1", 60, "42.00", merged("1"), ["Förbättra 1"]),
            report_criterion_json("3", 60, "60.00", merged("3"), ["Förbättra 3"]),
            report_criterion_json("2", 60, "42.00", merged("2"), ["Förbättra 2"]),
        ],
    }


@pytest.mark.parametrize("persona", ["panel_chair", "evaluator", "buyer_admin", "buyer_viewer"])
def test_report_of_a_final_assessment_adds_up(personas, api_for, persona):
    assessment = at_stage(personas, "final")

    response = call(
        api_for(getattr(personas, persona)), "get", f"{API}/assessments/{assessment.pk}/report"
    )

    assert response.status_code == 200
    assert response.json() == final_report_json(assessment)


def test_report_during_consensus_is_a_draft_for_the_panel_only(personas, api_for):
    assessment = at_stage(personas, "consensus")
    path = f"{API}/assessments/{assessment.pk}/report"

    draft = call(api_for(personas.evaluator), "get", path)
    viewer = call(api_for(personas.buyer_viewer), "get", path)

    assert draft.status_code == 200
    body = draft.json()
    assert (body["status"], body["total"]) == (
        "consensus",
        {"points": "0.00", "max_points": "240.00"},
    )
    assert [(c["criterion_code"], c["percent"], c["points"]) for c in body["criteria"]] == [
        ("1", None, "0.00"),
        ("3", None, "0.00"),
        ("2", None, "0.00"),
    ]
    assert viewer.status_code == 404
    assert viewer.json() == error(404, "not_found", MSG_NOT_FOUND)


def test_report_compares_with_the_previous_final_assessment(personas, api_for):
    previous = at_stage(personas, "final")
    second = run_to_consensus(personas, version=previous.model_version)
    agree_all(second, personas.panel_chair, percent=80)

    response = call(api_for(personas.panel_chair), "get", f"{API}/assessments/{second.pk}/report")

    assert response.status_code == 200
    body = response.json()
    assert body["reference_id"] == previous.pk
    assert [
        (c["criterion_code"], c["percent"], c["previous_percent"], c["change"])
        for c in body["criteria"]
    ] == [("1", 80, 60, "14.00"), ("3", 80, 60, "20.00"), ("2", 80, 60, "14.00")]


def pdf_text(content: bytes) -> str:
    """The PDF's text with every run of white space (line breaks too) as one space."""
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return " ".join(text.split())


def test_report_pdf_is_a_pdf_with_the_strengths(personas, api_for):
    assessment = at_stage(personas, "final")

    response = call(
        api_for(personas.buyer_viewer), "get", f"{API}/assessments/{assessment.pk}/report.pdf"
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="sjalvvardering-2026.pdf"'
    text = pdf_text(response.content)
    assert "Styrka 3 enligt Eva Utvärderare" in text
    assert "144.00" in text


# --- the whole procedure through the API ------------------------------------------------------


def test_journey_from_creation_to_pdf_through_the_api_only(personas, api_for):
    p = personas
    version = make_version()
    admin, chair = api_for(p.buyer_admin), api_for(p.panel_chair)
    eva, erik = api_for(p.evaluator), api_for(p.evaluator_2)

    # Create and start.
    created = call(admin, "post", f"{API}/assessments", create_body(p, version))
    assert created.status_code == 201, created.json()
    base = f"{API}/assessments/{created.json()['id']}"
    items = {s["criterion_code"]: s["id"] for s in created.json()["scope"]}
    assert list(items) == SCOPE_ORDER
    assert call(admin, "post", f"{base}/start").json()["status"] == "individual"

    # Declarations, individual work and submission.
    steps = {
        p.panel_chair: (chair, {"1": 50, "3": 60, "2": 70}),
        p.evaluator: (eva, {"1": 60, "3": 60, "2": 80}),
        p.evaluator_2: (erik, {"1": 70, "3": 90, "2": 80}),
    }
    for user, (client, by_code) in steps.items():
        declared = call(client, "post", f"{base}/declaration", {"conflict": False})
        assert declared.status_code == 200, declared.json()
        for code, step in by_code.items():
            saved = call(
                client,
                "put",
                f"{base}/my-scores/{items[code]}",
                {
                    "percent": step,
                    "strengths": [f"{user.full_name} ser styrka i {code}"],
                    "improvements": [f"Utveckla {code}"],
                },
            )
            assert saved.status_code == 200, saved.json()
        submitted = call(client, "post", f"{base}/submit")
        assert submitted.status_code == 200, submitted.json()

    # Consensus: 3 (60, 60, 90) is divergent and comes first.
    started = call(chair, "post", f"{base}/start-consensus", {})
    assert started.status_code == 200, started.json()
    rows = call(eva, "get", f"{base}/consensus").json()
    assert [(r["criterion_code"], r["divergent"], r["suggested"]) for r in rows] == [
        ("3", True, 60),
        ("1", False, 60),
        ("2", False, 80),
    ]
    agreed = {"3": (70, "Resultaten förbättras stadigt"), "1": (60, ""), "2": (80, "")}
    for row, client in zip(rows, (chair, eva, erik), strict=True):
        step, rationale = agreed[row["criterion_code"]]
        put = call(
            client,
            "put",
            f"{base}/consensus/{row['item_id']}",
            {
                "percent": step,
                "rationale": rationale,
                "strengths": row["strengths"],
                "improvements": row["improvements"],
                "revision": row["revision"],
            },
        )
        assert put.status_code == 200, put.json()
        assert (put.json()["percent"], put.json()["revision"]) == (step, 1)

    # Finalise: 1: 60 % of 70 = 42, 3: 70 % of 100 = 70, 2: 80 % of 70 = 56; total 168.
    final = call(chair, "post", f"{base}/finalise")
    assert final.status_code == 200, final.json()
    assert (final.json()["status"], final.json()["total_points"]) == ("final", "168.00")

    report = call(admin, "get", f"{base}/report")
    assert report.status_code == 200

    def merged(code):
        return [
            f"{u.full_name} ser styrka i {code}"
            for u in (p.panel_chair, p.evaluator, p.evaluator_2)
        ]

    assert report.json() == {
        "assessment_id": created.json()["id"],
        "status": "final",
        "total": {"points": "168.00", "max_points": "240.00"},
        "by_kind": {
            "approach": {"points": "98.00", "max_points": "140.00"},
            "results": {"points": "70.00", "max_points": "100.00"},
        },
        "by_group": {
            "G1": {"points": "112.00", "max_points": "170.00"},
            "G2": {"points": "56.00", "max_points": "70.00"},
        },
        "reference_id": None,
        "criteria": [
            report_criterion_json("1", 60, "42.00", merged("1"), ["Utveckla 1"]),
            report_criterion_json("3", 70, "70.00", merged("3"), ["Utveckla 3"]),
            report_criterion_json("2", 80, "56.00", merged("2"), ["Utveckla 2"]),
        ],
    }

    pdf = call(admin, "get", f"{base}/report.pdf")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    text = pdf_text(pdf.content)
    assert "Eva Utvärderare ser styrka i 3" in text
    assert "Resultaten förbättras stadigt" in text
