"""The data the reliability runs work on, built through the services (with the test suite's
factories, which use the services) in the throwaway cluster:

- an assessment in the individual stage (panel: chair and five evaluators) for score saves;
- an assessment in the consensus stage (chair and two evaluators) for consensus edits;
- a published procurement with eight providers' complete tender drafts, not yet submitted (the
  last two are only ever edited, never submitted, in the crash run).

Every person gets a personal access token; the HTTP clients use only those tokens."""

from __future__ import annotations

from typing import Any

EXTRA_EVALUATORS = 3
PROVIDERS = 8
DRAFT_ONLY = 2  # the last providers attach and edit but never submit


def _fast_passwords() -> None:
    """Users are only reached through tokens here: do not spend seconds on password hashes."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _token(user, organisation) -> str:
    from rodtrad.accounts.actor import Actor
    from rodtrad.api.tokens import create_token

    _row, raw = create_token(
        actor=Actor.for_user(user), organisation=organisation, name="reliability"
    )
    return raw


def _steps(assessment) -> dict[str, list[int]]:
    from rodtrad.assessments.services import _steps_by_kind

    by_kind = _steps_by_kind(assessment.model_version)
    return {
        str(item.pk): by_kind[item.criterion.kind]
        for item in assessment.scope.select_related("criterion")
    }


def _individual_stage(personas) -> dict[str, Any]:
    from rodtrad.accounts.roles import Role
    from rodtrad.assessments import services
    from tests.assessments.factories import actor, declare_all, make_self_assessment
    from tests.factories import add_member, make_user

    extra = [
        add_member(make_user(f"evaluator{n}@ekby.se"), personas.buyer, Role.EVALUATOR)
        for n in range(3, 3 + EXTRA_EVALUATORS)
    ]
    evaluators = [personas.evaluator, personas.evaluator_2, *extra]
    assessment = make_self_assessment(personas, evaluators=evaluators, title="Individual stage")
    services.start_individual(actor=actor(personas.buyer_admin), assessment=assessment)
    panel = [personas.panel_chair, *evaluators]
    declare_all(assessment, *panel)
    return {
        "assessment_id": assessment.pk,
        "steps": _steps(assessment),
        "people": [{"user_id": user.pk, "token": _token(user, personas.buyer)} for user in panel],
    }


def _consensus_stage(personas) -> dict[str, Any]:
    from tests.assessments.factories import run_to_consensus

    assessment = run_to_consensus(personas)
    panel = [personas.panel_chair, personas.evaluator, personas.evaluator_2]
    return {
        "assessment_id": assessment.pk,
        "steps": _steps(assessment),
        "people": [{"user_id": user.pk, "token": _token(user, personas.buyer)} for user in panel],
    }


def _providers(personas) -> list[tuple[Any, Any]]:
    from rodtrad.accounts.models import OrganisationKind
    from rodtrad.accounts.roles import Role
    from tests.factories import add_member, make_organisation, make_user

    pairs = [
        (personas.provider_a_author, personas.provider_a),
        (personas.provider_b_author, personas.provider_b),
    ]
    for n in range(len(pairs), PROVIDERS):
        organisation = make_organisation(f"Omsorg {n} AB", kind=OrganisationKind.PROVIDER)
        author = add_member(
            make_user(f"author@omsorg-{n}.se"), organisation, Role.ADMIN, Role.TENDER_AUTHOR
        )
        pairs.append((author, organisation))
    return pairs


def _tendering(personas) -> dict[str, Any]:
    from tests.tenders.factories import published, write_tender

    procurement = published(personas)
    criteria = list(procurement.criteria.values_list("pk", flat=True))
    tenders = []
    providers = _providers(personas)
    for n, (author, organisation) in enumerate(providers):
        tender = write_tender(procurement, author, organisation)
        tenders.append(
            {
                "tender_id": tender.pk,
                "token": _token(author, organisation),
                "submits": n < len(providers) - DRAFT_ONLY,
            }
        )
    return {"procurement_id": procurement.pk, "criterion_refs": criteria, "tenders": tenders}


def _browser_session(user) -> str:
    """A logged-in browser session, as the login form leaves it (the outage run reads pages)."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return str(session.session_key)


def build() -> dict[str, Any]:
    """Everything the runs need, as plain data for the client processes."""
    from tests.personas import create_personas

    _fast_passwords()
    personas = create_personas()
    return {
        "individual": _individual_stage(personas),
        "consensus": _consensus_stage(personas),
        "tendering": _tendering(personas),
        "browsing": {
            "session": _browser_session(personas.panel_chair),
            "token": _token(personas.panel_chair, personas.buyer),
        },
    }
