"""Browser sessions: logged out after being idle, and logging out everywhere else."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client

from rodtrad.audit.models import AuditEvent
from rodtrad.common import clock

pytestmark = pytest.mark.django_db

START = datetime(2027, 2, 1, 8, 0, tzinfo=UTC)


@pytest.fixture
def frozen():
    clock.freeze(START)
    yield
    clock.freeze(None)


def _at(minutes: float) -> None:
    clock.freeze(START + timedelta(minutes=minutes))


def test_a_session_left_idle_is_logged_out_and_told_why(personas, client_for, frozen, settings):
    settings.SESSION_IDLE_TIMEOUT = 30 * 60
    client = client_for(personas.evaluator)
    assert client.get("/accounts/profile/").status_code == 200
    _at(29)
    assert client.get("/accounts/profile/").status_code == 200  # activity keeps it alive
    _at(58)
    assert client.get("/accounts/profile/").status_code == 200  # 29 min after the last use
    _at(58 + 31)
    response = client.get("/accounts/profile/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert AuditEvent.objects.filter(action="user.logged_out", actor=personas.evaluator).exists()
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "You were logged out after 30 minutes without activity." in page
    again = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "without activity" not in again  # said once


def test_the_idle_limit_is_a_setting(personas, client_for, frozen, settings):
    settings.SESSION_IDLE_TIMEOUT = 5 * 60
    client = client_for(personas.evaluator)
    client.get("/accounts/profile/")
    _at(6)
    assert client.get("/accounts/profile/").status_code == 302


def test_an_idle_session_no_longer_authenticates_the_api(personas, client_for, frozen, settings):
    settings.SESSION_IDLE_TIMEOUT = 30 * 60
    client = client_for(personas.evaluator)
    assert client.get("/api/v1/me").status_code == 200
    _at(31)
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"


def test_logging_out_everywhere_ends_the_other_sessions_and_keeps_this_one(personas, client_for):
    here = client_for(personas.evaluator)
    elsewhere = client_for(personas.evaluator)
    assert elsewhere.get("/accounts/profile/").status_code == 200

    response = here.post("/accounts/log-out-everywhere/", HTTP_ACCEPT_LANGUAGE="en", follow=True)

    assert "You were logged out in every other browser and device." in response.content.decode()
    assert here.get("/accounts/profile/").status_code == 200
    assert elsewhere.get("/accounts/profile/").status_code == 302
    event = AuditEvent.objects.get(action="user.logged_out_everywhere")
    assert event.actor == personas.evaluator
    other = client_for(personas.procurement_officer)  # someone else's session is untouched
    assert other.get("/accounts/profile/").status_code == 200


def test_logging_out_everywhere_needs_a_post_and_a_login(personas, client_for):
    assert client_for(personas.evaluator).get("/accounts/log-out-everywhere/").status_code == 405
    anonymous = Client().post("/accounts/log-out-everywhere/")
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert not AuditEvent.objects.filter(action="user.logged_out_everywhere").exists()


def test_a_session_from_before_any_logout_everywhere_keeps_working(personas, client_for):
    """Version 0 gives Django's own session hash: deploying this logs nobody out."""
    from django.contrib.auth.base_user import AbstractBaseUser

    user = personas.evaluator
    assert user.session_version == 0
    assert user.get_session_auth_hash() == AbstractBaseUser._get_session_auth_hash(user)
