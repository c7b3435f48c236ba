from rodtrad.accounts.models import Membership, Organisation, User
from rodtrad.audit.models import AuditEvent
from rodtrad.audit.services import verify_chain
from rodtrad.demo.scenario import DEMO_PASSWORD, PEOPLE, load_demo


def _counts():
    return (
        Organisation.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
        AuditEvent.objects.count(),
    )


def test_demo_loads_and_is_idempotent(db):
    load_demo()
    first = _counts()
    load_demo()
    assert _counts() == first
    assert first[0] == 4
    assert first[1] == len(PEOPLE)
    assert verify_chain() is None


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
