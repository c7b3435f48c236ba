"""A frozen version never changes: not through the models, querysets, services, imports, the
admin site – and freezing itself validates first."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from rodtrad.audit.models import AuditEvent
from rodtrad.qualitymodels import services
from rodtrad.qualitymodels.models import (
    Criterion,
    CriterionGroup,
    FrozenVersionError,
    ModelVersion,
    Scale,
    ScaleStep,
    SuccessFactor,
)
from rodtrad.qualitymodels.selectors import export_version
from tests.qualitymodels.factories import make_spec, make_version


@pytest.fixture
def frozen(personas):
    return make_version(owner=personas.buyer, frozen=True)


def test_frozen_version_save_and_delete_are_refused(frozen):
    frozen.label = "ändrad"
    with pytest.raises(FrozenVersionError):
        frozen.save()
    with pytest.raises(FrozenVersionError):
        frozen.delete()
    with pytest.raises(FrozenVersionError):
        ModelVersion.objects.filter(pk=frozen.pk).update(label="x")
    with pytest.raises(FrozenVersionError):
        ModelVersion.objects.filter(pk=frozen.pk).update(frozen_at=None)
    with pytest.raises(FrozenVersionError):
        ModelVersion.objects.filter(pk=frozen.pk).delete()
    assert ModelVersion.objects.get(pk=frozen.pk).label == "2026"


@pytest.mark.parametrize("model", [SuccessFactor, CriterionGroup, Criterion, Scale])
def test_frozen_parts_cannot_be_saved_or_deleted(frozen, model):
    part = model.objects.filter(version=frozen).first()
    part.name = "ändrad"
    with pytest.raises(FrozenVersionError):
        part.save()
    with pytest.raises(FrozenVersionError):
        part.delete()
    with pytest.raises(FrozenVersionError):
        model.objects.filter(version=frozen).update(name="x")
    with pytest.raises(FrozenVersionError):
        model.objects.filter(version=frozen).delete()
    assert model.objects.get(pk=part.pk).name != "ändrad"


def test_frozen_scale_steps_cannot_change(frozen):
    step = ScaleStep.objects.filter(scale__version=frozen).first()
    step.description = "ändrad"
    with pytest.raises(FrozenVersionError):
        step.save()
    with pytest.raises(FrozenVersionError):
        step.delete()
    with pytest.raises(FrozenVersionError):
        ScaleStep.objects.filter(scale__version=frozen).update(description="x")
    with pytest.raises(FrozenVersionError):
        ScaleStep.objects.filter(pk=step.pk).delete()


def test_nothing_can_be_added_to_a_frozen_version(frozen):
    group = frozen.groups.first()
    scale = frozen.scales.first()
    with pytest.raises(FrozenVersionError):
        SuccessFactor(version=frozen, code="K9", name="Ny").save()
    with pytest.raises(FrozenVersionError):
        Criterion.objects.bulk_create(
            [
                Criterion(
                    version=frozen, group=group, code="9", name="Ny", kind="approach", max_points=1
                )
            ]
        )
    with pytest.raises(FrozenVersionError):
        ScaleStep.objects.bulk_create([ScaleStep(scale=scale, percent=55)])
    assert not Criterion.objects.filter(code="9").exists()


def test_service_edits_of_a_frozen_version_are_refused(frozen, personas, actor_for):
    actor = actor_for(personas.procurement_officer)
    before = export_version(frozen)
    criterion = frozen.criteria.first()
    scale = frozen.scales.first()
    edits = [
        lambda: services.save_success_factor(actor=actor, version=frozen, code="K2", name="Ny"),
        lambda: services.save_criterion(
            actor=actor,
            version=frozen,
            criterion=criterion,
            group=criterion.group,
            code=criterion.code,
            name="Ändrad",
            kind=criterion.kind,
            max_points=criterion.max_points,
        ),
        lambda: services.delete_part(actor=actor, part=criterion),
        lambda: services.save_scale_step(actor=actor, scale=scale, percent=55),
        lambda: services.update_version(
            actor=actor,
            version=frozen,
            label="x",
            language="sv",
            total_points=1000,
            approach_points=700,
            results_points=300,
            notes="",
        ),
    ]
    for edit in edits:
        with pytest.raises(ValidationError) as caught:
            edit()
        assert caught.value.code == "frozen"
        assert caught.value.messages == [
            "This version is in use and frozen: it cannot be changed. Create a new version from "
            "it to make changes."
        ]
    assert export_version(frozen) == before


def test_freeze_version_validates_sets_frozen_and_records(personas, actor_for):
    version = make_version(owner=personas.buyer)
    actor = actor_for(personas.evaluator)  # using a model only needs to see it
    services.freeze_version(version=version, actor=actor)
    version.refresh_from_db()
    assert version.is_frozen
    event = AuditEvent.objects.get(action="qualitymodel.version_frozen")
    assert (event.actor, event.organisation, event.object_id) == (
        personas.evaluator,
        personas.buyer,
        str(version.pk),
    )
    frozen_at = version.frozen_at
    services.freeze_version(version=version, actor=actor)  # idempotent
    version.refresh_from_db()
    assert version.frozen_at == frozen_at
    assert AuditEvent.objects.filter(action="qualitymodel.version_frozen").count() == 1


def test_freeze_version_refuses_an_incomplete_version_and_lists_its_problems(personas, actor_for):
    spec = make_spec()
    version = make_version(owner=personas.buyer, spec=spec)
    Criterion.objects.filter(version=version, code="1.1").update(max_points=1)
    with pytest.raises(ValidationError) as caught:
        services.freeze_version(version=version, actor=actor_for(personas.evaluator))
    assert caught.value.messages == [
        f"The model version {version} cannot be used yet:",
        "version.approach_points: The approach criteria add up to 526 points, but the version "
        "gives 700 points to approaches.",
        "version.total_points: The criteria add up to 826 points, but the version's total is 1000.",
    ]
    version.refresh_from_db()
    assert not version.is_frozen


def test_freeze_version_of_an_invisible_model_is_refused(personas, actor_for):
    version = make_version(owner=personas.buyer)
    with pytest.raises(PermissionDenied):
        services.freeze_version(version=version, actor=actor_for(personas.provider_a_author))
    version.refresh_from_db()
    assert not version.is_frozen


def test_admin_cannot_change_or_delete_a_version(frozen, personas, client_for):
    client = client_for(personas.platform_admin)
    url = f"/admin/qualitymodels/modelversion/{frozen.pk}/change/"
    assert client.get(url).status_code == 200  # read-only view
    response = client.post(url, {"label": "ändrad", "number": 1})
    assert response.status_code == 403
    assert client.post(f"/admin/qualitymodels/modelversion/{frozen.pk}/delete/").status_code == 403
    assert client.get("/admin/qualitymodels/criterion/").status_code == 404  # not registered
    frozen.refresh_from_db()
    assert frozen.label == "2026"
