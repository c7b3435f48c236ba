"""The mechanics of the permission matrix: every page route (from the URL resolver) and every
API operation (from the OpenAPI document), concretised with a world's ids, requested as a persona
without leaving a trace, and the answer reduced to one outcome letter.

Outcome letters (the cells of the table in test_permission_matrix.py):

    O  2xx                            L  login: 302 to the login page, or 401
    R  3xx elsewhere (a redirect)     F  403 forbidden
    N  404 not found                  M  405 method not allowed
    B  400/422 invalid request        C  409 conflict
    E  a server error (always a failure)
    A  (expected only, for writes) allowed: the request passed the permission check
       (O, R, B or C); nothing is asserted about what the write then did
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.security.matrix_world import BOGUS_ID, World

PAGE_PLACEHOLDER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
API_PLACEHOLDER = re.compile(r"\{(?P<name>\w+)\}")
API_PREFIX = "api/v1"

# The admin site is Django's own; the matrix requests a few of its pages (any model page answers
# the same way) rather than walking its hundreds of generated patterns.
ADMIN_ROUTES = ("admin/", "admin/audit/auditevent/", "admin/accounts/user/")

ALLOWED = {"O", "R", "B", "C"}
REFUSED = {"L", "F", "N", "M"}


@dataclass(frozen=True)
class Endpoint:
    kind: str  # "page" or "api"
    method: str
    route: str  # the pattern as the table names it

    @property
    def label(self) -> str:
        return f"{self.method} {self.route}"

    @property
    def is_write(self) -> bool:
        return self.method != "GET"


def _walk(patterns, prefix: str = ""):
    for pattern in patterns:
        route = str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if route.startswith(("^", "admin/", f"{API_PREFIX}/")):
                continue  # the API is walked from its schema, the admin from ADMIN_ROUTES
            yield from _walk(pattern.url_patterns, prefix + route)
        elif isinstance(pattern, URLPattern) and not route.startswith("^"):
            yield prefix + route


def page_routes() -> list[str]:
    return list(dict.fromkeys(_walk(get_resolver().url_patterns))) + list(ADMIN_ROUTES)


def api_document() -> dict[str, Any]:
    from rodtrad.api.api import api

    return api.get_openapi_schema()


def api_operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """(method, route without the leading slash, operation) for every operation."""
    return [
        (method.upper(), path.removeprefix("/"), operation)
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
    ]


def endpoints(document: dict[str, Any]) -> list[Endpoint]:
    pages = [Endpoint("page", m, r) for r in page_routes() for m in ("GET", "POST")]
    api = [Endpoint("api", m, r) for m, r, _op in api_operations(document)]
    return pages + api


# --- ids ------------------------------------------------------------------------------------

# Which of the world's ids a placeholder takes, where the name alone is ambiguous: (a pattern
# the route matches, the placeholder) -> the world's key. First match wins.
AMBIGUOUS: list[tuple[str, str, str]] = [
    (r"simulat", "tender_id", "simulated_tender_id"),
    (r"^procurements/.*indicators", "indicator_id", "planned_indicator_id"),
    (r"^api/v1/procurements/.*indicators", "indicator_id", "planned_indicator_id"),
    (r"contracts/.*indicators", "indicator_id", "contract_indicator_id"),
    (r"requirement-library", "item_id", "library_item_id"),
    (r"receipts", "number", "receipt_number"),
    (r"charter", "number", "charter_number"),
    (r"versions", "number", "version_number"),
    (r"^models/versions/.*/(new|<id:part_id>)", "kind", "part_kind"),
    (r"export", "kind", "export_kind"),
    (r"award/export", "format", "format"),
]
FIXED = {
    "format": "csv",
    "uidb64": "x",
    "token": "x",
    "clarification_id": BOGUS_ID,
}


def id_key(route: str, name: str) -> str:
    for pattern, placeholder, key in AMBIGUOUS:
        if placeholder == name and re.search(pattern, route):
            return key
    return name


def concretise(endpoint: Endpoint, world: World) -> str | None:
    """The URL with the world's ids, or None when the world has no such object (the route is
    not relevant in this state)."""
    route = endpoint.route
    placeholder = API_PLACEHOLDER if endpoint.kind == "api" else PAGE_PLACEHOLDER
    missing = False

    def replace(match: re.Match) -> str:
        nonlocal missing
        name = match.group("name")
        key = id_key(route, name)
        if key == "export_kind" and "award" in route:
            return "ranking"
        if key in world.ids:
            return str(world.ids[key])
        if key in FIXED:
            return str(FIXED[key])
        missing = True
        return ""

    url = "/" + placeholder.sub(replace, route)
    return None if missing else url


# --- requests -------------------------------------------------------------------------------


def api_body(operation: dict[str, Any], document: dict[str, Any]) -> tuple[Any, str | None]:
    """The documented example of the operation's JSON body (a body the schema accepts, so a
    refusal cannot hide behind a validation error), or an empty multipart body."""
    body = operation.get("requestBody")
    if not body:
        return None, None
    content = body.get("content", {})
    if "application/json" in content:
        schema = content["application/json"].get("schema", {})
        ref = schema.get("$ref", "")
        name = ref.rsplit("/", 1)[-1]
        examples = document["components"]["schemas"].get(name, {}).get("examples") or [{}]
        return examples[0], "application/json"
    return {}, "multipart"


def outcome(response) -> str:
    status = response.status_code
    if status == 401:
        return "L"
    if 300 <= status < 400:
        location = response.get("Location", "")
        return "L" if "/accounts/login/" in location or "/admin/login/" in location else "R"
    if 200 <= status < 300:
        return "O"
    return {403: "F", 404: "N", 405: "M", 400: "B", 422: "B", 409: "C"}.get(
        status, "E" if status >= 500 else str(status)
    )


def request(client: Client, endpoint: Endpoint, url: str, body=None, content_type=None) -> str:
    """One request, inside a transaction that is rolled back (a write that a persona may do
    changes nothing for the next cell), with the client's cookies restored afterwards (a
    logout or a language switch does not change who asks next)."""
    cookies = copy.deepcopy(client.cookies)
    try:
        with transaction.atomic():
            try:
                if endpoint.kind == "page":
                    send = client.get if endpoint.method == "GET" else client.post
                    response = send(url) if endpoint.method == "GET" else send(url, {})
                elif content_type == "application/json":
                    response = client.generic(
                        endpoint.method,
                        url,
                        data=__import__("json").dumps(body),
                        content_type="application/json",
                    )
                elif content_type == "multipart":
                    response = client.generic(
                        endpoint.method,
                        url,
                        data=b"",
                        content_type="multipart/form-data; boundary=matrix",
                    )
                else:
                    response = client.generic(endpoint.method, url)
                if response.streaming:
                    b"".join(response.streaming_content)
                result = outcome(response)
            except Exception as error:
                result = f"E({type(error).__name__}: {str(error)[:80]})"
            transaction.set_rollback(True)
    finally:
        client.cookies = cookies
    return result
