"""The permission matrix (security hardening): every page route and every API operation, as
every persona, in every relevant state of a procurement's life.

Routes come from the URL resolver and operations from the OpenAPI document, so a new one cannot
be forgotten: an endpoint the table in matrix_expected.py does not classify for a state fails
the test by name. Each state is built once (tests/security/matrix_world.py) and the walk sends,
as each persona, a GET and an empty POST to every page and every API operation with its method
(writes with the documented example body, so a refusal cannot hide behind a validation error).
Every request runs in a rolled-back transaction, so a permitted write does not change the
world for the next cell. Every mismatch is collected into one failure message; an unexpected
2xx is a failure like any other mismatch.

To regenerate a first draft of the table after a deliberate change, run with
MATRIX_DUMP=/tmp/matrix and review every changed cell by hand before copying it.
"""

from __future__ import annotations

import json
import os

import pytest
from django.test import Client

from tests.security.matrix_expected import EXPECTED
from tests.security.matrix_walk import (
    ALLOWED,
    api_body,
    api_document,
    concretise,
    endpoints,
    request,
)
from tests.security.matrix_world import BUILDERS, PERSONAS, STATES

pytestmark = pytest.mark.django_db

# Endpoints whose answer does not depend on the procurement's state: walked in the first only.
STATELESS_PREFIXES = (
    "accounts/",
    "invitations/",
    "organisations/",
    "models/",
    "training/",
    "notifications/",
    "api-tokens/",
    "admin/",
    "about/",
    "accessibility/",
    "healthz",
    ".well-known/",
    "favicon.ico",
    "api/v1/me",
    "api/v1/organisations",
    "api/v1/quality-model",
    "api/v1/training-sessions",
    "api/v1/notifications",
    "api/v1/partnership/conditions",
    "api/v1/evaluation-models/simulate",
)

# The buyer's working copy and the market read the published snapshot: the same rules before
# the opening and after the award (both walked), so the two middle states skip them.
WORKING_COPY = (
    "basics",
    "lots",
    "team",
    "goals",
    "requirements",
    "criteria",
    "partnership",
    "indicators",
    "evaluation-model",
    "simulation",
    "simulated-tenders",
    "red-thread",
    "publish",
    "versions",
    "model",
    "cancel",
)


def relevant(route: str, state: str) -> bool:
    if route == "" or route.startswith(STATELESS_PREFIXES):
        return state == STATES[0]
    parts = route.split("/")
    if parts[:2] == ["api", "v1"]:
        parts = parts[2:]
    in_working_copy = parts[0] == "procurements" and len(parts) > 2 and parts[2] in WORKING_COPY
    if in_working_copy or parts[0] == "market":
        return state in ("submitted", "awarded")
    return True


# Body fields that name an object by id get the state's real one: the documented examples say
# 1, which exists on a fresh SQLite database but not on PostgreSQL, whose sequences go on
# between tests (a 404 for the missing object would hide the permission answer).
BODY_ID_ALIASES = {"model_version_id": "version_id"}
BODY_IDS_KEPT = {"user_id"}  # lists of people: one real id for all would only make duplicates


# Not walked: its example names the chair and evaluators by user id, so its answer depends on
# which ids the database happened to give (tests/assessments/test_api.py covers who may do it).
NOT_WALKED = {"POST api/v1/assessments"}


def with_real_ids(body, ids: dict):
    if isinstance(body, dict):
        replaced = {}
        for key, value in body.items():
            real = ids.get(BODY_ID_ALIASES.get(key, key))
            if (
                key.endswith("_id")
                and key not in BODY_IDS_KEPT
                and isinstance(value, int)
                and isinstance(real, int)
            ):
                replaced[key] = real
            else:
                replaced[key] = with_real_ids(value, ids)
        return replaced
    if isinstance(body, list):
        return [with_real_ids(item, ids) for item in body]
    return body


def expected_grid(label: str, state: str) -> list[str] | None:
    row = EXPECTED.get(label)
    if row is None:
        return None
    if isinstance(row, str):
        return row.split()
    for states, grid in row.items():
        if state in states.split():
            return grid.split()
    return None


def matches(expected: str, observed: str, label: str) -> bool:
    if observed.startswith("E"):
        return False  # a server error is never an expected answer
    if expected == "A":
        return observed in ALLOWED
    return expected == observed


class _StubPDF:
    """WeasyPrint's HTML, writing a minimal PDF: every permission check comes before the
    rendering, and a second per PDF would dominate the walk (the templates are still
    rendered)."""

    def __init__(self, *args, **kwargs):
        pass

    def write_pdf(self, *args, **kwargs) -> bytes:
        from tests.tenders.factories import PDF

        return PDF


@pytest.fixture(autouse=True)
def _fast_pdfs_and_offline(monkeypatch, settings):
    import weasyprint

    monkeypatch.setattr(weasyprint, "HTML", _StubPDF)
    settings.KOLADA_API_URL = "http://127.0.0.1:9/v2"  # the live import fails fast, offline


def test_the_walk_finds_every_endpoint():
    document = api_document()
    found = endpoints(document)
    assert len([e for e in found if e.kind == "api"]) > 150
    assert len([e for e in found if e.kind == "page"]) > 300


@pytest.mark.parametrize("state", STATES)
def test_permission_matrix(state, personas, client_for, api_for, record_property):
    world = BUILDERS[state](personas)
    document = api_document()
    operations = {
        (method.upper(), path.removeprefix("/")): operation
        for path, methods in document["paths"].items()
        for method, operation in methods.items()
    }
    walked = [
        (endpoint, url)
        for endpoint in endpoints(document)
        if relevant(endpoint.route, state)
        and endpoint.label not in NOT_WALKED
        and (url := concretise(endpoint, world)) is not None
    ]
    unclassified = sorted({e.label for e, _url in walked if expected_grid(e.label, state) is None})
    mismatches: list[str] = []
    observed: dict[str, dict[str, str]] = {}
    cells = 0
    for column, persona in enumerate(PERSONAS):
        user = world.users[persona]
        page_client = client_for(user)
        api_client = api_for(user) if user is not None else Client()
        for endpoint, url in walked:
            if endpoint.kind == "api":
                body, content_type = api_body(
                    operations[(endpoint.method, endpoint.route)], document
                )
                body = with_real_ids(body, world.ids)
                result = request(api_client, endpoint, url, body, content_type)
            else:
                result = request(page_client, endpoint, url)
            cells += 1
            observed.setdefault(endpoint.label, {})[persona] = result
            grid = expected_grid(endpoint.label, state)
            if grid is None:
                continue
            if not matches(grid[column], result, endpoint.label):
                mismatches.append(
                    f"{endpoint.label} ({url}) as {persona}: expected {grid[column]}, got {result}"
                )

    record_property("cells", cells)
    print(
        f"permission matrix, state {state}: {len(walked)} endpoints x {len(PERSONAS)} "
        f"personas = {cells} cells"
    )
    dump = os.environ.get("MATRIX_DUMP")
    if dump:
        with open(f"{dump}.{state}.json", "w") as out:
            json.dump(observed, out, indent=0, ensure_ascii=False)
    assert unclassified == [], (
        f"endpoints the table does not classify in state {state}: " + "\n".join(unclassified)
    )
    assert mismatches == [], f"{len(mismatches)} cells differ in state {state}:\n" + "\n".join(
        mismatches[:80]
    )
