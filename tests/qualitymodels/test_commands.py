"""The import-model, export-model and load-templates commands."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from rodtrad.qualitymodels.models import ModelVersion, QualityModel
from rodtrad.qualitymodels.selectors import export_version
from tests.qualitymodels.factories import make_version, template_version


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_export_model_writes_yaml_and_json(db, tmp_path):
    version = template_version()
    assert run("export_model", str(version.pk)) == export_version(version, "yaml")
    target = tmp_path / "model.json"
    assert run("export_model", str(version.pk), "--format", "json", "--output", str(target)) == (
        f"Wrote {target}.\n"
    )
    assert json.loads(target.read_text())["version"]["results_points"] == 500


def test_export_model_of_an_unknown_version_fails(db):
    with pytest.raises(CommandError, match=r"There is no model version with id 999999\."):
        run("export_model", "999999")


def test_import_model_creates_a_platform_model_and_round_trips(db, tmp_path):
    version = template_version("siq-strukturerad")
    path = tmp_path / "siq.yaml"
    path.write_text(export_version(version), encoding="utf-8")
    output = run("import_model", str(path))
    imported = ModelVersion.objects.latest("pk")
    assert output == (
        f"Imported Verksamhetsmodell (SIQ-strukturerad mall) version 1 (version id {imported.pk}, "
        f"model id {imported.model_id}) as a draft.\n"
    )
    assert imported.model.owner is None and imported.model.template_key == ""
    assert export_version(imported) == export_version(version)


def test_import_model_into_a_model_and_for_an_owner(personas, tmp_path):
    existing = make_version(owner=personas.buyer, frozen=True)
    path = tmp_path / "model.json"
    path.write_text(export_version(existing, "json"), encoding="utf-8")
    run("import_model", str(path), "--model", str(existing.model_id))
    assert existing.model.versions.count() == 2
    run("import_model", str(path), "--owner", str(personas.provider_a.pk))
    assert QualityModel.objects.filter(owner=personas.provider_a).count() == 1


def test_import_model_reports_every_problem_and_saves_nothing(db, tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(
        export_version(template_version()).replace("kind: approach", "kind: approch", 1),
        encoding="utf-8",
    )
    before = ModelVersion.objects.count()
    with pytest.raises(CommandError) as caught:
        run("import_model", str(path))
    message = str(caught.value)
    assert message.startswith("The file cannot be imported:\n")
    assert f"{path}: line " in message
    assert "groups[0].criteria[0].kind: Unknown kind “approch”: use approach or results." in message
    assert ModelVersion.objects.count() == before


def test_import_model_with_a_missing_file_or_model_fails(db, tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        run("import_model", str(tmp_path / "nothing.yaml"))
    path = tmp_path / "m.yaml"
    path.write_text(export_version(template_version()), encoding="utf-8")
    with pytest.raises(CommandError, match=r"There is no model with id 999999\."):
        run("import_model", str(path), "--model", "999999")


def test_load_templates_command_reports_each_template(db):
    output = run("load_templates")
    assert output.splitlines()[0].startswith("gum-strukturerad: unchanged (version 1, id ")
    assert output.splitlines()[1].startswith("siq-strukturerad: unchanged (version 1, id ")
