"""Who may see and do what with tenders.

Providers: an organisation's tender authors and administrators write and submit its tender; its
other members (quality leads, viewers) may read it. Nobody else ever sees a provider's tender
before the opening, and never a competitor's.

The buyer: nothing at all before the opening – not contents, not who, not how many. The
procurement's openers open; after the opening the procurement officers on the team and the
buyer's administrators read the tenders and qualify them. Evaluators reach tenders through the
evaluation (a later stage), where the price envelope applies.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from rodtrad.accounts.actor import Actor
from rodtrad.accounts.models import Organisation
from rodtrad.accounts.roles import OrganisationKind, Role
from rodtrad.procurements import permissions as procurement_permissions
from rodtrad.procurements.models import Procurement, TeamRole
from rodtrad.tenders.models import Tender

WRITER_ROLES = frozenset({Role.ADMIN, Role.TENDER_AUTHOR})
READER_ROLES = frozenset({Role.ADMIN, Role.TENDER_AUTHOR, Role.QUALITY_LEAD, Role.VIEWER})


def tendering_organisations(actor: Actor) -> list[Organisation]:
    """Provider organisations for which the actor may write tenders."""
    return [
        org
        for org in actor.member_organisations()
        if org.kind == OrganisationKind.PROVIDER and actor.has_role(org, *WRITER_ROLES)
    ]


def can_write(actor: Actor, organisation_id: int) -> bool:
    return actor.in_scope(organisation_id) and actor.has_role(organisation_id, *WRITER_ROLES)


def can_read_own(actor: Actor, tender: Tender) -> bool:
    return actor.in_scope(tender.organisation_id) and actor.has_role(
        tender.organisation_id, *READER_ROLES
    )


def is_opened(procurement: Procurement) -> bool:
    opening = getattr(procurement, "opening", None)
    return opening is not None and opening.confirmed_at is not None


def is_opener(actor: Actor, procurement: Procurement) -> bool:
    return TeamRole.OPENER in procurement_permissions.team_roles(actor, procurement)


def can_handle_opened(actor: Actor, procurement: Procurement) -> bool:
    """Read opened tenders and qualify them: the team's procurement officers and the buyer's
    administrators – after the opening only."""
    if not is_opened(procurement) or not actor.in_scope(procurement.buyer_id):
        return False
    return actor.has_role(procurement.buyer_id, Role.ADMIN) or (
        TeamRole.PROCUREMENT_OFFICER in procurement_permissions.team_roles(actor, procurement)
    )


# --- accessors -------------------------------------------------------------------------------


def get_own_tender(actor: Actor, tender_id: int) -> Tender:
    """A provider's own tender; 404 for everyone else (a competitor may not know it exists,
    and neither may the buyer before the opening)."""
    tender = (
        Tender.objects.select_related("procurement__buyer", "organisation")
        .filter(pk=tender_id)
        .first()
    )
    if tender is None or not can_read_own(actor, tender):
        raise Http404
    return tender


def get_own_tender_for_writing(actor: Actor, tender_id: int) -> Tender:
    tender = get_own_tender(actor, tender_id)
    if not can_write(actor, tender.organisation_id):
        raise PermissionDenied
    return tender


def get_opened_tender(actor: Actor, procurement: Procurement, tender_id: int) -> Tender:
    """A tender of an opened procurement, for the buyer's procurement officers."""
    if not can_handle_opened(actor, procurement):
        raise Http404
    tender = (
        procurement.tenders.select_related("organisation", "opened__submission")
        .filter(pk=tender_id, opened__isnull=False)
        .first()
    )
    if tender is None:
        raise Http404
    return tender
