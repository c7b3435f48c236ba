"""A procurement in the evaluation stage, reached through the services as the buyer's people
would: published, tenders submitted and opened, qualified (optionally some disqualified), the
qualification completed.

`in_evaluation(personas, count=2)` gives provider A, competitor B and further providers with the
prices in `PRICES` (distinctive numbers, so a test can search pages for them). `started(...)`
also starts the evaluation as the chair; `declared(...)` has the panel sign; `finalised(...)`
runs every tender's assessment to a final consensus.
"""

from __future__ import annotations

from decimal import Decimal

from rodtrad.accounts.actor import Actor
from rodtrad.assessments import services as engine
from rodtrad.evaluations import services
from rodtrad.evaluations.models import TenderEvaluation
from rodtrad.procurements.models import LotCriterion, Procurement
from rodtrad.tenders import services as tender_services
from rodtrad.tenders.models import Tender
from tests.assessments.factories import agree_all, score_all
from tests.tenders.buyer_helpers import open_now, tenderers
from tests.tenders.factories import PDF, published, write_tender

# Tender prices no other page of the app contains (the fictive tenders use 2100 and 1900).
PRICES = ("2137.45", "1983.20", "2411.90")


def actor(user) -> Actor:
    return Actor.for_user(user)


def in_evaluation(
    personas,
    count: int = 2,
    *,
    disqualified: int = 0,
    lots: int = 1,
    lot_points: dict[int, Decimal] | None = None,
    answer_files: bool = False,
    **kwargs,
) -> tuple[Procurement, list[Tender]]:
    """A procurement in EVALUATION with `count` opened tenders, the last `disqualified` of them
    disqualified. `answer_files` attaches a PDF to each tender's answer to the first award
    criterion. `lot_points` {lot number: points} gives those lots their own criteria points
    (every award criterion gets the given points in that lot)."""
    procurement = published(personas, lots=lots, **kwargs)
    if lot_points:
        for lot in procurement.lots.filter(number__in=lot_points):
            lot.own_evaluation = True
            lot.save(update_fields=["own_evaluation"])
            for award in procurement.criteria.all():
                LotCriterion.objects.create(
                    lot=lot, award_criterion=award, points=lot_points[lot.number]
                )
    tenders = []
    lot_ids = list(procurement.lots.values_list("pk", flat=True))
    for i, (organisation, author) in enumerate(tenderers(personas, count)):
        tender = write_tender(procurement, author, organisation, price=PRICES[i % len(PRICES)])
        if answer_files:
            first = procurement.criteria.order_by("order", "id").first()
            assert first is not None
            tender_services.add_attachment(
                actor=actor(author),
                tender=tender,
                purpose="criterion",
                ref=first.pk,
                data=PDF,
                name=f"Rutin {organisation.name}.pdf",
            )
        if lots > 1:
            tender_services.save_draft(
                actor=actor(author), tender=tender, changes={"lots": lot_ids}
            )
        tender_services.submit(actor=actor(author), tender=Tender.objects.get(pk=tender.pk))
        tenders.append(tender)
    procurement, tenders = open_now(personas, procurement, tenders)
    officer = actor(personas.procurement_officer)
    requirements = list(procurement.requirements.order_by("order", "id"))
    for index, tender in enumerate(tenders):
        rejected = index >= count - disqualified
        for number, requirement in enumerate(requirements):
            tender_services.decide_requirement(
                actor=officer,
                tender=tender,
                requirement=requirement,
                fulfilled=not (rejected and number == 0),
                reason="Bemanningen understiger kravet" if rejected and number == 0 else "",
            )
        tender_services.conclude(actor=officer, tender=Tender.objects.get(pk=tender.pk))
    procurement.refresh_from_db()
    tender_services.complete_qualification(actor=officer, procurement=procurement)
    procurement.refresh_from_db()
    return procurement, [Tender.objects.get(pk=t.pk) for t in tenders]


def started(personas, count: int = 2, **kwargs) -> tuple[Procurement, list[Tender]]:
    procurement, tenders = in_evaluation(personas, count, **kwargs)
    services.start_evaluation(actor=actor(personas.panel_chair), procurement=procurement)
    return procurement, tenders


def panel(personas) -> list:
    return [personas.panel_chair, personas.evaluator, personas.evaluator_2]


def declared(personas, count: int = 2, **kwargs) -> tuple[Procurement, list[Tender]]:
    procurement, tenders = started(personas, count, **kwargs)
    for user in panel(personas):
        services.sign_declaration(actor=actor(user), procurement=procurement)
    return procurement, tenders


def links(procurement: Procurement) -> list[TenderEvaluation]:
    return list(
        TenderEvaluation.objects.filter(procurement=procurement)
        .select_related("assessment", "tender__organisation", "lot")
        .order_by("lot__number", "tender__opened__position")
    )


def to_consensus(personas, procurement: Procurement, steps: dict | None = None) -> None:
    """Every panel member scores every tender (chair 50, evaluators 60 and 70 unless `steps`
    {user: step or {code: step}}) and the chair starts each consensus."""
    steps = steps or {personas.panel_chair: 50, personas.evaluator: 60, personas.evaluator_2: 70}
    for link in links(procurement):
        for user in panel(personas):
            score_all(link.assessment, user, steps[user])
        engine.start_consensus(actor=actor(personas.panel_chair), assessment=link.assessment)


def finalise_all(personas, procurement: Procurement) -> None:
    for link in links(procurement):
        agree_all(link.assessment, personas.panel_chair)
        link.assessment.refresh_from_db()
        engine.finalise(actor=actor(personas.panel_chair), assessment=link.assessment)
