"""Who may see and do what on the provider's tender pages: the organisation's tender authors
write; its other members read (403 on writes); a competitor and everyone at the buyer get 404
on every page and file – they may not learn that the tender exists."""

from __future__ import annotations

import pytest

from rodtrad.tenders.models import Attachment, Submission, Tender, TenderStatus
from tests.procurements.factories import english_users  # noqa: F401 (fixture)
from tests.tenders.factories import PDF, published, write_tender
from tests.tenders.test_provider_support import (
    actor,
    complete_form,
    criteria_ids,
    draft_of,
    fresh,
    viewer_of_a,
)

pytestmark = pytest.mark.usefixtures("english_users")

OUTSIDERS = [
    "provider_b_author",
    "buyer_admin",
    "procurement_officer",
    "panel_chair",
    "evaluator",
    "buyer_viewer",
    "other_buyer_officer",
    "stranger",
    "platform_admin",
]


@pytest.fixture
def submitted(personas):
    """Provider A's submitted tender with an attachment to an answer."""
    from rodtrad.tenders import services

    procurement = published(personas)
    tender = write_tender(procurement, personas.provider_a_author, personas.provider_a)
    attachment = services.add_attachment(
        actor=actor(personas.provider_a_author),
        tender=tender,
        purpose="criterion",
        ref=criteria_ids(procurement)[0],
        data=PDF,
        name="Hemligt.pdf",
    )
    services.submit(actor=actor(personas.provider_a_author), tender=fresh(tender))
    return procurement, fresh(tender), attachment


def read_urls(tender: Tender, attachment: Attachment) -> list[str]:
    base = f"/tenders/{tender.pk}"
    return [
        f"{base}/",
        f"{base}/completeness/",
        f"{base}/receipts/",
        f"{base}/receipts/1/",
        f"{base}/attachments/{attachment.pk}/",
    ]


def write_posts(tender: Tender, criterion: int) -> list[tuple[str, dict]]:
    base = f"/tenders/{tender.pk}"
    return [
        (f"{base}/", {"revision": "1", "partnership": "Ändrat", "save": "1"}),
        (f"{base}/sections/partnership/", {"revision": "1", "partnership": "Ändrat"}),
        (f"{base}/submit/", {}),
        (f"{base}/withdraw/", {}),
        (f"{base}/clarifications/1/reply/", {"reply-1-text": "Svar"}),
    ]


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_get_not_found_on_every_page_and_file(personas, client_for, submitted, who):
    procurement, tender, attachment = submitted
    client = client_for(getattr(personas, who))

    reads = [client.get(url) for url in read_urls(tender, attachment)]
    writes = [
        client.post(url, data) for url, data in write_posts(tender, criteria_ids(procurement)[0])
    ]

    assert [r.status_code for r in reads] == [404] * len(reads)
    assert [r.status_code for r in writes] == [404] * len(writes)
    for response in reads + writes:
        assert b"Omsorg A AB" not in response.content
        assert b"Hemligt.pdf" not in response.content
    assert fresh(tender).status == TenderStatus.SUBMITTED
    assert draft_of(tender)["partnership"] != "Ändrat"
    assert Submission.objects.filter(tender=tender).count() == 1


def test_anonymous_is_sent_to_log_in(client_for, submitted):
    _procurement, tender, attachment = submitted
    client = client_for(None)

    for url in [*read_urls(tender, attachment), "/tenders/"]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/login/") or "login" in response["Location"]


def test_a_competitor_never_sees_the_tender_in_lists_or_on_the_start_page(
    personas, client_for, submitted
):
    procurement, tender, _attachment = submitted
    client = client_for(personas.provider_b_author)

    listing = client.get("/tenders/")
    start_page = client.get(f"/market/{procurement.pk}/tender/")

    assert listing.status_code == 200
    assert f"/tenders/{tender.pk}/" not in listing.content.decode()
    assert "Your organisations have no tenders yet." in listing.content.decode()
    assert start_page.status_code == 200
    assert f"/tenders/{tender.pk}/" not in start_page.content.decode()
    assert "Omsorg A AB" not in start_page.content.decode()
    assert "Start a tender on behalf of Omsorg B AB" in start_page.content.decode()


@pytest.mark.parametrize("who", ["buyer_admin", "procurement_officer", "stranger"])
def test_buyer_people_cannot_start_a_tender(personas, client_for, who):
    procurement = published(personas)
    client = client_for(getattr(personas, who))

    assert client.get(f"/market/{procurement.pk}/tender/").status_code == 404
    assert (
        client.post(f"/market/{procurement.pk}/tender/", {"organisation": "1"}).status_code == 404
    )
    assert client.get("/tenders/").status_code in (200, 404)
    assert not Tender.objects.exists()


def test_a_viewer_of_the_organisation_reads_every_page_without_writing_controls(
    personas, client_for, submitted
):
    _procurement, tender, attachment = submitted
    client = client_for(viewer_of_a(personas))

    responses = [client.get(url) for url in read_urls(tender, attachment)]
    page = responses[0].content.decode()

    assert [r.status_code for r in responses] == [200] * len(responses)
    assert b"".join(responses[-1].streaming_content) == PDF
    assert "You can read this tender." in page
    assert "hx-post" not in page
    assert 'name="submit"' not in page
    assert "Withdraw the tender" not in page
    assert f'href="/tenders/{tender.pk}/"' in client.get("/tenders/").content.decode()


def test_a_viewer_of_the_organisation_may_not_write(personas, client_for, submitted):
    procurement, tender, _attachment = submitted
    client = client_for(viewer_of_a(personas))

    writes = [
        client.post(url, data) for url, data in write_posts(tender, criteria_ids(procurement)[0])
    ]

    assert [r.status_code for r in writes] == [403] * len(writes)
    assert fresh(tender).status == TenderStatus.SUBMITTED
    assert draft_of(tender)["partnership"] != "Ändrat"
    assert Submission.objects.filter(tender=tender).count() == 1


def test_a_viewer_cannot_start_a_tender(personas, client_for):
    procurement = published(personas)
    client = client_for(viewer_of_a(personas))

    page = client.get(f"/market/{procurement.pk}/tender/")
    post = client.post(
        f"/market/{procurement.pk}/tender/", {"organisation": personas.provider_a.pk}
    )

    assert page.status_code == 200
    assert "Only your organisation's tender authors and administrators can start a tender." in (
        page.content.decode()
    )
    assert post.status_code == 403
    assert not Tender.objects.exists()


def test_the_author_writes(personas, client_for, submitted):
    procurement, tender, _attachment = submitted

    response = client_for(personas.provider_a_author).post(
        f"/tenders/{tender.pk}/",
        complete_form(personas, procurement, tender, partnership="Ändrat", save="1"),
    )

    assert response.status_code == 302
    assert draft_of(tender)["partnership"] == "Ändrat"
