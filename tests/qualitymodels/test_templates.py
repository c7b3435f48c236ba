"""The built-in templates: in every database, loaded idempotently, valid, in their own words."""

from __future__ import annotations

import io
import shutil

import pytest
from django.core.management import call_command

from rodtrad.audit.models import AuditEvent
from rodtrad.qualitymodels import services
from rodtrad.qualitymodels.models import CriterionKind, ModelVersion, QualityModel
from rodtrad.qualitymodels.selectors import spec_of, validate_version, version_content

KEYS = ["gum-strukturerad", "siq-strukturerad"]


def _counts():
    return (QualityModel.objects.count(), ModelVersion.objects.count(), AuditEvent.objects.count())


def test_templates_are_in_the_database_after_migrate(db):
    templates = QualityModel.objects.filter(template_key__in=KEYS).order_by("template_key")
    assert [t.template_key for t in templates] == KEYS
    for template in templates:
        (version,) = template.versions.all()
        assert template.owner is None
        assert version.is_frozen
        assert version.language == "sv"


def test_load_templates_is_idempotent(db):
    before = _counts()
    results = services.load_templates()
    assert [(r.key, r.outcome) for r in results] == [(key, "unchanged") for key in KEYS]
    call_command("load_templates", stdout=io.StringIO())
    assert _counts() == before


@pytest.mark.parametrize(
    ("key", "name", "approach", "results"),
    [
        ("siq-strukturerad", "Verksamhetsmodell (SIQ-strukturerad mall)", 700, 300),
        ("gum-strukturerad", "Kvalitetsmodell för äldreomsorg (GUM-strukturerad mall)", 500, 500),
    ],
)
def test_templates_are_valid_with_their_point_splits(db, key, name, approach, results):
    version = ModelVersion.objects.get(model__template_key=key)
    content = version_content(version)
    assert version.model.name == name
    assert validate_version(version) == []
    assert (content.split.approach_sum, content.split.results_sum, content.split.total_sum) == (
        approach,
        results,
        1000,
    )
    for criterion in content.criteria:
        assert 2 <= len(criterion.questions) <= 4, criterion.code
        assert criterion.guidance and criterion.description, criterion.code
    for row in content.scales:
        assert [step.percent for step in row.steps] == list(range(0, 101, 10))
        assert all(step.description for step in row.steps)
    assert {row.scale.kind for row in content.scales} == set(CriterionKind.values)


def test_siq_template_has_the_five_success_factors(db):
    version = ModelVersion.objects.get(model__template_key="siq-strukturerad")
    assert [f.name for f in version.success_factors.all()] == [
        "Skapa värde med kunder och intressenter",
        "Leda för hållbarhet",
        "Involvera motiverade medarbetare",
        "Utveckla värdeskapande processer",
        "Förbättra verksamheten och skapa innovationer",
    ]
    approach = version.criteria.filter(kind="approach")
    assert approach.count() == 10
    assert {c.max_points for c in approach} == {70}


def test_elderly_care_template_covers_the_areas_and_current_law(db):
    version = ModelVersion.objects.get(model__template_key="gum-strukturerad")
    text = services.TEMPLATES_DIR.joinpath("gum-strukturerad.yaml").read_text(encoding="utf-8")
    groups = [g.name for g in version.groups.all()]
    assert groups[:6] == [
        "Självbestämmande och integritet",
        "Helhetssyn och samordning",
        "Trygghet och säkerhet",
        "Kunskapsbaserad verksamhet",
        "Tillgänglighet",
        "Effektivitet",
    ]
    for topic in (
        "genomförandeplan",
        "fast omsorgskontakt",
        "Senior alert",
        "BPSD",
        "palliativregistret",
        "lex Sarah",
        "undersköterska",
        "svenska",
        "egenkontroll",
        "närstående",
        "2025:400",
    ):
        assert topic in text, topic
    assert "2012:12" not in text  # never came into force: never presented as a requirement


def test_changed_template_content_becomes_a_new_frozen_version(db, tmp_path, monkeypatch):
    for key in KEYS:
        shutil.copy(services.TEMPLATES_DIR / f"{key}.yaml", tmp_path / f"{key}.yaml")
    path = tmp_path / "siq-strukturerad.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("label: '2026'", "label: '2027'"))
    monkeypatch.setattr(services, "TEMPLATES_DIR", tmp_path)
    results = {r.key: r for r in services.load_templates()}
    assert results["gum-strukturerad"].outcome == "unchanged"
    updated = results["siq-strukturerad"]
    assert updated.outcome == "updated"
    assert (updated.version.number, updated.version.label) == (2, "2027")
    assert updated.version.is_frozen
    assert updated.version.based_on.number == 1
    event = AuditEvent.objects.get(action="qualitymodel.template_loaded")
    assert event.data["outcome"] == "updated"
    assert services.load_templates()[1].outcome == "unchanged"


def test_a_new_template_file_is_created(db, tmp_path, monkeypatch):
    source = services.TEMPLATES_DIR / "siq-strukturerad.yaml"
    shutil.copy(source, tmp_path / "egen-mall.yaml")
    monkeypatch.setattr(services, "TEMPLATES_DIR", tmp_path)
    (result,) = services.load_templates(record=False)
    assert (result.key, result.outcome) == ("egen-mall", "created")
    assert result.version.model.template_key == "egen-mall"
    assert spec_of(result.version) == spec_of(
        ModelVersion.objects.get(model__template_key="siq-strukturerad")
    )
    assert not AuditEvent.objects.filter(action="qualitymodel.template_loaded").exists()
