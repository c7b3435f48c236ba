"""What the export never says: nothing about the tenders before the award decision (OSL 19
kap. 3 §), not even past the deadline or after the opening; never an individual evaluator or
score; never the partnership barometer; never the working copy of a published procurement; no
price but the one the award decision published."""

from __future__ import annotations

import pytest

from rodtrad.procurements import services as procurement_services
from tests.award.factories import decided
from tests.evaluations.factories import (
    PRICES,
    actor,
    declared,
    in_evaluation,
    panel,
    to_consensus,
)
from tests.ocds.factories import BAROMETER_COMMENT, export, round_done
from tests.ocds.schema import assert_valid
from tests.tenders.buyer_helpers import open_now, pass_deadline, submitted

pytestmark = pytest.mark.django_db

TENDER_KEYS = ('"tenderers"', '"numberOfTenderers"', '"bids"', '"awards"', '"suppliers"')


def _assert_nothing_about_tenders(personas, text: str) -> None:
    for organisation in (personas.provider_a, personas.provider_b):
        assert organisation.name not in text
        assert organisation.organisation_number not in text
        assert organisation.organisation_number.replace("-", "") not in text
    for key in TENDER_KEYS:
        assert key not in text
    assert '"tenderer"' not in text and '"supplier"' not in text


def test_submitted_tenders_are_invisible(personas):
    procurement, _tenders = submitted(personas, 2)
    package, text = export(procurement)
    assert_valid(package)
    _assert_nothing_about_tenders(personas, text)


def test_nothing_about_tenders_past_the_deadline(personas):
    procurement, _tenders = submitted(personas, 2)
    pass_deadline(procurement)
    package, text = export(procurement)
    assert_valid(package)
    _assert_nothing_about_tenders(personas, text)


def test_nothing_about_tenders_after_the_opening(personas):
    procurement, tenders = submitted(personas, 2)
    procurement, _tenders = open_now(personas, procurement, tenders)
    package, text = export(procurement)
    assert_valid(package)
    _assert_nothing_about_tenders(personas, text)


def test_nothing_about_tenders_during_the_evaluation(personas):
    procurement, _tenders = declared(personas, 2)
    to_consensus(personas, procurement)
    package, text = export(procurement)
    assert_valid(package)
    _assert_nothing_about_tenders(personas, text)
    assert [r["tag"] for r in package["releases"]] == [["planning", "tender"]]


def _assert_no_individual_scores(personas, text: str) -> None:
    for user in panel(personas):
        assert user.full_name not in text
        assert user.email not in text
    # score_all writes "Styrka <code> enligt <name>" and "Förbättra <code>" as individual work.
    assert "Styrka" not in text and "Förbättra" not in text
    for key in ('"score"', '"percent"', '"step"', '"strengths"', '"breakdown"'):
        assert key not in text


def test_never_an_individual_evaluator_or_score(personas):
    procurement, _tenders = decided(personas, 2)
    package, text = export(procurement)
    assert_valid(package)
    _assert_no_individual_scores(personas, text)


def test_only_the_price_the_award_decision_published_for_the_winner(personas):
    procurement, _tenders = decided(personas, 3)
    _package, text = export(procurement)
    assert "2137.45" in text  # provider A won; the decision published its price
    assert "1983.2" not in text and "2411.9" not in text
    assert PRICES[0] == "2137.45"


def test_never_the_barometer_nor_the_follow_up_scores(personas):
    contract, manager = round_done(personas)
    package, text = export(contract.procurement)
    assert_valid(package)
    assert BAROMETER_COMMENT not in text
    assert "barometer" not in text.lower()
    for key in ('"ratings"', '"trust"', '"mean"'):
        assert key not in text
    _assert_no_individual_scores(personas, text)
    assert manager.full_name not in text and "Kim Kvalitet" not in text


def test_unpublished_edits_of_a_published_procurement_stay_out(personas):
    procurement, _tenders = in_evaluation(personas, 2)
    procurement_services.update_partnership(
        actor=actor(personas.procurement_officer),
        procurement=procurement,
        partnership_question="Utkast som ingen utanför teamet får se",
        follow_up_description="Hemlig ändring av uppföljningen",
        follow_up_months=6,
        both_parties=True,
        baseline=True,
        barometer=True,
    )
    _package, text = export(procurement)
    assert "Utkast som ingen" not in text
    assert "Hemlig ändring" not in text
