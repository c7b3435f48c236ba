"""Demo: Ekdala kommun procures the running of a residential care home (särskilt boende
Ekbacken) with the GUM-structured template worked in. The municipality has trained its panel and
the providers in the model, and the procurement is published with questions and answers.
Everything goes through the services, so the audit log and notifications are real."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from rodtrad.accounts.actor import Actor
from rodtrad.accounts.models import Organisation, User
from rodtrad.common import clock
from rodtrad.procurements import services
from rodtrad.procurements.models import Procurement, TeamRole
from rodtrad.qualitymodels import services as model_services
from rodtrad.qualitymodels.models import QualityModel, TrainingSession

TITLE = "Drift av särskilt boende Ekbacken"
REFERENCE = "SN 2026/0412"

GOALS = [
    "De boende upplever trygghet, värdighet och självbestämmande i vardagen.",
    "Vården är god och säker: fall, trycksår, undernäring och fel i läkemedelshanteringen "
    "förebyggs.",
    "Måltiderna är en höjdpunkt på dagen och följer den enskildes önskemål och behov.",
    "Den boende möter få och kunniga medarbetare och har en fast omsorgskontakt.",
    "Verksamheten utvecklas systematiskt tillsammans med kommunen under hela avtalstiden.",
]

REQUIREMENTS = [
    {
        "title": "Tillstånd från IVO",
        "text": "Anbudsgivaren ska ha tillstånd från Inspektionen för vård och omsorg att bedriva "
        "särskilt boende för äldre, eller ha ansökt om det före anbudstidens slut.",
        "kind": "qualification",
        "style": "detailed",
        "minimum_level": "Beviljat tillstånd senast vid avtalsstart.",
        "verification": "attachment",
        "follow_up_method": "Kontroll av tillståndet",
        "follow_up_frequency": "Vid avtalsstart och vid ändringar",
        "follow_up_responsible": "Avtalsförvaltare",
    },
    {
        "title": "Ekonomisk stabilitet",
        "text": "Anbudsgivaren ska ha ekonomisk stabilitet för att fullgöra uppdraget under hela "
        "avtalstiden.",
        "kind": "qualification",
        "style": "functional",
        "minimum_level": "Riskklass 3 eller bättre hos ett etablerat kreditupplysningsföretag, "
        "eller en likvärdig garanti.",
        "verification": "declaration",
        "follow_up_method": "Kreditupplysning",
        "follow_up_frequency": "En gång per år",
        "follow_up_responsible": "Upphandlare",
    },
    {
        "title": "Ledningssystem för kvalitet",
        "text": "Verksamheten ska ha ett ledningssystem för systematiskt kvalitetsarbete med "
        "egenkontroll, avvikelsehantering och förbättringsarbete.",
        "kind": "service",
        "style": "functional",
        "minimum_level": "Ledningssystemet är dokumenterat och känt av medarbetarna; "
        "egenkontroller genomförs enligt plan.",
        "verification": "declaration",
        "follow_up_method": "Granskning av egenkontroller och avvikelser vid uppföljningsrundan",
        "follow_up_frequency": "Två gånger per år",
        "follow_up_responsible": "Avtalsförvaltare och kvalitetsansvarig",
    },
    {
        "title": "Fast omsorgskontakt",
        "text": "Varje boende ska ha en fast omsorgskontakt som är undersköterska.",
        "kind": "service",
        "style": "functional",
        "minimum_level": "Alla boende har en namngiven fast omsorgskontakt inom sju dagar från "
        "inflyttning.",
        "verification": "declaration",
        "follow_up_method": "Stickprov i genomförandeplaner och intervjuer med boende",
        "follow_up_frequency": "Två gånger per år",
        "follow_up_responsible": "Avtalsförvaltare",
    },
    {
        "title": "Avvikelser och lex Sarah",
        "text": "Utföraren ska ha rutiner för att ta emot, utreda och lära av avvikelser och "
        "missförhållanden enligt lex Sarah, och rapportera allvarliga fall till IVO.",
        "kind": "service",
        "style": "functional",
        "minimum_level": "Rutinerna är kända av alla medarbetare; kommunen informeras om "
        "lex Sarah-rapporter inom en vecka.",
        "verification": "declaration",
        "follow_up_method": "Genomgång av avvikelsestatistik och åtgärder",
        "follow_up_frequency": "Varje kvartal",
        "follow_up_responsible": "Avtalsförvaltare",
    },
]

INDICATORS = [
    ("Helhetssyn, nöjdhet med särskilt boende", "%", "higher", "90", "U23471", [0]),
    ("Nöjdhet med måltidsmiljön", "%", "higher", "85", "U23468", [2]),
    ("Nöjdhet med bemötandet", "%", "higher", "95", "U23463", [0, 3]),
    ("Riskbedömda med planerade åtgärder (Senior alert)", "%", "higher", "90", "", [1]),
    ("Personal med adekvat utbildning", "%", "higher", "90", "", [3, 4]),
]

QUESTIONS = [
    (
        "omsorgshuset",
        "Ingår nattbemanning för hela boendet i det pris som ska anges per boendedygn?",
        "Ingår nattbemanning för hela boendet i det pris som ska anges per boendedygn?",
        "Ja. Priset per boendedygn ska omfatta all bemanning dygnet runt, även nattetid.",
    ),
    (
        "vardkraft",
        "Vi på Vårdkraft undrar om kommunen tar över befintlig personal (verksamhetsövergång)?",
        "Är det en verksamhetsövergång där befintlig personal följer med?",
        "Ja, övergången omfattas av reglerna om verksamhetsövergång i "
        "anställningsskyddslagen. Personalförteckning finns i bilaga till dokumenten.",
    ),
]


def _template_version():
    model = QualityModel.objects.get(template_key="gum-strukturerad")
    return model.versions.order_by("-number").first()


def _train(buyer: Organisation, people: dict[str, User], version) -> None:
    title = "Introduktion till kvalitetsmodellen för äldreomsorg"
    if TrainingSession.objects.filter(organisation=buyer, title=title).exists():
        return
    trainer = Actor.for_user(people["anna.upphandlare@ekdala.demo"])
    start = clock.now() - timedelta(days=20)
    session = model_services.create_training_session(
        actor=trainer,
        organisation=buyer,
        model_version=version,
        title=title,
        starts_at=start,
        ends_at=start + timedelta(hours=6),
        location="Ekdala kommunhus, sal Linden",
        trainer_email="ivar.utbildare@kvalitet.demo",
    )
    emails = [
        "bertil.ordforande@ekdala.demo",
        "cecilia.utvarderare@ekdala.demo",
        "david.utvarderare@ekdala.demo",
        "fredrik.anbud@omsorgshuset.demo",
        "hanna.anbud@vardkraft.demo",
    ]
    for email in emails:
        model_services.add_participant(actor=trainer, session=session, email=email)
    model_services.mark_attendance(
        actor=trainer, session=session, attended={people[e].pk: True for e in emails}
    )


def load(people: dict[str, User], organisations: dict[str, Organisation]) -> Procurement:
    existing = Procurement.objects.filter(reference_number=REFERENCE).first()
    if existing is not None:
        return existing
    buyer = organisations["ekdala"]
    officer = Actor.for_user(people["anna.upphandlare@ekdala.demo"])
    version = _template_version()
    _train(buyer, people, version)
    now = clock.now()
    procurement = services.create_procurement(
        actor=officer, buyer=buyer, title=TITLE, reference_number=REFERENCE
    )
    services.update_basics(
        actor=officer,
        procurement=procurement,
        basics=services.Basics(
            title=TITLE,
            reference_number=REFERENCE,
            description=(
                "Ekdala kommun upphandlar driften av det särskilda boendet Ekbacken med 48 "
                "platser, varav 16 för personer med demenssjukdom. Uppdraget omfattar omsorg, "
                "service och hälso- och sjukvård upp till sjuksköterskenivå, måltider och "
                "aktiviteter. Kvaliteten utvärderas med kommunens kvalitetsmodell, och samma "
                "modell används för uppföljning och gemensam utveckling under avtalstiden."
            ),
            cpv_codes="85311100-3",
            estimated_value="180000000",
            contract_start=(now + timedelta(days=200)).date(),
            contract_end=(now + timedelta(days=200 + 4 * 365)).date(),
            options="Möjlighet till förlängning 2 × 12 månader.",
            procedure="welfare",
            publication_date=now - timedelta(days=7),
            questions_deadline=now + timedelta(days=20),
            tender_deadline=now + timedelta(days=35),
            planned_award_date=(now + timedelta(days=70)).date(),
        ),
    )
    goals = [
        services.save_goal(actor=officer, procurement=procurement, goal=None, text=text)
        for text in GOALS
    ]
    for data in REQUIREMENTS:
        services.save_requirement(
            actor=officer, procurement=procurement, requirement=None, data=data
        )
    services.choose_model_version(actor=officer, procurement=procurement, version=version)
    for index, award in enumerate(procurement.criteria.select_related("criterion__group")):
        criterion = award.criterion
        services.update_award_criterion(
            actor=officer,
            procurement=procurement,
            award=award,
            points=award.points,
            guidance=(
                f"På Ekbacken betyder {criterion.name.lower()} att arbetssättet syns i vardagen "
                "för de 48 boende och deras närstående. Beskriv konkreta exempel, hur ni vet att "
                "arbetssättet fungerar och hur ni förbättrar det tillsammans med kommunen."
            ),
            question=f"Hur arbetar ni med {criterion.name.lower()} på ett boende som Ekbacken?",
            amount=(Decimal(award.points) * Decimal("1.5")).quantize(Decimal("0.01")),
            goal_ids=[goals[index % len(goals)].pk, goals[4].pk],
        )
    for name, unit, direction, target, kpi, goal_indexes in INDICATORS:
        services.save_indicator(
            actor=officer,
            procurement=procurement,
            indicator=None,
            name=name,
            unit=unit,
            direction=direction,
            target=target,
            kolada_kpi=kpi,
            goal_ids=[goals[i].pk for i in goal_indexes],
        )
    services.update_partnership(
        actor=officer,
        procurement=procurement,
        partnership_question=services.DEFAULT_PARTNERSHIP_QUESTION,
        follow_up_description=(
            "Kommunen och utföraren följer upp verksamheten var sjätte månad med samma modell "
            "som i upphandlingen. Båda parter värderas: utföraren på tilldelningskriterierna och "
            "kommunen som medskapare av kvaliteten. Anbudets konsensusbedömning är utgångsläget. "
            "Varje runda avslutas med en gemensam förbättringsplan och en partnerskapsbarometer."
        ),
        follow_up_months=6,
        both_parties=True,
        baseline=True,
        barometer=True,
    )
    services.set_evaluation_model(
        actor=officer,
        procurement=procurement,
        kind="value_added",
        tie_break="quality",
        price_unit="kr per boendedygn",
        hide_prices=True,
    )
    services.set_team(
        actor=officer,
        procurement=procurement,
        assignments=[
            (people["anna.upphandlare@ekdala.demo"], TeamRole.PROCUREMENT_OFFICER),
            (people["anna.upphandlare@ekdala.demo"], TeamRole.OPENER),
            (people["bertil.ordforande@ekdala.demo"], TeamRole.PANEL_CHAIR),
            (people["cecilia.utvarderare@ekdala.demo"], TeamRole.EVALUATOR),
            (people["david.utvarderare@ekdala.demo"], TeamRole.EVALUATOR),
            (people["eva.avtal@ekdala.demo"], TeamRole.OPENER),
            (people["eva.avtal@ekdala.demo"], TeamRole.CONTRACT_MANAGER),
        ],
    )
    criteria = list(procurement.criteria.all())
    for name, price, step in (
        ("Anbud A", "2250", 70),
        ("Anbud B", "2050", 40),
        ("Anbud C", "2150", 50),
    ):
        services.save_simulated_tender(
            actor=officer,
            procurement=procurement,
            tender=None,
            name=name,
            price=price,
            steps={c.pk: step for c in criteria},
        )
    services.publish(actor=officer, procurement=procurement)
    for key, text, public_text, answer in QUESTIONS:
        organisation = organisations[key]
        asker = next(u for e, u in people.items() if e.endswith(f"@{key}.demo") and "anbud" in e)
        services.register_interest(
            actor=Actor.for_user(asker), procurement=procurement, organisation=organisation
        )
        question = services.ask_question(
            actor=Actor.for_user(asker),
            procurement=procurement,
            organisation=organisation,
            text=text,
        )
        services.answer_question(
            actor=officer, question=question, public_text=public_text, answer=answer
        )
    return procurement
