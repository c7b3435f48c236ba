"""Helpers for the provider-side tender tests (views, API, permissions, queries): a started
draft, the posted form of the tender page, a viewer-only member of provider A, and the files
the content check accepts or refuses. No tests here."""

from __future__ import annotations

from typing import Any

from rodtrad.accounts.actor import Actor
from rodtrad.accounts.models import User
from rodtrad.accounts.roles import Role
from rodtrad.procurements.models import Procurement
from rodtrad.tenders import services
from rodtrad.tenders.models import Tender
from tests.factories import add_member, make_user
from tests.tenders.factories import PDF, answer_text

# A Windows executable's first bytes: refused whatever the file is called.
EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64


def actor(user: User) -> Actor:
    return Actor.for_user(user)


def start(personas, procurement: Procurement, *, author=None, organisation=None) -> Tender:
    """Provider A's empty draft (or another author's and organisation's)."""
    return services.start_tender(
        actor=actor(author or personas.provider_a_author),
        procurement=procurement,
        organisation=organisation or personas.provider_a,
    )


def fresh(tender: Tender) -> Tender:
    return Tender.objects.get(pk=tender.pk)


def draft_of(tender: Tender) -> dict[str, Any]:
    return services.read_draft(fresh(tender))


def viewer_of_a(personas) -> User:
    """A member of provider A who may read its tenders but not write them."""
    user = add_member(
        make_user("viewer@omsorg-a.se", full_name="Viktor Läsare"), personas.provider_a, Role.VIEWER
    )
    user.language = "en"
    user.save(update_fields=["language"])
    return user


def criteria_ids(procurement: Procurement) -> list[int]:
    return list(procurement.criteria.order_by("id").values_list("pk", flat=True))


def requirement_ids(procurement: Procurement) -> list[int]:
    return list(procurement.requirements.order_by("id").values_list("pk", flat=True))


def lot_ids(procurement: Procurement) -> list[int]:
    return list(procurement.lots.order_by("number").values_list("pk", flat=True))


def complete_form(personas, procurement: Procurement, tender: Tender, **overrides) -> dict:
    """The tender page's form filled in completely (as a plain POST sends it)."""
    organisation = personas.provider_a
    data: dict[str, Any] = {"revision": str(fresh(tender).draft_revision)}
    for lot_id in lot_ids(procurement):
        data[f"price-{lot_id}"] = "2 100,50"
    for award in procurement.criteria.select_related("criterion"):
        data[f"answer-{award.pk}"] = answer_text(award.criterion.name, organisation)
    for requirement_id in requirement_ids(procurement):
        data[f"requirement-{requirement_id}-fulfilled"] = "1"
        data[f"requirement-{requirement_id}-comment"] = ""
    data["partnership"] = "Vi föreslår ett samverkansforum varannan månad."
    data["contact-name"] = "Anton Anbud"
    data["contact-email"] = "anbud@omsorg-a.se"
    data["contact-phone"] = "010-123 45 67"
    data.update(overrides)
    return data


def attach_pdf(personas, tender: Tender, *, purpose: str, ref: int, name: str = "Bilaga.pdf"):
    return services.add_attachment(
        actor=actor(personas.provider_a_author),
        tender=fresh(tender),
        purpose=purpose,
        ref=ref,
        data=PDF,
        name=name,
    )
