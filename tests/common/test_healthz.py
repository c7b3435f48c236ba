from unittest import mock

from django.db import OperationalError


def test_healthz_answers_ok_after_a_database_round_trip(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert response["Cache-Control"].startswith("max-age=0")


def test_healthz_answers_503_when_the_database_is_unreachable(client, db):
    # The database is the outside dependency here: make its connection fail.
    with mock.patch(
        "django.db.backends.base.base.BaseDatabaseWrapper.cursor",
        side_effect=OperationalError("connection refused"),
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unreachable"}


def test_healthz_needs_no_login(client, db):
    assert client.get("/healthz").status_code == 200


def test_healthz_sets_no_cookie(client, db):
    """A load balancer polls it every few seconds: no session or CSRF cookie to store."""
    response = client.get("/healthz")
    assert response.json()["status"] == "ok"
    assert not response.cookies
