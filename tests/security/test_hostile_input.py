"""Hostile input through every way text gets in: the API, the forms, the PDFs and the imports.

- API: every write operation with a JSON body gets its documented example with each string
  field replaced by hostile payloads (tests/security/payloads.py). Never a 5xx; a 4xx is in the
  one error shape with a message; text a 2xx stored reads back exactly.
- Forms: a representative set of create/edit forms across the apps gets the payloads; the pages
  that show the text never contain the active markup, only its escaped form.
- PDFs: payloads in texts that end up in PDFs; the PDF renders, holds the text, fetches nothing.
- Imports: zip bombs, huge sheets, files that are not what their name says, huge CSV files are
  refused with a clear message within bounded time and memory.
"""

from __future__ import annotations

import copy
import html
import io
import json
import re
import time
import tracemalloc
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from rodtrad.accounts.actor import Actor
from rodtrad.api.tokens import create_token
from tests.procurements.factories import english_users  # noqa: F401
from tests.security import payloads
from tests.security.payloads import Payload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_users")]

XSS_MARKERS = payloads.ACTIVE_MARKUP


# --- helpers ------------------------------------------------------------------------------------


def _token_client(user, organisation=None) -> Client:
    membership = user.memberships.select_related("organisation").order_by("organisation__name")
    if organisation is None:
        organisation = membership.first().organisation
    _token, raw = create_token(
        actor=Actor.for_user(user), organisation=organisation, name="hostile"
    )
    return Client(headers={"Authorization": f"Bearer {raw}", "Accept-Language": "en"})


def _is_error_shape(body: Any) -> bool:
    error = body.get("error") if isinstance(body, dict) else None
    return (
        isinstance(error, dict)
        and isinstance(error.get("status"), int)
        and isinstance(error.get("code"), str)
        and isinstance(error.get("message"), str)
        and bool(error["message"].strip())
        and isinstance(error.get("details"), list)
    )


def _string_paths(value: Any, path: tuple = ()) -> Iterator[tuple]:
    """Every place in a JSON value that holds a string (as a tuple of keys and indexes)."""
    if isinstance(value, str):
        yield path
    elif isinstance(value, dict):
        for key, inner in value.items():
            yield from _string_paths(inner, (*path, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from _string_paths(inner, (*path, index))


def _replaced(body: Any, path: tuple, text: str) -> Any:
    body = copy.deepcopy(body)
    target = body
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = text
    return body


def _value_at(body: Any, path: tuple) -> Any:
    for key in path:
        body = body[key]
    return body


def _values_named(value: Any, key: Any) -> list[str]:
    """Every string stored under `key` anywhere in a JSON value."""
    found = []
    if isinstance(value, dict):
        for name, inner in value.items():
            if name == key and isinstance(inner, str):
                found.append(inner)
            found.extend(_values_named(inner, key))
    elif isinstance(value, list):
        for inner in value:
            found.extend(_values_named(inner, key))
    return found


def _json(response) -> Any:
    if not response.get("Content-Type", "").startswith("application/json"):
        return None
    try:
        return json.loads(response.content)
    except ValueError:
        return None


# --- the world the API and the forms work on -----------------------------------------------------


@dataclass
class World:
    personas: Any
    contract: Any
    manager: Any
    round: Any
    procurement: Any  # contracted, with a done follow-up round
    draft: Any  # a complete draft procurement of the same buyer
    extra: dict[str, Any] = field(default_factory=dict)


@pytest.fixture
def world(personas, settings) -> World:
    from tests.followup.factories import finished
    from tests.procurements.factories import make_procurement

    settings.KOLADA_API_URL = "http://127.0.0.1:9/v2"
    contract, manager, round = finished(personas)
    draft = make_procurement(personas, reference_number="KS 2026/999")
    return World(
        personas=personas,
        contract=contract,
        manager=manager,
        round=round,
        procurement=contract.procurement,
        draft=draft,
    )


# --- API ----------------------------------------------------------------------------------------

# Builder parts that only a draft accepts: these paths use the draft procurement.
DRAFT_PARTS = (
    "basics",
    "lots",
    "team",
    "goals",
    "requirements",
    "indicators",
    "criteria",
    "model",
    "partnership",
    "evaluation-model",
    "simulated-tenders",
    "publish",
    "cancel",
)
# Operations that end a stage: run after every other operation so that they do not close the
# doors the others need.
LAST = ("/cancel", "/publish", "/start-consensus", "/complete", "/conclude", "/award/decision")


def _ids(world: World, path: str) -> dict[str, Any]:
    """Real ids for the path's parameters, looked up now (earlier writes may have made some)."""
    from rodtrad.assessments.models import ScopeItem
    from rodtrad.award.models import ReviewRequest
    from rodtrad.improvements.models import ImprovementAction
    from rodtrad.indicators.models import Indicator
    from rodtrad.procurements.models import LibraryRequirement, Question
    from rodtrad.qualitymodels.models import TrainingSession
    from rodtrad.tenders.models import Clarification

    p = world.personas
    draft = path.startswith("/api/v1/procurements/{procurement_id}/") and any(
        f"/{{procurement_id}}/{part}" in path for part in DRAFT_PARTS
    )
    procurement = world.draft if draft else world.procurement
    assessment = world.round.provider_assessment
    tender = world.procurement.tenders.filter(organisation=p.provider_a).get()

    def pk(queryset) -> int:
        first = queryset.order_by("pk").first()
        return first.pk if first is not None else 999_999

    ids = {
        "procurement_id": procurement.pk,
        "contract_id": world.contract.pk,
        "tender_id": tender.pk,
        "assessment_id": assessment.pk,
        "round_id": world.round.pk,
        "organisation_id": p.buyer.pk,
        "user_id": p.evaluator.pk,
        "lot_id": pk(procurement.lots.all()),
        "goal_id": pk(procurement.goals.all()),
        "requirement_id": pk(procurement.requirements.all()),
        "award_id": pk(procurement.criteria.all()),
        "item_id": pk(ScopeItem.objects.filter(assessment=assessment)),
        "session_id": pk(TrainingSession.objects.all()),
        "question_id": pk(Question.objects.filter(procurement=world.procurement)),
        "clarification_id": pk(Clarification.objects.all()),
        "review_id": pk(ReviewRequest.objects.all()),
        "action_id": pk(ImprovementAction.objects.filter(contract=world.contract)),
        "number": 1,
        "party": "provider",
    }
    if "/contracts/" in path:
        ids["indicator_id"] = pk(Indicator.objects.filter(contract=world.contract))
    else:
        ids["indicator_id"] = pk(procurement.indicators.all())
    if "/requirement-library/" in path:
        ids["item_id"] = pk(LibraryRequirement.objects.all())
    return ids


def _persona_for(world: World, path: str):
    p = world.personas
    if path.startswith(("/api/v1/market/", "/api/v1/tenders/")):
        return p.provider_a_author
    if path.startswith(("/api/v1/contracts/", "/api/v1/assessments")):
        return world.manager
    if path.startswith(("/api/v1/organisations", "/api/v1/training-sessions")):
        return p.buyer_admin
    return p.procurement_officer


def _resolve(schema: dict, document: dict) -> dict:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = document["components"]["schemas"][name]
    return schema


def _json_operations(document: dict) -> list[tuple[str, str, dict]]:
    operations = []
    for path, item in document["paths"].items():
        for method, operation in item.items():
            body = operation.get("requestBody", {}).get("content", {})
            if method in ("post", "put", "patch") and "application/json" in body:
                schema = _resolve(body["application/json"]["schema"], document)
                if path.endswith("/quality-models/import"):
                    continue  # a whole document (tests/qualitymodels test the format)
                example = (schema.get("examples") or [None])[0]
                if example is None and schema.get("type") == "array":
                    item_schema = _resolve(schema["items"], document)
                    example = [item_schema["examples"][0]] if item_schema.get("examples") else None
                assert example is not None, f"{method.upper()} {path} documents no example"
                operations.append((method, path, example))
    operations.sort(key=lambda op: any(op[1].endswith(last) for last in LAST))
    return operations


STRUCTURED = re.compile(r"^([a-z_]+|[\d.,:\- T+]+|[^ ]+@[^ ]+)$")


def _choose(index: int, example: str) -> list[Payload]:
    """The payloads for the index-th string field. A field whose example is a code, a number, a
    date or an e-mail address is parsed, not stored as written: the script, NUL and one more in
    rotation. A free text also gets the long text and two more in rotation, so every payload is
    sent across the operations."""
    always = [payloads.by_name("script"), payloads.NUL]
    rest = [p for p in payloads.ALL if p not in always and p is not payloads.LONG]
    if STRUCTURED.match(example):
        return [*always, rest[index % len(rest)]]
    return [*always, payloads.LONG, *(rest[(index * 2 + k) % len(rest)] for k in range(2))]


@dataclass
class ApiRun:
    requests: int = 0
    stored: int = 0
    failures: list[str] = field(default_factory=list)


def _send(client: Client, method: str, url: str, body: Any):
    return client.generic(method.upper(), url, json.dumps(body), content_type="application/json")


def _check_api(world: World, document: dict, method: str, path: str, example: Any, run: ApiRun):
    client = _token_client(_persona_for(world, path))
    fields = list(_string_paths(example))
    for number, where in enumerate(fields):
        original = _value_at(example, where)
        for payload in _choose(number + len(path), original):
            url = path.format(**_ids(world, path))
            body = _replaced(example, where, payload.text)
            response = _send(client, method, url, body)
            run.requests += 1
            label = f"{method.upper()} {path} {'.'.join(map(str, where))} <{payload.name}>"
            status = response.status_code
            if status >= 500:
                run.failures.append(f"{label}: {status}")
                continue
            answer = _json(response)
            if status >= 400:
                if not _is_error_shape(answer):
                    run.failures.append(f"{label}: {status} not in the error shape")
                continue
            if not payload.storable:
                run.failures.append(f"{label}: {status}, NUL accepted")
                continue
            key = where[-1]
            if isinstance(key, int):
                continue
            found = _values_named(answer, key) if answer is not None else []
            if not found and "get" in document["paths"].get(path, {}):
                found = _values_named(_json(client.get(url)), key)
            if found:
                run.stored += 1
                if payload.text not in found:
                    run.failures.append(f"{label}: stored as {[v[:60] for v in found][:3]!r}")


def _api_chunks() -> list[str]:
    return ["accounts-models-assessments", "procurements", "tenders-award", "contracts"]


def _in_chunk(path: str, chunk: str) -> bool:
    own = ("/api/v1/organisations", "/api/v1/training-sessions", "/api/v1/assessments")
    if path.startswith(own) and "requirement-library" not in path:
        return chunk == "accounts-models-assessments"
    if path.startswith(("/api/v1/contracts", "/api/v1/notifications")):
        return chunk == "contracts"
    if path.startswith(("/api/v1/market", "/api/v1/tenders")) or any(
        part in path for part in ("/tenders/", "/award", "/evaluation/", "/questions/", "/import")
    ):
        return chunk == "tenders-award"
    return chunk == "procurements"


@pytest.mark.parametrize("chunk", _api_chunks())
def test_api_writes_survive_hostile_text(chunk, world, client):
    document = client.get("/api/v1/openapi.json").json()
    operations = [op for op in _json_operations(document) if _in_chunk(op[1], chunk)]
    assert operations, chunk
    run = ApiRun()
    for method, path, example in operations:
        _check_api(world, document, method, path, example, run)
    print(f"{chunk}: {len(operations)} operations, {run.requests} requests, {run.stored} read back")
    assert run.failures == [], "\n".join(run.failures[:40])


def test_every_json_write_is_in_some_chunk(client):
    document = client.get("/api/v1/openapi.json").json()
    operations = _json_operations(document)
    assert len(operations) > 60
    for _method, path, _example in operations:
        assert sum(_in_chunk(path, chunk) for chunk in _api_chunks()) == 1, path


def test_api_refuses_nul_in_a_json_body_with_a_clear_message(world):
    client = _token_client(world.personas.procurement_officer)
    url = f"/api/v1/procurements/{world.draft.pk}/goals"

    response = _send(client, "post", url, {"text": payloads.NUL.text})

    assert response.status_code == 400
    body = response.json()
    assert _is_error_shape(body)
    assert "NUL" in body["error"]["message"] or "null character" in body["error"]["message"]


# --- forms --------------------------------------------------------------------------------------


class _Forms(HTMLParser):
    """The page's POST forms: action and fields with the values the page gives them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict[str, Any]] = []
        self._form: dict[str, Any] | None = None
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "form" and a.get("method", "").lower() == "post":
            self._form = {"action": a.get("action", ""), "fields": {}, "text": []}
            self.forms.append(self._form)
        if self._form is None or "name" not in a:
            return
        name, fields = a["name"], self._form["fields"]
        if tag == "input":
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    fields.setdefault(name, []).append(a.get("value", "on"))
            elif kind not in ("submit", "button", "file"):
                fields[name] = [a.get("value", "")]
                if kind in ("text", "search"):
                    self._form["text"].append(name)
        elif tag == "textarea":
            self._textarea = name
            fields[name] = [""]
            self._form["text"].append(name)
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and ("selected" in a or self._select not in fields):
            fields[self._select] = [a.get("value", "")]

    def handle_data(self, data: str) -> None:
        if self._form is not None and self._textarea:
            self._form["fields"][self._textarea][0] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self._form = None


def _main_form(page: str) -> dict[str, Any]:
    parser = _Forms()
    parser.feed(page)
    forms = [f for f in parser.forms if f["text"]]
    assert forms, "no form with a text field"
    return max(forms, key=lambda f: len(f["text"]))


@dataclass
class FormCase:
    name: str
    user: Any
    form_url: str
    show_urls: list[str]
    fields: list[str] | None = None  # the text fields to fill (default: every text field)
    extra: dict[str, str] = field(default_factory=dict)


def _form_cases(world: World) -> list[FormCase]:
    from rodtrad.assessments import services as engine
    from rodtrad.tenders import services as tender_services
    from tests.assessments.factories import make_self_assessment
    from tests.tenders.factories import published

    p, draft, contract = world.personas, world.draft, world.contract
    d, c = f"/procurements/{draft.pk}/", f"/contracts/{contract.pk}/"
    assessment = make_self_assessment(p)
    engine.start_individual(actor=Actor.for_user(p.buyer_admin), assessment=assessment)
    engine.sign_declaration(
        actor=Actor.for_user(p.evaluator), assessment=assessment, conflict=False
    )
    market = published(p, reference_number="KS 2026/998")
    tender = tender_services.start_tender(
        actor=Actor.for_user(p.provider_a_author), procurement=market, organisation=p.provider_a
    )
    a = f"/assessments/{assessment.pk}/"
    return [
        FormCase(
            "organisation",
            p.buyer_admin,
            f"/organisations/{p.buyer.pk}/edit/",
            [f"/organisations/{p.buyer.pk}/", "/organisations/"],
            fields=["name"],
        ),
        FormCase("goal", p.procurement_officer, d + "goals/new/", [d + "goals/", d]),
        FormCase(
            "requirement", p.procurement_officer, d + "requirements/new/", [d + "requirements/"]
        ),
        FormCase(
            "planned indicator", p.procurement_officer, d + "indicators/new/", [d + "indicators/"]
        ),
        FormCase("lot", p.procurement_officer, d + "lots/new/", [d + "lots/"]),
        FormCase("partnership", p.procurement_officer, d + "partnership/", [d + "partnership/"]),
        FormCase("fictive tender", p.procurement_officer, d + "simulation/", [d + "simulation/"]),
        FormCase(
            "tender answers",
            p.provider_a_author,
            f"/tenders/{tender.pk}/",
            [f"/tenders/{tender.pk}/"],
        ),
        FormCase(
            "evaluation comments",
            p.evaluator,
            a + "work/",
            [a + "work/"],
        ),
        FormCase("improvement action", world.manager, c + "actions/", [c + "actions/"]),
        FormCase("contract indicator", world.manager, c + "indicators/new/", [c + "indicators/"]),
        FormCase("charter", world.manager, c + "charter/edit/", [c + "charter/"]),
    ]


def _form_payloads(index: int) -> list[Payload]:
    """Every XSS and template payload, NUL, and two more in rotation."""
    core = [*payloads.XSS, *payloads.TEMPLATE, payloads.NUL]
    rest = [p for p in payloads.ALL if p not in core]
    return [*core, *(rest[(index * 2 + k) % len(rest)] for k in range(2))]


def _stored_nul() -> list[str]:
    """Every text column that holds a NUL character (PostgreSQL would have refused the save)."""
    from django.apps import apps
    from django.db import models

    found = []
    for model in apps.get_models():
        for column in model._meta.concrete_fields:
            if isinstance(column, models.CharField | models.TextField):
                # in Python: SQLite's LIKE stops at NUL, so a lookup would match every row
                values = model._default_manager.values_list(column.name, flat=True)
                if any("\x00" in value for value in values if isinstance(value, str)):
                    found.append(f"{model._meta.label}.{column.name}")
    return found


def _nul_messages() -> list[str]:
    """Django's message for NUL in a form field, in both languages."""
    from django.core.validators import ProhibitNullCharactersValidator
    from django.utils import translation

    messages = []
    for language in ("en", "sv"):
        with translation.override(language):
            messages.append(str(ProhibitNullCharactersValidator.message))
    return messages


def test_forms_escape_hostile_text_wherever_it_is_shown(world, client_for):
    failures: list[str] = []
    posts = 0
    for index, case in enumerate(_form_cases(world)):
        client = client_for(case.user)
        page = client.get(case.form_url)
        assert page.status_code == 200, case.name
        form = _main_form(page.content.decode())
        names = case.fields or form["text"]
        for payload in _form_payloads(index):
            data = {key: list(value) for key, value in form["fields"].items()}
            data.update({key: [value] for key, value in case.extra.items()})
            for name in names:
                data[name] = [payload.text]
            response = client.post(form["action"] or case.form_url, data)
            posts += 1
            label = f"{case.name} <{payload.name}>"
            if response.status_code >= 500:
                failures.append(f"{label}: POST {response.status_code}")
                continue
            if payload.kind == "nul":
                page_text = html.unescape(response.content.decode())
                stored = _stored_nul()
                if stored:
                    failures.append(f"{label}: NUL stored in {stored}")
                elif response.status_code != 400 and not any(
                    message in page_text for message in _nul_messages()
                ):
                    failures.append(f"{label}: NUL not refused ({response.status_code})")
                continue
            shown = [response] + [client.get(url) for url in case.show_urls]
            for answer in shown:
                if answer.status_code >= 500:
                    failures.append(f"{label}: {answer.status_code}")
                    continue
                text = answer.content.decode()
                for marker in XSS_MARKERS:
                    if marker in payload.text and marker in text:
                        failures.append(f"{label}: unescaped {marker!r}")
                if "{% debug %}" in payload.text and "sql_queries" in text:
                    failures.append(f"{label}: template tag evaluated")
    print(f"forms: {posts} posts")
    assert failures == [], "\n".join(failures[:40])


# --- imports ------------------------------------------------------------------------------------

XLSX_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
        'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
        'worksheet+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
        'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.'
        'org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships"><sheets><sheet name="Anbud" sheetId="1" '
        'r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
        'schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
        'Target="worksheets/sheet1.xml"/></Relationships>'
    ),
}
SHEET_START = (
    '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
    'spreadsheetml/2006/main"><sheetData>'
)
SHEET_END = "</sheetData></worksheet>"


def _xlsx(sheet_chunks: Iterator[bytes]) -> bytes:
    """A workbook whose sheet is written chunk by chunk (never whole in memory)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in XLSX_PARTS.items():
            archive.writestr(name, text)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            for chunk in sheet_chunks:
                sheet.write(chunk)
    return buffer.getvalue()


def _bomb() -> bytes:
    """A valid ZIP whose sheet inflates to 300 MB of white space (about 300 kB packed)."""

    def chunks() -> Iterator[bytes]:
        yield SHEET_START.encode()
        block = b" " * (1024 * 1024)
        for _ in range(300):
            yield block
        yield SHEET_END.encode()

    return _xlsx(chunks())


def _million_rows() -> bytes:
    def chunks() -> Iterator[bytes]:
        yield SHEET_START.encode()
        for start in range(1, 1_000_001, 10_000):
            yield "".join(
                f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>x</t></is></c></row>'
                for n in range(start, start + 10_000)
            ).encode()
        yield SHEET_END.encode()

    return _xlsx(chunks())


def _many_rows_small(rows: int) -> bytes:
    """A sheet of `rows` small rows that stays under the unpacked-size limit."""

    def chunks() -> Iterator[bytes]:
        yield SHEET_START.encode()
        yield "".join(
            f'<row r="{n}"><c r="A{n}"><v>1</v></c></row>' for n in range(1, rows + 1)
        ).encode()
        yield SHEET_END.encode()

    return _xlsx(chunks())


@dataclass
class Measured:
    seconds: float
    peak_mb: float
    response: Any


def _measured(send: Callable[[], Any]) -> Measured:
    tracemalloc.start()
    started = time.perf_counter()
    try:
        response = send()
        seconds = time.perf_counter() - started
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return Measured(seconds=seconds, peak_mb=peak / 1024 / 1024, response=response)


def _elsewhere(personas):
    from rodtrad.procurements.models import Procurement
    from tests.tenders.buyer_helpers import pass_deadline
    from tests.tenders.factories import published

    procurement = published(personas, reference_number="KS 2026/997")
    Procurement.objects.filter(pk=procurement.pk).update(tenders_elsewhere=True)
    procurement.refresh_from_db()
    pass_deadline(procurement)
    return procurement


HOSTILE_FILES: dict[str, Callable[[], tuple[str, bytes]]] = {
    "zip bomb": lambda: ("anbud.xlsx", _bomb()),
    "million rows": lambda: ("anbud.xlsx", _million_rows()),
    "too many small rows": lambda: ("anbud.xlsx", _many_rows_small(8_000)),
    "not a zip": lambda: ("anbud.xlsx", b"%PDF-1.7 this is not a workbook\n" * 100),
    "broken zip": lambda: ("anbud.xlsx", b"PK\x03\x04" + b"\x00" * 500),
}


@pytest.mark.parametrize("kind", sorted(HOSTILE_FILES))
def test_imports_refuse_hostile_workbooks_within_bounds(kind, world):
    """The qualification workbook import and the indicator import, through the API."""

    name, data = HOSTILE_FILES[kind]()
    officer = _token_client(world.personas.procurement_officer)
    manager = _token_client(world.manager, world.personas.buyer)
    procurement = _elsewhere(world.personas)
    sends = {
        "tender workbook": lambda: officer.post(
            f"/api/v1/procurements/{procurement.pk}/import",
            {"workbook": SimpleUploadedFile(name, data)},
        ),
        "indicator import": lambda: manager.post(
            f"/api/v1/contracts/{world.contract.pk}/indicator-imports",
            {"file": SimpleUploadedFile(name, data)},
        ),
    }
    for where, send in sends.items():
        measured = _measured(send)
        response = measured.response
        print(f"{kind} / {where}: {measured.seconds:.2f} s, {measured.peak_mb:.1f} MB peak")
        assert response.status_code == 400, (where, response.content[:300])
        body = response.json()
        assert _is_error_shape(body), body
        message = " ".join(
            [body["error"]["message"]] + [d["message"] for d in body["error"]["details"]]
        )
        assert any(
            word in message.lower() for word in ("xlsx", "workbook", "row", "large", "sheet")
        ), message
        assert measured.seconds < 5, (where, measured.seconds)
        assert measured.peak_mb < 100, (where, measured.peak_mb)


def test_indicator_import_refuses_huge_csv_files(world, settings):
    manager = _token_client(world.manager, world.personas.buyer)
    url = f"/api/v1/contracts/{world.contract.pk}/indicator-imports"
    huge = b"indikator;period;v\xc3\xa4rde\n" + b"x;2025;1\n" * (50 * 1024 * 1024 // 9)
    one_line = b"indikator;period;v\xc3\xa4rde\n" + b"A" * (1_500_000) + b";2025;1\n"

    for name, data in (("huge.csv", huge), ("line.csv", one_line)):
        measured = _measured(
            lambda name=name, data=data: manager.post(url, {"file": SimpleUploadedFile(name, data)})
        )
        response = measured.response
        print(f"{name}: {measured.seconds:.2f} s, {measured.peak_mb:.1f} MB peak")
        assert response.status_code == 400, (name, response.content[:300])
        assert _is_error_shape(response.json())
        assert measured.seconds < 5
    del huge
