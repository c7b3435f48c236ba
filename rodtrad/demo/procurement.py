"""Demo: Ekdala kommun procures the running of a residential care home (särskilt boende
Ekbacken) with the GUM-structured template worked in, having trained its panel and the
providers in the model; the procurement was published with questions and answers, received
three tenders, opened and qualified them (see timeline.py for when). A second procurement, home
care in the north of Ekdala, is open for tenders today. Everything goes through the services
with the application clock set to each moment, so the audit log tells the story in order."""

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
DESCRIPTION = (
    "Ekdala kommun upphandlar driften av det särskilda boendet Ekbacken med 48 platser, varav "
    "16 för personer med demenssjukdom. Uppdraget omfattar omsorg, service och hälso- och "
    "sjukvård upp till sjuksköterskenivå, måltider och aktiviteter. Kvaliteten utvärderas med "
    "kommunens kvalitetsmodell, och samma modell används för uppföljning och gemensam "
    "utveckling under avtalstiden."
)

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
    start = clock.now()
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
        "johan.anbud@tryggahander.demo",
    ]
    for email in emails:
        model_services.add_participant(actor=trainer, session=session, email=email)
    with clock.frozen_at(start + timedelta(hours=7)):
        model_services.mark_attendance(
            actor=trainer, session=session, attended={people[e].pk: True for e in emails}
        )


TEAM = [
    ("anna.upphandlare@ekdala.demo", TeamRole.PROCUREMENT_OFFICER),
    ("anna.upphandlare@ekdala.demo", TeamRole.OPENER),
    ("bertil.ordforande@ekdala.demo", TeamRole.PANEL_CHAIR),
    ("cecilia.utvarderare@ekdala.demo", TeamRole.EVALUATOR),
    ("david.utvarderare@ekdala.demo", TeamRole.EVALUATOR),
    ("eva.avtal@ekdala.demo", TeamRole.OPENER),
    ("eva.avtal@ekdala.demo", TeamRole.CONTRACT_MANAGER),
]


def _build(
    *,
    people: dict[str, User],
    buyer: Organisation,
    title: str,
    reference: str,
    description: str,
    basics: dict,
    goals_texts: list[str],
    requirements: list[dict],
    indicators: list,
    price_unit: str,
    simulated: tuple,
) -> Procurement:
    """A complete draft through the services (the clock is set by the caller)."""
    officer = Actor.for_user(people["anna.upphandlare@ekdala.demo"])
    procurement = services.create_procurement(
        actor=officer, buyer=buyer, title=title, reference_number=reference
    )
    services.update_basics(
        actor=officer,
        procurement=procurement,
        basics=services.Basics(
            title=title, reference_number=reference, description=description, **basics
        ),
    )
    goals = [
        services.save_goal(actor=officer, procurement=procurement, goal=None, text=text)
        for text in goals_texts
    ]
    for data in requirements:
        services.save_requirement(
            actor=officer, procurement=procurement, requirement=None, data=data
        )
    services.choose_model_version(
        actor=officer, procurement=procurement, version=_template_version()
    )
    for index, award in enumerate(procurement.criteria.select_related("criterion__group")):
        criterion = award.criterion
        services.update_award_criterion(
            actor=officer,
            procurement=procurement,
            award=award,
            points=award.points,
            guidance=(
                f"Här betyder {criterion.name.lower()} att arbetssättet syns i vardagen för de "
                "äldre och deras närstående. Beskriv konkreta exempel, hur ni vet att "
                "arbetssättet fungerar och hur ni förbättrar det tillsammans med kommunen."
            ),
            question=f"Hur arbetar ni med {criterion.name.lower()} i det här uppdraget?",
            amount=(Decimal(award.points) * Decimal("1.5")).quantize(Decimal("0.01")),
            goal_ids=[goals[index % len(goals)].pk, goals[-1].pk],
        )
    for name, unit, direction, target, kpi, goal_indexes in indicators:
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
        price_unit=price_unit,
        hide_prices=True,
    )
    services.set_team(
        actor=officer,
        procurement=procurement,
        assignments=[(people[email], role) for email, role in TEAM],
    )
    criteria = list(procurement.criteria.all())
    for name, price, step in simulated:
        services.save_simulated_tender(
            actor=officer,
            procurement=procurement,
            tender=None,
            name=name,
            price=price,
            steps={c.pk: step for c in criteria},
        )
    return procurement


def _questions(procurement, people, organisations, questions) -> None:
    officer = Actor.for_user(people["anna.upphandlare@ekdala.demo"])
    for key, text, public_text, answer in questions:
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


def load(people: dict[str, User], organisations: dict[str, Organisation]) -> Procurement:
    from rodtrad.demo.timeline import Story

    story = Story.now()
    buyer = organisations["ekdala"]
    with clock.frozen_at(story.training):
        _train(buyer, people, _template_version())
    reference = f"SN {story.created.year}/0412"
    existing = Procurement.objects.filter(reference_number=reference).first()
    if existing is not None:
        procurement = existing
    else:
        with clock.frozen_at(story.created):
            procurement = _build(
                people=people,
                buyer=buyer,
                title=TITLE,
                reference=reference,
                description=DESCRIPTION,
                basics={
                    "cpv_codes": "85311100-3",
                    "estimated_value": "180000000",
                    "contract_start": story.contract_start,
                    "contract_end": story.contract_end,
                    "options": "Möjlighet till förlängning 2 × 12 månader.",
                    "procedure": "welfare",
                    "publication_date": story.published,
                    "questions_deadline": story.questions_deadline,
                    "tender_deadline": story.tender_deadline,
                    "planned_award_date": (story.tender_deadline + timedelta(days=45)).date(),
                },
                goals_texts=GOALS,
                requirements=REQUIREMENTS,
                indicators=INDICATORS,
                price_unit="kr per boendedygn",
                simulated=(
                    ("Anbud A", "2250", 70),
                    ("Anbud B", "2050", 40),
                    ("Anbud C", "2150", 50),
                ),
            )
        officer = Actor.for_user(people["anna.upphandlare@ekdala.demo"])
        with clock.frozen_at(story.published):
            services.publish(actor=officer, procurement=procurement)
        with clock.frozen_at(story.questions):
            _questions(procurement, people, organisations, QUESTIONS)
    from rodtrad.demo import tenders

    tenders.load(procurement, people, organisations, story)
    from rodtrad.demo import evaluation

    evaluation.load(Procurement.objects.get(pk=procurement.pk), people, organisations, story)
    from rodtrad.demo import followup

    followup.load(procurement, people, story)
    _home_care(people, organisations, story)
    return procurement


def _home_care(people, organisations, story) -> None:
    reference = f"SN {story.today.year}/0588"
    if Procurement.objects.filter(reference_number=reference).exists():
        return
    today = clock.now()
    with clock.frozen_at(story.home_care_published - timedelta(days=10)):
        procurement = _build(
            people=people,
            buyer=organisations["ekdala"],
            title="Hemtjänst i Ekdala norra",
            reference=reference,
            description=(
                "Ekdala kommun upphandlar hemtjänst i kommundelen Norra enligt lagen om "
                "valfrihetssystem-liknande villkor: omsorg och service i hemmet för omkring 140 "
                "personer, dygnet runt. Kvaliteten utvärderas med kommunens kvalitetsmodell."
            ),
            basics={
                "cpv_codes": "85312400-3, 85311100-3",
                "estimated_value": "95000000",
                "contract_start": (today + timedelta(days=180)).date(),
                "contract_end": (today + timedelta(days=180 + 3 * 365)).date(),
                "options": "Möjlighet till förlängning 1 × 12 månader.",
                "procedure": "welfare",
                "publication_date": story.home_care_published,
                "questions_deadline": today + timedelta(days=10),
                "tender_deadline": today + timedelta(days=25),
                "planned_award_date": (today + timedelta(days=60)).date(),
            },
            goals_texts=[
                "Den enskilde bestämmer när och hur hjälpen ges.",
                "Den enskilde möter få medarbetare och har en fast omsorgskontakt.",
                "Insatserna samordnas med hälso- och sjukvården och med närstående.",
                "Verksamheten utvecklas systematiskt tillsammans med kommunen.",
            ],
            requirements=REQUIREMENTS[1:4],
            indicators=[
                (
                    "Antal personal som besöker en person under 14 dagar",
                    "st",
                    "lower",
                    "12",
                    "U21401",
                    [1],
                ),
                ("Nöjdhet med hemtjänsten", "%", "higher", "92", "U21468", [0, 2]),
            ],
            price_unit="kr per utförd timme",
            simulated=(("Anbud A", "460", 70), ("Anbud B", "420", 40)),
        )
    officer = Actor.for_user(people["anna.upphandlare@ekdala.demo"])
    with clock.frozen_at(story.home_care_published):
        services.publish(actor=officer, procurement=procurement)
    with clock.frozen_at(story.home_care_published + timedelta(days=3)):
        _questions(
            procurement,
            people,
            organisations,
            [
                (
                    "tryggahander",
                    "Hur räknas restid mellan besöken – ingår den i timpriset?",
                    "Hur räknas restid mellan besöken – ingår den i timpriset?",
                    "Ja. Timpriset avser utförd tid hos den enskilde och ska täcka restid.",
                )
            ],
        )
