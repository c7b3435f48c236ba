"""Who reaches every indicator page and endpoint: anonymous visitors log in (401 in the API);
people who may not see the contract get 404; the provider's team reads and brings values but
may not define indicators (403); the rest of the buyer's team reads only (403 on writes)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from rodtrad.indicators.models import ImportPreview, Indicator, IndicatorValue
from tests.contracts.factories import contract_manager
from tests.indicators.factories import a_contract, an_indicator, on_team

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_users")]

OUTSIDERS = [
    "stranger",
    "other_buyer_officer",
    "provider_b_author",
    "evaluator",
    "panel_chair",
    "procurement_officer",
]
CSV = "indicator;period;value\nHelhetsintryck, särskilt boende;2025;88,5\n"


@pytest.fixture
def setup(personas):
    contract = a_contract(personas)
    indicator = an_indicator(personas, contract)
    return contract, indicator


def page_urls(contract, indicator, preview_id=1):
    c = f"/contracts/{contract.pk}/indicators/"
    return {
        "list": ("get", c),
        "detail": ("get", f"{c}{indicator.pk}/"),
        "new": ("get", f"{c}new/"),
        "edit": ("get", f"{c}{indicator.pk}/edit/"),
        "new_post": ("post", f"{c}new/"),
        "edit_post": ("post", f"{c}{indicator.pk}/edit/"),
        "take_over": ("post", f"{c}take-over/"),
        "value_add": ("post", f"{c}{indicator.pk}/values/"),
        "import": ("get", f"{c}import/"),
        "import_post": ("post", f"{c}import/"),
        "kolada": ("post", f"{c}kolada/"),
        "preview": ("get", f"{c}import/{preview_id}/"),
        "confirm": ("post", f"{c}import/{preview_id}/confirm/"),
        "cancel": ("post", f"{c}import/{preview_id}/cancel/"),
    }


def test_anonymous_visitors_log_in(setup, client):
    contract, indicator = setup
    for method, url in page_urls(contract, indicator).values():
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("who", OUTSIDERS)
def test_people_outside_the_contract_get_404(setup, personas, client_for, who):
    contract, indicator = setup
    client = client_for(getattr(personas, who))
    for name, (method, url) in page_urls(contract, indicator).items():
        assert getattr(client, method)(url).status_code == 404, name
    assert Indicator.objects.count() == 1 and not IndicatorValue.objects.exists()


def test_the_provider_brings_values_but_does_not_define(setup, personas, client_for):
    contract, indicator = setup
    client = client_for(personas.provider_a_author)
    urls = page_urls(contract, indicator)
    for name in ("list", "detail", "import"):
        assert client.get(urls[name][1]).status_code == 200, name
    for name in ("new", "edit"):
        assert client.get(urls[name][1]).status_code == 403, name
    for name in ("new_post", "edit_post", "take_over"):
        assert client.post(urls[name][1], {"name": "x"}).status_code == 403, name
    page = client.get(urls["list"][1]).content.decode()
    assert "Import values" in page and "Add an indicator" not in page
    assert "Take over the procurement" not in page
    response = client.post(urls["value_add"][1], {"period": "2025", "value": "88,5"})
    assert response.status_code == 302
    assert IndicatorValue.objects.get().value == 88.5
    upload = SimpleUploadedFile("v.csv", CSV.encode(), content_type="text/csv")
    response = client.post(urls["import_post"][1], {"file": upload})
    assert response.status_code == 302
    preview = ImportPreview.objects.get()
    # Another party's person cannot see or confirm the provider's preview.
    admin = client_for(personas.buyer_admin)
    assert admin.get(page_urls(contract, indicator, preview.pk)["preview"][1]).status_code == 404
    assert admin.post(page_urls(contract, indicator, preview.pk)["confirm"][1]).status_code == 404
    assert client.post(page_urls(contract, indicator, preview.pk)["confirm"][1]).status_code == 302


def test_the_rest_of_the_buyer_team_reads_only(setup, personas, client_for):
    contract, indicator = setup
    on_team(contract, personas.evaluator)
    client = client_for(personas.evaluator)
    urls = page_urls(contract, indicator)
    for name in ("list", "detail"):
        assert client.get(urls[name][1]).status_code == 200, name
    page = client.get(urls["detail"][1]).content.decode()
    assert "Enter a value" not in page
    for name in ("new", "edit", "import"):
        assert client.get(urls[name][1]).status_code == 403, name
    for name in ("new_post", "edit_post", "take_over", "value_add", "import_post", "kolada"):
        assert client.post(urls[name][1]).status_code == 403, name
    assert not IndicatorValue.objects.exists()


def test_the_contract_manager_defines_indicators(personas, client_for):
    manager = contract_manager(personas)
    contract = a_contract(personas, manager=manager)
    client = client_for(manager)
    response = client.post(
        f"/contracts/{contract.pk}/indicators/new/",
        {"name": "Väntetid", "direction": "lower", "target": "30", "unit": "dagar"},
    )
    assert response.status_code == 302
    assert Indicator.objects.get().name == "Väntetid"


def api_urls(contract, indicator, preview_id=1):
    c = f"/api/v1/contracts/{contract.pk}"
    return {
        "list": ("get", f"{c}/indicators"),
        "create": ("post", f"{c}/indicators"),
        "update": ("put", f"{c}/indicators/{indicator.pk}"),
        "values": ("get", f"{c}/indicators/{indicator.pk}/values"),
        "value_add": ("post", f"{c}/indicators/{indicator.pk}/values"),
        "import": ("post", f"{c}/indicator-imports"),
        "kolada": ("post", f"{c}/indicator-imports/kolada"),
        "preview": ("get", f"{c}/indicator-imports/{preview_id}"),
        "confirm": ("post", f"{c}/indicator-imports/{preview_id}/confirm"),
        "cancel": ("delete", f"{c}/indicator-imports/{preview_id}"),
    }


INDICATOR = {"name": "Bemötande", "direction": "higher", "target": "92,5", "unit": "%"}


def _call(client, method, url, data=None):
    if method in ("post", "put") and data is not None:
        return getattr(client, method)(url, data, content_type="application/json")
    return getattr(client, method)(url)


def test_api_anonymous_gets_401(setup, client):
    contract, indicator = setup
    for name, (method, url) in api_urls(contract, indicator).items():
        assert getattr(client, method)(url).status_code == 401, name


@pytest.mark.parametrize("who", OUTSIDERS)
def test_api_outsiders_get_404(setup, personas, api_for, who):
    contract, indicator = setup
    client = api_for(getattr(personas, who))
    for name, (method, url) in api_urls(contract, indicator).items():
        if name == "import":
            upload = SimpleUploadedFile("v.csv", CSV.encode(), content_type="text/csv")
            response = client.post(url, {"file": upload})
        else:
            data = INDICATOR if name in ("create", "update") else {"period": "2025", "value": "1"}
            response = _call(client, method, url, data)
        assert response.status_code == 404, (name, response.status_code)
        assert response.json()["error"]["code"] == "not_found"


def test_api_provider_adds_values_but_does_not_define(setup, personas, api_for):
    contract, indicator = setup
    client = api_for(personas.provider_a_author)
    urls = api_urls(contract, indicator)
    assert client.get(urls["list"][1]).status_code == 200
    for name in ("create", "update"):
        response = _call(client, urls[name][0], urls[name][1], INDICATOR)
        assert response.status_code == 403, name
        assert response.json()["error"]["message"] == "You are not allowed to do this."
    response = _call(client, "post", urls["value_add"][1], {"period": "2025-03", "value": "91,5"})
    assert response.status_code == 201, response.content
    assert response.json()["value"] == "91.5000" or float(response.json()["value"]) == 91.5
    listed = client.get(urls["values"][1]).json()
    assert [v["period"] for v in listed] == ["2025-03"]
    upload = SimpleUploadedFile("v.csv", CSV.encode(), content_type="text/csv")
    response = client.post(urls["import"][1], {"file": upload})
    assert response.status_code == 201, response.content
    preview_id = response.json()["id"]
    other = api_for(personas.buyer_admin)
    assert other.get(api_urls(contract, indicator, preview_id)["preview"][1]).status_code == 404
    confirm = client.post(api_urls(contract, indicator, preview_id)["confirm"][1])
    assert confirm.json() == {"saved": 1}


def test_api_buyer_team_reads_only(setup, personas, api_for):
    contract, indicator = setup
    on_team(contract, personas.evaluator)
    client = api_for(personas.evaluator)
    urls = api_urls(contract, indicator)
    assert client.get(urls["list"][1]).status_code == 200
    assert client.get(urls["values"][1]).status_code == 200
    for name in ("create", "update", "value_add", "kolada"):
        data = INDICATOR if name in ("create", "update") else {"period": "2025", "value": "1"}
        response = _call(client, urls[name][0], urls[name][1], data)
        assert response.status_code == 403, name
    upload = SimpleUploadedFile("v.csv", CSV.encode(), content_type="text/csv")
    assert client.post(urls["import"][1], {"file": upload}).status_code == 403


def test_api_buyer_defines_and_changes(setup, personas, api_for):
    contract, indicator = setup
    client = api_for(personas.buyer_admin)
    urls = api_urls(contract, indicator)
    response = _call(client, "post", urls["create"][1], INDICATOR)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["name"] == "Bemötande" and float(body["target"]) == 92.5
    assert body["latest_value"] is None and body["off_target"] is False
    response = _call(client, "put", urls["update"][1], {**INDICATOR, "target": "many"})
    assert response.status_code == 400
    assert response.json()["error"]["details"][0]["field"] == "target"
    response = _call(client, "post", urls["create"][1], {**INDICATOR, "kolada_kpi": "X1"})
    assert response.status_code == 400
    assert "for example U23471" in response.json()["error"]["message"]
