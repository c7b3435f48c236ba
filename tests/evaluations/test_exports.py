"""Score exports of the evaluation (CSV and XLSX, pages and API): who may export, the engine's
independence rule (before consensus only one's own work), the price envelope (no price column
and no price anywhere in the file before the reveal), Swedish and English formatting, formula
injection, the audit trace, and a query count independent of tenders and evaluators."""

from __future__ import annotations

import csv
import io
import zipfile
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from rodtrad.accounts.roles import Role
from rodtrad.assessments import services as engine
from rodtrad.assessments.models import ConsensusScore, IndividualScore
from rodtrad.audit.models import AuditEvent
from rodtrad.evaluations import services
from rodtrad.procurements.models import TeamMember, TeamRole
from tests.assessments.factories import score_all
from tests.evaluations.factories import (
    PRICES,
    actor,
    declared,
    finalise_all,
    in_evaluation,
    links,
    started,
    to_consensus,
)
from tests.evaluations.test_prices import PRICE_FORMS
from tests.factories import add_member, make_user
from tests.tenders.factories import published

pytestmark = pytest.mark.django_db

VARIANTS = [
    ("individual", "csv"),
    ("individual", "xlsx"),
    ("consensus", "csv"),
    ("consensus", "xlsx"),
]


def page_url(procurement, kind: str = "individual", fmt: str = "csv") -> str:
    return f"/procurements/{procurement.pk}/evaluation/export/{kind}.{fmt}"


def api_url(procurement, kind: str = "individual", fmt: str = "csv") -> str:
    return f"/api/v1/procurements/{procurement.pk}/evaluation/export/{kind}.{fmt}"


def speak(user, language: str) -> None:
    user.language = language
    user.save(update_fields=["language"])


def read_csv(response) -> tuple[list[str], list[str], list[list[str]]]:
    """(comment lines, headings, rows) of a CSV answer, with the delimiter the language uses."""
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    text = text.removeprefix("\ufeff")
    delimiter = ";" if response.content.decode().count(";") > text.count(",") else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    comments = [row[0] for row in rows if row and row[0].startswith("#")]
    table = [row for row in rows if row and not row[0].startswith("#")]
    return comments, table[0], table[1:]


def as_dicts(headings: list[str], rows: list[list[str]]) -> list[dict[str, str]]:
    return [dict(zip(headings, row, strict=True)) for row in rows]


def workbook(response):
    return load_workbook(io.BytesIO(response.content))


def sheet_rows(sheet) -> list[dict]:
    values = list(sheet.iter_rows(values_only=True))
    return [dict(zip(values[0], row, strict=True)) for row in values[1:]]


def file_text(response) -> str:
    """Everything a file holds as text: a CSV as it is; an XLSX's every part unzipped."""
    if response["Content-Type"].startswith("text/csv"):
        return response.content.decode("utf-8")
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        return "\n".join(archive.read(name).decode("utf-8") for name in archive.namelist())


# --- who may export --------------------------------------------------------------------------


def officer_off_the_team(personas):
    """A procurement officer of the buyer who is not on this procurement's team."""
    return add_member(make_user(full_name="Ulla Utanför"), personas.buyer, Role.PROCUREMENT_OFFICER)


@pytest.mark.parametrize(("kind", "fmt"), VARIANTS)
def test_who_may_export_on_the_pages(personas, client_for, kind, fmt):
    procurement, _tenders = started(personas, 1)
    outsider_officer = officer_off_the_team(personas)
    overview = f"/procurements/{procurement.pk}/evaluation/"
    url = page_url(procurement, kind, fmt)

    anonymous = client_for(None).get(url)
    assert anonymous.status_code == 302 and "/login" in anonymous["Location"]
    for outsider in (
        personas.stranger,
        personas.other_buyer_officer,
        personas.provider_a_author,
        personas.provider_b_author,
        personas.buyer_viewer,  # the overview is 404 for a viewer (not on the buyer side)
    ):
        assert client_for(outsider).get(overview).status_code == 404
        assert client_for(outsider).get(url).status_code == 404, outsider
    # On the buyer side but not taking part: 403, as the overview.
    assert client_for(outsider_officer).get(overview).status_code == 403
    assert client_for(outsider_officer).get(url).status_code == 403
    for reader in (
        personas.panel_chair,
        personas.evaluator,
        personas.procurement_officer,
        personas.buyer_admin,
    ):
        response = client_for(reader).get(url)
        assert response.status_code == 200, reader
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize(("kind", "fmt"), VARIANTS)
def test_who_may_export_through_the_api(personas, api_for, client_for, kind, fmt):
    procurement, _tenders = started(personas, 1)
    outsider_officer = officer_off_the_team(personas)
    url = api_url(procurement, kind, fmt)

    assert client_for(None).get(url).status_code == 401
    for outsider in (
        personas.stranger,
        personas.other_buyer_officer,
        personas.provider_a_author,
        personas.provider_b_author,
        personas.buyer_viewer,
    ):
        response = api_for(outsider).get(url)
        assert response.status_code == 404, outsider
        assert response.json()["error"]["code"] == "not_found"
    assert api_for(outsider_officer).get(url).status_code == 403
    for reader in (personas.panel_chair, personas.evaluator, personas.procurement_officer):
        assert api_for(reader).get(url).status_code == 200, reader


def test_no_export_before_the_evaluation_stage(personas, client_for, api_for):
    procurement = published(personas)
    assert client_for(personas.panel_chair).get(page_url(procurement)).status_code == 404
    assert api_for(personas.procurement_officer).get(api_url(procurement)).status_code == 404


def test_an_unknown_kind_or_format_is_a_clear_400_after_the_permission_check(
    personas, client_for, api_for
):
    procurement, _tenders = started(personas, 1)
    speak(personas.panel_chair, "en")
    chair = client_for(personas.panel_chair)

    for kind, fmt, words in (("all", "csv", "Unknown export"), ("consensus", "pdf", "format")):
        response = chair.get(page_url(procurement, kind, fmt))
        assert response.status_code == 400
        assert words in response.content.decode()
        body = api_for(personas.panel_chair).get(
            api_url(procurement, kind, fmt), HTTP_ACCEPT_LANGUAGE="en"
        )
        assert body.status_code == 400
        assert words in body.json()["error"]["message"]
        # Those who may not know the evaluation learn nothing from a bad request either.
        assert (
            client_for(personas.stranger).get(page_url(procurement, kind, fmt)).status_code == 404
        )
        assert api_for(personas.stranger).get(api_url(procurement, kind, fmt)).status_code == 404


def test_the_overview_links_to_the_exports(personas, client_for):
    procurement, _tenders = started(personas, 1)
    page = client_for(personas.evaluator).get(f"/procurements/{procurement.pk}/evaluation/")
    text = page.content.decode()
    for kind, fmt in VARIANTS:
        assert f'href="{page_url(procurement, kind, fmt)}"' in text


# --- independence ----------------------------------------------------------------------------


def score_everything(personas, procurement) -> None:
    steps = {personas.panel_chair: 50, personas.evaluator: 60, personas.evaluator_2: 70}
    for link in links(procurement):
        for user, step in steps.items():
            score_all(link.assessment, user, step)


def test_before_consensus_an_evaluator_exports_only_their_own_work(personas, client_for):
    procurement, _tenders = declared(personas, 2)
    score_everything(personas, procurement)
    speak(personas.evaluator, "en")
    criteria = procurement.criteria.count()

    comments, headings, rows = read_csv(
        client_for(personas.evaluator).get(page_url(procurement, "individual", "csv"))
    )

    found = as_dicts(headings, rows)
    assert len(found) == 2 * criteria
    assert {row["Evaluator"] for row in found} == {personas.evaluator.full_name}
    assert {row["Step (%)"] for row in found} == {"60"}
    assert not any("enligt Erik" in row["Strengths"] for row in found)
    assert any("Not yet in consensus" in line for line in comments)
    _comments, _headings, consensus = read_csv(
        client_for(personas.evaluator).get(page_url(procurement, "consensus", "csv"))
    )
    assert consensus == []


def test_before_consensus_the_chair_gets_own_rows_and_an_officer_none(personas, client_for):
    procurement, _tenders = declared(personas, 2)
    score_everything(personas, procurement)
    for user in (personas.panel_chair, personas.procurement_officer):
        speak(user, "en")

    book = workbook(
        client_for(personas.panel_chair).get(page_url(procurement, "individual", "xlsx"))
    )
    chair_rows = sheet_rows(book["Individual scores"])
    assert {row["Evaluator"] for row in chair_rows} == {personas.panel_chair.full_name}
    assert sheet_rows(book["Consensus"]) == []

    book = workbook(
        client_for(personas.procurement_officer).get(page_url(procurement, "individual", "xlsx"))
    )
    assert sheet_rows(book["Individual scores"]) == []
    about = dict(book["About this export"].iter_rows(values_only=True))
    assert "Not yet in consensus" in about["Left out"]


def test_from_consensus_on_everyone_on_the_panel_sees_all_submitted_work(personas, client_for):
    procurement, _tenders = declared(personas, 2)
    to_consensus(
        personas,
        procurement,
        {personas.panel_chair: 50, personas.evaluator: 60, personas.evaluator_2: 90},
    )
    speak(personas.evaluator, "en")
    criteria = procurement.criteria.count()

    book = workbook(client_for(personas.evaluator).get(page_url(procurement, "consensus", "xlsx")))

    assert book.active.title == "Consensus"
    assert book.sheetnames == ["Individual scores", "Consensus", "About this export"]
    individual = sheet_rows(book["Individual scores"])
    assert len(individual) == 2 * criteria * 3
    assert {row["Evaluator"] for row in individual} == {
        personas.panel_chair.full_name,
        personas.evaluator.full_name,
        personas.evaluator_2.full_name,
    }
    first = individual[0]
    assert isinstance(first["Step (%)"], int) and isinstance(first["Points"], (int, float))
    assert Decimal(str(first["Points"])) == (
        Decimal(first["Step (%)"]) * Decimal(str(first["Maximum points"])) / 100
    ).quantize(Decimal("0.01"))
    consensus = sheet_rows(book["Consensus"])
    assert len(consensus) == 2 * criteria
    assert all(row["Divergent"] == "Yes" for row in consensus)  # 50 / 60 / 90: 40 points apart
    assert {row["Status"] for row in consensus} == {"Consensus draft"}
    assert all(row["Consensus step (%)"] is None for row in consensus)  # nothing agreed yet
    about = dict(book["About this export"].iter_rows(values_only=True))
    assert about["Exported by"].startswith(personas.evaluator.full_name)

    finalise_all(personas, procurement)
    book = workbook(client_for(personas.evaluator).get(page_url(procurement, "consensus", "xlsx")))
    consensus = sheet_rows(book["Consensus"])
    assert {row["Status"] for row in consensus} == {"Final"}
    assert {row["Consensus step (%)"] for row in consensus} == {60}
    sheet = book["Consensus"]
    step_column = [c.value for c in sheet[1]].index("Consensus step (%)") + 1
    points_column = [c.value for c in sheet[1]].index("Points") + 1
    assert sheet.cell(row=2, column=step_column).data_type == "n"
    assert sheet.cell(row=2, column=points_column).number_format == "0.00"


# --- the price envelope ----------------------------------------------------------------------


@pytest.mark.parametrize("reader", ["panel_chair", "evaluator"])
@pytest.mark.parametrize(("kind", "fmt"), VARIANTS)
def test_no_price_for_the_panel_before_the_reveal_and_prices_after(
    personas, client_for, api_for, reader, kind, fmt
):
    procurement, _tenders = declared(personas, 3)
    assert procurement.hide_prices
    to_consensus(personas, procurement)
    finalise_all(personas, procurement)
    user = getattr(personas, reader)
    speak(user, "en")
    client = client_for(user)

    for response in (
        client.get(page_url(procurement, kind, fmt)),
        api_for(user).get(api_url(procurement, kind, fmt), HTTP_ACCEPT_LANGUAGE="en"),
    ):
        assert response.status_code == 200
        text = file_text(response)
        assert [form for form in PRICE_FORMS if form in text] == []
        assert "Price (SEK)" not in text
        assert "Tender prices are left out" in text

    services.reveal_prices(actor=actor(personas.panel_chair), procurement=procurement)

    response = client.get(page_url(procurement, kind, fmt))
    if fmt == "csv":
        comments, headings, rows = read_csv(response)
        prices = {row["Price (SEK)"] for row in as_dicts(headings, rows)}
        assert prices == set(PRICES)
        assert not any("Tender prices are left out" in line for line in comments)
    else:
        book = workbook(response)
        for title in ("Individual scores", "Consensus"):
            rows = sheet_rows(book[title])
            assert {Decimal(str(row["Price (SEK)"])) for row in rows} == {
                Decimal(p) for p in PRICES
            }
        sheet = book["Consensus"]
        price_column = [c.value for c in sheet[1]].index("Price (SEK)") + 1
        assert sheet.cell(row=2, column=price_column).number_format == "#,##0.00"
        assert dict(book["About this export"].iter_rows(values_only=True))["Prices"] == "Included"


def test_an_officer_off_the_panel_gets_prices_before_the_reveal(personas, client_for):
    procurement, _tenders = declared(personas, 2)
    to_consensus(personas, procurement)
    speak(personas.procurement_officer, "en")
    _comments, headings, rows = read_csv(
        client_for(personas.procurement_officer).get(page_url(procurement, "consensus", "csv"))
    )
    assert {row["Price (SEK)"] for row in as_dicts(headings, rows)} == set(PRICES[:2])


# --- formatting ------------------------------------------------------------------------------


def test_swedish_csv_opens_in_swedish_excel(personas, client_for):
    procurement, _tenders = declared(personas, 1)
    to_consensus(personas, procurement)
    speak(personas.procurement_officer, "sv")

    response = client_for(personas.procurement_officer).get(
        page_url(procurement, "individual", "csv")
    )

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    text = response.content.decode("utf-8-sig")
    heading = next(line for line in text.split("\r\n") if not line.startswith("#"))
    assert heading.startswith("Delområde;Anbudsgivare;")
    assert "Kriterium" in heading and "Utvärderare" in heading and "Styrkor" in heading
    rows = [line for line in text.split("\r\n")[1:] if line and not line.startswith("#")][1:]
    first = next(csv.reader([rows[0]], delimiter=";"))
    assert first[6] == "50" and "," in first[7] and "." not in first[7]  # 50 % → "35,00"
    assert "2137,45" in text and "2137.45" not in text
    assert "Upphandling" in text  # the header comment


def test_english_csv_uses_commas_and_decimal_points(personas, client_for):
    procurement, _tenders = declared(personas, 1)
    to_consensus(personas, procurement)
    speak(personas.procurement_officer, "en")

    response = client_for(personas.procurement_officer).get(
        page_url(procurement, "individual", "csv")
    )

    text = response.content.decode("utf-8-sig")
    heading = next(line for line in text.split("\r\n") if not line.startswith("#"))
    assert heading.startswith("Lot,Tenderer,Criterion code,Criterion,")
    assert "2137.45" in text and "2137,45" not in text
    _comments, headings, rows = read_csv(response)
    assert as_dicts(headings, rows)[0]["Points"].count(".") == 1


# --- formula injection -----------------------------------------------------------------------


DANGEROUS = ['=HYPERLINK("http://evil.example")', "+1+2", "-3+4", "@SUM(A1:A2)"]


def test_cells_that_look_like_formulas_stay_text(personas, client_for):
    procurement, _tenders = declared(personas, 1)
    to_consensus(personas, procurement)
    link = links(procurement)[0]
    IndividualScore.objects.filter(item__assessment=link.assessment).update(strengths=DANGEROUS[:1])
    ConsensusScore.objects.filter(item__assessment=link.assessment).update(rationale=DANGEROUS[1])
    type(personas.provider_a).objects.filter(pk=personas.provider_a.pk).update(name=DANGEROUS[2])
    personas.evaluator.full_name = DANGEROUS[3]
    personas.evaluator.save(update_fields=["full_name"])
    speak(personas.procurement_officer, "en")
    client = client_for(personas.procurement_officer)

    _comments, headings, rows = read_csv(client.get(page_url(procurement, "individual", "csv")))
    individual = as_dicts(headings, rows)
    assert {row["Strengths"] for row in individual} == {"'" + DANGEROUS[0]}
    assert {row["Tenderer"] for row in individual} == {"'" + DANGEROUS[2]}
    assert "'" + DANGEROUS[3] in {row["Evaluator"] for row in individual}
    _comments, headings, rows = read_csv(client.get(page_url(procurement, "consensus", "csv")))
    assert {row["Rationale"] for row in as_dicts(headings, rows)} == {"'" + DANGEROUS[1]}

    response = client.get(page_url(procurement, "individual", "xlsx"))
    book = workbook(response)
    texts = [
        cell
        for title in ("Individual scores", "Consensus")
        for row in book[title].iter_rows(min_row=2)
        for cell in row
        if isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@"))
    ]
    assert {cell.value for cell in texts} == set(DANGEROUS)
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in texts)
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert sheets and not any(b"<f>" in archive.read(name) for name in sheets)


# --- the audit trace -------------------------------------------------------------------------


def test_an_export_is_recorded_confidentially_without_scores_or_prices(personas, client_for):
    procurement, _tenders = declared(personas, 1)
    to_consensus(personas, procurement)
    client_for(personas.procurement_officer).get(page_url(procurement, "consensus", "xlsx"))

    event = AuditEvent.objects.get(action="evaluation.exported")
    assert event.confidential
    assert event.actor == personas.procurement_officer
    assert event.object_id == str(procurement.pk)
    assert event.data["kind"] == "consensus" and event.data["format"] == "xlsx"
    assert event.data["prices_included"] is True
    assert not any(form in str(event.data) for form in PRICE_FORMS)


# --- queries ---------------------------------------------------------------------------------


def with_evaluators(personas, procurement, count: int) -> list:
    """Make the team's evaluators `count` people (1: evaluator; 3: both and one more)."""
    if count == 1:
        TeamMember.objects.filter(procurement=procurement, user=personas.evaluator_2).delete()
        return [personas.panel_chair, personas.evaluator]
    third = add_member(make_user(full_name="Tova Tredje"), personas.buyer, Role.EVALUATOR)
    TeamMember.objects.create(procurement=procurement, user=third, role=TeamRole.EVALUATOR)
    return [personas.panel_chair, personas.evaluator, personas.evaluator_2, third]


@pytest.mark.parametrize("tenders", [1, 3])
@pytest.mark.parametrize("evaluators", [1, 3])
@pytest.mark.parametrize("reader", ["panel_chair", "procurement_officer"])
def test_query_count_is_independent_of_tenders_and_evaluators(
    personas, client_for, django_assert_num_queries, tenders, evaluators, reader
):
    procurement, _tenders = in_evaluation(personas, tenders)
    panel = with_evaluators(personas, procurement, evaluators)
    services.start_evaluation(actor=actor(personas.panel_chair), procurement=procurement)
    for user in panel:
        services.sign_declaration(actor=actor(user), procurement=procurement)
    for link in links(procurement):
        for number, user in enumerate(panel):
            score_all(link.assessment, user, 10 * (number + 3))
        engine.start_consensus(actor=actor(personas.panel_chair), assessment=link.assessment)
    client = client_for(getattr(personas, reader))
    # session, user, procurement, team, memberships, tender evaluations, panels, scope,
    # individual scores, consensus scores; for the chair (on the panel, prices hidden) the price
    # reveal, for the officer (off the panel: sees prices) the submissions and the data key;
    # then the audit event (savepoint, chain head, insert, head update, release)
    expected = {"panel_chair": 16, "procurement_officer": 17}[reader]
    with django_assert_num_queries(expected):
        response = client.get(page_url(procurement, "individual", "xlsx"))
    assert response.status_code == 200
    rows = sheet_rows(workbook(response).worksheets[0])
    assert len(rows) == tenders * procurement.criteria.count() * len(panel)
