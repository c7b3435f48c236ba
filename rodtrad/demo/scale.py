"""Scale scenarios for benchmarks: one municipality's procurement and contract built through the
real services, and a national background cloned from a smaller template in bulk.

`build_lifecycle(shape)` runs a whole lifecycle (procurement → tenders → opening →
qualification → evaluation by the panel → consensus → award → contract → follow-up rounds,
indicators, improvement actions, barometer) through the services with the application clock
frozen at each moment, so the data is valid and the audit log stays a correct hash chain.

`seed_national` builds a small template lifecycle the same way and then copies its rows many
times with SQL (`rodtrad.demo.cloning`). The copies bypass the services and the audit log; see
cloning.py for what that means.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from rodtrad.accounts.actor import Actor
from rodtrad.accounts.models import Membership, Organisation, User
from rodtrad.accounts.roles import OrganisationKind, Role
from rodtrad.assessments import selectors as engine_selectors
from rodtrad.assessments import services as engine
from rodtrad.assessments.models import Assessment
from rodtrad.audit.services import record_event
from rodtrad.award import services as award_services
from rodtrad.common import clock
from rodtrad.contracts import services as contract_services
from rodtrad.contracts.models import Contract, ContractMember, Party
from rodtrad.demo import procurement as demo_procurement
from rodtrad.demo import tenders as demo_tenders
from rodtrad.evaluations import services as evaluation_services
from rodtrad.evaluations.models import TenderEvaluation
from rodtrad.followup import services as followup_services
from rodtrad.followup.models import FollowUpRound
from rodtrad.improvements import services as improvement_services
from rodtrad.indicators import services as indicator_services
from rodtrad.indicators.models import Indicator
from rodtrad.partnership import barometer
from rodtrad.partnership import services as partnership_services
from rodtrad.procurements import services as procurement_services
from rodtrad.procurements.models import Procurement, TeamRole
from rodtrad.qualitymodels import exchange
from rodtrad.qualitymodels import services as model_services
from rodtrad.qualitymodels.models import ModelVersion
from rodtrad.qualitymodels.spec import GroupSpec
from rodtrad.tenders import services as tender_services
from rodtrad.tenders.models import Tender

PASSWORD = "rodtrad-scale-2026"
APPROACH_CRITERIA = 30
RESULTS_CRITERIA = 8
YEARS_OF_VALUES = 10


@dataclass(frozen=True)
class Shape:
    """How big one lifecycle is."""

    key: str  # e-mail domain and reference prefix
    buyer_name: str
    tenders: int
    evaluators: int  # the panel: the chair plus evaluators
    rounds: int  # follow-up rounds run to done
    indicators: int
    actions: int
    respondents: int  # barometer answers per round (half per party)
    contract: bool = True  # False: stops at the signed award decision


MUNICIPALITY = Shape(
    key="storvik",
    buyer_name="Storviks kommun",
    tenders=12,
    evaluators=7,
    rounds=10,
    indicators=15,
    actions=60,
    respondents=20,
)
BACKGROUND = Shape(
    key="riket",
    buyer_name="Rikets bakgrundskommun",
    tenders=5,
    evaluators=5,
    rounds=2,
    indicators=3,
    actions=4,
    respondents=6,
)
AWARDED = dataclasses.replace(BACKGROUND, key="rikettva", contract=False)
# For the seed command's test (--tiny): every shape small.
TINY = Shape(
    key="storvik",
    buyer_name="Storviks kommun",
    tenders=2,
    evaluators=2,
    rounds=1,
    indicators=1,
    actions=2,
    respondents=6,
)
TINY_BACKGROUND = dataclasses.replace(TINY, key="riket", buyer_name=BACKGROUND.buyer_name)
TINY_AWARDED = dataclasses.replace(TINY_BACKGROUND, key="rikettva", contract=False)


@dataclass
class People:
    buyer: Organisation
    officer: User
    manager: User  # contract manager and second opener
    chair: User
    evaluators: list[User]
    buyer_team: list[User]
    providers: list[tuple[Organisation, User]]
    provider_team: list[User]  # the winner's extra people

    @property
    def panel(self) -> list[User]:
        return [self.chair, *self.evaluators]


@dataclass(frozen=True)
class Lifecycle:
    procurement_id: int
    contract_id: int | None
    tender_ids: list[int]
    people: People


# --- small helpers ---------------------------------------------------------------------------


def _hash(seed: str) -> int:
    return int(hashlib.sha256(seed.encode()).hexdigest()[:12], 16)


def _step(seed: str, level: int) -> int:
    """A scale step near `level`, varying per seed."""
    return max(0, min(100, level + (_hash(seed) % 3 - 1) * 10))


def _at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _months_after(day: date, months: int) -> date:
    month = day.month - 1 + months
    return date(day.year + month // 12, month % 12 + 1, min(day.day, 28))


def organisation_number(serial: int, third: int = 5) -> str:
    """A made-up organisation number with a valid check digit (third digit ≥ 2)."""
    digits = f"{(serial // 10000) % 10}{(serial // 1000) % 10}{third}{serial % 1000:03d}"
    body = f"{digits}{(serial // 100000) % 1000:03d}"
    total = 0
    for index, char in enumerate(body):
        value = int(char) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    check = (10 - total % 10) % 10
    return f"{body[:6]}-{body[6:]}{check}"


# --- people ----------------------------------------------------------------------------------


def _organisation(name: str, number: str, kind: str) -> Organisation:
    organisation = Organisation.objects.create(name=name, organisation_number=number, kind=kind)
    record_event(
        action="organisation.created",
        organisation=organisation,
        target=organisation,
        data={"name": name, "organisation_number": number, "kind": kind, "scale": True},
    )
    return organisation


def _person(email: str, name: str, organisation: Organisation, roles: tuple[str, ...]) -> User:
    user = User.objects.create_user(email=email, password=PASSWORD, full_name=name)
    for role in roles:
        Membership.objects.create(user=user, organisation=organisation, role=role)
        record_event(
            action="membership.roles_changed",
            organisation=organisation,
            object_type="accounts.user",
            object_id=user.pk,
            data={"email": email, "added": role, "scale": True},
        )
    return user


def _people(shape: Shape, serial: int) -> People:
    key = shape.key
    buyer = _organisation(
        shape.buyer_name, organisation_number(serial, third=2), OrganisationKind.BUYER
    )
    officer = _person(
        f"upphandlare@{key}.scale",
        "Ulla Upphandlare",
        buyer,
        (Role.ADMIN, Role.PROCUREMENT_OFFICER),
    )
    manager = _person(f"avtal@{key}.scale", "Anton Avtal", buyer, (Role.CONTRACT_MANAGER,))
    chair = _person(
        f"ordforande@{key}.scale", "Olof Ordförande", buyer, (Role.PANEL_CHAIR, Role.EVALUATOR)
    )
    evaluators = [
        _person(f"utvarderare{i}@{key}.scale", f"Ulrika Utvärderare {i}", buyer, (Role.EVALUATOR,))
        for i in range(1, shape.evaluators)
    ]
    providers = []
    for i in range(shape.tenders):
        organisation = _organisation(
            f"Omsorg {key.title()} {i + 1} AB",
            organisation_number(serial + i + 1),
            OrganisationKind.PROVIDER,
        )
        author = _person(
            f"anbud{i}@{key}.scale",
            f"Anbudsskrivare {i + 1}",
            organisation,
            (Role.ADMIN, Role.TENDER_AUTHOR, Role.QUALITY_LEAD),
        )
        providers.append((organisation, author))
    half = shape.respondents // 2
    extra_buyer = [
        _person(f"team{i}@{key}.scale", f"Team Kommun {i}", buyer, (Role.EVALUATOR,))
        for i in range(max(0, half - 2 - len(evaluators)))
    ]
    winner = providers[0][0]
    provider_team = [
        _person(f"personal{i}@{key}.scale", f"Personal {i}", winner, (Role.QUALITY_LEAD,))
        for i in range(half - 1)
    ]
    buyer_team = [manager, chair, *evaluators, *extra_buyer][: max(half, 3)]
    return People(buyer, officer, manager, chair, evaluators, buyer_team, providers, provider_team)


# --- the quality model -----------------------------------------------------------------------


def _criteria(spec) -> tuple[list, list]:
    approach = [c for g in spec.groups for c in g.criteria if c.kind == "approach"]
    results = [c for g in spec.groups for c in g.criteria if c.kind == "results"]
    return approach, results


def _grown_spec(name: str):
    """The built-in GUM-structured template grown to 30 approach and 8 results criteria."""
    path = dict(model_services.template_files())["gum-strukturerad"]
    spec, problems = exchange.read_document(path.read_bytes(), "yaml")
    assert spec is not None, problems
    approach, results = _criteria(spec)
    groups: list[GroupSpec] = []
    for number, (kind, source, count, points) in enumerate(
        (
            ("approach", approach, APPROACH_CRITERIA, 20),
            ("results", results, RESULTS_CRITERIA, 50),
        ),
        start=1,
    ):
        per_group = 6 if kind == "approach" else 4
        for g in range(0, count, per_group):
            criteria = tuple(
                dataclasses.replace(
                    source[i % len(source)],
                    code=f"{number}.{i + 1}",
                    max_points=points,
                    name=f"{source[i % len(source)].name} ({i + 1})",
                )
                for i in range(g, min(count, g + per_group))
            )
            code = f"{number}{chr(65 + g // per_group)}"
            groups.append(
                dataclasses.replace(spec.groups[len(groups) % len(spec.groups)], code=code)
            )
            groups[-1] = dataclasses.replace(groups[-1], criteria=criteria)
    return dataclasses.replace(
        spec,
        model_name=name,
        total_points=1000,
        approach_points=APPROACH_CRITERIA * 20,
        results_points=RESULTS_CRITERIA * 50,
        groups=tuple(groups),
    )


def _version(people: People, shape: Shape) -> ModelVersion:
    content = exchange.dump_yaml(_grown_spec(f"Skalmodell {shape.buyer_name}"))
    return model_services.import_version(
        actor=Actor.for_user(people.officer), content=content, fmt="yaml", owner=people.buyer
    )


# --- the procurement -------------------------------------------------------------------------


@dataclass(frozen=True)
class Timeline:
    created: datetime

    def day(self, days: int, hour: int = 10) -> datetime:
        return self.created + timedelta(days=days, hours=hour - 10)

    @property
    def contract_start(self) -> date:
        return (self.created + timedelta(days=200)).date()


def _indicators(count: int) -> list[tuple]:
    base = demo_procurement.INDICATORS
    return [
        (f"{name} ({i + 1})", unit, direction, target, kpi, goals)
        for i in range(count)
        for name, unit, direction, target, kpi, goals in [base[i % len(base)]]
    ]


def _basics(story: Timeline, shape: Shape) -> dict:
    start = story.contract_start
    return {
        "cpv_codes": "85311100-3",
        "estimated_value": "180000000",
        "contract_start": start,
        "contract_end": _months_after(start, 6 * (shape.rounds + 2)),
        "options": "",
        "procedure": "welfare",
        "publication_date": story.day(20),
        "questions_deadline": story.day(40),
        "tender_deadline": story.day(60),
        "planned_award_date": story.day(110).date(),
    }


def _procurement(people: People, shape: Shape, story: Timeline) -> Procurement:
    officer = Actor.for_user(people.officer)
    version = _version(people, shape)
    reference = f"{shape.key.upper()} {story.created.year}/0001"
    procurement = procurement_services.create_procurement(
        actor=officer, buyer=people.buyer, title=demo_procurement.TITLE, reference_number=reference
    )
    procurement_services.update_basics(
        actor=officer,
        procurement=procurement,
        basics=procurement_services.Basics(
            title=demo_procurement.TITLE,
            reference_number=reference,
            description=demo_procurement.DESCRIPTION,
            **_basics(story, shape),
        ),
    )
    goals = [
        procurement_services.save_goal(actor=officer, procurement=procurement, goal=None, text=t)
        for t in demo_procurement.GOALS
    ]
    for data in demo_procurement.REQUIREMENTS[1:]:
        procurement_services.save_requirement(
            actor=officer, procurement=procurement, requirement=None, data=data
        )
    procurement_services.choose_model_version(
        actor=officer, procurement=procurement, version=version, include_results=True
    )
    _award_criteria(officer, procurement, goals)
    _planned_indicators(officer, procurement, goals, shape)
    _plan_follow_up(officer, procurement)
    _team(officer, procurement, people)
    return procurement


def _award_criteria(officer: Actor, procurement: Procurement, goals: list) -> None:
    for index, award in enumerate(procurement.criteria.select_related("criterion")):
        name = award.criterion.name.lower()
        procurement_services.update_award_criterion(
            actor=officer,
            procurement=procurement,
            award=award,
            points=award.points,
            guidance=f"Beskriv konkreta exempel på {name} och hur ni följer upp arbetet.",
            question=f"Hur arbetar ni med {name} i det här uppdraget?",
            amount=(Decimal(award.points) * Decimal("1.5")).quantize(Decimal("0.01")),
            goal_ids=[goals[index % len(goals)].pk, goals[-1].pk],
        )


def _planned_indicators(officer: Actor, procurement: Procurement, goals, shape: Shape) -> None:
    for name, unit, direction, target, kpi, goal_indexes in _indicators(shape.indicators):
        procurement_services.save_indicator(
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


def _plan_follow_up(officer: Actor, procurement: Procurement) -> None:
    procurement_services.update_partnership(
        actor=officer,
        procurement=procurement,
        partnership_question=procurement_services.DEFAULT_PARTNERSHIP_QUESTION,
        follow_up_description=(
            "Kommunen och utföraren följer upp verksamheten var sjätte månad med samma modell "
            "som i upphandlingen, och båda parter värderas."
        ),
        follow_up_months=6,
        both_parties=True,
        baseline=True,
        barometer=True,
    )
    procurement_services.set_evaluation_model(
        actor=officer,
        procurement=procurement,
        kind="value_added",
        tie_break="quality",
        price_unit="kr per boendedygn",
        hide_prices=True,
    )


def _team(officer: Actor, procurement: Procurement, people: People) -> None:
    assignments = [
        (people.officer, TeamRole.PROCUREMENT_OFFICER),
        (people.officer, TeamRole.OPENER),
        (people.manager, TeamRole.OPENER),
        (people.manager, TeamRole.CONTRACT_MANAGER),
        (people.chair, TeamRole.PANEL_CHAIR),
        *((user, TeamRole.EVALUATOR) for user in people.evaluators),
    ]
    procurement_services.set_team(actor=officer, procurement=procurement, assignments=assignments)


# --- tenders, opening, qualification ---------------------------------------------------------


def _write_tender(procurement: Procurement, organisation: Organisation, author: User, n: int):
    actor = Actor.for_user(author)
    tender = tender_services.start_tender(
        actor=actor, procurement=procurement, organisation=organisation
    )
    lot = procurement.lots.get()
    style = list(demo_tenders.STYLES.values())[n % len(demo_tenders.STYLES)]
    tender_services.save_draft(
        actor=actor,
        tender=tender,
        changes={
            "prices": {str(lot.pk): f"{2000 + 17 * n}.00"},
            "answers": {
                str(a.pk): style.format(topic=a.criterion.name.lower())
                for a in procurement.criteria.select_related("criterion")
            },
            "requirements": {
                str(r.pk): {"fulfilled": True, "comment": ""}
                for r in procurement.requirements.all()
            },
            "partnership": demo_tenders.PARTNERSHIP,
            "contact": {"name": author.full_name, "email": author.email, "phone": "010-1234567"},
        },
    )
    tender_services.submit(actor=actor, tender=tender)
    return tender


def _tenders(procurement: Procurement, people: People, story: Timeline) -> list[Tender]:
    with clock.frozen_at(story.day(50)):
        tenders = [
            _write_tender(procurement, organisation, author, n)
            for n, (organisation, author) in enumerate(people.providers)
        ]
    officer, manager = Actor.for_user(people.officer), Actor.for_user(people.manager)
    with clock.frozen_at(story.day(61)):
        procurement.refresh_from_db()
        tender_services.start_opening(actor=officer, procurement=procurement)
    with clock.frozen_at(story.day(61, 11)):
        tender_services.confirm_opening(actor=manager, procurement=procurement)
    with clock.frozen_at(story.day(65)):
        procurement.refresh_from_db()
        requirements = list(procurement.requirements.all())
        for tender in tenders:
            tender.refresh_from_db()
            for requirement in requirements:
                tender_services.decide_requirement(
                    actor=officer, tender=tender, requirement=requirement, fulfilled=True
                )
            tender_services.conclude(actor=officer, tender=tender)
        tender_services.complete_qualification(actor=officer, procurement=procurement)
    return tenders


# --- evaluation, consensus, award ------------------------------------------------------------


def _score_tender(assessment: Assessment, panel: list[User], level: int) -> None:
    items = list(assessment.scope.select_related("criterion").order_by("order"))
    for person in panel:
        actor = Actor.for_user(person)
        for item in items:
            topic = item.criterion.name.lower()
            seed = f"{assessment.pk}/{person.pk}/{item.pk}"
            engine.save_individual_score(
                actor=actor,
                assessment=assessment,
                item=item,
                percent=_step(seed, level),
                strengths=[f"Arbetet med {topic} är beskrivet och följs upp varje månad."],
                improvements=[f"Rutinen för {topic} är inte införd i alla arbetslag."],
            )
        engine.submit_individual(actor=actor, assessment=assessment)


def _consensus(chair: Actor, assessment: Assessment) -> None:
    engine.start_consensus(actor=chair, assessment=assessment)
    assessment.refresh_from_db()
    for row in engine_selectors.consensus_rows(chair, assessment):
        consensus = row.consensus
        engine.save_consensus(
            actor=chair,
            assessment=assessment,
            item=row.item,
            percent=row.suggested,
            rationale="",
            strengths=list(consensus.strengths)[:2] if consensus else [],
            improvements=list(consensus.improvements)[:2] if consensus else [],
            revision=consensus.revision if consensus else 0,
            suggested=row.suggested,
        )
    engine.finalise(actor=chair, assessment=assessment)


def _evaluate(procurement: Procurement, people: People, story: Timeline) -> None:
    chair = Actor.for_user(people.chair)
    with clock.frozen_at(story.day(70)):
        evaluation_services.start_evaluation(actor=chair, procurement=procurement)
        for person in people.panel:
            evaluation_services.sign_declaration(
                actor=Actor.for_user(person), procurement=procurement
            )
    links = list(
        TenderEvaluation.objects.filter(procurement=procurement)
        .select_related("assessment")
        .order_by("tender_id")
    )
    with clock.frozen_at(story.day(80)):
        for n, link in enumerate(links):
            _score_tender(link.assessment, people.panel, 70 - 10 * (n % 4))
    with clock.frozen_at(story.day(90)):
        for link in links:
            _consensus(chair, Assessment.objects.get(pk=link.assessment_id))
    with clock.frozen_at(story.day(95)):
        procurement.refresh_from_db()
        evaluation_services.reveal_prices(actor=chair, procurement=procurement)
    with clock.frozen_at(story.day(100)):
        award_services.sign_decision(
            actor=Actor.for_user(people.officer),
            procurement=Procurement.objects.get(pk=procurement.pk),
            justification="Det mest mogna kvalitetsarbetet till ett rimligt pris.",
        )


def _contract(procurement: Procurement, people: People, story: Timeline) -> Contract:
    procurement = Procurement.objects.get(pk=procurement.pk)
    start = story.contract_start
    with clock.frozen_at(story.day(130)):
        return contract_services.register_contract(
            actor=Actor.for_user(people.manager),
            procurement=procurement,
            lot_id=procurement.lots.get().pk,
            terms=contract_services.ContractTerms(
                signed_on=story.day(130).date(),
                starts_on=start,
                ends_on=procurement.contract_end,
                latest_end_on=procurement.contract_end,
                value=Decimal("176000000.00"),
                manager=people.manager,
                reference=f"AVT {procurement.reference_number}",
            ),
        )


# --- follow-up -------------------------------------------------------------------------------


def _teams(contract: Contract, people: People) -> None:
    manager = Actor.for_user(people.manager)
    admin = Actor.for_user(people.providers[0][1])
    on_team = set(
        ContractMember.objects.filter(contract=contract).values_list("user_id", flat=True)
    )
    for party, users, by in (
        (Party.BUYER, people.buyer_team, manager),
        (Party.PROVIDER, [people.providers[0][1], *people.provider_team], admin),
    ):
        for user in users:
            if user.pk not in on_team:
                contract_services.add_team_member(
                    actor=by, contract=contract, party=party, user=user
                )
                on_team.add(user.pk)


def _indicator_values(contract: Contract, people: People, year: int) -> None:
    actor = Actor.for_user(people.manager)
    indicator_services.take_over_planned(actor=actor, contract=contract)
    for n, indicator in enumerate(Indicator.objects.filter(contract=contract).order_by("id")):
        for offset in range(YEARS_OF_VALUES):
            indicator_services.record_value(
                actor=actor,
                contract=contract,
                indicator=indicator,
                period=str(year - YEARS_OF_VALUES + offset),
                value=str(70 + (n + offset * 3) % 25),
            )


def _round(contract_id: int, number: int) -> FollowUpRound:
    round = FollowUpRound.objects.select_related(
        "contract", "provider_assessment", "buyer_assessment"
    ).get(contract_id=contract_id, number=number)
    return round


def _round_assessments(round: FollowUpRound) -> list[Assessment]:
    ids = [i for i in (round.provider_assessment_id, round.buyer_assessment_id) if i]
    return list(Assessment.objects.select_related("model_version").filter(pk__in=ids))


def _round_panel(people: People) -> list[User]:
    return [people.manager, people.chair, people.providers[0][1]]


def _run_round(contract: Contract, people: People, number: int) -> None:
    due = _round(contract.pk, number).due_on
    manager = Actor.for_user(people.manager)
    panel = _round_panel(people)
    with clock.frozen_at(_at(due - timedelta(days=21))):
        followup_services.start_round(
            actor=manager, round=_round(contract.pk, number), chair=panel[0], evaluators=panel[1:]
        )
    with clock.frozen_at(_at(due - timedelta(days=10))):
        followup_services.open_assessment(actor=manager, round=_round(contract.pk, number))
        for assessment in _round_assessments(_round(contract.pk, number)):
            for person in panel:
                engine.sign_declaration(
                    actor=Actor.for_user(person), assessment=assessment, conflict=False
                )
    with clock.frozen_at(_at(due - timedelta(days=5))):
        for assessment in _round_assessments(_round(contract.pk, number)):
            _score_tender(assessment, panel, 40 + 10 * (number % 4))
    with clock.frozen_at(_at(due - timedelta(days=3))):
        _answer_barometer(contract, people, number)
    with clock.frozen_at(_at(due)):
        for assessment in _round_assessments(_round(contract.pk, number)):
            _consensus(manager, assessment)
    with clock.frozen_at(_at(due + timedelta(days=1))):
        followup_services.complete_round(
            actor=manager,
            round=_round(contract.pk, number),
            next_steps="Vi fortsätter med förbättringsplanen och följer upp den i nästa runda.",
        )


def _answer_barometer(contract: Contract, people: People, number: int) -> None:
    respondents = [*people.buyer_team, people.providers[0][1], *people.provider_team]
    round = _round(contract.pk, number)
    for person in respondents:
        ratings: dict[str, int | None] = {
            code: 1 + _hash(f"{number}/{person.pk}/{code}") % 5
            for code in barometer.CONDITION_CODES
        }
        partnership_services.answer_barometer(
            actor=Actor.for_user(person),
            contract=contract,
            round=round,
            ratings=ratings,
            comments={},
        )


def _actions(contract: Contract, people: People, number: int, count: int) -> None:
    due = _round(contract.pk, number).due_on
    owners = (("provider", people.providers[0][1]), ("buyer", people.manager))
    with clock.frozen_at(_at(due + timedelta(days=7))):
        for n in range(count):
            owner, by = owners[n % 2]
            responsible = (
                by if owner == "buyer" else people.provider_team[n % len(people.provider_team)]
            )
            improvement_services.create_action(
                actor=Actor.for_user(by),
                contract=contract,
                fields=improvement_services.ActionFields(
                    description=f"Förbättring {number}.{n + 1}: följ upp rutinen varje månad.",
                    owner=owner,
                    responsible_id=responsible.pk,
                    due_on=due + timedelta(days=120 + 7 * n),
                ),
            )


def _follow_up(contract: Contract, people: People, shape: Shape, story: Timeline) -> None:
    with clock.frozen_at(story.day(140)):
        _teams(contract, people)
        _indicator_values(contract, people, story.day(140).year)
    per_round = [shape.actions // shape.rounds] * shape.rounds
    per_round[-1] += shape.actions - sum(per_round)
    for number in range(1, shape.rounds + 1):
        _run_round(contract, people, number)
        _actions(contract, people, number, per_round[number - 1])


# --- entry points ----------------------------------------------------------------------------


def build_lifecycle(shape: Shape, serial: int) -> Lifecycle:
    """One complete lifecycle of `shape` through the services; `serial` keeps organisation
    numbers apart between shapes."""
    today = timezone.localdate(clock.now())
    created = _at(today - timedelta(days=200 + 183 * (shape.rounds + 1)))
    story = Timeline(created=created)
    with clock.frozen_at(created):
        people = _people(shape, serial)
        procurement = _procurement(people, shape, story)
    with clock.frozen_at(story.day(20)):
        procurement_services.publish(actor=Actor.for_user(people.officer), procurement=procurement)
    tenders = _tenders(procurement, people, story)
    _evaluate(procurement, people, story)
    if not shape.contract:
        return Lifecycle(procurement.pk, None, [t.pk for t in tenders], people)
    contract = _contract(procurement, people, story)
    _follow_up(contract, people, shape, story)
    return Lifecycle(procurement.pk, contract.pk, [t.pk for t in tenders], people)


def municipality_exists() -> Procurement | None:
    return Procurement.objects.filter(reference_number__startswith=MUNICIPALITY.key.upper()).first()


@dataclass
class SeedReport:
    procurement_id: int
    contract_id: int
    tender_ids: list[int]
    counts: dict[str, int]

    def lines(self) -> list[str]:
        lines = [
            f"municipality procurement id: {self.procurement_id}",
            f"municipality contract id: {self.contract_id}",
        ]
        lines += [f"{name}: {count}" for name, count in self.counts.items()]
        return lines


def _municipality(shape: Shape) -> Lifecycle | None:
    if municipality_exists() is not None:
        return None
    return build_lifecycle(shape, serial=100)


def row_counts() -> dict[str, int]:
    from rodtrad.assessments.models import IndividualScore
    from rodtrad.audit.models import AuditEvent

    return {
        "procurements": Procurement.objects.count(),
        "tenders": Tender.objects.count(),
        "individual scores": IndividualScore.objects.count(),
        "contracts": Contract.objects.count(),
        "follow-up rounds": FollowUpRound.objects.count(),
        "audit events": AuditEvent.objects.count(),
    }


def seed(scenario: str, fraction: float, log=print, tiny: bool = False) -> SeedReport:
    """Seed `scenario`; the national one contains the municipality one (built first). `tiny`
    builds the municipality small (for tests)."""
    from django.db import transaction

    with transaction.atomic():
        _municipality(TINY if tiny else MUNICIPALITY)
    if scenario == "national":
        from rodtrad.demo import cloning

        cloning.seed_background(fraction, log=log, tiny=tiny)
    procurement = municipality_exists()
    assert procurement is not None
    contract = Contract.objects.get(procurement=procurement)
    tender_ids = list(
        Tender.objects.filter(procurement=procurement).order_by("id").values_list("id", flat=True)
    )
    return SeedReport(procurement.pk, contract.pk, tender_ids, row_counts())
