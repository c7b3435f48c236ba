"""Rate limits and account enumeration: password reset, the API, and the login's answers."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client

from rodtrad.accounts.actor import Actor
from rodtrad.api.tokens import create_token
from tests.procurements.factories import english_users  # noqa: F401  (a fixture)

pytestmark = pytest.mark.usefixtures("english_users")
ENGLISH = {"Accept-Language": "en"}


def _without_csrf(html: str) -> str:
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    html = re.sub(r'"X-CSRFToken": "[^"]+"', "", html)
    return re.sub(r'nonce="[^"]+"', "", html)


def test_login_answers_the_same_for_an_unknown_address_and_a_wrong_password(personas):
    unknown = Client(headers=ENGLISH).post(
        "/accounts/login/", {"username": "nobody@ekby.se", "password": "wrong-password-1"}
    )
    wrong = Client(headers=ENGLISH).post(
        "/accounts/login/", {"username": personas.evaluator.email, "password": "wrong-password-1"}
    )
    assert unknown.status_code == wrong.status_code == 200
    assert _without_csrf(unknown.content.decode()).replace("nobody@ekby.se", "X") == (
        _without_csrf(wrong.content.decode()).replace(personas.evaluator.email, "X")
    )


def test_password_reset_answers_the_same_whether_or_not_there_is_an_account(
    personas, django_capture_on_commit_callbacks, settings
):
    with django_capture_on_commit_callbacks(execute=True):
        known = Client(headers=ENGLISH).post(
            "/accounts/password/reset/", {"email": personas.evaluator.email}
        )
        unknown = Client(headers=ENGLISH).post(
            "/accounts/password/reset/", {"email": "nobody@ekby.se"}
        )
    assert known["Location"] == unknown["Location"] == "/accounts/password/reset/sent/"
    assert [message.to for message in mail.outbox] == [[personas.evaluator.email]]


def test_password_reset_is_limited_per_address_and_per_e_mail(personas, settings):
    settings.PASSWORD_RESET_LIMIT_PER_ADDRESS = 4
    settings.PASSWORD_RESET_LIMIT_PER_EMAIL = 2
    client = Client(headers=ENGLISH)
    answers = [
        client.post("/accounts/password/reset/", {"email": personas.evaluator.email})
        for _attempt in range(3)
    ]
    answers.append(client.post("/accounts/password/reset/", {"email": "other@ekby.se"}))
    blocked = client.post("/accounts/password/reset/", {"email": "third@ekby.se"})

    assert [a.status_code for a in answers] == [302, 302, 302, 302]
    assert len([m for m in mail.outbox if m.to == [personas.evaluator.email]]) == 2
    assert blocked.status_code == 429
    assert "Too many password resets" in blocked.content.decode()


def test_the_api_limits_requests_per_token(personas, settings):
    settings.API_RATE_LIMIT_PER_MINUTE = 3
    _token, raw = create_token(
        actor=Actor.for_user(personas.evaluator), organisation=personas.buyer, name="busy"
    )
    client = Client(headers={"Authorization": f"Bearer {raw}"})
    answers = [client.get("/api/v1/me").status_code for _request in range(4)]
    limited = client.get("/api/v1/me")

    assert answers == [200, 200, 200, 429]
    assert limited.json()["error"]["code"] == "rate_limited"
    assert "wait a minute" in limited.json()["error"]["message"].lower() or (
        "vänta" in limited.json()["error"]["message"].lower()
    )
    other = Client(headers=ENGLISH)
    other.force_login(personas.evaluator)
    assert other.get("/api/v1/me").status_code == 200  # the session counts on its own
