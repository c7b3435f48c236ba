"""Every state change needs the CSRF token: each page route and each unsafe API operation,
from a logged-in browser session whose request carries no token, is refused before any view
runs. Walks the URL resolver and the OpenAPI document, so a new route cannot be forgotten."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.common.test_url_access import ROUTES

UNSAFE = ("post", "put", "patch", "delete")


def _concrete(route: str) -> str:
    route = re.sub(r"<id:[^>]+>", "1", route)
    return "/" + re.sub(r"<(?:str:)?[^>]+>", "x", route)


@pytest.fixture
def session(personas) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.buyer_admin)
    return client


def test_every_page_route_refuses_a_post_without_the_csrf_token(session):
    accepted = []
    for route in ROUTES:
        response = session.post(_concrete(route), {"name": "x"})
        templates = {template.name for template in response.templates}
        if response.status_code != 403 or "403_csrf.html" not in templates:
            accepted.append((route, response.status_code))
    assert accepted == []
    assert len(ROUTES) > 150


def test_every_unsafe_api_operation_refuses_a_session_without_the_csrf_token(session):
    schema = session.get("/api/v1/openapi.json").json()
    operations = [
        (method, path)
        for path, item in schema["paths"].items()
        for method in item
        if method in UNSAFE
    ]
    accepted = []
    for method, path in operations:
        url = "/api/v1" + re.sub(r"\{[^}]+\}", "1", path)
        response = getattr(session, method)(url, data="{}", content_type="application/json")
        templates = {template.name for template in response.templates}
        # Refused by the API's session check (JSON) or, before it, by Django's CSRF check.
        if response.status_code != 403 or "403_csrf.html" not in templates:
            accepted.append((method, path, response.status_code))
    assert accepted == []
    assert len(operations) > 50
