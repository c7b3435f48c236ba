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
    assert first[4] == 5  # two self-assessments and three tender assessments
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
