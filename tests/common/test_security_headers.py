"""Every kind of answer carries the security headers: pages, the API (answers and errors), PDFs,
spreadsheet downloads, error pages, the health check and security.txt."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client

from rodtrad.common import clock
from tests.followup.factories import finished

pytestmark = pytest.mark.django_db


def _policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return dict([*part.strip().split(" ", 1), ""][:2] for part in header.split(";") if part.strip())


def _assert_headers(response, url: str) -> None:
    assert response.status_code < 500, url
    policy = _policy(response)
    assert "unsafe-inline" not in response["Content-Security-Policy"], url
    assert policy["default-src"] == "'self'", url
    assert policy["frame-ancestors"] == "'none'", url
    assert policy["object-src"] == "'none'", url
    assert response["X-Content-Type-Options"] == "nosniff", url
    assert response["X-Frame-Options"] == "DENY", url
    assert response["Referrer-Policy"] == "same-origin", url
    assert response["Cross-Origin-Opener-Policy"] == "same-origin", url
    permissions = response["Permissions-Policy"]
    assert {"camera=()", "microphone=()", "geolocation=()"} <= set(permissions.split(", ")), url


def test_every_kind_of_answer_carries_the_headers(personas, client_for):
    contract, manager, round = finished(personas)
    procurement = contract.procurement
    anonymous = Client()
    for url in ("/accounts/login/", "/healthz", "/.well-known/security.txt", "/no-such-page/"):
        _assert_headers(anonymous.get(url), url)
    _assert_headers(anonymous.get("/api/v1/me"), "/api/v1/me (401)")

    client = client_for(manager)
    for url in (
        "/",
        f"/contracts/{contract.pk}/",
        f"/contracts/{contract.pk}/follow-up/{round.pk}/report.pdf",
        f"/contracts/{contract.pk}/indicators/export.xlsx",
        "/api/v1/me",
        f"/api/v1/contracts/{contract.pk}",
        f"/procurements/{procurement.pk}/archive.zip",  # 404: not the buyer's records keeper
    ):
        _assert_headers(client.get(url), url)


def test_hsts_over_https(client, settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get("/accounts/login/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert "Strict-Transport-Security" not in client.get("/accounts/login/")  # plain HTTP


def test_security_txt_says_whom_to_tell_and_until_when(client, settings):
    settings.SECURITY_CONTACT = "mailto:sakerhet@ekdala.se"
    settings.SITE_URL = "https://rodtrad.ekdala.se"
    clock.freeze(clock.now().replace(year=2027, month=1, day=10, hour=12, minute=0, second=0))
    response = client.get("/.well-known/security.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    fields = dict(line.split(": ", 1) for line in response.content.decode().splitlines())
    assert fields["Contact"] == "mailto:sakerhet@ekdala.se"
    assert fields["Canonical"] == "https://rodtrad.ekdala.se/.well-known/security.txt"
    assert fields["Preferred-Languages"] == "sv, en"
    expires = (clock.now() + timedelta(days=180)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert fields["Expires"] == expires == "2027-07-09T12:00:00Z"
