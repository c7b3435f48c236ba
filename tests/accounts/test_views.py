"""Views of accounts and organisations: who may see and do what, and what they see."""

import re

import pytest
from django.core import mail
from django.test import Client

from rodtrad.accounts import services
from rodtrad.accounts.invitations import make_token
from rodtrad.accounts.middleware import CURRENT_ORGANISATION_SESSION_KEY
from rodtrad.accounts.models import Invitation, Membership, User
from rodtrad.accounts.roles import Role
from rodtrad.audit.models import AuditEvent
from tests.factories import PASSWORD


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


# --- the organisation page ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("buyer_admin", 200),
        ("evaluator", 200),
        ("platform_admin", 200),
        ("provider_a_author", 404),
        ("stranger", 404),
    ],
)
def test_organisation_page_permissions(personas, client_for, persona, status):
    response = client_for(getattr(personas, persona)).get(f"/organisations/{personas.buyer.pk}/")
    assert response.status_code == status
    if status == 200:
        assert "Olle Upphandlare" in _text(response)


def test_organisation_page_needs_login(personas, client):
    response = client.get(f"/organisations/{personas.buyer.pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_organisation_page_shows_invite_form_only_to_admins(personas, client_for):
    admin_page = _text(client_for(personas.buyer_admin).get(f"/organisations/{personas.buyer.pk}/"))
    member_page = _text(client_for(personas.evaluator).get(f"/organisations/{personas.buyer.pk}/"))
    assert "Skicka inbjudan" in admin_page and "Ändra roller" in admin_page
    assert "Skicka inbjudan" not in member_page and "Ändra roller" not in member_page


@pytest.mark.parametrize(
    ("persona", "status"),
    [("buyer_admin", 200), ("platform_admin", 200), ("evaluator", 403), ("stranger", 404)],
)
def test_management_pages_permissions(personas, client_for, persona, status):
    client = client_for(getattr(personas, persona))
    org, member = personas.buyer.pk, personas.evaluator.pk
    for url in (
        f"/organisations/{org}/edit/",
        f"/organisations/{org}/invite/",
        f"/organisations/{org}/members/{member}/roles/",
        f"/organisations/{org}/members/{member}/remove/",
        f"/organisations/{org}/events/",
    ):
        assert client.get(url).status_code == status, url


def test_member_of_another_organisation_is_404_on_member_pages(personas, client_for):
    client = client_for(personas.buyer_admin)
    url = f"/organisations/{personas.buyer.pk}/members/{personas.provider_a_author.pk}/roles/"
    assert client.get(url).status_code == 404


# --- inviting ----------------------------------------------------------------------------------


def test_invite_by_form_post_sends_mail_and_redirects(
    personas, client_for, mailoutbox, django_capture_on_commit_callbacks
):
    client = client_for(personas.buyer_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/organisations/{personas.buyer.pk}/invite/",
            {"email": "ny@ekby.se", "roles": [Role.EVALUATOR]},
        )
    assert response.status_code == 302
    assert Invitation.objects.get().email == "ny@ekby.se"
    assert [m.to for m in mailoutbox] == [["ny@ekby.se"]]
    page = _text(client.get(response["Location"]))
    assert "En inbjudan skickades till ny@ekby.se." in page
    assert "ny@ekby.se" in page


def test_invite_with_htmx_returns_the_section_with_errors_linked(personas, client_for):
    response = client_for(personas.buyer_admin).post(
        f"/organisations/{personas.buyer.pk}/invite/",
        {"email": "evaluator@ekby.se", "roles": [Role.EVALUATOR]},
        headers={"HX-Request": "true"},
    )
    page = _text(response)
    assert page.lstrip().startswith('<section id="invitations"')
    assert "evaluator@ekby.se är redan medlem i organisationen." in page
    assert 'href="#id_email"' in page
    assert 'aria-invalid="true"' in page
    assert Invitation.objects.count() == 0


def test_invite_without_roles_says_so(personas, client_for):
    response = client_for(personas.buyer_admin).post(
        f"/organisations/{personas.buyer.pk}/invite/", {"email": "x@ekby.se"}
    )
    assert response.status_code == 200
    assert "Välj minst en roll." in _text(response)


def test_revoke_invitation(personas, client_for, actor_for):
    invitation = services.invite_member(
        actor=actor_for(personas.buyer_admin),
        organisation=personas.buyer,
        email="x@ekby.se",
        roles=[Role.VIEWER],
    )
    url = f"/organisations/{personas.buyer.pk}/invitations/{invitation.pk}/revoke/"
    assert client_for(personas.evaluator).post(url).status_code == 403
    assert client_for(personas.other_buyer_officer).post(url).status_code == 404
    assert client_for(personas.buyer_admin).get(url).status_code == 405
    assert client_for(personas.buyer_admin).post(url).status_code == 302
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None


def _invitation(personas, actor_for, email="nina@ekby.se"):
    return services.invite_member(
        actor=actor_for(personas.buyer_admin),
        organisation=personas.buyer,
        email=email,
        roles=[Role.EVALUATOR],
    )


def test_invitation_link_lets_a_new_person_register(personas, actor_for, client):
    invitation = _invitation(personas, actor_for)
    url = f"/invitations/{make_token(invitation)}/"
    assert "Skapa ditt konto för nina@ekby.se" in _text(client.get(url))
    response = client.post(
        url,
        {
            "full_name": "Nina Ny",
            "password1": "ett-bra-lösenord-1",
            "password2": "ett-bra-lösenord-1",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="nina@ekby.se")
    assert client.session[CURRENT_ORGANISATION_SESSION_KEY] == personas.buyer.pk
    assert int(client.session["_auth_user_id"]) == user.pk
    assert "Välkommen till rodtrad och till Ekby kommun." in _text(client.get("/"))


def test_invitation_register_errors_are_shown_and_nothing_saved(personas, actor_for, client):
    invitation = _invitation(personas, actor_for)
    response = client.post(
        f"/invitations/{make_token(invitation)}/",
        {"full_name": "Nina", "password1": "ett-bra-lösenord-1", "password2": "annat-lösenord-22"},
    )
    assert response.status_code == 200
    assert "Lösenorden är inte lika." in _text(response)
    assert not User.objects.filter(email="nina@ekby.se").exists()


def test_expired_invitation_explains_itself(personas, actor_for, client, settings):
    import datetime

    from rodtrad.common import clock

    invitation = _invitation(personas, actor_for)
    clock.advance(datetime.timedelta(seconds=settings.INVITATION_MAX_AGE + 1))
    response = client.get(f"/invitations/{make_token(invitation)}/")
    assert response.status_code == 410
    page = _text(response)
    assert "Inbjudan till Ekby kommun har gått ut." in page
    assert "admin@ekby.se" in page  # who to ask for a new one


def test_invalid_invitation_link_is_404_with_a_message(client, db):
    response = client.get("/invitations/not-a-real-token/")
    assert response.status_code == 404
    assert "Länken är inte giltig" in _text(response)


def test_invitation_for_an_existing_account_asks_to_log_in_then_accepts(
    personas, actor_for, client_for, client
):
    invitation = _invitation(personas, actor_for, email=personas.provider_a_author.email)
    url = f"/invitations/{make_token(invitation)}/"
    assert "Logga in för att tacka ja" in _text(client.get(url))
    author = client_for(personas.provider_a_author)
    assert "Tacka ja till inbjudan" in _text(author.get(url))
    assert author.post(url).status_code == 302
    assert set(
        Membership.objects.filter(user=personas.provider_a_author).values_list(
            "organisation", "role"
        )
    ) >= {(personas.buyer.pk, Role.EVALUATOR)}


def test_invitation_opened_by_another_logged_in_user_is_refused(personas, actor_for, client_for):
    invitation = _invitation(personas, actor_for)
    response = client_for(personas.stranger).post(f"/invitations/{make_token(invitation)}/")
    assert response.status_code == 403
    assert "men du är inloggad som stranger@example.se" in _text(response)
    invitation.refresh_from_db()
    assert invitation.is_pending


# --- roles and removal ---------------------------------------------------------------------------


def test_change_roles_by_form(personas, client_for):
    url = f"/organisations/{personas.buyer.pk}/members/{personas.evaluator.pk}/roles/"
    response = client_for(personas.buyer_admin).post(
        url, {"roles": [Role.EVALUATOR, Role.PANEL_CHAIR]}
    )
    assert response.status_code == 302
    assert set(
        Membership.objects.filter(user=personas.evaluator).values_list("role", flat=True)
    ) == {Role.EVALUATOR, Role.PANEL_CHAIR}


def test_demoting_the_last_admin_shows_the_reason(personas, client_for):
    url = f"/organisations/{personas.buyer.pk}/members/{personas.buyer_admin.pk}/roles/"
    response = client_for(personas.buyer_admin).post(url, {"roles": [Role.VIEWER]})
    assert response.status_code == 200
    assert "Agnes Admin är organisationens enda administratör" in _text(response)
    assert Membership.objects.filter(user=personas.buyer_admin, role=Role.ADMIN).exists()


def test_removing_the_last_admin_is_refused_with_a_message(personas, client_for):
    url = f"/organisations/{personas.buyer.pk}/members/{personas.buyer_admin.pk}/remove/"
    response = client_for(personas.buyer_admin).post(url)
    assert response.status_code == 400
    assert "enda administratör och kan inte tas bort" in _text(response)
    assert Membership.objects.filter(user=personas.buyer_admin).exists()


def test_remove_member(personas, client_for):
    url = f"/organisations/{personas.buyer.pk}/members/{personas.evaluator.pk}/remove/"
    assert client_for(personas.buyer_admin).post(url).status_code == 302
    assert not Membership.objects.filter(user=personas.evaluator).exists()


# --- organisations -------------------------------------------------------------------------------


def test_organisation_list_shows_only_own_organisations(personas, client_for):
    page = _text(client_for(personas.provider_a_author).get("/organisations/"))
    assert "Omsorg A AB" in page
    assert "Ekby kommun" not in page and "Omsorg B AB" not in page
    everything = _text(client_for(personas.platform_admin).get("/organisations/"))
    assert all(name in everything for name in ("Ekby kommun", "Omsorg A AB", "Omsorg B AB"))


def test_register_organisation_is_for_platform_admins(personas, client_for):
    assert client_for(personas.buyer_admin).get("/organisations/new/").status_code == 403
    client = client_for(personas.platform_admin)
    bad = client.post(
        "/organisations/new/",
        {"name": "Söderby kommun", "organisation_number": "212000-0143", "kind": "buyer"},
    )
    assert bad.status_code == 200
    assert "Kontrollsiffran stämmer inte" in _text(bad)
    good = client.post(
        "/organisations/new/",
        {"name": "Söderby kommun", "organisation_number": "212000-0142", "kind": "buyer"},
    )
    assert good.status_code == 302


def test_edit_organisation(personas, client_for):
    response = client_for(personas.buyer_admin).post(
        f"/organisations/{personas.buyer.pk}/edit/",
        {"name": "Ekby kommun (ny)", "organisation_number": personas.buyer.organisation_number},
    )
    assert response.status_code == 302
    personas.buyer.refresh_from_db()
    assert personas.buyer.name == "Ekby kommun (ny)"


# --- start page, switching, language, profile ----------------------------------------------------


def test_start_page_lists_organisations_and_actions(personas, client_for):
    from tests.factories import add_member

    add_member(personas.buyer_admin, personas.provider_b, Role.VIEWER)
    page = _text(client_for(personas.buyer_admin).get("/"))
    assert "Ekby kommun" in page and "Omsorg B AB" in page
    assert page.count("Bjud in en person") == 1  # admin only in Ekby
    assert "Händelselogg" in page


def test_anonymous_start_page_is_the_landing_page(client, db):
    page = _text(client.get("/"))
    assert "En röd tråd från förberedelse till år av partnerskap" in page


def test_switch_organisation(personas, client_for):
    from tests.factories import add_member

    add_member(personas.buyer_admin, personas.provider_b, Role.VIEWER)
    client = client_for(personas.buyer_admin)
    response = client.post(
        "/organisations/switch/", {"organisation": personas.provider_b.pk, "next": "/"}
    )
    assert response.status_code == 302
    assert client.session[CURRENT_ORGANISATION_SESSION_KEY] == personas.provider_b.pk
    refused = client.post("/organisations/switch/", {"organisation": personas.buyer.pk + 999})
    assert refused.status_code == 302
    assert client.session[CURRENT_ORGANISATION_SESSION_KEY] == personas.provider_b.pk


def test_switch_organisation_ignores_an_external_next(personas, client_for):
    response = client_for(personas.buyer_admin).post(
        "/organisations/switch/",
        {"organisation": personas.buyer.pk, "next": "https://evil.example/"},
    )
    assert response["Location"] == "/"


def test_language_switch_is_remembered_on_the_account(personas, client_for):
    client = client_for(personas.evaluator)
    client.post("/accounts/language/", {"language": "en", "next": "/"})
    personas.evaluator.refresh_from_db()
    assert personas.evaluator.language == "en"
    page = client.get("/")
    assert page["Content-Language"] == "en"
    assert "Welcome, Eva" in _text(page)


def test_profile_update(personas, client_for):
    client = client_for(personas.evaluator)
    response = client.post("/accounts/profile/", {"full_name": "", "language": "sv"})
    assert "Detta fält måste fyllas i." in _text(response)
    response = client.post("/accounts/profile/", {"full_name": "Eva Ny", "language": "en"})
    assert response.status_code == 302
    personas.evaluator.refresh_from_db()
    assert (personas.evaluator.full_name, personas.evaluator.language) == ("Eva Ny", "en")


# --- login, throttling, password reset -----------------------------------------------------------


def test_login_and_audit(personas):
    client = Client()
    response = client.post(
        "/accounts/login/", {"username": "evaluator@ekby.se", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="user.logged_in", actor=personas.evaluator).exists()


def test_wrong_password_gives_a_clear_message_and_is_recorded(personas):
    response = Client().post(
        "/accounts/login/", {"username": "evaluator@ekby.se", "password": "wrong"}
    )
    assert response.status_code == 200
    assert "E-postadressen eller lösenordet är fel." in _text(response)
    event = AuditEvent.objects.get(action="user.login_failed")
    assert event.data["email"] == "evaluator@ekby.se"


def test_repeated_failures_lock_the_account_for_every_address(personas, settings):
    for i in range(settings.AXES_FAILURE_LIMIT):
        Client(REMOTE_ADDR=f"10.0.0.{i}").post(
            "/accounts/login/", {"username": "evaluator@ekby.se", "password": "wrong"}
        )
    response = Client(REMOTE_ADDR="10.0.1.1").post(
        "/accounts/login/", {"username": "evaluator@ekby.se", "password": PASSWORD}
    )
    assert response.status_code == 429
    assert "Inloggning är spärrad" in _text(response)
    other = Client(REMOTE_ADDR="10.0.1.1").post(
        "/accounts/login/", {"username": "chair@ekby.se", "password": PASSWORD}
    )
    assert other.status_code == 302  # another account from a fresh address is unaffected


def test_repeated_failures_lock_the_address_for_every_account(personas, settings):
    for i in range(settings.AXES_FAILURE_LIMIT):
        Client(REMOTE_ADDR="10.9.9.9").post(
            "/accounts/login/", {"username": f"guess{i}@ekby.se", "password": "wrong"}
        )
    response = Client(REMOTE_ADDR="10.9.9.9").post(
        "/accounts/login/", {"username": "chair@ekby.se", "password": PASSWORD}
    )
    assert response.status_code == 429


def test_password_reset_sends_a_working_link(personas, client, mailoutbox):
    response = client.post("/accounts/password/reset/", {"email": "evaluator@ekby.se"})
    assert response.status_code == 302
    (message,) = mailoutbox
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/\S+/)", message.body).group(1)
    form_page = client.get(link, follow=True)
    assert "Välj ett nytt lösenord" in _text(form_page)
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "helt-nytt-lösenord-9", "new_password2": "helt-nytt-lösenord-9"},
    )
    assert done.status_code == 302
    personas.evaluator.refresh_from_db()
    assert personas.evaluator.check_password("helt-nytt-lösenord-9")


def test_password_reset_for_an_unknown_address_sends_nothing(db, client, mailoutbox):
    response = client.post("/accounts/password/reset/", {"email": "nobody@example.se"})
    assert response.status_code == 302  # the same answer, so addresses cannot be probed
    assert mailoutbox == []
    assert mail.outbox == []


def test_an_empty_post_shows_the_errors_instead_of_an_empty_form(personas, client_for):
    response = client_for(personas.buyer_admin).post(f"/organisations/{personas.buyer.pk}/invite/")
    assert response.status_code == 200
    assert "Det finns ett problem" in _text(response)
    assert "Detta fält måste fyllas i." in _text(response)
