"""Demo: the panel evaluates Ekbacken's three tenders with the engine (one divergent criterion
settled with a rationale in consensus), the chair reveals the prices, the procurement officer
signs the award decision, and after the standstill the contract manager registers the contract
with Omsorgshuset's consensus as the baseline. Everything through the services, with the clock
at each moment of the story."""

from __future__ import annotations

from decimal import Decimal

from rodtrad.accounts.actor import Actor
from rodtrad.accounts.models import User
from rodtrad.assessments import selectors as engine_selectors
from rodtrad.assessments import services as engine
from rodtrad.award import services as award_services
from rodtrad.common import clock
from rodtrad.contracts import services as contract_services
from rodtrad.contracts.models import Contract
from rodtrad.demo.self_assessments import IMPROVEMENTS, STRENGTHS, _pick, _step
from rodtrad.evaluations import services
from rodtrad.evaluations.models import TenderEvaluation
from rodtrad.procurements.models import Procurement, ProcurementStatus

CHAIR = "bertil.ordforande@ekdala.demo"
EVALUATORS = ("cecilia.utvarderare@ekdala.demo", "david.utvarderare@ekdala.demo")
OFFICER = "anna.upphandlare@ekdala.demo"
CONTRACT_MANAGER = "eva.avtal@ekdala.demo"
# The level the panel finds in each tenderer's answers (organisation number → step).
LEVELS = {"omsorgshuset": 70, "vardkraft": 50, "tryggahander": 40}
DIVERGENT_RATIONALE = (
    "Panelen enades om steget efter att ha läst beskrivningen av uppföljningen igen: rutinen "
    "finns men anbudet visar inte att den används på alla enheter."
)


def _level(link: TenderEvaluation, organisations) -> int:
    for key, organisation in organisations.items():
        if organisation.pk == link.tender.organisation_id and key in LEVELS:
            return LEVELS[key]
    return 50


def load(procurement: Procurement, people: dict[str, User], organisations, story) -> None:
    if procurement.status != ProcurementStatus.EVALUATION:
        return
    as_ = Actor.for_user
    chair = as_(people[CHAIR])
    panel = [people[CHAIR], *(people[e] for e in EVALUATORS)]
    with clock.frozen_at(story.evaluation_started):
        services.start_evaluation(actor=chair, procurement=procurement)
        for person in panel:
            services.sign_declaration(actor=as_(person), procurement=procurement)
    links = list(
        TenderEvaluation.objects.filter(procurement=procurement)
        .select_related("assessment", "tender")
        .order_by("tender__opened__position")
    )
    discussed = None  # the criterion the panel had to talk through
    with clock.frozen_at(story.individual_done):
        for link in links:
            level = _level(link, organisations)
            assessment = link.assessment
            items = list(assessment.scope.select_related("criterion").order_by("order"))
            for index, person in enumerate(panel):
                for number, item in enumerate(items):
                    topic = item.criterion.name.lower()
                    seed = f"{assessment.title}/{person.email}/{item.criterion.code}"
                    step = _step(seed, level)
                    # One evaluator reads the first tender's second criterion far more kindly.
                    if link is links[0] and number == 1 and index == 2:
                        step = min(100, level + 40)
                        discussed = item.pk
                    engine.save_individual_score(
                        actor=as_(person),
                        assessment=assessment,
                        item=item,
                        percent=step,
                        strengths=[str(_pick(seed + "s", STRENGTHS)).format(topic=topic)],
                        improvements=[str(_pick(seed + "i", IMPROVEMENTS)).format(topic=topic)],
                    )
                engine.submit_individual(actor=as_(person), assessment=assessment)
    with clock.frozen_at(story.consensus):
        for link in links:
            assessment = link.assessment
            engine.start_consensus(actor=chair, assessment=assessment)
            assessment.refresh_from_db()
            for row in engine_selectors.consensus_rows(chair, assessment):
                percent = row.suggested
                rationale = ""
                if row.item.pk == discussed and row.suggested is not None:
                    percent = max(0, row.suggested - 10)
                    rationale = DIVERGENT_RATIONALE
                engine.save_consensus(
                    actor=chair,
                    assessment=assessment,
                    item=row.item,
                    percent=percent,
                    rationale=rationale,
                    strengths=row.consensus.strengths if row.consensus else [],
                    improvements=row.consensus.improvements if row.consensus else [],
                    revision=row.consensus.revision if row.consensus else 0,
                    suggested=row.suggested,
                )
            engine.finalise(actor=chair, assessment=assessment)
    procurement.refresh_from_db()
    with clock.frozen_at(story.prices_revealed):
        services.reveal_prices(actor=chair, procurement=procurement)
    with clock.frozen_at(story.award_decided):
        award_services.sign_decision(
            actor=as_(people[OFFICER]),
            procurement=Procurement.objects.get(pk=procurement.pk),
            justification=(
                "Omsorgshuset Ek AB visar den mest mogna kvalitetsledningen och ger det lägsta "
                "jämförelsetalet även med det högsta priset."
            ),
        )
    with clock.frozen_at(story.contract_signed):
        procurement = Procurement.objects.get(pk=procurement.pk)
        if Contract.objects.filter(procurement=procurement).exists():
            return
        manager = people[CONTRACT_MANAGER]
        contract_services.register_contract(
            actor=as_(manager),
            procurement=procurement,
            lot_id=procurement.lots.get().pk,
            terms=contract_services.ContractTerms(
                signed_on=story.contract_signed.date(),
                starts_on=story.contract_start,
                ends_on=story.contract_end,
                latest_end_on=story.contract_end.replace(year=story.contract_end.year + 2),
                value=Decimal("176000000.00"),
                manager=manager,
                reference=f"AVT {story.contract_signed.year}-017",
                note="Avtalet undertecknat digitalt av båda parter.",
            ),
        )
