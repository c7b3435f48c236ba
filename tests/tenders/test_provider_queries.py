"""The provider's tender page, its list, the completeness page and the receipts run the same
number of queries however many award criteria, requirements, files, versions and tenders there
are (ARCHITECTURE.md: one and three, or a small and a larger procurement)."""

from __future__ import annotations

import pytest

from rodtrad.accounts.roles import OrganisationKind, Role
from rodtrad.tenders import services
from tests.factories import add_member, make_organisation
from tests.procurements.factories import english_users  # noqa: F401 (fixture)
from tests.tenders.factories import PDF, published, write_tender
from tests.tenders.test_provider_support import actor, criteria_ids, fresh

pytestmark = pytest.mark.usefixtures("english_users")

# small: two award criteria, one requirement, a file on one answer; large: three criteria,
# four requirements and a file on every answer
SIZES = {
    "small": {"include_results": False, "requirements": 1, "files": False},
    "large": {"include_results": True, "requirements": 4, "files": True},
}


def build(personas, size: str):
    options = dict(SIZES[size])
    files = options.pop("files")
    procurement = published(personas, **options)
    tender = write_tender(procurement, personas.provider_a_author, personas.provider_a)
    for criterion in criteria_ids(procurement)[: None if files else 1]:
        services.add_attachment(
            actor=actor(personas.provider_a_author),
            tender=fresh(tender),
            purpose="criterion",
            ref=criterion,
            data=PDF,
            name=f"Bilaga {criterion}.pdf",
        )
    return procurement, fresh(tender)


@pytest.mark.parametrize("size", ["small", "large"])
def test_tender_page_query_count(personas, client_for, django_assert_num_queries, size):
    procurement, tender = build(personas, size)
    services.submit(actor=actor(personas.provider_a_author), tender=tender)
    client = client_for(personas.provider_a_author)
    # session, user, the tender (with procurement, buyer and organisation), memberships, the
    # latest version, lot ids, requirement ids, the key (draft), the draft's files, the key
    # (file names), the rules (lots, criteria, requirements), lot titles, versions,
    # clarifications, unread notifications
    with django_assert_num_queries(17):
        response = client.get(f"/tenders/{tender.pk}/")
    body = response.content.decode()
    assert body.count('<fieldset class="criterion-card" id="section-answer-') == len(
        criteria_ids(procurement)
    )
    assert body.count(f'href="/tenders/{tender.pk}/attachments/') == (
        len(criteria_ids(procurement)) if size == "large" else 1
    )


@pytest.mark.parametrize("size", ["small", "large"])
def test_completeness_query_count(personas, client_for, django_assert_num_queries, size):
    procurement, tender = build(personas, size)
    services.save_draft(
        actor=actor(personas.provider_a_author),
        tender=tender,
        changes={"answers": {str(pk): "" for pk in criteria_ids(procurement)}},
    )
    client = client_for(personas.provider_a_author)
    with django_assert_num_queries(14):
        response = client.get(f"/tenders/{tender.pk}/completeness/")
    assert response.content.decode().count("Answer the question of") == len(
        criteria_ids(procurement)
    )


@pytest.mark.parametrize("count", [1, 3])
def test_receipts_query_count(personas, client_for, django_assert_num_queries, count):
    _procurement, tender = build(personas, "small")
    for _number in range(count):
        services.submit(actor=actor(personas.provider_a_author), tender=fresh(tender))
    client = client_for(personas.provider_a_author)
    with django_assert_num_queries(7):
        response = client.get(f"/tenders/{tender.pk}/receipts/")
    assert response.content.decode().count('<code class="hash">') == count


@pytest.mark.parametrize("count", [1, 3])
def test_receipt_query_count(personas, client_for, django_assert_num_queries, count):
    _procurement, tender = build(personas, "large" if count == 3 else "small")
    services.submit(actor=actor(personas.provider_a_author), tender=tender)
    client = client_for(personas.provider_a_author)
    with django_assert_num_queries(11):
        response = client.get(f"/tenders/{tender.pk}/receipts/1/")
    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 3])
def test_list_query_count(personas, client_for, django_assert_num_queries, count):
    procurement = published(personas)
    author = personas.provider_a_author
    organisations = [personas.provider_a]
    for index in range(1, count):
        other = make_organisation(f"Omsorg {index} AB", kind=OrganisationKind.PROVIDER)
        add_member(author, other, Role.TENDER_AUTHOR)
        organisations.append(other)
    for organisation in organisations:
        write_tender(procurement, author, organisation, submit=True)
    client = client_for(author)
    with django_assert_num_queries(6):
        response = client.get("/tenders/")
    assert response.content.decode().count("version 1 counts") == count
