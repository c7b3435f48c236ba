"""Small factory functions for real objects (no mocks)."""

from __future__ import annotations

import itertools

from rodtrad.accounts.models import Membership, Organisation, User
from rodtrad.accounts.orgnr import luhn_checksum_ok
from rodtrad.accounts.roles import OrganisationKind

PASSWORD = "correct-horse-battery-staple-42"
_sequence = itertools.count(1)


def valid_organisation_number(seed: int | None = None) -> str:
    """A valid organisation number (third digit 5, check digit computed)."""
    number = seed if seed is not None else next(_sequence)
    prefix = f"556{number:06d}"
    for digit in range(10):
        if luhn_checksum_ok(prefix + str(digit)):
            candidate = prefix + str(digit)
            return f"{candidate[:6]}-{candidate[6:]}"
    raise AssertionError("unreachable: one check digit always fits")


def make_user(email: str | None = None, *, full_name: str = "", **fields) -> User:
    n = next(_sequence)
    email = email or f"person{n}@example.se"
    return User.objects.create_user(
        email=email, password=PASSWORD, full_name=full_name or f"Person {n}", **fields
    )


def make_organisation(
    name: str | None = None, *, kind: str = OrganisationKind.BUYER, number: str | None = None
) -> Organisation:
    n = next(_sequence)
    return Organisation.objects.create(
        name=name or f"Organisation {n}",
        organisation_number=number or valid_organisation_number(),
        kind=kind,
    )


def add_member(user: User, organisation: Organisation, *roles: str) -> User:
    for role in roles:
        Membership.objects.get_or_create(user=user, organisation=organisation, role=role)
    return user
