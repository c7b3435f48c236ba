"""Reads for pages and the API, each a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from django.db.models import QuerySet

from rodtrad.accounts.actor import Actor
from rodtrad.accounts.models import Invitation, Membership, Organisation, User
from rodtrad.accounts.roles import ROLES_BY_KIND


def organisations_visible_to(actor: Actor, *, kind: str | None = None) -> QuerySet[Organisation]:
    queryset = Organisation.objects.order_by("name", "id")
    if not actor.is_platform_admin:
        queryset = queryset.filter(pk__in=list(actor.roles_by_org))
    if kind:
        queryset = queryset.filter(kind=kind)
    return queryset


@dataclass(frozen=True)
class MemberRow:
    user: User
    roles: list[str]


def members_of(organisation: Organisation) -> list[MemberRow]:
    """People of an organisation with their roles, in the kind's role order. One query."""
    order = {role: index for index, role in enumerate(ROLES_BY_KIND[organisation.kind])}
    memberships = (
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("user__full_name", "user__email", "user_id")
    )
    rows = []
    for _user_id, group in groupby(memberships, key=lambda m: m.user_id):
        items = list(group)
        roles = sorted((m.role for m in items), key=lambda role: order.get(role, 99))
        rows.append(MemberRow(user=items[0].user, roles=roles))
    return rows


def invitations_of(organisation: Organisation) -> QuerySet[Invitation]:
    return organisation.invitations.select_related("invited_by").order_by("-created_at", "-id")


def open_invitations_of(organisation: Organisation) -> QuerySet[Invitation]:
    return invitations_of(organisation).filter(accepted_at__isnull=True, revoked_at__isnull=True)
