"""The barometer's aggregation as pure functions: properties that hold for any answers."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rodtrad.partnership import barometer
from rodtrad.partnership.barometer import Answer

answers = st.lists(
    st.builds(
        Answer,
        party=st.sampled_from(barometer.PARTIES),
        condition=st.sampled_from(barometer.CONDITION_CODES),
        rating=st.integers(min_value=1, max_value=5),
        comment=st.text(max_size=20),
    ),
    max_size=80,
)
min_groups = st.integers(min_value=2, max_value=8)


def _count(items, party, condition):
    return sum(1 for a in items if a.party == party and a.condition == condition)


@settings(max_examples=200, deadline=None)
@given(answers, min_groups, st.sets(st.sampled_from(barometer.CONDITION_CODES)))
def test_no_figure_is_shown_for_a_group_below_the_minimum(items, min_group, dropped):
    # Whatever subset of answers is aggregated (a filter), a small group shows nothing.
    filtered = [a for a in items if a.condition not in dropped]
    result = barometer.aggregate(filtered, min_group=min_group)
    for row in result.conditions:
        for party in barometer.PARTIES:
            figures = row.party(party)
            count = _count(filtered, party, row.condition.code)
            if count < min_group:
                assert figures == barometer.HIDDEN
                assert figures.mean is None and figures.count is None
                assert figures.distribution is None and figures.comments == ()
            else:
                assert not figures.hidden and figures.count == count


@settings(max_examples=200, deadline=None)
@given(answers, min_groups)
def test_means_lie_on_the_scale_and_distributions_sum_to_the_count(items, min_group):
    result = barometer.aggregate(items, min_group=min_group)
    for row in result.conditions:
        for figures in row.both:
            if figures.hidden:
                continue
            assert figures.mean is not None and figures.distribution is not None
            assert Decimal(1) <= figures.mean <= Decimal(5)
            assert sum(figures.distribution) == figures.count
            assert len(figures.distribution) == 5
    for party in barometer.PARTIES:
        index = result.index[party]
        assert index is None or Decimal(1) <= index <= Decimal(5)


@settings(max_examples=200, deadline=None)
@given(answers, min_groups)
def test_the_gap_is_the_difference_of_the_shown_means(items, min_group):
    result = barometer.aggregate(items, min_group=min_group)
    for row in result.conditions:
        if row.buyer.hidden or row.provider.hidden:
            assert row.gap is None and not row.large_gap
        else:
            assert row.gap == row.buyer.mean - row.provider.mean
            assert Decimal(-4) <= row.gap <= Decimal(4)


@settings(max_examples=200, deadline=None)
@given(answers, min_groups, st.randoms())
def test_comments_do_not_depend_on_the_order_of_the_answers(items, min_group, random):
    shuffled = list(items)
    random.shuffle(shuffled)
    first = barometer.aggregate(items, min_group=min_group)
    second = barometer.aggregate(shuffled, min_group=min_group)
    assert first == second
    for row in first.conditions:
        for figures in row.both:
            assert list(figures.comments) == sorted(figures.comments)
            assert all(c == c.strip() and c for c in figures.comments)


def test_a_minimum_below_two_is_refused():
    with pytest.raises(ValueError):
        barometer.aggregate([Answer("buyer", "trust", 3)], min_group=1)


def test_the_mean_is_rounded_half_up_to_one_decimal():
    assert barometer.mean([1, 2]) == Decimal("1.5")
    assert barometer.mean([1, 1, 2]) == Decimal("1.3")
    assert barometer.mean([2, 2, 3]) == Decimal("2.3")
    assert barometer.mean([4, 5, 5, 5]) == Decimal("4.8")
    assert barometer.mean([1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2]) == Decimal(
        "2.0"
    )


def test_ten_conditions_each_with_a_name_and_a_question():
    assert len(barometer.CONDITIONS) == 10
    assert len(set(barometer.CONDITION_CODES)) == 10
    assert all(str(c.name) and str(c.question).endswith("?") for c in barometer.CONDITIONS)
