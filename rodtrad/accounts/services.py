"""Write operations on organisations, memberships and invitations.

Each function checks the actor may do it, validates, saves inside one transaction and records
the audit event. Bad input raises django.core.exceptions.ValidationError with a message meant
for the user (keyed by field where there is one).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import password_validation, update_session_auth_hash
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils.translation import gettext as _

from rodtrad.accounts import permissions
from rodtrad.accounts.actor import Actor
from rodtrad.accounts.invitations import invitation_url
from rodtrad.accounts.models import Invitation, Membership, Organisation, User
from rodtrad.accounts.orgnr import normalise_organisation_number
from rodtrad.accounts.roles import OrganisationKind, Role, roles_for_kind
from rodtrad.audit.services import record_event
from rodtrad.common import clock
from rodtrad.common.mail import send_templated_mail

LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}


def _number_taken_message() -> str:
    return _("An organisation with this number is already registered.")


def _clean_organisation_fields(
    *, name: str, organisation_number: str, exclude_pk: int | None = None
) -> tuple[str, str]:
    errors: dict[str, list[str]] = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = [_("Enter the organisation's name.")]
    number = ""
    try:
        number = normalise_organisation_number(organisation_number)
    except ValidationError as error:
        errors["organisation_number"] = list(error.messages)
    if number:
        taken = Organisation.objects.filter(organisation_number=number)
        if exclude_pk is not None:
            taken = taken.exclude(pk=exclude_pk)
        if taken.exists():
            errors["organisation_number"] = [_number_taken_message()]
    if errors:
        raise ValidationError(errors)
    return name, number


def create_organisation(
    *,
    actor: Actor,
    name: str,
    organisation_number: str,
    kind: str,
    first_admin_email: str | None = None,
) -> Organisation:
    if not permissions.can_create_organisation(actor):
        raise PermissionDenied
    name, number = _clean_organisation_fields(name=name, organisation_number=organisation_number)
    if kind not in OrganisationKind.values:
        raise ValidationError({"kind": [_("Choose the kind of organisation.")]})
    with transaction.atomic():
        try:
            with transaction.atomic():
                organisation = Organisation.objects.create(
                    name=name, organisation_number=number, kind=kind
                )
        except IntegrityError:  # registered by a concurrent request since the check
            raise ValidationError({"organisation_number": [_number_taken_message()]}) from None
        record_event(
            action="organisation.created",
            actor=actor.user,
            organisation=organisation,
            target=organisation,
            data={"name": name, "organisation_number": number, "kind": kind},
        )
        if first_admin_email:
            try:
                invite_member(
                    actor=actor,
                    organisation=organisation,
                    email=first_admin_email,
                    roles=[Role.ADMIN],
                )
            except ValidationError as error:  # name the field the way the caller did
                raise ValidationError(
                    {"first_admin_email": error.message_dict.get("email", error.messages)}
                ) from None
    return organisation


def update_organisation(
    *,
    actor: Actor,
    organisation: Organisation,
    name: str,
    organisation_number: str,
    require_two_factor: bool | None = None,
) -> Organisation:
    """Change the organisation's details; `require_two_factor` (None: unchanged) asks two-step
    verification of every member, not only of those whose roles need it."""
    if not permissions.can_edit_organisation(actor, organisation):
        raise PermissionDenied
    name, number = _clean_organisation_fields(
        name=name, organisation_number=organisation_number, exclude_pk=organisation.pk
    )
    if require_two_factor is None:
        require_two_factor = organisation.require_two_factor
    fields = ("name", "organisation_number", "require_two_factor")
    before: dict[str, object] = {
        "name": organisation.name,
        "organisation_number": organisation.organisation_number,
    }
    after: dict[str, object] = {"name": name, "organisation_number": number}
    if require_two_factor != organisation.require_two_factor:
        before["require_two_factor"] = organisation.require_two_factor
        after["require_two_factor"] = require_two_factor
    if before == after:
        return organisation
    with transaction.atomic():
        organisation.name = name
        organisation.organisation_number = number
        organisation.require_two_factor = require_two_factor
        try:
            with transaction.atomic():
                organisation.save(update_fields=list(fields))
        except IntegrityError:  # registered by a concurrent request since the check
            raise ValidationError({"organisation_number": [_number_taken_message()]}) from None
        record_event(
            action="organisation.updated",
            actor=actor.user,
            organisation=organisation,
            target=organisation,
            data={"before": before, "after": after},
        )
    return organisation


def _clean_roles(organisation: Organisation, roles: Iterable[str]) -> list[str]:
    allowed = roles_for_kind(organisation.kind)
    chosen = list(dict.fromkeys(roles))
    if not chosen:
        raise ValidationError({"roles": [_("Choose at least one role.")]})
    unknown = [role for role in chosen if role not in allowed]
    if unknown:
        raise ValidationError(
            {"roles": [_("Roles not available in this organisation: %s") % ", ".join(unknown)]}
        )
    return [role for role in allowed if role in chosen]


def invite_member(
    *, actor: Actor, organisation: Organisation, email: str, roles: Iterable[str]
) -> Invitation:
    if not permissions.can_manage_members(actor, organisation):
        raise PermissionDenied
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": [_("Enter a valid e-mail address.")]}) from None
    clean_roles = _clean_roles(organisation, roles)
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise ValidationError(
            {"email": [_("%(email)s is already a member of this organisation.") % {"email": email}]}
        )
    open_invitation = Invitation.objects.filter(
        organisation=organisation,
        email__iexact=email,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
    ).first()
    if open_invitation is not None and open_invitation.is_expired:
        # An expired link helps nobody: withdraw it so that a new one can be sent.
        revoke_invitation(actor=actor, invitation=open_invitation)
        open_invitation = None
    if open_invitation is not None:
        raise ValidationError(
            {
                "email": [
                    _(
                        "An invitation to %(email)s is already waiting. Withdraw it first if you "
                        "want to send a new one."
                    )
                    % {"email": email}
                ]
            }
        )
    try:
        with transaction.atomic():
            invitation = Invitation.objects.create(
                organisation=organisation,
                email=email,
                roles=clean_roles,
                invited_by=actor.user,
                created_at=clock.now(),
            )
            record_event(
                action="invitation.created",
                actor=actor.user,
                organisation=organisation,
                target=invitation,
                data={"email": email, "roles": clean_roles},
            )
            transaction.on_commit(lambda: _send_invitation(invitation))
    except IntegrityError:  # a concurrent request invited the same address
        raise ValidationError(
            {"email": [_("An invitation to %(email)s is already waiting.") % {"email": email}]}
        ) from None
    return invitation


def _send_invitation(invitation: Invitation) -> None:
    labels = dict(Role.choices)
    send_templated_mail(
        template="accounts/email/invitation",
        context={
            "organisation_name": invitation.organisation.name,
            "inviter_name": str(invitation.invited_by) if invitation.invited_by else "",
            "role_codes": invitation.roles,
            "role_labels": labels,
            "url": invitation_url(invitation),
            "expires_at": invitation.expires_at,
        },
        to=[invitation.email],
    )


def revoke_invitation(*, actor: Actor, invitation: Invitation) -> None:
    if not permissions.can_manage_members(actor, invitation.organisation):
        raise PermissionDenied
    if not invitation.is_open:
        raise ValidationError(_("This invitation is no longer waiting."))
    with transaction.atomic():
        invitation.revoked_at = clock.now()
        invitation.save(update_fields=["revoked_at"])
        record_event(
            action="invitation.revoked",
            actor=actor.user,
            organisation=invitation.organisation,
            target=invitation,
            data={"email": invitation.email},
        )


def _add_roles(user: User, organisation: Organisation, roles: Iterable[str]) -> list[str]:
    existing = set(
        Membership.objects.filter(user=user, organisation=organisation).values_list(
            "role", flat=True
        )
    )
    added = [role for role in roles if role not in existing]
    Membership.objects.bulk_create(
        [Membership(user=user, organisation=organisation, role=role) for role in added]
    )
    return added


def accept_invitation(*, invitation: Invitation, user: User) -> None:
    """An existing user, logged in as the invited address, accepts."""
    if user.email.lower() != invitation.email.lower():
        raise PermissionDenied
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not locked.is_pending:
            raise ValidationError(_("This invitation has already been used or withdrawn."))
        added = _add_roles(user, locked.organisation, locked.roles)
        locked.accepted_at = clock.now()
        locked.accepted_by = user
        locked.save(update_fields=["accepted_at", "accepted_by"])
        record_event(
            action="invitation.accepted",
            actor=user,
            organisation=locked.organisation,
            target=locked,
            data={"email": user.email, "roles_added": added},
        )


def register_from_invitation(
    *, invitation: Invitation, full_name: str, password: str, language: str = ""
) -> User:
    """A new person sets their name and password through the invitation link."""
    full_name = (full_name or "").strip()
    errors: dict[str, list[str]] = {}
    if not full_name:
        errors["full_name"] = [_("Enter your name.")]
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise ValidationError(
            _("An account with this e-mail address already exists. Log in to accept.")
        )
    candidate = User(email=invitation.email, full_name=full_name)
    try:
        password_validation.validate_password(password, candidate)
    except ValidationError as error:
        errors["password1"] = list(error.messages)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        user = User.objects.create_user(
            email=invitation.email,
            password=password,
            full_name=full_name,
            language=language if language in LANGUAGE_CODES else "",
        )
        record_event(
            action="user.registered", actor=user, organisation=invitation.organisation, target=user
        )
        accept_invitation(invitation=invitation, user=user)
    return user


def _admin_count(organisation: Organisation) -> int:
    return Membership.objects.filter(organisation=organisation, role=Role.ADMIN).count()


def _current_roles(organisation: Organisation, member: User) -> list[str]:
    """The member's roles in the order the organisation kind lists them."""
    held = set(
        Membership.objects.filter(organisation=organisation, user=member).values_list(
            "role", flat=True
        )
    )
    return [role for role in roles_for_kind(organisation.kind) if role in held]


def change_member_roles(
    *, actor: Actor, organisation: Organisation, member: User, roles: Iterable[str]
) -> list[str]:
    if not permissions.can_manage_members(actor, organisation):
        raise PermissionDenied
    clean_roles = _clean_roles(organisation, roles)
    with transaction.atomic():
        Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
        before = _current_roles(organisation, member)
        if not before:
            raise ValidationError(_("This person is not a member of the organisation."))
        if (
            Role.ADMIN in before
            and Role.ADMIN not in clean_roles
            and _admin_count(organisation) <= 1
        ):
            raise ValidationError(
                {
                    "roles": [
                        _(
                            "%(name)s is the organisation's only administrator. Make someone "
                            "else administrator first."
                        )
                        % {"name": member}
                    ]
                }
            )
        Membership.objects.filter(organisation=organisation, user=member).exclude(
            role__in=clean_roles
        ).delete()
        _add_roles(member, organisation, clean_roles)
        after = _current_roles(organisation, member)
        if sorted(before) != sorted(after):
            record_event(
                action="membership.roles_changed",
                actor=actor.user,
                organisation=organisation,
                object_type="accounts.user",
                object_id=member.pk,
                data={"email": member.email, "before": before, "after": after},
            )
    return after


def remove_member(*, actor: Actor, organisation: Organisation, member: User) -> None:
    if not permissions.can_manage_members(actor, organisation):
        raise PermissionDenied
    with transaction.atomic():
        Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
        before = _current_roles(organisation, member)
        if not before:
            raise ValidationError(_("This person is not a member of the organisation."))
        if Role.ADMIN in before and _admin_count(organisation) <= 1:
            raise ValidationError(
                _(
                    "%(name)s is the organisation's only administrator and cannot be removed. "
                    "Make someone else administrator first."
                )
                % {"name": member}
            )
        Membership.objects.filter(organisation=organisation, user=member).delete()
        record_event(
            action="membership.removed",
            actor=actor.user,
            organisation=organisation,
            object_type="accounts.user",
            object_id=member.pk,
            data={"email": member.email, "roles": before},
        )


def update_profile(*, user: User, full_name: str, language: str) -> User:
    full_name = (full_name or "").strip()
    errors: dict[str, list[str]] = {}
    if not full_name:
        errors["full_name"] = [_("Enter your name.")]
    if language not in LANGUAGE_CODES:
        errors["language"] = [_("Choose Swedish or English.")]
    if errors:
        raise ValidationError(errors)
    user.full_name = full_name
    user.language = language
    user.save(update_fields=["full_name", "language"])
    return user


def log_out_everywhere(*, request: HttpRequest, user: User) -> None:
    """End every session of `user` (the request's) except this one (other browsers, devices
    left logged in). Tokens are not sessions: they are revoked on the token page."""
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(session_version=F("session_version") + 1)
        user.refresh_from_db(fields=["session_version"])
        record_event(action="user.logged_out_everywhere", actor=user, target=user)
    update_session_auth_hash(request, user)


def set_language_preference(*, user: User, language: str) -> None:
    if user.is_authenticated and language in LANGUAGE_CODES and user.language != language:
        user.language = language
        user.save(update_fields=["language"])
