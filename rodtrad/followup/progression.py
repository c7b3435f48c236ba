"""Progression (DOMAIN.md section 5): per criterion, per part (approach, results) and in total,
how a party's consensus points moved since the tender baseline and since the previous round.
Pure functions over snapshots, so they are property-tested without a database."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Line:
    code: str
    name: str
    kind: str  # "approach" or "results"
    max_points: Decimal
    points: Decimal | None  # None: not assessed in this snapshot


@dataclass(frozen=True)
class Snapshot:
    """One final assessment of one party (the baseline or a round)."""

    label: str
    lines: Sequence[Line]

    def by_code(self) -> dict[str, Line]:
        return {line.code: line for line in self.lines}


@dataclass
class Row:
    """One criterion, part or the total across the snapshots."""

    code: str
    name: str
    kind: str
    max_points: Decimal
    points: list[Decimal | None] = field(default_factory=list)

    @property
    def since_first(self) -> Decimal | None:
        return _difference(self.points[-1] if self.points else None, self._first())

    @property
    def since_previous(self) -> Decimal | None:
        if len(self.points) < 2:
            return None
        return _difference(self.points[-1], self.points[-2])

    def _first(self) -> Decimal | None:
        return next((p for p in self.points if p is not None), None)


@dataclass
class Progression:
    labels: list[str]
    criteria: list[Row]
    parts: list[Row]
    total: Row


def _difference(now: Decimal | None, then: Decimal | None) -> Decimal | None:
    if now is None or then is None:
        return None
    return now - then


def _sum(values: list[Decimal | None]) -> Decimal | None:
    present = [v for v in values if v is not None]
    return sum(present, ZERO) if present else None


def progression(snapshots: Sequence[Snapshot]) -> Progression:
    """The snapshots in time order (the baseline first when there is one). A criterion missing
    from a snapshot has no points there (a gap, not a zero), and does not count in that
    snapshot's part and total."""
    order: dict[str, Line] = {}
    for snapshot in snapshots:
        for line in snapshot.lines:
            order.setdefault(line.code, line)
    criteria = []
    for code, first in order.items():
        row = Row(code, first.name, first.kind, first.max_points)
        for snapshot in snapshots:
            found = snapshot.by_code().get(code)
            row.points.append(found.points if found is not None else None)
        criteria.append(row)
    parts = []
    for kind in ("approach", "results"):
        members = [row for row in criteria if row.kind == kind]
        if not members:
            continue
        part = Row(kind, kind, kind, sum((r.max_points for r in members), ZERO))
        part.points = [_sum([r.points[i] for r in members]) for i in range(len(snapshots))]
        parts.append(part)
    total = Row("total", "total", "total", sum((r.max_points for r in criteria), ZERO))
    total.points = [_sum([r.points[i] for r in criteria]) for i in range(len(snapshots))]
    return Progression([s.label for s in snapshots], criteria, parts, total)
