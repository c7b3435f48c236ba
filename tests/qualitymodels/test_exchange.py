"""The exchange format: export, import, errors with line and path, nothing saved on error, and
a property test of the round trip."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rodtrad.audit.models import AuditEvent
from rodtrad.qualitymodels import exchange
from rodtrad.qualitymodels.models import (
    Criterion,
    ModelVersion,
    QualityModel,
    ScaleStep,
    SuccessFactor,
)
from rodtrad.qualitymodels.selectors import export_version, spec_of
from rodtrad.qualitymodels.services import TEMPLATES_DIR, ModelFileError, import_version
from rodtrad.qualitymodels.spec import (
    CriterionSpec,
    FactorSpec,
    GroupSpec,
    ScaleSpec,
    StepSpec,
    VersionSpec,
)
from rodtrad.qualitymodels.validation import Problem
from tests.qualitymodels.factories import make_spec, make_version, template_version

VALID_YAML = exchange.dump_yaml(make_spec())


def line_of(text: str, needle: str, nth: int = 0) -> int:
    lines = [i + 1 for i, line in enumerate(text.splitlines()) if needle in line]
    return lines[nth]


def db_state() -> tuple:
    return (
        QualityModel.objects.count(),
        ModelVersion.objects.count(),
        SuccessFactor.objects.count(),
        Criterion.objects.count(),
        ScaleStep.objects.count(),
        AuditEvent.objects.count(),
    )


def import_problems(actor, text: str, fmt: str | None = None) -> list[Problem]:
    before = db_state()
    with pytest.raises(ModelFileError) as caught:
        import_version(actor=actor, content=text.encode(), fmt=fmt)
    assert db_state() == before, "a refused import saved something"
    return caught.value.problems


@pytest.fixture
def admin(personas, actor_for):
    return actor_for(personas.platform_admin)


# --- writing -------------------------------------------------------------------------------------


def test_export_of_a_template_is_the_shipped_file(db):
    version = template_version("siq-strukturerad")
    shipped = (TEMPLATES_DIR / "siq-strukturerad.yaml").read_text(encoding="utf-8")
    assert "#" + export_version(version, "yaml") == "#" + shipped.split("\n", 2)[2]


def test_export_json_is_the_same_document(db):
    version = template_version()
    document = json.loads(export_version(version, "json"))
    assert document["format"] == "rodtrad-quality-model/1"
    assert document == exchange.spec_to_document(spec_of(version))
    assert document["version"]["approach_points"] == 500
    first = document["groups"][0]["criteria"][0]
    assert set(first) == {
        "code",
        "name",
        "kind",
        "max_points",
        "description",
        "questions",
        "guidance",
    }


def test_multiline_texts_are_written_as_blocks():
    spec = replace(make_spec(), notes="Första raden.\nAndra raden.")
    assert "notes: |-\n    Första raden.\n    Andra raden.\n" in exchange.dump_yaml(spec)


# --- importing -----------------------------------------------------------------------------------


def test_import_creates_a_new_model_with_a_draft(personas, actor_for):
    actor = actor_for(personas.procurement_officer)
    version = import_version(actor=actor, content=VALID_YAML.encode(), owner=personas.buyer)
    assert version.model.owner == personas.buyer
    assert version.model.name == "Testmodell"
    assert (version.number, version.frozen_at, version.created_by) == (
        1,
        None,
        personas.procurement_officer,
    )
    assert spec_of(version) == make_spec()
    event = AuditEvent.objects.get(action="qualitymodel.version_imported")
    assert (event.actor, event.organisation, event.object_id) == (
        personas.procurement_officer,
        personas.buyer,
        str(version.pk),
    )


def test_import_into_a_model_adds_a_draft_and_keeps_the_model_name(personas, actor_for):
    existing = make_version(owner=personas.buyer, frozen=True, name="Ekbys modell")
    frozen_before = export_version(existing)
    text = exchange.dump_yaml(replace(make_spec(name="Annat namn"), label="2027"))
    version = import_version(
        actor=actor_for(personas.procurement_officer), content=text, model=existing.model
    )
    assert (version.model, version.number, version.label) == (existing.model, 2, "2027")
    assert version.model.name == "Ekbys modell"
    existing.refresh_from_db()
    assert export_version(existing) == frozen_before


def test_import_as_platform_template_needs_a_platform_admin(personas, actor_for, admin):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        import_version(actor=actor_for(personas.procurement_officer), content=VALID_YAML)
    with pytest.raises(PermissionDenied):
        import_version(
            actor=actor_for(personas.evaluator), content=VALID_YAML, owner=personas.buyer
        )
    assert import_version(actor=admin, content=VALID_YAML).model.owner is None


def test_missing_points_name_the_line_and_path(admin):
    text = VALID_YAML.replace("    max_points: 175\n", "", 1)
    assert import_problems(admin, text) == [
        Problem(
            "groups[0].criteria[0].max_points",
            "Criterion 1.1 has no points: add “max_points”.",
            line_of(text, "- code: '1.1'"),
        )
    ]


def test_unknown_kind_names_the_line(admin):
    text = VALID_YAML.replace("kind: approach", "kind: approch", 1)
    assert import_problems(admin, text) == [
        Problem(
            "groups[0].criteria[0].kind",
            "Unknown kind “approch”: use approach or results.",
            line_of(text, "kind: approch"),
        )
    ]


def test_points_that_do_not_add_up_name_the_line(admin):
    text = VALID_YAML.replace("max_points: 175", "max_points: 170", 1)
    problems = import_problems(admin, text)
    assert problems[0] == Problem(
        "version.approach_points",
        "The approach criteria add up to 695 points, but the version gives 700 points to "
        "approaches.",
        line_of(text, "approach_points: 700"),
    )


def test_duplicate_criterion_codes_name_the_line(admin):
    text = VALID_YAML.replace("- code: '2.1'", "- code: '1.1'")
    assert import_problems(admin, text) == [
        Problem(
            "groups[1].criteria[0].code",
            "The code 1.1 is used twice (also at groups[0].criteria[0].code).",
            line_of(text, "- code: '1.1'", 1),
        )
    ]


def test_unordered_scale_steps_name_the_line(admin):
    text = VALID_YAML.replace("percent: 20", "percent: 5", 1)
    assert import_problems(admin, text) == [
        Problem(
            "scales[0].steps[2].percent",
            "The steps must go strictly upwards: 5 % comes after 10 %.",
            line_of(text, "percent: 5"),
        )
    ]


def test_malformed_yaml_names_the_line(admin):
    text = VALID_YAML.replace("  total_points: 1000", "  total_points: [1000", 1)
    (problem,) = import_problems(admin, text)
    assert problem.path == ""
    assert problem.message.startswith("The YAML is malformed: ")
    assert problem.line == line_of(text, "approach_points")


def test_malformed_json_names_the_line_and_column(admin):
    text = '{\n  "format": "rodtrad-quality-model/1",\n  "model": {"name": "X",}\n}'
    (problem,) = import_problems(admin, text)
    assert (problem.path, problem.line) == ("", 3)
    assert problem.message.startswith("The JSON is malformed: ")
    assert problem.message.endswith(" (column 24).")  # Python's own words in between


def test_wrong_types_are_named_with_line_and_path(admin):
    text = (
        VALID_YAML.replace("max_points: 175", "max_points: many", 1)
        .replace("label: '2026'", "label: 2026")
        .replace(
            "    questions:\n    - Hur arbetar ni?", "    questions: Hur arbetar ni?\n    x:", 1
        )
    )
    assert import_problems(admin, text) == [
        Problem(
            "version.label",
            "Expected a text, not 2026 (put it in quotes if it looks like a number).",
            line_of(text, "label: 2026"),
        ),
        Problem(
            "groups[0].criteria[0].x",
            "Unknown field “x”; the fields here are: code, name, kind, description, guidance, "
            "max_points, questions.",
            line_of(text, "    x:"),
        ),
        Problem(
            "groups[0].criteria[0].max_points",
            "Expected a whole number, not 'many'.",
            line_of(text, "max_points: many"),
        ),
        Problem(
            "groups[0].criteria[0].questions",
            "Expected a list here, not 'Hur arbetar ni?'.",
            line_of(text, "questions: Hur arbetar ni?"),
        ),
    ]


def test_json_problems_name_the_line_and_path(admin):
    document = exchange.spec_to_document(make_spec())
    document["groups"][1]["criteria"][0]["max_points"] = "175"
    text = json.dumps(document, ensure_ascii=False, indent=2)
    assert import_problems(admin, text) == [
        Problem(
            "groups[1].criteria[0].max_points",
            "Expected a whole number, not '175'.",
            line_of(text, '"max_points": "175"'),
        )
    ]


def test_file_without_format_or_sections_is_refused(admin):
    problems = import_problems(admin, "model:\n  name: X\n")
    assert [(p.path, p.line) for p in problems] == [
        ("format", 1),
        ("version", 1),
        ("groups", 1),
    ]
    assert import_problems(admin, "- a list\n")[0].message == (
        "Expected a set of fields here, not a list."
    )
    assert import_problems(admin, "")[0].message == "The file is empty."


def test_repeated_yaml_keys_are_named(admin):
    text = VALID_YAML.replace("  language: sv\n", "  language: sv\n  language: en\n")
    assert import_problems(admin, text) == [
        Problem(
            "version.language",
            "The field “language” appears twice.",
            line_of(text, "language: en"),
        )
    ]


def test_unsafe_yaml_tags_are_refused(admin):
    text = VALID_YAML.replace("label: '2026'", "label: !!python/object/apply:os.system ['ls']")
    (problem,) = import_problems(admin, text)
    assert problem.message.startswith("The YAML has a value that cannot be read")
    assert problem.line == line_of(text, "label: !!python")


def test_alias_bomb_is_refused(admin):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 7)]
    (problem,) = import_problems(admin, "\n".join(lines))
    assert problem.message == "The file is too large or nested too deeply."


def test_non_utf8_and_oversized_files_are_refused(admin):
    before = db_state()
    with pytest.raises(ModelFileError) as caught:
        import_version(actor=admin, content="namn: Å".encode("latin-1"))
    assert caught.value.problems == [Problem("", "The file is not UTF-8 text (byte 7).")]
    with pytest.raises(ModelFileError) as caught:
        import_version(actor=admin, content=b"#" * (exchange.MAX_BYTES + 1))
    assert caught.value.problems == [Problem("", "The file is larger than 2 MB.")]
    assert db_state() == before


def test_import_error_is_a_validation_error_keyed_by_path(admin):
    text = VALID_YAML.replace("kind: approach", "kind: approch", 1)
    with pytest.raises(ModelFileError) as caught:
        import_version(actor=admin, content=text)
    line = line_of(text, "kind: approch")
    assert caught.value.message_dict == {
        "groups[0].criteria[0].kind": [
            f"Line {line}: Unknown kind “approch”: use approach or results."
        ]
    }


# --- the round trip ------------------------------------------------------------------------------

ALPHABET = st.sampled_from(
    list("abcdefghijklmnopqrstuvwxyzåäöÅÄÖéABCXYZ0123456789 .,:;-–'\"!?()%#&/*@[]{}|>~\n")
)


def clean_text(max_size: int = 60, min_size: int = 0):
    return (
        st.text(ALPHABET, max_size=max_size)
        .map(exchange.clean_text)
        .filter(lambda t: len(t) >= min_size)
    )


def codes(n: int):
    return st.lists(
        clean_text(20, 1).filter(lambda t: "\n" not in t),
        min_size=n,
        max_size=n,
        unique_by=lambda t: t.casefold(),
    )


@st.composite
def versions(draw) -> VersionSpec:
    """Random valid versions: points made to add up, strictly increasing scale steps."""
    group_count = draw(st.integers(1, 3))
    sizes = [draw(st.integers(1, 3)) for _ in range(group_count)]
    group_codes = draw(codes(group_count))
    criterion_codes = iter(draw(codes(sum(sizes))))
    name = clean_text(80, 1).filter(lambda t: "\n" not in t)
    groups = []
    for g, size in enumerate(sizes):
        criteria = tuple(
            CriterionSpec(
                code=next(criterion_codes),
                name=draw(name),
                kind=draw(st.sampled_from(["approach", "results"])),
                max_points=draw(st.integers(1, 400)),
                description=draw(clean_text()),
                questions=tuple(draw(st.lists(clean_text(50, 1), max_size=4))),
                guidance=draw(clean_text()),
            )
            for _ in range(size)
        )
        groups.append(GroupSpec(group_codes[g], draw(name), draw(clean_text()), criteria))
    criteria = [c for group in groups for c in group.criteria]
    approach = sum(c.max_points for c in criteria if c.kind == "approach")
    results = sum(c.max_points for c in criteria if c.kind == "results")

    def scale(kind: str) -> ScaleSpec:
        percents = sorted(draw(st.sets(st.integers(0, 100), min_size=2, max_size=6)))
        return ScaleSpec(
            kind,
            draw(name),
            tuple(StepSpec(p, draw(clean_text(40)), draw(clean_text())) for p in percents),
        )

    factor_codes = draw(codes(draw(st.integers(0, 3))))
    return VersionSpec(
        model_name=draw(name),
        model_description=draw(clean_text()),
        label=draw(clean_text(30)),
        language=draw(st.sampled_from(["sv", "en"])),
        total_points=approach + results,
        approach_points=approach,
        results_points=results,
        notes=draw(clean_text(200)),
        success_factors=tuple(
            FactorSpec(code, draw(name), draw(clean_text())) for code in factor_codes
        ),
        groups=tuple(groups),
        scales=(scale("approach"), scale("results")),
    )


@given(versions())
@settings(max_examples=100, deadline=None)
def test_round_trip_through_yaml_and_json_gives_the_same_version(spec):
    for fmt in exchange.FORMATS:
        text = exchange.dump(spec, fmt)
        read, problems = exchange.read_document(text.encode(), fmt)
        assert problems == []
        assert read == spec
        assert exchange.dump(read, fmt) == text


@given(versions())
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_export_import_export_through_the_database_is_identical(admin, spec):
    version = import_version(actor=admin, content=exchange.dump_yaml(spec))
    for fmt in exchange.FORMATS:
        first = export_version(version, fmt)
        again = import_version(actor=admin, content=first.encode(), fmt=fmt)
        assert export_version(again, fmt) == first
        assert spec_of(again) == spec_of(version) == spec
