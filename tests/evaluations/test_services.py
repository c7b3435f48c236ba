"""Starting the evaluation, the declaration once per procurement, and revealing the prices."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from rodtrad.assessments import services as engine
from rodtrad.assessments.models import PanelMember, PanelRole, Purpose, Status
from rodtrad.audit.models import AuditEvent
from rodtrad.evaluations import permissions, services
from rodtrad.evaluations.models import EvaluatorDeclaration, PriceReveal, TenderEvaluation
from tests.assessments.factories import agree_all
from tests.evaluations.factories import (
    actor,
    declared,
    finalise_all,
    in_evaluation,
    links,
    panel,
    started,
    to_consensus,
)

pytestmark = pytest.mark.django_db


def test_start_creates_one_assessment_per_qualified_tender(personas):
    procurement, tenders = in_evaluation(personas, 3, disqualified=1)

    created = services.start_evaluation(actor=actor(personas.panel_chair), procurement=procurement)

    assert [link.tender_id for link in created] == [tenders[0].pk, tenders[1].pk]
    for link, tender in zip(links(procurement), tenders[:2], strict=True):
        a = link.assessment
        assert (a.purpose, a.status) == (Purpose.TENDER, Status.INDIVIDUAL)
        assert (a.subject_id, a.owner_id) == (tender.organisation_id, personas.buyer.pk)
        assert a.model_version_id == procurement.model_version_id
        assert sorted((m.user_id, m.role, m.organisation_id) for m in a.panel.all()) == sorted(
            [
                (personas.panel_chair.pk, PanelRole.CHAIR, personas.buyer.pk),
                (personas.evaluator.pk, PanelRole.EVALUATOR, personas.buyer.pk),
                (personas.evaluator_2.pk, PanelRole.EVALUATOR, personas.buyer.pk),
            ]
        )
        awards = list(procurement.criteria.select_related("criterion").order_by("order", "id"))
        assert [
            (i.criterion_id, i.max_points, i.guidance, i.question)
            for i in a.scope.order_by("order")
        ] == [(w.criterion_id, w.points, w.guidance, w.question) for w in awards]


def test_start_is_idempotent(personas):
    procurement, _tenders = started(personas, 2)
    again = services.start_evaluation(
        actor=actor(personas.procurement_officer), procurement=procurement
    )
    assert again == []
    assert TenderEvaluation.objects.filter(procurement=procurement).count() == 2


def test_a_lot_with_its_own_points_gives_its_points(personas):
    procurement, _tenders = in_evaluation(personas, 2, lots=2, lot_points={2: Decimal("35")})
    services.start_evaluation(actor=actor(personas.panel_chair), procurement=procurement)
    by_lot: dict[int, set] = {}
    for link in links(procurement):
        by_lot.setdefault(link.lot.number, set()).update(
            link.assessment.scope.values_list("max_points", flat=True)
        )
    awards = set(procurement.criteria.values_list("points", flat=True))
    assert TenderEvaluation.objects.filter(procurement=procurement).count() == 4
    assert by_lot == {1: awards, 2: {Decimal("35.00")}}


def test_only_the_chair_or_an_officer_starts_and_only_in_evaluation(personas):
    procurement, _tenders = in_evaluation(personas, 1)
    with pytest.raises(PermissionDenied):
        services.start_evaluation(actor=actor(personas.evaluator), procurement=procurement)
    procurement.status = "award_decided"
    with pytest.raises(ValidationError):
        services.start_evaluation(actor=actor(personas.panel_chair), procurement=procurement)


def test_one_declaration_signs_every_tender_assessment(personas):
    procurement, _tenders = started(personas, 3)

    services.sign_declaration(actor=actor(personas.evaluator), procurement=procurement)

    members = PanelMember.objects.filter(
        assessment__tender_evaluation__procurement=procurement, user=personas.evaluator
    )
    assert [(m.declared_at is not None, m.removed_at) for m in members] == [(True, None)] * 3
    with pytest.raises(ValidationError):
        services.sign_declaration(actor=actor(personas.evaluator), procurement=procurement)
    others = PanelMember.objects.filter(
        assessment__tender_evaluation__procurement=procurement, user=personas.evaluator_2
    )
    assert all(m.declared_at is None for m in others)


def test_a_conflict_removes_the_person_from_that_tenderer_only(personas):
    procurement, (a, b) = started(personas, 2)

    declaration = services.sign_declaration(
        actor=actor(personas.evaluator),
        procurement=procurement,
        conflicts=[personas.provider_b],
        description="Min bror är vd på Omsorg B.",
    )

    assert list(declaration.conflicts.all()) == [personas.provider_b]
    state = {
        link.tender.organisation_id: link.assessment.panel.get(user=personas.evaluator)
        for link in links(procurement)
    }
    assert state[a.organisation_id].removed_at is None
    assert state[a.organisation_id].has_declared
    assert state[b.organisation_id].removed_at is not None
    assert state[b.organisation_id].conflict_declared


def test_a_conflict_needs_a_description_and_a_tenderer_of_the_procurement(personas):
    procurement, _tenders = started(personas, 2)
    with pytest.raises(ValidationError):
        services.sign_declaration(
            actor=actor(personas.evaluator), procurement=procurement, conflicts=[personas.buyer]
        )
    with pytest.raises(ValidationError):
        services.sign_declaration(
            actor=actor(personas.evaluator),
            procurement=procurement,
            conflicts=[personas.provider_a],
        )
    assert not EvaluatorDeclaration.objects.exists()


def test_only_the_panel_signs(personas):
    procurement, _tenders = started(personas, 1)
    with pytest.raises(PermissionDenied):
        services.sign_declaration(
            actor=actor(personas.procurement_officer), procurement=procurement
        )


def test_reveal_refused_until_every_consensus_is_final(personas):
    procurement, _tenders = declared(personas, 2)
    chair = actor(personas.panel_chair)
    with pytest.raises(ValidationError):
        services.reveal_prices(actor=chair, procurement=procurement)
    to_consensus(personas, procurement)
    first = links(procurement)[0]
    agree_all(first.assessment, personas.panel_chair)
    engine.finalise(actor=chair, assessment=first.assessment)
    with pytest.raises(ValidationError):
        services.reveal_prices(actor=chair, procurement=procurement)
    assert not PriceReveal.objects.exists()


def test_the_chair_reveals_the_prices_when_all_is_final(personas):
    procurement, _tenders = declared(personas, 2)
    to_consensus(personas, procurement)
    finalise_all(personas, procurement)
    with pytest.raises(PermissionDenied):
        services.reveal_prices(actor=actor(personas.evaluator), procurement=procurement)
    assert not permissions.can_see_prices(actor(personas.evaluator), procurement)

    services.reveal_prices(actor=actor(personas.panel_chair), procurement=procurement)

    reveal = PriceReveal.objects.get(procurement=procurement)
    assert reveal.revealed_by == personas.panel_chair
    event = AuditEvent.objects.filter(action="evaluation.prices_revealed").get()
    assert (event.object_id, event.confidential) == (str(procurement.pk), False)
    fresh = type(procurement).objects.get(pk=procurement.pk)
    assert all(permissions.can_see_prices(actor(u), fresh) for u in panel(personas))
    with pytest.raises(ValidationError):
        services.reveal_prices(actor=actor(personas.panel_chair), procurement=fresh)


def test_who_sees_prices_before_the_reveal(personas):
    procurement, _tenders = started(personas, 1)
    seen = {
        name: permissions.can_see_prices(actor(getattr(personas, name)), procurement)
        for name in (
            "panel_chair",
            "evaluator",
            "evaluator_2",
            "procurement_officer",
            "buyer_admin",
            "buyer_viewer",
            "provider_a_author",
            "other_buyer_officer",
        )
    }
    assert seen == {
        "panel_chair": False,
        "evaluator": False,
        "evaluator_2": False,
        "procurement_officer": True,
        "buyer_admin": True,
        "buyer_viewer": False,
        "provider_a_author": False,
        "other_buyer_officer": False,
    }
    procurement.hide_prices = False
    assert permissions.can_see_prices(actor(personas.evaluator), procurement)
