"""Procurements for tests, built through the services as a procurement officer would.

`make_procurement(personas)` gives Ekby kommun's complete draft: basics and timeline, a team with a
chair, two evaluators and two openers, goals served by every award criterion and followed by an
indicator, complete mandatory requirements, the model worked in (guidance, question, deduction),
the partnership and follow-up plan, a value-added evaluation model and two fictive tenders. It has
no blocking red-thread item, so `publish=True` publishes it as version 1.

Warnings that depend on phase A stay open unless asked for: `trained=True` trains the panel and
offers training to tenderers, `self_assessed=True` gives the buyer a final self-assessment with the
same model (checks 5 and 6).
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from rodtrad.accounts.actor import Actor
from rodtrad.common import clock
from rodtrad.procurements import services
from rodtrad.procurements.models import (
    EvaluationKind,
    Procurement,
    RequirementKind,
    RequirementStyle,
    TeamRole,
    TieBreak,
    Verification,
)
from rodtrad.qualitymodels.models import ModelVersion

TITLE = "Vård- och omsorgsboende Ekbacken"
REFERENCE = "KS 2026/101"
CPV = "85311100-3"
GOALS = (
    "De boende bestämmer över sin vardag och får stöd att leva ett aktivt liv.",
    "Måltiderna är en höjdpunkt: god mat i en lugn miljö, efter de boendes önskemål.",
    "Personalen har rätt kompetens och kontinuiteten är hög.",
    "Anhöriga är välkomna och delaktiga.",
)
GUIDANCE = "Vägledning för Ekbacken: beskriv hur ni arbetar med {name} för boende med demens."
QUESTION = "Hur arbetar ni med {name}, och hur vet ni att det fungerar?"


def actor(user) -> Actor:
    return Actor.for_user(user)


@pytest.fixture
def english_users(personas):
    """Every persona reads the pages in English (the source language). Import it into a test
    module and mark the module `pytestmark = pytest.mark.usefixtures("english_users")`."""
    for user in vars(personas).values():
        if hasattr(user, "language"):
            user.language = "en"
            user.save(update_fields=["language"])


def requirement_data(number: int, **overrides) -> dict[str, str]:
    """A complete mandatory requirement (minimum level and follow-up given)."""
    data = {
        "title": f"Krav {number}",
        "text": f"Utföraren ska uppfylla krav {number} under hela avtalstiden.",
        "kind": RequirementKind.SERVICE,
        "style": RequirementStyle.FUNCTIONAL,
        "minimum_level": "Minst en genomförandeplan per boende, uppdaterad varje halvår.",
        "verification": Verification.DECLARATION,
        "follow_up_method": "Dokumentgranskning och stickprov",
        "follow_up_frequency": "Årligen",
        "follow_up_responsible": "Avtalsförvaltaren",
    }
    data.update(overrides)
    return data


def make_procurement(
    personas,
    *,
    publish: bool = False,
    title: str = TITLE,
    reference_number: str = REFERENCE,
    by=None,
    version: ModelVersion | None = None,
    include_results: bool = True,
    goals: int = 2,
    requirements: int = 2,
    indicators: bool = True,
    kind: str = EvaluationKind.VALUE_ADDED,
    amount: Decimal | int = 300,
    prices: tuple[int, ...] = (2100, 1900),
    steps: tuple[int, ...] = (70, 40),
    lots: int = 1,
    trained: bool = False,
    self_assessed: bool = False,
) -> Procurement:
    """A complete procurement of Ekby kommun (see the module docstring). `by` is the procurement
    officer creating it (default personas.procurement_officer); `version` a frozen model version
    (default: tests.assessments.factories.make_version(), two approach criteria of 70 points and
    one result criterion of 100, scales 0–100 % in 10 % steps). Fictive tenders get `prices[i]`
    and the step `steps[i]` on every criterion."""
    from tests.assessments.factories import make_version

    officer = by or personas.procurement_officer
    a = actor(officer)
    procurement = services.create_procurement(
        actor=a, buyer=personas.buyer, title=title, reference_number=reference_number
    )
    now = clock.now()
    services.update_basics(
        actor=a,
        procurement=procurement,
        basics=services.Basics(
            title=title,
            reference_number=reference_number,
            description="Drift av ett vård- och omsorgsboende med 48 platser, varav 16 för demens.",
            cpv_codes=CPV,
            estimated_value="48000000",
            contract_start=(now + timedelta(days=150)).date(),
            contract_end=(now + timedelta(days=150 + 4 * 365)).date(),
            options="Förlängning 1 + 1 år",
            publication_date=now + timedelta(days=1),
            questions_deadline=now + timedelta(days=20),
            tender_deadline=now + timedelta(days=30),
            planned_award_date=(now + timedelta(days=45)).date(),
        ),
    )
    services.set_team(
        actor=a,
        procurement=procurement,
        assignments=[
            (officer, TeamRole.PROCUREMENT_OFFICER),
            (officer, TeamRole.OPENER),
            (personas.buyer_admin, TeamRole.OPENER),
            (personas.panel_chair, TeamRole.PANEL_CHAIR),
            (personas.evaluator, TeamRole.EVALUATOR),
            (personas.evaluator_2, TeamRole.EVALUATOR),
        ],
    )
    version = version or make_version()
    services.choose_model_version(
        actor=a, procurement=procurement, version=version, include_results=include_results
    )
    goal_rows = [
        services.save_goal(
            actor=a, procurement=procurement, goal=None, text=GOALS[i % len(GOALS)] + f" ({i + 1})"
        )
        for i in range(goals)
    ]
    for award in procurement.criteria.select_related("criterion"):
        name = award.criterion.name.lower()
        services.update_award_criterion(
            actor=a,
            procurement=procurement,
            award=award,
            points=award.points,
            guidance=GUIDANCE.format(name=name),
            question=QUESTION.format(name=name),
            amount=amount,
            goal_ids=[g.pk for g in goal_rows],
        )
    for number in range(1, requirements + 1):
        services.save_requirement(
            actor=a, procurement=procurement, requirement=None, data=requirement_data(number)
        )
    services.update_partnership(
        actor=a,
        procurement=procurement,
        partnership_question=services.DEFAULT_PARTNERSHIP_QUESTION,
        follow_up_description="Uppföljning varje år med samma modell; båda parter värderas.",
        follow_up_months=12,
        both_parties=True,
        baseline=True,
        barometer=True,
    )
    if indicators:
        for goal in goal_rows:
            services.save_indicator(
                actor=a,
                procurement=procurement,
                indicator=None,
                name=f"Helhetsintryck, särskilt boende ({goal.code})",
                unit="%",
                direction="higher",
                target="90",
                kolada_kpi="U23471",
                goal_ids=[goal.pk],
            )
    services.set_evaluation_model(
        actor=a,
        procurement=procurement,
        kind=kind,
        tie_break=TieBreak.QUALITY,
        price_unit="SEK per plats och dygn",
        hide_prices=True,
        weight_quality="70" if kind == EvaluationKind.WEIGHTED_RELATIVE else None,
        fixed_price="2000" if kind == EvaluationKind.FIXED_PRICE else None,
    )
    awards = list(procurement.criteria.all())
    for index, (price, step) in enumerate(zip(prices, steps, strict=True)):
        services.save_simulated_tender(
            actor=a,
            procurement=procurement,
            tender=None,
            name=f"Anbud {'ABCDEFGH'[index]}",
            price=price,
            steps={award.pk: step for award in awards},
        )
    for number in range(2, lots + 1):
        services.save_lot(
            actor=a,
            procurement=procurement,
            lot=None,
            title=f"Delområde {number}",
            estimated_value="12000000",
        )
    if trained:
        train(personas, version)
    if self_assessed:
        assess_buyer(personas, version)
    if publish:
        services.publish(actor=a, procurement=procurement)
    return Procurement.objects.get(pk=procurement.pk)


def train(personas, version: ModelVersion) -> None:
    """Check 5 clears: the panel attended training in the model, and training was offered (a
    session of the buyer's on the model)."""
    from tests.qualitymodels.factories import make_session

    panel = (personas.panel_chair, personas.evaluator, personas.evaluator_2)
    make_session(
        organisation=personas.buyer,
        version=version,
        by=personas.procurement_officer,
        participants=panel,
        attended=panel,
    )


def assess_buyer(personas, version: ModelVersion) -> None:
    """Check 6 clears: the buyer has a final self-assessment with the model."""
    from rodtrad.assessments import services as assessment_services
    from tests.assessments.factories import agree_all, run_to_consensus

    assessment = run_to_consensus(personas, version=version)
    agree_all(assessment, personas.panel_chair)
    assessment_services.finalise(actor=actor(personas.panel_chair), assessment=assessment)
