"""Is a model version complete and consistent? Pure functions over a VersionSpec (no database).

`validate_spec(spec)` returns a list of Problems, each naming where it is – a path into the
exchange format such as `groups[1].criteria[0].max_points` – and what is wrong. An empty list
means the version may be frozen and used. The same paths are used by the importer, so a problem
in a file and the same problem in the editor read alike.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from rodtrad.qualitymodels.models import CriterionKind
from rodtrad.qualitymodels.spec import VersionSpec

KINDS = tuple(CriterionKind.values)


@dataclass(frozen=True)
class Problem:
    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where = _("line %(line)s") % {"line": self.line} + (f", {where}" if where else "")
        return f"{where}: {self.message}" if where else self.message


@dataclass(frozen=True)
class PointSplit:
    """The points the criteria carry against what the version promises."""

    approach_sum: int
    results_sum: int
    approach_points: int
    results_points: int
    total_points: int

    @property
    def total_sum(self) -> int:
        return self.approach_sum + self.results_sum

    @property
    def approach_ok(self) -> bool:
        return self.approach_sum == self.approach_points

    @property
    def results_ok(self) -> bool:
        return self.results_sum == self.results_points

    @property
    def total_ok(self) -> bool:
        return self.total_sum == self.total_points


def kind_label(kind: str) -> str:
    labels = dict(CriterionKind.choices)
    return str(labels.get(kind, kind)).lower()


def point_split(spec: VersionSpec) -> PointSplit:
    sums = dict.fromkeys(KINDS, 0)
    for _g, _c, criterion in spec.criteria():
        if criterion.kind in sums:
            sums[criterion.kind] += criterion.max_points
    return PointSplit(
        approach_sum=sums[CriterionKind.APPROACH],
        results_sum=sums[CriterionKind.RESULTS],
        approach_points=spec.approach_points,
        results_points=spec.results_points,
        total_points=spec.total_points,
    )


def _duplicates(items: Iterable[tuple[str, str]]) -> list[tuple[str, str, str]]:
    """(path, code) pairs -> (path, code, first path) for every repeated code."""
    seen: dict[str, str] = {}
    repeated = []
    for path, code in items:
        key = code.strip().casefold()
        if not key:
            continue
        if key in seen:
            repeated.append((path, code, seen[key]))
        else:
            seen[key] = path
    return repeated


def _points_problems(spec: VersionSpec) -> list[Problem]:
    problems = []
    split = point_split(spec)
    if spec.approach_points + spec.results_points != spec.total_points:
        problems.append(
            Problem(
                "version.total_points",
                _(
                    "The points for approaches (%(approach)s) and for results (%(results)s) add "
                    "up to %(sum)s, not to the total of %(total)s."
                )
                % {
                    "approach": spec.approach_points,
                    "results": spec.results_points,
                    "sum": spec.approach_points + spec.results_points,
                    "total": spec.total_points,
                },
            )
        )
    if not split.approach_ok:
        problems.append(
            Problem(
                "version.approach_points",
                _(
                    "The approach criteria add up to %(sum)s points, but the version gives "
                    "%(target)s points to approaches."
                )
                % {"sum": split.approach_sum, "target": split.approach_points},
            )
        )
    if not split.results_ok:
        problems.append(
            Problem(
                "version.results_points",
                _(
                    "The result criteria add up to %(sum)s points, but the version gives "
                    "%(target)s points to results."
                )
                % {"sum": split.results_sum, "target": split.results_points},
            )
        )
    if not split.total_ok:
        problems.append(
            Problem(
                "version.total_points",
                _("The criteria add up to %(sum)s points, but the version's total is %(total)s.")
                % {"sum": split.total_sum, "total": split.total_points},
            )
        )
    return problems


def _structure_problems(spec: VersionSpec) -> list[Problem]:
    problems = []
    if not spec.model_name.strip():
        problems.append(Problem("model.name", _("Enter the model's name.")))
    if not spec.language.strip():
        problems.append(Problem("version.language", _("Enter the language of the texts.")))
    for i, factor in enumerate(spec.success_factors):
        path = f"success_factors[{i}]"
        if not factor.code.strip():
            problems.append(Problem(f"{path}.code", _("Enter a code.")))
        if not factor.name.strip():
            problems.append(Problem(f"{path}.name", _("Enter a name.")))
    if not spec.groups:
        problems.append(Problem("groups", _("The version has no criteria.")))
    for g, group in enumerate(spec.groups):
        path = f"groups[{g}]"
        if not group.code.strip():
            problems.append(Problem(f"{path}.code", _("Enter a code.")))
        if not group.name.strip():
            problems.append(Problem(f"{path}.name", _("Enter a name.")))
        if not group.criteria:
            problems.append(
                Problem(
                    f"{path}.criteria",
                    _("Group %(code)s has no criteria.") % {"code": group.code},
                )
            )
        for c, criterion in enumerate(group.criteria):
            cpath = f"{path}.criteria[{c}]"
            if not criterion.code.strip():
                problems.append(Problem(f"{cpath}.code", _("Enter a code.")))
            if not criterion.name.strip():
                problems.append(Problem(f"{cpath}.name", _("Enter a name.")))
            if criterion.kind not in KINDS:
                problems.append(
                    Problem(
                        f"{cpath}.kind",
                        _("Unknown kind “%(kind)s”: use approach or results.")
                        % {"kind": criterion.kind},
                    )
                )
            if criterion.max_points < 1:
                problems.append(
                    Problem(
                        f"{cpath}.max_points",
                        _("Criterion %(code)s needs at least 1 point.") % {"code": criterion.code},
                    )
                )
    return problems


def _code_problems(spec: VersionSpec) -> list[Problem]:
    problems = []
    groups = [(f"success_factors[{i}].code", f.code) for i, f in enumerate(spec.success_factors)]
    for items in (
        groups,
        [(f"groups[{g}].code", group.code) for g, group in enumerate(spec.groups)],
        [(f"groups[{g}].criteria[{c}].code", crit.code) for g, c, crit in spec.criteria()],
    ):
        for path, code, first in _duplicates(items):
            problems.append(
                Problem(
                    path,
                    _("The code %(code)s is used twice (also at %(first)s).")
                    % {"code": code, "first": first},
                )
            )
    return problems


def _scale_problems(spec: VersionSpec) -> list[Problem]:
    problems = []
    seen_kinds: set[str] = set()
    for i, scale in enumerate(spec.scales):
        path = f"scales[{i}]"
        if scale.kind not in KINDS:
            problems.append(
                Problem(
                    f"{path}.kind",
                    _("Unknown kind “%(kind)s”: use approach or results.") % {"kind": scale.kind},
                )
            )
        elif scale.kind in seen_kinds:
            problems.append(
                Problem(
                    f"{path}.kind",
                    _("There is already a scale for %(kind)s criteria.")
                    % {"kind": kind_label(scale.kind)},
                )
            )
        seen_kinds.add(scale.kind)
        if not scale.name.strip():
            problems.append(Problem(f"{path}.name", _("Enter a name.")))
        if len(scale.steps) < 2:
            problems.append(Problem(f"{path}.steps", _("A scale needs at least two steps.")))
        previous: int | None = None
        for j, step in enumerate(scale.steps):
            spath = f"{path}.steps[{j}].percent"
            if not 0 <= step.percent <= 100:
                problems.append(
                    Problem(
                        spath,
                        _("A step is a percentage from 0 to 100, not %(percent)s.")
                        % {"percent": step.percent},
                    )
                )
            if previous is not None and step.percent <= previous:
                problems.append(
                    Problem(
                        spath,
                        _(
                            "The steps must go strictly upwards: %(percent)s %% comes after "
                            "%(previous)s %%."
                        )
                        % {"percent": step.percent, "previous": previous},
                    )
                )
            previous = step.percent
    kinds_in_use = [kind for kind in KINDS if any(c.kind == kind for _g, _c, c in spec.criteria())]
    for kind in kinds_in_use:
        if kind not in seen_kinds:
            problems.append(
                Problem(
                    "scales",
                    _("There is no scale for the %(kind)s criteria.") % {"kind": kind_label(kind)},
                )
            )
    return problems


def validate_spec(spec: VersionSpec) -> list[Problem]:
    """Every problem that keeps the version from being used, in the order of the file."""
    return (
        _structure_problems(spec)
        + _points_problems(spec)
        + _code_problems(spec)
        + _scale_problems(spec)
    )


def problems_error(problems: Iterable[Problem]) -> ValidationError:
    """The problems as one ValidationError keyed by path (the API lists them as details)."""
    by_path: dict[str, list[str]] = {}
    for problem in problems:
        message = problem.message
        if problem.line is not None:
            message = _("Line %(line)s: %(message)s") % {"line": problem.line, "message": message}
        by_path.setdefault(problem.path, []).append(message)
    return ValidationError(by_path)
