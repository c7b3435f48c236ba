from rodtrad.accounts.models import Membership, Organisation, User
from rodtrad.assessments.models import Assessment, Status
from rodtrad.audit.models import AuditEvent
from rodtrad.audit.services import verify_chain
from rodtrad.demo.scenario import DEMO_PASSWORD, PEOPLE, load_demo


def _counts():
    return (
        Organisation.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
        AuditEvent.objects.count(),
        Assessment.objects.count(),
    )


def test_demo_loads_and_is_idempotent(db):
    load_demo()
    first = _counts()
    load_demo()
    assert _counts() == first
    assert first[0] == 5
    assert first[1] == len(PEOPLE)
    # Two self-assessments, three tender assessments and both parties in four follow-up rounds.
    assert first[4] == 13
    assert verify_chain() is None


def test_demo_has_finished_self_assessments_of_the_municipality_and_a_provider(db):
    load_demo()
    finished = {
        (a.subject.name, a.model_version.model.template_key, a.status)
        for a in Assessment.objects.filter(purpose="self_assessment").select_related(
            "subject", "model_version__model"
        )
    }
    assert finished == {
        ("Ekdala kommun", "gum-strukturerad", Status.FINAL),
        ("Omsorgshuset Ek AB", "gum-strukturerad", Status.FINAL),
    }
    assert all(a.total_points > 0 for a in Assessment.objects.all())


def test_demo_logins_work(db, client):
    load_demo()
    for person in PEOPLE:
        user = User.objects.get(email=person.email)
        assert user.check_password(DEMO_PASSWORD)
    officer = User.objects.get(email="anna.upphandlare@ekdala.demo")
    assert set(officer.memberships.values_list("role", flat=True)) == {
        "admin",
        "procurement_officer",
    }


def test_demo_has_a_published_procurement_with_questions_and_answers(db):
    from rodtrad.procurements import selectors
    from rodtrad.procurements.models import Procurement, ProcurementStatus

    load_demo()
    procurement = Procurement.objects.get(title="Hemtjänst i Ekdala norra")
    assert procurement.status == ProcurementStatus.PUBLISHED
    assert procurement.document_versions.count() == 1
    assert [q.number for q in selectors.published_questions(procurement)] == [1]
    failing = [r for r in selectors.red_thread(procurement) if not r.ok]
    assert [r.code for r in failing] == ["goals_indicators", "results_criteria"]
    assert not any(r.blocking for r in failing)


def test_demo_ekbacken_has_three_opened_and_qualified_tenders(db):
    from rodtrad.procurements.models import Procurement, ProcurementStatus
    from rodtrad.tenders.models import OpenedTender

    load_demo()
    ekbacken = Procurement.objects.get(title="Drift av särskilt boende Ekbacken")
    assert ekbacken.status == ProcurementStatus.CONTRACTED
    opened = OpenedTender.objects.filter(opening__procurement=ekbacken).select_related(
        "tender__organisation", "tender__qualification", "submission"
    )
    assert sorted((o.tender.organisation.name, o.submission.number) for o in opened) == [
        ("Omsorgshuset Ek AB", 1),
        ("Trygga Händer Omsorg AB", 1),
        ("Vårdkraft Norr AB", 2),
    ]
    assert {o.tender.qualification.outcome for o in opened} == {"qualified"}


def test_demo_ekbacken_is_evaluated_awarded_and_contracted(db):
    from rodtrad.award.models import AwardDecision
    from rodtrad.contracts.models import Contract
    from rodtrad.evaluations.models import PriceReveal, TenderEvaluation

    load_demo()
    links = TenderEvaluation.objects.select_related("assessment", "tender__organisation")
    assert {link.assessment.status for link in links} == {Status.FINAL}
    assert PriceReveal.objects.count() == 1
    decision = AwardDecision.objects.select_related("winner__organisation").get()
    assert decision.winner.organisation.name == "Omsorgshuset Ek AB"
    assert [row["rank"] for row in decision.ranking] == [1, 2, 3]
    assert any(reason["rationale"] for reason in decision.reasons)  # the discussed criterion
    contract = Contract.objects.select_related("provider", "baseline").get()
    assert contract.provider == decision.winner.organisation
    assert contract.baseline == links.get(tender=decision.winner).assessment
    # Signed after the standstill, and the contract has run for about two years by today.
    assert contract.signed_on > decision.standstill_last_day
    assert contract.starts_on > contract.signed_on


def test_demo_ekbacken_has_two_years_of_follow_up(db):
    from rodtrad.accounts.actor import Actor
    from rodtrad.contracts.models import Contract
    from rodtrad.followup import selectors
    from rodtrad.followup.models import RoundStatus
    from rodtrad.improvements.models import ImprovementAction
    from rodtrad.improvements.selectors import is_overdue
    from rodtrad.indicators.models import Source
    from rodtrad.indicators.selectors import indicator_rows
    from rodtrad.partnership import selectors as partnership

    load_demo()
    contract = Contract.objects.select_related("buyer", "provider").get()
    assert contract.team.filter(party="buyer").count() >= 3
    assert contract.team.filter(party="provider").count() >= 3
    rounds = selectors.rounds(contract)
    done = [r for r in rounds if r.status == RoundStatus.DONE]
    assert len(done) == 4
    assert all(r.next_steps for r in done)
    for round in done:
        assert round.provider_assessment.status == Status.FINAL
        assert round.buyer_assessment.status == Status.FINAL
    # The next round is in the future and still planned.
    assert [r.status for r in rounds[4:]] == [RoundStatus.PLANNED] * (len(rounds) - 4)
    provider, buyer = selectors.progressions(contract, rounds)
    assert len(provider.progression.labels) == 5  # the tender and four rounds
    approach = next(p for p in provider.progression.parts if p.code == "approach")
    assert approach.since_first > 0
    assert buyer.progression.total.since_first > 0

    rows = indicator_rows(contract)
    assert len(rows) >= 4 and all(r.latest_value is not None for r in rows)
    assert any(r.off_target for r in rows)
    sources = {s for r in rows for s in r.indicator.values.values_list("source", flat=True)}
    assert sources == {Source.KOLADA, Source.MANUAL}

    actions = list(ImprovementAction.objects.filter(contract=contract))
    assert {a.status for a in actions} == {"planned", "in_progress", "done", "dropped"}
    assert {a.owner for a in actions} == {"buyer", "provider", "joint"}
    assert sum(a.source_item_id is not None for a in actions) > len(actions) / 2
    assert all(a.drop_reason for a in actions if a.status == "dropped")
    assert any(is_overdue(a) for a in actions)

    latest = partnership.rounds(contract)[3]
    result = partnership.round_result(latest)
    assert result is not None and result.shown("buyer") and result.shown("provider")
    assert result.large_gaps
    assert len(partnership.trend(partnership.rounds(contract))) == 4
    manager = Actor.for_user(User.objects.get(email="eva.avtal@ekdala.demo"))
    summary = partnership.contract_summary(contract, manager)
    assert summary.agreed is not None and summary.agreed.number == 2 and summary.draft is None
    assert verify_chain() is None
