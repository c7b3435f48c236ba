"""A small published procurement for the market and Q&A tests, built through the services as a
buyer would (until tests/procurements/factories.py offers `make_procurement`), and helpers the
market tests share. No tests here."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from rodtrad.accounts.actor import Actor
from rodtrad.accounts.roles import Role
from rodtrad.procurements import services
from rodtrad.procurements.models import Procurement, Question
from rodtrad.qualitymodels.models import QualityModel
from tests.factories import add_member, make_user
from tests.personas import Personas

DESCRIPTION = "Drift av Ekbackens särskilda boende med 40 platser."
# Far enough ahead that the clock (moved by the tests) never passes it by accident.
QUESTIONS_DEADLINE = datetime(2099, 5, 4, 10, 0, tzinfo=UTC)
TENDER_DEADLINE = datetime(2099, 6, 1, 10, 0, tzinfo=UTC)


def actor(user) -> Actor:
    return Actor.for_user(user)


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def make_procurement(
    personas: Personas,
    *,
    publish: bool = True,
    title: str = "Särskilt boende Ekbacken",
    reference: str = "KS 2026/101",
    cpv: str = "85311100-3",
    questions_deadline: datetime | None = None,
    tender_deadline: datetime | None = None,
    criteria: int = 2,
    other_buyer: bool = False,
) -> Procurement:
    """A procurement of the persona buyer from the GUM-structured template: two goals, the
    first `criteria` approach criteria worked in (the rest left out of scope), a value-added
    evaluation model with two fictive tenders, a team with a chair, an evaluator and two
    openers; published unless `publish` is false. With `other_buyer` the persona neighbour
    municipality buys (its officer and four new people of its own)."""
    buyer, officer_user, team = _team(personas, other_buyer)
    officer = actor(officer_user)
    procurement = services.create_procurement(
        actor=officer, buyer=buyer, title=title, reference_number=reference
    )
    now = datetime.now(UTC)
    services.update_basics(
        actor=officer,
        procurement=procurement,
        basics=services.Basics(
            title=title,
            reference_number=reference,
            description=DESCRIPTION,
            cpv_codes=cpv,
            estimated_value="120000000",
            procedure="welfare",
            publication_date=now - timedelta(days=1),
            questions_deadline=questions_deadline or QUESTIONS_DEADLINE,
            tender_deadline=tender_deadline or TENDER_DEADLINE,
        ),
    )
    version = QualityModel.objects.get(template_key="gum-strukturerad").versions.latest("number")
    services.choose_model_version(actor=officer, procurement=procurement, version=version)
    in_scope = list(procurement.criteria.select_related("criterion").order_by("order"))[:criteria]
    services.set_criteria_scope(
        actor=officer, procurement=procurement, criterion_ids=[a.criterion_id for a in in_scope]
    )
    goals = [
        services.save_goal(
            actor=officer, procurement=procurement, goal=None, text="De boende bestämmer själva."
        ),
        services.save_goal(
            actor=officer, procurement=procurement, goal=None, text="Trygg och säker omsorg."
        ),
    ]
    for award in procurement.criteria.select_related("criterion").order_by("order"):
        services.update_award_criterion(
            actor=officer,
            procurement=procurement,
            award=award,
            points=award.points,
            guidance=f"Vägledning för Ekbacken om {award.criterion.code}.",
            question=f"Hur arbetar ni med {award.criterion.name}?",
            amount="40",
            goal_ids=[g.pk for g in goals],
        )
    services.update_partnership(
        actor=officer,
        procurement=procurement,
        partnership_question="Hur vill ni samverka med kommunen?",
        follow_up_description="Uppföljning varje halvår med samma modell.",
        follow_up_months=6,
        both_parties=True,
        baseline=True,
        barometer=True,
    )
    services.save_indicator(
        actor=officer,
        procurement=procurement,
        indicator=None,
        name="Helhetsnöjdhet särskilt boende",
        unit="%",
        direction="higher",
        target="90",
        kolada_kpi="U23471",
        goal_ids=[g.pk for g in goals],
    )
    services.set_team(
        actor=officer,
        procurement=procurement,
        assignments=team,
    )
    awards = list(procurement.criteria.order_by("order"))
    for name, price, percent in (("Anbud A", "1000", 80), ("Anbud B", "950", 40)):
        services.save_simulated_tender(
            actor=officer,
            procurement=procurement,
            tender=None,
            name=name,
            price=price,
            steps={a.pk: percent for a in awards},
        )
    if publish:
        services.publish(actor=officer, procurement=procurement)
    procurement.refresh_from_db()
    return procurement


def _team(personas: Personas, other_buyer: bool):
    if not other_buyer:
        return (
            personas.buyer,
            personas.procurement_officer,
            [
                (personas.procurement_officer, "procurement_officer"),
                (personas.panel_chair, "panel_chair"),
                (personas.evaluator, "evaluator"),
                (personas.buyer_admin, "opener"),
                (personas.buyer_viewer, "opener"),
            ],
        )
    buyer, officer = personas.other_buyer, personas.other_buyer_officer
    people = [add_member(make_user(), buyer, Role.EVALUATOR) for _ in range(4)]
    roles = ["panel_chair", "evaluator", "opener", "opener"]
    return buyer, officer, [(officer, "procurement_officer"), *zip(people, roles, strict=True)]


def ask(
    personas: Personas, procurement: Procurement, text: str, *, provider: str = "a"
) -> Question:
    user = personas.provider_a_author if provider == "a" else personas.provider_b_author
    organisation = personas.provider_a if provider == "a" else personas.provider_b
    return services.ask_question(
        actor=actor(user), procurement=procurement, organisation=organisation, text=text
    )


def answer(personas: Personas, question: Question, answer_text: str, public_text: str = ""):
    officer = (
        personas.procurement_officer
        if question.procurement.buyer_id == personas.buyer.pk
        else personas.other_buyer_officer
    )
    return services.answer_question(
        actor=actor(officer),
        question=question,
        public_text=public_text or question.text,
        answer=answer_text,
    )


def publish_change(personas: Personas, procurement: Procurement, description: str, summary: str):
    officer = actor(personas.procurement_officer)
    services.update_basics(
        actor=officer,
        procurement=procurement,
        basics=services.Basics(
            title=procurement.title,
            reference_number=procurement.reference_number,
            description=description,
            cpv_codes=procurement.cpv_codes,
            estimated_value=procurement.estimated_value,
            procedure=procurement.procedure,
            publication_date=procurement.publication_date,
            questions_deadline=procurement.questions_deadline,
            tender_deadline=procurement.tender_deadline,
        ),
    )
    return services.publish(actor=officer, procurement=procurement, change_summary=summary)


def use_english(personas: Personas) -> Personas:
    """Every persona reads rodtrad in English (the tests assert English texts)."""
    for user in vars(personas).values():
        if hasattr(user, "language"):
            user.language = "en"
            user.save(update_fields=["language"])
    return personas
