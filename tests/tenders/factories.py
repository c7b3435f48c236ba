"""Tenders for tests, written and opened through the services as providers and openers would.

`published(personas)` is Ekby kommun's published procurement (tests.procurements.factories) with
a tender deadline 30 days ahead; its openers are the procurement officer and the buyer admin.
`write_tender(...)` fills a complete draft (every answer, every requirement declared, evidence
attached where asked, partnership answer, price, contact) and `submit=True` submits it.
`after_deadline(procurement)` is a clock context one minute past the deadline; `open_tenders`
opens with the two openers.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import timedelta

from rodtrad.accounts.actor import Actor
from rodtrad.accounts.models import Organisation, User
from rodtrad.common import clock
from rodtrad.procurements.models import Procurement, Verification
from rodtrad.tenders import services
from rodtrad.tenders.models import Tender
from tests.procurements.factories import make_procurement

# The smallest valid PDF the content check accepts: the magic bytes and an EOF marker.
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def colleague_of_a(personas) -> User:
    """A second tender author at provider A (for conflicts between two people's saves)."""
    from rodtrad.accounts.roles import Role
    from tests.factories import add_member, make_user

    return add_member(
        make_user("colleague@omsorg-a.se", full_name="Karin Kollega"),
        personas.provider_a,
        Role.TENDER_AUTHOR,
    )


def published(personas, **kwargs) -> Procurement:
    return make_procurement(personas, publish=True, **kwargs)


def answer_text(criterion_name: str, organisation: Organisation) -> str:
    return f"{organisation.name} arbetar systematiskt med {criterion_name.lower()}."


def complete_changes(procurement: Procurement, author: User, organisation: Organisation, price):
    return {
        "prices": {str(lot.pk): str(price) for lot in procurement.lots.all()},
        "answers": {
            str(a.pk): answer_text(a.criterion.name, organisation)
            for a in procurement.criteria.select_related("criterion")
        },
        "requirements": {
            str(r.pk): {"fulfilled": True, "comment": ""} for r in procurement.requirements.all()
        },
        "partnership": f"{organisation.name} föreslår ett samverkansforum varannan månad.",
        "contact": {"name": author.full_name, "email": author.email, "phone": "010-123 45 67"},
    }


def write_tender(
    procurement: Procurement,
    author: User,
    organisation: Organisation,
    *,
    price="2100.00",
    submit: bool = False,
) -> Tender:
    actor = Actor.for_user(author)
    tender = services.start_tender(actor=actor, procurement=procurement, organisation=organisation)
    services.save_draft(
        actor=actor,
        tender=tender,
        changes=complete_changes(procurement, author, organisation, price),
    )
    for requirement in procurement.requirements.filter(verification=Verification.ATTACHMENT):
        services.add_attachment(
            actor=actor,
            tender=tender,
            purpose="requirement",
            ref=requirement.pk,
            data=PDF,
            name=f"Bevis {requirement.code}.pdf",
        )
    if submit:
        services.submit(actor=actor, tender=Tender.objects.get(pk=tender.pk))
    return Tender.objects.get(pk=tender.pk)


def two_tenders(personas, procurement: Procurement) -> tuple[Tender, Tender]:
    """Provider A (2100 SEK) and competitor B (1950 SEK) submit."""
    return (
        write_tender(
            procurement, personas.provider_a_author, personas.provider_a, price="2100", submit=True
        ),
        write_tender(
            procurement, personas.provider_b_author, personas.provider_b, price="1950", submit=True
        ),
    )


@contextlib.contextmanager
def after_deadline(procurement: Procurement, minutes: int = 1) -> Iterator[None]:
    procurement.refresh_from_db()
    assert procurement.tender_deadline is not None
    with clock.frozen_at(procurement.tender_deadline + timedelta(minutes=minutes)):
        yield


def open_tenders(personas, procurement: Procurement) -> Procurement:
    """The officer starts and the buyer admin confirms the opening (inside `after_deadline`)."""
    procurement.refresh_from_db()
    services.start_opening(
        actor=Actor.for_user(personas.procurement_officer), procurement=procurement
    )
    procurement.refresh_from_db()
    services.confirm_opening(actor=Actor.for_user(personas.buyer_admin), procurement=procurement)
    procurement.refresh_from_db()
    return procurement
