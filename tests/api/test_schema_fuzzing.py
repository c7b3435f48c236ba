"""Schemathesis against the API's own OpenAPI schema, as each kind of persona.

Every operation of the schema gets generated requests (path ids either real ones from a
procurement that went all the way to a follow-up round, or generated; query and body generated
from the schema), sent through Django's WSGI application inside the test's transaction. Every
answer must be below 500, have a documented content type and match the documented schema for
its status. A write that succeeds changes the world for the next request, which is the point.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as examples
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from rodtrad.accounts.actor import Actor
from rodtrad.api.tokens import create_token
from rodtrad.followup.models import FollowUpRound
from rodtrad.improvements.models import ImprovementAction
from rodtrad.indicators.models import Indicator
from tests.followup.factories import finished

pytestmark = pytest.mark.django_db

EXAMPLES_PER_OPERATION = 3
CHECKS = [not_a_server_error, content_type_conformance, response_schema_conformance]

PERSONAS = [
    "buyer_admin",
    "procurement_officer",
    "evaluator",
    "provider_a_author",
    "provider_b_author",
    "stranger",
]


@dataclass
class Caller:
    headers: dict[str, str]
    cookies: dict[str, str]


def _caller(user) -> Caller:
    """A token for the persona's organisation, or a session for a person without one (a
    session without a CSRF token: its writes must be refused, never crash)."""
    membership = user.memberships.select_related("organisation").first()
    if membership is None:
        client = Client()
        client.force_login(user)
        name = django_settings.SESSION_COOKIE_NAME
        return Caller(headers={}, cookies={name: client.cookies[name].value})
    _token, raw = create_token(
        actor=Actor.for_user(user), organisation=membership.organisation, name="fuzzing"
    )
    return Caller(headers={"Authorization": f"Bearer {raw}"}, cookies={})


def _real_ids(personas) -> dict[str, Any]:
    """One real id per path parameter the schema uses, from a lifecycle up to a done round."""
    contract, _manager, round = finished(personas)
    procurement = contract.procurement
    tender = procurement.tenders.filter(organisation=personas.provider_a).get()
    assessment = round.provider_assessment
    indicator = Indicator.objects.filter(contract=contract).first()
    action = ImprovementAction.objects.filter(contract=contract).first()
    ids: dict[str, Any] = {
        "procurement_id": procurement.pk,
        "contract_id": contract.pk,
        "tender_id": tender.pk,
        "assessment_id": assessment.pk,
        "round_id": FollowUpRound.objects.filter(contract=contract).first().pk,
        "organisation_id": personas.buyer.pk,
        "user_id": personas.procurement_officer.pk,
        "version_id": procurement.model_version_id,
        "lot_id": procurement.lots.first().pk,
        "requirement_id": procurement.requirements.first().pk,
        "number": 1,
        "kind": "consensus",
        "format": "csv",
        "party": "provider",
    }
    if indicator:
        ids["indicator_id"] = indicator.pk
    if action:
        ids["action_id"] = action.pk
    return ids


def _summary(error: BaseException) -> str:
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    if isinstance(error, BaseExceptionGroup):
        lines = [
            line.strip()
            for sub in error.exceptions
            for line in str(sub).splitlines()[:3]
            if line.strip()
        ]
    return " / ".join(lines[:4])


@pytest.fixture
def wsgi_app():
    """Django's WSGI application, kept from closing the test's database connection after each
    request (what Django's own test client does)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def schema(client):
    """The document integrators read, as served at /api/v1/openapi.json."""
    document = client.get("/api/v1/openapi.json").json()
    return schemathesis.openapi.from_dict(document)


@dataclass
class Outcome:
    """What the requests of one persona met: status codes per operation, failed checks."""

    answered: dict[str, set[int]]
    failures: list[str]

    @property
    def requests(self) -> int:
        return sum(len(codes) for codes in self.answered.values())


def _fuzz(operation, strategy, *, app, caller: Caller, outcome: Outcome) -> None:
    """Run `EXAMPLES_PER_OPERATION` generated requests of one operation and check each answer."""
    label = operation.label
    codes = outcome.answered.setdefault(label, set())
    sent = []

    @examples(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def run(case) -> None:
        sent.append(case)
        response = case.call(
            # localhost: the host schemathesis sets the session cookie for
            app=app,
            base_url="http://localhost",
            headers=caller.headers,
            cookies=caller.cookies,
        )
        codes.add(response.status_code)
        try:
            case.validate_response(response, checks=CHECKS, headers=caller.headers)
        except (AssertionError, BaseExceptionGroup) as error:
            # collected, so one run reports every operation that fails
            outcome.failures.append(f"{label}: {_summary(error)}")

    run()
    assert len(sent) >= 2, label


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_operation_answers_by_its_schema(persona, personas, schema, wsgi_app, settings):
    settings.KOLADA_API_URL = "http://127.0.0.1:9/v2"  # the live import fails fast, offline
    ids = _real_ids(personas)
    caller = _caller(getattr(personas, persona))
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 150  # the whole API, not a part of it
    outcome = Outcome(answered={}, failures=[])

    for operation in operations:
        names = [p.name for p in operation.path_parameters]
        real = {name: ids[name] for name in names if name in ids}
        strategy = operation.as_strategy()
        if real:
            strategy = st.one_of(operation.as_strategy(path_parameters=real), strategy)
        _fuzz(operation, strategy, app=wsgi_app, caller=caller, outcome=outcome)

    succeeded = sorted(label for label, codes in outcome.answered.items() if min(codes) < 300)
    print(f"{persona}: {len(operations)} operations, {len(succeeded)} answered 2xx")
    # the real ids reach the operations' work, not only their 404s
    assert len(succeeded) >= (5 if persona == "stranger" else 15), succeeded
    assert outcome.failures == [], "\n".join(outcome.failures[:30])
