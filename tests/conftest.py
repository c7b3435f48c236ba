from __future__ import annotations

import pytest
from django.test import Client

from rodtrad.accounts.actor import Actor
from rodtrad.common import clock
from tests.personas import Personas, create_personas


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    """Sealed tender files go to a directory of the test's own, never to var/."""
    settings.MEDIA_ROOT = tmp_path / "private"


@pytest.fixture(autouse=True)
def _no_idle_logout(settings):
    """Tests move the frozen clock by days between a client's requests; the idle logout is
    tested on its own (tests/accounts/test_sessions.py sets the limit it tests)."""
    settings.SESSION_IDLE_TIMEOUT = 10**12  # some tests move the clock to 2099


@pytest.fixture(autouse=True)
def _no_second_step(settings):
    """Most tests log in with force_login and move the clock between steps; two-step
    verification and the re-authentication before sensitive actions are tested on their own
    (tests/accounts/test_two_factor.py, tests/accounts/test_reauthentication.py)."""
    settings.TWO_FACTOR_ENFORCED = False
    settings.REAUTHENTICATION_MAX_AGE = 10**12
    settings.API_RATE_LIMIT_PER_MINUTE = 10**6  # tests/accounts/test_rate_limits.py tests it


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate-limit counters live in the cache; ids repeat between tests."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _reset_clock():
    clock.reset()
    yield
    clock.reset()


@pytest.fixture
def personas(db) -> Personas:
    return create_personas()


@pytest.fixture
def client_for(db):
    """client_for(user) -> a test client logged in as that user (None: anonymous)."""

    def make(user) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture
def actor_for():
    def make(user, scope=None) -> Actor:
        return Actor.for_user(user, scope_org_id=scope.pk if scope is not None else None)

    return make


@pytest.fixture
def api_for(db):
    """api_for(user, organisation=None) -> a client with the user's personal access token for
    the organisation (default: their first; a token that may also do the sensitive actions); a
    person without any organisation (the stranger, the platform administrator) uses a
    logged-in session."""
    from rodtrad.api.tokens import create_token

    def make(user, organisation=None) -> Client:
        if organisation is None:
            membership = (
                user.memberships.select_related("organisation")
                .order_by("organisation__name")
                .first()
            )
            if membership is None:
                client = Client()
                client.force_login(user)
                return client
            organisation = membership.organisation
        _token, raw = create_token(
            actor=Actor.for_user(user), organisation=organisation, name="tests", sensitive=True
        )
        return Client(headers={"Authorization": f"Bearer {raw}"})

    return make
