from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from rodtrad.assessments import selectors, services
from rodtrad.assessments.models import ConsensusScore, IndividualScore, PanelRole, Status
from rodtrad.audit.models import AuditEvent
from tests.assessments.factories import (
    actor,
    agree_all,
    declare_all,
    make_self_assessment,
    make_version,
    run_to_consensus,
    score_all,
)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_create_self_assessment_builds_scope_and_panel(personas):
    version = make_version(approach=2, results=1)
    assessment = make_self_assessment(personas, version=version)
    assert assessment.status == Status.PREPARATION
    assert [(i.criterion.code, i.max_points) for i in assessment.scope.order_by("order")] == [
        ("1", Decimal("70.00")),
        ("3", Decimal("100.00")),  # criteria come group by group
        ("2", Decimal("70.00")),
    ]
    assert sorted((m.user.email, m.role) for m in assessment.panel.all()) == [
        ("chair@ekby.se", PanelRole.CHAIR),
        ("evaluator2@ekby.se", PanelRole.EVALUATOR),
        ("evaluator@ekby.se", PanelRole.EVALUATOR),
    ]
    event = AuditEvent.objects.get(action="assessment.created")
    assert event.data["panel"][0] == {"email": "chair@ekby.se", "role": "chair"}


def test_create_without_results_leaves_them_out(personas):
    version = make_version(approach=2, results=1)
    assessment = services.create_self_assessment(
        actor=actor(personas.buyer_admin),
        organisation=personas.buyer,
        title="Utan resultat",
        model_version=version,
        chair=personas.panel_chair,
        evaluators=[personas.evaluator],
        include_results=False,
    )
    assert {i.criterion.kind for i in assessment.scope.select_related("criterion")} == {"approach"}


@pytest.mark.parametrize(
    ("chair", "evaluators", "field"),
    [
        ("panel_chair", [], "evaluators"),
        ("panel_chair", ["panel_chair"], "evaluators"),
        ("panel_chair", ["provider_a_author"], "evaluators"),
    ],
)
def test_create_rejects_a_bad_panel(personas, chair, evaluators, field):
    with pytest.raises(ValidationError) as error:
        services.create_self_assessment(
            actor=actor(personas.buyer_admin),
            organisation=personas.buyer,
            title="X",
            model_version=make_version(),
            chair=getattr(personas, chair),
            evaluators=[getattr(personas, e) for e in evaluators],
        )
    assert field in error.value.message_dict


def test_only_managers_create_self_assessments(personas):
    for user in (personas.evaluator, personas.procurement_officer, personas.provider_a_author):
        with pytest.raises(PermissionDenied):
            services.create_self_assessment(
                actor=actor(user),
                organisation=personas.buyer,
                title="X",
                model_version=make_version(),
                chair=personas.panel_chair,
                evaluators=[personas.evaluator],
            )


def test_start_individual_tells_the_panel(personas, mailoutbox, django_capture_on_commit_callbacks):
    assessment = make_self_assessment(personas)
    with pytest.raises(PermissionDenied):
        services.start_individual(actor=actor(personas.evaluator), assessment=assessment)
    with django_capture_on_commit_callbacks(execute=True):
        services.start_individual(actor=actor(personas.buyer_admin), assessment=assessment)
    assessment.refresh_from_db()
    assert assessment.status == Status.INDIVIDUAL
    assert sorted(m.to[0] for m in mailoutbox) == [
        "chair@ekby.se",
        "evaluator2@ekby.se",
        "evaluator@ekby.se",
    ]
    assert "Självvärdering 2026" in mailoutbox[0].subject


def test_a_conflict_removes_the_member_and_tells_the_chair(
    personas, mailoutbox, django_capture_on_commit_callbacks
):
    assessment = make_self_assessment(personas)
    services.start_individual(actor=actor(personas.buyer_admin), assessment=assessment)
    with pytest.raises(ValidationError) as error:
        services.sign_declaration(
            actor=actor(personas.evaluator), assessment=assessment, conflict=True
        )
    assert "description" in error.value.message_dict
    with django_capture_on_commit_callbacks(execute=True):
        services.sign_declaration(
            actor=actor(personas.evaluator),
            assessment=assessment,
            conflict=True,
            description="Min syster leder verksamheten",
        )
    member = assessment.panel.get(user=personas.evaluator)
    assert member.removed_at is not None and member.conflict_declared
    assert [m.to for m in mailoutbox] == [["chair@ekby.se"]]
    assert "Min syster leder verksamheten" in mailoutbox[0].body
    with pytest.raises(PermissionDenied):
        services.save_individual_score(
            actor=actor(personas.evaluator),
            assessment=assessment,
            item=assessment.scope.first(),
            percent=50,
            strengths=["x"],
            improvements=[],
        )


def test_scoring_needs_a_signed_declaration_and_the_individual_stage(personas):
    assessment = make_self_assessment(personas)
    item = assessment.scope.first()
    kwargs = {"item": item, "percent": 50, "strengths": ["Bra"], "improvements": []}
    declare_all(assessment, personas.evaluator)
    with pytest.raises(PermissionDenied):  # still in preparation
        services.save_individual_score(
            actor=actor(personas.evaluator), assessment=assessment, **kwargs
        )
    services.start_individual(actor=actor(personas.buyer_admin), assessment=assessment)
    with pytest.raises(PermissionDenied):  # not declared
        services.save_individual_score(
            actor=actor(personas.evaluator_2), assessment=assessment, **kwargs
        )
    score = services.save_individual_score(
        actor=actor(personas.evaluator), assessment=assessment, **kwargs
    )
    assert (score.percent, score.strengths) == (50, ["Bra"])


def test_a_step_not_on_the_scale_is_refused(personas):
    assessment = make_self_assessment(personas)
    services.start_individual(actor=actor(personas.buyer_admin), assessment=assessment)
    declare_all(assessment, personas.evaluator)
    with pytest.raises(ValidationError) as error:
        services.save_individual_score(
            actor=actor(personas.evaluator),
            assessment=assessment,
            item=assessment.scope.first(),
            percent=55,
            strengths=["Bra"],
            improvements=[],
        )
    assert "percent" in error.value.message_dict
    assert not IndividualScore.objects.exists()


def test_submission_lists_what_is_missing_and_locks_when_complete(personas):
    assessment = make_self_assessment(personas)
    services.start_individual(actor=actor(personas.buyer_admin), assessment=assessment)
    declare_all(assessment, personas.evaluator)
    items = list(assessment.scope.select_related("criterion").order_by("order"))
    services.save_individual_score(
        actor=actor(personas.evaluator),
        assessment=assessment,
        item=items[0],
        percent=60,
        strengths=["Bra"],
        improvements=[],
    )
    services.save_individual_score(
        actor=actor(personas.evaluator),
        assessment=assessment,
        item=items[1],
        percent=60,
        strengths=[],
        improvements=[],
    )
    with pytest.raises(ValidationError) as error:
        services.submit_individual(actor=actor(personas.evaluator), assessment=assessment)
    assert error.value.messages == [
        "3 Kriterium 3 needs a step and at least one strength or improvement area.",
        "2 Kriterium 2 needs a step and at least one strength or improvement area.",
    ]
    score_all(assessment, personas.evaluator, 60)
    with pytest.raises(PermissionDenied):
        services.save_individual_score(
            actor=actor(personas.evaluator),
            assessment=assessment,
            item=items[0],
            percent=10,
            strengths=["Ändrat"],
            improvements=[],
        )
    assert IndividualScore.objects.get(member__user=personas.evaluator, item=items[0]).percent == 60


def test_consensus_needs_a_reason_when_someone_has_not_submitted(personas):
    assessment = make_self_assessment(personas)
    services.start_individual(actor=actor(personas.buyer_admin), assessment=assessment)
    declare_all(assessment, personas.panel_chair, personas.evaluator, personas.evaluator_2)
    score_all(assessment, personas.panel_chair, 50)
    score_all(assessment, personas.evaluator, 70)
    score_all(assessment, personas.evaluator_2, 10, submit=False)
    with pytest.raises(PermissionDenied):
        services.start_consensus(actor=actor(personas.evaluator), assessment=assessment)
    with pytest.raises(ValidationError) as error:
        services.start_consensus(actor=actor(personas.panel_chair), assessment=assessment)
    assert "Erik Utvärderare" in error.value.message_dict["reason"][0]
    services.start_consensus(
        actor=actor(personas.panel_chair), assessment=assessment, reason="Sjukskriven"
    )
    assessment.refresh_from_db()
    assert (assessment.status, assessment.consensus_forced_reason) == (
        Status.CONSENSUS,
        "Sjukskriven",
    )
    rows = selectors.consensus_rows(actor(personas.panel_chair), assessment)
    # Only submitted work counts: the unsubmitted 10 % is not there.
    assert {tuple(r.values) for r in rows} == {(50, 70)}
    assert rows[0].suggested == 60


def test_consensus_starts_with_merged_texts(personas):
    assessment = run_to_consensus(personas)
    consensus = ConsensusScore.objects.get(item__criterion__code="1", item__assessment=assessment)
    assert consensus.strengths == [
        "Styrka 1 enligt Cajsa Ordförande",
        "Styrka 1 enligt Eva Utvärderare",
        "Styrka 1 enligt Erik Utvärderare",
    ]
    assert consensus.improvements == ["Förbättra 1"]
    assert consensus.percent is None


def test_divergent_criteria_come_first(personas):
    steps = {
        personas.panel_chair: {"1": 50, "2": 20, "3": 50},
        personas.evaluator: {"1": 50, "2": 70, "3": 50},
        personas.evaluator_2: {"1": 60, "2": 60, "3": 50},
    }
    assessment = run_to_consensus(personas, steps=steps)
    rows = selectors.consensus_rows(actor(personas.panel_chair), assessment)
    assert [(r.item.criterion.code, r.divergent, r.spread) for r in rows] == [
        ("2", True, 50),
        ("1", False, 10),
        ("3", False, 0),
    ]


def test_a_step_away_from_the_suggestion_needs_a_rationale(personas):
    assessment = run_to_consensus(personas)
    row = selectors.consensus_rows(actor(personas.panel_chair), assessment)[0]
    assert row.suggested == 60
    with pytest.raises(ValidationError) as error:
        services.save_consensus(
            actor=actor(personas.panel_chair),
            assessment=assessment,
            item=row.item,
            percent=40,
            rationale="",
            strengths=["S"],
            improvements=[],
            revision=0,
            suggested=row.suggested,
        )
    assert "rationale" in error.value.message_dict
    saved = services.save_consensus(
        actor=actor(personas.panel_chair),
        assessment=assessment,
        item=row.item,
        percent=40,
        rationale="Bevisen räcker inte",
        strengths=["S"],
        improvements=[],
        revision=0,
        suggested=row.suggested,
    )
    assert (saved.percent, saved.revision) == (40, 1)
    event = AuditEvent.objects.filter(action="assessment.consensus_saved").get()
    assert event.data["before"] == {"percent": None, "rationale": ""}
    assert event.data["after"] == {"percent": 40, "rationale": "Bevisen räcker inte"}


def test_two_people_saving_the_same_criterion_do_not_overwrite_each_other(personas):
    assessment = run_to_consensus(personas)
    row = selectors.consensus_rows(actor(personas.panel_chair), assessment)[0]
    kwargs = {
        "assessment": assessment,
        "item": row.item,
        "strengths": ["S"],
        "improvements": [],
        "revision": row.consensus.revision,
        "suggested": row.suggested,
    }
    services.save_consensus(actor=actor(personas.panel_chair), percent=60, rationale="", **kwargs)
    with pytest.raises(services.ConsensusConflict) as clash:
        services.save_consensus(
            actor=actor(personas.evaluator), percent=70, rationale="Jag tycker 70", **kwargs
        )
    assert (clash.value.current.percent, clash.value.current.updated_by) == (
        60,
        personas.panel_chair,
    )
    assert ConsensusScore.objects.get(item=row.item).percent == 60


def test_finalise_needs_every_step_and_stores_the_total(personas):
    assessment = run_to_consensus(personas)
    with pytest.raises(ValidationError) as error:
        services.finalise(actor=actor(personas.panel_chair), assessment=assessment)
    assert len(error.value.messages) == 3
    agree_all(assessment, personas.panel_chair)
    with pytest.raises(PermissionDenied):
        services.finalise(actor=actor(personas.evaluator), assessment=assessment)
    services.finalise(actor=actor(personas.panel_chair), assessment=assessment)
    assessment.refresh_from_db()
    # Median 60 % on every criterion: 0.6 × (70 + 70 + 100).
    assert (assessment.status, assessment.total_points) == (Status.FINAL, Decimal("144.00"))
    with pytest.raises(PermissionDenied):  # nothing changes after the end
        services.save_consensus(
            actor=actor(personas.panel_chair),
            assessment=assessment,
            item=assessment.scope.first(),
            percent=10,
            rationale="x",
            strengths=[],
            improvements=[],
            revision=1,
            suggested=60,
        )


def test_a_new_self_assessment_is_compared_with_the_previous_final_one(personas):
    version = make_version()
    first = run_to_consensus(personas, version=version)
    agree_all(first, personas.panel_chair)
    services.finalise(actor=actor(personas.panel_chair), assessment=first)
    second = run_to_consensus(
        personas,
        version=version,
        steps={personas.panel_chair: 70, personas.evaluator: 80, personas.evaluator_2: 80},
    )
    assert second.reference_id == first.pk
    agree_all(second, personas.panel_chair)
    services.finalise(actor=actor(personas.panel_chair), assessment=second)
    second.refresh_from_db()
    report = selectors.feedback_report(actor(personas.buyer_admin), second)
    changes = {
        c.item.criterion.code: (c.previous_percent, c.percent, c.change) for c in report.criteria
    }
    assert changes == {
        "1": (60, 80, Decimal("14.00")),
        "2": (60, 80, Decimal("14.00")),
        "3": (60, 80, Decimal("20.00")),
    }
    assert report.reference_totals.total.points == Decimal("144.00")
    assert report.totals.total.points == Decimal("192.00")


def test_only_a_self_assessment_of_the_same_owner_becomes_the_reference(personas):
    """A tender is judged on the tender alone: an earlier final assessment of the same
    organisation must not be put beside it, and another owner's work is not compared with."""
    from rodtrad.assessments.models import Purpose
    from rodtrad.assessments.services import PanelSpec, default_scope

    version = make_version()
    first = run_to_consensus(personas, version=version)
    agree_all(first, personas.panel_chair)
    services.finalise(actor=actor(personas.panel_chair), assessment=first)

    def create(purpose, owner):
        return services.create_assessment(
            actor=actor(personas.buyer_admin),
            purpose=purpose,
            subject=personas.buyer,
            owner=owner,
            title="Ny",
            model_version=version,
            scope=default_scope(version),
            panel=[
                PanelSpec(
                    user=personas.panel_chair, organisation=personas.buyer, role=PanelRole.CHAIR
                ),
                PanelSpec(user=personas.evaluator, organisation=personas.buyer),
            ],
        )

    assert create(Purpose.SELF_ASSESSMENT, personas.buyer).reference_id == first.pk
    assert create(Purpose.TENDER, personas.buyer).reference_id is None
    assert create(Purpose.SELF_ASSESSMENT, personas.other_buyer).reference_id is None
