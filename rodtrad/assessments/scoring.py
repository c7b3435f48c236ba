"""Derived figures of an assessment: pure functions, no database (ARCHITECTURE.md rule 5).

Steps are whole percentages (0–100) of a criterion's maximum points. Points are kept as Decimal
with two decimals, rounded half up, so that a report adds up to what a person computes by hand.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def points(percent: int | None, max_points: Decimal | int) -> Decimal:
    """Criterion points = step × maximum points (no step: zero)."""
    if percent is None:
        return Decimal("0.00")
    return (Decimal(percent) * Decimal(max_points) / Decimal(100)).quantize(CENT, ROUND_HALF_UP)


def median(values: Sequence[int]) -> Decimal | None:
    """The median of the individual steps (the mean of the middle two for an even count)."""
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return Decimal(ordered[middle])
    return (Decimal(ordered[middle - 1]) + Decimal(ordered[middle])) / Decimal(2)


def spread(values: Sequence[int]) -> int:
    """Percentage points between the highest and the lowest individual step."""
    return max(values) - min(values) if values else 0


def is_divergent(values: Sequence[int], threshold: int) -> bool:
    """Evaluators disagree widely: at least two steps, spread at or above the threshold."""
    return len(values) >= 2 and spread(values) >= threshold


def nearest_step(value: Decimal, steps: Sequence[int]) -> int:
    """The scale step closest to a value; halfway between two steps gives the lower one."""
    if not steps:
        raise ValueError("a scale needs steps")
    return min(sorted(steps), key=lambda step: abs(Decimal(step) - value))


def suggested_step(values: Sequence[int], steps: Sequence[int]) -> int | None:
    """The suggested consensus step: the median of the individual steps, on the scale."""
    middle = median(values)
    return None if middle is None else nearest_step(middle, steps)


@dataclass(frozen=True)
class ScoredCriterion:
    code: str
    group: str
    kind: str
    max_points: Decimal
    percent: int | None

    @property
    def points(self) -> Decimal:
        return points(self.percent, self.max_points)


@dataclass
class Subtotal:
    points: Decimal = Decimal("0.00")
    max_points: Decimal = Decimal("0.00")

    @property
    def share(self) -> Decimal:
        """Points as a share (0–100) of the maximum."""
        if not self.max_points:
            return Decimal("0.0")
        return (self.points * 100 / self.max_points).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass
class Totals:
    by_group: dict[str, Subtotal] = field(default_factory=dict)
    by_kind: dict[str, Subtotal] = field(default_factory=dict)
    total: Subtotal = field(default_factory=Subtotal)


def totals(criteria: Iterable[ScoredCriterion]) -> Totals:
    """Points per group, per part (approaches/results) and in total, with their maxima."""
    result = Totals()
    for criterion in criteria:
        for bucket in (
            result.by_group.setdefault(criterion.group, Subtotal()),
            result.by_kind.setdefault(criterion.kind, Subtotal()),
            result.total,
        ):
            bucket.points += criterion.points
            bucket.max_points += criterion.max_points
    return result


def merge_texts(lists: Iterable[Sequence[str]]) -> list[str]:
    """Strengths or improvement areas of several evaluators, in order, without repeats
    (comparing case- and space-insensitively)."""
    seen: set[str] = set()
    merged = []
    for texts in lists:
        for text in texts:
            key = " ".join(text.split()).casefold()
            if key and key not in seen:
                seen.add(key)
                merged.append(text.strip())
    return merged


def split_lines(text: str) -> list[str]:
    """A textarea with one item per line → the items (blank lines dropped)."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]
