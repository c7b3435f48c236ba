"""The partnership pages: who may open them, and that nobody but the respondent ever sees an
individual answer."""

from __future__ import annotations

import pytest
from django.contrib import admin

from rodtrad.followup.models import RoundStatus
from rodtrad.partnership import services
from rodtrad.partnership.models import BarometerRating, BarometerResponse, CharterVersion
from tests.evaluations.factories import actor
from tests.partnership.factories import answer, charter_text, contracted, done, open_round
from tests.procurements.factories import english_users  # noqa: F401  (a fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_users")]


def _urls(setup) -> dict[str, str]:
    c, r = setup.contract.pk, setup.first.pk
    return {
        "charter": f"/contracts/{c}/charter/",
        "charter_edit": f"/contracts/{c}/charter/edit/",
        "charter_version": f"/contracts/{c}/charter/versions/1/",
        "charter_sign": f"/contracts/{c}/charter/versions/1/sign/",
        "barometer": f"/contracts/{c}/rounds/{r}/barometer/",
        "trend": f"/contracts/{c}/barometer/",
    }


@pytest.fixture
def setup(personas):
    setup = contracted(personas)
    services.write_charter(actor=actor(setup.manager), contract=setup.contract, text=charter_text())
    open_round(setup.first)
    return setup


def test_anonymous_visitors_are_sent_to_login(setup, client_for):
    client = client_for(None)
    for url in _urls(setup).values():
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code in (302, 405), url
            if response.status_code == 302:
                assert response["Location"].startswith("/accounts/login/"), url


@pytest.mark.parametrize(
    "who",
    ["stranger", "other_buyer_officer", "provider_b_author", "buyer_viewer", "platform_admin"],
)
def test_people_outside_the_contract_get_404(setup, personas, client_for, who):
    client = client_for(getattr(personas, who))
    for name, url in _urls(setup).items():
        if name != "charter_sign":
            assert client.get(url).status_code == 404, url
        if name in ("charter_edit", "charter_sign", "barometer"):
            assert client.post(url, {"party": "buyer"}).status_code == 404, url
    assert CharterVersion.objects.filter(buyer_signed_at__isnull=False).count() == 0


def test_an_administrator_off_the_teams_reads_but_does_not_write_or_answer(
    setup, personas, client_for
):
    client = client_for(personas.buyer_admin)
    urls = _urls(setup)
    for name in ("charter", "charter_version", "barometer", "trend"):
        assert client.get(urls[name]).status_code == 200, name
    assert client.get(urls["charter_edit"]).status_code == 403
    assert client.post(urls["charter_edit"], charter_text().__dict__).status_code == 403
    page = client.get(urls["barometer"]).content.decode()
    assert "Save my answer" not in page
    assert "The members of the two contract teams answer the barometer." in page
    assert client.post(urls["barometer"], {"rating_trust": 5}).status_code == 403
    assert not BarometerResponse.objects.exists()
    # but she acts for the buyer and may sign the charter for it
    assert client.post(urls["charter_sign"], {"party": "buyer"}).status_code == 302
    assert CharterVersion.objects.get().buyer_signed_by == personas.buyer_admin


def test_team_members_write_the_charter_and_answer(setup, personas, client_for):
    client = client_for(personas.evaluator)
    urls = _urls(setup)
    page = client.get(urls["charter"]).content.decode()
    assert "Version 1" in page and "Sign version 1 for the buyer" in page
    data = charter_text(room_for_action="More room.").__dict__
    response = client.post(urls["charter_edit"], data)
    assert response.status_code == 302
    assert CharterVersion.objects.count() == 2
    page = client.get(urls["charter"]).content.decode()
    assert "Version 2" in page and "More room." in page
    old = client.get(urls["charter_version"]).content.decode()
    assert "This is an earlier version" in old and "Sign version" not in old
    assert client.post(urls["charter_edit"], {}).status_code == 400

    form = client.get(urls["barometer"]).content.decode()
    assert "Save my answer" in form and "Room for action" in form
    data = {f"rating_{code}": 4 for code in ("common_goals", "collaboration", "room_for_action")}
    assert client.post(urls["barometer"], data).status_code == 400  # every condition is rated
    from rodtrad.partnership.barometer import CONDITION_CODES

    data = {f"rating_{code}": 4 for code in CONDITION_CODES} | {"comment_trust": "Mostly."}
    assert client.post(urls["barometer"], data).status_code == 302
    assert BarometerRating.objects.filter(response__user=personas.evaluator).count() == 10
    page = client.get(urls["barometer"]).content.decode()
    assert "You have answered" in page and "Mostly." in page  # her own answer, to her


def test_the_first_version_starts_from_the_procurements_goals(personas, client_for):
    setup = contracted(personas)
    goal = setup.contract.procurement.goals.first()
    page = client_for(setup.manager).get(f"/contracts/{setup.contract.pk}/charter/edit/")
    assert goal.text in page.content.decode()


# --- the privacy rule ----------------------------------------------------------------------------

BUYER_SECRETS = ("buyer-secret-one", "buyer-secret-two")
PROVIDER_COMMENTS = ("provider-comment-a", "provider-comment-b", "provider-comment-c")


def _answered(setup, buyer_respondents: int):
    """Buyer: the first `buyer_respondents` of its team answer; provider: all three."""
    round = setup.first
    for number, user in enumerate(setup.buyer_team[:buyer_respondents]):
        comment = BUYER_SECRETS[number] if number < 2 else "buyer-third"
        answer(setup.contract, round, user, 1 + number, comment)
    for number, user in enumerate(setup.provider_team):
        answer(setup.contract, round, user, 5 - number, PROVIDER_COMMENTS[number])
    return done(round)


def _pages(client, setup) -> list[str]:
    urls = _urls(setup)
    return [client.get(urls[n]).content.decode() for n in ("barometer", "trend")]


def test_with_two_respondents_nothing_of_their_side_is_shown(setup, personas, client_for):
    _answered(setup, 2)
    respondents = setup.buyer_team[:2] + setup.provider_team
    viewers = [
        personas.buyer_admin,
        personas.provider_a_author,
        personas.evaluator_2,
        setup.manager,
    ]
    for viewer in viewers:
        for page in _pages(client_for(viewer), setup):
            for secret in BUYER_SECRETS:
                if viewer == setup.manager and secret == BUYER_SECRETS[0]:
                    continue  # her own comment, shown to her alone
                assert secret not in page, viewer
            for other in respondents:
                if other != viewer:
                    assert other.full_name not in page and other.email not in page
        barometer_page = _pages(client_for(viewer), setup)[0]
        assert "Too few answers to show" in barometer_page
        for comment in PROVIDER_COMMENTS:  # three on the provider side: aggregated
            assert comment in barometer_page
    own = client_for(setup.manager).get(_urls(setup)["barometer"]).content.decode()
    assert "Your answer" in own and BUYER_SECRETS[0] in own and BUYER_SECRETS[1] not in own


def test_with_three_respondents_their_side_is_aggregated(setup, personas, client_for):
    _answered(setup, 3)
    page = client_for(personas.buyer_admin).get(_urls(setup)["barometer"]).content.decode()
    assert "Too few answers to show" not in page
    assert "2.0" in page  # the buyer's mean of 1, 2 and 3
    assert "1 · 1 · 1 · 0 · 0" in page  # its distribution
    assert "4.0" in page  # the provider's mean of 5, 4 and 3
    assert "-2.0" in page  # the gap
    positions = [page.index(c) for c in (*BUYER_SECRETS, "buyer-third")]
    assert positions == sorted(positions)  # comments in the order of their text


def test_results_wait_until_the_round_is_done(setup, personas, client_for):
    round = setup.first
    for user in setup.provider_team:
        answer(setup.contract, round, user, 4, "provider-early")
    assert round.status == RoundStatus.IN_PROGRESS
    for page in _pages(client_for(personas.buyer_admin), setup):
        assert "provider-early" not in page
    assert (
        "The results are shown when the round is done."
        in _pages(client_for(personas.buyer_admin), setup)[0]
    )


def test_the_answers_are_not_in_the_admin_site(setup, personas, client_for):
    _answered(setup, 3)
    assert BarometerResponse not in admin.site._registry
    assert BarometerRating not in admin.site._registry
    client = client_for(personas.platform_admin)
    assert client.get("/admin/partnership/barometerresponse/").status_code == 404
    assert client.get("/admin/partnership/barometerrating/").status_code == 404
    for page in _pages(client, setup):
        assert all(secret not in page for secret in BUYER_SECRETS)


def test_the_event_log_withholds_what_was_answered(setup, personas, client_for):
    _answered(setup, 3)
    for organisation, admin_user in (
        (personas.buyer, personas.buyer_admin),
        (personas.provider_a, personas.provider_a_author),
    ):
        page = client_for(admin_user).get(f"/organisations/{organisation.pk}/events/")
        assert page.status_code == 200
        text = page.content.decode()
        assert text.count("Partnership barometer answered") == 3  # one per party member
        assert "Details withheld (confidential)" in text
        assert all(secret not in text for secret in BUYER_SECRETS)
