"""Personal access tokens: the UI that creates and revokes them, Bearer authentication and its
scope, and the browser session with its CSRF check."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse

from rodtrad.accounts.actor import Actor
from rodtrad.accounts.models import Invitation, Membership, Organisation
from rodtrad.accounts.roles import Role
from rodtrad.api import tokens
from rodtrad.api.models import ApiToken
from rodtrad.audit.models import AuditEvent
from rodtrad.common import clock
from tests.factories import add_member

API = "/api/v1"
TOKENS = "/api-tokens/"
NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
NEW_TOKEN = re.compile(r'<code class="token-value" id="new-token">([^<]+)</code>')

MSG_NOT_FOUND = "Not found, or you may not see it."
MSG_UNAUTHENTICATED = "Log in or send a valid personal access token (Authorization: Bearer)."
MSG_CSRF = "The CSRF check failed: send the X-CSRFToken header with the session."


# --- helpers ----------------------------------------------------------------------------------


def error(status: int, code: str, message: str) -> dict:
    return {"error": {"status": status, "code": code, "message": message, "details": []}}


def make_token(user, organisation, name: str = "Integration") -> tuple[ApiToken, str]:
    return tokens.create_token(actor=Actor.for_user(user), organisation=organisation, name=name)


def with_token(raw: str, **headers) -> dict:
    return {"Authorization": f"Bearer {raw}", "Accept-Language": "en", **headers}


def api_get(path: str, raw: str):
    return Client().get(f"{API}{path}", headers=with_token(raw))


def create_in_ui(client: Client, organisation: Organisation, name: str = "Integration"):
    response = client.post(
        TOKENS, {"name": name, "organisation": organisation.pk, "valid_days": 90}, follow=True
    )
    match = NEW_TOKEN.search(response.content.decode())
    return response, (match.group(1) if match else None)


def csrf_client(user) -> Client:
    """A logged-in browser that sends no CSRF token unless told to."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.get(TOKENS)  # a page with a form: sets the CSRF cookie
    return client


def csrf_token(client: Client) -> str:
    return client.cookies[settings.CSRF_COOKIE_NAME].value


def every_stored_value() -> str:
    """Every value in every table, as text: to show a secret is stored nowhere."""
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            chunks.extend(str(value) for row in cursor.fetchall() for value in row)
    return "\n".join(chunks)


def db_state() -> dict:
    return {
        "organisations": list(
            Organisation.objects.order_by("pk").values_list("pk", "name", "organisation_number")
        ),
        "memberships": sorted(Membership.objects.values_list("user_id", "organisation_id", "role")),
        "invitations": list(
            Invitation.objects.order_by("pk").values_list("pk", "email", "revoked_at")
        ),
    }


@pytest.fixture
def frozen_clock():
    clock.freeze(NOW)
    yield NOW
    clock.freeze(None)


# --- the token UI -----------------------------------------------------------------------------


def test_token_list_anonymous_is_redirected_to_login(db):
    response = Client().get(TOKENS)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={TOKENS}"


def test_token_revoke_anonymous_is_redirected_and_the_token_stays(personas):
    token, raw = make_token(personas.evaluator, personas.buyer)

    response = Client().post(f"{TOKENS}{token.pk}/revoke/")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    token.refresh_from_db()
    assert token.revoked_at is None
    assert api_get("/me", raw).status_code == 200


def test_token_create_shows_the_value_once_and_never_again(personas, client_for):
    client = client_for(personas.evaluator)

    created, raw = create_in_ui(client, personas.buyer, "Statistikexport")
    reloaded = client.get(TOKENS)

    assert created.status_code == 200
    assert raw is not None and raw.startswith("rt_")
    assert len(raw) > 40
    assert "no-store" in created["Cache-Control"]
    assert reloaded.status_code == 200
    assert raw not in reloaded.content.decode()
    assert NEW_TOKEN.search(reloaded.content.decode()) is None
    assert f"{raw[:10]}…" in reloaded.content.decode()  # only the prefix identifies it
    assert "Statistikexport" in reloaded.content.decode()


def test_token_create_stores_only_the_sha256_hash(personas, client_for):
    _response, raw = create_in_ui(client_for(personas.evaluator), personas.buyer, "CI")

    token = ApiToken.objects.get()
    assert (token.user, token.organisation, token.name) == (
        personas.evaluator,
        personas.buyer,
        "CI",
    )
    assert token.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert token.prefix == raw[:10]
    assert token.revoked_at is None
    assert raw not in every_stored_value()
    assert raw[10:] not in every_stored_value()


def test_token_create_records_an_audit_event_without_the_secret(personas, client_for):
    _response, raw = create_in_ui(client_for(personas.evaluator), personas.buyer, "CI")

    token = ApiToken.objects.get()
    event = AuditEvent.objects.get(action="api_token.created")
    assert (event.actor, event.organisation, event.object_type, event.object_id) == (
        personas.evaluator,
        personas.buyer,
        "api.apitoken",
        str(token.pk),
    )
    assert event.data == {
        "name": "CI",
        "prefix": raw[:10],
        "expires_at": token.expires_at.isoformat(),
        "read_only": False,
        "sensitive": False,
    }


def test_token_create_each_value_is_different(personas, client_for):
    client = client_for(personas.evaluator)

    _first, raw_1 = create_in_ui(client, personas.buyer, "One")
    _second, raw_2 = create_in_ui(client, personas.buyer, "Two")

    assert raw_1 != raw_2
    assert ApiToken.objects.count() == 2


def test_token_create_for_an_organisation_the_user_is_not_in_is_refused(personas, client_for):
    response, raw = create_in_ui(client_for(personas.evaluator), personas.other_buyer)

    assert response.status_code == 200
    assert raw is None
    assert response.context["form"].errors.keys() == {"organisation"}
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize("name", ["", "   ", "x" * 101])
def test_token_create_with_a_bad_name_is_refused(personas, client_for, name):
    response, raw = create_in_ui(client_for(personas.evaluator), personas.buyer, name)

    assert response.status_code == 200
    assert raw is None
    assert response.context["form"].errors.keys() == {"name"}
    assert not ApiToken.objects.exists()


def test_token_create_by_a_person_without_organisations_is_refused(personas, client_for):
    client = client_for(personas.stranger)

    page = client.get(TOKENS)
    response, raw = create_in_ui(client, personas.buyer)

    assert page.context["has_organisations"] is False
    assert response.status_code == 200
    assert raw is None
    assert not ApiToken.objects.exists()


def test_token_list_shows_only_the_users_own_tokens(personas, client_for):
    make_token(personas.evaluator, personas.buyer, "Evas token")
    make_token(personas.buyer_admin, personas.buyer, "Agnes token")

    response = client_for(personas.evaluator).get(TOKENS)

    assert [t.name for t in response.context["tokens"]] == ["Evas token"]
    assert "Agnes token" not in response.content.decode()


def test_token_revoke_marks_it_revoked_and_records_it(personas, client_for, frozen_clock):
    token, raw = make_token(personas.evaluator, personas.buyer, "CI")
    client = client_for(personas.evaluator)

    response = client.post(f"{TOKENS}{token.pk}/revoke/")

    assert response.status_code == 302
    assert response["Location"] == TOKENS
    token.refresh_from_db()
    assert token.revoked_at == NOW
    event = AuditEvent.objects.get(action="api_token.revoked")
    assert (event.actor, event.organisation, event.object_id, event.data) == (
        personas.evaluator,
        personas.buyer,
        str(token.pk),
        {"name": "CI", "prefix": raw[:10]},
    )
    listing = client.get(TOKENS).content.decode()
    assert f"{TOKENS}{token.pk}/revoke/" not in listing  # no revoke button any more


def test_token_revoke_twice_records_one_event(personas, client_for):
    token, _raw = make_token(personas.evaluator, personas.buyer)
    client = client_for(personas.evaluator)

    client.post(f"{TOKENS}{token.pk}/revoke/")
    second = client.post(f"{TOKENS}{token.pk}/revoke/")

    assert second.status_code == 302
    assert AuditEvent.objects.filter(action="api_token.revoked").count() == 1


def test_token_revoke_of_another_users_token_is_404_and_it_keeps_working(personas, client_for):
    token, raw = make_token(personas.evaluator, personas.buyer)

    response = client_for(personas.buyer_admin).post(f"{TOKENS}{token.pk}/revoke/")

    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert not AuditEvent.objects.filter(action="api_token.revoked").exists()
    assert api_get("/me", raw).status_code == 200


def test_token_revoke_of_an_unknown_token_is_404(personas, client_for):
    response = client_for(personas.evaluator).post(f"{TOKENS}999999/revoke/")

    assert response.status_code == 404


def test_token_revoke_by_get_is_not_allowed(personas, client_for):
    token, _raw = make_token(personas.evaluator, personas.buyer)

    response = client_for(personas.evaluator).get(f"{TOKENS}{token.pk}/revoke/")

    assert response.status_code == 405
    token.refresh_from_db()
    assert token.revoked_at is None


def test_token_revoke_without_csrf_is_refused(personas):
    token, _raw = make_token(personas.evaluator, personas.buyer)
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.evaluator)

    response = client.post(f"{TOKENS}{token.pk}/revoke/")

    assert response.status_code == 403
    token.refresh_from_db()
    assert token.revoked_at is None


# --- authenticating with a token --------------------------------------------------------------


def test_token_me_is_limited_to_the_token_organisation(personas):
    add_member(personas.evaluator, personas.provider_a, Role.QUALITY_LEAD)
    _token, raw = make_token(personas.evaluator, personas.buyer)

    response = api_get("/me", raw)

    assert response.status_code == 200
    assert response.json() == {
        "id": personas.evaluator.pk,
        "email": "evaluator@ekby.se",
        "full_name": "Eva Utvärderare",
        "language": personas.evaluator.language,
        "is_platform_admin": False,
        "token_organisation_id": personas.buyer.pk,
        "memberships": [
            {
                "organisation_id": personas.buyer.pk,
                "organisation_name": "Ekby kommun",
                "roles": ["evaluator"],
            }
        ],
    }


def test_token_organisations_list_shows_only_the_token_organisation(personas):
    add_member(personas.evaluator, personas.provider_a, Role.QUALITY_LEAD)
    _token, raw = make_token(personas.evaluator, personas.provider_a)

    response = api_get("/organisations", raw)

    assert response.status_code == 200
    assert response.json() == {
        "items": [
            {
                "id": personas.provider_a.pk,
                "name": "Omsorg A AB",
                "organisation_number": personas.provider_a.organisation_number,
                "kind": "provider",
                "require_two_factor": False,
            }
        ],
        "count": 1,
    }


def test_token_scoped_to_one_organisation_gets_404_on_another_the_user_belongs_to(
    personas, client_for
):
    add_member(personas.evaluator, personas.provider_a, Role.QUALITY_LEAD)
    _token, raw = make_token(personas.evaluator, personas.buyer)
    path = f"/organisations/{personas.provider_a.pk}/members"

    with_the_token = api_get(path, raw)
    with_the_session = client_for(personas.evaluator).get(f"{API}{path}")

    assert with_the_token.status_code == 404
    assert with_the_token.json() == error(404, "not_found", MSG_NOT_FOUND)
    assert with_the_session.status_code == 200  # the person may; the token may not


def test_token_scoped_to_one_organisation_cannot_manage_another_it_administers(personas):
    add_member(personas.buyer_admin, personas.provider_a, Role.ADMIN)
    _token, raw = make_token(personas.buyer_admin, personas.buyer)
    before = db_state()

    response = Client().put(
        f"{API}/organisations/{personas.provider_a.pk}/members/{personas.provider_a_author.pk}",
        {"roles": ["viewer"]},
        content_type="application/json",
        headers=with_token(raw),
    )

    assert response.status_code == 404
    assert response.json() == error(404, "not_found", MSG_NOT_FOUND)
    assert db_state() == before


def test_token_write_needs_no_csrf_token(personas, django_capture_on_commit_callbacks):
    _token, raw = make_token(personas.buyer_admin, personas.buyer)
    client = Client(enforce_csrf_checks=True)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{API}/organisations/{personas.buyer.pk}/invitations",
            {"email": "anna@ekby.se", "roles": ["evaluator"]},
            content_type="application/json",
            headers=with_token(raw),
        )

    assert response.status_code == 201
    invitation = Invitation.objects.get(email="anna@ekby.se")
    assert invitation.invited_by == personas.buyer_admin
    event = AuditEvent.objects.get(action="invitation.created")
    assert event.actor == personas.buyer_admin


def test_token_acts_with_the_users_current_roles(personas):
    add_member(personas.procurement_officer, personas.buyer, Role.ADMIN)
    _token, raw = make_token(personas.buyer_admin, personas.buyer)
    path = f"/organisations/{personas.buyer.pk}/invitations"
    assert api_get(path, raw).status_code == 200
    Membership.objects.filter(user=personas.buyer_admin, role=Role.ADMIN).delete()
    add_member(personas.buyer_admin, personas.buyer, Role.VIEWER)

    response = api_get(path, raw)

    assert response.status_code == 403


def test_token_revoked_is_401(personas, client_for):
    token, raw = make_token(personas.evaluator, personas.buyer)
    assert api_get("/me", raw).status_code == 200
    client_for(personas.evaluator).post(f"{TOKENS}{token.pk}/revoke/")

    response = api_get("/me", raw)

    assert response.status_code == 401
    assert response.json() == error(401, "unauthenticated", MSG_UNAUTHENTICATED)


def test_token_of_a_user_removed_from_the_organisation_is_401(personas, client_for):
    _token, raw = make_token(personas.evaluator, personas.buyer)
    removed = client_for(personas.buyer_admin).delete(
        f"{API}/organisations/{personas.buyer.pk}/members/{personas.evaluator.pk}"
    )
    assert removed.status_code == 204

    response = api_get("/me", raw)

    assert response.status_code == 401
    assert response.json() == error(401, "unauthenticated", MSG_UNAUTHENTICATED)


def test_token_of_a_user_removed_from_its_organisation_stays_401_while_they_belong_elsewhere(
    personas,
):
    add_member(personas.evaluator, personas.provider_a, Role.QUALITY_LEAD)
    _token, raw = make_token(personas.evaluator, personas.buyer)
    Membership.objects.filter(user=personas.evaluator, organisation=personas.buyer).delete()

    response = api_get(f"/organisations/{personas.provider_a.pk}", raw)

    assert response.status_code == 401


def test_token_of_a_deactivated_user_is_401(personas):
    _token, raw = make_token(personas.evaluator, personas.buyer)
    personas.evaluator.is_active = False
    personas.evaluator.save(update_fields=["is_active"])

    response = api_get("/me", raw)

    assert response.status_code == 401
    assert response.json() == error(401, "unauthenticated", MSG_UNAUTHENTICATED)


@pytest.mark.parametrize(
    "header",
    [
        "Bearer",
        "Bearer ",
        "Bearer rt_",
        "Bearer rt_not-a-real-token",
        "Bearer not-even-prefixed",
        "Basic ZXZhbHVhdG9yOnNlY3JldA==",
        "Token {raw}",
        "{raw}",
        "Bearer {raw}x",
        "Bearer {raw_without_last}",
        "Bearer {upper}",
        "Bearer {raw} {raw}",
    ],
)
def test_token_malformed_is_401(personas, header):
    _token, raw = make_token(personas.evaluator, personas.buyer)
    value = header.format(raw=raw, raw_without_last=raw[:-1], upper=raw.upper())

    response = Client().get(f"{API}/me", headers={"Authorization": value, "Accept-Language": "en"})

    assert response.status_code == 401
    assert response.json() == error(401, "unauthenticated", MSG_UNAUTHENTICATED)


def test_token_hash_alone_does_not_authenticate(personas):
    token, _raw = make_token(personas.evaluator, personas.buyer)

    response = api_get("/me", token.token_hash)

    assert response.status_code == 401


def test_token_use_records_when_it_was_last_used_at_most_once_a_minute(personas, frozen_clock):
    token, raw = make_token(personas.evaluator, personas.buyer)
    assert token.last_used_at is None

    api_get("/me", raw)
    token.refresh_from_db()
    first = token.last_used_at
    clock.advance(timedelta(seconds=30))
    api_get("/me", raw)
    token.refresh_from_db()
    within_a_minute = token.last_used_at
    clock.advance(timedelta(seconds=31))
    api_get("/me", raw)
    token.refresh_from_db()

    assert first == NOW
    assert within_a_minute == NOW
    assert token.last_used_at == NOW + timedelta(seconds=61)


def test_token_of_a_platform_admin_reaches_no_other_organisation(personas):
    add_member(personas.platform_admin, personas.provider_a, Role.VIEWER)
    _token, raw = make_token(personas.platform_admin, personas.provider_a)

    response = api_get(f"/organisations/{personas.buyer.pk}/members", raw)

    assert response.status_code == 404


def test_token_of_a_platform_admin_lists_only_the_token_organisation(personas):
    add_member(personas.platform_admin, personas.provider_a, Role.VIEWER)
    _token, raw = make_token(personas.platform_admin, personas.provider_a)

    response = api_get("/organisations", raw)

    assert response.status_code == 200
    assert [o["id"] for o in response.json()["items"]] == [personas.provider_a.pk]


# --- the browser session ----------------------------------------------------------------------


def test_session_get_works_without_a_csrf_token(personas):
    client = csrf_client(personas.evaluator)

    response = client.get(f"{API}/me")

    assert response.status_code == 200
    assert response.json()["id"] == personas.evaluator.pk
    assert response.json()["token_organisation_id"] is None


def _session_writes(p, invitation: Invitation) -> dict[str, tuple[str, str, dict | None, int]]:
    org = f"{API}/organisations/{p.buyer.pk}"
    return {
        "post": (
            "post",
            f"{org}/invitations",
            {"email": "anna@ekby.se", "roles": ["evaluator"]},
            201,
        ),
        "put": ("put", f"{org}/members/{p.evaluator.pk}", {"roles": ["viewer"]}, 200),
        "patch": ("patch", org, {"name": "Ekby stad"}, 200),
        "delete_member": ("delete", f"{org}/members/{p.evaluator.pk}", None, 204),
        "delete_invitation": ("delete", f"{org}/invitations/{invitation.pk}", None, 204),
    }


@pytest.fixture
def invitation(personas) -> Invitation:
    return Invitation.objects.create(
        organisation=personas.buyer,
        email="waiting@ekby.se",
        roles=[Role.VIEWER],
        invited_by=personas.buyer_admin,
    )


def _send(client: Client, method: str, path: str, data, headers: dict):
    if data is None:
        return getattr(client, method)(path, headers=headers)
    return getattr(client, method)(path, data, content_type="application/json", headers=headers)


@pytest.mark.parametrize("write", ["post", "put", "patch", "delete_member", "delete_invitation"])
def test_session_write_without_csrf_token_is_403_and_changes_nothing(personas, invitation, write):
    method, path, data, _ok = _session_writes(personas, invitation)[write]
    client = csrf_client(personas.buyer_admin)
    before = db_state()

    response = _send(client, method, path, data, {"Accept-Language": "en"})

    assert response.status_code == 403
    assert response.json() == error(403, "csrf_failed", MSG_CSRF)
    assert db_state() == before


@pytest.mark.parametrize("write", ["post", "put", "patch", "delete_member", "delete_invitation"])
def test_session_write_with_a_wrong_csrf_token_is_403(personas, invitation, write):
    method, path, data, _ok = _session_writes(personas, invitation)[write]
    client = csrf_client(personas.buyer_admin)
    before = db_state()

    response = _send(client, method, path, data, {"X-CSRFToken": "x" * 64})

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "csrf_failed"
    assert db_state() == before


@pytest.mark.parametrize("write", ["post", "put", "patch", "delete_member", "delete_invitation"])
def test_session_write_with_the_csrf_header_succeeds(
    personas, invitation, django_capture_on_commit_callbacks, write
):
    method, path, data, ok = _session_writes(personas, invitation)[write]
    client = csrf_client(personas.buyer_admin)
    before = db_state()

    with django_capture_on_commit_callbacks(execute=True):
        response = _send(client, method, path, data, {"X-CSRFToken": csrf_token(client)})

    assert response.status_code == ok
    assert db_state() != before


def test_session_csrf_failure_with_an_invalid_bearer_token_still_applies(personas, invitation):
    client = csrf_client(personas.buyer_admin)
    before = db_state()

    response = client.delete(
        f"{API}/organisations/{personas.buyer.pk}/invitations/{invitation.pk}",
        headers={"Authorization": "Bearer rt_forged"},
    )

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "csrf_failed"
    assert db_state() == before


def test_session_of_a_deactivated_user_is_401(personas, client_for):
    client = client_for(personas.evaluator)
    personas.evaluator.is_active = False
    personas.evaluator.save(update_fields=["is_active"])

    response = client.get(f"{API}/me", headers={"Accept-Language": "en"})

    assert response.status_code == 401
    assert response.json() == error(401, "unauthenticated", MSG_UNAUTHENTICATED)


def test_session_after_logout_is_401(personas, client_for):
    client = client_for(personas.evaluator)
    client.logout()

    response = client.get(f"{API}/me", headers={"Accept-Language": "en"})

    assert response.status_code == 401


def test_token_create_reload_does_not_create_a_second_token(personas, client_for):
    client = client_for(personas.evaluator)
    response = client.post(
        TOKENS, {"name": "CI", "organisation": personas.buyer.pk, "valid_days": 90}
    )
    assert response.status_code == 302 and response["Location"] == TOKENS
    client.get(TOKENS)
    client.get(TOKENS)
    assert ApiToken.objects.filter(user=personas.evaluator).count() == 1


# --- expiry and read-only scope ---------------------------------------------------------------


def test_a_token_works_until_it_expires_then_is_401(personas, frozen_clock):
    token, raw = make_token(personas.evaluator, personas.buyer)
    assert token.expires_at == NOW + timedelta(days=tokens.DEFAULT_VALIDITY_DAYS)
    clock.freeze(token.expires_at - timedelta(seconds=1))
    assert api_get("/me", raw).status_code == 200
    clock.freeze(token.expires_at)
    response = api_get("/me", raw)
    assert response.status_code == 401
    assert response.json() == error(401, "unauthenticated", MSG_UNAUTHENTICATED)


def test_the_ui_creates_a_read_only_year_long_token_and_lists_when_it_expires(
    personas, client_for, frozen_clock
):
    client = client_for(personas.buyer_admin)
    response = client.post(
        TOKENS,
        {
            "name": "Diariet",
            "organisation": personas.buyer.pk,
            "valid_days": 365,
            "read_only": "on",
        },
        follow=True,
    )
    token = ApiToken.objects.get(name="Diariet")
    assert token.read_only is True
    assert token.expires_at == NOW + timedelta(days=365)
    page = response.content.decode()
    assert "2027-03-02" in page
    event = AuditEvent.objects.get(action="api_token.created")
    assert event.data["read_only"] is True and event.data["expires_at"].startswith("2027-03-02")


@pytest.mark.parametrize("days", ["7", "3650", "abc"])
def test_the_ui_refuses_a_validity_outside_the_choices(personas, client_for, days):
    client = client_for(personas.buyer_admin)
    response = client.post(
        TOKENS, {"name": "Diariet", "organisation": personas.buyer.pk, "valid_days": days}
    )
    assert response.status_code == 200
    assert not ApiToken.objects.filter(name="Diariet").exists()
    assert "valid_days" in response.context["form"].errors


def test_the_service_refuses_a_validity_outside_the_choices(personas):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        tokens.create_token(
            actor=Actor.for_user(personas.evaluator),
            organisation=personas.buyer,
            name="Länge",
            valid_days=1000,
        )
    assert "valid_days" in refused.value.message_dict


def test_a_read_only_token_reads_but_every_change_is_refused(personas):
    _token, raw = tokens.create_token(
        actor=Actor.for_user(personas.buyer_admin),
        organisation=personas.buyer,
        name="Läsare",
        read_only=True,
    )
    assert api_get(f"/organisations/{personas.buyer.pk}/members", raw).status_code == 200
    response = Client().post(
        f"{API}/organisations/{personas.buyer.pk}/invitations",
        {"email": "anna@ekby.se", "roles": ["evaluator"]},
        content_type="application/json",
        headers=with_token(raw),
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "read_only_token"
    assert not Invitation.objects.filter(email="anna@ekby.se").exists()
    swedish = Client().delete(
        f"{API}/organisations/{personas.buyer.pk}/members/{personas.evaluator.pk}",
        headers={**with_token(raw), "Accept-Language": "sv"},
    )
    assert swedish.status_code == 403
    assert swedish.json()["error"]["message"].startswith("Den här token")
