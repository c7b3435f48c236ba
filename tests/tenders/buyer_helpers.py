"""Helpers for the buyer-side tests: more tenderers, passing the deadline for good, and an opened
procurement with n tenders."""

from __future__ import annotations

from datetime import timedelta

from rodtrad.accounts.roles import OrganisationKind, Role
from rodtrad.common import clock
from rodtrad.procurements.models import Procurement, Requirement, Verification
from rodtrad.tenders.models import Tender
from tests.factories import add_member, make_organisation, make_user
from tests.tenders.factories import open_tenders, published, write_tender


def pass_deadline(procurement: Procurement, minutes: int = 1) -> None:
    """Freeze the clock after the deadline for the rest of the test (conftest resets it)."""
    procurement.refresh_from_db()
    assert procurement.tender_deadline is not None
    clock.freeze(procurement.tender_deadline + timedelta(minutes=minutes))


def tenderers(personas, count: int) -> list[tuple]:
    """(organisation, author) pairs: provider A, competitor B, then new providers."""
    pairs = [
        (personas.provider_a, personas.provider_a_author),
        (personas.provider_b, personas.provider_b_author),
    ]
    for n in range(len(pairs), count):
        organisation = make_organisation(f"Omsorg {n + 1} AB", kind=OrganisationKind.PROVIDER)
        author = add_member(
            make_user(f"author{n + 1}@omsorg.se", full_name=f"Författare {n + 1}"),
            organisation,
            Role.ADMIN,
            Role.TENDER_AUTHOR,
        )
        pairs.append((organisation, author))
    return pairs[:count]


def submitted(
    personas, count: int = 2, *, evidence: bool = False, **kwargs
) -> tuple[Procurement, list[Tender]]:
    """A published procurement with `count` submitted tenders (prices 2100, 2000, …). With
    `evidence` the first requirement asks for an evidence attachment (each tender attaches one)."""
    procurement = published(personas, **kwargs)
    if evidence:
        first = procurement.requirements.order_by("order", "id").first()
        assert first is not None
        Requirement.objects.filter(pk=first.pk).update(verification=Verification.ATTACHMENT)
    tenders = [
        write_tender(procurement, author, organisation, price=str(2100 - 100 * i), submit=True)
        for i, (organisation, author) in enumerate(tenderers(personas, count))
    ]
    return procurement, tenders


def opened(personas, count: int = 2, **kwargs) -> tuple[Procurement, list[Tender]]:
    """As `submitted`, past the deadline (clock frozen) and opened by the two openers."""
    procurement, tenders = submitted(personas, count, **kwargs)
    return open_now(personas, procurement, tenders)


def open_now(personas, procurement: Procurement, tenders: list[Tender]):
    """Past the deadline (clock frozen) and opened by the two openers."""
    pass_deadline(procurement)
    open_tenders(personas, procurement)
    return procurement, [Tender.objects.get(pk=t.pk) for t in tenders]
