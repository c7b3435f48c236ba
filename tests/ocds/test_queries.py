"""build_package reads in a fixed number of queries per stage, whatever the number of lots,
tenders, criteria and follow-up rounds."""

from __future__ import annotations

from datetime import timedelta

import pytest

from rodtrad.followup import services as followup_services
from rodtrad.ocds.package import build_package
from rodtrad.procurements.models import Procurement
from tests.award.factories import decided
from tests.evaluations.factories import actor
from tests.ocds.factories import round_done
from tests.procurements.factories import make_procurement

pytestmark = pytest.mark.django_db


def _loaded(procurement: Procurement) -> Procurement:
    return Procurement.objects.select_related("buyer").get(pk=procurement.pk)


def _export_in(procurement: Procurement, queries: int, django_assert_num_queries) -> dict:
    procurement = _loaded(procurement)
    with django_assert_num_queries(queries):
        return build_package(procurement)


def test_published_whatever_the_lots_and_criteria(personas, django_assert_num_queries):
    small = make_procurement(personas, publish=True, include_results=False)
    big = make_procurement(personas, publish=True, lots=3, reference_number="KS 2026/102")
    for procurement in (small, big):
        _export_in(procurement, 2, django_assert_num_queries)


def test_decided_whatever_the_lots_and_tenders(personas, django_assert_num_queries):
    small, _tenders = decided(personas, 2, include_results=False)
    big, _tenders = decided(personas, 3, lots=2, reference_number="KS 2026/102")
    for procurement, lots in ((small, 1), (big, 2)):
        package = _export_in(procurement, 5, django_assert_num_queries)
        assert len(package["releases"][1]["awards"]) == lots


def test_followed_up_whatever_the_rounds(personas, django_assert_num_queries):
    contract, manager = round_done(personas)
    package = _export_in(contract.procurement, 6, django_assert_num_queries)
    milestones = package["releases"][3]["contracts"][0]["implementation"]["milestones"]
    last = contract.rounds.order_by("-number").first()
    assert last is not None
    for step in range(1, 4):
        followup_services.add_round(
            actor=actor(manager),
            contract=contract,
            due_on=last.due_on - timedelta(days=20 * step),
            reason="Extra uppföljning efter avvikelse",
        )
    package = _export_in(contract.procurement, 6, django_assert_num_queries)
    more = package["releases"][3]["contracts"][0]["implementation"]["milestones"]
    assert len(more) == len(milestones) + 3
