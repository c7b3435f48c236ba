"""Procurements ready for the award, reached through the services as the panel would: every
tender's quality consensus final (each tender with its own consensus step on every criterion)
and the prices revealed by the chair; `decided(...)` also has the officer sign the decision.

The prices are tests.evaluations.factories.PRICES (2137.45, 1983.20, 2411.90); the default
steps give tender 1 (provider A) 80 %, tender 2 (competitor B) 50 %, tender 3 60 %.
"""

from __future__ import annotations

from rodtrad.assessments import services as engine
from rodtrad.award import services
from rodtrad.evaluations import services as evaluation_services
from rodtrad.procurements.models import Procurement
from rodtrad.tenders.models import Tender
from tests.assessments.factories import agree_all
from tests.evaluations.factories import actor, declared, links, to_consensus

STEPS = (80, 50, 60)


def final(
    personas, count: int = 2, *, steps: tuple[int, ...] = STEPS, **kwargs
) -> tuple[Procurement, list[Tender]]:
    """Every tender's consensus final (tender i agreed at `steps[i]` on every criterion); the
    prices still hidden."""
    procurement, tenders = declared(personas, count, **kwargs)
    to_consensus(personas, procurement)
    chair = actor(personas.panel_chair)
    position = {t.pk: i for i, t in enumerate(tenders)}
    for link in links(procurement):
        agree_all(link.assessment, personas.panel_chair, steps[position[link.tender_id]])
        link.assessment.refresh_from_db()
        engine.finalise(actor=chair, assessment=link.assessment)
    procurement.refresh_from_db()
    return procurement, tenders


def ready(personas, count: int = 2, **kwargs) -> tuple[Procurement, list[Tender]]:
    """Every consensus final and the prices revealed."""
    procurement, tenders = final(personas, count, **kwargs)
    if procurement.hide_prices:
        evaluation_services.reveal_prices(
            actor=actor(personas.panel_chair), procurement=procurement
        )
    return Procurement.objects.get(pk=procurement.pk), tenders


def decided(personas, count: int = 2, **kwargs) -> tuple[Procurement, list[Tender]]:
    """The award decision signed by the procurement officer."""
    procurement, tenders = ready(personas, count, **kwargs)
    services.sign_decision(actor=actor(personas.procurement_officer), procurement=procurement)
    return Procurement.objects.get(pk=procurement.pk), tenders
