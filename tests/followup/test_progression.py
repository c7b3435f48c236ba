"""Progression as pure functions: the differences add up, gaps stay gaps."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from rodtrad.followup.progression import Line, Snapshot, progression

CODES = ["1.1", "1.2", "2.1", "3.1"]
KINDS = {"1.1": "approach", "1.2": "approach", "2.1": "approach", "3.1": "results"}
points = st.one_of(
    st.none(), st.integers(0, 100).map(lambda n: Decimal(n).quantize(Decimal("0.01")))
)
snapshot = st.lists(points, min_size=len(CODES), max_size=len(CODES)).map(
    lambda values: [
        Line(code, f"Kriterium {code}", KINDS[code], Decimal(100), value)
        for code, value in zip(CODES, values, strict=True)
        if value is not None or code != "2.1"  # 2.1 sometimes missing altogether
    ]
)


@given(st.lists(snapshot, min_size=1, max_size=6))
def test_totals_are_the_sums_of_the_criteria_and_changes_are_differences(snapshots):
    result = progression([Snapshot(f"S{i}", lines) for i, lines in enumerate(snapshots)])
    assert result.labels == [f"S{i}" for i in range(len(snapshots))]
    for index in range(len(snapshots)):
        present = [row.points[index] for row in result.criteria if row.points[index] is not None]
        expected = sum(present, Decimal("0.00")) if present else None
        assert result.total.points[index] == expected
        parts = [part.points[index] for part in result.parts if part.points[index] is not None]
        assert (sum(parts, Decimal("0.00")) if parts else None) == expected
    for row in [*result.criteria, *result.parts, result.total]:
        assert len(row.points) == len(snapshots)
        first = next((p for p in row.points if p is not None), None)
        last = row.points[-1]
        if last is None or first is None:
            assert row.since_first is None
        else:
            assert row.since_first == last - first
        if len(row.points) > 1 and None not in row.points[-2:]:
            assert row.since_previous == row.points[-1] - row.points[-2]
        else:
            assert row.since_previous is None


def test_a_hand_computed_progression():
    tender = Snapshot(
        "Anbud",
        [
            Line("1", "Ledning", "approach", Decimal(70), Decimal("56.00")),
            Line("2", "Resultat", "results", Decimal(100), Decimal("60.00")),
        ],
    )
    round_1 = Snapshot(
        "Omgång 1",
        [
            Line("1", "Ledning", "approach", Decimal(70), Decimal("63.00")),
            Line("2", "Resultat", "results", Decimal(100), None),
            Line("3", "Nytt", "results", Decimal(100), Decimal("40.00")),
        ],
    )
    result = progression([tender, round_1])
    rows = {row.code: row for row in result.criteria}
    assert rows["1"].since_first == Decimal("7.00")
    assert rows["2"].points == [Decimal("60.00"), None] and rows["2"].since_first is None
    assert rows["3"].points == [None, Decimal("40.00")] and rows["3"].since_first == 0
    assert result.total.points == [Decimal("116.00"), Decimal("103.00")]
    assert [p.kind for p in result.parts] == ["approach", "results"]
