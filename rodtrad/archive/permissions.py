"""Who may export a procurement's archive: the buyer's administrators and the procurement
officers of its team (the people who keep the buyer's records), once it is published."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from rodtrad.accounts.actor import Actor
from rodtrad.accounts.roles import Role
from rodtrad.procurements import permissions as procurement_permissions
from rodtrad.procurements.models import Procurement, TeamRole


def can_archive(actor: Actor, procurement: Procurement) -> bool:
    if procurement.published_at is None or not actor.in_scope(procurement.buyer_id):
        return False
    return actor.has_role(procurement.buyer_id, Role.ADMIN) or (
        TeamRole.PROCUREMENT_OFFICER in procurement_permissions.team_roles(actor, procurement)
    )


def get_for_archive(actor: Actor, procurement_id: int) -> Procurement:
    """404 for everyone outside the buyer's side (as the buyer's pages), 403 on the buyer's
    side for those who may not export."""
    procurement = procurement_permissions.get_for_buyer(actor, procurement_id)
    if not can_archive(actor, procurement):
        raise PermissionDenied
    return procurement
