"""Spreadsheet imports: every row is checked and reported by number, a Swedish decimal comma
works, whole files are refused when too large or too long; then (through the pages) confirm
saves every valid row at once, cancel saves nothing."""

from __future__ import annotations

import io
import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from rodtrad.audit.models import AuditEvent
from rodtrad.common import clock
from rodtrad.indicators import imports
from rodtrad.indicators.models import ImportPreview, Indicator, IndicatorValue
from tests.indicators.factories import a_contract, an_indicator, values

INDICATORS = [
    Indicator(pk=1, name="Helhetsintryck, särskilt boende", kolada_kpi="U23471"),
    Indicator(pk=2, name="Väntetid till särskilt boende", kolada_kpi="U23401"),
]
BAD_CSV = (
    "Indikator;Period;Värde\n"
    "Helhetsintryck, särskilt boende;2024;87,5\n"
    "U23401;2024-03;1 234,5\n"
    "Okänd indikator;2024;10\n"
    "Helhetsintryck, särskilt boende;2024-13;10\n"
    "Helhetsintryck, särskilt boende;2025;tio\n"
    ";;\n"
    "helhetsintryck, SÄRSKILT boende;2024;88\n"
    "Väntetid till särskilt boende;2023;-2\n"
)


def test_csv_rows_are_checked_one_by_one():
    parsed = imports.parse_spreadsheet("v.csv", BAD_CSV.encode(), INDICATORS)
    assert [(r["row"], r["indicator"], r["period"], r["value"]) for r in parsed.rows] == [
        ("Row 2", 1, "2024", "87.5000"),
        ("Row 3", 2, "2024-03", "1234.5000"),
        ("Row 9", 2, "2023", "-2.0000"),
    ]
    assert parsed.problems == [
        {"row": "Row 4", "message": "The contract has no indicator “Okänd indikator”."},
        {
            "row": "Row 5",
            "message": "“2024-13” is not a period: write a year (2025) or a month (2025-03).",
        },
        {"row": "Row 6", "message": "“tio” is not a number."},
        {
            "row": "Row 8",
            "message": "Helhetsintryck, särskilt boende, 2024 appears twice (first in Row 2); "
            "this row is left out.",
        },
    ]


def test_csv_with_commas_and_windows_encoding():
    text = "indicator,period,value\nVäntetid till särskilt boende,2024,41.5\n"
    parsed = imports.parse_spreadsheet("v.csv", text.encode("cp1252"), INDICATORS)
    assert [(r["indicator"], r["value"]) for r in parsed.rows] == [(2, "41.5000")]


def test_a_file_without_the_columns_is_refused():
    with pytest.raises(ValidationError) as error:
        imports.parse_spreadsheet("v.csv", b"a;b;c\n1;2;3\n", INDICATORS)
    assert "must name the columns indicator, period and value" in error.value.messages[0]


def xlsx(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_xlsx_rows_with_numbers_dates_and_errors():
    from datetime import datetime

    data = xlsx(
        [
            ["indicator", "period", "value"],
            ["Helhetsintryck, särskilt boende", 2024, 87.5],
            ["Helhetsintryck, särskilt boende", datetime(2025, 3, 1), "88,25"],
            ["Väntetid till särskilt boende", "2024", None],
            ["Väntetid till särskilt boende", "24", 3],
            ["Helhetsintryck, särskilt boende", 2024, 90],
        ]
    )
    parsed = imports.parse_spreadsheet("v.xlsx", data, INDICATORS)
    assert [(r["period"], r["value"]) for r in parsed.rows] == [
        ("2024", "87.5000"),
        ("2025-03", "88.2500"),
    ]
    assert [p["row"] for p in parsed.problems] == ["Row 4", "Row 5", "Row 6"]
    assert parsed.problems[0]["message"] == "“” is not a number."


def test_xlsx_with_too_many_rows_is_refused(settings):
    settings.INDICATOR_IMPORT_MAX_ROWS = 5
    data = xlsx([["indicator", "period", "value"]] + [["U23471", 2000 + i, i] for i in range(6)])
    with pytest.raises(ValidationError) as error:
        imports.parse_spreadsheet("v.xlsx", data, INDICATORS)
    assert error.value.messages == ["The file has more than 5 rows. Split it into smaller files."]
    csv = "indicator;period;value\n" + "".join(f"U23471;{2000 + i};1\n" for i in range(6))
    with pytest.raises(ValidationError):
        imports.parse_spreadsheet("v.csv", csv.encode(), INDICATORS)


def test_a_broken_xlsx_is_refused():
    with pytest.raises(ValidationError) as error:
        imports.parse_spreadsheet("v.xlsx", b"PK\x03\x04 broken", INDICATORS)
    assert error.value.messages == ["The file could not be read as an XLSX workbook."]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("87,5", Decimal("87.5")),
        ("1 234,5", Decimal("1234.5")),
        ("-3", Decimal(-3)),
        (12, Decimal(12)),
        (0.5, Decimal("0.5")),
        ("1.234,5", None),
        ("NaN", None),
        ("", None),
        (True, None),
        ("1e20", None),
    ],
)
def test_numbers(raw, expected):
    assert imports.parse_decimal(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("2024", "2024"), ("2024-01", "2024-01"), (2024, "2024"), (2024.0, "2024")]
    + [(bad, None) for bad in ("2024-1", "2024-00", "1800", "24", "", None, "2024-01-01")],
)
def test_periods(raw, expected):
    assert imports.normalise_period(raw) == expected


# --- through the pages: preview, confirm, cancel ---------------------------------------------

pytestmark_db = pytest.mark.django_db


@pytestmark_db
@pytest.mark.usefixtures("english_users")
def test_upload_preview_cancel_confirm(personas, client_for, settings):
    contract = a_contract(personas)
    first = an_indicator(personas, contract, name="Helhetsintryck, särskilt boende")
    second = an_indicator(
        personas,
        contract,
        name="Väntetid till särskilt boende",
        kolada_kpi="U23401",
        direction="lower",
        target="30",
    )
    values(personas, second, {"2024-03": "50"})
    client = client_for(personas.buyer_admin)
    base = f"/contracts/{contract.pk}/indicators/"

    def upload(name, content):
        return client.post(base + "import/", {"file": SimpleUploadedFile(name, content)})

    # Cancel saves nothing.
    response = upload("v.csv", BAD_CSV.encode())
    preview = ImportPreview.objects.get()
    assert response["Location"] == f"{base}import/{preview.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "Rows that will not be saved" in page
    assert "Row 4: The contract has no indicator “Okänd indikator”." in page
    assert "Confirming saves 3 values" in page
    assert client.post(f"{base}import/{preview.pk}/cancel/").status_code == 302
    assert not ImportPreview.objects.exists()
    assert IndicatorValue.objects.count() == 1
    assert client.get(f"{base}import/{preview.pk}/").status_code == 404

    # Confirm saves every valid row, replacing the earlier value of a period.
    upload("v.csv", BAD_CSV.encode())
    preview = ImportPreview.objects.get()
    response = client.post(f"{base}import/{preview.pk}/confirm/")
    assert response.status_code == 302
    saved = {(v.indicator_id, v.period): v for v in IndicatorValue.objects.all()}
    assert {k: v.value for k, v in saved.items()} == {
        (first.pk, "2024"): Decimal("87.5"),
        (second.pk, "2024-03"): Decimal("1234.5"),
        (second.pk, "2023"): Decimal("-2"),
    }
    assert {v.source for v in saved.values()} == {"spreadsheet"}
    assert not ImportPreview.objects.exists()
    event = AuditEvent.objects.filter(action="indicator.import_confirmed").get()
    assert event.data["rows"] == 3 and event.data["replaced"] == 1
    assert client.post(f"{base}import/{preview.pk}/confirm/").status_code == 404

    # A Kolada file goes the same way.
    kolada_file = {
        "values": [
            {
                "kpi": "U23471",
                "municipality": "1280",
                "period": 2025,
                "values": [{"gender": "T", "value": 91.5}],
            },
            {
                "kpi": "U23471",
                "municipality": "1280",
                "period": 2026,
                "values": [{"gender": "T", "value": None}],
            },
        ],
        "next_page": None,
    }
    upload("kolada.json", json.dumps(kolada_file).encode())
    preview = ImportPreview.objects.get()
    assert preview.source == "kolada" and len(preview.rows) == 1
    page = client.get(f"{base}import/{preview.pk}/").content.decode()
    assert "Empty in Kolada" in page and "U23471 1280 2026" in page
    client.post(f"{base}import/{preview.pk}/confirm/")
    value = IndicatorValue.objects.get(period="2025")
    assert value.source == "kolada" and value.reference == "Kolada U23471 1280 2025"

    # Whole files refused, with the reason.
    settings.INDICATOR_IMPORT_MAX_BYTES = 100
    response = upload("big.csv", b"x" * 101)
    assert response.status_code == 400
    assert "The file is too large: at most 100\xa0bytes." in response.content.decode()
    settings.INDICATOR_IMPORT_MAX_BYTES = 2 * 1024 * 1024
    response = upload("k.json", b"{broken")
    assert "The file is not JSON from Kolada." in response.content.decode()
    response = client.post(base + "import/", {})
    assert "Choose a file to import." in response.content.decode()
    assert not ImportPreview.objects.exists()

    # A preview expires: then it can be neither read nor confirmed.
    upload("v.csv", BAD_CSV.encode())
    preview = ImportPreview.objects.get()
    clock.advance(timedelta(hours=3))
    assert client.get(f"{base}import/{preview.pk}/").status_code == 404
    assert client.post(f"{base}import/{preview.pk}/confirm/").status_code == 404


@pytestmark_db
def test_a_failing_confirm_saves_nothing(personas, actor_for, monkeypatch):
    from rodtrad.indicators import services

    contract = a_contract(personas)
    indicator = an_indicator(personas, contract)
    actor = actor_for(personas.buyer_admin)
    csv = "indicator;period;value\n" + "".join(
        f"{indicator.name};{year};{year - 2000}\n" for year in range(2010, 2020)
    )
    preview = services.preview_upload(
        actor=actor, contract=contract, upload=SimpleUploadedFile("v.csv", csv.encode())
    )
    calls = []
    original = services._save_value

    def failing(*args, **kwargs):
        calls.append(args)
        if len(calls) == 7:
            raise RuntimeError("disk full")
        return original(*args, **kwargs)

    monkeypatch.setattr(services, "_save_value", failing)
    with pytest.raises(RuntimeError):
        services.confirm_import(actor=actor, contract=contract, preview=preview)
    assert not IndicatorValue.objects.exists()
    assert ImportPreview.objects.filter(pk=preview.pk).exists()
    assert not AuditEvent.objects.filter(action="indicator.import_confirmed").exists()
