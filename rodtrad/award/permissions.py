"""Who may see and do what in the award.

- The award page (calculation, sensitivity, the decision and the reviews) is for the panel chair
  and the procurement officers (the team's procurement officers and the buyer's
  administrators, as in evaluations.permissions.can_run); the rest of the buyer side gets 403,
  everyone else 404. The calculation itself is refused while the prices are hidden
  (award.calculation), so no price reaches the panel before the reveal; its export also needs
  `can_see_prices` (403 before the reveal for the panel).
- The award decision is signed by a person with the authority to decide for the buyer: the
  buyer organisation's administrators and the procurement team's procurement officers
  (delegation of decision-making is the buyer's own; in rodtrad it is these roles). The panel
  chair proposes (the award page) but does not sign. The same people record requests for
  review and their outcome.
- A tenderer's members (the tenders app's readers of their own tender) read the decision and
  their own feedback once the decision is signed and only for an opened tender; 404 before and
  for everyone else.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from rodtrad.accounts.actor import Actor
from rodtrad.evaluations import permissions as evaluation_permissions
from rodtrad.procurements import permissions as procurement_permissions
from rodtrad.procurements.models import Procurement, ProcurementStatus
from rodtrad.tenders import permissions as tender_permissions
from rodtrad.tenders.models import Tender

DECIDED_STATUSES = frozenset(
    {
        ProcurementStatus.AWARD_DECIDED,
        ProcurementStatus.STANDSTILL,
        ProcurementStatus.CONTRACTED,
        ProcurementStatus.CANCELLED,
    }
)


def can_view_award(actor: Actor, procurement: Procurement) -> bool:
    return evaluation_permissions.can_run(actor, procurement)


def can_export_calculation(actor: Actor, procurement: Procurement) -> bool:
    """The award calculation as a file holds every price: the award page's readers who may also
    see the prices (never the panel before the reveal)."""
    return can_view_award(actor, procurement) and evaluation_permissions.can_see_prices(
        actor, procurement
    )


def can_decide(actor: Actor, procurement: Procurement) -> bool:
    """Sign the award decision: buyer administrators and the team's procurement officers."""
    return evaluation_permissions.is_officer(actor, procurement)


def can_record_review(actor: Actor, procurement: Procurement) -> bool:
    return evaluation_permissions.is_officer(actor, procurement)


# --- accessors -------------------------------------------------------------------------------


def get_award(actor: Actor, procurement_id: int) -> Procurement:
    """A procurement in (or past) evaluation for the chair and the officers; 404 outside the
    buyer side and before evaluation, 403 for the rest of the buyer side."""
    procurement = procurement_permissions.get_for_buyer(actor, procurement_id)
    if procurement.status not in evaluation_permissions.EVALUATION_STATUSES and not (
        procurement.status == ProcurementStatus.CANCELLED and procurement.award_decisions.exists()
    ):
        raise Http404
    if not can_view_award(actor, procurement):
        raise PermissionDenied
    return procurement


def get_award_for(actor: Actor, procurement_id: int, rule) -> Procurement:
    procurement = get_award(actor, procurement_id)
    if not rule(actor, procurement):
        raise PermissionDenied
    return procurement


def get_award_export(actor: Actor, procurement_id: int) -> Procurement:
    """As `get_award`, and 403 for a reader who may not see the prices yet."""
    return get_award_for(actor, procurement_id, can_export_calculation)


def get_tender_for_decision(actor: Actor, tender_id: int) -> Tender:
    """The actor's own opened tender once the award decision is signed; 404 otherwise (before
    the decision nobody outside the buyer learns anything)."""
    tender = tender_permissions.get_own_tender(actor, tender_id)
    if (
        tender.procurement.status not in DECIDED_STATUSES
        or not tender.procurement.award_decisions.exists()
        or not hasattr(tender, "opened")
    ):
        raise Http404
    return tender
