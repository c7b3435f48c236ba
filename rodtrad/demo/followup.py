"""Demo: two years of follow-up of the Ekbacken contract (phase D). Both contract teams are
formed and agree a partnership charter; the indicators are taken over from the procurement and
filled by hand and from Kolada; every round that has fallen due is run to final by a mixed panel
(self-descriptions, both parties assessed, consensus, barometer, next steps) and its improvement
areas become actions. The next round is left planned.

Every step goes through the services with the clock frozen at its moment of the story; the steps
are run in time order, so the audit log tells the story in order. Loading is idempotent: once
the charter exists the follow-up has been loaded (the demo loads in one transaction)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from functools import partial

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from rodtrad.accounts.actor import Actor
from rodtrad.accounts.models import User
from rodtrad.assessments import selectors as engine_selectors
from rodtrad.assessments import services as engine
from rodtrad.assessments.models import Assessment
from rodtrad.common import clock
from rodtrad.contracts import services as contract_services
from rodtrad.contracts.models import Contract, ContractMember, Party
from rodtrad.demo.timeline import Story
from rodtrad.followup import services as followup_services
from rodtrad.followup.models import FollowUpRound, RoundStatus
from rodtrad.improvements import services as improvement_services
from rodtrad.improvements.models import ImprovementAction
from rodtrad.indicators import services as indicator_services
from rodtrad.indicators.models import Indicator
from rodtrad.partnership import barometer
from rodtrad.partnership import services as partnership_services
from rodtrad.partnership.models import CharterVersion
from rodtrad.procurements.models import Procurement

MANAGER = "eva.avtal@ekdala.demo"
CHAIR = "bertil.ordforande@ekdala.demo"
EVALUATORS = ("cecilia.utvarderare@ekdala.demo", "david.utvarderare@ekdala.demo")
PROVIDER_ADMIN = "fredrik.anbud@omsorgshuset.demo"
QUALITY_LEAD = "greta.kvalitet@omsorgshuset.demo"
UNIT_MANAGER = "karin.enhetschef@omsorgshuset.demo"
BUYER_TEAM = (CHAIR, *EVALUATORS)
PANEL = (MANAGER, CHAIR, EVALUATORS[0], QUALITY_LEAD)  # the manager chairs
RESPONDENTS = {
    Party.BUYER: (MANAGER, CHAIR, *EVALUATORS),
    Party.PROVIDER: (PROVIDER_ADMIN, QUALITY_LEAD, UNIT_MANAGER),
}
MUNICIPALITY = "1299"  # Ekdala's (made-up) municipality id in Kolada

# The level each party is assessed at per round (percent before rounding to the scale): the
# provider from its tender level upwards, its results from lower, the buyer from about half.
PROVIDER_LEVELS = (74, 78, 81, 85)
RESULTS_LEVELS = (52, 57, 61, 66)
BUYER_LEVELS = (51, 56, 60, 65)
DISCUSSED = (2, "3.3")  # round 2: the provider's deviations, settled in consensus
DISCUSSED_RATIONALE = (
    "Omsorgshusets kvalitetsansvariga bedömde att den nya avvikelserutinen redan ger effekt. "
    "Panelen gick igenom vårens avvikelserapporter tillsammans och enades om ett steg under "
    "förslaget: rutinen är införd, men orsakerna analyseras ännu inte systematiskt."
)

STRENGTHS = [
    "Rutinen för {topic} används nu på alla avdelningar, vilket syntes i stickproven.",
    "Medarbetarna beskrev samstämmigt hur de arbetar med {topic}.",
    "Resultaten för {topic} följs upp på arbetsplatsträffarna varje månad.",
    "Boende och närstående bekräftade arbetet med {topic} i intervjuerna.",
]
IMPROVEMENTS = [
    "Dokumentationen av {topic} skiljer sig mellan dag- och nattpersonal.",
    "Mät om förändringarna i {topic} ger effekt för de boende.",
    "Vikarier och nya medarbetare introduceras inte i {topic}.",
    "Återkoppla resultaten för {topic} till medarbetarna och de boende.",
]
BUYER_STRENGTHS = [
    "Kommunen ger utföraren tydliga förutsättningar för {topic}.",
    "Avtalsförvaltaren följer upp {topic} i dialog och inte bara som kontroll.",
    "Kommunen delar sina egna uppgifter om {topic} med utföraren.",
]
BUYER_IMPROVEMENTS = [
    "Kommunens återkoppling om {topic} kommer sent i förhållande till utförarens planering.",
    "Biståndsenheten och utföraren saknar en gemensam bild av {topic}.",
    "Kommunen bör följa upp sina egna åtaganden för {topic} lika noga som utförarens.",
]
# Improvement areas the chair writes in consensus, first in the list: (round, party, criterion).
AREAS: dict[tuple[int, str, str], str] = {
    (1, Party.PROVIDER, "1.3"): "Måltiderna är stressade och de boende har litet inflytande "
    "över vad som serveras.",
    (1, Party.BUYER, "2.2"): "Samverkan med primärvården bygger på enskilda personer; det finns "
    "inget fast forum där kommunens sjuksköterskor, vårdcentralen och Ekbacken möts.",
    (2, Party.PROVIDER, "3.3"): "Avvikelserna sammanställs men orsakerna analyseras inte, så "
    "samma typ av händelse kommer tillbaka.",
    (2, Party.PROVIDER, "8.2"): "Helgerna bemannas till stor del med timanställda, vilket ger "
    "många nya ansikten för de boende.",
    (3, Party.PROVIDER, "9.1"): "De boendes nöjdhet ökar men ligger under målet; resultaten "
    "har inte gåtts igenom med de boende och deras närstående.",
}

PROVIDER_DESCRIPTIONS = (
    "Sedan starten har vi infört våra rutiner för {topic} på Ekbacken och gått igenom dem med "
    "alla medarbetare. Vi följer upp i egenkontrollen varje månad.",
    "Vi har följt upp arbetet med {topic} i egenkontrollen och justerat rutinen efter vårens "
    "avvikelser och synpunkter.",
    "Arbetet med {topic} är en del av vardagen. Vi mäter resultatet varje kvartal och har "
    "börjat jämföra oss med andra boenden i Ekdala.",
    "Resultaten för {topic} har förbättrats under året. Vi arbetar vidare med de "
    "förbättringsområden vi kom överens om i förra rundan.",
)
BUYER_DESCRIPTIONS = (
    "Kommunen har överlämnat verksamheten och gett Ekbacken tillgång till våra uppgifter om "
    "{topic}.",
    "Avtalsförvaltaren har följt upp {topic} på de månatliga mötena och återkopplat skriftligt.",
    "Kommunen har tagit fram ett gemensamt underlag om {topic} tillsammans med utföraren.",
    "Kommunen har följt upp sina egna åtaganden för {topic} och redovisat dem i dialogen.",
)
EVIDENCE = "Egenkontroll och avvikelsesammanställning, {month}"

NEXT_STEPS = (
    "Omsorgshuset inför måltidsvärdar och måltidsråd på alla avdelningar. Kommunen bjuder in "
    "vårdcentralen till ett fast samverkansforum. Nästa runda följer upp båda.",
    "Omsorgshuset analyserar avvikelserna per kvartal och ser över helgbemanningen. Parterna "
    "reviderar samverkansöverenskommelsen inför det andra avtalsåret.",
    "Resultaten från Vad tycker de äldre om äldreomsorgen gås igenom med boenderådet. Kommunen "
    "och Omsorgshuset tar fram en gemensam plan för väntetiden till inflyttning.",
    "Parterna fortsätter med planen för de boendes nöjdhet och följer upp väntetiden varje "
    "kvartal. Inför nästa runda utvärderas samverkansöverenskommelsen efter två år.",
)

CHARTER = partnership_services.CharterText(
    goals=(
        "De boende på Ekbacken upplever trygghet, värdighet och självbestämmande, och vården är "
        "god och säker. Vi mäter det med de boendes egna svar och med kvalitetsmodellen."
    ),
    collaboration=(
        "Avtalsförvaltaren och enhetschefen träffas varje månad. Var sjätte månad genomför vi en "
        "uppföljningsrunda med en gemensam panel från båda parter, en förbättringsplan och "
        "partnerskapsbarometern."
    ),
    room_for_action=(
        "Omsorgshuset får pröva nya arbetssätt inom avtalets ram när det gynnar de boende, och "
        "berättar för kommunen i förväg om förändringar som märks för de boende."
    ),
    feedback_use=(
        "Anbudets återkopplingsrapport och konsensuspoäng är utgångsläget. Förbättringsområdena "
        "blir den första förbättringsplanen, och varje runda jämförs med anbudet."
    ),
)
CHARTER_V2 = partnership_services.CharterText(
    goals=CHARTER.goals
    + " Under år två prioriterar vi de boendes nöjdhet och en kortare väntetid till inflyttning.",
    collaboration=CHARTER.collaboration
    + " Boenderådet bjuds in till varannan uppföljningsrunda, och kommunens biståndsenhet deltar "
    "i ett kvartalsmöte om platser och inflyttning.",
    room_for_action=(
        "Omsorgshuset bestämmer själv över schema och bemanning inom avtalets krav. Större "
        "förändringar av verksamheten stäms av på månadsmötet; kommunen svarar inom två veckor."
    ),
    feedback_use=CHARTER.feedback_use,
)

# The barometer: each party's reading per round (1–5), with conditions read differently.
BAROMETER_LEVELS = {Party.BUYER: (3.4, 3.7, 4.0, 4.2), Party.PROVIDER: (3.0, 3.4, 3.7, 4.0)}
BAROMETER_ADJUST = {
    (Party.PROVIDER, "room_for_action"): -1.3,
    (Party.PROVIDER, "clarity"): -0.4,
    (Party.BUYER, "openness"): -0.4,
    (Party.BUYER, "learning"): 0.3,
}
BAROMETER_COMMENTS = {
    (1, PROVIDER_ADMIN, "room_for_action"): "Vi behöver kunna ändra schemat utan att fråga "
    "kommunen varje gång.",
    (1, CHAIR, "dialogue"): "Bra möten, men protokollen kommer sent.",
    (2, QUALITY_LEAD, "clarity"): "Det är oklart vem på kommunen som äger frågan om inflyttning.",
    (3, UNIT_MANAGER, "room_for_action"): "Fortfarande mycket som ska stämmas av innan vi får "
    "pröva något nytt.",
    (3, MANAGER, "learning"): "Uppföljningsrundorna har blivit ett gemensamt lärande, inte "
    "en kontroll.",
    (4, EVALUATORS[0], "trust"): "Vi gör det vi har lovat varandra.",
    (4, UNIT_MANAGER, "openness"): "Avvikelser diskuteras öppet med kommunen nu.",
}

# Ekdala's values in Kolada: KPI → {years before this year: value (None: no value)}.
KOLADA: dict[str, dict[int, float | None]] = {
    "U23471": {4: 81.0, 3: 79.0, 2: 84.0, 1: 87.0},
    "U23463": {4: 90.0, 3: 89.0, 2: 93.0, 1: 96.0},
    "U23468": {4: 70.0, 3: 72.0, 2: 78.0, 1: 83.0},
    "U23401": {4: None, 3: 55.0, 2: 44.0, 1: 36.0},
}
WAITING_DAYS = ("Väntetid till särskilt boende", "dagar", "lower", "30", "U23401")
# Values the provider enters by hand for the indicators Kolada does not have (year offset).
MANUAL = {
    "Riskbedömda med planerade åtgärder (Senior alert)": {2: "78", 1: "88"},
    "Personal med adekvat utbildning": {2: "84", 1: "91"},
}


def _hash(seed: str) -> int:
    return int(hashlib.sha256(seed.encode()).hexdigest(), 16)


def _pick(seed: str, options) -> str:
    return options[_hash(seed) % len(options)]


def _to_step(value: float) -> int:
    return max(0, min(100, int((value + 5) // 10 * 10)))


class _Story:
    """The follow-up of one contract as steps in time: each step a moment and what happens."""

    def __init__(self, contract: Contract, people: dict[str, User], story: Story) -> None:
        self.contract_id = contract.pk
        self.people = people
        self.story = story
        self.actors: dict[str, Actor] = {}
        self.steps: list[tuple[datetime, Callable[[], None]]] = []
        self.actions: dict[str, ImprovementAction] = {}

    # --- helpers ---------------------------------------------------------------------------

    def at(self, moment: datetime, step: Callable[[], None]) -> None:
        self.steps.append((moment, step))

    def run(self) -> None:
        for moment, step in sorted(self.steps, key=lambda s: s[0]):
            with clock.frozen_at(moment):
                step()

    def actor(self, email: str) -> Actor:
        if email not in self.actors:
            self.actors[email] = Actor.for_user(self.people[email])
        return self.actors[email]

    def contract(self) -> Contract:
        return Contract.objects.select_related("buyer", "provider", "procurement").get(
            pk=self.contract_id
        )

    def round(self, number: int) -> FollowUpRound:
        round = FollowUpRound.objects.select_related("provider_assessment", "buyer_assessment").get(
            contract_id=self.contract_id, number=number
        )
        round.contract = self.contract()
        return round

    # --- phase D, step by step -------------------------------------------------------------

    def teams(self) -> None:
        contract = self.contract()
        on_team = set(
            ContractMember.objects.filter(contract=contract).values_list("user_id", flat=True)
        )
        for party, emails, by in (
            (Party.BUYER, BUYER_TEAM, MANAGER),
            (Party.PROVIDER, (UNIT_MANAGER,), PROVIDER_ADMIN),
        ):
            for email in emails:
                if self.people[email].pk not in on_team:
                    contract_services.add_team_member(
                        actor=self.actor(by),
                        contract=contract,
                        party=party,
                        user=self.people[email],
                    )

    def charter(self) -> None:
        def write(email: str, text: partnership_services.CharterText) -> Callable[[], None]:
            def step() -> None:
                partnership_services.write_charter(
                    actor=self.actor(email), contract=self.contract(), text=text
                )

            return step

        def sign(email: str, party: str) -> Callable[[], None]:
            def step() -> None:
                contract = self.contract()
                newest = CharterVersion.objects.filter(contract=contract).latest("number")
                partnership_services.sign_charter(
                    actor=self.actor(email), contract=contract, version=newest, party=party
                )

            return step

        story = self.story
        self.at(story.charter_written, write(MANAGER, CHARTER))
        self.at(story.charter_signed_by_provider, sign(PROVIDER_ADMIN, Party.PROVIDER))
        self.at(story.charter_agreed, sign(MANAGER, Party.BUYER))
        self.at(story.charter_revised, write(QUALITY_LEAD, CHARTER_V2))
        self.at(story.charter_revision_signed_by_provider, sign(QUALITY_LEAD, Party.PROVIDER))
        self.at(story.charter_revision_agreed, sign(MANAGER, Party.BUYER))

    def indicators(self) -> None:
        """The manager takes over the procurement's planned indicators, points the Kolada ones
        at Ekdala and adds the waiting time to a place."""
        manager = self.actor(MANAGER)
        contract = self.contract()
        indicator_services.take_over_planned(actor=manager, contract=contract)
        for indicator in Indicator.objects.filter(contract=contract).exclude(kolada_kpi=""):
            indicator_services.save_indicator(
                actor=manager,
                contract=contract,
                indicator=indicator,
                data=indicator_services.IndicatorData(
                    name=indicator.name,
                    unit=indicator.unit,
                    direction=indicator.direction,
                    target=indicator.target,
                    goal_id=indicator.goal_id,
                    criterion_id=indicator.criterion_id,
                    kolada_kpi=indicator.kolada_kpi,
                    kolada_municipality=MUNICIPALITY,
                ),
            )
        name, unit, direction, target, kpi = WAITING_DAYS
        indicator_services.save_indicator(
            actor=manager,
            contract=contract,
            indicator=None,
            data=indicator_services.IndicatorData(
                name=name,
                unit=unit,
                direction=direction,
                target=target,
                kolada_kpi=kpi,
                kolada_municipality=MUNICIPALITY,
            ),
        )

    def kolada_import(self, offsets: tuple[int, ...]) -> None:
        """The manager imports Ekdala's values from a Kolada file: preview, then confirm."""
        year = self.story.today.year
        items = [
            {
                "kpi": kpi,
                "municipality": MUNICIPALITY,
                "period": year - offset,
                "values": [{"gender": "T", "value": values[offset], "count": 1, "status": ""}],
            }
            for kpi, values in KOLADA.items()
            for offset in offsets
        ]
        pages = {"count": len(items), "values": items, "next_page": None}
        upload = SimpleUploadedFile(
            f"kolada-ekdala-{year - min(offsets)}.json",
            json.dumps(pages).encode(),
            content_type="application/json",
        )
        contract = self.contract()
        manager = self.actor(MANAGER)
        preview = indicator_services.preview_upload(actor=manager, contract=contract, upload=upload)
        indicator_services.confirm_import(actor=manager, contract=contract, preview=preview)

    def manual_values(self, offset: int) -> None:
        contract = self.contract()
        year = self.story.today.year - offset
        for name, values in MANUAL.items():
            indicator_services.record_value(
                actor=self.actor(QUALITY_LEAD),
                contract=contract,
                indicator=Indicator.objects.get(contract=contract, name=name),
                period=str(year),
                value=values[offset],
            )

    # --- a round ---------------------------------------------------------------------------

    def follow_up_round(self, number: int, due_on: date) -> None:
        moments = self.story.round_moments(due_on)
        self.at(moments.started, lambda: self.start(number))
        self.at(moments.provider_described, lambda: self.describe(number, Party.PROVIDER))
        self.at(moments.buyer_described, lambda: self.describe(number, Party.BUYER))
        self.at(moments.opened, lambda: self.open(number))
        self.at(moments.declared, lambda: self.declare(number))
        self.at(moments.scored, lambda: self.score(number))
        self.at(moments.barometer, lambda: self.answer_barometer(number))
        self.at(moments.consensus, lambda: self.consensus(number))
        self.at(moments.completed, lambda: self.complete(number))
        self.at(moments.actions, lambda: self.improvement_actions(number))
        if number in (1, 3):
            # The year's Kolada figures and the provider's own figures, before the round.
            offsets = (4, 3, 2) if number == 1 else (1,)
            self.at(moments.indicators, lambda: self.kolada_import(offsets))
            self.at(
                moments.indicators + timedelta(hours=3),
                lambda: self.manual_values(2 if number == 1 else 1),
            )

    def start(self, number: int) -> None:
        people = self.people
        followup_services.start_round(
            actor=self.actor(MANAGER),
            round=self.round(number),
            chair=people[MANAGER],
            evaluators=[people[e] for e in PANEL[1:]],
        )

    def describe(self, number: int, party: str) -> None:
        round = self.round(number)
        assessment = (
            round.provider_assessment if party == Party.PROVIDER else round.buyer_assessment
        )
        assert assessment is not None
        texts = PROVIDER_DESCRIPTIONS if party == Party.PROVIDER else BUYER_DESCRIPTIONS
        writer = self.actor(QUALITY_LEAD if party == Party.PROVIDER else MANAGER)
        month = f"{round.due_on - timedelta(days=30):%Y-%m}"
        for item in assessment.scope.select_related("criterion").order_by("order"):
            followup_services.save_self_description(
                actor=writer,
                round=round,
                party=party,
                criterion=item.criterion,
                text=texts[number - 1].format(topic=item.criterion.name.lower()),
                evidence=EVIDENCE.format(month=month) if party == Party.PROVIDER else "",
            )

    def _assessments(self, number: int) -> list[tuple[str, Assessment]]:
        """Both parties' assessments of the round, with the panel prefetched (the engine's
        permission checks then need no query of their own)."""
        round = self.round(number)
        ids = {Party.PROVIDER: round.provider_assessment_id, Party.BUYER: round.buyer_assessment_id}
        found = Assessment.objects.select_related("model_version").prefetch_related("panel")
        by_id = found.in_bulk([pk for pk in ids.values() if pk is not None])
        return [(party, by_id[pk]) for party, pk in ids.items() if pk is not None]

    def open(self, number: int) -> None:
        followup_services.open_assessment(actor=self.actor(MANAGER), round=self.round(number))

    def declare(self, number: int) -> None:
        for _party, assessment in self._assessments(number):
            for email in PANEL:
                engine.sign_declaration(
                    actor=self.actor(email), assessment=assessment, conflict=False
                )

    def _level(self, number: int, party: str, kind: str) -> int:
        if party == Party.BUYER:
            return BUYER_LEVELS[number - 1]
        return (RESULTS_LEVELS if kind == "results" else PROVIDER_LEVELS)[number - 1]

    def score(self, number: int) -> None:
        for party, assessment in self._assessments(number):
            strengths = STRENGTHS if party == Party.PROVIDER else BUYER_STRENGTHS
            improvements = IMPROVEMENTS if party == Party.PROVIDER else BUYER_IMPROVEMENTS
            items = list(assessment.scope.select_related("criterion").order_by("order"))
            for email in PANEL:
                actor = self.actor(email)
                for item in items:
                    code = item.criterion.code
                    topic = item.criterion.name.lower()
                    seed = f"{number}/{party}/{email}/{code}"
                    # Criteria sit a little above or below the party's level, people differ.
                    level: float = self._level(number, party, item.criterion.kind)
                    level += (_hash(f"{party}/{code}") % 3 - 1) * 6
                    level += (_hash(seed) % 4 - 1.5) * 5
                    percent = _to_step(level)
                    if (number, code, party, email) == (*DISCUSSED, Party.PROVIDER, QUALITY_LEAD):
                        percent = min(100, percent + 30)
                    engine.save_individual_score(
                        actor=actor,
                        assessment=assessment,
                        item=item,
                        percent=percent,
                        strengths=[_pick(seed + "s", strengths).format(topic=topic)],
                        improvements=[_pick(seed + "i", improvements).format(topic=topic)],
                    )
                engine.submit_individual(actor=actor, assessment=assessment)

    def answer_barometer(self, number: int) -> None:
        contract = self.contract()
        round = self.round(number)
        for party, emails in RESPONDENTS.items():
            for email in emails:
                ratings: dict[str, int | None] = {}
                comments: dict[str, str] = {}
                for code in barometer.CONDITION_CODES:
                    value = BAROMETER_LEVELS[party][number - 1]
                    value += BAROMETER_ADJUST.get((party, code), 0.0)
                    value += (_hash(f"{number}/{email}/{code}") % 3 - 1) * 0.5
                    ratings[code] = max(1, min(5, int(value + 0.5)))
                    comment = BAROMETER_COMMENTS.get((number, email, code))
                    if comment:
                        comments[code] = comment
                partnership_services.answer_barometer(
                    actor=self.actor(email),
                    contract=contract,
                    round=round,
                    ratings=ratings,
                    comments=comments,
                )

    def consensus(self, number: int) -> None:
        chair = self.actor(MANAGER)
        for party, assessment in self._assessments(number):
            engine.start_consensus(actor=chair, assessment=assessment)
            assessment.refresh_from_db()
            for row in engine_selectors.consensus_rows(chair, assessment):
                code = row.item.criterion.code
                percent, rationale = row.suggested, ""
                if (number, code) == DISCUSSED and party == Party.PROVIDER:
                    assert row.suggested is not None
                    percent, rationale = max(0, row.suggested - 10), DISCUSSED_RATIONALE
                consensus = row.consensus
                strengths = list(consensus.strengths)[:2] if consensus else []
                improvements = list(consensus.improvements)[:2] if consensus else []
                area = AREAS.get((number, party, code))
                if area:
                    improvements = [area, *improvements[:1]]
                engine.save_consensus(
                    actor=chair,
                    assessment=assessment,
                    item=row.item,
                    percent=percent,
                    rationale=rationale,
                    strengths=strengths,
                    improvements=improvements,
                    revision=consensus.revision if consensus else 0,
                    suggested=row.suggested,
                )
            engine.finalise(actor=chair, assessment=assessment)

    def complete(self, number: int) -> None:
        followup_services.complete_round(
            actor=self.actor(MANAGER), round=self.round(number), next_steps=NEXT_STEPS[number - 1]
        )

    # --- the improvement plan --------------------------------------------------------------

    def _item(self, number: int, party: str, code: str) -> int:
        assessment = dict(self._assessments(number))[party]
        return assessment.scope.get(criterion__code=code).pk

    def create_action(
        self,
        key: str,
        by: str,
        *,
        description: str,
        owner: str,
        responsible: str,
        due_on: date,
        area: tuple[int, str, str] | None = None,
    ) -> None:
        source = None
        if area is not None:
            source = improvement_services.SourceRef(item_id=self._item(*area), index=0)
        self.actions[key] = improvement_services.create_action(
            actor=self.actor(by),
            contract=self.contract(),
            fields=improvement_services.ActionFields(
                description=description,
                owner=owner,
                responsible_id=self.people[responsible].pk,
                due_on=due_on,
            ),
            source=source,
        )

    def change_status(self, key: str, by: str, status: str, reason: str = "") -> None:
        self.actions[key] = improvement_services.change_status(
            actor=self.actor(by),
            contract=self.contract(),
            action=ImprovementAction.objects.get(pk=self.actions[key].pk),
            status=status,
            reason=reason,
        )

    def improvement_actions(self, number: int) -> None:
        due = {
            r.number: r.due_on for r in FollowUpRound.objects.filter(contract_id=self.contract_id)
        }
        if number == 1:
            self.create_action(
                "meals",
                QUALITY_LEAD,
                description="Inför måltidsvärdar på varje avdelning och ett måltidsråd med de "
                "boende varannan månad.",
                owner="provider",
                responsible=UNIT_MANAGER,
                due_on=due[2] - timedelta(days=30),
                area=(1, Party.PROVIDER, "1.3"),
            )
            self.create_action(
                "primary_care",
                MANAGER,
                description="Kommunen inför ett samverkansforum varannan månad med vårdcentralen, "
                "kommunens sjuksköterskor och Ekbacken.",
                owner="buyer",
                responsible=CHAIR,
                due_on=due[2] - timedelta(days=14),
                area=(1, Party.BUYER, "2.2"),
            )
        elif number == 2:
            self.create_action(
                "deviations",
                QUALITY_LEAD,
                description="Analysera avvikelserna per kvartal och återkoppla orsakerna och "
                "åtgärderna på arbetsplatsträffarna.",
                owner="provider",
                responsible=QUALITY_LEAD,
                due_on=due[3] - timedelta(days=14),
                area=(2, Party.PROVIDER, "3.3"),
            )
            self.create_action(
                "weekends",
                QUALITY_LEAD,
                description="Pröva delade turer på helgerna för att minska antalet timanställda.",
                owner="provider",
                responsible=UNIT_MANAGER,
                due_on=due[3],
                area=(2, Party.PROVIDER, "8.2"),
            )
        elif number == 3:
            self.create_action(
                "satisfaction",
                MANAGER,
                description="Gå igenom resultaten från Vad tycker de äldre om äldreomsorgen med "
                "boenderådet och gör en gemensam plan för de tre frågor med lägst andel nöjda.",
                owner="joint",
                responsible=UNIT_MANAGER,
                due_on=due[4] + timedelta(days=30),  # still in progress today: overdue
                area=(3, Party.PROVIDER, "9.1"),
            )
        elif number == 4:
            self.create_action(
                "waiting",
                MANAGER,
                description="Biståndsenheten och Ekbacken inför en gemensam rutin för att anmäla "
                "lediga platser samma dag, så att väntetiden till inflyttning blir kortare.",
                owner="buyer",
                responsible=EVALUATORS[1],
                due_on=due[5] - timedelta(days=14),
            )

    def action_progress(self, due: dict[int, date]) -> None:
        """What happens to the actions between the rounds: most are done, one is dropped with
        a reason, one is still in progress after its due date, the newest is planned."""
        for day, key, by, status, reason in (
            (due[1] + timedelta(days=20), "primary_care", MANAGER, "in_progress", ""),
            (due[1] + timedelta(days=30), "meals", QUALITY_LEAD, "in_progress", ""),
            (due[2] - timedelta(days=35), "meals", UNIT_MANAGER, "done", ""),
            (due[2] - timedelta(days=10), "primary_care", CHAIR, "done", ""),
            (due[2] + timedelta(days=20), "deviations", QUALITY_LEAD, "in_progress", ""),
            (due[2] + timedelta(days=30), "weekends", UNIT_MANAGER, "in_progress", ""),
            (due[3] - timedelta(days=20), "deviations", QUALITY_LEAD, "done", ""),
            (due[3] + timedelta(days=20), "weekends", PROVIDER_ADMIN, "dropped", DROP_REASON),
            (due[3] + timedelta(days=30), "satisfaction", UNIT_MANAGER, "in_progress", ""),
        ):
            self.at(_moment(day, 14), partial(self.change_status, key, by, status, reason))


DROP_REASON = (
    "Medarbetarna ville inte ha delade turer. Vi minskar i stället antalet timanställda genom "
    "fler tillsvidareanställningar på heltid, som en del av kompetensförsörjningsplanen."
)


def _moment(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def load(procurement: Procurement, people: dict[str, User], story: Story) -> None:
    contract = Contract.objects.filter(procurement=procurement).first()
    if contract is None or CharterVersion.objects.filter(contract=contract).exists():
        return
    plan = _Story(contract, people, story)
    plan.at(story.teams_formed, plan.teams)
    plan.charter()
    plan.at(story.indicators_defined, plan.indicators)
    # Every round whose whole story (up to its actions a week after it was due) lies before
    # today; the later rounds stay planned.
    due = {
        r.number: r.due_on
        for r in FollowUpRound.objects.filter(
            contract=contract,
            status=RoundStatus.PLANNED,
            due_on__lt=story.today - timedelta(days=7),
        )
    }
    assert sorted(due) == [1, 2, 3, 4], "the story has four rounds before today"
    for number, due_on in sorted(due.items()):
        plan.follow_up_round(number, due_on)
    plan.action_progress(due)
    plan.run()
