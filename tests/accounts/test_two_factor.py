"""Two-step verification: the TOTP algorithm, the login's second step, enrolment, recovery
codes, who must use it, and an administrator's reset."""

from __future__ import annotations

import base64
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client

from rodtrad.accounts import totp, two_factor
from rodtrad.accounts.models import RecoveryCode, TwoFactorDevice, User
from rodtrad.accounts.roles import Role
from rodtrad.audit.models import AuditEvent
from rodtrad.common import clock
from tests.factories import PASSWORD, add_member
from tests.procurements.factories import english_users  # noqa: F401  (a fixture)

pytestmark = pytest.mark.usefixtures("english_users")
ENGLISH = {"Accept-Language": "en"}


NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _enforced(settings):
    settings.TWO_FACTOR_ENFORCED = True
    clock.freeze(NOW)


def _enrolled(user: User) -> tuple[str, list[str]]:
    secret = totp.new_secret()
    code = totp.code_for_step(secret, totp.step_at(clock.now()))
    return secret, two_factor.enrol(user=user, secret=secret, code=code)


def _code_after(secret: str, seconds: int) -> str:
    """Move the clock on (a code works once) and give the code of that moment."""
    clock.freeze(clock.now() + timedelta(seconds=seconds))
    return totp.code_for_step(secret, totp.step_at(clock.now()))


def _log_in(user: User, next_url: str = "") -> tuple[Client, object]:
    client = Client(headers=ENGLISH)
    response = client.post(
        "/accounts/login/", {"username": user.email, "password": PASSWORD, "next": next_url}
    )
    return client, response


# --- the algorithm -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("unix_time", "expected"),
    [
        (59, "94287082"),
        (1111111109, "07081804"),
        (1234567890, "89005924"),
        (2000000000, "69279037"),
    ],
)
def test_codes_match_the_rfc_6238_test_vectors(unix_time, expected):
    secret = base64.b32encode(b"12345678901234567890").decode()
    step = totp.step_at(datetime.fromtimestamp(unix_time, tz=UTC))
    assert totp.code_for_step(secret, step, digits=8) == expected


def test_a_code_is_accepted_one_step_either_side_and_only_once():
    secret = totp.new_secret()
    step = totp.step_at(NOW)
    for offset in (-1, 0, 1):
        code = totp.code_for_step(secret, step + offset)
        assert totp.matching_step(secret, code, now=NOW, after_step=None) == step + offset
    for offset in (-2, 2):
        code = totp.code_for_step(secret, step + offset)
        assert totp.matching_step(secret, code, now=NOW, after_step=None) is None
    code = totp.code_for_step(secret, step)
    assert totp.matching_step(secret, code, now=NOW, after_step=step) is None
    assert totp.matching_step(secret, "12345", now=NOW, after_step=None) is None
    assert totp.matching_step(secret, "abcdef", now=NOW, after_step=None) is None


def test_the_provisioning_address_names_the_issuer_and_the_account():
    uri = totp.provisioning_uri("ABCDEFGH", account="anna@ekby.se", issuer="rodtrad")
    assert uri.startswith("otpauth://totp/rodtrad%3Aanna%40ekby.se?")
    assert "secret=ABCDEFGH" in uri and "issuer=rodtrad" in uri


# --- who must use it -------------------------------------------------------------------------


def test_buyer_members_who_see_tenders_must_use_it_others_may(personas):
    for user in (
        personas.buyer_admin,
        personas.procurement_officer,
        personas.panel_chair,
        personas.evaluator,
    ):
        assert two_factor.is_required(user), user
    for user in (personas.buyer_viewer, personas.provider_a_author, personas.stranger):
        assert not two_factor.is_required(user), user
    assert two_factor.is_required(personas.platform_admin)


def test_an_organisation_can_require_it_of_every_member(personas, client_for):
    assert not two_factor.is_required(personas.provider_a_author)
    settings_page = client_for(personas.provider_a_author)
    # Setting it needs no second step yet: the administrator is not required to have one.
    response = settings_page.post(
        f"/organisations/{personas.provider_a.pk}/edit/",
        {
            "name": personas.provider_a.name,
            "organisation_number": personas.provider_a.organisation_number,
            "require_two_factor": "on",
        },
    )
    assert response.status_code == 302
    personas.provider_a.refresh_from_db()
    assert personas.provider_a.require_two_factor
    assert two_factor.is_required(personas.provider_a_author)
    event = AuditEvent.objects.filter(action="organisation.updated").latest("id")
    assert event.data["after"]["require_two_factor"] is True


# --- holding sessions until the second step is done ---------------------------------------------


def test_a_required_person_without_an_app_is_sent_to_set_it_up(personas, client_for):
    client = client_for(personas.evaluator)

    page = client.get("/procurements/")
    api = client.get("/api/v1/procurements")

    assert page.status_code == 302
    assert page["Location"] == "/accounts/two-factor/setup/?next=%2Fprocurements%2F"
    assert api.status_code == 403
    assert api.json()["error"]["code"] == "two_factor_required"
    setup = client.get(page["Location"])
    assert "Your roles let you see tenders" in setup.content.decode()


def test_a_person_who_need_not_use_it_passes(personas, client_for):
    client = client_for(personas.provider_a_author)
    assert client.get("/procurements/").status_code == 200


def test_enforcement_can_be_turned_off(personas, client_for, settings):
    settings.TWO_FACTOR_ENFORCED = False
    assert client_for(personas.evaluator).get("/procurements/").status_code == 200


# --- enrolment --------------------------------------------------------------------------------


def test_setting_up_the_app_shows_a_qr_code_and_gives_ten_recovery_codes(personas, client_for):
    client = client_for(personas.evaluator)

    page = client.get("/accounts/two-factor/setup/?next=/procurements/")
    secret = client.session["rodtrad_two_factor_new_secret"]
    html = page.content.decode()
    wrong = client.post("/accounts/two-factor/setup/?next=/procurements/", {"code": "000000"})
    right = client.post(
        "/accounts/two-factor/setup/?next=/procurements/",
        {"code": _code_after(secret, 1)},
    )
    codes_page = client.get(right["Location"]).content.decode()
    shown_again = client.get("/accounts/two-factor/codes/")

    assert "<svg" in html and " ".join([secret[:4], secret[4:8]]) in html
    assert wrong.status_code == 400
    assert "The code does not match" in wrong.content.decode()
    assert right.status_code == 302
    assert TwoFactorDevice.objects.get(user=personas.evaluator).secret == secret
    codes = re.findall(r"<code>([0-9a-f]{5}-[0-9a-f]{5})</code>", codes_page)
    assert len(codes) == 10
    assert 'href="/procurements/"' in codes_page
    assert RecoveryCode.objects.filter(user=personas.evaluator).count() == 10
    assert not any(
        code in str(row.code_hash) for row in RecoveryCode.objects.all() for code in codes
    )
    assert shown_again.status_code == 302  # shown once only
    assert client.get("/procurements/").status_code == 200
    assert AuditEvent.objects.filter(action="user.two_factor_enrolled").count() == 1


def test_the_password_alone_cannot_replace_an_existing_app(personas, client_for):
    _enrolled(personas.evaluator)
    client = client_for(personas.evaluator)  # a session that did not pass the second step

    response = client.get("/accounts/two-factor/setup/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/two-factor/verify/")


# --- the login's second step -------------------------------------------------------------------


def test_login_asks_for_the_code_before_anyone_is_logged_in(personas):
    secret, _codes = _enrolled(personas.evaluator)

    client, response = _log_in(personas.evaluator, next_url="/procurements/")
    not_yet = client.get("/accounts/profile/")
    wrong = client.post("/accounts/two-factor/verify/", {"code": "123456"})
    right = client.post("/accounts/two-factor/verify/", {"code": _code_after(secret, 30)})

    assert response["Location"] == "/accounts/two-factor/verify/"
    assert not_yet["Location"].startswith("/accounts/login/")
    assert wrong.status_code == 400
    assert "The code is wrong or already used" in wrong.content.decode()
    assert right["Location"] == "/procurements/"
    assert client.get("/procurements/").status_code == 200
    assert AuditEvent.objects.filter(action="user.logged_in").count() == 1
    assert AuditEvent.objects.filter(action="user.two_factor_failed").count() == 1


def test_a_code_cannot_be_used_twice(personas):
    secret, _codes = _enrolled(personas.evaluator)
    code = _code_after(secret, 30)
    first, _ = _log_in(personas.evaluator)
    assert first.post("/accounts/two-factor/verify/", {"code": code}).status_code == 302

    second, _ = _log_in(personas.evaluator)
    replay = second.post("/accounts/two-factor/verify/", {"code": code})

    assert replay.status_code == 400


def test_a_recovery_code_works_once(personas):
    _secret, codes = _enrolled(personas.evaluator)

    first, _ = _log_in(personas.evaluator)
    used = first.post("/accounts/two-factor/verify/", {"code": codes[0].upper()})
    second, _ = _log_in(personas.evaluator)
    again = second.post("/accounts/two-factor/verify/", {"code": codes[0]})

    assert used.status_code == 302
    assert again.status_code == 400
    assert two_factor.unused_recovery_codes(personas.evaluator) == 9
    event = AuditEvent.objects.get(action="user.recovery_code_used")
    assert event.data == {"left": 9}


def test_the_second_step_expires_and_wrong_codes_are_limited(personas):
    secret, _codes = _enrolled(personas.evaluator)
    client, _ = _log_in(personas.evaluator)
    for _attempt in range(two_factor_views_attempts()):
        client.post("/accounts/two-factor/verify/", {"code": "000000"})

    limited = client.post("/accounts/two-factor/verify/", {"code": _code_after(secret, 30)})
    clock.freeze(clock.now() + timedelta(minutes=6))
    expired = client.post("/accounts/two-factor/verify/", {"code": "000000"})

    assert limited.status_code == 400
    assert "Too many wrong codes" in limited.content.decode()
    assert expired["Location"] == "/accounts/login/"


def two_factor_views_attempts() -> int:
    from rodtrad.accounts.two_factor_views import CODE_ATTEMPTS

    return CODE_ATTEMPTS


def test_a_session_from_before_enrolment_must_pass_the_second_step(personas, client_for):
    secret, _codes = _enrolled(personas.evaluator)
    client = client_for(personas.evaluator)

    held = client.get("/procurements/")
    passed = client.post(held["Location"], {"code": _code_after(secret, 30)})

    assert held["Location"] == "/accounts/two-factor/verify/?next=%2Fprocurements%2F"
    assert passed["Location"] == "/procurements/"


# --- managing it --------------------------------------------------------------------------------


def test_a_required_person_cannot_turn_it_off_but_others_can(personas, client_for):
    _enrolled(personas.evaluator)
    _enrolled(personas.provider_a_author)

    for user in (personas.evaluator, personas.provider_a_author):
        client = client_for(user)
        session = client.session
        session["rodtrad_two_factor_verified"] = True
        session.save()
        client.post("/accounts/two-factor/turn-off/")

    assert TwoFactorDevice.objects.filter(user=personas.evaluator).exists()
    assert not TwoFactorDevice.objects.filter(user=personas.provider_a_author).exists()
    assert not RecoveryCode.objects.filter(user=personas.provider_a_author).exists()


def test_an_administrator_resets_a_member_who_lost_app_and_codes(personas, client_for):
    _enrolled(personas.evaluator)
    _enrolled(personas.buyer_admin)
    admin = client_for(personas.buyer_admin)
    session = admin.session
    session["rodtrad_two_factor_verified"] = True
    session.save()
    url = f"/organisations/{personas.buyer.pk}/members/{personas.evaluator.pk}/two-factor/"
    version = personas.evaluator.session_version

    refused = client_for(personas.provider_a_author).post(url)
    own = admin.post(
        f"/organisations/{personas.buyer.pk}/members/{personas.buyer_admin.pk}/two-factor/"
    )
    page = admin.get(url).content.decode()
    done = admin.post(url)

    assert refused.status_code in (403, 404)
    assert own.status_code == 400
    assert "use a recovery code" in own.content.decode()
    assert "lost both their phone and their recovery codes" in page
    assert done.status_code == 302
    assert not TwoFactorDevice.objects.filter(user=personas.evaluator).exists()
    personas.evaluator.refresh_from_db()
    assert personas.evaluator.session_version == version + 1
    event = AuditEvent.objects.get(action="member.two_factor_reset")
    assert (event.actor, event.organisation) == (personas.buyer_admin, personas.buyer)


def test_an_administrator_of_another_organisation_cannot_reset(personas, client_for):
    _enrolled(personas.evaluator)
    outsider = add_member(personas.stranger, personas.provider_a, Role.ADMIN)
    client = client_for(outsider)
    response = client.post(
        f"/organisations/{personas.buyer.pk}/members/{personas.evaluator.pk}/two-factor/"
    )
    assert response.status_code == 404
    assert TwoFactorDevice.objects.filter(user=personas.evaluator).exists()
