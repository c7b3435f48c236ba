"""The demo's Ekbacken procurement (the full lifecycle: published, decided, contracted, four
follow-up rounds done) exports a valid package with every stage."""

from __future__ import annotations

import json

import pytest

from rodtrad.demo.scenario import load_demo
from rodtrad.ocds.package import build_package
from rodtrad.partnership.models import BarometerRating
from rodtrad.procurements.models import Procurement
from tests.ocds.schema import assert_valid

pytestmark = pytest.mark.django_db


def test_the_demo_procurement_exports_every_stage(django_assert_max_num_queries):
    load_demo()
    procurement = Procurement.objects.select_related("buyer").get(
        title="Drift av särskilt boende Ekbacken"
    )
    with django_assert_max_num_queries(8):
        package = build_package(procurement)
    assert_valid(package)
    assert [r["tag"] for r in package["releases"]] == [
        ["planning", "tender"],
        ["award"],
        ["contract"],
        ["implementation"],
    ]
    award = package["releases"][1]
    assert award["tender"]["numberOfTenderers"] == 3
    milestones = package["releases"][3]["contracts"][0]["implementation"]["milestones"]
    done = [m for m in milestones if m["status"] == "met"]
    assert len(done) == 4 and all(m["documents"] for m in done)
    text = json.dumps(package, ensure_ascii=False)
    comments = list(BarometerRating.objects.exclude(comment="").values_list("comment", flat=True))
    assert comments and not any(comment in text for comment in comments)
