"""Foundation: the organisation page with many members, and verifying a long audit log."""

from __future__ import annotations

from bench.harness import Client, peak_memory, scenario, timed
from rodtrad.accounts.models import Membership, Organisation, User
from rodtrad.accounts.roles import Role
from rodtrad.audit.services import record_event, verify_chain


@scenario("organisation page, 200 members")
def organisation_page() -> dict:
    organisation = Organisation.objects.create(
        name="Bench kommun", organisation_number="212000-0142", kind="buyer"
    )
    users = User.objects.bulk_create(
        [User(email=f"p{i}@bench.se", full_name=f"Person {i}") for i in range(200)]
    )
    Membership.objects.bulk_create(
        [Membership(user=u, organisation=organisation, role=Role.EVALUATOR) for u in users]
        + [Membership(user=users[0], organisation=organisation, role=Role.ADMIN)]
    )
    client = Client()
    client.force_login(users[0])
    url = f"/organisations/{organisation.pk}/"
    assert client.get(url).status_code == 200
    return timed(lambda: client.get(url))


@scenario("verify-audit-log, 20 000 events")
def audit_verify() -> dict:
    for i in range(20_000):
        record_event(action="bench.event", data={"i": i})
    result = timed(verify_chain, repeat=3)
    result["peak_mb"] = peak_memory(verify_chain)
    return result
