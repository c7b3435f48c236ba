"""Who may see and do what in the evaluation of tenders.

- The panel is the procurement team's chair (TeamRole.PANEL_CHAIR) and evaluators. Each tender's
  assessment is the engine's (rodtrad/assessments), with its independence rules.
- The evaluation overview (every tender's progress) is for the chair, the team's procurement
  officers and the buyer's administrators; evaluators see their own work list. Everyone else on
  the buyer side gets 403; everyone outside it 404 (as for the procurement itself).
- The price envelope: when the procurement hides prices, nobody on the panel sees any price of
  any tender until the chair reveals them (after every tender's consensus is final), not even a
  panel member who is also a procurement officer or an administrator. Buyer people who are not
  on the panel (officers, administrators) see them where they may see tenders at all.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from rodtrad.accounts.actor import Actor
from rodtrad.accounts.roles import Role
from rodtrad.procurements import permissions as procurement_permissions
from rodtrad.procurements.models import Procurement, ProcurementStatus, TeamRole

PANEL_TEAM_ROLES = frozenset({TeamRole.PANEL_CHAIR, TeamRole.EVALUATOR})
EVALUATION_STATUSES = frozenset(
    {
        ProcurementStatus.EVALUATION,
        ProcurementStatus.AWARD_DECIDED,
        ProcurementStatus.STANDSTILL,
        ProcurementStatus.CONTRACTED,
    }
)
_REVEALED = "_rodtrad_prices_revealed"


def is_panel(actor: Actor, procurement: Procurement) -> bool:
    return bool(PANEL_TEAM_ROLES & procurement_permissions.team_roles(actor, procurement))


def is_chair(actor: Actor, procurement: Procurement) -> bool:
    return TeamRole.PANEL_CHAIR in procurement_permissions.team_roles(actor, procurement)


def is_officer(actor: Actor, procurement: Procurement) -> bool:
    """The team's procurement officers and the buyer's administrators."""
    if not actor.in_scope(procurement.buyer_id):
        return False
    return actor.has_role(procurement.buyer_id, Role.ADMIN) or (
        TeamRole.PROCUREMENT_OFFICER in procurement_permissions.team_roles(actor, procurement)
    )


def can_run(actor: Actor, procurement: Procurement) -> bool:
    """Start the evaluation and follow every tender's progress."""
    return is_chair(actor, procurement) or is_officer(actor, procurement)


def can_view_evaluation(actor: Actor, procurement: Procurement) -> bool:
    return can_run(actor, procurement) or is_panel(actor, procurement)


def prices_revealed(procurement: Procurement) -> bool:
    """Whether the chair has revealed the prices (one query, cached on the procurement)."""
    if not hasattr(procurement, _REVEALED):
        from rodtrad.evaluations.models import PriceReveal

        setattr(
            procurement, _REVEALED, PriceReveal.objects.filter(procurement=procurement).exists()
        )
    return bool(getattr(procurement, _REVEALED))


def can_see_prices(actor: Actor, procurement: Procurement) -> bool:
    """May this person on the buyer side see tender prices of this procurement (where they may
    see tenders at all)? Panel members only once the prices are revealed, when hidden."""
    if not procurement_permissions.is_buyer_side(actor, procurement):
        return False
    if not procurement.hide_prices or not is_panel(actor, procurement):
        return True
    return prices_revealed(procurement)


def can_reveal_prices(actor: Actor, procurement: Procurement) -> bool:
    """The chair, while the prices are hidden (the service checks that every consensus is
    final)."""
    return (
        is_chair(actor, procurement)
        and procurement.hide_prices
        and procurement.status == ProcurementStatus.EVALUATION
        and not prices_revealed(procurement)
    )


# --- accessors -------------------------------------------------------------------------------


def get_evaluation(actor: Actor, procurement_id: int) -> Procurement:
    """A procurement in (or past) evaluation for those taking part in it. 404 outside the
    buyer side and before the evaluation stage; 403 for the rest of the buyer side."""
    procurement = procurement_permissions.get_for_buyer(actor, procurement_id)
    if procurement.status not in EVALUATION_STATUSES:
        raise Http404
    if not can_view_evaluation(actor, procurement):
        raise PermissionDenied
    return procurement


def get_evaluation_for(actor: Actor, procurement_id: int, rule) -> Procurement:
    procurement = get_evaluation(actor, procurement_id)
    if not rule(actor, procurement):
        raise PermissionDenied
    return procurement
