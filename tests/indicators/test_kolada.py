"""The Kolada importer: pages of Kolada's v2 JSON, the total (gender T) only, empty values
skipped and reported, malformed items reported per item, and the live API read through a local
server (several pages) or failing clearly when it cannot be reached. No test touches the
network."""

from __future__ import annotations

import json
import socket
import threading
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.exceptions import ValidationError

from rodtrad.indicators import kolada
from rodtrad.indicators.models import Indicator


def indicators() -> list[Indicator]:
    """Unsaved indicators with ids: the importer needs nothing from the database."""
    return [
        Indicator(pk=1, name="Helhetsintryck", kolada_kpi="U23471", kolada_municipality="1280"),
        Indicator(pk=2, name="Väntetid", kolada_kpi="U23401", kolada_municipality="1280"),
        Indicator(pk=3, name="Enhetens resultat", kolada_kpi="U23471", kolada_ou="V15E128000301"),
        Indicator(pk=4, name="Utan Kolada"),
    ]


def item(kpi="U23471", period=2023, total=87.0, area=("municipality", "1280"), **extra):
    values = [
        {"gender": "K", "value": 90.0, "count": 1, "status": ""},
        {"gender": "T", "value": total, "count": 1, "status": ""},
        {"gender": "M", "value": 80.0, "count": 1, "status": ""},
    ]
    return {"kpi": kpi, area[0]: area[1], "period": period, "values": values, **extra}


def page(items, next_page=None):
    return {"count": len(items), "values": items, "next_page": next_page}


def test_pages_with_totals_nulls_and_gender_splits():
    pages = [
        page([item(period=2022, total=85.5), item(period=2023, total=None)], "http://x/2"),
        page(
            [
                item(kpi="U23401", period=2023, total=41),
                item(period=2024, total=88, area=("ou", "V15E128000301")),
            ]
        ),
    ]
    parsed = kolada.parse_file(json.dumps(pages).encode(), indicators())
    rows = [(r["indicator"], r["period"], Decimal(r["value"])) for r in parsed.rows]
    # the total, not the women's (90) or men's (80) value
    assert rows == [(1, "2022", Decimal("85.5")), (2, "2023", Decimal(41)), (3, "2024", 88)]
    assert parsed.rows[0]["reference"] == "Kolada U23471 1280 2022"
    assert parsed.skipped == ["U23471 1280 2023: Kolada has no value for the period."]
    assert parsed.problems == []


def test_a_single_page_file_is_read_too():
    parsed = kolada.parse_file(json.dumps(page([item()])).encode(), indicators())
    assert [r["period"] for r in parsed.rows] == ["2023"]


def test_malformed_items_are_reported_one_by_one():
    only_women = item(period=2020)
    only_women["values"] = [{"gender": "K", "value": 90.0}]
    items = [
        "not an object",
        {"kpi": "U23471", "period": 2023, "values": []},  # no municipality or ou
        item(period="last year"),
        only_women,
        item(period=2021, total="many"),
        item(kpi="U99999", period=2023),
        item(period=2019, total=84),
        item(period=2019, total=85),  # the same period again
    ]
    parsed = kolada.parse_file(json.dumps(page(items)).encode(), indicators())
    assert [(r["period"], r["value"]) for r in parsed.rows] == [("2019", "84.0000")]
    assert [p["row"] for p in parsed.problems] == [f"Item {n}" for n in (1, 2, 3, 4, 5, 6, 8)]
    messages = [p["message"] for p in parsed.problems]
    assert messages[0].startswith("Not a Kolada data item")
    assert messages[2] == "“last year” is not a year."
    assert messages[3] == "U23471 1280 2020 has no total (gender T); it is left out."
    assert messages[4] == "U23471 1280 2021: the value “many” is not a number."
    assert messages[5] == "No indicator of the contract follows U99999 for 1280."
    assert "appears twice (first in Item 7)" in messages[6]


@pytest.mark.parametrize(
    "content",
    [b"", b"not json", b'{"count": 1}', b'{"values": "x"}', b"[1, 2]", b"[]", b"\xff\xfe"],
)
def test_files_that_are_not_kolada_data_are_refused(content):
    with pytest.raises(ValidationError) as error:
        kolada.parse_file(content, indicators())
    assert "Kolada" in error.value.messages[0]


def test_ids_are_checked():
    assert kolada.check_ids("U23471", "1280", "") == {}
    assert kolada.check_ids("U23471", "", "V15E128000301") == {}
    errors = kolada.check_ids("X2347", "128", "")
    assert set(errors) == {"kolada_kpi", "kolada_municipality"}
    assert kolada.check_ids("U23471", "1280", "V15E128000301") == {
        "kolada_ou": ["Give a municipality or a unit, not both."]
    }
    assert "kolada_kpi" in kolada.check_ids("", "1280", "")


# --- the live API, served locally --------------------------------------------------------------


class Server:
    """A local HTTP server answering paths from a dict (bytes or JSON-able objects)."""

    def __init__(self) -> None:
        self.answers: dict[str, object] = {}
        self.requests: list[str] = []
        answers, requests = self.answers, self.requests

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                requests.append(self.path)
                answer = answers.get(self.path)
                if answer is None:
                    self.send_response(404)
                    self.end_headers()
                    return
                body = answer if isinstance(answer, bytes) else json.dumps(answer).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server(settings):
    server = Server()
    settings.KOLADA_API_URL = server.url + "/v2"
    yield server
    server.close()


def test_the_live_api_is_read_page_by_page(server):
    base = server.url
    server.answers["/v2/data/kpi/U23471/municipality/1280"] = page(
        [item(period=2021, total=84)], f"{base}/v2/data/kpi/U23471/municipality/1280?page=2"
    )
    server.answers["/v2/data/kpi/U23471/municipality/1280?page=2"] = page(
        [item(period=2022, total=None)], f"{base}/v2/data/kpi/U23471/municipality/1280?page=3"
    )
    server.answers["/v2/data/kpi/U23471/municipality/1280?page=3"] = page(
        [item(period=2023, total=86.5)]
    )
    server.answers["/v2/data/kpi/U23401/municipality/1280"] = page(
        [item(kpi="U23401", period=2023, total=40)]
    )
    server.answers["/v2/oudata/kpi/U23471/ou/V15E128000301"] = page(
        [item(period=2023, total=91, area=("ou", "V15E128000301"))]
    )
    parsed = kolada.fetch(indicators())
    assert [(r["indicator"], r["period"], r["value"]) for r in parsed.rows] == [
        (1, "2021", "84.0000"),
        (1, "2023", "86.5000"),
        (2, "2023", "40.0000"),
        (3, "2023", "91.0000"),
    ]
    assert parsed.skipped == ["U23471 1280 2022: Kolada has no value for the period."]
    assert len(server.requests) == 5


def test_endless_paging_is_bounded(server, monkeypatch):
    monkeypatch.setattr(kolada, "MAX_PAGES", 3)
    path = "/v2/data/kpi/U23471/municipality/1280"
    server.answers[path] = page([item()], f"{server.url}{path}")
    with pytest.raises(ValidationError) as error:
        kolada.fetch(indicators()[:1])
    assert error.value.messages == ["Kolada sent more than 3 pages. Nothing was fetched."]
    assert len(server.requests) == 3


@pytest.mark.parametrize(
    "answer", [b"<html>Service unavailable</html>", b'{"values": 3}', b"[]", None]
)
def test_garbage_answers_are_refused(server, answer):
    if answer is not None:
        server.answers["/v2/data/kpi/U23471/municipality/1280"] = answer
    with pytest.raises(ValidationError) as error:
        kolada.fetch(indicators()[:1])
    expected = (
        "Kolada could not be reached. Nothing was fetched; try again later or upload a file."
        if answer is None  # 404
        else "Kolada answered with something that is not Kolada data. Nothing was fetched."
    )
    assert error.value.messages == [expected]


def test_a_next_page_elsewhere_is_not_followed(server):
    path = "/v2/data/kpi/U23471/municipality/1280"
    server.answers[path] = page([item()], "http://example.org/v2/next")
    with pytest.raises(ValidationError):
        kolada.fetch(indicators()[:1])
    assert server.requests == [path]


def test_an_unreachable_service_is_explained(settings):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.KOLADA_API_URL = f"http://127.0.0.1:{port}/v2"
    with pytest.raises(ValidationError) as error:
        kolada.fetch(indicators())
    assert error.value.messages == [
        "Kolada could not be reached. Nothing was fetched; try again later or upload a file."
    ]


def test_nothing_to_fetch_is_explained():
    with pytest.raises(ValidationError) as error:
        kolada.fetch(indicators()[3:])
    assert "No indicator has a Kolada KPI id" in error.value.messages[0]


def test_the_default_url_is_kolada_v2(settings):
    del settings.KOLADA_API_URL
    assert kolada.api_url() == "https://api.kolada.se/v2"
    assert kolada.urls_for(indicators()) == [
        "https://api.kolada.se/v2/data/kpi/U23471/municipality/1280",
        "https://api.kolada.se/v2/data/kpi/U23401/municipality/1280",
        "https://api.kolada.se/v2/oudata/kpi/U23471/ou/V15E128000301",
    ]
