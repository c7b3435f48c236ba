"""The provider's tender endpoints of the HTTP API (/api/v1/tenders/…): the same rules as the
pages – own tenders only (404 for everyone else), a revision against lost updates, files checked
by content, submission with a receipt, the deadline – in the one error format."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from rodtrad.accounts.actor import Actor
from rodtrad.api.tokens import create_token
from rodtrad.common import clock
from rodtrad.tenders import services
from rodtrad.tenders.models import Attachment, LateAttempt, Submission, Tender, TenderStatus
from tests.procurements.factories import english_users  # noqa: F401 (fixture)
from tests.tenders.factories import PDF, after_deadline, colleague_of_a, published, write_tender
from tests.tenders.test_provider_support import (
    EXECUTABLE,
    actor,
    criteria_ids,
    draft_of,
    fresh,
    lot_ids,
    requirement_ids,
    start,
    viewer_of_a,
)

pytestmark = pytest.mark.usefixtures("english_users")

API = "/api/v1"
NOT_FOUND = {
    "error": {
        "status": 404,
        "code": "not_found",
        "message": "Not found, or you may not see it.",
        "details": [],
    }
}
FORBIDDEN = {
    "error": {
        "status": 403,
        "code": "forbidden",
        "message": "You are not allowed to do this.",
        "details": [],
    }
}


def api_client(user, organisation=None) -> Client:
    """A client with the user's personal access token for the organisation (default: their
    first); someone without an organisation uses a logged-in session."""
    if organisation is None:
        membership = user.memberships.order_by("organisation__name").first()
        if membership is None:
            client = Client(headers={"Accept-Language": "en"})
            client.force_login(user)
            return client
        organisation = membership.organisation
    _token, raw = create_token(actor=Actor.for_user(user), organisation=organisation, name="t")
    return Client(headers={"Authorization": f"Bearer {raw}", "Accept-Language": "en"})


def call(client: Client, method: str, path: str, data=None):
    send = getattr(client, method)
    if data is None:
        return send(API + path)
    return send(API + path, data, content_type="application/json")


# --- the tender and its draft -----------------------------------------------------------------


def test_start_creates_the_tender_and_starting_again_returns_it(personas):
    procurement = published(personas)
    client = api_client(personas.provider_a_author)

    first = call(client, "post", f"/market/procurements/{procurement.pk}/tender", {})
    again = call(client, "post", f"/market/procurements/{procurement.pk}/tender", {})

    tender = Tender.objects.get(procurement=procurement, organisation=personas.provider_a)
    assert (first.status_code, again.status_code) == (201, 200)
    body = first.json()
    assert body["id"] == again.json()["id"] == tender.pk
    assert body["status"] == "draft"
    assert body["revision"] == 0
    assert body["procurement_title"] == "Vård- och omsorgsboende Ekbacken"
    assert body["organisation_name"] == "Omsorg A AB"
    assert body["can_write"] is True
    assert body["draft"]["answers"] == {}
    assert {m["section"] for m in body["missing"]} == {
        "price",
        "answer",
        "requirement",
        "partnership",
        "contact",
    }


def test_patch_draft_saves_only_what_is_sent_and_bumps_the_revision(personas):
    procurement = published(personas)
    tender = start(personas, procurement)
    criterion = criteria_ids(procurement)[0]
    lot = lot_ids(procurement)[0]
    client = api_client(personas.provider_a_author)

    response = call(
        client,
        "patch",
        f"/tenders/{tender.pk}/draft",
        {
            "revision": 0,
            "prices": {str(lot): "2 100,50"},
            "answers": {str(criterion): "Vi arbetar med det."},
            "contact": {"name": "Anton", "email": "anbud@omsorg-a.se"},
        },
    )

    assert response.status_code == 200
    body = response.json()
    assert body["revision"] == 1
    assert body["draft"]["prices"] == {str(lot): "2100.50"}
    assert body["draft"]["answers"] == {str(criterion): "Vi arbetar med det."}
    assert body["draft"]["contact"] == {"name": "Anton", "email": "anbud@omsorg-a.se", "phone": ""}
    assert body["draft"]["partnership"] == ""
    assert draft_of(tender)["answers"] == {str(criterion): "Vi arbetar med det."}
    assert ("answer", criterion) not in {(m["section"], m["ref"]) for m in body["missing"]}


def test_patch_draft_with_an_old_revision_is_a_conflict(personas):
    procurement = published(personas)
    tender = start(personas, procurement)
    services.save_draft(
        actor=actor(colleague_of_a(personas)), tender=tender, changes={"partnership": "Först"}
    )

    response = call(
        api_client(personas.provider_a_author),
        "patch",
        f"/tenders/{tender.pk}/draft",
        {"revision": 0, "partnership": "Sedan"},
    )

    assert response.status_code == 409
    assert response.json() == {
        "error": {
            "status": 409,
            "code": "conflict",
            "message": "Someone else at your organisation saved the tender meanwhile. Reload "
            "the page to see their changes before you continue.",
            "details": [{"field": "revision", "message": "1"}],
        }
    }
    assert draft_of(tender)["partnership"] == "Först"


def test_patch_draft_refuses_bad_values_with_field_details(personas):
    procurement = published(personas)
    tender = start(personas, procurement)
    lot = lot_ids(procurement)[0]

    response = call(
        api_client(personas.provider_a_author),
        "patch",
        f"/tenders/{tender.pk}/draft",
        {"revision": 0, "prices": {str(lot): "gratis"}, "contact": {"email": "inte en adress"}},
    )

    assert response.status_code == 400
    assert response.json()["error"]["details"] == [
        {"field": f"price-{lot}", "message": "Enter a number, for example 1250 or 1 250,50."},
        {"field": "contact-email", "message": "Enter a valid e-mail address."},
    ]
    assert fresh(tender).draft_revision == 0


def test_list_has_only_the_organisations_own_tenders(personas):
    procurement = published(personas)
    tender = write_tender(procurement, personas.provider_a_author, personas.provider_a, submit=True)
    write_tender(procurement, personas.provider_b_author, personas.provider_b, submit=True)

    response = call(api_client(personas.provider_a_author), "get", "/tenders")

    assert response.status_code == 200
    assert [
        (t["id"], t["status"], t["latest_version"], t["counting_version"])
        for t in response.json()["items"]
    ] == [(tender.pk, "submitted", 1, 1)]


# --- attachments ------------------------------------------------------------------------------


def _upload(client, tender, ref: int, name: str, data: bytes, purpose: str = "criterion"):
    return client.post(
        f"{API}/tenders/{tender.pk}/attachments",
        {"purpose": purpose, "ref": str(ref), "file": SimpleUploadedFile(name, data)},
    )


def test_upload_list_download_and_delete_an_attachment(personas):
    procurement = published(personas)
    tender = start(personas, procurement)
    criterion = criteria_ids(procurement)[0]
    client = api_client(personas.provider_a_author)

    uploaded = _upload(client, tender, criterion, "../../etc/passwd.pdf", PDF)
    listed = call(client, "get", f"/tenders/{tender.pk}/attachments")
    attachment_id = uploaded.json()["id"]
    download = client.get(f"{API}/tenders/{tender.pk}/attachments/{attachment_id}/download")
    deleted = client.delete(f"{API}/tenders/{tender.pk}/attachments/{attachment_id}")
    after = call(client, "get", f"/tenders/{tender.pk}/attachments")

    assert uploaded.status_code == 201
    body = uploaded.json()
    assert (body["purpose"], body["ref"], body["name"], body["content_type"]) == (
        "criterion",
        criterion,
        "passwd.pdf",
        "application/pdf",
    )
    assert body["sha256"] == services.crypto.sha256(PDF)
    assert listed.json() == [body]
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Disposition"] == 'attachment; filename="passwd.pdf"'
    assert deleted.status_code == 204
    assert after.json() == []
    assert Attachment.objects.get(pk=attachment_id).removed_at is not None


def test_a_renamed_executable_is_refused(personas):
    procurement = published(personas)
    tender = start(personas, procurement)

    response = _upload(
        api_client(personas.provider_a_author),
        tender,
        criteria_ids(procurement)[0],
        "x.pdf",
        EXECUTABLE,
    )

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["details"][0]["field"] == "file"
    assert error["details"][0]["message"].startswith(
        "The content of “x.pdf” is not a PDF, Word (DOCX), OpenDocument text (ODT)"
    )
    assert not Attachment.objects.exists()


def test_an_oversized_file_is_refused(personas, settings):
    settings.TENDER_FILE_MAX_BYTES = 1024 * 1024
    procurement = published(personas)
    tender = start(personas, procurement)

    response = _upload(
        api_client(personas.provider_a_author),
        tender,
        criteria_ids(procurement)[0],
        "stor.pdf",
        PDF + b"0" * (1024 * 1024 + 200 * 1024),
    )

    assert response.status_code == 400
    assert response.json()["error"]["message"] == (
        "The file is 1.2 MB; a file may be at most 1 MB."
    )
    assert not Attachment.objects.exists()


def test_an_attachment_for_something_outside_the_procurement_is_refused(personas):
    procurement = published(personas)
    tender = start(personas, procurement)

    response = _upload(api_client(personas.provider_a_author), tender, 999999, "a.pdf", PDF)

    assert response.status_code == 400
    assert response.json()["error"]["message"] == (
        "The attachment belongs to nothing in this procurement."
    )


# --- completeness, submitting, withdrawing, receipts ------------------------------------------


def test_completeness_lists_what_is_missing(personas):
    procurement = published(personas)
    tender = start(personas, procurement)

    response = call(
        api_client(personas.provider_a_author), "get", f"/tenders/{tender.pk}/completeness"
    )

    body = response.json()
    assert body["complete"] is False
    assert [(m["section"], m["ref"]) for m in body["missing"]] == [
        ("price", lot_ids(procurement)[0]),
        *[("answer", pk) for pk in criteria_ids(procurement)],
        *[("requirement", pk) for pk in requirement_ids(procurement)],
        ("partnership", None),
        ("contact", None),
    ]


def test_submit_is_refused_with_the_list_while_something_is_missing(personas):
    procurement = published(personas)
    tender = start(personas, procurement)

    response = call(api_client(personas.provider_a_author), "post", f"/tenders/{tender.pk}/submit")

    assert response.status_code == 400
    messages = [d["message"] for d in response.json()["error"]["details"]]
    assert "Give your price." in messages
    assert "Answer the question on the partnership." in messages
    assert "Give a contact person and an e-mail address." in messages
    assert not Submission.objects.exists()


def test_submit_returns_the_receipt_and_emails_it_and_a_replacement_counts(
    personas, django_capture_on_commit_callbacks
):
    procurement = published(personas)
    tender = write_tender(procurement, personas.provider_a_author, personas.provider_a)
    client = api_client(personas.provider_a_author)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        first = call(client, "post", f"/tenders/{tender.pk}/submit")
    second = call(client, "post", f"/tenders/{tender.pk}/submit")
    receipts = call(client, "get", f"/tenders/{tender.pk}/receipts")
    detail = call(client, "get", f"/tenders/{tender.pk}/receipts/1")

    v1, v2 = Submission.objects.filter(tender=tender).order_by("number")
    assert first.status_code == 201
    assert first.json()["receipt_hash"] == v1.receipt_hash
    assert first.json()["number"] == 1
    assert second.json()["number"] == 2
    assert [(r["number"], r["counts"], r["receipt_hash"]) for r in receipts.json()] == [
        (1, False, v1.receipt_hash),
        (2, True, v2.receipt_hash),
    ]
    assert detail.json()["content"] == services.read_submission(v1)
    assert len(mail.outbox) == 1
    assert v1.receipt_hash in mail.outbox[0].body


def test_withdraw_then_nothing_counts(personas):
    procurement = published(personas)
    tender = write_tender(procurement, personas.provider_a_author, personas.provider_a, submit=True)

    response = call(
        api_client(personas.provider_a_author), "post", f"/tenders/{tender.pk}/withdraw"
    )

    assert response.status_code == 200
    assert (response.json()["status"], response.json()["counting_version"]) == ("withdrawn", None)
    assert fresh(tender).status == TenderStatus.WITHDRAWN


@pytest.mark.parametrize("path", ["submit", "withdraw"])
def test_after_the_deadline_submit_and_withdraw_are_refused_and_recorded(personas, path):
    procurement = published(personas)
    tender = write_tender(procurement, personas.provider_a_author, personas.provider_a, submit=True)
    client = api_client(personas.provider_a_author)

    with after_deadline(procurement):
        response = call(client, "post", f"/tenders/{tender.pk}/{path}")

    assert response.status_code == 400
    assert response.json()["error"]["message"].startswith("The tender deadline passed at")
    assert LateAttempt.objects.get(procurement=procurement).action == path
    assert Submission.objects.filter(tender=tender).count() == 1
    assert fresh(tender).status == TenderStatus.SUBMITTED


def test_the_deadline_to_the_second(personas):
    procurement = published(personas)
    tender = write_tender(procurement, personas.provider_a_author, personas.provider_a)
    procurement.refresh_from_db()
    assert procurement.tender_deadline is not None
    client = api_client(personas.provider_a_author)

    with clock.frozen_at(procurement.tender_deadline - timedelta(seconds=1)):
        before = call(client, "post", f"/tenders/{tender.pk}/submit")
    with clock.frozen_at(procurement.tender_deadline + timedelta(seconds=1)):
        after = call(client, "post", f"/tenders/{tender.pk}/submit")

    assert (before.status_code, after.status_code) == (201, 400)
    assert Submission.objects.filter(tender=tender).count() == 1
    assert LateAttempt.objects.filter(procurement=procurement).count() == 1


# --- who may ----------------------------------------------------------------------------------


def test_a_competitor_gets_not_found_on_every_endpoint(personas):
    procurement = published(personas)
    tender = write_tender(procurement, personas.provider_a_author, personas.provider_a, submit=True)
    attachment = services.add_attachment(
        actor=actor(personas.provider_a_author),
        tender=tender,
        purpose="criterion",
        ref=criteria_ids(procurement)[0],
        data=PDF,
        name="a.pdf",
    )
    client = api_client(personas.provider_b_author)
    base = f"/tenders/{tender.pk}"

    responses = [
        call(client, "get", base),
        call(client, "patch", f"{base}/draft", {"revision": 1, "partnership": "x"}),
        call(client, "get", f"{base}/attachments"),
        call(client, "get", f"{base}/attachments/{attachment.pk}/download"),
        call(client, "delete", f"{base}/attachments/{attachment.pk}"),
        call(client, "get", f"{base}/completeness"),
        call(client, "post", f"{base}/submit"),
        call(client, "post", f"{base}/withdraw"),
        call(client, "get", f"{base}/receipts"),
        call(client, "get", f"{base}/receipts/1"),
        _upload(client, tender, criteria_ids(procurement)[0], "b.pdf", PDF),
    ]

    assert [r.status_code for r in responses] == [404] * len(responses)
    assert all(r.json() == NOT_FOUND for r in responses)
    assert call(client, "get", "/tenders").json() == {"items": [], "count": 0}
    assert fresh(tender).status == TenderStatus.SUBMITTED
    assert Attachment.objects.filter(tender=tender, removed_at__isnull=True).count() == 1


def test_a_viewer_of_the_organisation_reads_but_may_not_write(personas):
    procurement = published(personas)
    tender = write_tender(procurement, personas.provider_a_author, personas.provider_a, submit=True)
    client = api_client(viewer_of_a(personas))
    base = f"/tenders/{tender.pk}"

    read = call(client, "get", base)
    writes = [
        call(client, "patch", f"{base}/draft", {"revision": 1, "partnership": "x"}),
        call(client, "post", f"{base}/submit"),
        call(client, "post", f"{base}/withdraw"),
        _upload(client, tender, criteria_ids(procurement)[0], "b.pdf", PDF),
    ]

    assert read.status_code == 200
    assert read.json()["can_write"] is False
    assert read.json()["status"] == "submitted"
    assert [r.json() for r in writes] == [FORBIDDEN] * len(writes)
    assert Submission.objects.filter(tender=tender).count() == 1
    assert fresh(tender).status == TenderStatus.SUBMITTED


@pytest.mark.parametrize(
    "who", ["buyer_admin", "procurement_officer", "evaluator", "platform_admin", "stranger"]
)
def test_buyer_people_and_others_get_not_found(personas, who):
    procurement = published(personas)
    tender = write_tender(procurement, personas.provider_a_author, personas.provider_a, submit=True)
    client = api_client(getattr(personas, who))

    listed = call(client, "get", "/tenders")
    responses = [
        call(client, "get", f"/tenders/{tender.pk}"),
        call(client, "get", f"/tenders/{tender.pk}/receipts"),
        call(client, "get", f"/tenders/{tender.pk}/completeness"),
        call(client, "post", f"/market/procurements/{procurement.pk}/tender", {}),
    ]

    if listed.status_code == 200:
        assert listed.json() == {"items": [], "count": 0}
    else:
        assert listed.json() == NOT_FOUND
    assert [r.json() for r in responses] == [NOT_FOUND] * len(responses)
    assert not Tender.objects.exclude(pk=tender.pk).exists()


def test_reply_to_a_clarification_request(personas):
    from tests.tenders.factories import open_tenders

    procurement = published(personas)
    tender = write_tender(procurement, personas.provider_a_author, personas.provider_a, submit=True)
    client = api_client(personas.provider_a_author)

    with after_deadline(procurement):
        open_tenders(personas, procurement)
        clarification = services.request_clarification(
            actor=actor(personas.procurement_officer),
            tender=fresh(tender),
            question="Bifoga ert senaste kvalitetsbokslut.",
            deadline=clock.now() + timedelta(days=5),
        )
        listed = call(client, "get", f"/tenders/{tender.pk}").json()["clarifications"]
        response = call(
            client,
            "post",
            f"/tenders/{tender.pk}/clarifications/{clarification.pk}/reply",
            {"text": "Bokslutet finns i bilaga 3."},
        )
        again = call(
            client,
            "post",
            f"/tenders/{tender.pk}/clarifications/{clarification.pk}/reply",
            {"text": "Ett till svar."},
        )

    assert [(c["id"], c["question"], c["reply"]) for c in listed] == [
        (clarification.pk, "Bifoga ert senaste kvalitetsbokslut.", "")
    ]
    assert response.status_code == 200
    assert response.json()["reply"] == "Bokslutet finns i bilaga 3."
    assert again.status_code == 400
    assert again.json()["error"]["message"] == "The clarification has already been answered."
    clarification.refresh_from_db()
    assert services.clarification_reply(clarification) == "Bokslutet finns i bilaga 3."


def test_a_viewer_cannot_start_a_tender(personas):
    procurement = published(personas)

    response = call(
        api_client(viewer_of_a(personas)),
        "post",
        f"/market/procurements/{procurement.pk}/tender",
        {},
    )

    assert response.json() == FORBIDDEN
    assert not Tender.objects.exists()
