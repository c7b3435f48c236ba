"""Two panel members editing the consensus of one tender at once: the later save, made on the
revision both read, is refused as a conflict (409 in the API) and the first one stays
(optimistic locking on ConsensusScore.revision; bench/reliability/concurrency.py runs it under
load on two servers)."""

from __future__ import annotations

import pytest

from rodtrad.assessments import selectors as engine_selectors
from rodtrad.assessments import services as engine
from rodtrad.assessments.models import ConsensusScore
from tests.evaluations.factories import actor, declared, links, to_consensus


@pytest.fixture
def consensus_row(personas):
    """The first criterion of the first tender in consensus, as the chair and an evaluator both
    loaded it (same revision)."""
    procurement, _tenders = declared(personas)
    to_consensus(personas, procurement)
    assessment = links(procurement)[0].assessment
    assessment.refresh_from_db()
    return assessment, engine_selectors.consensus_rows(actor(personas.panel_chair), assessment)[0]


def _save(user, assessment, row, percent: int, rationale: str):
    return engine.save_consensus(
        actor=actor(user),
        assessment=assessment,
        item=row.item,
        percent=percent,
        rationale=rationale,
        strengths=[],
        improvements=[],
        revision=row.consensus.revision,
        suggested=row.suggested,
    )


def test_the_later_of_two_edits_on_the_same_revision_is_a_conflict(personas, consensus_row):
    assessment, row = consensus_row
    first = _save(personas.panel_chair, assessment, row, 70, "Ordföranden sparade först")

    with pytest.raises(engine.ConsensusConflict) as clash:
        _save(personas.evaluator, assessment, row, 40, "Utvärderaren sparade sedan")

    assert clash.value.current.revision == first.revision
    stored = ConsensusScore.objects.get(item=row.item)
    assert (stored.percent, stored.rationale) == (70, "Ordföranden sparade först")


def test_the_api_answers_the_conflict_409_with_a_clear_message(personas, consensus_row, api_for):
    assessment, row = consensus_row
    path = f"/api/v1/assessments/{assessment.pk}/consensus/{row.item.pk}"
    body = {"percent": 70, "rationale": "Först", "revision": row.consensus.revision}
    first = api_for(personas.panel_chair).put(path, body, content_type="application/json")
    second = api_for(personas.evaluator).put(
        path, {**body, "rationale": "Sedan"}, content_type="application/json",
        headers={"Accept-Language": "en"},
    )  # fmt: skip

    assert first.status_code == 200
    assert second.status_code == 409
    error = second.json()["error"]
    assert error["code"] == "conflict"
    assert error["message"] == (
        "Someone else saved this criterion since you read it. Read it again and merge."
    )
    assert {"field": "revision", "message": str(first.json()["revision"])} in error["details"]
    assert ConsensusScore.objects.get(item=row.item).rationale == "Först"
