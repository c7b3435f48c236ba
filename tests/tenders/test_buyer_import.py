"""Tenders received through another e-procurement system: the import page exists only for such a
procurement; the workbook is generated for it; a bad cell gives a message naming the row and
column and saves nothing; a good workbook with its original files creates a tender marked with
its source, opened and ready for qualification."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from rodtrad.procurements.models import Procurement
from rodtrad.tenders.models import Opening, Source, Tender
from rodtrad.tenders.workbook import SHEET
from tests.procurements.factories import english_users  # noqa: F401
from tests.tenders.buyer_helpers import pass_deadline
from tests.tenders.factories import PDF, published

pytestmark = pytest.mark.usefixtures("english_users")

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _elsewhere(personas) -> Procurement:
    procurement = published(personas)
    Procurement.objects.filter(pk=procurement.pk).update(tenders_elsewhere=True)
    procurement.refresh_from_db()
    return procurement


def _filled(procurement: Procurement, data: bytes, **overrides) -> bytes:
    """Fill every answer cell (column B) by its key (column C); `overrides` by key."""
    book = load_workbook(io.BytesIO(data))
    sheet = book[SHEET]
    for row in sheet.iter_rows(min_row=2):
        key = row[2].value
        if not key:
            continue
        kind = key.split(":")[0]
        value = {
            "tenderer_name": "Extern Omsorg AB",
            "organisation_number": "556677-8899",
            "contact_name": "Kim Kontakt",
            "contact_email": "kim@extern.se",
            "submitted_at": "2026-05-01 11:59",
            "partnership": "Vi vill ha gemensamma utvecklingsdagar.",
            "price": "1999,50",
            "answer": "Vi arbetar med genomförandeplaner.",
            "requirement": "ja",
            "requirement_comment": "",
        }.get(kind, "")
        row[1].value = overrides.get(key, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _url(procurement, what: str = "") -> str:
    return f"/procurements/{procurement.pk}/import/{what}"


def test_import_page_exists_only_when_tenders_are_received_elsewhere(personas, client_for):
    ordinary = published(personas, reference_number="KS 2026/102")
    elsewhere = _elsewhere(personas)
    officer = client_for(personas.procurement_officer)

    assert officer.get(_url(ordinary)).status_code == 404
    assert officer.get(_url(elsewhere)).status_code == 200
    assert officer.get(_url(ordinary, "workbook.xlsx")).status_code == 404


def test_the_workbook_is_generated_for_the_procurement(personas, client_for):
    procurement = _elsewhere(personas)

    response = client_for(personas.procurement_officer).get(_url(procurement, "workbook.xlsx"))

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    sheet = load_workbook(io.BytesIO(response.content))[SHEET]
    keys = [row[2] for row in sheet.iter_rows(values_only=True)]
    assert keys[0] == f"procurement:{procurement.pk}"
    for requirement in procurement.requirements.all():
        assert f"requirement:{requirement.pk}" in keys
    for award in procurement.criteria.all():
        assert f"answer:{award.pk}" in keys


def test_a_bad_cell_names_its_row_and_column_and_saves_nothing(personas, client_for):
    procurement = _elsewhere(personas)
    officer = client_for(personas.procurement_officer)
    template = officer.get(_url(procurement, "workbook.xlsx")).content
    pass_deadline(procurement)
    lot = procurement.lots.get()
    bad = _filled(procurement, template, **{f"price:{lot.pk}": "billigt"})
    sheet = load_workbook(io.BytesIO(bad))[SHEET]
    price_row = next(
        n
        for n, row in enumerate(sheet.iter_rows(values_only=True), 1)
        if row[2] == f"price:{lot.pk}"
    )

    response = officer.post(
        _url(procurement),
        {"workbook": SimpleUploadedFile("anbud.xlsx", bad, content_type=XLSX)},
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert f"Row {price_row}, column B: Enter the price as a number above zero" in page
    assert "Nothing has been saved." in page
    assert not Tender.objects.exists()
    assert not Opening.objects.exists()


def test_a_good_workbook_creates_a_tender_marked_with_its_source(personas, client_for):
    procurement = _elsewhere(personas)
    officer = client_for(personas.procurement_officer)
    template = officer.get(_url(procurement, "workbook.xlsx")).content
    pass_deadline(procurement)

    response = officer.post(
        _url(procurement),
        {
            "workbook": SimpleUploadedFile("anbud.xlsx", _filled(procurement, template)),
            "originals": [SimpleUploadedFile("Anbud Extern Omsorg.pdf", PDF)],
        },
    )

    assert response.status_code == 302
    tender = Tender.objects.get()
    assert tender.source == Source.EXTERNAL
    assert tender.organisation.name == "Extern Omsorg AB"
    qualification = officer.get(f"/procurements/{procurement.pk}/qualification/").content.decode()
    assert "Extern Omsorg AB" in qualification
    assert "Received through another e-procurement system" in qualification
    page = officer.get(f"/procurements/{procurement.pk}/qualification/{tender.pk}/")
    assert "Anbud Extern Omsorg.pdf" in page.content.decode()
    assert "Vi vill ha gemensamma utvecklingsdagar." in page.content.decode()


def test_only_the_procurement_officers_import(personas, client_for):
    procurement = _elsewhere(personas)
    pass_deadline(procurement)

    chair = client_for(personas.panel_chair)
    page = chair.get(_url(procurement)).content.decode()
    refused = chair.post(_url(procurement), {})

    assert "Import the tender" not in page
    assert refused.status_code == 403
    for who in ("provider_a_author", "stranger", "other_buyer_officer"):
        client = client_for(getattr(personas, who))
        assert client.get(_url(procurement)).status_code == 404
        assert client.get(_url(procurement, "workbook.xlsx")).status_code == 404


def test_the_basics_form_sets_where_tenders_are_received(personas, client_for):
    from django.core.exceptions import ValidationError

    from rodtrad.procurements import services as procurement_services
    from tests.procurements.factories import actor, make_procurement

    draft = make_procurement(personas)
    page = client_for(personas.procurement_officer).get(f"/procurements/{draft.pk}/basics/")
    basics = procurement_services.Basics(
        title=draft.title,
        reference_number=draft.reference_number,
        procedure=draft.procedure,
        publication_date=draft.publication_date,
        questions_deadline=draft.questions_deadline,
        tender_deadline=draft.tender_deadline,
        tenders_elsewhere=True,
    )
    procurement_services.update_basics(
        actor=actor(personas.procurement_officer), procurement=draft, basics=basics
    )
    draft.refresh_from_db()
    published_one = published(personas, reference_number="KS 2026/103")

    assert "Tenders are received through another e-procurement system" in page.content.decode()
    assert draft.tenders_elsewhere is True
    with pytest.raises(ValidationError) as refused:
        procurement_services.update_basics(
            actor=actor(personas.procurement_officer),
            procurement=published_one,
            basics=procurement_services.Basics(**{**basics.__dict__, "title": published_one.title}),
        )
    assert "tenders_elsewhere" in refused.value.message_dict
