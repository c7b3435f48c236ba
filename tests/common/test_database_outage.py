"""A database that cannot be reached is an outage: 503 with Retry-After, never a 500, and the
next request after the database is back works again (common.views.server_error)."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError
from django.test import Client
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from rodtrad.api.tokens import create_token

MESSAGE = "The service is temporarily unavailable – try again in a minute"


@contextlib.contextmanager
def database_down(error: type[Exception] = OperationalError) -> Iterator[None]:
    """Every query fails as it does when the server has gone away."""
    with mock.patch(
        "django.db.backends.base.base.BaseDatabaseWrapper.cursor",
        side_effect=error("connection refused"),
    ):
        yield


def english(client: Client) -> Client:
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def assert_page_503(response) -> None:
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Content-Type"].startswith("text/html")
    assert MESSAGE in response.content.decode()


def assert_api_503(response) -> None:
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    error = json.loads(response.content)["error"]
    assert error["status"] == 503
    assert error["code"] == "database_unavailable"
    assert error["message"] == MESSAGE


@pytest.fixture
def browser(personas) -> Client:
    """A logged-in browser: its session is read from the database by the session middleware."""
    client = english(Client(raise_request_exception=False))
    client.force_login(personas.buyer_admin)
    return client


def test_a_page_answers_503_when_the_middleware_cannot_read_the_session(browser):
    with database_down():
        response = browser.get("/")
    assert_page_503(response)
    assert browser.get("/").status_code == 200


def test_a_page_answers_503_when_the_view_cannot_query(personas):
    # Anonymous, no session: the middleware stays off the database; the view looks up the user.
    uid = urlsafe_base64_encode(force_bytes(personas.evaluator.pk))
    url = f"/accounts/password/reset/{uid}/not-a-token/"
    client = english(Client(raise_request_exception=False))
    with database_down():
        response = client.get(url)
    assert_page_503(response)
    assert client.get(url).status_code == 200


def test_an_interface_error_counts_as_the_database_being_away(browser):
    with database_down(InterfaceError):
        response = browser.get("/")
    assert_page_503(response)


def test_rendering_the_503_page_does_not_query(browser, django_assert_num_queries):
    from rodtrad.common.views import service_unavailable

    request = mock.Mock(path="/")
    with django_assert_num_queries(0):
        response = service_unavailable(request)
    assert_page_503(response)


def test_an_api_operation_answers_503_in_the_error_format(personas, actor_for):
    _token, raw = create_token(
        actor=actor_for(personas.buyer_admin), organisation=personas.buyer, name="outage"
    )
    client = english(
        Client(raise_request_exception=False, headers={"Authorization": f"Bearer {raw}"})
    )
    with database_down():  # the token is looked up inside the operation's authentication
        response = client.get("/api/v1/assessments")
    assert_api_503(response)
    assert client.get("/api/v1/assessments").status_code == 200


def test_an_api_call_with_a_session_answers_503_from_the_middleware(browser):
    with database_down():
        response = browser.get("/api/v1/assessments")
    assert_api_503(response)
    assert browser.get("/api/v1/assessments").status_code == 200


def test_other_errors_stay_500(rf):
    from rodtrad.common.views import server_error

    try:
        raise RuntimeError("a bug")
    except RuntimeError:
        response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Retry-After" not in response


def test_a_database_error_wrapped_in_another_counts(rf):
    from rodtrad.common.views import server_error

    try:
        try:
            raise OperationalError("server closed the connection unexpectedly")
        except OperationalError as error:
            raise RuntimeError("while rendering") from error
    except RuntimeError:
        response = server_error(rf.get("/api/v1/assessments"))
    assert_api_503(response)


class DriverError(Exception):
    """Stands in for the driver's exception (psycopg sets `sqlstate`)."""

    def __init__(self, sqlstate: str | None) -> None:
        super().__init__(sqlstate)
        self.sqlstate = sqlstate


def _answer_to(rf, sqlstate: str | None):
    from rodtrad.common.views import server_error

    try:
        try:
            raise DriverError(sqlstate)
        except DriverError as driver_error:
            raise OperationalError(str(sqlstate)) from driver_error
    except OperationalError:
        return server_error(rf.get("/"))


@pytest.mark.parametrize("sqlstate", [None, "08006", "57P01", "57P03", "53300"])
def test_a_lost_or_refused_connection_is_503(rf, sqlstate):
    assert_page_503(_answer_to(rf, sqlstate))


@pytest.mark.parametrize("sqlstate", ["40P01", "57014", "55P03"])
def test_a_deadlock_or_cancelled_statement_stays_500(rf, sqlstate):
    # the server answered: this is a fault to fix, not an outage to wait out
    assert _answer_to(rf, sqlstate).status_code == 500


def test_healthz_answers_503(db):
    with database_down():
        response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"
