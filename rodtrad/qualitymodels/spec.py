"""A model version as plain data: what the importer reads, the exporter writes, the copier copies
and the validator checks. No database access here.

The order of the lists is the order of the parts (success factors, groups, the criteria of each
group, scales, the steps of each scale); the `order` columns in the database follow it.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class FactorSpec:
    code: str
    name: str
    description: str = ""


@dataclass(frozen=True)
class CriterionSpec:
    code: str
    name: str
    kind: str
    max_points: int
    description: str = ""
    questions: tuple[str, ...] = ()
    guidance: str = ""


@dataclass(frozen=True)
class GroupSpec:
    code: str
    name: str
    description: str = ""
    criteria: tuple[CriterionSpec, ...] = ()


@dataclass(frozen=True)
class StepSpec:
    percent: int
    label: str = ""
    description: str = ""


@dataclass(frozen=True)
class ScaleSpec:
    kind: str
    name: str
    steps: tuple[StepSpec, ...] = ()


@dataclass(frozen=True)
class VersionSpec:
    model_name: str
    model_description: str = ""
    label: str = ""
    language: str = "sv"
    total_points: int = 1000
    approach_points: int = 700
    results_points: int = 300
    notes: str = ""
    success_factors: tuple[FactorSpec, ...] = ()
    groups: tuple[GroupSpec, ...] = ()
    scales: tuple[ScaleSpec, ...] = field(default_factory=tuple)

    def criteria(self) -> list[tuple[int, int, CriterionSpec]]:
        """Every criterion with the index of its group and its index in the group."""
        return [
            (g, c, criterion)
            for g, group in enumerate(self.groups)
            for c, criterion in enumerate(group.criteria)
        ]
