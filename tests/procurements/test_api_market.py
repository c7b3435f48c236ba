"""The market endpoints of the HTTP API (/api/v1/market/… and the buyer's
/api/v1/procurements/{id}/questions…): the same rules as the pages – published snapshots only,
drafts not found, answers that never say who asked – in the one error format."""

import io
from datetime import timedelta

import pytest
from django.test import Client
from pypdf import PdfReader

from rodtrad.common import clock
from rodtrad.notifications.models import Notification
from rodtrad.procurements import services
from rodtrad.procurements.models import DocumentVersion, InterestRegistration, Question
from tests.factories import add_member, make_organisation
from tests.procurements.test_market_support import (
    DESCRIPTION,
    actor,
    ask,
    make_procurement,
    publish_change,
    use_english,
)

API = "/api/v1"
MSG_NOT_FOUND = "Not found, or you may not see it."
MSG_FORBIDDEN = "You are not allowed to do this."
MSG_UNAUTHENTICATED = "Log in or send a valid personal access token (Authorization: Bearer)."


@pytest.fixture(autouse=True)
def _english(personas):
    use_english(personas)


def call(client: Client, method: str, path: str, data=None):
    headers = {"Accept-Language": "en"}
    send = getattr(client, method)
    if data is None:
        return send(API + path, headers=headers)
    return send(API + path, data, content_type="application/json", headers=headers)


def error(status: int, code: str, message: str, details=()) -> dict:
    return {
        "error": {
            "status": status,
            "code": code,
            "message": message,
            "details": [{"field": field, "message": text} for field, text in details],
        }
    }


def field_error(field: str, message: str) -> dict:
    return error(400, "invalid", message, [(field, message)])


NOT_FOUND = error(404, "not_found", MSG_NOT_FOUND)
FORBIDDEN = error(403, "forbidden", MSG_FORBIDDEN)


def market_paths(procurement_id: int) -> list[str]:
    base = f"/market/procurements/{procurement_id}"
    return [
        base,
        base + "/versions/1",
        base + "/versions/1/pdf",
        base + "/versions/2/changes",
        base + "/questions",
    ]


# --- the list ---------------------------------------------------------------------------------


def test_list_gives_the_published_versions_data(personas, api_for):
    procurement = make_procurement(personas)
    make_procurement(personas, publish=False, title="Hemligt utkast", reference="KS 2026/9")
    response = call(api_for(personas.provider_b_author), "get", "/market/procurements")
    assert response.status_code == 200
    assert response.json() == {
        "count": 1,
        "page": 1,
        "pages": 1,
        "page_size": 20,
        "items": [
            {
                "id": procurement.pk,
                "title": "Särskilt boende Ekbacken",
                "reference_number": "KS 2026/101",
                "buyer_id": personas.buyer.pk,
                "buyer_name": "Ekby kommun",
                "cpv_codes": ["85311100-3"],
                "tender_deadline": "2099-06-01T10:00:00Z",
                "status": "published",
                "latest_version": 1,
            }
        ],
    }


def test_list_filters_and_pages(personas, api_for):
    first = make_procurement(personas, title="Boende Ekbacken", reference="KS 2026/1")
    second = make_procurement(
        personas,
        title="Hemtjänst norr",
        reference="KS 2026/2",
        cpv="85312000-9",
        tender_deadline=first.tender_deadline + timedelta(days=60),
    )
    third = make_procurement(
        personas, title="Grannbys boende", reference="GK 2026/3", other_buyer=True
    )
    client = api_for(personas.provider_a_author)

    def ids(query: str) -> list[int]:
        paged = query + ("&" if query else "?") + "page_size=2"
        response = call(client, "get", "/market/procurements" + paged)
        assert response.status_code == 200, response.json()
        return [item["id"] for item in response.json()["items"]]

    assert ids("") == [first.pk, third.pk]  # by deadline, two a page
    assert ids("?page=2") == [second.pk]
    assert call(client, "get", "/market/procurements?page=2&page_size=2").json()["pages"] == 2
    assert ids("?text=BOENDE") == [first.pk, third.pk]
    assert ids("?text=KS%202026/2") == [second.pk]
    assert ids(f"?buyer_id={personas.other_buyer.pk}") == [third.pk]
    assert ids("?cpv=85312") == [second.pk]
    after = (first.tender_deadline + timedelta(days=30)).date().isoformat()
    assert ids(f"?deadline_after={after}") == [second.pk]
    services.cancel(actor=actor(personas.procurement_officer), procurement=first, reason="Stopp.")
    assert ids("?text=Ekbacken") == []
    assert ids("?text=Ekbacken&open_only=false") == [first.pk]


def test_list_refuses_bad_filters(personas, api_for):
    response = call(api_for(personas.provider_a_author), "get", "/market/procurements?cpv=vård")
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid"
    assert [d["field"] for d in response.json()["error"]["details"]] == ["cpv"]


@pytest.mark.parametrize(
    ("persona", "status"),
    [("provider_a_author", 200), ("other_buyer_officer", 200), ("stranger", 404)],
)
def test_list_is_for_members_of_organisations(personas, api_for, persona, status):
    response = call(api_for(getattr(personas, persona)), "get", "/market/procurements")
    assert response.status_code == status
    if status == 404:
        assert response.json() == NOT_FOUND


def test_market_endpoints_refuse_anonymous_calls(personas, client):
    procurement = make_procurement(personas)
    for path in ["/market/procurements", *market_paths(procurement.pk)]:
        response = call(client, "get", path)
        assert response.status_code == 401, path
        assert response.json() == error(401, "unauthenticated", MSG_UNAUTHENTICATED)


# --- the published documents ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("provider_a_author", 200),
        ("provider_b_author", 200),
        ("other_buyer_officer", 200),
        ("evaluator", 200),
        ("stranger", 404),
        ("platform_admin", 404),
    ],
)
def test_published_endpoints_permissions(personas, api_for, persona, status):
    procurement = make_procurement(personas)
    publish_change(personas, procurement, "Ändrad beskrivning.", "Ändrad")
    client = api_for(getattr(personas, persona))
    for path in market_paths(procurement.pk):
        response = call(client, "get", path)
        assert response.status_code == status, path
        if status == 404:
            assert response.json() == NOT_FOUND


@pytest.mark.parametrize(
    "persona", ["provider_a_author", "other_buyer_officer", "procurement_officer", "stranger"]
)
def test_a_draft_is_not_found_on_any_market_endpoint(personas, api_for, persona):
    draft = make_procurement(personas, publish=False, title="Hemligt utkast")
    client = api_for(getattr(personas, persona))
    for path in market_paths(draft.pk):
        response = call(client, "get", path)
        assert (response.status_code, response.json()) == (404, NOT_FOUND), path
    base = f"/market/procurements/{draft.pk}"
    assert call(client, "post", base + "/follow", {}).json() == NOT_FOUND
    assert call(client, "post", base + "/questions", {"text": "Fråga?"}).json() == NOT_FOUND
    listed = call(client, "get", "/market/procurements?open_only=false")
    assert "Hemligt utkast" not in listed.content.decode()
    assert not InterestRegistration.objects.exists() and not Question.objects.exists()


def test_document_is_the_latest_snapshot_never_the_working_copy(personas, api_for):
    procurement = make_procurement(personas)
    officer = actor(personas.procurement_officer)
    services.update_basics(
        actor=officer,
        procurement=procurement,
        basics=services.Basics(
            title=procurement.title,
            reference_number=procurement.reference_number,
            description="Opublicerad utkasttext.",
            cpv_codes=procurement.cpv_codes,
            estimated_value=procurement.estimated_value,
            procedure=procurement.procedure,
            publication_date=procurement.publication_date,
            questions_deadline=procurement.questions_deadline,
            tender_deadline=procurement.tender_deadline,
        ),
    )
    client = api_for(personas.provider_b_author)
    path = f"/market/procurements/{procurement.pk}"
    body = call(client, "get", path).json()
    first = DocumentVersion.objects.get(procurement=procurement)
    assert body["document"] == first.snapshot
    assert body["document"]["procurement"]["description"] == DESCRIPTION
    assert "Opublicerad" not in call(client, "get", path).content.decode()
    assert call(client, "get", path + "/versions/2").json() == NOT_FOUND

    services.publish(actor=officer, procurement=procurement, change_summary="Ny beskrivning")
    body = call(client, "get", path).json()
    assert body["document"]["procurement"]["description"] == "Opublicerad utkasttext."
    assert body["version"]["number"] == body["latest_version"] == 2
    assert [(v["number"], v["change_summary"]) for v in body["versions"]] == [
        (1, ""),
        (2, "Ny beskrivning"),
    ]
    assert body["version"]["sha256"] == DocumentVersion.objects.get(number=2).sha256
    old = call(client, "get", path + "/versions/1").json()
    assert old["document"]["procurement"]["description"] == DESCRIPTION
    assert old["version"]["number"] == 1 and old["latest_version"] == 2
    changes = call(client, "get", path + "/versions/2/changes").json()
    assert changes == [
        {
            "path": "procurement.description",
            "before": DESCRIPTION,
            "after": "Opublicerad utkasttext.",
            "diff": [
                {"tag": "delete", "text": DESCRIPTION},
                {"tag": "insert", "text": "Opublicerad utkasttext."},
            ],
        }
    ]
    assert call(client, "get", path + "/versions/1/changes").json() == NOT_FOUND


def test_pdf_of_a_version(personas, api_for):
    procurement = make_procurement(personas)
    client = api_for(personas.provider_a_author)
    response = call(client, "get", f"/market/procurements/{procurement.pk}/versions/1/pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response.content == bytes(DocumentVersion.objects.get().pdf)
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "Särskilt boende Ekbacken" in text
    missing = call(client, "get", f"/market/procurements/{procurement.pk}/versions/2/pdf")
    assert missing.json() == NOT_FOUND


def test_cancelled_procurement_gives_the_reason(personas, api_for):
    procurement = make_procurement(personas)
    services.cancel(
        actor=actor(personas.procurement_officer), procurement=procurement, reason="Inget behov."
    )
    body = call(
        api_for(personas.provider_a_author), "get", f"/market/procurements/{procurement.pk}"
    ).json()
    assert (body["status"], body["cancelled_reason"]) == ("cancelled", "Inget behov.")


# --- following --------------------------------------------------------------------------------


def test_follow_for_ones_organisation(personas, api_for):
    procurement = make_procurement(personas)
    client = api_for(personas.provider_a_author)
    path = f"/market/procurements/{procurement.pk}/follow"
    response = call(client, "post", path, {})
    assert response.status_code == 201
    registration = InterestRegistration.objects.get()
    assert response.json()["organisation_id"] == personas.provider_a.pk
    assert registration.organisation == personas.provider_a
    assert (
        call(client, "post", path, {"organisation_id": personas.provider_a.pk}).status_code == 201
    )
    assert InterestRegistration.objects.count() == 1
    body = call(client, "get", f"/market/procurements/{procurement.pk}").json()
    assert body["following_organisation_ids"] == [personas.provider_a.pk]


def test_follow_with_several_organisations_and_scoped_tokens(personas, api_for):
    procurement = make_procurement(personas)
    third = make_organisation("Omsorg C AB", kind="provider")
    add_member(personas.provider_a_author, third, "quality_lead")
    path = f"/market/procurements/{procurement.pk}/follow"
    # A token is limited to one organisation: the other one is not the actor's here.
    scoped = api_for(personas.provider_a_author, third)
    refused = call(scoped, "post", path, {"organisation_id": personas.provider_a.pk})
    message = "Choose one of your provider organisations that may do this."
    assert refused.json() == field_error("organisation_id", message)
    assert call(scoped, "post", path, {}).json()["organisation_id"] == third.pk
    # With the session (both organisations) the choice must be made.
    session = Client()
    session.force_login(personas.provider_a_author)
    assert call(session, "post", path, {}).json() == field_error("organisation_id", message)
    chosen = call(session, "post", path, {"organisation_id": personas.provider_a.pk})
    assert chosen.status_code == 201
    assert set(InterestRegistration.objects.values_list("organisation", flat=True)) == {
        personas.provider_a.pk,
        third.pk,
    }


@pytest.mark.parametrize(
    ("persona", "status"),
    [("procurement_officer", 403), ("other_buyer_officer", 403), ("stranger", 404)],
)
def test_follow_is_for_providers(personas, api_for, persona, status):
    procurement = make_procurement(personas)
    response = call(
        api_for(getattr(personas, persona)),
        "post",
        f"/market/procurements/{procurement.pk}/follow",
        {"organisation_id": personas.provider_a.pk},
    )
    assert response.json() == (FORBIDDEN if status == 403 else NOT_FOUND)
    assert not InterestRegistration.objects.exists()


def test_follow_a_cancelled_procurement_is_refused(personas, api_for):
    procurement = make_procurement(personas)
    services.cancel(actor=actor(personas.procurement_officer), procurement=procurement, reason="X")
    response = call(
        api_for(personas.provider_a_author),
        "post",
        f"/market/procurements/{procurement.pk}/follow",
        {},
    )
    assert response.json() == FORBIDDEN


# --- questions --------------------------------------------------------------------------------


def test_ask_and_read_own_questions(personas, api_for):
    procurement = make_procurement(personas)
    client = api_for(personas.provider_a_author)
    path = f"/market/procurements/{procurement.pk}/questions"
    response = call(client, "post", path, {"text": "  Ingår måltiderna?  "})
    assert response.status_code == 201
    question = Question.objects.get()
    assert response.json() == {
        "id": question.pk,
        "organisation_id": personas.provider_a.pk,
        "text": "Ingår måltiderna?",
        "asked_at": response.json()["asked_at"],
        "answered": False,
        "number": None,
        "public_text": None,
        "answer": None,
        "published_at": None,
    }
    assert question.asked_by == personas.provider_a_author
    mine = call(client, "get", path).json()
    assert (mine["published"], [q["id"] for q in mine["own"]]) == ([], [question.pk])
    assert (mine["questions_open"], mine["closed_reason"]) == (True, "")
    theirs = call(api_for(personas.provider_b_author), "get", path).json()
    assert theirs == {"published": [], "own": [], "questions_open": True, "closed_reason": ""}


def test_bad_questions_are_field_errors_and_save_nothing(personas, api_for):
    procurement = make_procurement(personas)
    client = api_for(personas.provider_a_author)
    path = f"/market/procurements/{procurement.pk}/questions"
    assert call(client, "post", path, {"text": " "}).json() == field_error(
        "text", "Write your question."
    )
    assert call(client, "post", path, {"text": "x" * 4001}).json() == field_error(
        "text", "A question can be at most 4 000 characters."
    )
    assert call(client, "post", path, {}).status_code == 422
    assert not Question.objects.exists()


def test_asking_after_the_last_day_is_refused(personas, api_for):
    now = clock.now()
    procurement = make_procurement(
        personas,
        questions_deadline=now + timedelta(days=1),
        tender_deadline=now + timedelta(days=5),
    )
    client = api_for(personas.provider_a_author)
    path = f"/market/procurements/{procurement.pk}/questions"
    clock.advance(timedelta(days=1, seconds=1))
    message = "The last day for questions has passed. Questions can no longer be asked."
    response = call(client, "post", path, {"text": "Sen fråga?"})
    assert response.json() == error(400, "invalid", message, [("", message)])
    listing = call(client, "get", path).json()
    assert (listing["questions_open"], listing["closed_reason"]) == (False, message)
    assert not Question.objects.exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("procurement_officer", 403), ("other_buyer_officer", 403), ("stranger", 404)],
)
def test_only_providers_ask(personas, api_for, persona, status):
    procurement = make_procurement(personas)
    response = call(
        api_for(getattr(personas, persona)),
        "post",
        f"/market/procurements/{procurement.pk}/questions",
        {"text": "Fråga?"},
    )
    assert response.json() == (FORBIDDEN if status == 403 else NOT_FOUND)
    assert not Question.objects.exists()


def test_asking_on_a_cancelled_procurement_is_refused(personas, api_for):
    procurement = make_procurement(personas)
    services.cancel(actor=actor(personas.procurement_officer), procurement=procurement, reason="X")
    client = api_for(personas.provider_a_author)
    path = f"/market/procurements/{procurement.pk}/questions"
    assert call(client, "post", path, {"text": "Fråga?"}).json() == FORBIDDEN
    listing = call(client, "get", path).json()
    assert listing["closed_reason"] == "The procurement no longer takes questions."
    assert not Question.objects.exists()


# --- the buyer's side -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "list_status", "answer_status"),
    [
        ("procurement_officer", 200, 200),
        ("buyer_admin", 200, 200),
        ("evaluator", 200, 403),
        ("provider_a_author", 404, 404),
        ("other_buyer_officer", 404, 404),
        ("stranger", 404, 404),
    ],
)
def test_buyer_question_endpoints_permissions(
    personas, api_for, persona, list_status, answer_status
):
    procurement = make_procurement(personas)
    question = ask(personas, procurement, "Fråga?")
    client = api_for(getattr(personas, persona))
    listing = call(client, "get", f"/procurements/{procurement.pk}/questions")
    assert listing.status_code == list_status
    answered = call(
        client,
        "post",
        f"/procurements/{procurement.pk}/questions/{question.pk}/answer",
        {"public_text": "Fråga?", "answer": "Svar."},
    )
    assert answered.status_code == answer_status
    question.refresh_from_db()
    assert (question.published_at is not None) == (answer_status == 200)


def test_buyer_answers_through_the_api_and_providers_never_learn_who_asked(
    personas, api_for, django_capture_on_commit_callbacks, mailoutbox
):
    procurement = make_procurement(personas)
    asked = "Omsorg A AB undrar: ingår måltiderna?"
    question = ask(personas, procurement, asked)
    ask(personas, procurement, "Väntande fråga från A.")
    provider_b = api_for(personas.provider_b_author)
    call(provider_b, "post", f"/market/procurements/{procurement.pk}/follow", {})
    buyer = api_for(personas.procurement_officer)
    rows = call(buyer, "get", f"/procurements/{procurement.pk}/questions").json()
    assert [
        (r["organisation_name"], r["asked_by_name"], r["asked_by_email"], r["text"]) for r in rows
    ] == [
        ("Omsorg A AB", "Anton Anbud", "author@omsorg-a.se", asked),
        ("Omsorg A AB", "Anton Anbud", "author@omsorg-a.se", "Väntande fråga från A."),
    ]
    path = f"/procurements/{procurement.pk}/questions/{question.pk}/answer"
    assert call(buyer, "post", path, {"public_text": "", "answer": ""}).json() == error(
        400,
        "invalid",
        "The request has invalid values.",
        [
            ("public_text", "Write the question as it will be published."),
            ("answer", "Write the answer."),
        ],
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = call(buyer, "post", path, {"public_text": "Ingår måltiderna?", "answer": "Ja."})
    assert response.status_code == 200
    assert (response.json()["number"], response.json()["public_text"]) == (
        1,
        "Ingår måltiderna?",
    )
    corrected = call(buyer, "post", path, {"public_text": "Ingår måltiderna?", "answer": "Nej."})
    assert corrected.json()["number"] == 1

    public = call(provider_b, "get", f"/market/procurements/{procurement.pk}/questions")
    assert public.json()["published"] == [
        {
            "number": 1,
            "question": "Ingår måltiderna?",
            "answer": "Nej.",
            "published_at": public.json()["published"][0]["published_at"],
            "mine": False,
        }
    ]
    assert public.json()["own"] == []
    for text in (public.content.decode(), *(n.title + n.body for n in Notification.objects.all())):
        for needle in ("Anton", "omsorg-a", "Omsorg A AB", personas.provider_a.organisation_number):
            assert needle not in text
    assert Notification.objects.filter(user=personas.provider_b_author).count() == 2
    assert [m.subject for m in mailoutbox if m.to == ["author@omsorg-b.se"]] == [
        "New answer: Särskilt boende Ekbacken"
    ]
    own = call(
        api_for(personas.provider_a_author),
        "get",
        f"/market/procurements/{procurement.pk}/questions",
    ).json()
    assert [q["mine"] for q in own["published"]] == [True]
    assert [(q["text"], q["answered"]) for q in own["own"]] == [
        (asked, True),
        ("Väntande fråga från A.", False),
    ]


def test_answer_of_a_question_of_another_procurement_is_not_found(personas, api_for):
    first = make_procurement(personas)
    second = make_procurement(personas, title="Hemtjänst", reference="KS 2026/8")
    question = ask(personas, first, "Fråga?")
    response = call(
        api_for(personas.procurement_officer),
        "post",
        f"/procurements/{second.pk}/questions/{question.pk}/answer",
        {"public_text": "Fråga?", "answer": "Svar."},
    )
    assert response.json() == NOT_FOUND
