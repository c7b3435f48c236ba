"""Award: the procurement report PDF (individuell rapport) and a tenderer's feedback PDF for a
procurement with twelve qualified tenders, 40 award criteria and a panel of three (the chair and
two evaluators), every consensus final and the award decision signed."""

from __future__ import annotations

import io
import statistics
import time
from collections.abc import Callable

from django.db import transaction

from bench.harness import Client, scenario
from bench.scenarios_assessments import _version
from rodtrad.accounts.actor import Actor
from rodtrad.assessments import selectors as engine_selectors
from rodtrad.assessments import services as engine
from rodtrad.award import services as award_services
from rodtrad.common import clock
from rodtrad.evaluations import services as evaluation_services
from rodtrad.evaluations.models import TenderEvaluation
from rodtrad.procurements.models import Procurement
from rodtrad.tenders import services as tender_services
from rodtrad.tenders.models import Tender
from tests.personas import create_personas
from tests.procurements.factories import make_procurement
from tests.tenders.buyer_helpers import open_now, tenderers
from tests.tenders.factories import write_tender

TENDERS = 12
CRITERIA = 40
REPEAT = 11


def _samples(function: Callable[[], object], repeat: int = REPEAT) -> dict:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        samples.append(time.perf_counter() - started)
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "median_ms": round(statistics.median(samples) * 1000, 1),
        "p95_ms": round(p95 * 1000, 1),
        "runs": repeat,
    }


def _pages(content: bytes) -> int | None:
    try:
        from pypdf import PdfReader
    except ImportError:  # a test dependency; the figure is optional
        return None
    return len(PdfReader(io.BytesIO(content)).pages)


def _world():
    """Twelve tenders through opening, qualification, evaluation by three, consensus and the
    signed decision, all through the services."""
    personas = create_personas()
    actor = Actor.for_user
    procurement = make_procurement(personas, publish=True, version=_version(CRITERIA))
    tenders = [
        write_tender(procurement, author, organisation, price=f"{2000 + 7 * i}.50", submit=True)
        for i, (organisation, author) in enumerate(tenderers(personas, TENDERS))
    ]
    procurement, tenders = open_now(personas, procurement, tenders)
    officer, chair = actor(personas.procurement_officer), actor(personas.panel_chair)
    requirements = list(procurement.requirements.order_by("order", "id"))
    for tender in tenders:
        for requirement in requirements:
            tender_services.decide_requirement(
                actor=officer, tender=tender, requirement=requirement, fulfilled=True, reason=""
            )
        tender_services.conclude(actor=officer, tender=Tender.objects.get(pk=tender.pk))
    procurement.refresh_from_db()
    tender_services.complete_qualification(actor=officer, procurement=procurement)
    procurement.refresh_from_db()
    evaluation_services.start_evaluation(actor=chair, procurement=procurement)
    panel = [personas.panel_chair, personas.evaluator, personas.evaluator_2]
    for user in panel:
        evaluation_services.sign_declaration(actor=actor(user), procurement=procurement)
    position = {t.pk: i for i, t in enumerate(tenders)}
    links = TenderEvaluation.objects.filter(procurement=procurement).select_related("assessment")
    for link in links:
        assessment = link.assessment
        items = list(assessment.scope.select_related("criterion"))
        for n, user in enumerate(panel):
            for item in items:
                engine.save_individual_score(
                    actor=actor(user),
                    assessment=assessment,
                    item=item,
                    percent=50 + 10 * n,
                    strengths=[
                        f"{user.full_name}: genomförandeplanerna för {item.criterion.code} "
                        "följs upp varje månad tillsammans med den enskilde och anhöriga."
                    ]
                    * 2,
                    improvements=[
                        f"{user.full_name}: rutinen för {item.criterion.code} saknar en "
                        "tydlig ansvarsfördelning vid personalbyten och sjukfrånvaro."
                    ],
                )
            engine.submit_individual(actor=actor(user), assessment=assessment)
        engine.start_consensus(actor=chair, assessment=assessment)
        assessment.refresh_from_db()
        step = 40 + 10 * (position[link.tender_id] % 6)
        for row in engine_selectors.consensus_rows(chair, assessment):
            engine.save_consensus(
                actor=chair,
                assessment=assessment,
                item=row.item,
                percent=step,
                rationale="Panelen är enig: arbetssättet är beskrivet, infört och följs upp, "
                "men förbättringarna är ännu inte systematiska i hela verksamheten.",
                strengths=row.consensus.strengths,
                improvements=row.consensus.improvements,
                revision=row.consensus.revision,
                suggested=row.suggested,
            )
        assessment.refresh_from_db()
        engine.finalise(actor=chair, assessment=assessment)
    evaluation_services.reveal_prices(actor=chair, procurement=procurement)
    procurement = Procurement.objects.get(pk=procurement.pk)
    award_services.sign_decision(actor=officer, procurement=procurement, justification="")
    return personas, procurement, tenders


@scenario(
    f"award: procurement report and feedback PDF, {TENDERS} tenders x {CRITERIA} criteria, "
    "3 evaluators"
)
def award_pdfs() -> dict:
    try:
        with transaction.atomic():
            result = _award_pdfs()
            transaction.set_rollback(True)  # the next scenario makes the same people again
    finally:
        clock.reset()
    return result


def _award_pdfs() -> dict:
    started = time.perf_counter()
    personas, procurement, tenders = _world()
    setup_s = time.perf_counter() - started
    buyer = Client()
    buyer.force_login(personas.procurement_officer)
    tenderer = Client()
    tenderer.force_login(personas.provider_b_author)
    report_url = f"/procurements/{procurement.pk}/award/report.pdf"
    feedback_url = f"/tenders/{tenders[1].pk}/award/feedback.pdf"
    report = buyer.get(report_url)
    feedback = tenderer.get(feedback_url)
    assert report.status_code == 200 and feedback.status_code == 200
    return {
        "setup_s": round(setup_s, 1),
        "procurement_report_pdf": {
            **_samples(lambda: buyer.get(report_url)),
            "kb": round(len(report.content) / 1024, 1),
            "pages": _pages(report.content),
        },
        "tender_feedback_pdf": {
            **_samples(lambda: tenderer.get(feedback_url)),
            "kb": round(len(feedback.content) / 1024, 1),
            "pages": _pages(feedback.content),
        },
    }
