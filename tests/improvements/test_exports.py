"""The improvement actions export (CSV and XLSX, page and API): the contents cell by cell, the
list's filters, Swedish and English formatting, formula injection, who may export (the
contract's readers; 404 for everyone else), the audit trace and a query count independent of the
number of actions."""

from __future__ import annotations

import datetime as dt
from datetime import timedelta

import pytest

from rodtrad.audit.models import AuditEvent
from rodtrad.common import clock
from rodtrad.improvements import services
from rodtrad.improvements.models import ActionStatus, ImprovementAction, Owner
from rodtrad.qualitymodels.models import Criterion
from tests.contracts.factories import today
from tests.evaluations.factories import actor
from tests.evaluations.test_exports import as_dicts, read_csv, sheet_rows, speak, workbook
from tests.improvements.factories import contract as make_contract
from tests.improvements.factories import follow_up_round, make_action, with_team
from tests.improvements.test_views import OUTSIDERS
from tests.procurements.factories import english_users  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_users")]

HEADINGS = [
    "Action",
    "Owning party",
    "Responsible",
    "Due",
    "Status",
    "Reason for dropping",
    "Criterion code",
    "Criterion",
    "Source",
    "Improvement area",
    "Overdue",
]


def page_url(contract, fmt: str = "csv") -> str:
    return f"/contracts/{contract.pk}/actions/export.{fmt}"


def api_url(contract, fmt: str = "csv") -> str:
    return f"/api/v1/contracts/{contract.pk}/actions.{fmt}"


@pytest.fixture
def setup(personas):
    """Three actions: the buyer's, due in 30 days; the provider's, made from the first round's
    improvement area, overdue; a joint one, dropped."""
    contract = with_team(make_contract(personas))
    round_ = follow_up_round(contract, 1)
    first = make_action(contract, personas.buyer_admin, owner=Owner.BUYER)
    item = round_.provider_assessment.scope.order_by("order", "id").first()
    from_report = services.create_action(
        actor=actor(personas.provider_a_author),
        contract=contract,
        fields=services.ActionFields(
            description="Ny rutin",
            owner=Owner.PROVIDER,
            responsible_id=personas.provider_a_author.pk,
            due_on=today() + timedelta(days=10),
            criterion_id=item.criterion_id,
        ),
        source=services.SourceRef(item.pk, 0),
    )
    ImprovementAction.objects.filter(pk=from_report.pk).update(due_on=today() - timedelta(days=3))
    dropped = make_action(contract, personas.buyer_admin, owner=Owner.JOINT, description="Sluta")
    services.change_status(
        actor=actor(personas.buyer_admin),
        contract=contract,
        action=dropped,
        status=ActionStatus.DROPPED,
        reason="Inte längre aktuell",
    )
    return contract, first, ImprovementAction.objects.get(pk=from_report.pk), item


def test_the_contents_cell_by_cell(setup, personas, client_for):
    contract, first, from_report, item = setup
    criterion = Criterion.objects.get(pk=item.criterion_id)

    book = workbook(client_for(personas.provider_a_author).get(page_url(contract, "xlsx")))

    assert book.sheetnames == ["Improvement actions", "About this export"]
    sheet = book["Improvement actions"]
    assert [c.value for c in sheet[1]] == HEADINGS
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    area = f"Förbättra rutinerna ({criterion.code})"
    assert rows == [
        (
            "Ny rutin",
            "Provider",
            personas.provider_a_author.full_name,
            dt.datetime.combine(from_report.due_on, dt.time()),
            "Planned",
            None,
            criterion.code,
            criterion.name,
            "Follow-up round 1: the provider",
            area,
            "Yes",
        ),
        (
            "Inför veckovisa teamträffar",
            "Buyer",
            first.responsible.full_name,
            dt.datetime.combine(first.due_on, dt.time()),
            "Planned",
            None,
            None,
            None,
            None,
            None,
            "No",
        ),
        (
            "Sluta",
            "Joint",
            first.responsible.full_name,
            dt.datetime.combine(first.due_on, dt.time()),
            "Dropped",
            "Inte längre aktuell",
            None,
            None,
            None,
            None,
            "No",
        ),
    ]
    assert sheet["D2"].number_format == "yyyy-mm-dd"
    about = dict(book["About this export"].iter_rows(values_only=True))
    assert about["Left out"] == "Nothing is left out."

    _comments, headings, csv_rows = read_csv(
        client_for(personas.buyer_admin).get(page_url(contract))
    )
    assert headings == HEADINGS
    assert csv_rows[0][3] == from_report.due_on.isoformat()
    assert csv_rows[0][8:] == ["Follow-up round 1: the provider", area, "Yes"]


def test_the_list_filters_apply(setup, personas, client_for, api_for):
    contract, _first, _from_report, _item = setup
    client = client_for(personas.buyer_admin)

    _comments, headings, rows = read_csv(client.get(page_url(contract), {"overdue": "on"}))
    assert [row["Action"] for row in as_dicts(headings, rows)] == ["Ny rutin"]
    comments, headings, rows = read_csv(
        client.get(page_url(contract), {"status": "planned", "owner": "buyer"})
    )
    assert [row["Action"] for row in as_dicts(headings, rows)] == ["Inför veckovisa teamträffar"]
    assert any("status Planned, owning party Buyer" in line for line in comments)
    assert any("do not match the filter are left out" in line for line in comments)
    _comments, headings, rows = read_csv(
        api_for(personas.buyer_admin).get(api_url(contract) + "?status=dropped")
    )
    assert [row["Action"] for row in as_dicts(headings, rows)] == ["Sluta"]
    # the list page's export links carry its filter
    page = client.get(f"/contracts/{contract.pk}/actions/", {"status": "dropped"})
    assert f'href="{page_url(contract)}?status=dropped"' in page.content.decode()


def test_swedish_csv(setup, personas, client_for):
    contract, _first, from_report, _item = setup
    speak(personas.buyer_admin, "sv")
    response = client_for(personas.buyer_admin).get(page_url(contract))
    assert response.content.startswith(b"\xef\xbb\xbf")
    text = response.content.decode("utf-8-sig")
    _comments, headings, rows = read_csv(response)
    assert headings[0] == "Åtgärd" and "Ansvarig" in headings and "Status" in headings
    assert ";" in next(line for line in text.split("\r\n") if line.startswith("Åtgärd"))
    assert as_dicts(headings, rows)[0][headings[3]] == from_report.due_on.isoformat()


def test_a_description_starting_with_equals_stays_text(setup, personas, client_for):
    contract, first, _from_report, _item = setup
    ImprovementAction.objects.filter(pk=first.pk).update(description='=HYPERLINK("x")')
    _comments, headings, rows = read_csv(client_for(personas.buyer_admin).get(page_url(contract)))
    assert '\'=HYPERLINK("x")' in {row["Action"] for row in as_dicts(headings, rows)}
    sheet = workbook(client_for(personas.buyer_admin).get(page_url(contract, "xlsx")))[
        "Improvement actions"
    ]
    cell = next(c for c in sheet["A"] if c.value == '=HYPERLINK("x")')
    assert cell.data_type == "s" and cell.quotePrefix


def test_who_may_export(setup, personas, client_for, api_for):
    contract = setup[0]
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
    assert client_for(personas.buyer_admin).get(page_url(contract, "pdf")).status_code == 400
    assert api_for(personas.buyer_admin).get(api_url(contract, "pdf")).status_code == 400
    assert client_for(personas.stranger).get(page_url(contract, "pdf")).status_code == 404


def test_an_export_is_recorded(setup, personas, client_for):
    contract = setup[0]
    client_for(personas.provider_a_author).get(page_url(contract, "xlsx"), {"overdue": "on"})
    event = AuditEvent.objects.get(action="improvement.actions_exported")
    assert not event.confidential
    assert event.actor == personas.provider_a_author
    assert event.organisation_id == contract.provider_id
    assert event.data == {
        "format": "xlsx",
        "rows": 1,
        "filters": {"status": "", "owner": "", "overdue": True},
    }


@pytest.mark.parametrize("count", [1, 3])
def test_query_count(personas, client_for, django_assert_num_queries, count):
    contract = with_team(make_contract(personas))
    round_ = follow_up_round(contract, 1)
    item = round_.provider_assessment.scope.order_by("order", "id").first()
    for number in range(count):
        services.create_action(
            actor=actor(personas.buyer_admin),
            contract=contract,
            fields=services.ActionFields(
                description=f"Å{number}",
                owner=Owner.JOINT,
                responsible_id=personas.buyer_admin.pk,
                due_on=today() + timedelta(days=number),
                criterion_id=item.criterion_id,
            ),
            source=services.SourceRef(item.pk, 0),
        )
    clock.advance(timedelta(days=2))
    client = client_for(personas.provider_a_author)
    # session, user, memberships, contract, contract team, actions (with responsible and
    # criterion), follow-up rounds (the reports' names); then the audit event (savepoint,
    # chain head, insert, head update, release)
    with django_assert_num_queries(12):
        response = client.get(page_url(contract, "xlsx"))
    rows = sheet_rows(workbook(response)["Improvement actions"])
    assert len(rows) == count
    assert {row["Source"] for row in rows} == {"Follow-up round 1: the provider"}
