"""Organisations as OCDS parties: identified by their Swedish organisation number (SE-BLV),
with their roles in this procurement. No contact points: rodtrad keeps people's names to
itself (DOMAIN.md section 8, personal data)."""

from __future__ import annotations

from typing import Any

from rodtrad.accounts.models import Organisation
from rodtrad.ocds import formats

BUYER_ROLES = ("buyer", "procuringEntity")


def party(organisation: Organisation, *roles: str) -> dict[str, Any]:
    return {
        "id": formats.party_id(organisation.organisation_number),
        "name": organisation.name,
        "identifier": {
            "scheme": formats.ORGANISATION_SCHEME,
            "id": formats.organisation_id(organisation.organisation_number),
            "legalName": organisation.name,
        },
        "roles": list(roles),
    }


def reference(organisation: Organisation) -> dict[str, str]:
    """An OrganizationReference to a party of the same release."""
    return {"id": formats.party_id(organisation.organisation_number), "name": organisation.name}


def buyer_party(buyer: Organisation) -> dict[str, Any]:
    return party(buyer, *BUYER_ROLES)
