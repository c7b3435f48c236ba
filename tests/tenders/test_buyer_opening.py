"""The opening page (anbudsöppning): nothing about tenders before the opening is confirmed, not
possible before the deadline, two different openers, not twice, the record (table, stored PDF,
audit event), late attempts listed as late and not opened; and 404 for everyone outside the
buyer side on every buyer page."""

import io

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from rodtrad.accounts.actor import Actor
from rodtrad.audit.models import AuditEvent
from rodtrad.procurements.models import ProcurementStatus
from rodtrad.tenders import services
from rodtrad.tenders.models import LateAttempt, OpenedTender, Opening, Submission
from tests.procurements.factories import english_users  # noqa: F401
from tests.tenders.buyer_helpers import opened, pass_deadline, submitted, tenderers

pytestmark = pytest.mark.usefixtures("english_users")

NAMES = ("Omsorg A AB", "Omsorg B AB")


def _url(procurement, what: str = "") -> str:
    return f"/procurements/{procurement.pk}/opening/{what}"


def _reveals_nothing(page: str, personas) -> None:
    for name in NAMES:
        assert name not in page
    for organisation in (personas.provider_a, personas.provider_b):
        assert organisation.organisation_number not in page
    for receipt in Submission.objects.values_list("receipt_hash", flat=True):
        assert receipt not in page
    assert "Opening record" not in page
    assert "not opened" not in page


@pytest.mark.parametrize("who", ["procurement_officer", "buyer_admin", "panel_chair"])
def test_opening_page_before_deadline_says_when_and_reveals_nothing(personas, client_for, who):
    procurement, _tenders = submitted(personas, 2)

    response = client_for(getattr(personas, who)).get(_url(procurement))

    page = response.content.decode()
    assert response.status_code == 200
    assert "The opening is possible after the tender deadline" in page
    assert "Start the opening" not in page
    _reveals_nothing(page, personas)


def test_opening_start_refused_before_deadline(personas, client_for):
    procurement, _tenders = submitted(personas, 2)

    response = client_for(personas.procurement_officer).post(_url(procurement, "start/"))

    assert response.status_code == 400
    assert "Tenders can be opened only after the tender deadline." in response.content.decode()
    assert not Opening.objects.exists()
    _reveals_nothing(response.content.decode(), personas)


def test_opening_after_deadline_shows_start_to_an_opener_and_nothing_about_tenders(
    personas, client_for
):
    procurement, _tenders = submitted(personas, 2)
    pass_deadline(procurement)
    late_org, late_author = tenderers(personas, 3)[2]
    with pytest.raises(ValidationError):
        services.start_tender(
            actor=Actor.for_user(late_author), procurement=procurement, organisation=late_org
        )

    opener_page = client_for(personas.procurement_officer).get(_url(procurement))
    chair_page = client_for(personas.panel_chair).get(_url(procurement))

    assert "Start the opening" in opener_page.content.decode()
    assert "Start the opening" not in chair_page.content.decode()
    for page in (opener_page.content.decode(), chair_page.content.decode()):
        _reveals_nothing(page, personas)
        assert late_org.name not in page
        assert "Late" not in page


def test_a_non_opener_cannot_start_or_confirm(personas, client_for):
    procurement, _tenders = submitted(personas, 2)
    pass_deadline(procurement)
    chair = client_for(personas.panel_chair)

    refused_start = chair.post(_url(procurement, "start/"))
    client_for(personas.procurement_officer).post(_url(procurement, "start/"))
    refused_confirm = chair.post(_url(procurement, "confirm/"))

    assert refused_start.status_code == 403
    assert refused_confirm.status_code == 403
    assert Opening.objects.get().confirmed_at is None
    assert not OpenedTender.objects.exists()


def test_the_opener_who_started_cannot_confirm(personas, client_for):
    procurement, _tenders = submitted(personas, 2)
    pass_deadline(procurement)
    officer = client_for(personas.procurement_officer)

    started = officer.post(_url(procurement, "start/"))
    refused = officer.post(_url(procurement, "confirm/"))
    waiting = officer.get(_url(procurement)).content.decode()

    assert started.status_code == 302
    assert refused.status_code == 400
    assert "A second opener must confirm" in refused.content.decode()
    assert Opening.objects.get().confirmed_at is None
    assert not OpenedTender.objects.exists()
    assert "You started the opening. Another appointed opener must confirm it." in waiting
    assert "Olle Upphandlare" in waiting  # who started is shown, nothing about tenders
    _reveals_nothing(waiting, personas)
    _reveals_nothing(refused.content.decode(), personas)
    admin_page = client_for(personas.buyer_admin).get(_url(procurement)).content.decode()
    assert "Confirm the opening" in admin_page
    _reveals_nothing(admin_page, personas)


def test_two_openers_open_once_and_the_record_lists_every_tender(personas, client_for):
    procurement, tenders = submitted(personas, 2)
    pass_deadline(procurement)

    client_for(personas.procurement_officer).post(_url(procurement, "start/"))
    confirmed = client_for(personas.buyer_admin).post(_url(procurement, "confirm/"))
    again = client_for(personas.buyer_admin).post(_url(procurement, "confirm/"))
    restart = client_for(personas.procurement_officer).post(_url(procurement, "start/"))
    page = client_for(personas.procurement_officer).get(_url(procurement)).content.decode()

    assert confirmed.status_code == 302
    assert again.status_code == 400
    assert "The tenders have already been opened." in again.content.decode()
    assert restart.status_code == 400
    assert OpenedTender.objects.count() == 2
    procurement.refresh_from_db()
    assert procurement.status == ProcurementStatus.OPENED
    for tender in tenders:
        submission = tender.submissions.get()
        assert tender.organisation.name in page
        assert tender.organisation.organisation_number in page
        assert submission.receipt_hash in page
    assert "Olle Upphandlare" in page and "Agnes Admin" in page
    assert "Download the opening record (PDF)" in page
    event = AuditEvent.objects.get(action="tender.opened")
    assert event.organisation_id == personas.buyer.pk
    assert sorted(t["organisation"] for t in event.data["tenders"]) == list(NAMES)


def test_the_record_pdf_is_stored_and_downloadable(personas, client_for):
    procurement, tenders = opened(personas, 2)
    opening = Opening.objects.get()

    response = client_for(personas.procurement_officer).get(_url(procurement, "record.pdf"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response.content == bytes(opening.record_pdf)
    pages = PdfReader(io.BytesIO(response.content)).pages
    text = " ".join(" ".join(page.extract_text() for page in pages).split())
    for tender in tenders:
        assert tender.organisation.name in text
        assert tender.organisation.organisation_number in text
    assert "Olle Upphandlare" in text and "Agnes Admin" in text


def test_the_record_pdf_is_404_before_the_opening(personas, client_for):
    procurement, _tenders = submitted(personas, 2)
    pass_deadline(procurement)
    client_for(personas.procurement_officer).post(_url(procurement, "start/"))

    response = client_for(personas.buyer_admin).get(_url(procurement, "record.pdf"))

    assert response.status_code == 404


def test_a_late_attempt_is_listed_as_late_and_not_opened(personas, client_for):
    procurement, _tenders = submitted(personas, 2)
    pass_deadline(procurement)
    late_org, late_author = tenderers(personas, 3)[2]
    with pytest.raises(ValidationError):
        services.start_tender(
            actor=Actor.for_user(late_author), procurement=procurement, organisation=late_org
        )
    client_for(personas.procurement_officer).post(_url(procurement, "start/"))
    client_for(personas.buyer_admin).post(_url(procurement, "confirm/"))

    page = client_for(personas.procurement_officer).get(_url(procurement)).content.decode()

    assert LateAttempt.objects.get().organisation == late_org
    assert not OpenedTender.objects.filter(tender__organisation=late_org).exists()
    late_section = page.split("Attempts after the deadline (not opened)", 1)[1]
    assert late_org.name in late_section
    assert "Late – not opened" in late_section
    record_table = page.split("Attempts after the deadline")[0]
    assert late_org.name not in record_table


def test_the_procurement_page_links_to_the_opening_and_then_the_qualification(personas, client_for):
    procurement, _tenders = submitted(personas, 1)
    client = client_for(personas.procurement_officer)

    before = client.get(f"/procurements/{procurement.pk}/").content.decode()
    pass_deadline(procurement)
    from tests.tenders.factories import open_tenders

    open_tenders(personas, procurement)
    after = client.get(f"/procurements/{procurement.pk}/").content.decode()

    assert _url(procurement) in before
    assert f"/procurements/{procurement.pk}/qualification/" not in before
    assert f"/procurements/{procurement.pk}/qualification/" in after


# --- outsiders ------------------------------------------------------------------------------


OUTSIDERS = ("provider_a_author", "provider_b_author", "stranger", "other_buyer_officer")


def _buyer_urls(procurement, tender, attachment_id: int) -> list[str]:
    base = f"/procurements/{procurement.pk}"
    return [
        f"{base}/opening/",
        f"{base}/opening/record.pdf",
        f"{base}/qualification/",
        f"{base}/qualification/{tender.pk}/",
        f"{base}/qualification/{tender.pk}/attachments/{attachment_id}/",
    ]


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_get_404_on_every_buyer_page(personas, client_for, who):
    procurement, tenders = opened(personas, 2)
    attachment = tenders[0].attachments.first()
    client = client_for(getattr(personas, who))

    statuses = {
        url: client.get(url).status_code
        for url in _buyer_urls(procurement, tenders[0], attachment.pk if attachment else 1)
    }
    posts = {
        url: client.post(url).status_code
        for url in (
            _url(procurement, "start/"),
            _url(procurement, "confirm/"),
            f"/procurements/{procurement.pk}/qualification/complete/",
            f"/procurements/{procurement.pk}/qualification/{tenders[0].pk}/conclude/",
            f"/procurements/{procurement.pk}/qualification/{tenders[0].pk}/reopen/",
        )
    }

    assert set(statuses.values()) == {404}, statuses
    assert set(posts.values()) == {404}, posts


def test_anonymous_is_sent_to_log_in(personas, client_for):
    procurement, _tenders = submitted(personas, 1)

    response = client_for(None).get(_url(procurement))

    assert response.status_code == 302
    assert "/login" in response["Location"] or "login" in response["Location"]
