"""The provider's tender pages: starting, the draft (saved per part with htmx and all at once
with a plain submit), completeness, submitting with a receipt (shown and e-mailed), replacing,
withdrawing, the deadline to the second, attachments and the list of one's own tenders."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail

from rodtrad.common import clock
from rodtrad.tenders import services
from rodtrad.tenders.models import Attachment, LateAttempt, Submission, Tender, TenderStatus
from tests.procurements.factories import english_users  # noqa: F401 (fixture)
from tests.tenders.factories import PDF, after_deadline, colleague_of_a, published, write_tender
from tests.tenders.test_provider_support import (
    EXECUTABLE,
    actor,
    complete_form,
    criteria_ids,
    draft_of,
    fresh,
    lot_ids,
    requirement_ids,
    start,
)

pytestmark = pytest.mark.usefixtures("english_users")

HTMX = {"HX-Request": "true"}


def text(response) -> str:
    return response.content.decode()


def flash(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


# --- starting ---------------------------------------------------------------------------------


def test_start_creates_the_draft_and_opens_it(personas, client_for):
    procurement = published(personas)
    client = client_for(personas.provider_a_author)

    page = client.get(f"/market/{procurement.pk}/tender/")
    response = client.post(
        f"/market/{procurement.pk}/tender/", {"organisation": personas.provider_a.pk}
    )

    assert "Start a tender on behalf of Omsorg A AB" in text(page)
    tender = Tender.objects.get(procurement=procurement, organisation=personas.provider_a)
    assert response.status_code == 302
    assert response["Location"] == f"/tenders/{tender.pk}/"
    assert tender.status == TenderStatus.DRAFT
    assert client.get(f"/market/{procurement.pk}/tender/")["Location"] == f"/tenders/{tender.pk}/"


def test_tender_page_shows_the_published_questions_and_limits(personas, client_for):
    procurement = published(personas)
    tender = start(personas, procurement)

    response = client_for(personas.provider_a_author).get(f"/tenders/{tender.pk}/")

    body = text(response)
    assert response.status_code == 200
    for award in procurement.criteria.all():
        assert award.question in body
        assert f'data-max-chars="{award.answer_max_chars}"' in body
        assert f"At most {award.answer_max_chars} characters." in body
    assert 'id="revision" value="0"' in body
    assert "Give your price." in body
    assert 'role="status" aria-live="polite"' in body


# --- saving the draft -------------------------------------------------------------------------


def test_htmx_save_of_one_part_saves_it_and_answers_with_state_revision_and_missing(
    personas, client_for
):
    procurement = published(personas)
    tender = start(personas, procurement)
    criterion = criteria_ids(procurement)[0]
    form = complete_form(personas, procurement, tender)

    response = client_for(personas.provider_a_author).post(
        f"/tenders/{tender.pk}/sections/answer-{criterion}/", form, headers=HTMX
    )

    body = text(response)
    assert response.status_code == 200
    assert body.startswith("Saved ")
    assert 'id="revision" value="1" hx-swap-oob="true"' in body
    assert 'id="missing"' in body and 'hx-swap-oob="true"' in body
    draft = draft_of(tender)
    assert draft["answers"] == {str(criterion): form[f"answer-{criterion}"]}
    assert draft["partnership"] == ""  # only the part that changed is saved
    assert "Give your price." in body
    assert f"answer-{criterion}" not in re.findall(r'href="#([^"]+)"', body)
    assert fresh(tender).draft_revision == 1


def test_htmx_save_refuses_a_too_long_answer_and_saves_nothing(personas, client_for):
    procurement = published(personas)
    tender = start(personas, procurement)
    award = procurement.criteria.order_by("id").first()
    assert award is not None
    too_long = "x" * (award.answer_max_chars + 1)

    response = client_for(personas.provider_a_author).post(
        f"/tenders/{tender.pk}/sections/answer-{award.pk}/",
        {"revision": "0", f"answer-{award.pk}": too_long},
        headers=HTMX,
    )

    assert response.status_code == 400
    assert (
        f"The answer is {award.answer_max_chars + 1} characters; at most "
        f"{award.answer_max_chars} are allowed."
    ) in text(response)
    assert "hx-swap-oob" not in text(response)
    assert draft_of(tender)["answers"] == {}
    assert fresh(tender).draft_revision == 0


def test_htmx_save_over_a_newer_draft_is_a_conflict(personas, client_for):
    procurement = published(personas)
    tender = start(personas, procurement)
    services.save_draft(
        actor=actor(colleague_of_a(personas)), tender=tender, changes={"partnership": "Först"}
    )

    response = client_for(personas.provider_a_author).post(
        f"/tenders/{tender.pk}/sections/partnership/",
        {"revision": "0", "partnership": "Sedan"},
        headers=HTMX,
    )

    assert response.status_code == 409
    assert "Someone else at your organisation saved the tender meanwhile." in text(response)
    assert "hx-swap-oob" not in text(response)  # the form keeps its old revision
    assert draft_of(tender)["partnership"] == "Först"


def test_own_newer_save_is_not_a_conflict(personas, client_for):
    """An as-you-type save still in flight when the same person presses Save: theirs wins."""
    procurement = published(personas)
    tender = start(personas, procurement)
    services.save_draft(
        actor=actor(personas.provider_a_author), tender=tender, changes={"partnership": "Först"}
    )

    response = client_for(personas.provider_a_author).post(
        f"/tenders/{tender.pk}/sections/partnership/",
        {"revision": "0", "partnership": "Sedan"},
        headers=HTMX,
    )

    assert response.status_code == 200
    assert text(response).startswith("Saved ")
    assert draft_of(tender)["partnership"] == "Sedan"


def test_section_save_without_htmx_redirects_with_a_message(personas, client_for):
    procurement = published(personas)
    tender = start(personas, procurement)

    response = client_for(personas.provider_a_author).post(
        f"/tenders/{tender.pk}/sections/partnership/",
        {"revision": "0", "partnership": "Samverkan varje kvartal."},
        follow=True,
    )

    assert response.redirect_chain == [(f"/tenders/{tender.pk}/#section-partnership", 302)]
    assert flash(response) == ["The draft is saved."]
    assert draft_of(tender)["partnership"] == "Samverkan varje kvartal."


def test_unknown_section_is_not_found(personas, client_for):
    procurement = published(personas)
    tender = start(personas, procurement)

    response = client_for(personas.provider_a_author).post(
        f"/tenders/{tender.pk}/sections/answer-999999/", {"revision": "0"}, headers=HTMX
    )

    assert response.status_code == 404


def test_plain_save_saves_every_part(personas, client_for):
    procurement = published(personas)
    tender = start(personas, procurement)
    form = complete_form(personas, procurement, tender, save="1")

    response = client_for(personas.provider_a_author).post(
        f"/tenders/{tender.pk}/", form, follow=True
    )

    assert flash(response) == ["The draft is saved."]
    draft = draft_of(tender)
    assert draft["prices"] == {str(lot_ids(procurement)[0]): "2100.50"}
    assert set(draft["answers"]) == {str(pk) for pk in criteria_ids(procurement)}
    assert draft["requirements"] == {
        str(pk): {"fulfilled": True, "comment": ""} for pk in requirement_ids(procurement)
    }
    assert draft["contact"] == {
        "name": "Anton Anbud",
        "email": "anbud@omsorg-a.se",
        "phone": "010-123 45 67",
    }
    assert "Ready to submit" in text(response)


def test_plain_save_refused_keeps_what_was_typed_and_links_the_error(personas, client_for):
    procurement = published(personas)
    tender = start(personas, procurement)
    lot = lot_ids(procurement)[0]
    form = complete_form(
        personas, procurement, tender, save="1", **{f"price-{lot}": "tusen", "contact-email": "x"}
    )

    response = client_for(personas.provider_a_author).post(f"/tenders/{tender.pk}/", form)

    body = text(response)
    assert response.status_code == 400
    assert f'<a href="#price-{lot}">Enter a number, for example 1250 or 1 250,50.</a>' in body
    assert '<a href="#contact-email">Enter a valid e-mail address.</a>' in body
    assert "Vi föreslår ett samverkansforum varannan månad." in body  # nothing typed is lost
    assert 'value="tusen"' in body
    assert draft_of(tender)["partnership"] == ""  # nothing saved


# --- completeness and submitting --------------------------------------------------------------


def test_completeness_lists_everything_missing_with_links(personas, client_for):
    procurement = published(personas)
    tender = start(personas, procurement)
    first, *_rest = criteria_ids(procurement)
    services.save_draft(
        actor=actor(personas.provider_a_author),
        tender=tender,
        changes={"answers": {str(first): "Vi arbetar med det."}},
    )

    response = client_for(personas.provider_a_author).get(f"/tenders/{tender.pk}/completeness/")

    body = text(response)
    links = re.findall(r'<a href="/tenders/\d+/#([^"]+)">([^<]+)</a>', body)
    anchors = [anchor for anchor, _message in links]
    expected = [
        f"price-{lot_ids(procurement)[0]}",
        *[f"answer-{pk}" for pk in criteria_ids(procurement)[1:]],
        *[f"requirement-{pk}-fulfilled" for pk in requirement_ids(procurement)],
        "partnership",
        "contact-name",
    ]
    assert sorted(anchors) == sorted(expected)
    assert ("partnership", "Answer the question on the partnership.") in links
    assert "things are missing before the tender can be submitted" in body
    assert "Submit the saved draft" not in body


def test_completeness_offers_submit_when_nothing_is_missing(personas, client_for):
    procurement = published(personas)
    tender = write_tender(procurement, personas.provider_a_author, personas.provider_a)

    response = client_for(personas.provider_a_author).get(f"/tenders/{tender.pk}/completeness/")

    assert "Nothing is missing" in text(response)
    assert f'action="/tenders/{tender.pk}/submit/"' in text(response)


def test_submit_is_refused_with_the_list_while_something_is_missing(personas, client_for):
    procurement = published(personas)
    tender = start(personas, procurement)
    client = client_for(personas.provider_a_author)

    from_page = client.post(f"/tenders/{tender.pk}/", {"revision": "0", "submit": "1"})
    from_completeness = client.post(f"/tenders/{tender.pk}/submit/")

    for response in (from_page, from_completeness):
        body = text(response)
        assert response.status_code == 400
        assert "cannot be submitted until this is done" in body
        assert "<li>Give your price.</li>" in body
        assert "<li>Answer the question on the partnership.</li>" in body
        assert "<li>Give a contact person and an e-mail address.</li>" in body
    assert Submission.objects.filter(tender=tender).count() == 0
    assert fresh(tender).status == TenderStatus.DRAFT


def test_submit_shows_the_receipt_with_sha256_and_emails_it(
    personas, client_for, django_capture_on_commit_callbacks
):
    procurement = published(personas)
    tender = start(personas, procurement)
    form = complete_form(personas, procurement, tender, submit="1")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(personas.provider_a_author).post(
            f"/tenders/{tender.pk}/", form, follow=True
        )

    submission = Submission.objects.get(tender=tender)
    assert response.redirect_chain == [(f"/tenders/{tender.pk}/receipts/1/", 302)]
    assert flash(response) == [
        "Your tender is submitted as version 1. The receipt is e-mailed to you."
    ]
    body = text(response)
    assert re.fullmatch(r"[0-9a-f]{64}", submission.receipt_hash)
    assert f'<code class="hash" id="receipt-hash">{submission.receipt_hash}</code>' in body
    assert "This is the version that counts." in body
    assert submission.receipt_hash == services.receipt_hash(services.read_submission(submission))
    assert fresh(tender).status == TenderStatus.SUBMITTED
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == ["anbud@omsorg-a.se", "author@omsorg-a.se"]
    assert submission.receipt_hash in message.body


def test_the_receipt_shows_what_the_version_contained(personas, client_for):
    procurement = published(personas)
    tender = write_tender(
        procurement, personas.provider_a_author, personas.provider_a, price="2100", submit=True
    )

    body = text(client_for(personas.provider_a_author).get(f"/tenders/{tender.pk}/receipts/1/"))

    for award in procurement.criteria.select_related("criterion"):
        assert f"{award.criterion.code} {award.criterion.name}" in body
        assert f"{personas.provider_a.name} arbetar systematiskt med" in body
    for requirement in procurement.requirements.all():
        assert f"{requirement.code} {requirement.title}: declared as fulfilled" in body
    assert "<dd>2,100.00 kr</dd>" in body


def test_replacement_keeps_every_version_and_only_the_latest_counts(personas, client_for):
    procurement = published(personas)
    tender = write_tender(
        procurement, personas.provider_a_author, personas.provider_a, price="2100", submit=True
    )
    client = client_for(personas.provider_a_author)
    lot = lot_ids(procurement)[0]
    form = complete_form(personas, procurement, tender, submit="1", **{f"price-{lot}": "1999"})

    client.post(f"/tenders/{tender.pk}/", form)

    first, second = Submission.objects.filter(tender=tender).order_by("number")
    assert (first.number, second.number) == (1, 2)
    assert services.read_submission(first)["prices"] == {str(lot): "2100.00"}
    assert services.read_submission(second)["prices"] == {str(lot): "1999.00"}
    assert first.receipt_hash != second.receipt_hash
    receipts = text(client.get(f"/tenders/{tender.pk}/receipts/"))
    rows = re.findall(r"Version (\d)</a></td>.*?<td>(Yes|No)</td>", receipts, re.S)
    assert rows == [("2", "Yes"), ("1", "No")]
    old = text(client.get(f"/tenders/{tender.pk}/receipts/1/"))
    assert "This version has been replaced: version 2 counts." in old
    assert first.receipt_hash in old


def test_withdraw_makes_no_version_count(personas, client_for):
    procurement = published(personas)
    tender = write_tender(procurement, personas.provider_a_author, personas.provider_a, submit=True)
    client = client_for(personas.provider_a_author)

    response = client.post(f"/tenders/{tender.pk}/withdraw/", follow=True)

    assert fresh(tender).status == TenderStatus.WITHDRAWN
    assert flash(response) == [
        "Your tender is withdrawn: no version of it counts. You may submit it again before the "
        "deadline."
    ]
    assert "The tender was withdrawn on" in text(response)
    assert Submission.objects.filter(tender=tender).count() == 1  # kept
    receipts = text(client.get(f"/tenders/{tender.pk}/receipts/"))
    assert "The tender is withdrawn: no version counts." in receipts
    assert "<td>Yes</td>" not in receipts


# --- the deadline -----------------------------------------------------------------------------

LATE = "The tender deadline passed at"


@pytest.mark.parametrize("action", ["submit", "replace", "withdraw"])
def test_after_the_deadline_nothing_is_submitted_replaced_or_withdrawn(
    personas, client_for, action
):
    procurement = published(personas)
    tender = write_tender(
        procurement, personas.provider_a_author, personas.provider_a, submit=action != "submit"
    )
    client = client_for(personas.provider_a_author)
    before = fresh(tender).status

    with after_deadline(procurement):
        if action == "withdraw":
            response = client.post(f"/tenders/{tender.pk}/withdraw/")
        else:
            response = client.post(f"/tenders/{tender.pk}/submit/")

    assert response.status_code == 400
    assert LATE in text(response)
    assert "Nothing can be submitted, replaced or withdrawn any more" in text(response)
    assert fresh(tender).status == before
    assert Submission.objects.filter(tender=tender).count() == (0 if action == "submit" else 1)
    attempt = LateAttempt.objects.get(procurement=procurement)
    expected_action = "withdraw" if action == "withdraw" else "submit"
    assert (attempt.organisation, attempt.user, attempt.action) == (
        personas.provider_a,
        personas.provider_a_author,
        expected_action,
    )


def test_after_the_deadline_the_page_is_read_only_and_its_submit_button_is_refused(
    personas, client_for
):
    procurement = published(personas)
    tender = write_tender(procurement, personas.provider_a_author, personas.provider_a)
    client = client_for(personas.provider_a_author)

    with after_deadline(procurement):
        page = text(client.get(f"/tenders/{tender.pk}/"))
        response = client.post(
            f"/tenders/{tender.pk}/", complete_form(personas, procurement, tender, submit="1")
        )

    assert "This draft was never submitted: it is not a tender." in page
    assert "hx-post" not in page
    assert "Submit the tender" not in page
    assert response.status_code == 400
    assert LATE in text(response)
    assert LateAttempt.objects.filter(procurement=procurement, action="submit").count() == 1


@pytest.mark.parametrize(("offset", "accepted"), [(-1, True), (0, True), (1, False)])
def test_the_deadline_to_the_second(personas, client_for, offset, accepted):
    procurement = published(personas)
    tender = write_tender(procurement, personas.provider_a_author, personas.provider_a)
    procurement.refresh_from_db()
    assert procurement.tender_deadline is not None
    client = client_for(personas.provider_a_author)

    with clock.frozen_at(procurement.tender_deadline + timedelta(seconds=offset)):
        response = client.post(f"/tenders/{tender.pk}/submit/")

    if accepted:
        assert response.status_code == 302
        submission = Submission.objects.get(tender=tender)
        assert submission.submitted_at == procurement.tender_deadline + timedelta(seconds=offset)
        assert not LateAttempt.objects.exists()
    else:
        assert response.status_code == 400
        assert LATE in text(response)
        assert not Submission.objects.filter(tender=tender).exists()
        assert LateAttempt.objects.filter(procurement=procurement).count() == 1


# --- attachments ------------------------------------------------------------------------------


def _upload(client, tender, criterion: int, name: str, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        f"/tenders/{tender.pk}/",
        {
            "revision": str(fresh(tender).draft_revision),
            "upload": f"criterion-{criterion}",
            f"file-criterion-{criterion}": SimpleUploadedFile(name, data),
        },
    )


def test_upload_of_a_pdf_attaches_it_and_it_downloads_decrypted(personas, client_for):
    procurement = published(personas)
    tender = start(personas, procurement)
    criterion = criteria_ids(procurement)[0]
    client = client_for(personas.provider_a_author)

    response = _upload(client, tender, criterion, "Rutiner.pdf", PDF)

    attachment = Attachment.objects.get(tender=tender)
    assert response["Location"] == f"/tenders/{tender.pk}/#file-criterion-{criterion}"
    assert (attachment.purpose, attachment.ref, attachment.content_type) == (
        "criterion",
        criterion,
        "application/pdf",
    )
    assert bytes(attachment.sealed_name) != b"Rutiner.pdf"
    page = text(client.get(f"/tenders/{tender.pk}/"))
    assert f'<a href="/tenders/{tender.pk}/attachments/{attachment.pk}/">Rutiner.pdf</a>' in page
    download = client.get(f"/tenders/{tender.pk}/attachments/{attachment.pk}/")
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Disposition"] == 'attachment; filename="Rutiner.pdf"'
    assert download["Cache-Control"] == "private, no-store"


def test_a_renamed_executable_is_refused_with_a_reason(personas, client_for):
    procurement = published(personas)
    tender = start(personas, procurement)
    criterion = criteria_ids(procurement)[0]

    response = _upload(
        client_for(personas.provider_a_author), tender, criterion, "x.pdf", EXECUTABLE
    )

    assert response.status_code == 400
    assert (
        f'<a href="#file-criterion-{criterion}">The content of “x.pdf” is not a PDF, Word (DOCX), '
        "OpenDocument text (ODT), Excel (XLSX), PNG or JPEG file."
    ) in text(response)
    assert not Attachment.objects.filter(tender=tender).exists()


def test_a_path_traversal_name_is_made_safe(personas, client_for):
    procurement = published(personas)
    tender = start(personas, procurement)
    criterion = criteria_ids(procurement)[0]
    client = client_for(personas.provider_a_author)

    _upload(client, tender, criterion, "../../etc/passwd.pdf", PDF)

    attachment = Attachment.objects.get(tender=tender)
    assert services.attachment_name(attachment, procurement.pk) == "passwd.pdf"
    assert "/" not in attachment.storage_name and ".." not in attachment.storage_name
    download = client.get(f"/tenders/{tender.pk}/attachments/{attachment.pk}/")
    assert download["Content-Disposition"] == 'attachment; filename="passwd.pdf"'


def test_an_oversized_file_is_refused_with_a_message(personas, client_for, settings):
    settings.TENDER_FILE_MAX_BYTES = 1024 * 1024
    procurement = published(personas)
    tender = start(personas, procurement)
    criterion = criteria_ids(procurement)[0]
    big = PDF + b"0" * (1024 * 1024 + 200 * 1024)

    response = _upload(client_for(personas.provider_a_author), tender, criterion, "stor.pdf", big)

    assert response.status_code == 400
    assert "The file is 1.2 MB; a file may be at most 1 MB." in text(response)
    assert not Attachment.objects.filter(tender=tender).exists()


def test_removing_a_file_takes_it_from_the_draft_but_a_submitted_version_keeps_it(
    personas, client_for
):
    procurement = published(personas)
    tender = write_tender(procurement, personas.provider_a_author, personas.provider_a)
    criterion = criteria_ids(procurement)[0]
    client = client_for(personas.provider_a_author)
    _upload(client, tender, criterion, "Rutiner.pdf", PDF)
    client.post(f"/tenders/{tender.pk}/submit/")
    attachment = Attachment.objects.get(tender=tender)

    response = client.post(
        f"/tenders/{tender.pk}/",
        {"revision": str(fresh(tender).draft_revision), "remove": str(attachment.pk)},
        follow=True,
    )

    assert flash(response)[-1] == "The file is removed from the draft."
    attachment.refresh_from_db()
    assert attachment.removed_at is not None
    content = services.read_submission(Submission.objects.get(tender=tender))
    assert [a["name"] for a in content["attachments"]] == ["Rutiner.pdf"]
    download = client.get(f"/tenders/{tender.pk}/attachments/{attachment.pk}/")
    assert b"".join(download.streaming_content) == PDF


# --- the list ---------------------------------------------------------------------------------


def test_list_shows_the_organisations_own_tenders_with_status_and_receipts(personas, client_for):
    procurement = published(personas)
    tender = write_tender(procurement, personas.provider_a_author, personas.provider_a, submit=True)
    write_tender(procurement, personas.provider_b_author, personas.provider_b, submit=True)

    response = client_for(personas.provider_a_author).get("/tenders/")

    body = text(response)
    assert re.findall(r'href="/tenders/(\d+)/"', body) == [str(tender.pk)]
    assert "Vård- och omsorgsboende Ekbacken" in body
    assert "version 1 counts" in body
    assert f'href="/tenders/{tender.pk}/receipts/">1 receipt</a>' in body
    assert "Omsorg B AB" not in body


# --- several lots and clarifications ----------------------------------------------------------


def test_several_lots_are_chosen_and_priced_per_lot(personas, client_for):
    procurement = published(personas, lots=2)
    tender = start(personas, procurement)
    first, second = lot_ids(procurement)
    client = client_for(personas.provider_a_author)

    page = text(client.get(f"/tenders/{tender.pk}/"))
    response = client.post(
        f"/tenders/{tender.pk}/sections/lots/",
        {"revision": "0", "lots": [str(second)], f"price-{first}": "", f"price-{second}": "1850"},
        headers=HTMX,
    )

    assert 'id="lots"' in page and f'id="lots-{second}"' in page
    assert response.status_code == 200
    draft = draft_of(tender)
    assert (draft["lots"], draft["prices"]) == ([second], {str(first): "", str(second): "1850.00"})
    body = text(response)
    assert "Choose the lots you tender for." not in body
    assert f'href="#price-{first}"' not in body  # only the chosen lots need a price


def test_reply_to_a_clarification_request_is_kept_with_the_tender(personas, client_for):
    from rodtrad.tenders.models import Clarification
    from tests.tenders.factories import open_tenders

    procurement = published(personas)
    tender = write_tender(procurement, personas.provider_a_author, personas.provider_a, submit=True)
    client = client_for(personas.provider_a_author)

    with after_deadline(procurement):
        open_tenders(personas, procurement)
        clarification = services.request_clarification(
            actor=actor(personas.procurement_officer),
            tender=fresh(tender),
            question="Bifoga ert senaste kvalitetsbokslut.",
            deadline=clock.now() + timedelta(days=5),
        )
        page = text(client.get(f"/tenders/{tender.pk}/"))
        response = client.post(
            f"/tenders/{tender.pk}/clarifications/{clarification.pk}/reply/",
            {f"reply-{clarification.pk}-text": "Kvalitetsbokslutet finns i bilaga 3."},
            follow=True,
        )

    assert "Bifoga ert senaste kvalitetsbokslut." in page
    assert f'name="reply-{clarification.pk}-text"' in page
    assert flash(response)[-1] == "Your reply is sent to the buyer."
    clarification = Clarification.objects.get(pk=clarification.pk)
    assert clarification.replied_by == personas.provider_a_author
    assert services.clarification_reply(clarification) == "Kvalitetsbokslutet finns i bilaga 3."
    assert "Kvalitetsbokslutet finns i bilaga 3." in text(response)
    assert Submission.objects.filter(tender=tender).count() == 1  # not a change of the tender


def test_an_empty_reply_is_refused(personas, client_for):
    from tests.tenders.factories import open_tenders

    procurement = published(personas)
    tender = write_tender(procurement, personas.provider_a_author, personas.provider_a, submit=True)

    with after_deadline(procurement):
        open_tenders(personas, procurement)
        clarification = services.request_clarification(
            actor=actor(personas.procurement_officer),
            tender=fresh(tender),
            question="Förklara priset.",
            deadline=clock.now() + timedelta(days=5),
            about_price=True,
        )
        response = client_for(personas.provider_a_author).post(
            f"/tenders/{tender.pk}/clarifications/{clarification.pk}/reply/",
            {f"reply-{clarification.pk}-text": "  "},
        )

    assert response.status_code == 400
    assert "<li>Write your reply.</li>" in text(response)
    clarification.refresh_from_db()
    assert clarification.replied_at is None


def test_a_tenderer_who_does_not_follow_is_told_of_a_cancellation(
    personas, django_capture_on_commit_callbacks
):
    from rodtrad.notifications.models import Notification
    from rodtrad.procurements import services as procurement_services

    procurement = published(personas)
    write_tender(procurement, personas.provider_a_author, personas.provider_a)  # a draft only
    assert not procurement.interested.exists()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        procurement_services.cancel(
            actor=actor(personas.procurement_officer),
            procurement=procurement,
            reason="Behovet har ändrats.",
        )

    told = set(Notification.objects.values_list("user__email", flat=True))
    assert personas.provider_a_author.email in told
    assert personas.provider_b_author.email not in told
    assert all(set(message.to) <= {personas.provider_a_author.email} for message in mail.outbox)
    assert any("Behovet har ändrats." in message.body for message in mail.outbox)
