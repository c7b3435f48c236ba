"""Every URL of the app refuses anonymous visitors unless it is meant to be public.

Walks the URL patterns, so a new view that forgets its login requirement fails here.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

PUBLIC = {
    "",
    "healthz",
    ".well-known/security.txt",
    "favicon.ico",
    "accessibility/",
    "about/",
    "accounts/login/",
    "accounts/password/reset/",
    "accounts/password/reset/sent/",
    "accounts/password/reset/<uidb64>/<token>/",
    "accounts/password/reset/done/",
    "accounts/language/",
    "accounts/two-factor/verify/",
    "invitations/<str:token>/",
}


def _walk(patterns, prefix=""):
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if route.startswith(("admin/", "api/v1/", "^api/")):
                continue  # the admin site and the API have their own checks
            yield from _walk(entry.url_patterns, route)
        elif isinstance(entry, URLPattern) and not route.startswith("^api/"):
            yield route


def _concrete(route: str) -> str:
    route = re.sub(r"<id:[^>]+>", "1", route)
    return "/" + re.sub(r"<(?:str:)?[^>]+>", "x", route)


ROUTES = sorted(set(_walk(get_resolver().url_patterns)))


def test_the_walk_finds_the_app_routes():
    assert "organisations/<id:organisation_id>/" in ROUTES
    assert len(ROUTES) > 20


@pytest.mark.parametrize("route", [r for r in ROUTES if r not in PUBLIC])
def test_anonymous_visitors_are_sent_to_login(client, db, route):
    for method in (client.get, client.post):
        response = method(_concrete(route))
        assert response.status_code in (302, 405), (route, response.status_code)
        if response.status_code == 302:
            assert response["Location"].startswith("/accounts/login/"), route


def test_api_refuses_anonymous_calls(client, db):
    from rodtrad.api.api import api

    paths = [p for p in api.get_openapi_schema()["paths"]]
    assert paths
    for path in paths:
        concrete = re.sub(r"\{[^}]+\}", "1", path)
        response = client.get(concrete)
        assert response.status_code in (401, 405), (path, response.status_code)
        if response.status_code == 401:
            assert response.json()["error"]["code"] == "unauthenticated"


def test_admin_site_refuses_ordinary_members(personas, client_for):
    response = client_for(personas.buyer_admin).get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert client_for(personas.platform_admin).get("/admin/").status_code == 200


ROUTES_WITH_IDS = [r for r in ROUTES if "<id:" in r]


def test_every_id_in_a_page_url_is_bounded():
    """No page route takes an unbounded integer: `<int:…>` would let an id beyond 2^63 reach
    the database (a 500 on SQLite)."""
    assert ROUTES_WITH_IDS
    assert not [r for r in ROUTES if "<int:" in r]


@pytest.mark.parametrize("route", ROUTES_WITH_IDS)
def test_an_id_beyond_the_database_range_is_not_found(client_for, personas, route):
    client = client_for(personas.buyer_admin)
    for huge in ("9223372036854775808", "99999999999999999999999"):
        path = "/" + re.sub(r"<(?:str:)?[^>]+>", "x", re.sub(r"<id:[^>]+>", huge, route))
        response = client.get(path)
        assert response.status_code == 404, (route, response.status_code)
        assert response.templates[0].name == "404.html", route
