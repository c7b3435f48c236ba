"""The accounts endpoints of the HTTP API (/api/v1/): who may do what, the single error format,
and that a refused or invalid write saves nothing."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from django.db.models import Max
from django.test import Client
from django.utils import translation

from rodtrad.accounts.invitations import invitation_url
from rodtrad.accounts.models import Invitation, Membership, Organisation, User
from rodtrad.accounts.roles import Role
from rodtrad.audit.models import AuditEvent
from rodtrad.common import clock
from tests.factories import add_member, make_organisation, make_user

API = "/api/v1"
NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
NOW_JSON = "2026-03-02T09:30:00Z"
EXPIRES_JSON = "2026-03-16T09:30:00Z"  # NOW + INVITATION_MAX_AGE (14 days)

MSG_NOT_FOUND = "Not found, or you may not see it."
MSG_FORBIDDEN = "You are not allowed to do this."
MSG_UNAUTHENTICATED = "Log in or send a valid personal access token (Authorization: Bearer)."
MSG_INVALID = "The request has invalid values."
MSG_FORMAT = "Enter the organisation number as ten digits, for example 212000-0142."
MSG_PERSONAL = (
    "This looks like a personal identity number. Enter the number of the organisation "
    "(the third digit is 2 or higher)."
)
MSG_CHECKSUM = "The check digit does not match; check the organisation number for a typo."
MSG_NUMBER_TAKEN = "An organisation with this number is already registered."


# --- helpers ----------------------------------------------------------------------------------


def call(client: Client, method: str, path: str, data=None, *, lang: str | None = "en"):
    """Send a JSON request; English messages unless lang is given (None: no Accept-Language)."""
    headers = {"Accept-Language": lang} if lang else {}
    send = getattr(client, method)
    if data is None:
        return send(path, headers=headers)
    return send(path, data, content_type="application/json", headers=headers)


def error(status: int, code: str, message: str, details=()) -> dict:
    return {
        "error": {
            "status": status,
            "code": code,
            "message": message,
            "details": [{"field": field, "message": text} for field, text in details],
        }
    }


def field_error(field: str, message: str) -> dict:
    """A 400 from a service with one problem on one field."""
    return error(400, "invalid", message, [(field, message)])


def db_state() -> dict:
    """Everything the accounts endpoints can write."""
    return {
        "organisations": list(
            Organisation.objects.order_by("pk").values_list(
                "pk", "name", "organisation_number", "kind"
            )
        ),
        "memberships": sorted(Membership.objects.values_list("user_id", "organisation_id", "role")),
        "invitations": list(
            Invitation.objects.order_by("pk").values_list(
                "pk", "organisation_id", "email", "roles", "accepted_at", "revoked_at"
            )
        ),
        "audit_events": list(api_events().values_list("pk", flat=True)),
    }


def api_events():
    """Audit events, less the logins the test client's force_login records while arranging."""
    return AuditEvent.objects.exclude(action="user.logged_in").order_by("pk")


def last_event_id() -> int:
    return AuditEvent.objects.aggregate(last=Max("pk"))["last"] or 0


def events_since(event_id: int) -> list[tuple]:
    return [
        (e.action, e.actor_id, e.organisation_id, e.object_type, e.object_id, e.data)
        for e in api_events().filter(pk__gt=event_id)
    ]


def org_json(organisation: Organisation) -> dict:
    return {
        "id": organisation.pk,
        "name": organisation.name,
        "organisation_number": organisation.organisation_number,
        "kind": organisation.kind,
        "require_two_factor": organisation.require_two_factor,
    }


def member_json(user, roles: list[str]) -> dict:
    return {"user_id": user.pk, "email": user.email, "full_name": user.full_name, "roles": roles}


def buyer_members_json(p) -> list[dict]:
    """GET …/members for the buyer: by name, roles in the buyer kind's order."""
    return [
        member_json(p.buyer_admin, ["admin"]),
        member_json(p.panel_chair, ["panel_chair", "evaluator"]),
        member_json(p.evaluator_2, ["evaluator"]),
        member_json(p.evaluator, ["evaluator"]),
        member_json(p.procurement_officer, ["procurement_officer"]),
        member_json(p.buyer_viewer, ["viewer"]),
    ]


def roles_of(user, organisation) -> list[str]:
    return sorted(
        Membership.objects.filter(user=user, organisation=organisation).values_list(
            "role", flat=True
        )
    )


@pytest.fixture
def frozen_clock():
    clock.freeze(NOW)
    yield NOW
    clock.freeze(None)


@pytest.fixture
def pending_invitation(personas, frozen_clock) -> Invitation:
    return Invitation.objects.create(
        organisation=personas.buyer,
        email="new.person@ekby.se",
        roles=[Role.EVALUATOR],
        invited_by=personas.buyer_admin,
        created_at=clock.now(),
    )


def endpoint_table(p, invitation: Invitation) -> dict[str, tuple[str, str, dict | None]]:
    """Every endpoint, addressed at the buyer organisation, with a valid body."""
    org = f"{API}/organisations/{p.buyer.pk}"
    return {
        "me": ("get", f"{API}/me", None),
        "list_organisations": ("get", f"{API}/organisations", None),
        "create_organisation": (
            "post",
            f"{API}/organisations",
            {"name": "Ny kommun", "organisation_number": "212000-0142", "kind": "buyer"},
        ),
        "get_organisation": ("get", org, None),
        "update_organisation": ("patch", org, {"name": "Ekby stad"}),
        "list_members": ("get", f"{org}/members", None),
        "set_member_roles": ("put", f"{org}/members/{p.evaluator.pk}", {"roles": ["viewer"]}),
        "remove_member": ("delete", f"{org}/members/{p.evaluator.pk}", None),
        "list_invitations": ("get", f"{org}/invitations", None),
        "invite": (
            "post",
            f"{org}/invitations",
            {"email": "someone@ekby.se", "roles": ["evaluator"]},
        ),
        "revoke_invitation": ("delete", f"{org}/invitations/{invitation.pk}", None),
    }


ALL_ENDPOINTS = [
    "me",
    "list_organisations",
    "create_organisation",
    "get_organisation",
    "update_organisation",
    "list_members",
    "set_member_roles",
    "remove_member",
    "list_invitations",
    "invite",
    "revoke_invitation",
]
ORGANISATION_ENDPOINTS = ALL_ENDPOINTS[3:]
MANAGEMENT_ENDPOINTS = [
    "update_organisation",
    "set_member_roles",
    "remove_member",
    "list_invitations",
    "invite",
    "revoke_invitation",
]
BUYER_NON_ADMINS = ["procurement_officer", "panel_chair", "evaluator", "buyer_viewer"]
OUTSIDERS = ["stranger", "other_buyer_officer", "provider_a_author"]


# --- authentication, permissions and language across all endpoints ----------------------------


@pytest.mark.parametrize("endpoint", ALL_ENDPOINTS)
def test_endpoint_anonymous_gets_401_and_nothing_changes(personas, pending_invitation, endpoint):
    method, path, data = endpoint_table(personas, pending_invitation)[endpoint]
    before = db_state()

    response = call(Client(), method, path, data)

    assert response.status_code == 401
    assert response.json() == error(401, "unauthenticated", MSG_UNAUTHENTICATED)
    assert db_state() == before


@pytest.mark.parametrize("persona", OUTSIDERS)
@pytest.mark.parametrize("endpoint", ORGANISATION_ENDPOINTS)
def test_endpoint_outsider_gets_404_and_nothing_changes(
    personas, pending_invitation, client_for, persona, endpoint
):
    method, path, data = endpoint_table(personas, pending_invitation)[endpoint]
    before = db_state()

    response = call(client_for(getattr(personas, persona)), method, path, data)

    assert response.status_code == 404
    assert response.json() == error(404, "not_found", MSG_NOT_FOUND)
    assert db_state() == before


@pytest.mark.parametrize("persona", BUYER_NON_ADMINS)
@pytest.mark.parametrize("endpoint", MANAGEMENT_ENDPOINTS)
def test_endpoint_member_without_admin_role_gets_403_and_nothing_changes(
    personas, pending_invitation, client_for, persona, endpoint
):
    method, path, data = endpoint_table(personas, pending_invitation)[endpoint]
    before = db_state()

    response = call(client_for(getattr(personas, persona)), method, path, data)

    assert response.status_code == 403
    assert response.json() == error(403, "forbidden", MSG_FORBIDDEN)
    assert db_state() == before


def test_endpoint_unknown_organisation_is_404_like_a_hidden_one(personas, client_for):
    missing = Organisation.objects.aggregate(last=Max("pk"))["last"] + 100

    hidden = call(client_for(personas.stranger), "get", f"{API}/organisations/{personas.buyer.pk}")
    unknown = call(client_for(personas.platform_admin), "get", f"{API}/organisations/{missing}")

    assert unknown.status_code == hidden.status_code == 404
    assert unknown.json() == hidden.json() == error(404, "not_found", MSG_NOT_FOUND)


def test_error_message_is_swedish_by_default_and_english_on_request(personas, client_for):
    client = client_for(personas.stranger)
    path = f"{API}/organisations/{personas.buyer.pk}"
    with translation.override("sv"):
        swedish_message = translation.gettext(MSG_NOT_FOUND)

    default = call(client, "get", path, lang=None)
    english = call(client, "get", path, lang="en")

    assert default.status_code == english.status_code == 404
    assert default["Content-Language"] == "sv"
    assert default.json() == error(404, "not_found", swedish_message)
    assert english["Content-Language"] == "en"
    assert english.json() == error(404, "not_found", MSG_NOT_FOUND)


def test_validation_error_is_swedish_by_default_and_english_on_request(personas, client_for):
    client = client_for(personas.platform_admin)
    body = {"name": "Ny", "organisation_number": "212000-0143", "kind": "buyer"}
    with translation.override("sv"):
        swedish_message = translation.gettext(MSG_CHECKSUM)

    default = call(client, "post", f"{API}/organisations", body, lang=None)
    english = call(client, "post", f"{API}/organisations", body, lang="en")

    assert default["Content-Language"] == "sv"
    assert default.json() == field_error("organisation_number", swedish_message)
    assert english["Content-Language"] == "en"
    assert english.json() == field_error("organisation_number", MSG_CHECKSUM)


def test_unauthenticated_error_is_swedish_by_default(db):
    with translation.override("sv"):
        swedish_message = translation.gettext(MSG_UNAUTHENTICATED)

    response = call(Client(), "get", f"{API}/me", lang=None)

    assert response.status_code == 401
    assert response["Content-Language"] == "sv"
    assert response.json() == error(401, "unauthenticated", swedish_message)


# --- GET /me ----------------------------------------------------------------------------------


def test_me_returns_the_session_user_with_roles(personas, client_for):
    response = call(client_for(personas.panel_chair), "get", f"{API}/me")

    assert response.status_code == 200
    assert response.json() == {
        "id": personas.panel_chair.pk,
        "email": "chair@ekby.se",
        "full_name": "Cajsa Ordförande",
        "language": personas.panel_chair.language,
        "is_platform_admin": False,
        "token_organisation_id": None,
        "memberships": [
            {
                "organisation_id": personas.buyer.pk,
                "organisation_name": "Ekby kommun",
                "roles": ["panel_chair", "evaluator"],
            }
        ],
    }


def test_me_lists_every_organisation_of_a_session_user_by_name(personas, client_for):
    user = make_user("both@example.se", full_name="Bo Båda", language="en")
    add_member(user, personas.provider_a, Role.QUALITY_LEAD)
    add_member(user, personas.buyer, Role.VIEWER, Role.CONTRACT_MANAGER)

    response = call(client_for(user), "get", f"{API}/me")

    assert response.status_code == 200
    assert response.json()["language"] == "en"
    assert response.json()["memberships"] == [
        {
            "organisation_id": personas.buyer.pk,
            "organisation_name": "Ekby kommun",
            "roles": ["contract_manager", "viewer"],
        },
        {
            "organisation_id": personas.provider_a.pk,
            "organisation_name": "Omsorg A AB",
            "roles": ["quality_lead"],
        },
    ]


def test_me_marks_the_platform_admin(personas, client_for):
    response = call(client_for(personas.platform_admin), "get", f"{API}/me")

    assert response.status_code == 200
    assert response.json()["is_platform_admin"] is True
    assert response.json()["memberships"] == []


def test_me_stranger_has_no_memberships(personas, client_for):
    response = call(client_for(personas.stranger), "get", f"{API}/me")

    assert response.status_code == 200
    assert response.json()["is_platform_admin"] is False
    assert response.json()["memberships"] == []


# --- GET /organisations -----------------------------------------------------------------------


def test_organisations_list_shows_a_member_only_their_own(personas, client_for):
    response = call(client_for(personas.evaluator), "get", f"{API}/organisations")

    assert response.status_code == 200
    assert response.json() == {"items": [org_json(personas.buyer)], "count": 1}


def test_organisations_list_is_empty_for_a_stranger(personas, client_for):
    response = call(client_for(personas.stranger), "get", f"{API}/organisations")

    assert response.status_code == 200
    assert response.json() == {"items": [], "count": 0}


def test_organisations_list_shows_the_platform_admin_all_by_name(personas, client_for):
    response = call(client_for(personas.platform_admin), "get", f"{API}/organisations")

    assert response.status_code == 200
    assert response.json() == {
        "items": [
            org_json(personas.buyer),  # Ekby kommun
            org_json(personas.other_buyer),  # Grannby kommun
            org_json(personas.provider_a),  # Omsorg A AB
            org_json(personas.provider_b),  # Omsorg B AB
        ],
        "count": 4,
    }


def test_organisations_list_filters_by_kind(personas, client_for):
    client = client_for(personas.platform_admin)

    providers = call(client, "get", f"{API}/organisations?kind=provider")
    facilitators = call(client, "get", f"{API}/organisations?kind=facilitator")

    assert providers.json() == {
        "items": [org_json(personas.provider_a), org_json(personas.provider_b)],
        "count": 2,
    }
    assert facilitators.json() == {"items": [], "count": 0}


def test_organisations_list_kind_filter_stays_within_a_members_organisations(personas, client_for):
    response = call(
        client_for(personas.provider_a_author), "get", f"{API}/organisations?kind=buyer"
    )

    assert response.status_code == 200
    assert response.json() == {"items": [], "count": 0}


def test_organisations_list_unknown_kind_is_422(personas, client_for):
    response = call(client_for(personas.platform_admin), "get", f"{API}/organisations?kind=shop")

    assert response.status_code == 422
    body = response.json()
    assert body["error"]["code"] == "invalid"
    assert body["error"]["message"] == MSG_INVALID
    assert [d["field"] for d in body["error"]["details"]] == ["kind"]


def test_organisations_list_pages_by_fifty(personas, client_for):
    extra = [make_organisation(f"Zeta {n:02d}") for n in range(48)]  # 4 + 48 = 52 in all
    client = client_for(personas.platform_admin)

    first = call(client, "get", f"{API}/organisations")
    second = call(client, "get", f"{API}/organisations?page=2")

    assert first.json()["count"] == second.json()["count"] == 52
    assert len(first.json()["items"]) == 50
    assert second.json()["items"] == [org_json(extra[-2]), org_json(extra[-1])]


# --- POST /organisations ----------------------------------------------------------------------


def test_organisation_create_by_platform_admin_saves_it_and_records_the_event(personas, client_for):
    since = last_event_id()

    response = call(
        client_for(personas.platform_admin),
        "post",
        f"{API}/organisations",
        {"name": "  Norrby kommun ", "organisation_number": "2120000142", "kind": "buyer"},
    )

    assert response.status_code == 201
    organisation = Organisation.objects.get(organisation_number="212000-0142")
    assert response.json() == {
        "id": organisation.pk,
        "name": "Norrby kommun",
        "organisation_number": "212000-0142",
        "kind": "buyer",
        "require_two_factor": False,
    }
    assert organisation.memberships.count() == 0
    assert organisation.invitations.count() == 0
    assert events_since(since) == [
        (
            "organisation.created",
            personas.platform_admin.pk,
            organisation.pk,
            "accounts.organisation",
            str(organisation.pk),
            {"name": "Norrby kommun", "organisation_number": "212000-0142", "kind": "buyer"},
        )
    ]


@pytest.mark.parametrize(
    "raw", ["212000-0142", "2120000142", "16212000-0142", "162120000142", " 212000 0142 "]
)
def test_organisation_create_normalises_the_number(personas, client_for, raw):
    response = call(
        client_for(personas.platform_admin),
        "post",
        f"{API}/organisations",
        {"name": "Norrby kommun", "organisation_number": raw, "kind": "buyer"},
    )

    assert response.status_code == 201
    assert response.json()["organisation_number"] == "212000-0142"


def test_organisation_create_with_first_admin_invites_them_and_sends_one_email(
    personas, client_for, mailoutbox, django_capture_on_commit_callbacks, frozen_clock
):
    since = last_event_id()

    with django_capture_on_commit_callbacks(execute=True):
        response = call(
            client_for(personas.platform_admin),
            "post",
            f"{API}/organisations",
            {
                "name": "Omsorg C AB",
                "organisation_number": "212000-0142",
                "kind": "provider",
                "first_admin_email": "Chef@Omsorg-C.se",
            },
        )

    assert response.status_code == 201
    organisation = Organisation.objects.get(pk=response.json()["id"])
    invitation = Invitation.objects.get(organisation=organisation)
    assert (invitation.email, invitation.roles, invitation.is_pending) == (
        "chef@omsorg-c.se",
        ["admin"],
        True,
    )
    assert invitation.invited_by == personas.platform_admin
    assert organisation.memberships.count() == 0
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["chef@omsorg-c.se"]
    assert "Omsorg C AB" in mailoutbox[0].subject
    assert invitation_url(invitation) in mailoutbox[0].body
    assert [event[0] for event in events_since(since)] == [
        "organisation.created",
        "invitation.created",
    ]
    assert events_since(since)[1] == (
        "invitation.created",
        personas.platform_admin.pk,
        organisation.pk,
        "accounts.invitation",
        str(invitation.pk),
        {"email": "chef@omsorg-c.se", "roles": ["admin"]},
    )


@pytest.mark.parametrize(
    "persona", ["buyer_admin", "procurement_officer", "provider_a_author", "stranger"]
)
def test_organisation_create_is_403_for_everyone_but_the_platform_admin(
    personas, client_for, mailoutbox, persona
):
    before = db_state()

    response = call(
        client_for(getattr(personas, persona)),
        "post",
        f"{API}/organisations",
        {
            "name": "Ny kommun",
            "organisation_number": "212000-0142",
            "kind": "buyer",
            "first_admin_email": "chef@ny.se",
        },
    )

    assert response.status_code == 403
    assert response.json() == error(403, "forbidden", MSG_FORBIDDEN)
    assert db_state() == before
    assert mailoutbox == []


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("12345", MSG_FORMAT),
        ("212000-014", MSG_FORMAT),
        ("212000/0142", MSG_FORMAT),
        ("abcdef-ghij", MSG_FORMAT),
        ("", MSG_FORMAT),
        ("212000-0143", MSG_CHECKSUM),
        ("811218-9876", MSG_PERSONAL),  # third digit 1: a personal identity number
        ("19811218-9876", MSG_FORMAT),  # a twelve-digit personal number is not accepted either
    ],
)
def test_organisation_create_with_a_bad_number_is_400_and_saves_nothing(
    personas, client_for, number, message
):
    before = db_state()

    response = call(
        client_for(personas.platform_admin),
        "post",
        f"{API}/organisations",
        {"name": "Ny kommun", "organisation_number": number, "kind": "buyer"},
    )

    assert response.status_code == 400
    assert response.json() == field_error("organisation_number", message)
    assert db_state() == before


@pytest.mark.parametrize("formatting", ["as_stored", "without_dash"])
def test_organisation_create_with_a_taken_number_is_400_and_saves_nothing(
    personas, client_for, mailoutbox, formatting
):
    number = personas.buyer.organisation_number
    if formatting == "without_dash":
        number = number.replace("-", "")
    before = db_state()

    response = call(
        client_for(personas.platform_admin),
        "post",
        f"{API}/organisations",
        {
            "name": "Ekby kommun igen",
            "organisation_number": number,
            "kind": "buyer",
            "first_admin_email": "chef@ekby.se",
        },
    )

    assert response.status_code == 400
    assert response.json() == field_error("organisation_number", MSG_NUMBER_TAKEN)
    assert db_state() == before
    assert mailoutbox == []


def test_organisation_create_with_a_blank_name_and_bad_number_reports_both(personas, client_for):
    before = db_state()

    response = call(
        client_for(personas.platform_admin),
        "post",
        f"{API}/organisations",
        {"name": "   ", "organisation_number": "212000-0143", "kind": "buyer"},
    )

    assert response.status_code == 400
    assert response.json() == error(
        400,
        "invalid",
        MSG_INVALID,
        [("name", "Enter the organisation's name."), ("organisation_number", MSG_CHECKSUM)],
    )
    assert db_state() == before


def test_organisation_create_with_an_invalid_first_admin_email_saves_nothing(
    personas, client_for, mailoutbox, django_capture_on_commit_callbacks
):
    before = db_state()

    with django_capture_on_commit_callbacks(execute=True):
        response = call(
            client_for(personas.platform_admin),
            "post",
            f"{API}/organisations",
            {
                "name": "Ny kommun",
                "organisation_number": "212000-0142",
                "kind": "buyer",
                "first_admin_email": "not-an-address",
            },
        )

    assert response.status_code == 400
    assert response.json() == field_error("first_admin_email", "Enter a valid e-mail address.")
    assert db_state() == before
    assert mailoutbox == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "", "organisation_number": "212000-0142", "kind": "buyer"}, "name"),
        ({"name": "Ny", "organisation_number": "212000-0142", "kind": "shop"}, "kind"),
        ({"name": "Ny", "organisation_number": "212000-0142"}, "kind"),
        ({"name": "Ny", "kind": "buyer"}, "organisation_number"),
        ({"name": "x" * 201, "organisation_number": "212000-0142", "kind": "buyer"}, "name"),
    ],
)
def test_organisation_create_with_a_bad_schema_is_422_and_saves_nothing(
    personas, client_for, body, field
):
    before = db_state()

    response = call(client_for(personas.platform_admin), "post", f"{API}/organisations", body)

    assert response.status_code == 422
    body = response.json()
    assert body["error"]["status"] == 422
    assert body["error"]["code"] == "invalid"
    assert body["error"]["message"] == MSG_INVALID
    assert [d["field"] for d in body["error"]["details"]] == [field]
    assert all(d["message"] for d in body["error"]["details"])
    assert db_state() == before


def test_organisation_create_with_unparsable_json_is_400_and_saves_nothing(personas, client_for):
    before = db_state()

    response = client_for(personas.platform_admin).post(
        f"{API}/organisations",
        "{not json",
        content_type="application/json",
        headers={"Accept-Language": "en"},
    )

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"
    assert response.json()["error"]["status"] == 400
    assert db_state() == before


# --- GET /organisations/{id} ------------------------------------------------------------------


@pytest.mark.parametrize(
    "persona",
    ["buyer_admin", "procurement_officer", "panel_chair", "evaluator", "buyer_viewer"],
)
def test_organisation_detail_is_visible_to_its_members(personas, client_for, persona):
    response = call(
        client_for(getattr(personas, persona)), "get", f"{API}/organisations/{personas.buyer.pk}"
    )

    assert response.status_code == 200
    assert response.json() == org_json(personas.buyer)


def test_organisation_detail_is_visible_to_the_platform_admin(personas, client_for):
    response = call(
        client_for(personas.platform_admin),
        "get",
        f"{API}/organisations/{personas.provider_b.pk}",
    )

    assert response.status_code == 200
    assert response.json() == org_json(personas.provider_b)


def test_organisation_detail_with_a_non_numeric_id_is_422(personas, client_for):
    response = call(client_for(personas.buyer_admin), "get", f"{API}/organisations/ekby")

    assert response.status_code == 422
    assert [d["field"] for d in response.json()["error"]["details"]] == ["organisation_id"]


# --- PATCH /organisations/{id} ----------------------------------------------------------------


def test_organisation_update_by_its_admin_saves_and_records_the_change(personas, client_for):
    old_number = personas.buyer.organisation_number
    since = last_event_id()

    response = call(
        client_for(personas.buyer_admin),
        "patch",
        f"{API}/organisations/{personas.buyer.pk}",
        {"name": "Ekby stad", "organisation_number": "2120000142"},
    )

    assert response.status_code == 200
    assert response.json() == {
        "id": personas.buyer.pk,
        "name": "Ekby stad",
        "organisation_number": "212000-0142",
        "kind": "buyer",
        "require_two_factor": False,
    }
    personas.buyer.refresh_from_db()
    assert (personas.buyer.name, personas.buyer.organisation_number) == (
        "Ekby stad",
        "212000-0142",
    )
    assert events_since(since) == [
        (
            "organisation.updated",
            personas.buyer_admin.pk,
            personas.buyer.pk,
            "accounts.organisation",
            str(personas.buyer.pk),
            {
                "before": {"name": "Ekby kommun", "organisation_number": old_number},
                "after": {"name": "Ekby stad", "organisation_number": "212000-0142"},
            },
        )
    ]


def test_organisation_update_of_the_name_only_keeps_the_number(personas, client_for):
    number = personas.provider_a.organisation_number

    response = call(
        client_for(personas.platform_admin),
        "patch",
        f"{API}/organisations/{personas.provider_a.pk}",
        {"name": "Omsorg Alfa AB"},
    )

    assert response.status_code == 200
    assert response.json() == {
        "id": personas.provider_a.pk,
        "name": "Omsorg Alfa AB",
        "organisation_number": number,
        "kind": "provider",
        "require_two_factor": False,
    }
    personas.provider_a.refresh_from_db()
    assert personas.provider_a.name == "Omsorg Alfa AB"


def test_organisation_update_without_a_change_records_no_event(personas, client_for):
    before = db_state()

    response = call(
        client_for(personas.buyer_admin),
        "patch",
        f"{API}/organisations/{personas.buyer.pk}",
        {"organisation_number": personas.buyer.organisation_number.replace("-", "")},
    )

    assert response.status_code == 200
    assert response.json() == org_json(personas.buyer)
    assert db_state() == before


@pytest.mark.parametrize(
    ("body", "details"),
    [
        ({"organisation_number": "212000-0143"}, [("organisation_number", MSG_CHECKSUM)]),
        ({"organisation_number": "811218-9876"}, [("organisation_number", MSG_PERSONAL)]),
        ({"organisation_number": "1234"}, [("organisation_number", MSG_FORMAT)]),
        ({"name": "  "}, [("name", "Enter the organisation's name.")]),
    ],
)
def test_organisation_update_with_bad_values_is_400_and_saves_nothing(
    personas, client_for, body, details
):
    before = db_state()

    response = call(
        client_for(personas.buyer_admin), "patch", f"{API}/organisations/{personas.buyer.pk}", body
    )

    assert response.status_code == 400
    assert response.json() == field_error(*details[0])
    assert db_state() == before


def test_organisation_update_to_another_organisations_number_is_400(personas, client_for):
    before = db_state()

    response = call(
        client_for(personas.buyer_admin),
        "patch",
        f"{API}/organisations/{personas.buyer.pk}",
        {"organisation_number": personas.other_buyer.organisation_number},
    )

    assert response.status_code == 400
    assert response.json() == field_error("organisation_number", MSG_NUMBER_TAKEN)
    assert db_state() == before


# --- GET /organisations/{id}/members ----------------------------------------------------------


@pytest.mark.parametrize(
    "persona",
    [
        "buyer_admin",
        "procurement_officer",
        "panel_chair",
        "evaluator",
        "evaluator_2",
        "buyer_viewer",
        "platform_admin",
    ],
)
def test_members_list_is_visible_to_members_and_platform_admin(personas, client_for, persona):
    response = call(
        client_for(getattr(personas, persona)),
        "get",
        f"{API}/organisations/{personas.buyer.pk}/members",
    )

    assert response.status_code == 200
    assert response.json() == buyer_members_json(personas)


def test_members_list_of_a_provider_shows_only_its_people(personas, client_for):
    response = call(
        client_for(personas.provider_a_author),
        "get",
        f"{API}/organisations/{personas.provider_a.pk}/members",
    )

    assert response.status_code == 200
    assert response.json() == [member_json(personas.provider_a_author, ["admin", "tender_author"])]


# --- PUT /organisations/{id}/members/{user_id} ------------------------------------------------


def test_member_roles_change_by_admin_saves_and_records_the_change(personas, client_for):
    since = last_event_id()

    response = call(
        client_for(personas.buyer_admin),
        "put",
        f"{API}/organisations/{personas.buyer.pk}/members/{personas.evaluator.pk}",
        {"roles": ["evaluator", "panel_chair", "evaluator"]},
    )

    assert response.status_code == 200
    assert response.json() == member_json(personas.evaluator, ["panel_chair", "evaluator"])
    assert roles_of(personas.evaluator, personas.buyer) == ["evaluator", "panel_chair"]
    assert events_since(since) == [
        (
            "membership.roles_changed",
            personas.buyer_admin.pk,
            personas.buyer.pk,
            "accounts.user",
            str(personas.evaluator.pk),
            {
                "email": "evaluator@ekby.se",
                "before": ["evaluator"],
                "after": ["panel_chair", "evaluator"],
            },
        )
    ]


def test_member_roles_response_matches_the_member_list(personas, client_for):
    client = client_for(personas.buyer_admin)
    path = f"{API}/organisations/{personas.buyer.pk}/members"

    put = call(
        client,
        "put",
        f"{path}/{personas.panel_chair.pk}",
        {"roles": ["evaluator", "admin", "panel_chair"]},
    )
    listed = call(client, "get", path)

    assert put.status_code == 200
    assert put.json() == member_json(personas.panel_chair, ["admin", "panel_chair", "evaluator"])
    assert put.json() in listed.json()


def test_member_roles_change_by_platform_admin_is_allowed(personas, client_for):
    since = last_event_id()

    response = call(
        client_for(personas.platform_admin),
        "put",
        f"{API}/organisations/{personas.provider_b.pk}/members/{personas.provider_b_author.pk}",
        {"roles": ["admin"]},
    )

    assert response.status_code == 200
    assert response.json() == member_json(personas.provider_b_author, ["admin"])
    assert roles_of(personas.provider_b_author, personas.provider_b) == ["admin"]
    assert [(e[0], e[1]) for e in events_since(since)] == [
        ("membership.roles_changed", personas.platform_admin.pk)
    ]


def test_member_roles_set_to_the_same_roles_records_no_event(personas, client_for):
    before = db_state()

    response = call(
        client_for(personas.buyer_admin),
        "put",
        f"{API}/organisations/{personas.buyer.pk}/members/{personas.panel_chair.pk}",
        {"roles": ["evaluator", "panel_chair"]},
    )

    assert response.status_code == 200
    assert response.json() == member_json(personas.panel_chair, ["panel_chair", "evaluator"])
    assert db_state() == before


@pytest.mark.parametrize("target", ["stranger", "other_buyer_officer", "provider_a_author"])
def test_member_roles_of_a_non_member_is_404(personas, client_for, target):
    before = db_state()

    response = call(
        client_for(personas.buyer_admin),
        "put",
        f"{API}/organisations/{personas.buyer.pk}/members/{getattr(personas, target).pk}",
        {"roles": ["viewer"]},
    )

    assert response.status_code == 404
    assert response.json() == error(404, "not_found", MSG_NOT_FOUND)
    assert db_state() == before


@pytest.mark.parametrize("role", ["tender_author", "trainer", "examiner"])
def test_member_roles_not_available_for_the_kind_is_400_and_saves_nothing(
    personas, client_for, role
):
    before = db_state()

    response = call(
        client_for(personas.buyer_admin),
        "put",
        f"{API}/organisations/{personas.buyer.pk}/members/{personas.evaluator.pk}",
        {"roles": ["evaluator", role]},
    )

    assert response.status_code == 400
    assert response.json() == field_error(
        "roles", f"Roles not available in this organisation: {role}"
    )
    assert db_state() == before


def test_member_roles_procurement_officer_in_a_provider_is_400(personas, client_for):
    before = db_state()

    response = call(
        client_for(personas.provider_a_author),
        "put",
        f"{API}/organisations/{personas.provider_a.pk}/members/{personas.provider_a_author.pk}",
        {"roles": ["admin", "procurement_officer"]},
    )

    assert response.status_code == 400
    assert response.json() == field_error(
        "roles", "Roles not available in this organisation: procurement_officer"
    )
    assert db_state() == before


def test_member_roles_unknown_role_is_422_and_saves_nothing(personas, client_for):
    before = db_state()

    response = call(
        client_for(personas.buyer_admin),
        "put",
        f"{API}/organisations/{personas.buyer.pk}/members/{personas.evaluator.pk}",
        {"roles": ["evaluator", "superuser"]},
    )

    assert response.status_code == 422
    body = response.json()["error"]
    assert (body["status"], body["code"], body["message"]) == (422, "invalid", MSG_INVALID)
    assert [d["field"] for d in body["details"]] == ["roles.1"]
    assert "evaluator" in body["details"][0]["message"]  # it lists the accepted values
    assert db_state() == before


def test_member_roles_empty_is_400_and_saves_nothing(personas, client_for):
    before = db_state()

    response = call(
        client_for(personas.buyer_admin),
        "put",
        f"{API}/organisations/{personas.buyer.pk}/members/{personas.evaluator.pk}",
        {"roles": []},
    )

    assert response.status_code == 400
    assert response.json() == field_error("roles", "Choose at least one role.")
    assert db_state() == before


def test_member_roles_demoting_the_last_admin_is_400_and_saves_nothing(personas, client_for):
    before = db_state()

    response = call(
        client_for(personas.buyer_admin),
        "put",
        f"{API}/organisations/{personas.buyer.pk}/members/{personas.buyer_admin.pk}",
        {"roles": ["procurement_officer"]},
    )

    assert response.status_code == 400
    assert response.json() == field_error(
        "roles",
        "Agnes Admin is the organisation's only administrator. Make someone else "
        "administrator first.",
    )
    assert db_state() == before


def test_member_roles_demoting_the_last_admin_is_refused_for_the_platform_admin_too(
    personas, client_for
):
    before = db_state()

    response = call(
        client_for(personas.platform_admin),
        "put",
        f"{API}/organisations/{personas.provider_a.pk}/members/{personas.provider_a_author.pk}",
        {"roles": ["tender_author"]},
    )

    assert response.status_code == 400
    assert response.json()["error"]["details"][0]["field"] == "roles"
    assert db_state() == before


def test_member_roles_demoting_one_of_two_admins_is_allowed(personas, client_for):
    add_member(personas.procurement_officer, personas.buyer, Role.ADMIN)

    response = call(
        client_for(personas.procurement_officer),
        "put",
        f"{API}/organisations/{personas.buyer.pk}/members/{personas.buyer_admin.pk}",
        {"roles": ["viewer"]},
    )

    assert response.status_code == 200
    assert response.json() == member_json(personas.buyer_admin, ["viewer"])
    assert roles_of(personas.buyer_admin, personas.buyer) == ["viewer"]


def test_member_roles_of_an_admin_demoted_takes_effect_on_the_next_request(personas, client_for):
    add_member(personas.procurement_officer, personas.buyer, Role.ADMIN)
    demoted = client_for(personas.buyer_admin)

    call(
        client_for(personas.procurement_officer),
        "put",
        f"{API}/organisations/{personas.buyer.pk}/members/{personas.buyer_admin.pk}",
        {"roles": ["viewer"]},
    )
    response = call(demoted, "get", f"{API}/organisations/{personas.buyer.pk}/invitations")

    assert response.status_code == 403


# --- DELETE /organisations/{id}/members/{user_id} ---------------------------------------------


def test_member_remove_by_admin_deletes_the_membership_and_records_it(personas, client_for):
    since = last_event_id()

    response = call(
        client_for(personas.buyer_admin),
        "delete",
        f"{API}/organisations/{personas.buyer.pk}/members/{personas.panel_chair.pk}",
    )

    assert response.status_code == 204
    assert response.content == b""
    assert roles_of(personas.panel_chair, personas.buyer) == []
    assert events_since(since) == [
        (
            "membership.removed",
            personas.buyer_admin.pk,
            personas.buyer.pk,
            "accounts.user",
            str(personas.panel_chair.pk),
            {"email": "chair@ekby.se", "roles": ["panel_chair", "evaluator"]},
        )
    ]


def test_member_remove_keeps_the_persons_other_memberships(personas, client_for):
    add_member(personas.evaluator, personas.other_buyer, Role.EVALUATOR)

    response = call(
        client_for(personas.buyer_admin),
        "delete",
        f"{API}/organisations/{personas.buyer.pk}/members/{personas.evaluator.pk}",
    )

    assert response.status_code == 204
    assert roles_of(personas.evaluator, personas.buyer) == []
    assert roles_of(personas.evaluator, personas.other_buyer) == ["evaluator"]


def test_member_remove_of_the_last_admin_is_400_and_saves_nothing(personas, client_for):
    before = db_state()

    response = call(
        client_for(personas.provider_a_author),
        "delete",
        f"{API}/organisations/{personas.provider_a.pk}/members/{personas.provider_a_author.pk}",
    )

    assert response.status_code == 400
    message = (
        "Anton Anbud is the organisation's only administrator and cannot be removed. "
        "Make someone else administrator first."
    )
    assert response.json() == error(400, "invalid", message, [("", message)])
    assert db_state() == before


def test_member_remove_of_one_of_two_admins_is_allowed(personas, client_for):
    add_member(personas.evaluator, personas.buyer, Role.ADMIN)

    response = call(
        client_for(personas.buyer_admin),
        "delete",
        f"{API}/organisations/{personas.buyer.pk}/members/{personas.buyer_admin.pk}",
    )

    assert response.status_code == 204
    assert roles_of(personas.buyer_admin, personas.buyer) == []


def test_member_remove_of_a_non_member_is_404(personas, client_for):
    before = db_state()

    response = call(
        client_for(personas.buyer_admin),
        "delete",
        f"{API}/organisations/{personas.buyer.pk}/members/{personas.other_buyer_officer.pk}",
    )

    assert response.status_code == 404
    assert response.json() == error(404, "not_found", MSG_NOT_FOUND)
    assert db_state() == before


# --- GET /organisations/{id}/invitations ------------------------------------------------------


def test_invitations_list_shows_the_admin_every_status_newest_first(
    personas, client_for, frozen_clock
):
    buyer, admin = personas.buyer, personas.buyer_admin
    accepted = Invitation.objects.create(
        organisation=buyer,
        email="accepted@ekby.se",
        roles=["viewer"],
        invited_by=admin,
        created_at=NOW - timedelta(days=3),
        accepted_at=NOW - timedelta(days=2),
        accepted_by=personas.buyer_viewer,
    )
    revoked = Invitation.objects.create(
        organisation=buyer,
        email="revoked@ekby.se",
        roles=["evaluator"],
        invited_by=admin,
        created_at=NOW - timedelta(days=2),
        revoked_at=NOW - timedelta(days=1),
    )
    pending = Invitation.objects.create(
        organisation=buyer,
        email="pending@ekby.se",
        roles=["panel_chair", "evaluator"],
        invited_by=admin,
        created_at=NOW,
    )
    Invitation.objects.create(  # another organisation's: never listed here
        organisation=personas.other_buyer, email="x@grannby.se", roles=["viewer"], created_at=NOW
    )

    response = call(client_for(admin), "get", f"{API}/organisations/{buyer.pk}/invitations")

    assert response.status_code == 200
    assert response.json() == [
        {
            "id": pending.pk,
            "email": "pending@ekby.se",
            "roles": ["panel_chair", "evaluator"],
            "created_at": NOW_JSON,
            "expires_at": EXPIRES_JSON,
            "status": "pending",
        },
        {
            "id": revoked.pk,
            "email": "revoked@ekby.se",
            "roles": ["evaluator"],
            "created_at": "2026-02-28T09:30:00Z",
            "expires_at": "2026-03-14T09:30:00Z",
            "status": "revoked",
        },
        {
            "id": accepted.pk,
            "email": "accepted@ekby.se",
            "roles": ["viewer"],
            "created_at": "2026-02-27T09:30:00Z",
            "expires_at": "2026-03-13T09:30:00Z",
            "status": "accepted",
        },
    ]


def test_invitations_list_is_visible_to_the_platform_admin(
    personas, client_for, pending_invitation
):
    response = call(
        client_for(personas.platform_admin),
        "get",
        f"{API}/organisations/{personas.buyer.pk}/invitations",
    )

    assert response.status_code == 200
    assert [i["id"] for i in response.json()] == [pending_invitation.pk]


# --- POST /organisations/{id}/invitations -----------------------------------------------------


def test_invitation_create_by_admin_saves_records_and_sends_one_email(
    personas, client_for, mailoutbox, django_capture_on_commit_callbacks, frozen_clock
):
    since = last_event_id()

    with django_capture_on_commit_callbacks(execute=True):
        response = call(
            client_for(personas.buyer_admin),
            "post",
            f"{API}/organisations/{personas.buyer.pk}/invitations",
            {"email": " Anna.Berg@Ekby.se ", "roles": ["evaluator", "panel_chair"]},
        )

    assert response.status_code == 201
    invitation = Invitation.objects.get(organisation=personas.buyer)
    assert response.json() == {
        "id": invitation.pk,
        "email": "anna.berg@ekby.se",
        "roles": ["panel_chair", "evaluator"],
        "created_at": NOW_JSON,
        "expires_at": EXPIRES_JSON,
        "status": "pending",
    }
    assert invitation.invited_by == personas.buyer_admin
    assert not User.objects.filter(email__iexact="anna.berg@ekby.se").exists()  # not until accepted
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["anna.berg@ekby.se"]
    assert invitation_url(invitation) in mailoutbox[0].body
    assert events_since(since) == [
        (
            "invitation.created",
            personas.buyer_admin.pk,
            personas.buyer.pk,
            "accounts.invitation",
            str(invitation.pk),
            {"email": "anna.berg@ekby.se", "roles": ["panel_chair", "evaluator"]},
        )
    ]


def test_invitation_create_of_an_existing_user_elsewhere_is_allowed(
    personas, client_for, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        response = call(
            client_for(personas.buyer_admin),
            "post",
            f"{API}/organisations/{personas.buyer.pk}/invitations",
            {"email": personas.other_buyer_officer.email, "roles": ["viewer"]},
        )

    assert response.status_code == 201
    assert response.json()["status"] == "pending"
    assert roles_of(personas.other_buyer_officer, personas.buyer) == []  # not until accepted
    assert len(mailoutbox) == 1


@pytest.mark.parametrize("email", ["evaluator@ekby.se", "EVALUATOR@Ekby.se"])
def test_invitation_create_for_an_existing_member_is_400_and_saves_nothing(
    personas, client_for, mailoutbox, django_capture_on_commit_callbacks, email
):
    before = db_state()

    with django_capture_on_commit_callbacks(execute=True):
        response = call(
            client_for(personas.buyer_admin),
            "post",
            f"{API}/organisations/{personas.buyer.pk}/invitations",
            {"email": email, "roles": ["viewer"]},
        )

    assert response.status_code == 400
    assert response.json() == field_error(
        "email", "evaluator@ekby.se is already a member of this organisation."
    )
    assert db_state() == before
    assert mailoutbox == []


@pytest.mark.parametrize("email", ["new.person@ekby.se", "New.Person@EKBY.se"])
def test_invitation_create_while_one_is_pending_is_400_and_saves_nothing(
    personas, client_for, pending_invitation, mailoutbox, django_capture_on_commit_callbacks, email
):
    before = db_state()

    with django_capture_on_commit_callbacks(execute=True):
        response = call(
            client_for(personas.buyer_admin),
            "post",
            f"{API}/organisations/{personas.buyer.pk}/invitations",
            {"email": email, "roles": ["viewer"]},
        )

    assert response.status_code == 400
    assert response.json() == field_error(
        "email",
        "An invitation to new.person@ekby.se is already waiting. Withdraw it first if you "
        "want to send a new one.",
    )
    assert db_state() == before
    assert mailoutbox == []


def test_invitation_create_after_the_pending_one_was_revoked_is_allowed(
    personas, client_for, pending_invitation, django_capture_on_commit_callbacks
):
    client = client_for(personas.buyer_admin)
    org = f"{API}/organisations/{personas.buyer.pk}"

    revoked = call(client, "delete", f"{org}/invitations/{pending_invitation.pk}")
    with django_capture_on_commit_callbacks(execute=True):
        again = call(
            client,
            "post",
            f"{org}/invitations",
            {"email": "new.person@ekby.se", "roles": ["viewer"]},
        )

    assert revoked.status_code == 204
    assert again.status_code == 201
    assert again.json()["id"] != pending_invitation.pk
    assert again.json()["status"] == "pending"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            {"email": "anna@ekby.se", "roles": ["tender_author"]},
            field_error("roles", "Roles not available in this organisation: tender_author"),
        ),
        (
            {"email": "anna@ekby.se", "roles": []},
            field_error("roles", "Choose at least one role."),
        ),
        (
            {"email": "anna@", "roles": ["viewer"]},
            field_error("email", "Enter a valid e-mail address."),
        ),
        (
            {"email": "", "roles": ["viewer"]},
            field_error("email", "Enter a valid e-mail address."),
        ),
    ],
)
def test_invitation_create_with_bad_values_is_400_and_saves_nothing(
    personas, client_for, mailoutbox, django_capture_on_commit_callbacks, body, expected
):
    before = db_state()

    with django_capture_on_commit_callbacks(execute=True):
        response = call(
            client_for(personas.buyer_admin),
            "post",
            f"{API}/organisations/{personas.buyer.pk}/invitations",
            body,
        )

    assert response.status_code == 400
    assert response.json() == expected
    assert db_state() == before
    assert mailoutbox == []


def test_invitation_create_of_a_buyer_role_in_a_provider_is_400(personas, client_for):
    before = db_state()

    response = call(
        client_for(personas.provider_a_author),
        "post",
        f"{API}/organisations/{personas.provider_a.pk}/invitations",
        {"email": "anna@omsorg-a.se", "roles": ["evaluator"]},
    )

    assert response.status_code == 400
    assert response.json() == field_error(
        "roles", "Roles not available in this organisation: evaluator"
    )
    assert db_state() == before


def test_invitation_create_with_an_unknown_role_is_422_and_saves_nothing(personas, client_for):
    before = db_state()

    response = call(
        client_for(personas.buyer_admin),
        "post",
        f"{API}/organisations/{personas.buyer.pk}/invitations",
        {"email": "anna@ekby.se", "roles": ["boss"]},
    )

    assert response.status_code == 422
    body = response.json()["error"]
    assert (body["status"], body["code"], body["message"]) == (422, "invalid", MSG_INVALID)
    assert [d["field"] for d in body["details"]] == ["roles.0"]
    assert db_state() == before


def test_invitation_create_by_an_evaluator_is_403_and_sends_nothing(
    personas, client_for, mailoutbox, django_capture_on_commit_callbacks
):
    before = db_state()

    with django_capture_on_commit_callbacks(execute=True):
        response = call(
            client_for(personas.evaluator),
            "post",
            f"{API}/organisations/{personas.buyer.pk}/invitations",
            {"email": "friend@ekby.se", "roles": ["admin"]},
        )

    assert response.status_code == 403
    assert response.json() == error(403, "forbidden", MSG_FORBIDDEN)
    assert db_state() == before
    assert mailoutbox == []


# --- DELETE /organisations/{id}/invitations/{invitation_id} -----------------------------------


def test_invitation_revoke_by_admin_marks_it_revoked_and_records_it(
    personas, client_for, pending_invitation
):
    client = client_for(personas.buyer_admin)
    org = f"{API}/organisations/{personas.buyer.pk}"
    since = last_event_id()

    response = call(client, "delete", f"{org}/invitations/{pending_invitation.pk}")

    assert response.status_code == 204
    pending_invitation.refresh_from_db()
    assert pending_invitation.revoked_at == NOW
    assert events_since(since) == [
        (
            "invitation.revoked",
            personas.buyer_admin.pk,
            personas.buyer.pk,
            "accounts.invitation",
            str(pending_invitation.pk),
            {"email": "new.person@ekby.se"},
        )
    ]
    assert [i["status"] for i in call(client, "get", f"{org}/invitations").json()] == ["revoked"]


def test_invitation_revoke_twice_is_400_and_changes_nothing(
    personas, client_for, pending_invitation
):
    client = client_for(personas.buyer_admin)
    path = f"{API}/organisations/{personas.buyer.pk}/invitations/{pending_invitation.pk}"
    call(client, "delete", path)
    before = db_state()

    response = call(client, "delete", path)

    assert response.status_code == 400
    message = "This invitation is no longer waiting."
    assert response.json() == error(400, "invalid", message, [("", message)])
    assert db_state() == before


def test_invitation_revoke_through_another_organisation_is_404(
    personas, client_for, pending_invitation
):
    before = db_state()

    response = call(
        client_for(personas.other_buyer_officer),
        "delete",
        f"{API}/organisations/{personas.other_buyer.pk}/invitations/{pending_invitation.pk}",
    )

    assert response.status_code == 404
    assert response.json() == error(404, "not_found", MSG_NOT_FOUND)
    assert db_state() == before


# --- OpenAPI ----------------------------------------------------------------------------------


def test_openapi_schema_is_valid_json_listing_every_endpoint(db):
    response = Client().get(f"{API}/openapi.json")

    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "rodtrad API"
    expected = {
        f"{API}/me": {"get"},
        f"{API}/organisations": {"get", "post"},
        f"{API}/organisations/{{organisation_id}}": {"get", "patch"},
        f"{API}/organisations/{{organisation_id}}/members": {"get"},
        f"{API}/organisations/{{organisation_id}}/members/{{user_id}}": {"put", "delete"},
        f"{API}/organisations/{{organisation_id}}/invitations": {"get", "post"},
        f"{API}/organisations/{{organisation_id}}/invitations/{{invitation_id}}": {"delete"},
    }
    for path, methods in expected.items():
        assert path in schema["paths"], path
        assert methods <= set(schema["paths"][path]), path


def test_openapi_schema_documents_both_ways_to_authenticate_and_the_error_format(db):
    schema = Client().get(f"{API}/openapi.json").json()

    schemes = schema["components"]["securitySchemes"]
    assert {"type": "http", "scheme": "bearer"}.items() <= schemes["TokenAuth"].items()
    assert {"type": "apiKey", "in": "cookie"}.items() <= schemes["SessionAuth"].items()
    not_found = schema["paths"][f"{API}/organisations/{{organisation_id}}"]["get"]["responses"]
    assert not_found["404"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ErrorOut"
    }
    assert set(schema["components"]["schemas"]["ErrorBody"]["properties"]) == {
        "status",
        "code",
        "message",
        "details",
    }


def test_unknown_api_paths_answer_in_the_error_format(client, db):
    response = client.get("/api/v1/no-such-thing", headers={"Accept-Language": "en"})
    assert response.status_code == 404
    assert response.json() == {
        "error": {
            "status": 404,
            "code": "not_found",
            "message": "Not found, or you may not see it.",
            "details": [],
        }
    }


def test_an_administrator_requires_two_step_verification_of_every_member(personas, client_for):
    since = AuditEvent.objects.count()

    response = call(
        client_for(personas.buyer_admin),
        "patch",
        f"{API}/organisations/{personas.buyer.pk}",
        {"require_two_factor": True},
    )

    assert response.status_code == 200
    assert response.json()["require_two_factor"] is True
    personas.buyer.refresh_from_db()
    assert personas.buyer.require_two_factor
    event = AuditEvent.objects.filter(action="organisation.updated").get()
    assert event.id > since
    assert event.data == {
        "before": {
            "name": personas.buyer.name,
            "organisation_number": personas.buyer.organisation_number,
            "require_two_factor": False,
        },
        "after": {
            "name": personas.buyer.name,
            "organisation_number": personas.buyer.organisation_number,
            "require_two_factor": True,
        },
    }
