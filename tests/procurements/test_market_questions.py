"""Questions and answers (issue 4, DOMAIN.md section 8): providers ask before the last day for
questions; the buyer sees who asked and answers; the answer is published to every provider
without saying who asked, and the providers following the procurement are told."""

from datetime import timedelta

import pytest

from rodtrad.common import clock
from rodtrad.notifications.models import Notification
from rodtrad.procurements import services
from rodtrad.procurements.models import InterestRegistration, Question
from tests.factories import add_member, make_user
from tests.procurements.test_market_support import (
    actor,
    answer,
    ask,
    make_procurement,
    publish_change,
    text_of,
    use_english,
)

ASKED = "Vi på Omsorg A AB driver redan Björkbacken. Får vi samordna nattpersonalen?"
PUBLISHED = "Får en utförare samordna nattpersonalen med ett annat boende?"
ANSWER = "Ja, om bemanningen på Ekbacken aldrig understiger kravet i SK1."


@pytest.fixture(autouse=True)
def _english(personas):
    use_english(personas)


def identity_of_a(personas) -> list[str]:
    """Everything that would tell another provider that provider A asked."""
    return [
        "Anton Anbud",
        "author@omsorg-a.se",
        "Omsorg A AB",
        personas.provider_a.organisation_number,
        "Björkbacken",
    ]


def assert_no_identity_of_a(personas, text: str, where: str) -> None:
    for needle in identity_of_a(personas):
        assert needle not in text, (needle, where)


# --- asking -----------------------------------------------------------------------------------


def test_provider_asks_and_sees_the_question_as_its_own(
    personas, client_for, django_capture_on_commit_callbacks, mailoutbox
):
    procurement = make_procurement(personas)
    client = client_for(personas.provider_a_author)
    url = f"/market/{procurement.pk}/questions/"
    assert 'name="text"' in text_of(client.get(url))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"organisation": personas.provider_a.pk, "text": ASKED})
    assert response["Location"] == url
    question = Question.objects.get()
    assert (question.organisation, question.asked_by, question.text, question.published_at) == (
        personas.provider_a,
        personas.provider_a_author,
        ASKED,
        None,
    )
    # Asking follows the procurement, so the answer will reach the asker.
    assert InterestRegistration.objects.get().organisation == personas.provider_a
    page = text_of(client.get(url))
    assert "Your question was sent to the buyer." in page
    assert "Your organisation's questions" in page and ASKED in page
    assert "Waiting for an answer" in page
    # The buyer's procurement officers are told, with a link to the buyer's question page.
    notice = Notification.objects.get(user=personas.procurement_officer)
    assert notice.title == "New question: Särskilt boende Ekbacken"
    assert notice.url == f"/procurements/{procurement.pk}/questions/"
    assert [m.to for m in mailoutbox] == [["officer@ekby.se"]]
    assert_no_identity_of_a(personas, notice.title + notice.body, "buyer notification")


def test_empty_or_too_long_question_is_a_field_error_and_saves_nothing(personas, client_for):
    procurement = make_procurement(personas)
    client = client_for(personas.provider_a_author)
    url = f"/market/{procurement.pk}/questions/"
    empty = client.post(url, {"organisation": personas.provider_a.pk, "text": "   "})
    assert empty.status_code == 400
    assert '<a href="#id_text">Your question: Write your question.</a>' in text_of(empty)
    long = client.post(url, {"organisation": personas.provider_a.pk, "text": "x" * 4001})
    assert long.status_code == 400
    assert (
        '<a href="#id_text">Your question: A question can be at most 4 000 characters.</a>'
        in text_of(long)
    )
    assert not Question.objects.exists()
    assert not InterestRegistration.objects.exists()


def test_asking_after_the_last_day_for_questions_is_refused(personas, client_for):
    now = clock.now()
    procurement = make_procurement(
        personas,
        questions_deadline=now + timedelta(days=2),
        tender_deadline=now + timedelta(days=10),
    )
    client = client_for(personas.provider_a_author)
    url = f"/market/{procurement.pk}/questions/"
    clock.advance(timedelta(days=2, minutes=1))
    page = text_of(client.get(url))
    message = "The last day for questions has passed. Questions can no longer be asked."
    assert message in page
    assert 'name="text"' not in page
    refused = client.post(url, {"organisation": personas.provider_a.pk, "text": "Sen fråga?"})
    assert refused.status_code == 400
    assert f'<div class="notice notice--warning" role="alert"><p>{message}</p></div>' in text_of(
        refused
    )
    assert not Question.objects.exists()


def test_asking_on_a_cancelled_procurement_is_refused(personas, client_for):
    procurement = make_procurement(personas)
    services.cancel(
        actor=actor(personas.procurement_officer), procurement=procurement, reason="Inget behov."
    )
    client = client_for(personas.provider_a_author)
    url = f"/market/{procurement.pk}/questions/"
    page = text_of(client.get(url))
    assert "The procurement no longer takes questions." in page
    assert "This procurement has been cancelled." in page and "Inget behov." in page
    assert 'name="text"' not in page
    response = client.post(url, {"organisation": personas.provider_a.pk, "text": "Fråga?"})
    assert response.status_code == 403
    assert not Question.objects.exists()


def test_asking_on_a_draft_is_not_found(personas, client_for):
    draft = make_procurement(personas, publish=False)
    response = client_for(personas.provider_a_author).post(
        f"/market/{draft.pk}/questions/",
        {"organisation": personas.provider_a.pk, "text": "Fråga?"},
    )
    assert response.status_code == 404
    assert not Question.objects.exists()


@pytest.mark.parametrize("persona", ["procurement_officer", "other_buyer_officer", "viewer_of_a"])
def test_only_provider_authors_leads_and_admins_ask(personas, client_for, persona):
    procurement = make_procurement(personas)
    user = (
        add_member(make_user("viewer@omsorg-a.se"), personas.provider_a, "viewer")
        if persona == "viewer_of_a"
        else getattr(personas, persona)
    )
    user.language = "en"
    user.save(update_fields=["language"])
    client = client_for(user)
    url = f"/market/{procurement.pk}/questions/"
    page = text_of(client.get(url))
    assert "Questions are asked by the administrators, tender authors and quality leads" in page
    assert 'name="text"' not in page
    response = client.post(url, {"organisation": personas.provider_a.pk, "text": "Fråga?"})
    assert response.status_code == 403
    assert not Question.objects.exists()


def test_asking_for_an_organisation_one_does_not_belong_to_is_refused(personas, client_for):
    procurement = make_procurement(personas)
    response = client_for(personas.provider_a_author).post(
        f"/market/{procurement.pk}/questions/",
        {"organisation": personas.provider_b.pk, "text": "Fråga?"},
    )
    assert response.status_code == 400
    assert 'href="#id_organisation"' in text_of(response)
    assert not Question.objects.exists()


# --- the buyer's side -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "list_status", "answer_status"),
    [
        ("procurement_officer", 200, 200),
        ("buyer_admin", 200, 200),
        ("evaluator", 200, 403),
        ("panel_chair", 200, 403),
        ("provider_a_author", 404, 404),
        ("provider_b_author", 404, 404),
        ("other_buyer_officer", 404, 404),
        ("stranger", 404, 404),
    ],
)
def test_buyer_question_pages_permissions(
    personas, client_for, persona, list_status, answer_status
):
    procurement = make_procurement(personas)
    question = ask(personas, procurement, ASKED)
    client = client_for(getattr(personas, persona))
    base = f"/procurements/{procurement.pk}/questions/"
    assert client.get(base).status_code == list_status
    assert client.get(f"{base}{question.pk}/").status_code == answer_status
    posted = client.post(f"{base}{question.pk}/", {"public_text": PUBLISHED, "answer": ANSWER})
    assert posted.status_code == (302 if answer_status == 200 else answer_status)


def test_buyer_question_page_of_a_draft_is_for_the_buyer_only(personas, client_for):
    draft = make_procurement(personas, publish=False, title="Hemligt utkast")
    url = f"/procurements/{draft.pk}/questions/"
    assert client_for(personas.other_buyer_officer).get(url).status_code == 404
    assert client_for(personas.provider_a_author).get(url).status_code == 404
    page = text_of(client_for(personas.procurement_officer).get(url))
    assert "Hemligt utkast" in page and "No question is waiting for an answer." in page


def test_a_question_of_another_procurement_is_not_found(personas, client_for):
    first = make_procurement(personas)
    second = make_procurement(personas, title="Hemtjänst", reference="KS 2026/7")
    question = ask(personas, first, ASKED)
    client = client_for(personas.procurement_officer)
    assert client.get(f"/procurements/{second.pk}/questions/{question.pk}/").status_code == 404


def test_buyer_sees_who_asked_and_answers_without_revealing_it(
    personas, client_for, django_capture_on_commit_callbacks, mailoutbox
):
    procurement = make_procurement(personas)
    question = ask(personas, procurement, ASKED)
    # Provider B follows the procurement without having asked anything.
    client_for(personas.provider_b_author).post(
        f"/market/{procurement.pk}/follow/", {"organisation": personas.provider_b.pk}
    )
    buyer = client_for(personas.procurement_officer)
    listing = text_of(buyer.get(f"/procurements/{procurement.pk}/questions/"))
    assert "1 question waiting for an answer" in listing
    assert (
        f"From Omsorg A AB ({personas.provider_a.organisation_number}), Anton Anbud "
        "(author@omsorg-a.se)"
    ) in listing
    url = f"/procurements/{procurement.pk}/questions/{question.pk}/"
    form = text_of(buyer.get(url))
    assert "Anton Anbud" in form and "author@omsorg-a.se" in form
    assert 'name="public_text" cols="40" rows="6" required aria-describedby' in form
    assert f">\n{ASKED}</textarea>".replace("\n", " ") in form  # pre-filled with the question
    mailoutbox.clear()
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        response = buyer.post(url, {"public_text": PUBLISHED, "answer": ANSWER})
    assert response["Location"] == f"/procurements/{procurement.pk}/questions/"
    question.refresh_from_db()
    assert (question.number, question.public_text, question.answer, question.answered_by) == (
        1,
        PUBLISHED,
        ANSWER,
        personas.procurement_officer,
    )
    assert "Answer 1 is published to every provider" in text_of(
        buyer.get(f"/procurements/{procurement.pk}/questions/")
    )

    # Both following providers are told, in the app and by e-mail, without the asker.
    notified = Notification.objects.order_by("user__email")
    assert [(n.user.email, n.title) for n in notified] == [
        ("author@omsorg-a.se", "New answer: Särskilt boende Ekbacken"),
        ("author@omsorg-b.se", "New answer: Särskilt boende Ekbacken"),
    ]
    to_b = notified.get(user=personas.provider_b_author)
    assert "Questions and answers are published to every provider without saying who asked." in (
        to_b.body
    )
    assert to_b.url == f"/market/{procurement.pk}/questions/"
    assert_no_identity_of_a(personas, to_b.title + to_b.body, "notification to B")
    mail_to_b = next(m for m in mailoutbox if m.to == ["author@omsorg-b.se"])
    assert mail_to_b.subject == "New answer: Särskilt boende Ekbacken"
    assert_no_identity_of_a(personas, mail_to_b.subject + mail_to_b.body, "mail to B")
    assert sorted(m.to[0] for m in mailoutbox) == ["author@omsorg-a.se", "author@omsorg-b.se"]

    # B reads the answer with the question as published; A sees it marked as its own.
    page_b = text_of(
        client_for(personas.provider_b_author).get(f"/market/{procurement.pk}/questions/")
    )
    assert "Question 1" in page_b and PUBLISHED in page_b and ANSWER in page_b
    assert ASKED not in page_b and "Your organisation's question" not in page_b
    page_a = text_of(
        client_for(personas.provider_a_author).get(f"/market/{procurement.pk}/questions/")
    )
    assert "Your organisation's question</span>" in page_a
    assert "Answered as question 1" in page_a


def test_answer_form_errors_publish_nothing(personas, client_for):
    procurement = make_procurement(personas)
    question = ask(personas, procurement, ASKED)
    response = client_for(personas.procurement_officer).post(
        f"/procurements/{procurement.pk}/questions/{question.pk}/",
        {"public_text": " ", "answer": ""},
    )
    page = text_of(response)
    assert response.status_code == 400
    assert "Question as published: Write the question as it will be published." in page
    assert '<a href="#id_answer">Answer: Write the answer.</a>' in page
    question.refresh_from_db()
    assert (question.published_at, question.number, question.answer) == (None, None, "")


def test_a_published_answer_can_be_corrected(
    personas, client_for, django_capture_on_commit_callbacks
):
    procurement = make_procurement(personas)
    question = answer(personas, ask(personas, procurement, ASKED), ANSWER, PUBLISHED)
    second = answer(personas, ask(personas, procurement, "Andra frågan?"), "Andra svaret.")
    Notification.objects.all().delete()
    client = client_for(personas.procurement_officer)
    url = f"/procurements/{procurement.pk}/questions/{question.pk}/"
    form = text_of(client.get(url))
    assert "Change answer 1" in form and ANSWER in form
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"public_text": PUBLISHED, "answer": "Ja, men bara dagtid."})
    question.refresh_from_db()
    assert (question.number, question.answer) == (1, "Ja, men bara dagtid.")
    second.refresh_from_db()
    assert second.number == 2
    assert list(Notification.objects.values_list("title", flat=True)) == [
        "Corrected answer: Särskilt boende Ekbacken"
    ]
    page = text_of(
        client_for(personas.provider_b_author).get(f"/market/{procurement.pk}/questions/")
    )
    assert "Ja, men bara dagtid." in page and ANSWER not in page


# --- never who asked --------------------------------------------------------------------------


def test_other_providers_never_learn_who_asked(personas, client_for):
    procurement = make_procurement(personas)
    answer(personas, ask(personas, procurement, ASKED), ANSWER, PUBLISHED)
    ask(personas, procurement, "Vi på Omsorg A AB har en fråga till som väntar.")
    publish_change(personas, procurement, "Ny beskrivning efter frågan.", "Förtydligande")
    client_for(personas.provider_b_author).post(
        f"/market/{procurement.pk}/follow/", {"organisation": personas.provider_b.pk}
    )
    client = client_for(personas.provider_b_author)
    pages = [
        "/market/",
        "/market/?q=",
        f"/market/{procurement.pk}/",
        f"/market/{procurement.pk}/questions/",
        f"/market/{procurement.pk}/versions/1/",
        f"/market/{procurement.pk}/versions/2/",
        f"/market/{procurement.pk}/versions/2/changes/",
        "/api/v1/market/procurements",
        f"/api/v1/market/procurements/{procurement.pk}",
        f"/api/v1/market/procurements/{procurement.pk}/versions/1",
        f"/api/v1/market/procurements/{procurement.pk}/versions/2/changes",
        f"/api/v1/market/procurements/{procurement.pk}/questions",
        "/notifications/",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_no_identity_of_a(personas, response.content.decode(), url)
    qa = text_of(client.get(f"/market/{procurement.pk}/questions/"))
    assert PUBLISHED in qa and "har en fråga till" not in qa
    for archive in ("versions/1/zip/", "versions/2/zip/"):
        content = client.get(f"/market/{procurement.pk}/{archive}").content
        assert b"Anton" not in content and b"omsorg-a" not in content
