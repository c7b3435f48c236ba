"""The procurement as an OCDS 1.1 release package (rodtrad.ocds), with the same visibility as
the procurement's pages: a published procurement for every member of an organisation (the
market's readers), an unpublished one only for the buyer's side; 404 for everyone else.
No `from __future__ import annotations` (django-ninja resolves endpoint annotations at runtime).
"""

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router

from rodtrad.accounts.actor import Actor
from rodtrad.api.auth import actor_of
from rodtrad.api.schemas import ERRORS
from rodtrad.ocds.package import build_package
from rodtrad.procurements import permissions
from rodtrad.procurements.models import Procurement

router = Router(tags=["ocds"])


def _visible(actor: Actor, procurement_id: int) -> Procurement:
    """The published procurement for its readers, else the working copy for the buyer's side;
    Http404 for everyone else."""
    try:
        return permissions.get_published(actor, procurement_id)
    except Http404:
        return permissions.get_for_buyer(actor, procurement_id)


@router.get(
    "/procurements/{procurement_id}/ocds",
    response={200: dict[str, Any], **ERRORS},
    url_name="procurement_ocds",
)
def procurement_ocds(request: HttpRequest, procurement_id: int):
    """The procurement as an Open Contracting Data Standard 1.1 release package, one release
    per stage reached: planning and tender once published, the award once the award decision
    is signed, each contract, and each contract's follow-up rounds as milestones once a round
    is done. Nothing about the tenders before the award decision, never an evaluator's score
    nor the partnership barometer. Published procurements for every member of an
    organisation; a draft only for the buyer's side (404 for everyone else)."""
    return build_package(_visible(actor_of(request), procurement_id))
