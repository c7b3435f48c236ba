"""The current user, organisations, members and invitations.

No `from __future__ import annotations` here: django-ninja resolves the parameter annotations of
endpoints wrapped by @paginate in its own module, where string annotations such as
`OrganisationKind` cannot be found (GET /organisations failed with a 500).
"""

from datetime import datetime

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate
from pydantic import ConfigDict

from rodtrad.accounts import permissions, selectors, services
from rodtrad.accounts.roles import OrganisationKind, Role, roles_for_kind
from rodtrad.api.auth import actor_of
from rodtrad.api.schemas import ERRORS

router = Router(tags=["organisations"])


class MembershipOut(Schema):
    organisation_id: int
    organisation_name: str
    roles: list[Role]


class MeOut(Schema):
    id: int
    email: str
    full_name: str
    language: str
    is_platform_admin: bool
    token_organisation_id: int | None = Field(
        None, description="The organisation a token is limited to; null for a browser session."
    )
    memberships: list[MembershipOut]


class OrganisationOut(Schema):
    id: int
    name: str
    organisation_number: str = Field(..., examples=["212000-0142"])
    kind: OrganisationKind
    require_two_factor: bool


class OrganisationIn(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "name": "Ekdala kommun",
                    "organisation_number": "212000-0142",
                    "kind": "buyer",
                    "first_admin_email": "anna.lind@ekdala.se",
                }
            ]
        }
    )

    name: str = Field(..., min_length=1, max_length=200, examples=["Ekdala kommun"])
    organisation_number: str = Field(..., max_length=20, examples=["212000-0142"])
    kind: OrganisationKind
    first_admin_email: str | None = Field(None, max_length=254)


class OrganisationPatch(Schema):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"name": "Omsorgshuset Ekbacken AB"}]}
    )

    name: str | None = Field(None, max_length=200)
    organisation_number: str | None = Field(None, max_length=20)
    require_two_factor: bool | None = Field(
        None, description="Ask two-step verification of every member, not only those who must."
    )


class MemberOut(Schema):
    user_id: int
    email: str
    full_name: str
    roles: list[Role]


class RolesIn(Schema):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"roles": ["evaluator", "panel_chair"]}]}
    )

    roles: list[Role] = Field(..., examples=[["evaluator", "panel_chair"]])


class InvitationIn(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"email": "cecilia.holm@ekdala.se", "roles": ["evaluator"]}]
        }
    )

    email: str = Field(..., max_length=254, examples=["anna.berg@ekdala.se"])
    roles: list[Role] = Field(..., examples=[["evaluator"]])


class InvitationOut(Schema):
    id: int
    email: str
    roles: list[Role]
    created_at: datetime
    expires_at: datetime
    status: str = Field(..., description="pending, expired, accepted or revoked")


def _invitation_out(invitation) -> InvitationOut:
    return InvitationOut(
        id=invitation.pk,
        email=invitation.email,
        roles=invitation.roles,
        created_at=invitation.created_at,
        expires_at=invitation.expires_at,
        status=invitation.status,
    )


@router.get("/me", response={200: MeOut, **ERRORS}, tags=["me"])
def me(request: HttpRequest):
    """The authenticated user and their organisations (only the token's one for a token)."""
    actor = actor_of(request)
    user = actor.user
    assert user is not None
    return MeOut(
        id=user.pk,
        email=user.email,
        full_name=user.full_name,
        language=user.language,
        is_platform_admin=actor.is_platform_admin,
        token_organisation_id=actor.scope_org_id,
        memberships=[
            MembershipOut(
                organisation_id=org.pk,
                organisation_name=org.name,
                roles=[Role(r) for r in roles_for_kind(org.kind) if r in actor.roles_in(org)],
            )
            for org in actor.member_organisations()
        ],
    )


@router.get("/organisations", response={200: list[OrganisationOut], **ERRORS})
@paginate(PageNumberPagination)
def list_organisations(request: HttpRequest, kind: OrganisationKind | None = None):
    """Organisations you belong to; a platform administrator sees all of them."""
    return selectors.organisations_visible_to(actor_of(request), kind=kind)


@router.post("/organisations", response={201: OrganisationOut, **ERRORS})
def create_organisation(request: HttpRequest, payload: OrganisationIn):
    """Register an organisation (platform administrators). `first_admin_email` is invited as
    its administrator."""
    organisation = services.create_organisation(
        actor=actor_of(request),
        name=payload.name,
        organisation_number=payload.organisation_number,
        kind=payload.kind,
        first_admin_email=payload.first_admin_email,
    )
    return Status(201, organisation)


@router.get("/organisations/{organisation_id}", response={200: OrganisationOut, **ERRORS})
def get_organisation(request: HttpRequest, organisation_id: int):
    return permissions.get_organisation_for_view(actor_of(request), organisation_id)


@router.patch("/organisations/{organisation_id}", response={200: OrganisationOut, **ERRORS})
def update_organisation(request: HttpRequest, organisation_id: int, payload: OrganisationPatch):
    actor = actor_of(request)
    organisation = permissions.get_organisation_for_management(actor, organisation_id)
    return services.update_organisation(
        actor=actor,
        organisation=organisation,
        name=payload.name if payload.name is not None else organisation.name,
        organisation_number=(
            payload.organisation_number
            if payload.organisation_number is not None
            else organisation.organisation_number
        ),
        require_two_factor=payload.require_two_factor,
    )


@router.get("/organisations/{organisation_id}/members", response={200: list[MemberOut], **ERRORS})
def list_members(request: HttpRequest, organisation_id: int):
    """The organisation's people and their roles (visible to its members)."""
    organisation = permissions.get_organisation_for_view(actor_of(request), organisation_id)
    return [
        MemberOut(
            user_id=m.user.pk,
            email=m.user.email,
            full_name=m.user.full_name,
            roles=[Role(role) for role in m.roles],
        )
        for m in selectors.members_of(organisation)
    ]


@router.put(
    "/organisations/{organisation_id}/members/{user_id}", response={200: MemberOut, **ERRORS}
)
def set_member_roles(request: HttpRequest, organisation_id: int, user_id: int, payload: RolesIn):
    """Replace a member's roles (organisation administrators)."""
    actor = actor_of(request)
    organisation, member = permissions.get_member_for_management(actor, organisation_id, user_id)
    roles = services.change_member_roles(
        actor=actor, organisation=organisation, member=member, roles=payload.roles
    )
    return MemberOut(
        user_id=member.pk,
        email=member.email,
        full_name=member.full_name,
        roles=[Role(role) for role in roles],
    )


@router.delete("/organisations/{organisation_id}/members/{user_id}", response={204: None, **ERRORS})
def remove_member(request: HttpRequest, organisation_id: int, user_id: int):
    actor = actor_of(request)
    organisation, member = permissions.get_member_for_management(actor, organisation_id, user_id)
    services.remove_member(actor=actor, organisation=organisation, member=member)
    return Status(204, None)


@router.get(
    "/organisations/{organisation_id}/invitations",
    response={200: list[InvitationOut], **ERRORS},
)
def list_invitations(request: HttpRequest, organisation_id: int):
    organisation = permissions.get_organisation_for_management(actor_of(request), organisation_id)
    return [_invitation_out(i) for i in selectors.invitations_of(organisation)]


@router.post(
    "/organisations/{organisation_id}/invitations", response={201: InvitationOut, **ERRORS}
)
def invite(request: HttpRequest, organisation_id: int, payload: InvitationIn):
    """Invite a person by e-mail; they set their password through the link they receive."""
    actor = actor_of(request)
    organisation = permissions.get_organisation_for_management(actor, organisation_id)
    invitation = services.invite_member(
        actor=actor, organisation=organisation, email=payload.email, roles=payload.roles
    )
    return Status(201, _invitation_out(invitation))


@router.delete(
    "/organisations/{organisation_id}/invitations/{invitation_id}",
    response={204: None, **ERRORS},
)
def revoke_invitation(request: HttpRequest, organisation_id: int, invitation_id: int):
    actor = actor_of(request)
    invitation = permissions.get_invitation_for_management(actor, organisation_id, invitation_id)
    services.revoke_invitation(actor=actor, invitation=invitation)
    return Status(204, None)
