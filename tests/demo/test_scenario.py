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
    assert first[0] == 4
    assert first[1] == len(PEOPLE)
    assert first[4] == 2
    assert verify_chain() is None


def test_demo_has_finished_self_assessments_of_the_municipality_and_a_provider(db):
    load_demo()
    finished = {
        (a.subject.name, a.model_version.model.template_key, a.status)
        for a in Assessment.objects.select_related("subject", "model_version__model")
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
    procurement = Procurement.objects.get()
    assert procurement.status == ProcurementStatus.PUBLISHED
    assert procurement.document_versions.count() == 1
    assert list(selectors.published_questions(procurement).values_list("number", flat=True)) == [
        1,
        2,
    ]
    problems = [r.code for r in selectors.red_thread(procurement) if not r.ok]
    assert problems == ["requirements_functional", "results_criteria"]  # advice only
