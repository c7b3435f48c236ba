"""Training sessions (phase A): who organises and sees them, participants, attendance, and the
"trained in model X" status."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from rodtrad.audit.models import AuditEvent
from rodtrad.common import clock
from rodtrad.qualitymodels import services
from rodtrad.qualitymodels.models import TrainingParticipant, TrainingSession
from rodtrad.qualitymodels.selectors import trained_models_by_user, trained_user_ids
from tests.qualitymodels.factories import make_session, make_version, template_version


def text(response) -> str:
    return re.sub(r"\s+", " ", html.unescape(response.content.decode()))


@pytest.fixture
def gum(db):
    return template_version()


@pytest.fixture
def session(personas, gum):
    return make_session(
        organisation=personas.buyer,
        version=gum,
        by=personas.procurement_officer,
        participants=(personas.evaluator, personas.provider_a_author),
    )


# --- services ------------------------------------------------------------------------------------


def test_create_session_records_it(personas, actor_for, gum):
    starts = clock.now() + timedelta(days=7)
    session = services.create_training_session(
        actor=actor_for(personas.procurement_officer),
        organisation=personas.buyer,
        model_version=gum,
        title=" Modellen för anbudsgivare ",
        starts_at=starts,
        ends_at=starts + timedelta(hours=3),
        location="Stadshuset",
        trainer_email="EVALUATOR@ekby.se",
    )
    assert (session.title, session.trainer, session.created_by) == (
        "Modellen för anbudsgivare",
        personas.evaluator,
        personas.procurement_officer,
    )
    event = AuditEvent.objects.get(action="training.session_created")
    assert (event.organisation, event.data["trainer"]) == (personas.buyer, "evaluator@ekby.se")


def test_create_session_validates_its_fields(personas, actor_for, gum):
    other_org_model = make_version(owner=personas.provider_a)
    starts = clock.now()
    with pytest.raises(ValidationError) as caught:
        services.create_training_session(
            actor=actor_for(personas.procurement_officer),
            organisation=personas.buyer,
            model_version=other_org_model,
            title="",
            starts_at=starts,
            ends_at=starts - timedelta(hours=1),
            trainer_email="nobody@example.se",
        )
    assert caught.value.message_dict == {
        "title": ["Give the session a title."],
        "ends_at": ["The session must end after it starts."],
        "model_version": ["Choose a model version from the library."],
        "trainer_email": [
            "No one with the e-mail address nobody@example.se has an account in rodtrad. Invite "
            "them to their organisation first."
        ],
    }
    assert not TrainingSession.objects.exists()


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("buyer_admin", True),
        ("procurement_officer", True),
        ("quality_lead", True),
        ("evaluator", False),
        ("buyer_viewer", False),
        ("panel_chair", False),
        ("stranger", False),
    ],
)
def test_who_may_organise_training_for_the_buyer(
    personas, actor_for, gum, quality_lead, persona, allowed
):
    user = quality_lead if persona == "quality_lead" else getattr(personas, persona)

    def create():
        return services.create_training_session(
            actor=actor_for(user),
            organisation=personas.buyer,
            model_version=gum,
            title="Utbildning",
            starts_at=clock.now(),
        )

    if allowed:
        assert create().organisation == personas.buyer
    else:
        with pytest.raises(PermissionDenied):
            create()


def test_facilitator_trainers_and_provider_admins_organise_for_their_organisation(
    personas, actor_for, gum, facilitator
):
    academy, trainer, examiner = facilitator
    for user, organisation in (
        (trainer, academy),
        (personas.provider_a_author, personas.provider_a),
    ):
        session = services.create_training_session(
            actor=actor_for(user),
            organisation=organisation,
            model_version=gum,
            title="Utbildning",
            starts_at=clock.now(),
        )
        assert session.organisation == organisation
    with pytest.raises(PermissionDenied):
        services.create_training_session(
            actor=actor_for(examiner),
            organisation=academy,
            model_version=gum,
            title="Utbildning",
            starts_at=clock.now(),
        )
    with pytest.raises(PermissionDenied):
        services.create_training_session(
            actor=actor_for(trainer),
            organisation=personas.buyer,
            model_version=gum,
            title="Utbildning",
            starts_at=clock.now(),
        )


def test_participants_are_added_by_the_email_of_an_existing_account(personas, actor_for, session):
    actor = actor_for(personas.procurement_officer)
    with pytest.raises(ValidationError) as caught:
        services.add_participant(actor=actor, session=session, email="ny@ekby.se")
    assert caught.value.message_dict == {
        "email": [
            "No one with the e-mail address ny@ekby.se has an account in rodtrad. Invite them to "
            "their organisation first."
        ]
    }
    with pytest.raises(ValidationError) as caught:
        services.add_participant(actor=actor, session=session, email="EVALUATOR@ekby.se")
    assert caught.value.message_dict == {
        "email": ["Eva Utvärderare already takes part in the session."]
    }
    assert session.participants.count() == 2


def test_attendance_makes_people_trained_in_the_model(personas, actor_for, session, gum):
    users = [personas.evaluator.pk, personas.provider_a_author.pk, personas.stranger.pk]
    assert trained_user_ids(gum.model, users) == set()
    services.mark_attendance(
        actor=actor_for(personas.procurement_officer),
        session=session,
        attended={personas.evaluator.pk: True, personas.provider_a_author.pk: False},
    )
    assert trained_user_ids(gum.model, users) == {personas.evaluator.pk}
    assert trained_user_ids(gum.model_id, users) == {personas.evaluator.pk}
    other = make_version(owner=personas.buyer)
    assert trained_user_ids(other.model, users) == set()
    event = AuditEvent.objects.get(action="training.attendance_marked")
    assert event.data == {"attended": ["evaluator@ekby.se"], "absent": ["author@omsorg-a.se"]}


def test_training_on_any_version_counts_for_the_model(personas, actor_for, gum):
    draft = services.create_draft_from(version=gum, actor=actor_for(personas.platform_admin))
    make_session(
        organisation=personas.buyer,
        version=draft,
        by=personas.buyer_admin,
        participants=(personas.panel_chair,),
        attended=(personas.panel_chair,),
    )
    assert trained_user_ids(gum.model, [personas.panel_chair.pk]) == {personas.panel_chair.pk}


def test_attendance_is_marked_once_the_session_has_started(personas, actor_for, gum):
    future = make_session(
        organisation=personas.buyer,
        version=gum,
        by=personas.buyer_admin,
        days_from_now=3,
        participants=(personas.evaluator,),
    )
    actor = actor_for(personas.buyer_admin)
    with pytest.raises(ValidationError) as caught:
        services.mark_attendance(
            actor=actor, session=future, attended={personas.evaluator.pk: True}
        )
    assert caught.value.messages == ["Attendance can be marked once the session has started."]
    clock.advance(timedelta(days=3))
    services.mark_attendance(actor=actor, session=future, attended={personas.evaluator.pk: True})
    with pytest.raises(ValidationError):
        services.mark_attendance(actor=actor, session=future, attended={personas.stranger.pk: True})


def test_session_with_attendance_is_kept(personas, actor_for, session):
    actor = actor_for(personas.procurement_officer)
    services.mark_attendance(actor=actor, session=session, attended={personas.evaluator.pk: True})
    with pytest.raises(ValidationError) as caught:
        services.delete_training_session(actor=actor, session=session)
    assert caught.value.code == "attendance_recorded"
    services.remove_participant(actor=actor, session=session, user=personas.provider_a_author)
    assert list(session.participants.values_list("user__email", flat=True)) == ["evaluator@ekby.se"]


def test_trained_models_only_names_models_the_viewer_may_see(personas, actor_for):
    own = make_version(owner=personas.provider_a)
    make_session(
        organisation=personas.provider_a,
        version=own,
        by=personas.provider_a_author,
        participants=(personas.evaluator,),
        attended=(personas.evaluator,),
    )
    user_ids = [personas.evaluator.pk]
    assert trained_models_by_user(actor_for(personas.buyer_admin), user_ids) == {}
    seen_by_provider = trained_models_by_user(actor_for(personas.provider_a_author), user_ids)
    assert [m.name for m in seen_by_provider[personas.evaluator.pk]] == ["Testmodell"]


# --- pages ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("procurement_officer", 200),
        ("buyer_viewer", 200),  # a member of the organiser
        ("provider_a_author", 200),  # a participant
        ("provider_b_author", 404),
        ("stranger", 404),
        ("platform_admin", 404),
    ],
)
def test_session_page_is_for_the_organiser_and_participants(
    personas, client_for, session, persona, status
):
    response = client_for(getattr(personas, persona)).get(f"/training/{session.pk}/")
    assert response.status_code == status
    if status == 200:
        assert "Anton Anbud" in text(response)


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("procurement_officer", 200),
        ("buyer_viewer", 403),
        ("provider_a_author", 403),
        ("stranger", 404),
    ],
)
def test_session_management_pages_are_for_organisers(
    personas, client_for, session, persona, status
):
    client = client_for(getattr(personas, persona))
    for url in (f"/training/{session.pk}/edit/", f"/training/{session.pk}/delete/"):
        assert client.get(url).status_code == status, url
    for url in (
        f"/training/{session.pk}/participants/",
        f"/training/{session.pk}/attendance/",
        f"/training/{session.pk}/participants/{personas.evaluator.pk}/remove/",
    ):
        expected = status if status != 200 else None
        response = client.post(url, {})
        if expected is not None:
            assert response.status_code == expected, url


def test_training_list_shows_what_the_person_may_see(personas, client_for, session, gum):
    other = make_session(
        organisation=personas.other_buyer,
        version=gum,
        by=personas.other_buyer_officer,
        title="Grannbys kurs",
    )
    page = text(client_for(personas.provider_a_author).get("/training/"))
    assert session.title in page and other.title not in page
    assert "Plan a training session" in page  # a provider's administrator may organise
    assert other.title not in text(client_for(personas.evaluator).get("/training/"))
    stranger_page = text(client_for(personas.stranger).get("/training/"))
    assert "No training sessions yet." in stranger_page
    assert "Plan a training session" not in stranger_page


def test_plan_a_session_by_form(personas, client_for, gum):
    client = client_for(personas.procurement_officer)
    assert client_for(personas.evaluator).get("/training/new/").status_code == 403
    response = client.post(
        "/training/new/",
        {
            "organisation": str(personas.buyer.pk),
            "title": "Introduktion",
            "model_version": str(gum.pk),
            "starts_at": "2026-03-02T09:00",
            "ends_at": "2026-03-02T12:00",
            "location": "Stadshuset",
        },
    )
    session = TrainingSession.objects.get(title="Introduktion")
    assert response["Location"] == f"/training/{session.pk}/"
    assert session.starts_at.isoformat() == "2026-03-02T08:00:00+00:00"  # Stockholm time
    foreign = client.post(
        "/training/new/",
        {
            "organisation": str(personas.provider_a.pk),
            "title": "X",
            "model_version": str(gum.pk),
            "starts_at": "2026-03-02T09:00",
        },
    )
    assert foreign.status_code == 200
    assert not TrainingSession.objects.filter(title="X").exists()


def test_add_participant_unknown_address_gives_a_clear_error(personas, client_for, session):
    response = client_for(personas.procurement_officer).post(
        f"/training/{session.pk}/participants/", {"email": "okand@example.se"}
    )
    assert response.status_code == 200
    assert (
        "E-mail address: No one with the e-mail address okand@example.se has an account in rodtrad."
    ) in text(response)
    assert session.participants.count() == 2


def test_mark_attendance_by_form(personas, client_for, session):
    client = client_for(personas.procurement_officer)
    response = client.post(
        f"/training/{session.pk}/attendance/", {"attended": [personas.evaluator.pk]}
    )
    assert response["Location"] == f"/training/{session.pk}/"
    attended = dict(TrainingParticipant.objects.values_list("user__email", "attended"))
    assert attended == {"evaluator@ekby.se": True, "author@omsorg-a.se": False}
    page = text(client.get(f"/training/{session.pk}/"))
    assert "The attendance was saved." in page


def test_remove_participant_and_delete_session(personas, client_for, session):
    client = client_for(personas.procurement_officer)
    client.post(f"/training/{session.pk}/participants/{personas.evaluator.pk}/remove/")
    assert session.participants.count() == 1
    assert client.post(f"/training/{session.pk}/delete/")["Location"] == "/training/"
    assert not TrainingSession.objects.filter(pk=session.pk).exists()


def test_trained_status_on_profile_and_organisation_page(personas, client_for, session, actor_for):
    services.mark_attendance(
        actor=actor_for(personas.procurement_officer),
        session=session,
        attended={personas.evaluator.pk: True},
    )
    profile = text(client_for(personas.evaluator).get("/accounts/profile/"))
    assert "You have attended training in these quality models:" in profile
    assert "Kvalitetsmodell för äldreomsorg (GUM-strukturerad mall)" in profile
    untrained = text(client_for(personas.buyer_viewer).get("/accounts/profile/"))
    assert "You have not attended any training in a quality model yet." in untrained
    page = text(client_for(personas.buyer_admin).get(f"/organisations/{personas.buyer.pk}/"))
    row = re.search(r"<tr> <td>Eva Utvärderare</td>.*?</tr>", page).group(0)
    assert '<span class="tag">Kvalitetsmodell för äldreomsorg (GUM-strukturerad mall)</span>' in row
    other_row = re.search(r"<tr> <td>Vera Läsare</td>.*?</tr>", page).group(0)
    assert "GUM-strukturerad" not in other_row
