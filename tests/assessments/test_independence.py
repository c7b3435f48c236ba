"""Independence and secrecy of the assessment engine (DOMAIN.md section 4, permissions.py).

Evaluator A (personas.evaluator) writes work marked with strings found nowhere else and a step
no one else uses. Everyone else then requests every page of rodtrad/assessments/urls.py and
every GET of the API's assessment paths (walked from the URL patterns and the OpenAPI schema,
so a new page or endpoint is checked without touching these tests). Before the consensus the
markers and the step never show; what A writes or whether A submits changes nothing in what an
evaluator sees (the responses are compared byte for byte); the chair and managers see only
*that* A submitted. Outsiders get 404 everywhere, a member who declared a conflict loses access,
an undeclared member reads no material; from the consensus on the submitted work is side by
side and a draft that was never submitted stays hidden. A model version in use is frozen.
"""

from __future__ import annotations

import contextlib
import io
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from rodtrad.accounts.actor import Actor
from rodtrad.api.tokens import create_token
from rodtrad.assessments import services
from rodtrad.assessments import urls as assessment_urls
from rodtrad.assessments.models import Assessment, IndividualScore, ScopeItem
from rodtrad.common import clock
from rodtrad.qualitymodels.models import (
    Criterion,
    CriterionGroup,
    FrozenVersionError,
    ModelVersion,
    Scale,
    ScaleStep,
)
from rodtrad.qualitymodels.services import create_draft_from
from tests.assessments.factories import (
    actor,
    agree_all,
    declare_all,
    make_self_assessment,
    make_version,
    score_all,
)

API = "/api/v1"
NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


@dataclass(frozen=True)
class Work:
    """What A writes on every criterion: texts carrying `marker`, and one step."""

    marker: str
    step: int

    def write(self, assessment: Assessment, user, *, submit: bool = False) -> None:
        for item in assessment.scope.select_related("criterion"):
            code = item.criterion.code
            services.save_individual_score(
                actor=actor(user),
                assessment=assessment,
                item=item,
                percent=self.step,
                strengths=[f"{self.marker}-STYRKA-{code}"],
                improvements=[f"{self.marker}-FORBATTRING-{code}"],
                notes=f"{self.marker}-ANTECKNING-{code}",
            )
        if submit:
            services.submit_individual(actor=actor(user), assessment=fresh(assessment))


# A's work, and a second version of it: nobody else's step is 30 or 70 (the chair uses 90,
# evaluator 2 uses 80 before the consensus).
SECRET = Work("HEMLIG-A", 30)
OTHER_SECRET = Work("ANNAN-A", 70)


# --- fixtures and helpers ---------------------------------------------------------------------


@pytest.fixture(autouse=True)
def frozen_clock():
    clock.freeze(NOW)
    yield NOW
    clock.freeze(None)


@pytest.fixture
def p(personas):
    """The personas, reading the pages in English."""
    for user in (
        personas.buyer_admin,
        personas.procurement_officer,
        personas.panel_chair,
        personas.evaluator,
        personas.evaluator_2,
        personas.buyer_viewer,
        personas.provider_a_author,
        personas.other_buyer_officer,
        personas.stranger,
    ):
        user.language = "en"
        user.save(update_fields=["language"])
    return personas


def fresh(assessment: Assessment) -> Assessment:
    return Assessment.objects.get(pk=assessment.pk)


def individual_stage(p) -> Assessment:
    """Individual assessment open, the whole panel declared; the chair and evaluator 2 have
    drafts of their own (90 and 80 %), A has written nothing yet."""
    assessment = make_self_assessment(p)
    services.start_individual(actor=actor(p.buyer_admin), assessment=assessment)
    declare_all(assessment, p.panel_chair, p.evaluator, p.evaluator_2)
    score_all(assessment, p.panel_chair, 90, submit=False)
    score_all(assessment, p.evaluator_2, 80, submit=False)
    return fresh(assessment)


def start_consensus(p, assessment: Assessment, reason: str = "") -> Assessment:
    services.start_consensus(
        actor=actor(p.panel_chair), assessment=fresh(assessment), reason=reason
    )
    return fresh(assessment)


class Viewer:
    """One person's browser session and API token (a session for someone without an
    organisation to hold a token in)."""

    def __init__(self, user) -> None:
        self.user = user
        self.ui = Client()
        self.ui.force_login(user)
        membership = user.memberships.select_related("organisation").first()
        if membership is None:
            self.api = self.ui
        else:
            _token, raw = create_token(
                actor=Actor.for_user(user), organisation=membership.organisation, name="tests"
            )
            self.api = Client(headers={"Authorization": f"Bearer {raw}"})

    def api_get(self, path: str):
        return self.api.get(path, headers={"Accept-Language": "en"})


@dataclass(frozen=True)
class Seen:
    status: int
    location: str
    body: str
    data: object = None  # the JSON, for API answers


NORMALISE = [
    # Values that differ on every response whatever the data: CSRF tokens, CSP nonces, and the
    # wall-clock time an htmx save reports.
    (re.compile(r'(name="csrfmiddlewaretoken" value=)"[^"]*"'), r'\1""'),
    (re.compile(r'("X-CSRFToken": )"[^"]*"'), r'\1""'),
    (re.compile(r'nonce="[^"]*"'), 'nonce=""'),
    (re.compile(r"\b\d{2}:\d{2}:\d{2}\b"), "hh:mm:ss"),
]


def pdf_text(content: bytes) -> str:
    """The PDF's text without any white space, so that a marker broken over two lines is
    still found (the markers have no spaces)."""
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return re.sub(r"\s+", "", text)


def capture(response) -> Seen:
    content_type = response.get("Content-Type", "")
    if content_type == "application/pdf":
        body = pdf_text(response.content)
    else:
        body = response.content.decode()
    for pattern, replacement in NORMALISE:
        body = pattern.sub(replacement, body)
    data = response.json() if content_type.startswith("application/json") else None
    return Seen(response.status_code, response.get("Location", ""), body, data)


def page_urls(assessment: Assessment) -> list[tuple[str, str]]:
    """(name, URL) of every pattern in rodtrad/assessments/urls.py, for this assessment (and
    its first criterion, and its owner)."""
    item = assessment.scope.order_by("order").first()
    values = {
        "assessment_id": assessment.pk,
        "item_id": item.pk,
        "organisation_id": assessment.owner_id,
    }
    urls = []
    for pattern in assessment_urls.urlpatterns:
        names = set(pattern.pattern.converters)
        assert names <= set(values), f"teach page_urls the parameters of {pattern.name}: {names}"
        url = reverse(f"assessments:{pattern.name}", kwargs={n: values[n] for n in names})
        urls.append((pattern.name, url))
    return urls


HTMX_ITEM_PAGES = {"work_item", "consensus_item"}


def htmx_body(name: str, item_id: int) -> dict:
    """What the htmx forms send for one criterion: the viewer's own step and text."""
    if name == "work_item":
        return {f"p-{item_id}": "80", f"s-{item_id}": "Eriks egen styrka", f"i-{item_id}": ""}
    # A stale revision: valid input that is refused (409), so the walk changes no consensus.
    return {"percent": "80", "rationale": "Egen motivering", "revision": "-1"}


def api_get_paths(assessment: Assessment) -> list[str]:
    """Every GET path of the OpenAPI schema under /api/v1/assessments, for this assessment."""
    schema = Client().get(f"{API}/openapi.json").json()
    paths = [
        path.replace("{assessment_id}", str(assessment.pk))
        for path, operations in schema["paths"].items()
        if path.startswith(f"{API}/assessments") and "get" in operations
    ]
    assert not [path for path in paths if "{" in path], paths
    assert f"{API}/assessments/{assessment.pk}/report.pdf" in paths
    return paths


def look(viewer: Viewer, assessment: Assessment) -> dict[str, Seen]:
    """Everything the viewer can request about the assessment: every page (GET), the htmx
    item endpoints (POST), every API GET."""
    item_id = assessment.scope.order_by("order").first().pk
    seen: dict[str, Seen] = {}
    for name, url in page_urls(assessment):
        seen[f"GET {url}"] = capture(viewer.ui.get(url))
        if name in HTMX_ITEM_PAGES:
            response = viewer.ui.post(url, htmx_body(name, item_id), headers={"HX-Request": "true"})
            seen[f"POST {url}"] = capture(response)
    for path in api_get_paths(assessment):
        seen[f"API {path}"] = capture(viewer.api_get(path))
    return seen


STEP_KEYS = {"percent", "median", "suggested", "spread", "points", "total_points", "change"}


def steps_in(data) -> list[Decimal]:
    """The values under step-like keys anywhere in a JSON answer."""
    found: list[Decimal] = []
    if isinstance(data, dict):
        for key, value in data.items():
            if key in STEP_KEYS and value is not None and not isinstance(value, dict | list):
                with contextlib.suppress(InvalidOperation):
                    found.append(Decimal(str(value)))
            found.extend(steps_in(value))
    elif isinstance(data, list):
        for value in data:
            found.extend(steps_in(value))
    return found


def assert_work_hidden(seen: dict[str, Seen], work: Work) -> None:
    for request, answer in seen.items():
        assert work.marker not in answer.body, request
        assert Decimal(work.step) not in steps_in(answer.data), request
        assert not re.search(rf'value="{work.step}"[^>]*\bchecked', answer.body), request


def panel_table(html: str, language: str = "en") -> list[list[str]]:
    """The rows of the overview's panel table, as cell texts."""
    with translation.override(language):
        heading = f"<h2>{translation.gettext('Panel')}</h2>"
    section = html.split(heading, 1)[1].split("</table>", 1)[0]
    return [
        [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)
        ]
        for row in re.findall(r"<tr>(.*?)</tr>", section, re.S)
    ]


def detail(viewer: Viewer, assessment: Assessment) -> str:
    response = viewer.ui.get(reverse("assessments:detail", args=[assessment.pk]))
    assert response.status_code == 200
    return response.content.decode()


PANEL_VIEWERS = ["evaluator_2", "panel_chair", "buyer_admin", "buyer_viewer"]
EVALUATOR_VIEWERS = ["evaluator_2", "buyer_viewer"]  # may not even learn that A submitted


# --- before the consensus: A's work stays A's --------------------------------------------------


@pytest.mark.parametrize("persona", PANEL_VIEWERS)
def test_draft_of_a_is_invisible_and_changes_nothing_others_see(p, persona):
    assessment = individual_stage(p)
    viewer = Viewer(getattr(p, persona))
    look(viewer, assessment)  # the viewer's own htmx saves: the same from now on
    nothing_yet = look(viewer, assessment)

    SECRET.write(assessment, p.evaluator)
    with_draft = look(viewer, assessment)
    OTHER_SECRET.write(assessment, p.evaluator)
    with_other_draft = look(viewer, assessment)

    assert_work_hidden(with_draft, SECRET)
    assert_work_hidden(with_other_draft, OTHER_SECRET)
    assert with_draft == nothing_yet
    assert with_other_draft == nothing_yet


@pytest.mark.parametrize("persona", PANEL_VIEWERS)
def test_submitted_work_of_a_is_invisible_before_the_consensus(p, persona):
    assessment = individual_stage(p)
    SECRET.write(assessment, p.evaluator, submit=True)

    seen = look(Viewer(getattr(p, persona)), assessment)

    assert_work_hidden(seen, SECRET)


@pytest.mark.parametrize("persona", EVALUATOR_VIEWERS)
def test_whether_a_submitted_changes_nothing_an_evaluator_sees(p, persona):
    assessment = individual_stage(p)
    viewer = Viewer(getattr(p, persona))
    OTHER_SECRET.write(assessment, p.evaluator)
    look(viewer, assessment)  # the viewer's own htmx saves: the same from now on
    before = look(viewer, assessment)

    SECRET.write(assessment, p.evaluator, submit=True)
    after = look(viewer, assessment)

    assert after == before


def test_walk_finds_the_marker_and_step_on_a_own_pages(p):
    """The walk is able to find the marker and the step where they are allowed to show."""
    assessment = individual_stage(p)
    SECRET.write(assessment, p.evaluator)

    seen = look(Viewer(p.evaluator), assessment)

    work_page = seen[f"GET {reverse('assessments:work', args=[assessment.pk])}"]
    my_scores = seen[f"API {API}/assessments/{assessment.pk}/my-scores"]
    assert "HEMLIG-A-STYRKA-1" in work_page.body
    assert re.search(r'value="30"[^>]*\bchecked', work_page.body)
    # The walk's htmx save changed criterion 1 (A's own); criteria 3 and 2 are as written.
    assert [(s["percent"], s["strengths"]) for s in my_scores.data[1:]] == [
        (30, ["HEMLIG-A-STYRKA-3"]),
        (30, ["HEMLIG-A-STYRKA-2"]),
    ]


def test_organisation_event_log_does_not_show_a_manager_the_steps_before_consensus(p):
    """The buyer admin manages the self-assessment and reads the organisation's event log:
    that A submitted may show there, what A scored may not."""
    assessment = individual_stage(p)
    SECRET.write(assessment, p.evaluator, submit=True)

    response = Viewer(p.buyer_admin).ui.get(
        reverse("audit:organisation_log", args=[assessment.owner_id])
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Eva Utvärderare" in page
    tags = re.findall(r'<span class="tag">(.*?)</span>', page, re.S)
    assert tags  # the log shows event details
    timestamp = re.compile(r"^\w+: \d{4}-\d\d-\d\dT[\d:.]+\+00:00$")  # e.g. a token's expiry
    steps = [tag for tag in tags if not timestamp.match(tag.strip())]
    assert [tag for tag in steps if re.search(rf"\b{SECRET.step}\b", tag)] == []


# --- who sees *whether* A submitted ------------------------------------------------------------


@pytest.mark.parametrize("persona", ["panel_chair", "buyer_admin"])
def test_overview_shows_the_chair_and_a_manager_that_a_has_submitted(p, persona):
    assessment = individual_stage(p)
    SECRET.write(assessment, p.evaluator, submit=True)
    viewer = Viewer(getattr(p, persona))

    page = detail(viewer, assessment)
    api = viewer.api_get(f"{API}/assessments/{assessment.pk}").json()

    assert panel_table(page) == [
        ["Name", "Role", "Declaration", "Individual assessment"],
        ["Cajsa Ordförande", "Panel chair", "Signed", "Not submitted"],
        ["Erik Utvärderare", "Evaluator", "Signed", "Not submitted"],
        ["Eva Utvärderare", "Evaluator", "Signed", "Submitted"],
    ]
    assert [(m["name"], m["submitted"]) for m in api["panel"]] == [
        ("Cajsa Ordförande", False),
        ("Erik Utvärderare", False),
        ("Eva Utvärderare", True),
    ]


def test_overview_does_not_show_an_evaluator_whether_a_has_submitted(p):
    assessment = individual_stage(p)
    SECRET.write(assessment, p.evaluator, submit=True)
    viewer = Viewer(p.evaluator_2)

    page = detail(viewer, assessment)
    api = viewer.api_get(f"{API}/assessments/{assessment.pk}").json()

    assert panel_table(page) == [
        ["Name", "Role"],
        ["Cajsa Ordförande", "Panel chair"],
        ["Erik Utvärderare", "Evaluator"],
        ["Eva Utvärderare", "Evaluator"],
    ]
    assert "Submitted" not in page
    assert "Not submitted" not in page
    assert [(m["name"], m["declared"], m["submitted"]) for m in api["panel"]] == [
        ("Cajsa Ordförande", None, None),
        ("Erik Utvärderare", None, None),
        ("Eva Utvärderare", None, None),
    ]


def test_overview_in_swedish_shows_submission_to_the_chair_only(p):
    assessment = individual_stage(p)
    SECRET.write(assessment, p.evaluator, submit=True)
    for user in (p.panel_chair, p.evaluator_2):
        user.language = "sv"
        user.save(update_fields=["language"])
    with translation.override("sv"):
        submitted = translation.gettext("Submitted")  # "Inskickad" once translated
        not_submitted = translation.gettext("Not submitted")

    chair_page = detail(Viewer(p.panel_chair), assessment)
    evaluator_page = detail(Viewer(p.evaluator_2), assessment)

    assert [row[3] for row in panel_table(chair_page, "sv")[1:]] == [
        not_submitted,  # Cajsa
        not_submitted,  # Erik
        submitted,  # Eva
    ]
    assert len(panel_table(evaluator_page, "sv")[0]) == 2  # name and role only
    assert submitted not in evaluator_page
    assert not_submitted not in evaluator_page


# --- people who may not know the assessment exists -------------------------------------------


def api_operations(assessment: Assessment) -> list[tuple[str, str, dict | None]]:
    """Every operation of the schema on one assessment, with a valid body."""
    item_id = assessment.scope.order_by("order").first().pk
    bodies = {
        ("post", "/declaration"): {"conflict": False},
        ("put", "/my-scores/{item_id}"): {"percent": 60, "strengths": ["Bra"]},
        ("post", "/start-consensus"): {"reason": "Tidsbrist"},
        ("put", "/consensus/{item_id}"): {"percent": 60, "rationale": "", "revision": 0},
    }
    schema = Client().get(f"{API}/openapi.json").json()
    prefix = f"{API}/assessments/{{assessment_id}}"
    operations = []
    for path, methods in schema["paths"].items():
        if not path.startswith(prefix):
            continue
        for method, operation in methods.items():
            suffix = path[len(prefix) :]
            if "requestBody" in operation:
                assert (method, suffix) in bodies, f"give a body for {method} {path}"
            concrete = path.replace("{assessment_id}", str(assessment.pk)).replace(
                "{item_id}", str(item_id)
            )
            operations.append((method, concrete, bodies.get((method, suffix))))
    return operations


def stage(p, name: str) -> Assessment:
    """A's submitted work (the secret) at the individual, consensus or final stage."""
    assessment = individual_stage(p)
    SECRET.write(assessment, p.evaluator, submit=True)
    if name == "individual":
        return assessment
    assessment = start_consensus(p, assessment, reason="Erik och Cajsa hann inte")
    if name == "consensus":
        return assessment
    agree_all(assessment, p.evaluator, percent=60)
    services.finalise(actor=actor(p.panel_chair), assessment=fresh(assessment))
    return fresh(assessment)


def assert_unknown_everywhere(viewer: Viewer, assessment: Assessment, *, owner_page: int) -> None:
    """404 for every page of the assessment (GET and POST) and every API operation on it; the
    list page and endpoint do not mention it. `owner_page`: the status of the owner's
    "new self-assessment" page (404 for outsiders, 403 for its members without the role)."""
    for name, url in page_urls(assessment):
        if name == "list":
            listing = viewer.ui.get(url).content.decode()
            assert assessment.title not in listing
            assert reverse("assessments:detail", args=[assessment.pk]) not in listing
            continue
        if name == "create_self_assessment":
            assert viewer.ui.get(url).status_code == owner_page
            assert viewer.ui.post(url, {"title": "x"}).status_code == owner_page
            continue
        got = viewer.ui.get(url)
        posted = viewer.ui.post(url, {"reason": "x", "conflict": "no", "confidentiality": "on"})
        assert got.status_code in (404, 405), (url, got.status_code)  # 405: a POST-only view
        assert posted.status_code == 404, (url, posted.status_code)
        for answer in (got, posted):
            assert assessment.title not in answer.content.decode(), url
            assert SECRET.marker not in answer.content.decode(), url
    for method, path, body in api_operations(assessment):
        send = getattr(viewer.api, method)
        if body is None:
            response = send(path, headers={"Accept-Language": "en"})
        else:
            response = send(
                path, body, content_type="application/json", headers={"Accept-Language": "en"}
            )
        assert response.status_code == 404, (method, path, response.status_code)
        assert response.json()["error"]["code"] == "not_found", (method, path)
    listed = viewer.api_get(f"{API}/assessments")
    assert listed.status_code == 200
    assert listed.json() == {"items": [], "count": 0}


@pytest.mark.parametrize("name", ["individual", "consensus", "final"])
@pytest.mark.parametrize("persona", ["stranger", "provider_a_author", "other_buyer_officer"])
def test_outsiders_get_404_on_every_page_and_endpoint(p, persona, name):
    assessment = stage(p, name)
    before = list(IndividualScore.objects.order_by("pk").values_list("pk", "percent", "strengths"))

    assert_unknown_everywhere(Viewer(getattr(p, persona)), assessment, owner_page=404)

    assert fresh(assessment).status == name
    assert (
        list(IndividualScore.objects.order_by("pk").values_list("pk", "percent", "strengths"))
        == before
    )


@pytest.mark.parametrize("name", ["individual", "consensus"])
@pytest.mark.parametrize("persona", ["procurement_officer", "buyer_viewer"])
def test_buyer_members_without_a_part_get_404_before_final(p, persona, name):
    assessment = stage(p, name)

    assert_unknown_everywhere(Viewer(getattr(p, persona)), assessment, owner_page=403)

    assert fresh(assessment).status == name


# --- a member who declared a conflict ----------------------------------------------------------


@pytest.mark.parametrize("name", ["individual", "consensus"])
def test_member_who_declared_a_conflict_loses_access_to_everything(p, name):
    assessment = make_self_assessment(p)
    services.start_individual(actor=actor(p.buyer_admin), assessment=assessment)
    declare_all(assessment, p.panel_chair, p.evaluator)
    services.sign_declaration(
        actor=actor(p.evaluator_2),
        assessment=fresh(assessment),
        conflict=True,
        description="Min syster leder verksamheten",
    )
    SECRET.write(assessment, p.evaluator, submit=True)
    score_all(assessment, p.panel_chair, 90)
    if name == "consensus":
        assessment = start_consensus(p, assessment)
    viewer = Viewer(p.evaluator_2)

    seen = look(viewer, assessment)

    for request, answer in seen.items():
        if request == f"GET {reverse('assessments:list')}" or request == f"API {API}/assessments":
            assert answer.status == 200, request
            assert assessment.title not in answer.body, request
            continue
        if request.startswith(
            f"GET {reverse('assessments:create_self_assessment', args=[p.buyer.pk])}"
        ):
            assert answer.status == 403, request  # an evaluator, not a manager
            continue
        assert answer.status in (403, 404, 405), (request, answer.status)
        assert SECRET.marker not in answer.body, request
        assert "Cajsas" not in answer.body and "Styrka 1 enligt" not in answer.body, request
        if answer.data is not None:
            assert answer.data["error"]["code"] in ("forbidden", "not_found"), request
    assert list(IndividualScore.objects.filter(member__user=p.evaluator_2)) == []


# --- a member who has not signed the declaration ----------------------------------------------


def test_undeclared_member_is_sent_to_the_declaration_and_reads_no_material(p):
    assessment = make_self_assessment(p)
    services.start_individual(actor=actor(p.buyer_admin), assessment=assessment)
    declare_all(assessment, p.panel_chair, p.evaluator)
    SECRET.write(assessment, p.evaluator)
    viewer = Viewer(p.evaluator_2)
    item = assessment.scope.order_by("order").first()

    work = viewer.ui.get(reverse("assessments:work", args=[assessment.pk]))
    my_scores = viewer.api_get(f"{API}/assessments/{assessment.pk}/my-scores")
    saved = viewer.api.put(
        f"{API}/assessments/{assessment.pk}/my-scores/{item.pk}",
        {"percent": 60, "strengths": ["Före deklarationen"]},
        content_type="application/json",
    )
    htmx = viewer.ui.post(
        reverse("assessments:work_item", args=[assessment.pk, item.pk]),
        {f"p-{item.pk}": "60", f"s-{item.pk}": "Före deklarationen"},
        headers={"HX-Request": "true"},
    )

    assert work.status_code == 302
    assert work["Location"] == reverse("assessments:declaration", args=[assessment.pk])
    assert my_scores.status_code == 403
    assert my_scores.json()["error"]["code"] == "forbidden"
    assert saved.status_code == 403
    assert htmx.status_code == 403
    assert list(IndividualScore.objects.filter(member__user=p.evaluator_2)) == []
    assert_work_hidden(look(viewer, assessment), SECRET)


def test_undeclared_member_reads_no_material_after_a_forced_consensus(p):
    assessment = make_self_assessment(p)
    services.start_individual(actor=actor(p.buyer_admin), assessment=assessment)
    declare_all(assessment, p.panel_chair, p.evaluator)
    SECRET.write(assessment, p.evaluator, submit=True)
    assessment = start_consensus(p, assessment, reason="Erik har inte deklarerat")
    viewer = Viewer(p.evaluator_2)

    seen = look(viewer, assessment)

    for path in ("consensus", "report", "report.pdf", "my-scores"):
        answer = seen[f"API {API}/assessments/{assessment.pk}/{path}"]
        assert answer.status == 403, path
        assert answer.data == {
            "error": {
                "status": 403,
                "code": "forbidden",
                "message": "You are not allowed to do this.",
                "details": [],
            }
        }, path
    for name in ("consensus", "report", "report_pdf"):
        assert seen[f"GET {reverse(f'assessments:{name}', args=[assessment.pk])}"].status == 403
    for answer in seen.values():
        assert SECRET.marker not in answer.body


# --- from the consensus on ---------------------------------------------------------------------


def consensus_world(p) -> Assessment:
    """A (30 %, the secret) and evaluator 2 (50 %, "ERIKS-TEXT") submitted; the chair left a
    draft (100 %, "UTKAST-CAJSA") unsubmitted and forced the consensus with a reason."""
    assessment = make_self_assessment(p)
    services.start_individual(actor=actor(p.buyer_admin), assessment=assessment)
    declare_all(assessment, p.panel_chair, p.evaluator, p.evaluator_2)
    SECRET.write(assessment, p.evaluator, submit=True)
    Work("ERIKS-TEXT", 50).write(assessment, p.evaluator_2, submit=True)
    Work("UTKAST-CAJSA", 100).write(assessment, p.panel_chair)
    return start_consensus(p, assessment, reason="Cajsa leder samtalet")


@pytest.mark.parametrize("persona", ["evaluator", "evaluator_2", "panel_chair", "buyer_admin"])
def test_consensus_shows_submitted_work_side_by_side(p, persona):
    assessment = consensus_world(p)
    viewer = Viewer(getattr(p, persona))

    page = viewer.ui.get(reverse("assessments:consensus", args=[assessment.pk]))
    rows = viewer.api_get(f"{API}/assessments/{assessment.pk}/consensus")

    assert page.status_code == 200
    html = page.content.decode()
    assert "HEMLIG-A-STYRKA-1" in html
    assert "ERIKS-TEXT-FORBATTRING-2" in html
    assert "UTKAST-CAJSA" not in html
    assert rows.status_code == 200
    assert [
        (r["criterion_code"], r["median"], r["suggested"], r["spread"], r["divergent"])
        for r in rows.json()
    ] == [("1", "40", 40, 20, False), ("3", "40", 40, 20, False), ("2", "40", 40, 20, False)]
    assert [
        (i["evaluator_name"], i["percent"], i["strengths"], i["improvements"])
        for i in rows.json()[0]["individual"]
    ] == [
        ("Erik Utvärderare", 50, ["ERIKS-TEXT-STYRKA-1"], ["ERIKS-TEXT-FORBATTRING-1"]),
        ("Eva Utvärderare", 30, ["HEMLIG-A-STYRKA-1"], ["HEMLIG-A-FORBATTRING-1"]),
    ]
    assert (rows.json()[0]["strengths"], rows.json()[0]["improvements"]) == (
        ["HEMLIG-A-STYRKA-1", "ERIKS-TEXT-STYRKA-1"],
        ["HEMLIG-A-FORBATTRING-1", "ERIKS-TEXT-FORBATTRING-1"],
    )


@pytest.mark.parametrize("persona", ["evaluator", "evaluator_2", "buyer_admin", "buyer_viewer"])
def test_unsubmitted_draft_never_appears_after_a_forced_consensus(p, persona):
    assessment = consensus_world(p)

    seen = look(Viewer(getattr(p, persona)), assessment)

    for request, answer in seen.items():
        assert "UTKAST-CAJSA" not in answer.body, request
        assert Decimal(100) not in steps_in(answer.data), request


def test_unsubmitted_draft_stays_out_of_the_chairs_consensus_and_report(p):
    assessment = consensus_world(p)
    viewer = Viewer(p.panel_chair)

    seen = look(viewer, assessment)

    shared = [
        f"GET {reverse(f'assessments:{name}', args=[assessment.pk])}"
        for name in ("detail", "consensus", "report", "report_pdf")
    ] + [
        f"API {API}/assessments/{assessment.pk}/{path}"
        for path in ("consensus", "report", "report.pdf")
    ]
    for request in shared:
        assert seen[request].status == 200, request
        assert "UTKAST-CAJSA" not in seen[request].body, request
    assert "HEMLIG-A-STYRKA-1" in seen[f"API {API}/assessments/{assessment.pk}/report.pdf"].body
    # The chair still has the draft: their own, on their own page.
    assert "UTKAST-CAJSA-STYRKA-1" in seen[f"API {API}/assessments/{assessment.pk}/my-scores"].body


# --- the model version is frozen once an assessment uses it ------------------------------------


def part_values(version: ModelVersion) -> dict:
    return {
        "version": list(
            ModelVersion.objects.filter(pk=version.pk).values_list("label", "notes", "total_points")
        ),
        "groups": list(
            CriterionGroup.objects.filter(version=version).order_by("pk").values_list("pk", "name")
        ),
        "criteria": list(
            Criterion.objects.filter(version=version)
            .order_by("pk")
            .values_list("pk", "name", "max_points", "guidance")
        ),
        "scales": list(
            Scale.objects.filter(version=version).order_by("pk").values_list("pk", "name")
        ),
        "steps": list(
            ScaleStep.objects.filter(scale__version=version)
            .order_by("pk")
            .values_list("pk", "percent", "description")
        ),
    }


def _save_version(v):
    v.label = "Ändrad"
    v.save()


def _save_criterion(v):
    criterion = Criterion.objects.filter(version=v).first()
    criterion.max_points = 1
    criterion.save()


def _delete_criterion(v):
    Criterion.objects.filter(version=v).first().delete()


def _save_step(v):
    step = ScaleStep.objects.filter(scale__version=v).first()
    step.description = "Ändrad nivå"
    step.save()


def _delete_step(v):
    ScaleStep.objects.filter(scale__version=v).first().delete()


def _save_group(v):
    group = CriterionGroup.objects.filter(version=v).first()
    group.name = "Ändrad grupp"
    group.save()


def _save_scale(v):
    scale = Scale.objects.filter(version=v).first()
    scale.name = "Ändrad skala"
    scale.save()


def _add_criterion(v):
    Criterion.objects.create(
        version=v,
        group=CriterionGroup.objects.filter(version=v).first(),
        code="99",
        name="Nytt",
        kind="approach",
        max_points=10,
    )


def _bulk_add_criterion(v):
    Criterion.objects.bulk_create(
        [
            Criterion(
                version=v,
                group=CriterionGroup.objects.filter(version=v).first(),
                code="98",
                name="Nytt i bulk",
                kind="approach",
                max_points=10,
            )
        ]
    )


CHANGES = {
    "ModelVersion.save": _save_version,
    "ModelVersion.objects.update": lambda v: ModelVersion.objects.filter(pk=v.pk).update(label="x"),
    "ModelVersion.delete": lambda v: ModelVersion.objects.get(pk=v.pk).delete(),
    "Criterion.save": _save_criterion,
    "Criterion.delete": _delete_criterion,
    "Criterion.objects.create": _add_criterion,
    "Criterion.objects.bulk_create": _bulk_add_criterion,
    "Criterion.objects.update": lambda v: Criterion.objects.filter(version=v).update(max_points=1),
    "Criterion.objects.delete": lambda v: Criterion.objects.filter(version=v).delete(),
    "CriterionGroup.save": _save_group,
    "Scale.save": _save_scale,
    "ScaleStep.save": _save_step,
    "ScaleStep.delete": _delete_step,
    "ScaleStep.objects.update": lambda v: ScaleStep.objects.filter(scale__version=v).update(
        description="x"
    ),
}


@pytest.fixture
def draft_version(p) -> ModelVersion:
    """A draft (not frozen) copy of the factory version."""
    draft = create_draft_from(version=make_version(), actor=actor(p.platform_admin))
    assert draft.frozen_at is None
    return draft


def test_draft_version_can_change_until_an_assessment_uses_it(p, draft_version):
    criterion = Criterion.objects.filter(version=draft_version).order_by("pk").first()
    criterion.guidance = "Ny vägledning"
    criterion.save()
    _save_step(draft_version)

    assessment = make_self_assessment(p, version=draft_version)

    assert ModelVersion.objects.get(pk=draft_version.pk).frozen_at == NOW
    assert assessment.model_version_id == draft_version.pk
    assert Criterion.objects.get(pk=criterion.pk).guidance == "Ny vägledning"
    assert ScaleStep.objects.filter(
        scale__version=draft_version, description="Ändrad nivå"
    ).exists()


@pytest.mark.parametrize("change", list(CHANGES), ids=list(CHANGES))
def test_version_in_use_cannot_be_changed(p, draft_version, change):
    make_self_assessment(p, version=draft_version)
    version = ModelVersion.objects.get(pk=draft_version.pk)
    before = part_values(version)

    with pytest.raises(FrozenVersionError):
        CHANGES[change](version)

    assert part_values(version) == before


def test_version_in_use_keeps_the_scope_the_assessment_was_made_with(p, draft_version):
    assessment = make_self_assessment(p, version=draft_version)
    scope = list(
        ScopeItem.objects.filter(assessment=assessment).values_list(
            "criterion__code", "criterion__max_points"
        )
    )

    for change in CHANGES.values():
        with pytest.raises(FrozenVersionError):
            change(ModelVersion.objects.get(pk=draft_version.pk))

    assert (
        list(
            ScopeItem.objects.filter(assessment=assessment).values_list(
                "criterion__code", "criterion__max_points"
            )
        )
        == scope
        == [("1", 70), ("3", 100), ("2", 70)]
    )
