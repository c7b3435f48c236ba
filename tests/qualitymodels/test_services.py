"""Versions, drafts and the draft editor's services."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from rodtrad.audit.models import AuditEvent
from rodtrad.qualitymodels import services
from rodtrad.qualitymodels.models import (
    Criterion,
    CriterionGroup,
    ModelVersion,
    QualityModel,
    Scale,
    ScaleStep,
    SuccessFactor,
)
from rodtrad.qualitymodels.selectors import spec_of, validate_version
from tests.qualitymodels.factories import make_session, make_version, template_version


def test_create_draft_from_copies_everything(personas, actor_for):
    original = make_version(owner=personas.buyer, frozen=True)
    draft = services.create_draft_from(
        version=original, actor=actor_for(personas.procurement_officer)
    )
    assert (draft.model, draft.number, draft.based_on, draft.frozen_at) == (
        original.model,
        2,
        original,
        None,
    )
    assert draft.created_by == personas.procurement_officer
    assert spec_of(draft) == spec_of(original)
    for model in (SuccessFactor, CriterionGroup, Criterion, Scale):
        assert (
            model.objects.filter(version=draft).count()
            == model.objects.filter(version=original).count()
        )
    assert ScaleStep.objects.filter(scale__version=draft).count() == 22
    first = Criterion.objects.filter(version=draft).first()
    assert first.questions == ["Hur arbetar ni?", "Hur väl är det infört?", "Hur förbättrar ni?"]
    assert first.guidance == "Titta efter exempel."
    assert first.group.version == draft
    event = AuditEvent.objects.get(action="qualitymodel.draft_created")
    assert event.data == {
        "model": "Testmodell",
        "model_id": original.model_id,
        "version": 2,
        "based_on": 1,
    }


def test_create_draft_from_a_template_copies_the_template(personas, actor_for):
    template = template_version()
    draft = services.create_draft_from(version=template, actor=actor_for(personas.platform_admin))
    assert spec_of(draft) == spec_of(template)
    assert validate_version(draft) == []


@pytest.mark.parametrize("persona", ["evaluator", "buyer_viewer", "provider_a_author", "stranger"])
def test_create_draft_from_needs_a_model_manager(personas, actor_for, persona):
    original = make_version(owner=personas.buyer, frozen=True)
    with pytest.raises(PermissionDenied):
        services.create_draft_from(version=original, actor=actor_for(getattr(personas, persona)))
    assert original.model.versions.count() == 1


def test_copy_version_to_an_organisation_makes_a_new_model(personas, actor_for):
    template = template_version()
    copy = services.copy_version_to(
        version=template,
        actor=actor_for(personas.provider_a_author),
        organisation=personas.provider_a,
    )
    assert copy.model.owner == personas.provider_a
    assert copy.model != template.model
    assert (copy.number, copy.based_on, copy.frozen_at) == (1, template, None)
    assert spec_of(copy) == spec_of(template)


def test_copy_version_to_needs_rights_in_the_target(personas, actor_for):
    template = template_version()
    with pytest.raises(PermissionDenied):
        services.copy_version_to(
            version=template, actor=actor_for(personas.evaluator), organisation=personas.buyer
        )
    with pytest.raises(PermissionDenied):
        services.copy_version_to(
            version=template,
            actor=actor_for(personas.procurement_officer),
            organisation=personas.provider_a,
        )


def test_delete_frozen_version_is_refused_with_a_message(personas, actor_for):
    version = make_version(owner=personas.buyer, frozen=True)
    with pytest.raises(ValidationError) as caught:
        services.delete_version(version=version, actor=actor_for(personas.buyer_admin))
    assert caught.value.messages == [
        "This version is in use and frozen, so it cannot be deleted. Assessments and "
        "procurements that use it keep it unchanged."
    ]
    assert ModelVersion.objects.filter(pk=version.pk).exists()


def test_delete_draft_keeps_the_model_while_it_has_versions(personas, actor_for):
    actor = actor_for(personas.buyer_admin)
    frozen = make_version(owner=personas.buyer, frozen=True)
    draft = services.create_draft_from(version=frozen, actor=actor)
    assert services.delete_version(version=draft, actor=actor) == frozen.model
    assert not ModelVersion.objects.filter(pk=draft.pk).exists()
    assert not Criterion.objects.filter(version_id=draft.pk).exists()
    event = AuditEvent.objects.get(action="qualitymodel.version_deleted")
    assert event.data["model_deleted"] is False


def test_delete_only_draft_deletes_the_model(personas, actor_for):
    draft = make_version(owner=personas.buyer)
    assert services.delete_version(version=draft, actor=actor_for(personas.buyer_admin)) is None
    assert not QualityModel.objects.filter(pk=draft.model_id).exists()


def test_delete_draft_used_by_training_is_refused(personas, actor_for):
    draft = make_version(owner=personas.buyer)
    make_session(organisation=personas.buyer, version=draft, by=personas.buyer_admin)
    with pytest.raises(ValidationError) as caught:
        services.delete_version(version=draft, actor=actor_for(personas.buyer_admin))
    assert caught.value.messages == ["Training sessions use this version, so it cannot be deleted."]


def test_create_model_makes_an_empty_draft(personas, actor_for, quality_lead):
    model = services.create_model(
        actor=actor_for(quality_lead), owner=personas.buyer, name=" Ekbys modell ", description=""
    )
    assert model.name == "Ekbys modell"
    (version,) = model.versions.all()
    assert (version.number, version.frozen_at, version.total_points) == (1, None, 1000)
    assert [p.path for p in validate_version(version)] == [
        "groups",
        "version.approach_points",
        "version.results_points",
        "version.total_points",
    ]
    with pytest.raises(PermissionDenied):
        services.create_model(actor=actor_for(personas.evaluator), owner=personas.buyer, name="X")
    with pytest.raises(PermissionDenied):
        services.create_model(actor=actor_for(personas.buyer_admin), owner=None, name="X")


def test_draft_editor_builds_a_valid_version(personas, actor_for):
    actor = actor_for(personas.procurement_officer)
    model = services.create_model(actor=actor, owner=personas.buyer, name="Egen modell")
    version = model.versions.get()
    services.update_version(
        actor=actor,
        version=version,
        label="2026",
        language="sv",
        total_points=100,
        approach_points=60,
        results_points=40,
        notes="",
    )
    services.save_success_factor(actor=actor, version=version, code="K1", name="Kunden")
    group = services.save_group(actor=actor, version=version, code="1", name="Arbetssätt")
    results = services.save_group(actor=actor, version=version, code="2", name="Resultat")
    services.save_criterion(
        actor=actor,
        version=version,
        group=group,
        code="1.1",
        name="Måltider",
        kind="approach",
        max_points=60,
        questions="Hur arbetar ni?\r\n\r\n Hur väl är det infört? \nHur förbättrar ni?",
    )
    services.save_criterion(
        actor=actor,
        version=version,
        group=results,
        code="2.1",
        name="Nöjdhet",
        kind="results",
        max_points=40,
    )
    for kind in ("approach", "results"):
        scale = services.save_scale(actor=actor, version=version, kind=kind, name=f"Skala {kind}")
        for percent in (0, 50, 100):
            services.save_scale_step(actor=actor, scale=scale, percent=percent)
    assert validate_version(version) == []
    criterion = Criterion.objects.get(version=version, code="1.1")
    assert criterion.questions == [
        "Hur arbetar ni?",
        "Hur väl är det infört?",
        "Hur förbättrar ni?",
    ]
    assert [g.order for g in CriterionGroup.objects.filter(version=version)] == [0, 1]
    actions = list(
        AuditEvent.objects.filter(action__startswith="qualitymodel.part_").values_list(
            "action", flat=True
        )
    )
    assert actions == ["qualitymodel.part_added"] * 13


def test_draft_editor_refuses_duplicates_with_field_errors(personas, actor_for):
    actor = actor_for(personas.procurement_officer)
    version = make_version(owner=personas.buyer)
    group = version.groups.first()
    with pytest.raises(ValidationError) as caught:
        services.save_criterion(
            actor=actor,
            version=version,
            group=group,
            code="1.1",
            name="X",
            kind="approach",
            max_points=0,
        )
    assert caught.value.message_dict == {
        "max_points": ["Enter the maximum points as a whole number, 1 or more."],
        "code": ["Another criterion has the code 1.1."],
    }
    with pytest.raises(ValidationError) as caught:
        services.save_scale(actor=actor, version=version, kind="results", name="Till")
    assert caught.value.message_dict == {
        "kind": ["This version already has a scale for this kind of criteria."]
    }
    with pytest.raises(ValidationError) as caught:
        services.save_scale_step(actor=actor, scale=version.scales.first(), percent=50)
    assert caught.value.message_dict == {"percent": ["The scale already has a 50 % step."]}
    other_group = make_version(owner=personas.buyer).groups.first()
    with pytest.raises(ValidationError) as caught:
        services.save_criterion(
            actor=actor,
            version=version,
            group=other_group,
            code="9",
            name="X",
            kind="approach",
            max_points=1,
        )
    assert caught.value.message_dict == {"group": ["Choose a group of this version."]}


def test_changing_a_criterion_records_before_and_after(personas, actor_for):
    actor = actor_for(personas.procurement_officer)
    version = make_version(owner=personas.buyer)
    criterion = version.criteria.get(code="R.1")
    services.save_criterion(
        actor=actor,
        version=version,
        criterion=criterion,
        group=criterion.group,
        code="R.1",
        name="Brukarnöjdhet",
        kind="results",
        max_points=100,
        questions=[],
    )
    event = AuditEvent.objects.get(action="qualitymodel.part_changed")
    assert event.data["before"]["name"] == "Kundresultat"
    assert event.data["after"]["name"] == "Brukarnöjdhet"
    assert event.data["part"] == "criterion"


def test_removing_a_group_removes_its_criteria(personas, actor_for):
    version = make_version(owner=personas.buyer)
    group = version.groups.get(code="R")
    services.delete_part(actor=actor_for(personas.procurement_officer), part=group)
    assert not version.criteria.filter(code__startswith="R.").exists()
    assert [p.path for p in validate_version(version)] == [
        "version.results_points",
        "version.total_points",
    ]


def test_draft_editing_needs_a_model_manager(personas, actor_for):
    version = make_version(owner=personas.buyer)
    for persona in ("evaluator", "provider_a_author"):
        with pytest.raises(PermissionDenied):
            services.save_group(
                actor=actor_for(getattr(personas, persona)), version=version, code="9", name="X"
            )
