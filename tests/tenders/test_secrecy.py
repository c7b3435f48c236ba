"""Secrecy until the opening (issue 5): a differential walk over every page and API read.

The buyer's people (administrator, officer and opener, chair, evaluators, viewer), the platform
administrator, a competitor, a stranger and an anonymous visitor request every GET URL of the app
(walked from the URL resolver, so a new page cannot be forgotten) and every API read, twice:
before provider A has submitted anything and after A has submitted a tender with an attachment.
Both walks are done at a moment before the deadline and at a moment after it (not opened). Every
answer must be identical: if a page showed a tender's content, its tenderer or merely the number
of tenders, the two walks would differ. URLs that name A's tender or attachment directly must
answer exactly as they do for an id that does not exist.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from pypdf import PdfReader

from rodtrad.accounts.actor import Actor
from rodtrad.common import clock
from rodtrad.tenders import files, services
from rodtrad.tenders.models import Attachment, Tender
from tests.tenders.factories import PDF, published, write_tender

pytestmark = pytest.mark.django_db

BOGUS_ID = 987654
# URL parameters that name one tender's things: A's real id must answer like a missing one.
TENDER_SPECIFIC = {"tender_id", "attachment_id", "clarification_id"}
PLACEHOLDER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
SECRET_ANSWER = "Hemlig rutin för nattfasta som bara Omsorg A känner till"


def walk(patterns, prefix: str = ""):
    for pattern in patterns:
        route = str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if route.startswith("^"):
                continue  # regex catch-alls (the API's 404 handler); the admin is listed below
            if route.startswith("admin/"):
                continue
            yield from walk(pattern.url_patterns, prefix + route)
        elif isinstance(pattern, URLPattern):
            if route.startswith("^"):
                continue
            yield prefix + route


ADMIN_URLS = [
    "/admin/",
    "/admin/audit/auditevent/",
    "/admin/audit/auditevent/?q=tender",
    "/admin/accounts/organisation/",
    "/admin/accounts/user/",
]


@dataclass
class World:
    procurement_id: int
    ids: dict[str, list[int]]


def fill(route: str, values: dict[str, int]) -> str | None:
    def replace(match: re.Match) -> str:
        return str(values[match.group("name")])

    try:
        return "/" + PLACEHOLDER.sub(replace, route)
    except KeyError:
        return None


NORMALISE = [
    (re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"'), 'name="csrfmiddlewaretoken"'),
    (re.compile(r'"X-CSRFToken": "[^"]+"'), '"X-CSRFToken": ""'),
    (re.compile(r'nonce="[^"]+"'), 'nonce=""'),
]


def fingerprint(response, path: str) -> tuple:
    """What a reader learns from an answer, without the per-request noise."""
    content_type = response.get("Content-Type", "")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if content_type.startswith("application/pdf"):
        text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
        return response.status_code, content_type, text
    if content_type.startswith("application/zip"):
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            members = [
                (info.filename, info.file_size)
                for info in archive.infolist()
                if not info.filename.endswith(".pdf")
            ]
        return response.status_code, content_type, members
    if "spreadsheetml" in content_type:
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(body), read_only=True)
        cells = [
            str(value)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        ]
        return response.status_code, content_type, "\n".join(cells)
    text = body.decode("utf-8", errors="replace")
    for pattern, replacement in NORMALISE:
        text = pattern.sub(replacement, text)
    return response.status_code, content_type, response.get("Location", ""), text


def api_paths() -> list[str]:
    from rodtrad.api.api import api

    schema = api.get_openapi_schema()
    return [
        re.sub(r"\{(\w+)\}", r"<\1>", path)
        for path, operations in schema["paths"].items()
        if "get" in operations
    ]


# Not walked: static or built from the model alone, and each costs a second per request; the
# two-step set-up page shows a new random key to each session and is about no procurement.
NOT_WALKED = {
    "api/v1/openapi.json",
    "models/versions/<id:version_id>/handbook.pdf",
    "accounts/two-factor/setup/",
}


def every_get(world: World, *, tender_ids: dict[str, int]) -> list[str]:
    """Every GET URL with realistic ids; tender-specific ids from `tender_ids`."""
    urls: list[str] = []
    routes = list(walk(get_resolver().url_patterns)) + [
        path.removeprefix("/") for path in api_paths()
    ]
    for route in dict.fromkeys(routes):
        if route in NOT_WALKED:
            continue
        names = {m.group("name") for m in PLACEHOLDER.finditer(route)}
        choices: list[dict[str, int]] = [{}]
        for name in sorted(names):
            if name in TENDER_SPECIFIC and "simulat" not in route:
                options = [tender_ids[name]]
            elif name == "tender_id":  # a simulated tender of the builder
                options = world.ids["simulated_tender_id"]
            elif name == "procurement_id":
                options = [world.procurement_id]
            else:
                options = world.ids.get(name, [1])
            choices = [{**c, name: option} for c in choices for option in options]
        for values in choices:
            url = fill(route, values)
            if url is not None:
                urls.append(url)
    return urls + ADMIN_URLS


def snapshot(client: Client, urls: list[str], moment) -> dict[str, tuple]:
    answers = {}
    with clock.frozen_at(moment):
        for url in urls:
            # The walk observes without leaving a trace: a download that records its own audit
            # event (the archive) would otherwise change the event log the walk compares.
            with transaction.atomic():
                response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
                assert response.status_code < 500, url
                answers[url] = fingerprint(response, url)
                transaction.set_rollback(True)
    return answers


def readers(personas) -> dict[str, object]:
    return {
        "buyer_admin": personas.buyer_admin,
        "procurement_officer": personas.procurement_officer,
        "panel_chair": personas.panel_chair,
        "evaluator": personas.evaluator,
        "buyer_viewer": personas.buyer_viewer,
        "platform_admin": personas.platform_admin,
        "competitor": personas.provider_b_author,
        "stranger": personas.stranger,
        "anonymous": None,
    }


def ids_in_database(personas, procurement) -> dict[str, list[int]]:
    from rodtrad.assessments.models import Assessment
    from rodtrad.notifications.models import Notification
    from rodtrad.qualitymodels.models import ModelVersion

    version = procurement.model_version_id
    return {
        "organisation_id": [personas.buyer.pk, personas.provider_a.pk, personas.provider_b.pk],
        "pk": [personas.buyer.pk, personas.provider_a.pk],
        "number": [1],
        "version_id": [version] if version else [1],
        "model_id": list(ModelVersion.objects.filter(pk=version).values_list("model_id", flat=True))
        or [1],
        "assessment_id": list(Assessment.objects.values_list("pk", flat=True)[:3]) or [1],
        "notification_id": list(Notification.objects.values_list("pk", flat=True)[:3]) or [1],
        "requirement_id": list(procurement.requirements.values_list("pk", flat=True)[:1]),
        "lot_id": list(procurement.lots.values_list("pk", flat=True)),
        "simulated_tender_id": list(procurement.simulated_tenders.values_list("pk", flat=True)),
        "award_id": list(procurement.criteria.values_list("pk", flat=True)[:1]),
        # the evaluation's score exports (export/<kind>.<format>)
        "kind": ["individual", "consensus"],
        "format": ["csv", "xlsx"],
    }


READERS = [
    "buyer_admin",
    "procurement_officer",
    "panel_chair",
    "evaluator",
    "buyer_viewer",
    "platform_admin",
    "competitor",
    "stranger",
    "anonymous",
]


@pytest.mark.parametrize("reader", READERS)
def test_nothing_about_a_tender_shows_before_the_opening(
    personas, client_for, reader, django_capture_on_commit_callbacks
):
    procurement = published(personas)
    # The competitor has a tender of its own; it may see that one, never A's.
    write_tender(procurement, personas.provider_b_author, personas.provider_b, submit=True)
    deadline = procurement.tender_deadline
    moments = [deadline - timedelta(days=1), deadline + timedelta(hours=1)]
    world = World(procurement.pk, ids_in_database(personas, procurement))
    client = client_for(readers(personas)[reader])

    missing = {name: BOGUS_ID for name in TENDER_SPECIFIC}
    urls = every_get(world, tender_ids=missing)
    before = [snapshot(client, urls, moment) for moment in moments]

    mail.outbox.clear()
    with clock.frozen_at(moments[0]):
        tender = write_tender(procurement, personas.provider_a_author, personas.provider_a)
        a = Actor.for_user(personas.provider_a_author)
        services.save_draft(
            actor=a,
            tender=tender,
            changes={"answers": {str(procurement.criteria.first().pk): SECRET_ANSWER}},
        )
        services.add_attachment(
            actor=a,
            tender=tender,
            purpose="criterion",
            ref=procurement.criteria.first().pk,
            data=PDF,
            name="Nattfasta Omsorg A.pdf",
        )
        with django_capture_on_commit_callbacks(execute=True):
            services.submit(actor=a, tender=Tender.objects.get(pk=tender.pk))
    # E-mails about A's tender go to A's own people only.
    provider_a_emails = set(personas.provider_a.memberships.values_list("user__email", flat=True))
    assert mail.outbox and all(set(m.to) <= provider_a_emails for m in mail.outbox)

    attachment = Attachment.objects.filter(tender=tender).first()
    real = {"tender_id": tender.pk, "attachment_id": attachment.pk, "clarification_id": BOGUS_ID}
    after = [snapshot(client, urls, moment) for moment in moments]
    pairs = [
        (missing_url, real_url)
        for missing_url, real_url in zip(urls, every_get(world, tender_ids=real), strict=True)
        if missing_url != real_url
    ]
    naming_a = [snapshot(client, [r for _, r in pairs], moment) for moment in moments]

    for moment_before, moment_after, moment_naming in zip(before, after, naming_a, strict=True):
        changed = [url for url in urls if moment_before[url] != moment_after[url]]
        assert changed == [], f"{reader} sees a difference after A submitted: {changed}"
        naming = [
            real_url
            for missing_url, real_url in pairs
            if _without(moment_naming[real_url], real_url)
            != _without(moment_after[missing_url], missing_url)
        ]
        assert naming == [], f"{reader} can tell A's tender exists through {naming}"


def _without(answer: tuple, url: str) -> tuple:
    """An answer with its own URL blanked (pages echo their path in links and forms)."""
    return tuple(part.replace(url, "") if isinstance(part, str) else part for part in answer)


def test_a_raw_database_read_shows_no_plaintext(personas):
    procurement = published(personas)
    tender = write_tender(procurement, personas.provider_a_author, personas.provider_a)
    a = Actor.for_user(personas.provider_a_author)
    criterion = procurement.criteria.first()
    services.save_draft(
        actor=a, tender=tender, changes={"answers": {str(criterion.pk): SECRET_ANSWER}}
    )
    services.add_attachment(
        actor=a,
        tender=tender,
        purpose="criterion",
        ref=criterion.pk,
        data=PDF,
        name="Nattfasta Omsorg A.pdf",
    )
    services.submit(actor=a, tender=Tender.objects.get(pk=tender.pk))

    secrets = [SECRET_ANSWER.encode(), b"Nattfasta", b"Omsorg A AB"]
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            if not table.startswith("tenders_"):
                continue
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, (bytes, memoryview)):
                        raw = bytes(value)
                    else:
                        raw = str(value).encode()
                    for secret in secrets:
                        assert secret not in raw, (table, secret)
    # The files on disk are sealed too: not even the PDF's header is readable.
    stored = Attachment.objects.get(tender=tender, purpose="criterion")
    sealed = files.read_sealed(procurement.pk, stored.storage_name)
    assert b"%PDF" not in sealed
    assert services.read_attachment(stored, procurement.pk) == ("Nattfasta Omsorg A.pdf", PDF)


def test_the_walk_sees_a_tender_where_it_may_be_seen(personas, client_for):
    """The control: the walk is sensitive enough to notice A's tender on A's own pages."""
    procurement = published(personas)
    world = World(procurement.pk, ids_in_database(personas, procurement))
    client = client_for(personas.provider_a_author)
    urls = every_get(world, tender_ids={name: BOGUS_ID for name in TENDER_SPECIFIC})
    moment = procurement.tender_deadline - timedelta(days=1)
    before = snapshot(client, urls, moment)
    with clock.frozen_at(moment):
        write_tender(procurement, personas.provider_a_author, personas.provider_a, submit=True)
    after = snapshot(client, urls, moment)
    changed = {url for url in urls if before[url] != after[url]}
    assert {"/tenders/", "/api/v1/tenders"} <= changed
