"""The indicator values export (CSV and XLSX, page and API): the contents cell by cell, Swedish
and English formatting, formula injection, who may export (the contract's readers; 404 for
everyone else), the audit trace and a query count independent of indicators and values."""

from __future__ import annotations

from decimal import Decimal

import pytest

from rodtrad.audit.models import AuditEvent
from rodtrad.indicators.models import IndicatorValue, Source
from tests.evaluations.test_exports import as_dicts, read_csv, sheet_rows, speak, workbook
from tests.indicators.factories import a_contract, an_indicator, values
from tests.procurements.factories import english_users  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_users")]

OUTSIDERS = [
    "stranger",
    "other_buyer_officer",
    "provider_b_author",
    "evaluator",
    "panel_chair",
    "procurement_officer",
]
HEADINGS = [
    "Indicator",
    "Unit",
    "Direction",
    "Target",
    "Period",
    "Value",
    "Source",
    "Source reference",
    "Misses the target",
]


def page_url(contract, fmt: str = "csv") -> str:
    return f"/contracts/{contract.pk}/indicators/export.{fmt}"


def api_url(contract, fmt: str = "csv") -> str:
    return f"/api/v1/contracts/{contract.pk}/indicators.{fmt}"


@pytest.fixture
def setup(personas):
    contract = a_contract(personas)
    first = an_indicator(personas, contract)
    values(personas, first, {"2024": "87.5", "2023": "91"})
    IndicatorValue.objects.filter(indicator=first, period="2024").update(
        source=Source.KOLADA, reference="Kolada U23471 1280 2024"
    )
    an_indicator(
        personas,
        contract,
        name="Väntetid",
        unit="dagar",
        direction="lower",
        target="14,5",
        kolada_kpi="",
        kolada_municipality="",
    )
    return contract


def test_the_contents_cell_by_cell(setup, personas, client_for):
    response = client_for(personas.provider_a_author).get(page_url(setup, "xlsx"))

    book = workbook(response)
    assert book.sheetnames == ["Indicator values", "About this export"]
    sheet = book["Indicator values"]
    assert [c.value for c in sheet[1]] == HEADINGS
    assert list(sheet.iter_rows(min_row=2, values_only=True)) == [
        (
            "Helhetsintryck, särskilt boende",
            "%",
            "Higher is better",
            90,
            "2023",
            91,
            "Entered by hand",
            None,
            "No",
        ),
        (
            "Helhetsintryck, särskilt boende",
            "%",
            "Higher is better",
            90,
            "2024",
            87.5,
            "Kolada",
            "Kolada U23471 1280 2024",
            "Yes",
        ),
        ("Väntetid", "dagar", "Lower is better", 14.5, None, None, None, None, None),
    ]
    assert sheet["F2"].data_type == "n" and sheet["E2"].data_type == "s"
    about = dict(book["About this export"].iter_rows(values_only=True))
    assert about["Provider"] == setup.provider.name
    assert about["Left out"] == "Nothing is left out."

    _comments, headings, rows = read_csv(client_for(personas.buyer_admin).get(page_url(setup)))
    assert headings == HEADINGS
    assert rows[1] == [
        "Helhetsintryck, särskilt boende",
        "%",
        "Higher is better",
        "90",
        "2024",
        "87.5",
        "Kolada",
        "Kolada U23471 1280 2024",
        "Yes",
    ]
    assert rows[2] == ["Väntetid", "dagar", "Lower is better", "14.5", "", "", "", "", ""]


def test_swedish_csv_has_swedish_headings_and_a_decimal_comma(setup, personas, client_for):
    speak(personas.buyer_admin, "sv")
    response = client_for(personas.buyer_admin).get(page_url(setup))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    _comments, headings, rows = read_csv(response)
    assert headings[0] == "Indikator" and "Värde" in headings and "Period" in headings
    found = as_dicts(headings, rows)
    assert found[1]["Värde"] == "87,5"
    assert found[2]["Målvärde"] == "14,5"
    assert "87,5" in response.content.decode("utf-8-sig")


def test_formula_like_names_stay_text(setup, personas, client_for):
    an_indicator(personas, setup, name="=HYPERLINK(1)", kolada_kpi="", kolada_municipality="")
    _comments, headings, rows = read_csv(client_for(personas.buyer_admin).get(page_url(setup)))
    assert "'=HYPERLINK(1)" in {row["Indicator"] for row in as_dicts(headings, rows)}
    sheet = workbook(client_for(personas.buyer_admin).get(page_url(setup, "xlsx")))[
        "Indicator values"
    ]
    cell = sheet["A5"]
    assert cell.value == "=HYPERLINK(1)" and cell.data_type == "s" and cell.quotePrefix


def test_who_may_export(setup, personas, client_for, api_for):
    contract = setup
    for fmt in ("csv", "xlsx"):
        anonymous = client_for(None).get(page_url(contract, fmt))
        assert anonymous.status_code == 302 and "/login" in anonymous["Location"]
        assert client_for(None).get(api_url(contract, fmt)).status_code == 401
        for who in OUTSIDERS:
            user = getattr(personas, who)
            assert client_for(user).get(page_url(contract, fmt)).status_code == 404, who
            response = api_for(user).get(api_url(contract, fmt))
            assert response.status_code == 404, who
            assert response.json()["error"]["code"] == "not_found"
        for reader in (personas.buyer_admin, personas.provider_a_author):
            response = client_for(reader).get(page_url(contract, fmt))
            assert response.status_code == 200
            assert response["Content-Disposition"].startswith("attachment;")
            assert response["Cache-Control"] == "private, no-store"
            assert api_for(reader).get(api_url(contract, fmt)).status_code == 200
    assert (
        client_for(personas.buyer_admin)
        .get(f"/contracts/{contract.pk + 100}/indicators/export.csv")
        .status_code
        == 404
    )
    assert client_for(personas.buyer_admin).get(page_url(contract, "pdf")).status_code == 400
    assert api_for(personas.buyer_admin).get(api_url(contract, "pdf")).status_code == 400
    assert client_for(personas.stranger).get(page_url(contract, "pdf")).status_code == 404


def test_the_list_page_links_to_the_export(setup, personas, client_for):
    page = client_for(personas.provider_a_author).get(f"/contracts/{setup.pk}/indicators/")
    for fmt in ("csv", "xlsx"):
        assert f'href="{page_url(setup, fmt)}"' in page.content.decode()


def test_an_export_is_recorded(setup, personas, client_for):
    client_for(personas.provider_a_author).get(page_url(setup, "xlsx"))
    event = AuditEvent.objects.get(action="indicator.exported")
    assert not event.confidential
    assert event.actor == personas.provider_a_author
    assert event.object_id == str(setup.pk)
    assert event.data == {"format": "xlsx", "indicators": 2, "rows": 3}


@pytest.mark.parametrize("count", [1, 3])
def test_query_count(personas, client_for, django_assert_num_queries, count):
    contract = a_contract(personas)
    for number in range(count):
        indicator = an_indicator(personas, contract, name=f"Indikator {number}")
        values(personas, indicator, {str(2020 + year): str(80 + year) for year in range(count)})
    client = client_for(personas.provider_a_author)
    # session, user, memberships, contract, contract team, indicators, their values; then the
    # audit event (savepoint, chain head, insert, head update, release)
    with django_assert_num_queries(12):
        response = client.get(page_url(contract, "xlsx"))
    rows = sheet_rows(workbook(response)["Indicator values"])
    assert len(rows) == count * count
    assert all(isinstance(row["Value"], int) and isinstance(row["Target"], int) for row in rows)
    assert Decimal(rows[0]["Target"]) == 90
