"""Access rules for organisations and their people.

Rules are small named functions of an Actor. Accessors fetch an object for an actor and raise
Http404 when the actor may not know it exists, PermissionDenied when it may see it but not do this.
Views and API endpoints reach objects only through accessors.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from rodtrad.accounts.actor import Actor
from rodtrad.accounts.models import Invitation, Organisation, User
from rodtrad.accounts.roles import Role


def is_org_admin(actor: Actor, organisation: Organisation | int) -> bool:
    return actor.has_role(organisation, Role.ADMIN)


def can_view_organisation(actor: Actor, organisation: Organisation) -> bool:
    if not actor.in_scope(organisation):
        return False
    return actor.is_platform_admin or actor.is_member(organisation)


def can_manage_members(actor: Actor, organisation: Organisation) -> bool:
    if not actor.in_scope(organisation):
        return False
    return actor.is_platform_admin or is_org_admin(actor, organisation)


def can_edit_organisation(actor: Actor, organisation: Organisation) -> bool:
    return can_manage_members(actor, organisation)


def can_view_audit_log(actor: Actor, organisation: Organisation) -> bool:
    return can_manage_members(actor, organisation)


def can_create_organisation(actor: Actor) -> bool:
    return actor.is_platform_admin


def can_list_all_organisations(actor: Actor) -> bool:
    return actor.is_platform_admin


# --- accessors -------------------------------------------------------------------------------


def get_organisation_for_view(actor: Actor, organisation_id: int) -> Organisation:
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None or not can_view_organisation(actor, organisation):
        raise Http404
    return organisation


def get_organisation_for_management(actor: Actor, organisation_id: int) -> Organisation:
    organisation = get_organisation_for_view(actor, organisation_id)
    if not can_manage_members(actor, organisation):
        raise PermissionDenied
    return organisation


def get_member_for_management(
    actor: Actor, organisation_id: int, user_id: int
) -> tuple[Organisation, User]:
    organisation = get_organisation_for_management(actor, organisation_id)
    member = User.objects.filter(pk=user_id, memberships__organisation=organisation).first()
    if member is None:
        raise Http404
    return organisation, member


def get_invitation_for_management(
    actor: Actor, organisation_id: int, invitation_id: int
) -> Invitation:
    organisation = get_organisation_for_management(actor, organisation_id)
    invitation = organisation.invitations.filter(pk=invitation_id).first()
    if invitation is None:
        raise Http404
    return invitation
