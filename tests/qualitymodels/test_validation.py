"""validate_spec: every kind of problem, each naming where it is."""

from __future__ import annotations

from dataclasses import replace

from rodtrad.qualitymodels.spec import GroupSpec, ScaleSpec, StepSpec, VersionSpec
from rodtrad.qualitymodels.validation import Problem, point_split, validate_spec
from tests.qualitymodels.factories import make_spec


def with_criterion(spec: VersionSpec, g: int, c: int, **changes) -> VersionSpec:
    groups = list(spec.groups)
    criteria = list(groups[g].criteria)
    criteria[c] = replace(criteria[c], **changes)
    groups[g] = replace(groups[g], criteria=tuple(criteria))
    return replace(spec, groups=tuple(groups))


def with_steps(spec: VersionSpec, index: int, percents: list[int]) -> VersionSpec:
    scales = list(spec.scales)
    scales[index] = replace(scales[index], steps=tuple(StepSpec(p) for p in percents))
    return replace(spec, scales=tuple(scales))


def test_valid_spec_has_no_problems():
    spec = make_spec()
    assert validate_spec(spec) == []
    assert point_split(spec).approach_sum == 700
    assert point_split(spec).results_sum == 300


def test_approach_points_that_do_not_add_up_are_named():
    spec = with_criterion(make_spec(), 0, 0, max_points=100)  # was 175
    assert validate_spec(spec) == [
        Problem(
            "version.approach_points",
            "The approach criteria add up to 625 points, but the version gives 700 points to "
            "approaches.",
        ),
        Problem(
            "version.total_points",
            "The criteria add up to 925 points, but the version's total is 1000.",
        ),
    ]


def test_result_points_that_do_not_add_up_are_named():
    spec = with_criterion(make_spec(), 2, 1, max_points=250)
    problems = validate_spec(spec)
    assert problems[0] == Problem(
        "version.results_points",
        "The result criteria add up to 350 points, but the version gives 300 points to results.",
    )


def test_split_that_does_not_make_the_total_is_named():
    spec = replace(make_spec(), total_points=900)
    assert [p.path for p in validate_spec(spec)] == ["version.total_points", "version.total_points"]
    assert validate_spec(spec)[0].message == (
        "The points for approaches (700) and for results (300) add up to 1000, not to the total "
        "of 900."
    )


def test_kind_in_use_without_a_scale_is_named():
    spec = replace(make_spec(), scales=make_spec().scales[:1])
    assert validate_spec(spec) == [Problem("scales", "There is no scale for the results criteria.")]


def test_scale_for_an_unused_kind_is_not_required():
    spec = make_spec()
    approach_only = replace(
        spec,
        groups=spec.groups[:2],
        results_points=0,
        total_points=700,
        scales=spec.scales[:1],
    )
    assert validate_spec(approach_only) == []


def test_scale_steps_out_of_order_are_named():
    spec = with_steps(make_spec(), 0, [0, 50, 40, 100])
    assert validate_spec(spec) == [
        Problem(
            "scales[0].steps[2].percent",
            "The steps must go strictly upwards: 40 % comes after 50 %.",
        )
    ]


def test_repeated_scale_step_is_named():
    spec = with_steps(make_spec(), 1, [0, 50, 50])
    assert [p.path for p in validate_spec(spec)] == ["scales[1].steps[2].percent"]


def test_scale_step_outside_0_to_100_is_named():
    spec = with_steps(make_spec(), 0, [0, 110])
    assert validate_spec(spec) == [
        Problem("scales[0].steps[1].percent", "A step is a percentage from 0 to 100, not 110.")
    ]


def test_scale_needs_two_steps():
    spec = with_steps(make_spec(), 0, [100])
    assert validate_spec(spec) == [Problem("scales[0].steps", "A scale needs at least two steps.")]


def test_two_scales_for_one_kind_are_named():
    spec = make_spec()
    spec = replace(spec, scales=(*spec.scales, ScaleSpec("results", "Extra", spec.scales[1].steps)))
    assert validate_spec(spec) == [
        Problem("scales[2].kind", "There is already a scale for results criteria.")
    ]


def test_duplicate_criterion_codes_are_named_with_the_first_place():
    spec = with_criterion(make_spec(), 1, 0, code="1.1")
    assert validate_spec(spec) == [
        Problem(
            "groups[1].criteria[0].code",
            "The code 1.1 is used twice (also at groups[0].criteria[0].code).",
        )
    ]


def test_duplicate_codes_ignore_case():
    spec = with_criterion(make_spec(), 2, 0, code="r.2")
    assert [p.path for p in validate_spec(spec)] == ["groups[2].criteria[1].code"]


def test_duplicate_group_and_factor_codes_are_named():
    spec = make_spec()
    groups = list(spec.groups)
    groups[1] = replace(groups[1], code="1")
    spec = replace(spec, groups=tuple(groups), success_factors=spec.success_factors * 2)
    assert [p.path for p in validate_spec(spec)] == [
        "success_factors[1].code",
        "groups[1].code",
    ]


def test_unknown_kind_is_named():
    spec = with_criterion(make_spec(), 0, 1, kind="approch")
    problems = validate_spec(spec)
    assert problems[0] == Problem(
        "groups[0].criteria[1].kind", "Unknown kind “approch”: use approach or results."
    )


def test_criterion_without_points_is_named():
    spec = with_criterion(make_spec(), 2, 0, max_points=0)
    assert validate_spec(spec)[0] == Problem(
        "groups[2].criteria[0].max_points", "Criterion R.1 needs at least 1 point."
    )


def test_missing_names_codes_and_criteria_are_named():
    spec = make_spec()
    spec = replace(
        spec,
        model_name=" ",
        groups=(*spec.groups, GroupSpec(code="", name="", criteria=())),
    )
    assert [p.path for p in validate_spec(spec)] == [
        "model.name",
        "groups[3].code",
        "groups[3].name",
        "groups[3].criteria",
    ]


def test_version_without_criteria_is_named():
    spec = replace(make_spec(), groups=())
    assert validate_spec(spec)[0] == Problem("groups", "The version has no criteria.")


def test_problem_reads_with_line_and_path():
    assert str(Problem("groups[0].code", "Enter a code.", 12)) == (
        "line 12, groups[0].code: Enter a code."
    )
    assert str(Problem("", "The file is empty.")) == "The file is empty."
