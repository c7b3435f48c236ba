"""The award calculation export (CSV and XLSX, page and API): the figures cell by cell as the
award calculation makes them, who may export (the award page's readers who may see the prices;
never the panel before the reveal), Swedish and English formatting, the audit trace and a query
count independent of the number of tenders."""

from __future__ import annotations

from decimal import Decimal

import pytest

from rodtrad.audit.models import AuditEvent
from rodtrad.award.calculation import award_calculation
from tests.award.factories import final, ready
from tests.evaluations.factories import PRICES
from tests.evaluations.test_exports import as_dicts, read_csv, sheet_rows, speak, workbook
from tests.evaluations.test_prices import PRICE_FORMS
from tests.procurements.factories import english_users  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_users")]

VARIANTS = [("ranking", "csv"), ("ranking", "xlsx"), ("breakdown", "csv"), ("breakdown", "xlsx")]


def page_url(procurement, kind: str = "ranking", fmt: str = "csv") -> str:
    return f"/procurements/{procurement.pk}/award/export/{kind}.{fmt}"


def api_url(procurement, kind: str = "ranking", fmt: str = "csv") -> str:
    return f"/api/v1/procurements/{procurement.pk}/award/export/{kind}.{fmt}"


def number(value) -> Decimal:
    return Decimal(str(value))


# --- contents --------------------------------------------------------------------------------


def test_the_ranking_cell_by_cell(personas, client_for):
    procurement, tenders = ready(personas, 3)
    calc = award_calculation(procurement)
    lot = calc.lots[0]
    awards = calc.awards

    book = workbook(
        client_for(personas.procurement_officer).get(page_url(procurement, "ranking", "xlsx"))
    )

    assert book.sheetnames == ["Award calculation", "Breakdown per criterion", "About this export"]
    assert book.active.title == "Award calculation"
    sheet = book["Award calculation"]
    headings = [c.value for c in sheet[1]]
    assert headings[:4] == ["Lot", "Rank", "Tenderer", "Price (SEK)"]
    criterion_headings = [f"Points: {a.criterion.code} {a.criterion.name}" for a in awards]
    assert headings[4 : 4 + len(awards)] == criterion_headings
    assert headings[4 + len(awards) :] == [
        "Quality points",
        "Maximum quality points",
        "Price deduction (SEK)",
        "Comparison figure",
        "Tie-break",
        "Price at which it would have won (SEK)",
        "Difference from its price (SEK)",
        "Quality it would have needed (percentage points on every criterion)",
        "Quality points it would have needed",
    ]
    rows = sheet_rows(sheet)
    assert [row["Tenderer"] for row in rows] == [r.entry.organisation.name for r in lot.ranked]
    assert rows[0]["Tenderer"] == tenders[0].organisation.name  # 80 % wins
    for row, ranked in zip(rows, lot.ranked, strict=True):
        assert row["Lot"] == 1 and row["Rank"] == ranked.row.rank
        assert number(row["Price (SEK)"]) == ranked.row.price
        for award, heading in zip(awards, criterion_headings, strict=True):
            line = next(x for x in ranked.row.breakdown if x.key == str(award.pk))
            assert number(row[heading]) == line.points
        assert number(row["Quality points"]) == ranked.row.quality_points
        assert number(row["Maximum quality points"]) == ranked.row.quality_max
        assert number(row["Price deduction (SEK)"]) == sum(
            x.deduction_or_surcharge for x in ranked.row.breakdown
        )
        assert number(row["Comparison figure"]) == ranked.row.comparison_display
        if ranked.row.rank == 1:
            assert row["Price at which it would have won (SEK)"] is None
        else:
            even = ranked.break_even.break_even
            assert number(row["Price at which it would have won (SEK)"]) == even
            assert number(row["Difference from its price (SEK)"]) == ranked.break_even.difference
            needed = row["Quality it would have needed (percentage points on every criterion)"]
            if ranked.quality_needed.impossible:
                assert needed == "not even full marks on every criterion"
            else:
                assert number(needed) == ranked.quality_needed_percent
    assert number(rows[0]["Comparison figure"]) == Decimal("1417.45")
    assert {number(row["Price (SEK)"]) for row in rows} == {Decimal(p) for p in PRICES}
    price_column = headings.index("Price (SEK)") + 1
    assert sheet.cell(row=2, column=price_column).number_format == "#,##0.00"
    assert sheet.cell(row=2, column=headings.index("Quality points") + 1).number_format == "0.00"
    about = dict(book["About this export"].iter_rows(values_only=True))
    assert about["Procurement"] == procurement.title
    assert about["Exported by"].startswith(personas.procurement_officer.full_name)


def test_the_breakdown_cell_by_cell(personas, client_for):
    procurement, _tenders = ready(personas, 2)
    lot = award_calculation(procurement).lots[0]

    _comments, headings, rows = read_csv(
        client_for(personas.panel_chair).get(page_url(procurement, "breakdown", "csv"))
    )

    assert headings == [
        "Lot",
        "Rank",
        "Tenderer",
        "Criterion code",
        "Criterion",
        "Maximum points",
        "Consensus step (%)",
        "Points",
        "Price deduction (SEK)",
    ]
    expected = [
        [
            "1",
            str(r.row.rank),
            r.entry.organisation.name,
            award.criterion.code,
            award.criterion.name,
            format(next(c.max_points for c in lot.model.criteria if c.key == line.key), "f"),
            str(int(line.step * 100)),
            format(line.points, "f"),
            format(line.deduction_or_surcharge, "f"),
        ]
        for r in lot.ranked
        for award, line in r.lines
    ]
    assert rows == expected
    assert {row["Consensus step (%)"] for row in as_dicts(headings, rows)} == {"80", "50"}


def test_swedish_and_english_formatting(personas, client_for):
    procurement, _tenders = ready(personas, 2)
    officer = personas.procurement_officer
    speak(officer, "sv")
    response = client_for(officer).get(page_url(procurement, "ranking", "csv"))
    text = response.content.decode("utf-8-sig")
    assert response.content.startswith(b"\xef\xbb\xbf")
    heading = next(line for line in text.split("\r\n") if not line.startswith("#"))
    assert heading.startswith("Delområde;")
    assert "Anbudsgivare" in heading
    assert "2137,45" in text and "2137.45" not in text and "1417,45" in text

    speak(officer, "en")
    response = client_for(officer).get(page_url(procurement, "ranking", "csv"))
    _comments, headings, _rows = read_csv(response)
    assert headings[:4] == ["Lot", "Rank", "Tenderer", "Price (SEK)"]
    text = response.content.decode("utf-8-sig")
    assert "2137.45" in text and "1417.45" in text and "2137,45" not in text


def test_formula_like_names_stay_text(personas, client_for):
    procurement, tenders = ready(personas, 2)
    organisation = tenders[0].organisation
    type(organisation).objects.filter(pk=organisation.pk).update(name="=1+1")
    _comments, headings, rows = read_csv(
        client_for(personas.procurement_officer).get(page_url(procurement))
    )
    assert "'=1+1" in {row["Tenderer"] for row in as_dicts(headings, rows)}
    book = workbook(client_for(personas.procurement_officer).get(page_url(procurement, fmt="xlsx")))
    cell = book["Award calculation"]["C2"]
    assert cell.value == "=1+1" and cell.data_type == "s" and cell.quotePrefix


# --- who may export --------------------------------------------------------------------------


def test_who_may_export_on_the_pages_and_in_the_api(personas, client_for, api_for):
    procurement, _tenders = ready(personas, 2)
    for kind, fmt in VARIANTS:
        anonymous = client_for(None).get(page_url(procurement, kind, fmt))
        assert anonymous.status_code == 302 and "/login" in anonymous["Location"]
        assert client_for(None).get(api_url(procurement, kind, fmt)).status_code == 401
    for outsider in (
        personas.stranger,
        personas.other_buyer_officer,
        personas.provider_a_author,
        personas.buyer_viewer,
    ):
        assert client_for(outsider).get(page_url(procurement)).status_code == 404, outsider
        response = api_for(outsider).get(api_url(procurement))
        assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
    # on the buyer side but not a reader of the award page: 403, as the page
    assert client_for(personas.evaluator).get(page_url(procurement)).status_code == 403
    assert api_for(personas.evaluator).get(api_url(procurement)).status_code == 403
    for reader in (personas.panel_chair, personas.procurement_officer, personas.buyer_admin):
        for kind, fmt in VARIANTS:
            response = client_for(reader).get(page_url(procurement, kind, fmt))
            assert response.status_code == 200, (reader, kind, fmt)
            assert response["Content-Disposition"].startswith("attachment;")
            assert response["Cache-Control"] == "private, no-store"
        assert api_for(reader).get(api_url(procurement, "breakdown", "xlsx")).status_code == 200


def test_the_award_page_links_to_the_exports(personas, client_for):
    procurement, _tenders = ready(personas, 2)
    page = client_for(personas.panel_chair).get(f"/procurements/{procurement.pk}/award/")
    for kind, fmt in VARIANTS:
        assert f'href="{page_url(procurement, kind, fmt)}"' in page.content.decode()


def test_refused_to_the_panel_before_the_price_reveal(personas, client_for, api_for):
    procurement, _tenders = final(personas, 2)
    assert procurement.hide_prices
    award_page = client_for(personas.panel_chair).get(f"/procurements/{procurement.pk}/award/")
    assert "/award/export/" not in award_page.content.decode()
    for kind, fmt in VARIANTS:
        response = client_for(personas.panel_chair).get(page_url(procurement, kind, fmt))
        assert response.status_code == 403
        assert not any(form in response.content.decode() for form in PRICE_FORMS)
        assert api_for(personas.panel_chair).get(api_url(procurement, kind, fmt)).status_code == 403
    # An officer off the panel may see prices, but the award is not calculated before the
    # reveal: a clear 400, and no price either.
    response = client_for(personas.procurement_officer).get(page_url(procurement))
    assert response.status_code == 400
    assert "prices are still hidden" in response.content.decode()
    body = api_for(personas.procurement_officer).get(api_url(procurement))
    assert body.status_code == 400
    assert "prices are still hidden" in body.json()["error"]["message"]
    assert not AuditEvent.objects.filter(action="award.exported").exists()


def test_an_unknown_kind_or_format_is_a_400(personas, client_for, api_for):
    procurement, _tenders = ready(personas, 2)
    assert client_for(personas.panel_chair).get(page_url(procurement, "all")).status_code == 400
    assert api_for(personas.panel_chair).get(api_url(procurement, fmt="pdf")).status_code == 400
    assert client_for(personas.stranger).get(page_url(procurement, "all")).status_code == 404


def test_an_export_is_recorded_confidentially_without_prices(personas, client_for):
    procurement, _tenders = ready(personas, 2)
    client_for(personas.procurement_officer).get(page_url(procurement, "breakdown", "xlsx"))
    event = AuditEvent.objects.get(action="award.exported")
    assert event.confidential
    assert event.actor == personas.procurement_officer
    assert event.object_id == str(procurement.pk)
    assert event.data == {"kind": "breakdown", "format": "xlsx", "lots": 1, "tenders": 2}
    assert not any(form in str(event.data) for form in PRICE_FORMS)


# --- queries ---------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 3])
def test_query_count(personas, client_for, django_assert_num_queries, count):
    procurement, _tenders = ready(personas, count)
    client = client_for(personas.procurement_officer)
    # session, user, memberships, procurement, team, tender evaluations, price reveal, award
    # criteria, their goals, consensus, lot criteria, submissions, data key, scale, disqualified
    # tenders; then the audit event (savepoint, chain head, insert, head update, release)
    with django_assert_num_queries(QUERIES):
        response = client.get(page_url(procurement, "ranking", "xlsx"))
    assert response.status_code == 200
    assert len(sheet_rows(workbook(response)["Award calculation"])) == count


QUERIES = 20
