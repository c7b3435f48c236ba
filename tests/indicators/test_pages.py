"""The indicator pages: the target flag in both directions, defining and taking over
indicators, entering values with explained errors, the chart with its table, the summary for
the contract page, and the Kolada fetch from the page (against a local server)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template.loader import render_to_string

from rodtrad.audit.models import AuditEvent
from rodtrad.indicators import selectors
from rodtrad.indicators.models import ImportPreview, Indicator, IndicatorValue
from tests.indicators.factories import a_contract, an_indicator, values
from tests.indicators.test_kolada import Server, item, page

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_users")]


@pytest.mark.parametrize(
    ("direction", "target", "value", "misses"),
    [
        ("higher", "90", "89.9", True),
        ("higher", "90", "90", False),
        ("higher", "90", "95", False),
        ("lower", "30", "30.1", True),
        ("lower", "30", "30", False),
        ("lower", "30", "12", False),
        ("lower", "30", None, False),
    ],
)
def test_the_target_flag_respects_the_direction(direction, target, value, misses):
    found = selectors.misses_target(
        direction, Decimal(target), Decimal(value) if value is not None else None
    )
    assert found is misses


def test_list_detail_and_summary(personas, client_for):
    contract = a_contract(personas)
    higher = an_indicator(personas, contract, name="Helhetsintryck")
    lower = an_indicator(
        personas, contract, name="Väntetid", direction="lower", target="30", unit="dagar"
    )
    an_indicator(personas, contract, name="Utan värden", kolada_kpi="", kolada_municipality="")
    values(personas, higher, {"2023": "92", "2024": "86,5".replace(",", ".")})
    values(personas, lower, {"2024": "45", "2023": "20"})  # the latest (2024) misses
    client = client_for(personas.provider_a_author)
    listing = client.get(f"/contracts/{contract.pk}/indicators/").content.decode()
    assert listing.count("Misses the target") == 2 and "No value yet" in listing
    assert "86.5 %" in listing and "45 dagar" in listing
    assert '<td class="num">90 %</td>' in listing and "E+" not in listing
    detail = client.get(f"/contracts/{contract.pk}/indicators/{higher.pk}/").content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="chart"' in detail
    assert "Helhetsintryck per period" in detail and "dashed line" in detail
    assert '<th scope="row">2023</th>' in detail and '<th scope="row">2024</th>' in detail
    assert detail.count("Misses the target") == 2  # the latest value and its table row

    summary = selectors.contract_summary(contract)
    assert (summary.count, summary.off_target, summary.without_value) == (3, 2, 1)
    html = render_to_string("indicators/_contract_summary.html", {"summary": summary})
    assert "3 indicators" in html and "2 miss their targets" in html
    assert f'href="/contracts/{contract.pk}/indicators/"' in html


def test_defining_and_changing_an_indicator(personas, client_for):
    contract = a_contract(personas)
    goal = contract.procurement.goals.order_by("order").first()
    criterion_id = contract.procurement.criteria.first().criterion_id
    client = client_for(personas.buyer_admin)
    url = f"/contracts/{contract.pk}/indicators/new/"
    form = client.get(url).content.decode()
    assert 'name="direction"' in form and goal.code in form
    response = client.post(
        url, {"name": "", "direction": "lower", "target": "många", "kolada_kpi": "U2347"}
    )
    page = response.content.decode()
    assert response.status_code == 400 and "There is a problem" in page
    assert "Give the target as a number, for example 90 or 87,5." in page
    assert "for example U23471." in page and "Name the indicator." in page
    assert not Indicator.objects.exists()
    response = client.post(
        url,
        {
            "name": "Bemötande",
            "direction": "higher",
            "target": "92,5",
            "unit": "%",
            "goal": str(goal.pk),
            "criterion": str(criterion_id),
            "kolada_kpi": "u23463",
            "kolada_municipality": "1280",
        },
    )
    indicator = Indicator.objects.get()
    assert response["Location"] == f"/contracts/{contract.pk}/indicators/{indicator.pk}/"
    assert indicator.target == Decimal("92.5") and indicator.kolada_kpi == "U23463"
    assert indicator.goal == goal and indicator.criterion_id == criterion_id
    edit = f"/contracts/{contract.pk}/indicators/{indicator.pk}/edit/"
    assert 'value="92,5"' in client.get(edit).content.decode()
    client.post(edit, {"name": "Bemötande", "direction": "lower", "target": "5"})
    indicator.refresh_from_db()
    assert indicator.direction == "lower" and indicator.goal is None
    changed = AuditEvent.objects.get(action="indicator.changed")
    assert changed.data["before"]["target"] == "92.5000"
    assert changed.data["after"]["direction"] == "lower"
    assert AuditEvent.objects.filter(action="indicator.created").count() == 1


def test_taking_over_the_procurements_indicators(personas, client_for):
    contract = a_contract(personas)  # the procurement plans two, with target "90" and U23471
    client = client_for(personas.buyer_admin)
    url = f"/contracts/{contract.pk}/indicators/take-over/"
    response = client.post(url, follow=True)
    assert "2 indicators were taken over from the procurement." in response.content.decode()
    taken = list(Indicator.objects.order_by("order"))
    assert [i.target for i in taken] == [Decimal(90), Decimal(90)]
    assert {i.kolada_kpi for i in taken} == {"U23471"}
    assert [i.goal.code for i in taken] == [
        g.code for g in contract.procurement.goals.order_by("order", "id")
    ]
    again = client.post(url, follow=True).content.decode()
    assert "The procurement has no planned indicators left to take over." in again
    assert Indicator.objects.count() == 2
    assert AuditEvent.objects.filter(action="indicator.taken_over").count() == 1


def test_entering_values(personas, client_for):
    contract = a_contract(personas)
    indicator = an_indicator(personas, contract)
    client = client_for(personas.provider_a_author)
    url = f"/contracts/{contract.pk}/indicators/{indicator.pk}/values/"
    response = client.post(url, {"period": "2025-13", "value": "x"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Write the period as a year (2025) or a month (2025-03)." in page
    assert "Give the value as a number, for example 87 or 87,5." in page
    assert client.post(url, {"period": "2025", "value": "87,5"}).status_code == 302
    assert client.post(url, {"period": "2025", "value": "88"}).status_code == 302
    value = IndicatorValue.objects.get()
    assert value.value == 88 and value.source == "manual"
    assert value.entered_by == personas.provider_a_author
    events = AuditEvent.objects.filter(action="indicator.value_recorded").order_by("id")
    assert [e.data["replaced"] for e in events] == [None, "87.5000"]
    assert events[0].organisation_id == contract.provider_id


def test_fetching_from_kolada_on_the_page(personas, client_for, settings):
    contract = a_contract(personas)
    indicator = an_indicator(personas, contract)
    client = client_for(personas.buyer_admin)
    url = f"/contracts/{contract.pk}/indicators/kolada/"
    server = Server()
    try:
        settings.KOLADA_API_URL = server.url + "/v2"
        path = "/v2/data/kpi/U23471/municipality/1280"
        server.answers[path] = page([item(period=2023)], f"{server.url}{path}?page=2")
        server.answers[path + "?page=2"] = page([item(period=2024, total=91)])
        response = client.post(url)
        preview = ImportPreview.objects.get()
        assert response["Location"] == f"/contracts/{contract.pk}/indicators/import/{preview.pk}/"
        client.post(f"/contracts/{contract.pk}/indicators/import/{preview.pk}/confirm/")
        assert [(v.period, v.value) for v in indicator.values.order_by("period")] == [
            ("2023", Decimal(87)),
            ("2024", Decimal(91)),
        ]
    finally:
        server.close()
    response = client.post(url)  # the server is gone
    assert response.status_code == 400
    assert "Kolada could not be reached." in response.content.decode()
    assert not ImportPreview.objects.exists()
