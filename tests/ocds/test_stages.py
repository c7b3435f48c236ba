"""One release per stage reached, each package valid against the OCDS 1.1.5 release package
schema (release schema resolved locally, "date-time" checked strictly)."""

from __future__ import annotations

import pytest
from django.test import override_settings

from rodtrad.ocds import formats
from rodtrad.ocds.package import LOTS_EXTENSION
from rodtrad.procurements import services as procurement_services
from rodtrad.procurements.models import EvaluationKind
from tests.award.factories import decided
from tests.contracts.factories import after_standstill, contract_manager, register
from tests.evaluations.factories import actor
from tests.ocds.factories import export, releases_by_tag, round_done
from tests.ocds.schema import assert_valid
from tests.procurements.factories import make_procurement

pytestmark = pytest.mark.django_db

SITE = "https://rodtrad.example"


def _org_id(organisation) -> str:
    return "SE-BLV-" + organisation.organisation_number.replace("-", "")


@override_settings(SITE_URL=SITE, RODTRAD_OCID_PREFIX="ocds-test01")
def test_published_has_one_planning_and_tender_release(personas):
    procurement = make_procurement(personas, publish=True)
    package, _text = export(procurement)
    assert_valid(package)
    assert package["version"] == "1.1"
    assert package["uri"] == f"{SITE}/api/v1/procurements/{procurement.pk}/ocds"
    assert package["publisher"]["uid"] == personas.buyer.organisation_number.replace("-", "")
    [release] = package["releases"]
    assert release["ocid"] == f"ocds-test01-{procurement.pk}"
    assert release["id"] == f"ocds-test01-{procurement.pk}-tender-v1"
    assert release["tag"] == ["planning", "tender"]
    assert release["initiationType"] == "tender"
    [buyer] = release["parties"]
    assert buyer["id"] == _org_id(personas.buyer)
    assert buyer["identifier"]["scheme"] == "SE-BLV"
    assert buyer["roles"] == ["buyer", "procuringEntity"]
    tender = release["tender"]
    assert tender["status"] == "active"
    assert tender["awardCriteria"] == "ratedCriteria"
    assert tender["value"] == {"amount": 48000000, "currency": "SEK"}
    assert "lots" not in tender
    criteria = procurement.criteria.select_related("criterion").order_by("order", "id")
    for award in criteria:
        assert f"{award.criterion.code} {award.criterion.name}: " in tender["awardCriteriaDetails"]
    assert "70 points" in tender["awardCriteriaDetails"]
    urls = {d["documentType"]: d["url"] for d in tender["documents"]}
    assert urls == {
        "tenderNotice": f"{SITE}/market/{procurement.pk}/",
        "biddingDocuments": f"{SITE}/market/{procurement.pk}/versions/1/pdf/",
    }
    assert "+" in release["date"] or release["date"].endswith("Z")
    # Built again, the same package: stable ids and dates.
    assert export(procurement)[0] == package


def test_fixed_price_competes_on_quality_only_and_lots_are_listed(personas):
    procurement = make_procurement(
        personas, publish=True, kind=EvaluationKind.FIXED_PRICE, amount=0, lots=3
    )
    package, _text = export(procurement)
    assert_valid(package)
    tender = package["releases"][0]["tender"]
    assert tender["awardCriteria"] == "qualityOnly"
    assert "Fixed price: 2000 SEK per plats och dygn." in tender["awardCriteriaDetails"]
    assert [lot["id"] for lot in tender["lots"]] == ["lot-1", "lot-2", "lot-3"]
    assert tender["lots"][1]["value"] == {"amount": 12000000, "currency": "SEK"}
    assert package["extensions"] == [LOTS_EXTENSION]


def test_a_new_version_is_an_amendment_with_its_own_release_id(personas):
    procurement = make_procurement(personas, publish=True)
    a = actor(personas.procurement_officer)
    procurement_services.publish(
        actor=a, procurement=procurement, change_summary="Förtydligad bemanning."
    )
    package, _text = export(procurement)
    assert_valid(package)
    [release] = package["releases"]
    assert release["id"].endswith("-tender-v2")
    assert release["tag"] == ["planning", "tender", "tenderAmendment"]
    assert release["tender"]["amendments"][0]["description"] == "Förtydligad bemanning."
    assert len(release["tender"]["documents"]) == 3


def test_a_draft_is_a_planning_release_of_the_working_copy(personas):
    procurement = make_procurement(personas)
    package, _text = export(procurement)
    assert_valid(package)
    [release] = package["releases"]
    assert release["tag"] == ["planning"]
    assert release["tender"]["status"] == "planning"
    assert "documents" not in release["tender"]


def test_after_the_award_decision_an_award_release(personas):
    procurement, _tenders = decided(personas, 2)
    package, _text = export(procurement)
    assert_valid(package)
    assert [r["tag"] for r in package["releases"]] == [["planning", "tender"], ["award"]]
    [award_release] = releases_by_tag(package, "award")
    assert award_release["id"] == f"{formats.ocid(procurement)}-award"
    tender = award_release["tender"]
    assert tender["numberOfTenderers"] == 2
    assert {t["id"] for t in tender["tenderers"]} == {
        _org_id(personas.provider_a),
        _org_id(personas.provider_b),
    }
    roles = {p["name"]: p["roles"] for p in award_release["parties"]}
    assert roles["Omsorg A AB"] == ["tenderer", "supplier"]
    assert roles["Omsorg B AB"] == ["tenderer"]
    [award] = award_release["awards"]
    assert award["suppliers"] == [{"id": _org_id(personas.provider_a), "name": "Omsorg A AB"}]
    assert award["value"] == {"amount": 2137.45, "currency": "SEK"}
    assert award["documents"][0]["url"].endswith(f"/procurements/{procurement.pk}/award/report.pdf")


def test_each_registered_contract_is_a_contract_release(personas):
    procurement, _tenders = after_standstill(personas, 2)
    contract = register(personas, procurement, contract_manager(personas))
    package, _text = export(procurement)
    assert_valid(package)
    [release] = releases_by_tag(package, "contract")
    assert release["id"] == f"{formats.ocid(procurement)}-contract-{contract.pk}"
    [section] = release["contracts"]
    assert section["awardID"] == "award-lot-1"
    assert section["value"] == {"amount": 48000000, "currency": "SEK"}
    assert section["documents"][0]["url"].endswith(f"/contracts/{contract.pk}/")
    assert {p["id"] for p in release["parties"]} == {
        _org_id(personas.buyer),
        _org_id(personas.provider_a),
    }
    # Rounds scheduled but none done: no implementation release yet.
    assert releases_by_tag(package, "implementation") == []


def test_a_done_round_makes_an_implementation_release(personas):
    contract, _manager = round_done(personas)
    package, _text = export(contract.procurement)
    assert_valid(package)
    assert [r["tag"] for r in package["releases"]] == [
        ["planning", "tender"],
        ["award"],
        ["contract"],
        ["implementation"],
    ]
    [release] = releases_by_tag(package, "implementation")
    assert release["id"] == f"{formats.ocid(contract.procurement)}-implementation-{contract.pk}-1"
    milestones = release["contracts"][0]["implementation"]["milestones"]
    first, *later = milestones
    round_1 = contract.rounds.get(number=1)
    assert first["status"] == "met"
    assert first["dateMet"] == release["date"]
    [report] = first["documents"]
    assert report["url"].endswith(f"/contracts/{contract.pk}/follow-up/{round_1.pk}/report.pdf")
    assert release["contracts"][0]["implementation"]["documents"] == [report]
    assert later and all(m["status"] == "scheduled" and "documents" not in m for m in later)
    assert package["publishedDate"] == release["date"]
    assert len({r["id"] for r in package["releases"]}) == 4


def test_a_cancelled_procurement_says_so_in_a_release_of_its_own(personas):
    procurement = make_procurement(personas, publish=True)
    published_id = export(procurement)[0]["releases"][0]["id"]
    procurement_services.cancel(
        actor=actor(personas.procurement_officer),
        procurement=procurement,
        reason="Behovet har ändrats.",
    )
    package, _text = export(procurement)
    assert_valid(package)
    [release] = package["releases"]
    assert release["tag"] == ["planning", "tender", "tenderCancellation"]
    assert release["id"] == f"{published_id}-cancelled"
    assert release["tender"]["status"] == "cancelled"
