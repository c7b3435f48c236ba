"""The contract tests read messages in English (the source language); Swedish is the default."""

from __future__ import annotations

import pytest
from django.utils import translation

from tests.procurements.factories import english_users  # noqa: F401  (a fixture)


@pytest.fixture(autouse=True)
def _english_messages():
    with translation.override("en"):
        yield


@pytest.fixture
def api_for(api_for):
    """The shared token client, asking for English answers."""

    def make(user, organisation=None):
        client = api_for(user, organisation)
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        return client

    return make
