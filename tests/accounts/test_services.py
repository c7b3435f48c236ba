import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from rodtrad.accounts import services
from rodtrad.accounts.invitations import InvitationProblem, read_token
from rodtrad.accounts.models import Invitation, Membership, Organisation
from rodtrad.accounts.roles import OrganisationKind, Role
from rodtrad.audit.models import AuditEvent
from rodtrad.common import clock
from tests.factories import add_member, make_user


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _roles(user, organisation):
    return set(
        Membership.objects.filter(user=user, organisation=organisation).values_list(
            "role", flat=True
        )
    )


def _token_from(mail):
    return mail.body.split("/invitations/")[1].split("/")[0]


def test_create_organisation_normalises_the_number_and_records_an_event(personas, actor_for):
    organisation = services.create_organisation(
        actor=actor_for(personas.platform_admin),
        name=" Norrby kommun ",
        organisation_number="2120000142",
        kind=OrganisationKind.BUYER,
    )
    assert (organisation.name, organisation.organisation_number) == (
        "Norrby kommun",
        "212000-0142",
    )
    event = AuditEvent.objects.get(action="organisation.created", organisation=organisation)
    assert event.actor == personas.platform_admin
    assert event.data == {
        "name": "Norrby kommun",
        "organisation_number": "212000-0142",
        "kind": "buyer",
    }


def test_create_organisation_is_for_platform_admins_only(personas, actor_for):
    with pytest.raises(PermissionDenied):
        services.create_organisation(
            actor=actor_for(personas.buyer_admin),
            name="X",
            organisation_number="212000-0142",
            kind=OrganisationKind.BUYER,
        )
    assert not Organisation.objects.filter(organisation_number="212000-0142").exists()


def test_create_organisation_rejects_a_duplicate_number(personas, actor_for):
    with pytest.raises(ValidationError) as error:
        services.create_organisation(
            actor=actor_for(personas.platform_admin),
            name="Copy",
            organisation_number=personas.buyer.organisation_number,
            kind=OrganisationKind.BUYER,
        )
    assert error.value.message_dict == {
        "organisation_number": ["An organisation with this number is already registered."]
    }


def test_create_organisation_with_first_admin_invites_them(
    personas, actor_for, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        organisation = services.create_organisation(
            actor=actor_for(personas.platform_admin),
            name="Ny Omsorg AB",
            organisation_number="556900-1117",
            kind=OrganisationKind.PROVIDER,
            first_admin_email="boss@ny-omsorg.se",
        )
    invitation = Invitation.objects.get(organisation=organisation)
    assert (invitation.email, invitation.roles) == ("boss@ny-omsorg.se", [Role.ADMIN])
    assert [m.to for m in mailoutbox] == [["boss@ny-omsorg.se"]]


def test_invite_sends_a_bilingual_mail_with_a_working_link(
    personas, actor_for, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invite_member(
            actor=actor_for(personas.buyer_admin),
            organisation=personas.buyer,
            email="Ny.Person@Ekby.se",
            roles=[Role.EVALUATOR, Role.PANEL_CHAIR],
        )
    assert invitation.email == "ny.person@ekby.se"
    assert invitation.roles == [Role.PANEL_CHAIR, Role.EVALUATOR]  # in the kind's order
    (mail,) = mailoutbox
    assert "Inbjudan till Ekby kommun i rodtrad" in mail.subject
    assert "Invitation to Ekby kommun in rodtrad" in mail.subject
    assert "Utvärderingsledare, Utvärderare" in mail.body
    assert "Panel chair, Evaluator" in mail.body
    found, problem = read_token(_token_from(mail))
    assert (found, problem) == (invitation, None)


@pytest.mark.parametrize(
    ("email", "roles", "field", "message"),
    [
        ("not-an-address", [Role.EVALUATOR], "email", "Enter a valid e-mail address."),
        ("ok@ekby.se", [], "roles", "Choose at least one role."),
        (
            "ok@ekby.se",
            [Role.TENDER_AUTHOR],
            "roles",
            "Roles not available in this organisation: tender_author",
        ),
        (
            "evaluator@ekby.se",
            [Role.EVALUATOR],
            "email",
            "evaluator@ekby.se is already a member of this organisation.",
        ),
    ],
)
def test_invite_rejects_bad_input_and_saves_nothing(
    personas, actor_for, mailoutbox, email, roles, field, message
):
    with pytest.raises(ValidationError) as error:
        services.invite_member(
            actor=actor_for(personas.buyer_admin),
            organisation=personas.buyer,
            email=email,
            roles=roles,
        )
    assert error.value.message_dict == {field: [message]}
    assert Invitation.objects.count() == 0
    assert mailoutbox == []


def test_invite_refuses_a_second_pending_invitation_to_the_same_address(personas, actor_for):
    actor = actor_for(personas.buyer_admin)
    services.invite_member(
        actor=actor, organisation=personas.buyer, email="x@ekby.se", roles=[Role.VIEWER]
    )
    with pytest.raises(ValidationError) as error:
        services.invite_member(
            actor=actor, organisation=personas.buyer, email="X@ekby.se", roles=[Role.VIEWER]
        )
    assert "already waiting" in error.value.message_dict["email"][0]
    assert Invitation.objects.count() == 1


def test_only_admins_of_the_organisation_may_invite(personas, actor_for):
    for user in (personas.evaluator, personas.provider_a_author, personas.stranger):
        with pytest.raises(PermissionDenied):
            services.invite_member(
                actor=actor_for(user),
                organisation=personas.buyer,
                email="x@ekby.se",
                roles=[Role.VIEWER],
            )
    assert Invitation.objects.count() == 0


def test_register_from_invitation_creates_the_user_with_the_roles(personas, actor_for):
    invitation = services.invite_member(
        actor=actor_for(personas.buyer_admin),
        organisation=personas.buyer,
        email="new@ekby.se",
        roles=[Role.EVALUATOR],
    )
    user = services.register_from_invitation(
        invitation=invitation, full_name="Ny Person", password="ett-långt-lösenord-1", language="en"
    )
    assert (user.full_name, user.language) == ("Ny Person", "en")
    assert user.check_password("ett-långt-lösenord-1")
    assert _roles(user, personas.buyer) == {Role.EVALUATOR}
    invitation.refresh_from_db()
    assert invitation.accepted_by == user
    assert read_token(services.invitation_url(invitation).split("/")[-2])[1] is (
        InvitationProblem.ACCEPTED
    )


def test_register_rejects_a_weak_password_and_creates_nothing(personas, actor_for):
    invitation = services.invite_member(
        actor=actor_for(personas.buyer_admin),
        organisation=personas.buyer,
        email="new@ekby.se",
        roles=[Role.EVALUATOR],
    )
    with pytest.raises(ValidationError) as error:
        services.register_from_invitation(invitation=invitation, full_name="", password="12345")
    assert set(error.value.message_dict) == {"full_name", "password1"}
    assert not Membership.objects.filter(user__email="new@ekby.se").exists()
    invitation.refresh_from_db()
    assert invitation.is_pending


def test_an_invitation_expires(personas, actor_for, settings):
    invitation = services.invite_member(
        actor=actor_for(personas.buyer_admin),
        organisation=personas.buyer,
        email="late@ekby.se",
        roles=[Role.VIEWER],
    )
    token = services.invitation_url(invitation).split("/")[-2]
    clock.advance(datetime.timedelta(seconds=settings.INVITATION_MAX_AGE - 1))
    assert read_token(token)[1] is None
    clock.advance(datetime.timedelta(seconds=2))
    assert read_token(token)[1] is InvitationProblem.EXPIRED


def test_a_tampered_link_is_invalid(personas, actor_for):
    invitation = services.invite_member(
        actor=actor_for(personas.buyer_admin),
        organisation=personas.buyer,
        email="x@ekby.se",
        roles=[Role.VIEWER],
    )
    token = services.invitation_url(invitation).split("/")[-2]
    assert read_token(token[:-2] + "xx") == (None, InvitationProblem.INVALID)
    assert read_token("garbage") == (None, InvitationProblem.INVALID)


def test_accept_adds_roles_to_an_existing_user(personas, actor_for):
    invitation = services.invite_member(
        actor=actor_for(personas.buyer_admin),
        organisation=personas.buyer,
        email=personas.provider_a_author.email,
        roles=[Role.VIEWER],
    )
    services.accept_invitation(invitation=invitation, user=personas.provider_a_author)
    assert _roles(personas.provider_a_author, personas.buyer) == {Role.VIEWER}
    with pytest.raises(ValidationError):
        services.accept_invitation(invitation=invitation, user=personas.provider_a_author)


def test_accept_refuses_another_user(personas, actor_for):
    invitation = services.invite_member(
        actor=actor_for(personas.buyer_admin),
        organisation=personas.buyer,
        email="someone@ekby.se",
        roles=[Role.VIEWER],
    )
    with pytest.raises(PermissionDenied):
        services.accept_invitation(invitation=invitation, user=personas.stranger)
    assert not Membership.objects.filter(user=personas.stranger).exists()


def test_change_roles_records_before_and_after(personas, actor_for):
    services.change_member_roles(
        actor=actor_for(personas.buyer_admin),
        organisation=personas.buyer,
        member=personas.evaluator,
        roles=[Role.EVALUATOR, Role.CONTRACT_MANAGER],
    )
    assert _roles(personas.evaluator, personas.buyer) == {Role.EVALUATOR, Role.CONTRACT_MANAGER}
    event = AuditEvent.objects.get(action="membership.roles_changed")
    assert event.data["before"] == ["evaluator"]
    assert event.data["after"] == ["evaluator", "contract_manager"]  # in the kind's order


def test_the_last_admin_cannot_be_demoted_or_removed(personas, actor_for):
    actor = actor_for(personas.buyer_admin)
    with pytest.raises(ValidationError) as error:
        services.change_member_roles(
            actor=actor,
            organisation=personas.buyer,
            member=personas.buyer_admin,
            roles=[Role.VIEWER],
        )
    assert "only administrator" in error.value.message_dict["roles"][0]
    with pytest.raises(ValidationError) as error:
        services.remove_member(
            actor=actor, organisation=personas.buyer, member=personas.buyer_admin
        )
    assert "only administrator and cannot be removed" in error.value.messages[0]
    assert _roles(personas.buyer_admin, personas.buyer) == {Role.ADMIN}


def test_an_admin_can_be_removed_when_another_remains(personas, actor_for):
    add_member(personas.evaluator, personas.buyer, Role.ADMIN)
    services.remove_member(
        actor=actor_for(personas.evaluator),
        organisation=personas.buyer,
        member=personas.buyer_admin,
    )
    assert _roles(personas.buyer_admin, personas.buyer) == set()
    event = AuditEvent.objects.get(action="membership.removed")
    assert (event.actor, event.data["roles"]) == (personas.evaluator, ["admin"])


def test_platform_admin_manages_any_organisation(personas, actor_for):
    services.change_member_roles(
        actor=actor_for(personas.platform_admin),
        organisation=personas.provider_b,
        member=personas.provider_b_author,
        roles=[Role.ADMIN, Role.QUALITY_LEAD],
    )
    assert _roles(personas.provider_b_author, personas.provider_b) == {
        Role.ADMIN,
        Role.QUALITY_LEAD,
    }


def test_update_organisation_rejects_a_bad_number_and_keeps_the_old(personas, actor_for):
    with pytest.raises(ValidationError) as error:
        services.update_organisation(
            actor=actor_for(personas.buyer_admin),
            organisation=personas.buyer,
            name="Ekby kommun",
            organisation_number="212000-0143",
        )
    assert "check digit" in error.value.message_dict["organisation_number"][0]
    personas.buyer.refresh_from_db()
    assert personas.buyer.organisation_number != "212000-0143"


def test_new_user_without_memberships_sees_nothing(personas, actor_for):
    user = make_user()
    actor = actor_for(user)
    assert actor.member_organisations() == []
    assert actor.is_platform_admin is False


def test_service_messages_are_swedish_by_default(personas, actor_for):
    with translation.override("sv"), pytest.raises(ValidationError) as error:
        services.invite_member(
            actor=actor_for(personas.buyer_admin),
            organisation=personas.buyer,
            email="evaluator@ekby.se",
            roles=[Role.EVALUATOR],
        )
    assert error.value.message_dict == {
        "email": ["evaluator@ekby.se är redan medlem i organisationen."]
    }


def test_an_expired_invitation_is_replaced_by_a_new_one(personas, actor_for, settings):
    actor = actor_for(personas.buyer_admin)
    first = services.invite_member(
        actor=actor, organisation=personas.buyer, email="slow@ekby.se", roles=[Role.VIEWER]
    )
    clock.advance(datetime.timedelta(seconds=settings.INVITATION_MAX_AGE + 1))
    assert first.status == "expired"
    second = services.invite_member(
        actor=actor, organisation=personas.buyer, email="slow@ekby.se", roles=[Role.EVALUATOR]
    )
    first.refresh_from_db()
    assert first.status == "revoked"
    assert second.status == "pending"
    assert AuditEvent.objects.filter(action="invitation.revoked", object_id=str(first.pk)).exists()
