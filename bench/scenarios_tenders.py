"""Tenders: sealing a large attachment, submitting, opening twelve tenders (with the record PDF),
and the provider's tender page, the opening page and the qualification page with twelve tenders."""

from __future__ import annotations

import time
from datetime import timedelta

from django.db import transaction

from bench.harness import Client, scenario, timed
from rodtrad.accounts.actor import Actor
from rodtrad.accounts.roles import OrganisationKind, Role
from rodtrad.common import clock
from rodtrad.tenders import services
from rodtrad.tenders.models import Tender
from tests.factories import add_member, make_organisation, make_user
from tests.personas import create_personas
from tests.procurements.factories import make_procurement
from tests.tenders.factories import PDF, write_tender

TENDERS = 12
FILE_BYTES = 8 * 1024 * 1024


def _world():
    personas = create_personas()
    procurement = make_procurement(personas, publish=True)
    authors = [personas.provider_a_author, personas.provider_b_author]
    organisations = [personas.provider_a, personas.provider_b]
    for i in range(TENDERS - 2):
        organisation = make_organisation(f"Bänkomsorg {i} AB", kind=OrganisationKind.PROVIDER)
        organisations.append(organisation)
        authors.append(
            add_member(make_user(f"author{i}@bench.se"), organisation, Role.TENDER_AUTHOR)
        )
    tenders = [
        write_tender(procurement, author, organisation, price=f"{2000 + i}.50", submit=True)
        for i, (author, organisation) in enumerate(zip(authors, organisations, strict=True))
    ]
    return personas, procurement, tenders


@scenario("tenders: seal an 8 MB attachment, then submit")
def seal_and_submit() -> dict:
    with transaction.atomic():
        result = _seal_and_submit()
        transaction.set_rollback(True)  # the next scenario makes the same people again
    return result


def _seal_and_submit() -> dict:
    personas, procurement, tenders = _world()
    author = Actor.for_user(personas.provider_a_author)
    tender = tenders[0]
    payload = PDF + b"0" * (FILE_BYTES - len(PDF))
    criterion = procurement.criteria.first()
    started = time.perf_counter()
    services.add_attachment(
        actor=author,
        tender=tender,
        purpose="criterion",
        ref=criterion.pk,
        data=payload,
        name="Stor bilaga.pdf",
    )
    sealed_ms = (time.perf_counter() - started) * 1000
    submit = timed(lambda: services.submit(actor=author, tender=Tender.objects.get(pk=tender.pk)))
    return {"seal_8mb_ms": round(sealed_ms, 1), "submit": submit}


@scenario(f"tenders: open {TENDERS} tenders and the pages after")
def open_and_pages() -> dict:
    with transaction.atomic():
        result = _open_and_pages()
        transaction.set_rollback(True)
    return result


def _open_and_pages() -> dict:
    personas, procurement, tenders = _world()
    officer, admin = personas.procurement_officer, personas.buyer_admin
    clock.freeze(procurement.tender_deadline + timedelta(hours=1))
    try:
        procurement.refresh_from_db()
        services.start_opening(actor=Actor.for_user(officer), procurement=procurement)
        procurement.refresh_from_db()
        started = time.perf_counter()
        services.confirm_opening(actor=Actor.for_user(admin), procurement=procurement)
        opening_ms = (time.perf_counter() - started) * 1000
        buyer = Client()
        buyer.force_login(officer)
        provider = Client()
        provider.force_login(personas.provider_a_author)
        base = f"/procurements/{procurement.pk}"
        return {
            "confirm_opening_with_record_pdf_ms": round(opening_ms, 1),
            "opening_page": timed(lambda: buyer.get(f"{base}/opening/")),
            "qualification_overview": timed(lambda: buyer.get(f"{base}/qualification/")),
            "qualification_of_one_tender": timed(
                lambda: buyer.get(f"{base}/qualification/{tenders[0].pk}/")
            ),
            "provider_tender_page": timed(lambda: provider.get(f"/tenders/{tenders[0].pk}/")),
        }
    finally:
        clock.reset()
