"""Each red-thread check (DOMAIN.md section 6) fails when its advice is not followed and passes
again once the procurement is fixed – all through the services and selectors the pages use."""

from decimal import Decimal

import pytest
from django.utils import translation

from rodtrad.procurements import redthread, selectors, services
from rodtrad.procurements.models import (
    BuyerSettings,
    EvaluationKind,
    Procurement,
    TeamRole,
    TieBreak,
)
from tests.procurements.factories import (
    actor,
    assess_buyer,
    make_procurement,
    requirement_data,
    train,
)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def complete(personas) -> Procurement:
    return make_procurement(personas, trained=True)


def results(procurement: Procurement) -> dict[str, redthread.CheckResult]:
    fresh = Procurement.objects.select_related("model_version__model").get(pk=procurement.pk)
    return {r.code: r for r in selectors.red_thread(fresh)}


def failing(procurement: Procurement) -> set[str]:
    return {code for code, r in results(procurement).items() if not r.ok}


def messages(procurement: Procurement, code: str) -> list[tuple[str, str]]:
    return [(str(p.message), p.section) for p in results(procurement)[code].problems]


def officer(personas):
    return actor(personas.procurement_officer)


def test_every_check_is_there_with_its_severity_and_why(complete):
    found = {(r.number, r.code, r.severity) for r in results(complete).values()}
    assert found == {
        (0, "complete", "blocking"),
        (1, "goals_criteria", "blocking"),
        (1, "goals_indicators", "warning"),
        (2, "requirements_followed_up", "blocking"),
        (2, "requirements_few", "warning"),
        (2, "requirements_functional", "advice"),
        (3, "model_worked_in", "blocking"),
        (4, "partnership_early", "blocking"),
        (5, "panel_trained", "warning"),
        (5, "tenderers_trained", "warning"),
        (6, "buyer_self_assessed", "warning"),
        (7, "results_criteria", "advice"),
        (8, "follow_up_cadence", "blocking"),
        (8, "follow_up_both", "warning"),
        (9, "price_does_not_decide", "warning"),
    }
    assert all(str(r.why) for r in results(complete).values())


def test_a_complete_procurement_fails_only_the_self_assessment(complete):
    assert failing(complete) == {"buyer_self_assessed"}


# 0 -------------------------------------------------------------------------------------------


def test_check_0_completeness_names_what_is_missing_and_clears(personas, complete):
    services.set_team(
        actor=officer(personas),
        procurement=complete,
        assignments=[
            (personas.procurement_officer, TeamRole.PROCUREMENT_OFFICER),
            (personas.procurement_officer, TeamRole.OPENER),
            (personas.panel_chair, TeamRole.PANEL_CHAIR),
            (personas.evaluator, TeamRole.EVALUATOR),
        ],
    )
    assert messages(complete, "complete") == [
        ("Appoint at least two openers: tenders are opened by two people.", "team")
    ]
    services.set_team(
        actor=officer(personas),
        procurement=complete,
        assignments=[
            (personas.procurement_officer, TeamRole.PROCUREMENT_OFFICER),
            (personas.procurement_officer, TeamRole.OPENER),
            (personas.buyer_admin, TeamRole.OPENER),
            (personas.panel_chair, TeamRole.PANEL_CHAIR),
            (personas.evaluator, TeamRole.EVALUATOR),
        ],
    )
    assert results(complete)["complete"].ok


def test_check_0_needs_a_cpv_code_and_the_deadlines(personas):
    procurement = services.create_procurement(
        actor=officer(personas), buyer=personas.buyer, title="Hemtjänst", reference_number="KS 1"
    )
    assert set(messages(procurement, "complete")) >= {
        ("Give at least one CPV code.", "basics"),
        ("Set the last day for questions and the tender deadline.", "basics"),
        ("Choose the quality model the award criteria come from.", "criteria"),
        ("Appoint the panel chair.", "team"),
    }


# 1 -------------------------------------------------------------------------------------------


def test_check_1_a_goal_without_a_criterion_blocks_until_linked(personas, complete):
    goal = services.save_goal(
        actor=officer(personas), procurement=complete, goal=None, text="Anhöriga är delaktiga"
    )
    assert messages(complete, "goals_criteria") == [
        (f"Goal {goal.code} is not served by any award criterion.", "goals")
    ]
    assert (f"Goal {goal.code} has no follow-up indicator.", "indicators") in messages(
        complete, "goals_indicators"
    )
    award = complete.criteria.order_by("order").first()
    services.update_award_criterion(
        actor=officer(personas),
        procurement=complete,
        award=award,
        points=award.points,
        guidance=award.guidance,
        question=award.question,
        amount=award.amount,
        goal_ids=[g.pk for g in complete.goals.all()],
    )
    assert results(complete)["goals_criteria"].ok
    services.save_indicator(
        actor=officer(personas),
        procurement=complete,
        indicator=None,
        name="Anhörigas nöjdhet",
        unit="%",
        direction="higher",
        goal_ids=[goal.pk],
    )
    assert results(complete)["goals_indicators"].ok


def test_check_1_warns_about_a_criterion_serving_no_goal(personas, complete):
    award = complete.criteria.order_by("order").first()
    services.update_award_criterion(
        actor=officer(personas),
        procurement=complete,
        award=award,
        points=award.points,
        guidance=award.guidance,
        question=award.question,
        amount=award.amount,
        goal_ids=[],
    )
    assert messages(complete, "goals_indicators") == [
        (f"Award criterion {award.criterion.code} serves no goal.", "criteria")
    ]
    assert results(complete)["goals_criteria"].ok  # the goals are still served by the others


def test_check_1_blocks_without_goals(personas, complete):
    for goal in list(complete.goals.all()):
        services.delete_part(actor=officer(personas), procurement=complete, part=goal)
    assert messages(complete, "goals_criteria") == [
        ("Write the goals the service must achieve.", "goals")
    ]


# 2 -------------------------------------------------------------------------------------------


def test_check_2_a_requirement_without_minimum_level_or_follow_up_blocks(personas, complete):
    requirement = services.save_requirement(
        actor=officer(personas),
        procurement=complete,
        requirement=None,
        data=requirement_data(3, minimum_level="", follow_up_responsible=""),
    )
    assert messages(complete, "requirements_followed_up") == [
        (
            "SK3 Krav 3 does not say the minimum acceptable level and how, how often and by "
            "whom it is followed up.",
            "requirements",
        )
    ]
    services.save_requirement(
        actor=officer(personas),
        procurement=complete,
        requirement=requirement,
        data=requirement_data(3),
    )
    assert results(complete)["requirements_followed_up"].ok


def test_check_2_warns_above_the_organisations_limit(personas, complete):
    BuyerSettings.objects.create(organisation=personas.buyer, max_requirements=1)
    assert messages(complete, "requirements_few") == [
        ("2 mandatory requirements; your organisation aims at 1 at most.", "requirements")
    ]
    BuyerSettings.objects.filter(organisation=personas.buyer).update(max_requirements=2)
    assert results(complete)["requirements_few"].ok


def test_check_2_advises_functional_requirements(personas, complete):
    requirement = complete.requirements.get(code="SK2")
    services.save_requirement(
        actor=officer(personas),
        procurement=complete,
        requirement=requirement,
        data=requirement_data(2, style="detailed"),
    )
    assert messages(complete, "requirements_functional") == [
        ("SK2 Krav 2 is detailed; could it be functional?", "requirements")
    ]
    services.save_requirement(
        actor=officer(personas),
        procurement=complete,
        requirement=requirement,
        data=requirement_data(2),
    )
    assert results(complete)["requirements_functional"].ok


# 3 -------------------------------------------------------------------------------------------


def test_check_3_every_criterion_needs_guidance_and_a_question(personas, complete):
    award = complete.criteria.select_related("criterion").order_by("order").first()
    kwargs = {
        "actor": officer(personas),
        "procurement": complete,
        "award": award,
        "points": award.points,
        "amount": award.amount,
        "goal_ids": [g.pk for g in complete.goals.all()],
    }
    services.update_award_criterion(**kwargs, guidance="", question="")
    code, name = award.criterion.code, award.criterion.name
    assert messages(complete, "model_worked_in") == [
        (f"{code} {name} has no guidance for this service.", "criteria"),
        (f"{code} {name} puts no question to the tenderers.", "criteria"),
    ]
    services.update_award_criterion(**kwargs, guidance="Vägledning", question="Fråga?")
    assert results(complete)["model_worked_in"].ok


# 4 and 8 -------------------------------------------------------------------------------------


def _partnership(personas, procurement, **overrides):
    values = {
        "partnership_question": "Hur vill ni samverka?",
        "follow_up_description": "Årlig uppföljning.",
        "follow_up_months": 12,
        "both_parties": True,
        "baseline": True,
        "barometer": True,
    }
    values.update(overrides)
    services.update_partnership(actor=officer(personas), procurement=procurement, **values)


def test_check_4_the_partnership_question_and_follow_up_are_needed(personas, complete):
    _partnership(personas, complete, partnership_question="", follow_up_description="")
    assert messages(complete, "partnership_early") == [
        ("Ask the tenderers how they propose the partnership be run.", "partnership"),
        ("Describe how follow-up will work during the contract.", "partnership"),
    ]
    _partnership(personas, complete)
    assert results(complete)["partnership_early"].ok


def test_check_8_the_follow_up_needs_a_cadence(personas, complete):
    _partnership(personas, complete, follow_up_months=None)
    assert messages(complete, "follow_up_cadence") == [
        ("Say how often buyer and provider will follow up.", "partnership")
    ]
    _partnership(personas, complete)
    assert results(complete)["follow_up_cadence"].ok


def test_check_8_warns_when_only_one_party_is_assessed_or_no_baseline(personas, complete):
    _partnership(personas, complete, both_parties=False, baseline=False)
    assert messages(complete, "follow_up_both") == [
        ("Both the buyer and the provider should be assessed in follow-up.", "partnership"),
        ("Use the tender's consensus scores as the baseline for progression.", "partnership"),
    ]
    _partnership(personas, complete)
    assert results(complete)["follow_up_both"].ok


# 5 and 6 -------------------------------------------------------------------------------------


def test_check_5_the_panel_and_the_tenderers_are_trained(personas):
    procurement = make_procurement(personas)
    assert {m for m, _section in messages(procurement, "panel_trained")} == {
        "Cajsa Ordförande has not been trained in the model.",
        "Eva Utvärderare has not been trained in the model.",
        "Erik Utvärderare has not been trained in the model.",
    }
    assert messages(procurement, "tenderers_trained") == [
        ("No training in the model has been offered to potential tenderers.", "training")
    ]
    train(personas, procurement.model_version)
    assert results(procurement)["panel_trained"].ok
    assert results(procurement)["tenderers_trained"].ok


def test_check_6_the_buyer_has_assessed_itself_with_the_model(personas, complete):
    assert messages(complete, "buyer_self_assessed") == [
        ("The organisation has no final self-assessment with this model.", "preparation")
    ]
    assess_buyer(personas, complete.model_version)
    assert results(complete)["buyer_self_assessed"].ok


# 7 -------------------------------------------------------------------------------------------


def test_check_7_advises_result_criteria(personas, complete):
    approaches = [a.criterion_id for a in complete.criteria.filter(criterion__kind="approach")]
    services.set_criteria_scope(
        actor=officer(personas), procurement=complete, criterion_ids=approaches
    )
    assert messages(complete, "results_criteria") == [
        ("No result criteria are used in the evaluation.", "criteria")
    ]
    assert results(complete)["results_criteria"].severity == "advice"
    everything = list(complete.model_version.criteria.values_list("pk", flat=True))
    services.set_criteria_scope(
        actor=officer(personas), procurement=complete, criterion_ids=everything
    )
    assert results(complete)["results_criteria"].ok


# 9 -------------------------------------------------------------------------------------------


def test_check_9_warns_when_price_decides(personas):
    # 20 SEK per criterion: full marks are worth (1 − 0.5) · 60 = 30 SEK against 2 000, 1.5 %.
    procurement = make_procurement(personas, trained=True, amount=20)
    assert messages(procurement, "price_does_not_decide") == [
        (
            "Full quality marks are worth only 1.5 % in price against median marks; your "
            "organisation wants at least 10 %.",
            "evaluation",
        )
    ]
    for award in procurement.criteria.all():
        services.update_award_criterion(
            actor=officer(personas),
            procurement=procurement,
            award=award,
            points=award.points,
            guidance=award.guidance,
            question=award.question,
            amount=Decimal(300),
            goal_ids=[g.pk for g in procurement.goals.all()],
        )
    assert results(procurement)["price_does_not_decide"].ok


def test_check_9_needs_a_simulation_with_two_tenders(personas):
    procurement = make_procurement(personas, prices=(2000,), steps=(50,))
    assert messages(procurement, "price_does_not_decide") == [
        ("Simulate the evaluation model with at least two fictive tenders.", "simulation")
    ]


def test_check_9_is_satisfied_by_a_fixed_price(personas):
    procurement = make_procurement(personas, kind=EvaluationKind.FIXED_PRICE, prices=(), steps=())
    assert results(procurement)["price_does_not_decide"].ok


def test_an_unusable_evaluation_model_blocks_completeness(personas, complete):
    services.set_evaluation_model(
        actor=officer(personas),
        procurement=complete,
        kind=EvaluationKind.SURCHARGE,
        tie_break=TieBreak.QUALITY,
        price_unit="SEK",
        hide_prices=True,
    )
    for award in complete.criteria.all():
        services.update_award_criterion(
            actor=officer(personas),
            procurement=complete,
            award=award,
            points=award.points,
            guidance=award.guidance,
            question=award.question,
            amount=None,
            goal_ids=[g.pk for g in complete.goals.all()],
        )
    codes = ", ".join(a.criterion.code for a in selectors.award_criteria(complete))
    assert (
        f"Give the surcharge for a complete shortfall for {codes}.",
        "evaluation",
    ) in messages(complete, "complete")
