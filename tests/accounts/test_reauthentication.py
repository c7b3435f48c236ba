"""Re-authentication before the sensitive actions: opening tenders, revealing prices, signing
the award decision, exporting the archive, and creating a token that may do them."""

from __future__ import annotations

from datetime import timedelta

import pytest

from rodtrad.accounts import totp, two_factor
from rodtrad.accounts.actor import Actor
from rodtrad.api.models import ApiToken
from rodtrad.api.tokens import create_token
from rodtrad.audit.models import AuditEvent
from rodtrad.common import clock
from rodtrad.tenders.models import Opening
from tests.factories import PASSWORD
from tests.procurements.factories import english_users  # noqa: F401  (a fixture)
from tests.tenders.buyer_helpers import pass_deadline, submitted

pytestmark = pytest.mark.usefixtures("english_users")


MAX_AGE = 600


@pytest.fixture(autouse=True)
def _ten_minutes(settings):
    settings.REAUTHENTICATION_MAX_AGE = MAX_AGE


def _later(seconds: int = MAX_AGE + 60) -> None:
    clock.freeze(clock.now() + timedelta(seconds=seconds))


def _opening_url(procurement, what: str = "") -> str:
    return f"/procurements/{procurement.pk}/opening/{what}"


def test_a_fresh_login_may_open_a_stale_one_confirms_first(personas, client_for):
    procurement, _tenders = submitted(personas, 2)
    pass_deadline(procurement)
    officer = client_for(personas.procurement_officer)  # logs in now
    assert officer.post(_opening_url(procurement, "start/")).status_code == 302
    assert Opening.objects.count() == 1
    Opening.objects.all().delete()

    _later()
    page = _opening_url(procurement)
    stale = officer.post(
        _opening_url(procurement, "start/"), HTTP_REFERER=f"http://testserver{page}"
    )
    refused_meanwhile = not Opening.objects.exists()
    prompt = officer.get(stale["Location"]).content.decode()
    wrong = officer.post(stale["Location"], {"password": "not-it", "next": page})
    confirmed = officer.post(stale["Location"], {"password": PASSWORD, "next": page})
    again = officer.post(_opening_url(procurement, "start/"))

    assert stale.status_code == 302, stale.content
    assert stale["Location"].startswith("/accounts/confirm/?next="), stale["Location"]
    assert refused_meanwhile  # nothing happened before the confirmation
    assert "Confirm it is you" in prompt
    assert wrong.status_code == 400
    assert "The password is wrong" in wrong.content.decode()
    assert confirmed["Location"] == page
    assert again.status_code == 302 and Opening.objects.count() == 1
    assert AuditEvent.objects.filter(action="user.reauthenticated").count() == 1


def test_the_confirmation_asks_for_the_code_of_a_person_with_an_app(personas, client_for):
    secret = totp.new_secret()
    two_factor.enrol(
        user=personas.procurement_officer,
        secret=secret,
        code=totp.code_for_step(secret, totp.step_at(clock.now())),
    )
    client = client_for(personas.procurement_officer)

    form = client.get("/accounts/confirm/?next=/").content.decode()
    without_code = client.post("/accounts/confirm/", {"password": PASSWORD, "next": "/"})
    _later(60)
    code = totp.code_for_step(secret, totp.step_at(clock.now()))
    with_code = client.post("/accounts/confirm/", {"password": PASSWORD, "code": code, "next": "/"})

    assert 'name="code"' in form
    assert without_code.status_code == 400
    assert with_code["Location"] == "/"


def test_the_confirmation_never_sends_the_person_to_another_site(personas, client_for):
    client = client_for(personas.procurement_officer)
    response = client.post(
        "/accounts/confirm/", {"password": PASSWORD, "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_someone_without_the_right_gets_the_usual_answer_not_the_prompt(personas, client_for):
    procurement, _tenders = submitted(personas, 2)
    pass_deadline(procurement)
    _later()
    response = client_for(personas.provider_b_author).post(_opening_url(procurement, "start/"))
    assert response.status_code == 404


def test_a_stale_archive_download_asks_to_confirm_and_comes_back(personas, client_for):
    procurement, _tenders = submitted(personas, 2)
    client = client_for(personas.buyer_admin)
    _later()

    response = client.get(f"/procurements/{procurement.pk}/archive.zip")

    assert response.status_code == 302
    assert response["Location"] == (
        f"/accounts/confirm/?next=%2Fprocurements%2F{procurement.pk}%2Farchive.zip"
    )
    assert not AuditEvent.objects.filter(action="procurement.archived").exists()


def test_the_api_refuses_a_stale_session_and_an_ordinary_token(personas, client_for):
    procurement, _tenders = submitted(personas, 2)
    pass_deadline(procurement)
    url = f"/api/v1/procurements/{procurement.pk}/opening/start"
    session = client_for(personas.procurement_officer)
    _later()
    _token, ordinary = create_token(
        actor=Actor.for_user(personas.procurement_officer),
        organisation=personas.buyer,
        name="ordinary",
    )
    _token, sensitive = create_token(
        actor=Actor.for_user(personas.procurement_officer),
        organisation=personas.buyer,
        name="sensitive",
        sensitive=True,
    )

    by_session = session.post(url, HTTP_X_CSRFTOKEN="x")
    by_ordinary = session.__class__().post(url, headers={"Authorization": f"Bearer {ordinary}"})
    by_sensitive = session.__class__().post(url, headers={"Authorization": f"Bearer {sensitive}"})

    assert by_session.status_code == 403
    assert by_session.json()["error"]["code"] == "reauthentication_required"
    assert by_ordinary.status_code == 403
    assert by_ordinary.json()["error"]["code"] == "reauthentication_required"
    assert by_sensitive.status_code == 200
    assert Opening.objects.count() == 1


def test_a_token_for_sensitive_actions_needs_a_recent_login(personas, client_for):
    client = client_for(personas.procurement_officer)
    _later()
    form = {"name": "Records", "organisation": personas.buyer.pk, "valid_days": 30}

    ordinary = client.post("/api-tokens/", form)
    sensitive = client.post("/api-tokens/", {**form, "name": "Archive", "sensitive": "on"})

    assert ordinary.status_code == 302
    assert sensitive["Location"].startswith("/accounts/confirm/")
    assert list(ApiToken.objects.values_list("name", "sensitive")) == [("Records", False)]
