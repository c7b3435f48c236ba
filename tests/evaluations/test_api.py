"""The evaluation endpoints, and the engine's endpoints working for tender assessments with
the tender's answers as material."""

from __future__ import annotations

import pytest

from rodtrad.evaluations.models import EvaluatorDeclaration, PriceReveal
from tests.evaluations.factories import (
    PRICES,
    declared,
    finalise_all,
    in_evaluation,
    links,
    started,
    to_consensus,
)
from tests.tenders.factories import PDF, answer_text

pytestmark = pytest.mark.django_db


def url(procurement, rest: str = "") -> str:
    return f"/api/v1/procurements/{procurement.pk}/evaluation{rest}"


def test_start_and_status(personas, api_for):
    procurement, tenders = in_evaluation(personas, 2)
    chair = api_for(personas.panel_chair)
    assert chair.get(url(procurement)).json()["started"] is False

    response = chair.post(url(procurement, "/start"))

    body = response.json()
    assert response.status_code == 200
    assert body["started"] is True and body["prices_visible"] is False
    assert [t["tender_id"] for t in body["tenders"]] == [t.pk for t in tenders]
    assert all(t["price"] is None and t["status"] == "individual" for t in body["tenders"])
    assert [p["submitted"] for p in body["tenders"][0]["progress"]] == [False] * 3


def test_evaluators_get_their_own_work_without_progress(personas, api_for):
    procurement, _tenders = started(personas, 2)
    body = api_for(personas.evaluator).get(url(procurement)).json()
    assert [t["my_role"] for t in body["tenders"]] == ["evaluator", "evaluator"]
    assert all(t["progress"] is None for t in body["tenders"])


@pytest.mark.parametrize(
    ("reader", "status"),
    [
        ("provider_a_author", 404),
        ("other_buyer_officer", 404),
        ("buyer_viewer", 404),
        ("stranger", 404),
    ],
)
def test_outsiders_get_404(personas, api_for, reader, status):
    procurement, _tenders = started(personas, 1)
    assert api_for(getattr(personas, reader)).get(url(procurement)).status_code == status


def test_sign_the_declaration_with_a_conflict(personas, api_for):
    procurement, _tenders = started(personas, 2)
    client = api_for(personas.evaluator)
    refused = client.post(
        url(procurement, "/declaration"),
        {"confidentiality": False},
        content_type="application/json",
    )
    assert refused.status_code == 400

    response = client.post(
        url(procurement, "/declaration"),
        {
            "confidentiality": True,
            "conflict_organisation_ids": [personas.provider_b.pk],
            "description": "Tidigare anställd",
        },
        content_type="application/json",
    )

    assert response.status_code == 200
    assert [t["tenderer"] for t in response.json()["tenders"]] == ["Omsorg A AB"]
    assert EvaluatorDeclaration.objects.get().conflict_description == "Tidigare anställd"
    officer = api_for(personas.procurement_officer).post(
        url(procurement, "/declaration"), {"confidentiality": True}, content_type="application/json"
    )
    assert officer.status_code == 403


def test_the_engine_endpoints_give_the_tenders_answers(personas, api_for):
    procurement, (a, _b) = declared(personas, 2, answer_files=True)
    link = next(x for x in links(procurement) if x.tender_id == a.pk)
    client = api_for(personas.evaluator)

    material = client.get(f"/api/v1/assessments/{link.assessment.pk}/material").json()

    awards = list(procurement.criteria.select_related("criterion").order_by("order", "id"))
    assert [m["text"] for m in material] == [
        answer_text(w.criterion.name, personas.provider_a) for w in awards
    ]
    assert [f["name"] for f in material[0]["files"]] == ["Rutin Omsorg A AB.pdf"]
    download = client.get(material[0]["files"][0]["api_url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    stranger = api_for(personas.stranger)
    assert stranger.get(material[0]["files"][0]["api_url"]).status_code == 404
    item = material[0]["item_id"]
    saved = client.put(
        f"/api/v1/assessments/{link.assessment.pk}/my-scores/{item}",
        {"percent": 60, "strengths": ["Tydlig rutin"]},
        content_type="application/json",
    )
    assert saved.status_code == 200
    assert (
        api_for(personas.stranger)
        .get(f"/api/v1/assessments/{link.assessment.pk}/material")
        .status_code
        == 404
    )


def test_reveal_prices(personas, api_for):
    procurement, _tenders = declared(personas, 2)
    chair = api_for(personas.panel_chair)
    assert chair.post(url(procurement, "/reveal-prices")).status_code == 400
    to_consensus(personas, procurement)
    finalise_all(personas, procurement)
    assert api_for(personas.evaluator).post(url(procurement, "/reveal-prices")).status_code == 403

    response = chair.post(url(procurement, "/reveal-prices"))

    body = response.json()
    assert response.status_code == 200 and body["prices_visible"] is True
    assert [t["price"] for t in body["tenders"]] == list(PRICES[:2])
    assert PriceReveal.objects.filter(procurement=procurement).exists()
