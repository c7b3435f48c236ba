"""The quality model and training endpoints of the API: permissions, the error format, import
and export, and that refused writes save nothing."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.test import Client

from rodtrad.api.tokens import create_token
from rodtrad.common import clock
from rodtrad.qualitymodels import exchange
from rodtrad.qualitymodels.models import (
    ModelVersion,
    QualityModel,
    TrainingParticipant,
    TrainingSession,
)
from rodtrad.qualitymodels.selectors import export_version, spec_of
from tests.qualitymodels.factories import make_session, make_spec, make_version, template_version

API = "/api/v1"


def call(client: Client, method: str, path: str, data=None, content_type="application/json"):
    send = getattr(client, method)
    headers = {"Accept-Language": "en"}
    if data is None:
        return send(API + path, headers=headers)
    body = data if isinstance(data, str) else json.dumps(data)
    return send(API + path, body, content_type=content_type, headers=headers)


@pytest.fixture
def own(personas):
    return make_version(owner=personas.buyer, frozen=True, name="Ekbys modell")


@pytest.fixture
def gum(db):
    return template_version()


# --- models and versions ------------------------------------------------------------------------


def test_list_models_shows_the_library_and_own_models(personas, client_for, own):
    make_version(owner=personas.provider_a, name="Omsorg A:s modell")
    body = call(client_for(personas.evaluator), "get", "/quality-models").json()
    names = [item["name"] for item in body["items"]]
    assert names == [
        "Kvalitetsmodell för äldreomsorg (GUM-strukturerad mall)",
        "Verksamhetsmodell (SIQ-strukturerad mall)",
        "Ekbys modell",
    ]
    assert body["items"][2] == {
        "id": own.model_id,
        "name": "Ekbys modell",
        "description": "En modell för tester.",
        "owner_id": personas.buyer.pk,
        "owner_name": "Ekby kommun",
        "template_key": "",
        "version_count": 1,
        "latest_version_id": own.pk,
    }


def test_a_token_sees_only_its_organisations_models(personas, actor_for, own):
    _token, value = create_token(
        actor=actor_for(personas.provider_a_author), organisation=personas.provider_a, name="t"
    )
    client = Client(headers={"Authorization": f"Bearer {value}"})
    names = [m["name"] for m in call(client, "get", "/quality-models").json()["items"]]
    assert "Ekbys modell" not in names and len(names) == 2
    assert call(client, "get", f"/quality-models/{own.model_id}").status_code == 404


@pytest.mark.parametrize(
    ("persona", "status"),
    [("evaluator", 200), ("provider_a_author", 404), ("stranger", 404), ("platform_admin", 404)],
)
def test_get_model_and_version_permissions(personas, client_for, own, persona, status):
    client = client_for(getattr(personas, persona))
    for path in (
        f"/quality-models/{own.model_id}",
        f"/quality-model-versions/{own.pk}",
        f"/quality-model-versions/{own.pk}/validation",
        f"/quality-model-versions/{own.pk}/export",
    ):
        response = call(client, "get", path)
        assert response.status_code == status, path
        if status == 404:
            assert response.json()["error"] == {
                "status": 404,
                "code": "not_found",
                "message": "Not found, or you may not see it.",
                "details": [],
            }


def test_get_version_has_the_full_structure(personas, client_for, gum):
    body = call(client_for(personas.stranger), "get", f"/quality-model-versions/{gum.pk}").json()
    assert (body["number"], body["approach_points"], body["results_points"]) == (1, 500, 500)
    assert body["frozen_at"] is not None
    assert len(body["success_factors"]) == 5
    first = body["groups"][0]["criteria"][0]
    assert (first["code"], first["kind"], first["max_points"]) == ("1.1", "approach", 30)
    assert len(first["questions"]) == 3 and first["guidance"]
    assert [s["kind"] for s in body["scales"]] == ["approach", "results"]
    assert [step["percent"] for step in body["scales"][0]["steps"]] == list(range(0, 101, 10))


def test_validation_reports_problems_and_the_split(personas, client_for):
    draft = make_version(owner=personas.buyer)
    draft.criteria.filter(code="R.2").update(max_points=150)
    body = call(
        client_for(personas.evaluator), "get", f"/quality-model-versions/{draft.pk}/validation"
    ).json()
    assert body == {
        "valid": False,
        "approach_sum": 700,
        "results_sum": 250,
        "total_sum": 950,
        "approach_points": 700,
        "results_points": 300,
        "total_points": 1000,
        "problems": [
            {
                "path": "version.results_points",
                "message": "The result criteria add up to 250 points, but the version gives 300 "
                "points to results.",
            },
            {
                "path": "version.total_points",
                "message": "The criteria add up to 950 points, but the version's total is 1000.",
            },
        ],
    }


def test_export_in_both_formats(personas, client_for, own):
    client = client_for(personas.evaluator)
    yaml_response = call(client, "get", f"/quality-model-versions/{own.pk}/export")
    assert yaml_response["Content-Type"] == "application/yaml; charset=utf-8"
    assert yaml_response.content.decode() == export_version(own, "yaml")
    json_response = call(client, "get", f"/quality-model-versions/{own.pk}/export?format=json")
    assert json_response.json() == exchange.spec_to_document(spec_of(own))
    assert (
        call(client, "get", f"/quality-model-versions/{own.pk}/export?format=xml").status_code
        == 422
    )


def test_import_yaml_creates_a_model_for_the_owner(personas, client_for):
    text = exchange.dump_yaml(make_spec(name="Via API"))
    response = call(
        client_for(personas.procurement_officer),
        "post",
        f"/quality-models/import?owner_id={personas.buyer.pk}",
        text,
        content_type="application/yaml",
    )
    assert response.status_code == 201
    body = response.json()
    version = ModelVersion.objects.get(pk=body["id"])
    assert (version.model.name, version.model.owner, body["frozen_at"]) == (
        "Via API",
        personas.buyer,
        None,
    )


def test_import_json_as_a_new_version_of_a_model(personas, client_for, own):
    response = call(
        client_for(personas.buyer_admin),
        "post",
        f"/quality-models/import?model_id={own.model_id}",
        export_version(own, "json"),
    )
    assert response.status_code == 201
    assert response.json()["number"] == 2
    assert spec_of(own.model.versions.get(number=2)) == spec_of(own)


def test_import_errors_list_path_and_line_and_save_nothing(personas, client_for):
    text = exchange.dump_yaml(make_spec()).replace("kind: results", "kind: resultat", 1)
    line = next(i + 1 for i, row in enumerate(text.splitlines()) if "kind: resultat" in row)
    before = QualityModel.objects.count()
    response = call(
        client_for(personas.procurement_officer),
        "post",
        f"/quality-models/import?owner_id={personas.buyer.pk}",
        text,
        content_type="application/yaml",
    )
    assert response.status_code == 400
    message = f"Line {line}: Unknown kind “resultat”: use approach or results."
    assert response.json() == {
        "error": {
            "status": 400,
            "code": "invalid",
            "message": message,
            "details": [{"field": "groups[2].criteria[0].kind", "message": message}],
        }
    }
    assert QualityModel.objects.count() == before


@pytest.mark.parametrize(
    ("persona", "owner", "status"),
    [
        ("evaluator", "buyer", 403),
        ("procurement_officer", "provider_a", 404),
        ("procurement_officer", None, 403),
        ("platform_admin", None, 201),
    ],
)
def test_import_permissions(personas, client_for, persona, owner, status):
    query = f"?owner_id={getattr(personas, owner).pk}" if owner else ""
    before = QualityModel.objects.count()
    response = call(
        client_for(getattr(personas, persona)),
        "post",
        f"/quality-models/import{query}",
        exchange.dump_json(make_spec()),
    )
    assert response.status_code == status
    assert QualityModel.objects.count() == before + (1 if status == 201 else 0)


@pytest.mark.parametrize(
    ("persona", "status"), [("buyer_admin", 201), ("evaluator", 403), ("provider_a_author", 404)]
)
def test_create_draft_from_a_version(personas, client_for, own, persona, status):
    response = call(
        client_for(getattr(personas, persona)),
        "post",
        f"/quality-model-versions/{own.pk}/drafts",
        {},
    )
    assert response.status_code == status
    if status == 201:
        assert response.json()["based_on_id"] == own.pk
        assert response.json()["number"] == 2


def test_delete_draft_and_conflict_for_a_frozen_version(personas, client_for, own):
    client = client_for(personas.buyer_admin)
    response = call(client, "delete", f"/quality-model-versions/{own.pk}")
    assert response.status_code == 409
    assert response.json()["error"] == {
        "status": 409,
        "code": "conflict",
        "message": "This version is in use and frozen, so it cannot be deleted. Assessments and "
        "procurements that use it keep it unchanged.",
        "details": [],
    }
    draft = make_version(model=own.model)
    assert (
        call(
            client_for(personas.evaluator), "delete", f"/quality-model-versions/{draft.pk}"
        ).status_code
        == 403
    )
    assert call(client, "delete", f"/quality-model-versions/{draft.pk}").status_code == 204
    assert not ModelVersion.objects.filter(pk=draft.pk).exists()
    assert ModelVersion.objects.filter(pk=own.pk).exists()


# --- training sessions ----------------------------------------------------------------------------


def test_training_session_lifecycle(personas, client_for, gum):
    client = client_for(personas.procurement_officer)
    starts = clock.now() - timedelta(hours=2)
    response = call(
        client,
        "post",
        "/training-sessions",
        {
            "organisation_id": personas.buyer.pk,
            "model_version_id": gum.pk,
            "title": "Introduktion",
            "starts_at": starts.isoformat(),
            "location": "Stadshuset",
        },
    )
    assert response.status_code == 201
    session_id = response.json()["id"]
    added = call(
        client,
        "post",
        f"/training-sessions/{session_id}/participants",
        {"email": "evaluator@ekby.se"},
    )
    assert added.status_code == 201
    assert added.json()["attended"] is False
    unknown = call(
        client, "post", f"/training-sessions/{session_id}/participants", {"email": "x@y.se"}
    )
    assert unknown.status_code == 400
    assert unknown.json()["error"]["details"][0]["field"] == "email"
    marked = call(
        client,
        "put",
        f"/training-sessions/{session_id}/participants/{personas.evaluator.pk}/attendance",
        {"attended": True},
    )
    assert marked.status_code == 200 and marked.json()["attended"] is True
    patched = call(client, "patch", f"/training-sessions/{session_id}", {"location": "Rum 2"})
    assert patched.json()["location"] == "Rum 2"
    assert patched.json()["attended_count"] == 1
    listed = call(client_for(personas.evaluator), "get", "/training-sessions").json()
    assert [s["title"] for s in listed["items"]] == ["Introduktion"]
    assert call(client, "delete", f"/training-sessions/{session_id}").status_code == 409
    assert TrainingSession.objects.filter(pk=session_id).exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("procurement_officer", 200),
        ("buyer_viewer", 403),
        ("provider_b_author", 404),
        ("stranger", 404),
    ],
)
def test_training_session_write_permissions(personas, client_for, gum, persona, status):
    session = make_session(
        organisation=personas.buyer,
        version=gum,
        by=personas.buyer_admin,
        participants=(personas.evaluator,),
    )
    client = client_for(getattr(personas, persona))
    assert (
        call(client, "patch", f"/training-sessions/{session.pk}", {"title": "Ny"}).status_code
        == status
    )
    removed = call(
        client, "delete", f"/training-sessions/{session.pk}/participants/{personas.evaluator.pk}"
    )
    assert removed.status_code == (204 if status == 200 else status)
    assert TrainingParticipant.objects.filter(session=session).exists() == (status != 200)


def test_create_session_for_another_organisation_is_refused(personas, client_for, gum):
    client = client_for(personas.procurement_officer)
    payload = {
        "organisation_id": personas.provider_a.pk,
        "model_version_id": gum.pk,
        "title": "X",
        "starts_at": clock.now().isoformat(),
    }
    assert call(client, "post", "/training-sessions", payload).status_code == 404
    payload["organisation_id"] = personas.buyer.pk
    payload["model_version_id"] = make_version(owner=personas.provider_a).pk
    response = call(client, "post", "/training-sessions", payload)
    assert response.status_code == 400
    assert response.json()["error"]["details"] == [
        {"field": "model_version_id", "message": "Choose a model version from the library."}
    ]
    assert not TrainingSession.objects.exists()


def test_participant_sees_the_session(personas, client_for, gum):
    session = make_session(
        organisation=personas.buyer,
        version=gum,
        by=personas.buyer_admin,
        participants=(personas.provider_a_author,),
    )
    body = call(
        client_for(personas.provider_a_author), "get", f"/training-sessions/{session.pk}"
    ).json()
    assert [p["email"] for p in body["participants"]] == ["author@omsorg-a.se"]
    assert (
        call(
            client_for(personas.provider_b_author), "get", f"/training-sessions/{session.pk}"
        ).status_code
        == 404
    )
