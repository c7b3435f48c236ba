from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rodtrad.assessments import scoring

percents = st.integers(0, 100)
maxima = st.integers(1, 1000).map(Decimal)
step_lists = st.lists(percents, min_size=1, max_size=8)
scales = st.lists(percents, min_size=2, max_size=11, unique=True)


@pytest.mark.parametrize(
    ("percent", "max_points", "expected"),
    [(60, 70, "42.00"), (55, 75, "41.25"), (33, 10, "3.30"), (0, 70, "0.00"), (None, 70, "0.00")],
)
def test_points_by_hand(percent, max_points, expected):
    assert scoring.points(percent, max_points) == Decimal(expected)


@given(percents, maxima)
def test_points_lie_between_zero_and_the_maximum(percent, max_points):
    result = scoring.points(percent, max_points)
    assert Decimal(0) <= result <= max_points
    assert scoring.points(100, max_points) == max_points


@given(percents, percents, maxima)
def test_a_higher_step_never_gives_fewer_points(a, b, max_points):
    low, high = sorted((a, b))
    assert scoring.points(low, max_points) <= scoring.points(high, max_points)


@given(step_lists)
def test_median_lies_within_the_values(values):
    middle = scoring.median(values)
    assert min(values) <= middle <= max(values)
    if len(values) % 2:
        assert middle in values


def test_median_of_an_even_count_is_the_mean_of_the_middle_two():
    assert scoring.median([40, 60, 70, 90]) == Decimal(65)
    assert scoring.median([]) is None


@given(step_lists)
def test_spread_is_zero_only_when_everyone_agrees(values):
    assert scoring.spread(values) >= 0
    assert (scoring.spread(values) == 0) == (len(set(values)) == 1)


@given(step_lists, st.integers(1, 100))
def test_divergence_is_a_spread_at_or_above_the_threshold(values, threshold):
    expected = len(values) >= 2 and max(values) - min(values) >= threshold
    assert scoring.is_divergent(values, threshold) is expected


def test_divergence_by_hand():
    assert scoring.is_divergent([40, 70], 30) is True
    assert scoring.is_divergent([40, 60], 30) is False
    assert scoring.is_divergent([90], 30) is False


@given(step_lists, scales)
def test_suggested_step_is_the_scale_step_nearest_the_median(values, steps):
    suggested = scoring.suggested_step(values, steps)
    middle = scoring.median(values)
    assert suggested in steps
    assert all(abs(suggested - middle) <= abs(step - middle) for step in steps)


def test_suggested_step_halfway_takes_the_lower_step():
    assert scoring.suggested_step([50, 60], list(range(0, 101, 10))) == 50
    assert scoring.suggested_step([40, 60, 90], list(range(0, 101, 10))) == 60


criteria = st.lists(
    st.builds(
        scoring.ScoredCriterion,
        code=st.text(min_size=1, max_size=3),
        group=st.sampled_from(["G1", "G2", "G3"]),
        kind=st.sampled_from(["approach", "results"]),
        max_points=maxima,
        percent=st.one_of(st.none(), percents),
    ),
    max_size=30,
)


@given(criteria)
def test_totals_add_up_by_group_by_part_and_overall(items):
    result = scoring.totals(items)
    assert result.total.points == sum((c.points for c in items), Decimal("0.00"))
    assert result.total.max_points == sum((c.max_points for c in items), Decimal("0.00"))
    assert sum((g.points for g in result.by_group.values()), Decimal(0)) == result.total.points
    assert sum((k.points for k in result.by_kind.values()), Decimal(0)) == result.total.points
    assert result.total.points <= result.total.max_points


def test_totals_by_hand():
    items = [
        scoring.ScoredCriterion("1.1", "G1", "approach", Decimal(70), 60),
        scoring.ScoredCriterion("1.2", "G1", "approach", Decimal(70), 40),
        scoring.ScoredCriterion("6.1", "G6", "results", Decimal(100), 30),
    ]
    result = scoring.totals(items)
    assert result.by_group["G1"].points == Decimal("70.00")
    assert result.by_kind["results"].points == Decimal("30.00")
    assert result.total.points == Decimal("100.00")
    assert result.total.max_points == Decimal(240)
    assert result.total.share == Decimal("41.7")


@given(st.lists(st.lists(st.text(max_size=12), max_size=5), max_size=5))
def test_merge_texts_keeps_first_occurrences_without_repeats(lists):
    merged = scoring.merge_texts(lists)
    keys = [" ".join(t.split()).casefold() for t in merged]
    assert len(keys) == len(set(keys))
    assert all(k for k in keys)
    everything = {" ".join(t.split()).casefold() for texts in lists for t in texts}
    assert set(keys) == everything - {""}


def test_merge_texts_by_hand():
    assert scoring.merge_texts([["Bra rutiner", "Tydliga mål"], ["bra  rutiner", "Nytt"]]) == [
        "Bra rutiner",
        "Tydliga mål",
        "Nytt",
    ]


def test_split_lines_drops_blank_lines():
    assert scoring.split_lines("  ett \n\n två\n") == ["ett", "två"]
    assert scoring.split_lines("") == []
