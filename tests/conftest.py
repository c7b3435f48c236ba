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
