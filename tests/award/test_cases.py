"""Hand-computed award cases for each of the five evaluation models (DOMAIN.md section 7), the
tie-break rule, rank reversal in the relative model, and a property test of the break-even price,
run through the same pure functions the award calculation uses."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from rodtrad.procurements import evaluation as ev

D = Decimal
MAX = (D(70), D(70), D(100))  # Qmax 240


def model(kind: str, amounts=(0, 0, 0), *, wq="0", wp="0", tie_break="quality"):
    return ev.EvaluationModel(
        kind=kind,
        criteria=[
            ev.CriterionRule(str(i + 1), m, D(a))
            for i, (m, a) in enumerate(zip(MAX, amounts, strict=True))
        ],
        weight_quality=D(wq),
        weight_price=D(wp),
        tie_break=tie_break,
    )


def tender(key: str, price, *steps) -> ev.Tender:
    return ev.Tender(key, D(str(price)), {str(i + 1): D(str(s)) for i, s in enumerate(steps)})


def test_value_added_ranks_by_price_minus_deductions():
    m = model("value_added", (300, 300, 400))
    tenders = [
        tender("A", 2000, "0.8", "0.6", "0.5"),  # 2000 − (240 + 180 + 200) = 1380
        tender("B", 1800, "0.4", "0.4", "0.3"),  # 1800 − (120 + 120 + 120) = 1440
        tender("C", 1500, "0.1", "0", "0.2"),  # 1500 − (30 + 0 + 80) = 1390
    ]
    result = ev.evaluate(m, tenders)
    assert [(r.key, r.comparison_display, r.rank) for r in result.rows] == [
        ("A", D("1380.00"), 1),
        ("C", D("1390.00"), 2),
        ("B", D("1440.00"), 3),
    ]
    assert result.row("A").quality_points == D(148)
    assert [line.deduction_or_surcharge for line in result.row("A").breakdown] == [
        D(240),
        D(180),
        D(200),
    ]
    # C would have won at 1380 + 110 = 1490 (10 kr cheaper than it was)
    break_even = ev.break_even_price(m, tenders, "C")
    assert (break_even.break_even, break_even.difference) == (D("1490.00"), D("-10.00"))
    assert ev.rank_reversal(m, tenders) == []


def test_surcharge_ranks_by_price_plus_surcharges():
    m = model("surcharge", (200, 200, 300))
    tenders = [
        tender("A", 2000, 1, 1, 1),  # 2000
        tender("B", 1700, "0.5", "0.5", "0.5"),  # 1700 + 100 + 100 + 150 = 2050
    ]
    result = ev.evaluate(m, tenders)
    assert [(r.key, r.comparison_display) for r in result.rows] == [
        ("A", D("2000.00")),
        ("B", D("2050.00")),
    ]
    assert ev.break_even_price(m, tenders, "B").break_even == D("1650.00")


def test_weighted_relative_with_a_rank_reversal():
    m = model("weighted_relative", wq="0.5", wp="0.5")
    tenders = [
        tender("X", 200, 1, 1, 1),  # 0.5·1 + 0.5·60/200 = 0.65
        tender("Y", 95, "0.5", "0.5", "0.5"),  # 0.25 + 0.5·60/95 = 0.5658
        tender("Z", 60, 0, 0, 0),  # 0 + 0.5 = 0.5
    ]
    result = ev.evaluate(m, tenders)
    assert [(r.key, r.comparison_display) for r in result.rows] == [
        ("X", D("0.6500")),
        ("Y", D("0.5658")),
        ("Z", D("0.5000")),
    ]
    # Without Z, P_min = 95: X 0.5 + 0.5·95/200 = 0.7375, Y 0.25 + 0.5 = 0.75 – Y overtakes X.
    without = ev.evaluate(m, tenders[:2])
    assert [(r.key, r.comparison_display) for r in without.rows] == [
        ("Y", D("0.7500")),
        ("X", D("0.7375")),
    ]
    assert ev.rank_reversal(m, tenders) == [ev.Reversal("Z", ("X", "Y"), (1, 2), (2, 1))]
    # Lines in w (P_min = 60): X w + (1 − w)·0.3, Y 0.5w + (1 − w)·60/95, Z (1 − w). X meets
    # Y at w = 0.3987 and Z at w = 7/17 = 0.41176…, the nearer to 0.5: rounded towards it.
    assert ev.weight_switch(m, tenders) == D("0.4118")


def test_price_per_point_tie_decided_by_quality():
    m = model("price_per_point")
    tenders = [
        tender("A", 2400, "0.5", "0.5", "0.5"),  # Q 120: 2400 / 120 = 20
        tender("B", 1800, "0.5", "0.5", "0.2"),  # Q 35 + 35 + 20 = 90: 1800 / 90 = 20
        tender("C", 1000, 0, 0, 0),  # no quality points: no figure, last
    ]
    result = ev.evaluate(m, tenders)
    assert [(r.key, r.comparison_display, r.rank) for r in result.rows] == [
        ("A", D("20.00"), 1),
        ("B", D("20.00"), 2),
        ("C", None, 3),
    ]
    assert result.row("A").tied_with == ("B",)
    assert not result.lottery_needed


def test_price_per_point_tie_decided_by_price_rule():
    m = model("price_per_point", tie_break="price")
    tenders = [tender("A", 2400, "0.5", "0.5", "0.5"), tender("B", 1800, "0.5", "0.5", "0.2")]
    assert ev.evaluate(m, tenders).winner_keys == ("B",)


def test_fixed_price_competes_on_quality_only_and_a_full_tie_needs_a_lottery():
    m = model("fixed_price")
    tenders = [
        tender("A", 2000, 1, "0.5", "0.5"),  # 70 + 35 + 50 = 155
        tender("B", 2000, "0.5", 1, "0.5"),  # 35 + 70 + 50 = 155
        tender("C", 2000, "0.5", "0.5", "0.3"),  # 35 + 35 + 30 = 100
    ]
    result = ev.evaluate(m, tenders)
    assert [(r.key, r.comparison_display, r.rank) for r in result.rows] == [
        ("A", D("155.00"), 1),
        ("B", D("155.00"), 1),
        ("C", D("100.00"), 3),
    ]
    assert result.lottery_needed
    assert ev.break_even_price(m, tenders, "C").impossible


# --- property: at the reported break-even price the tender ties with the winner ----------------

steps = st.sampled_from([D(n) / 10 for n in range(11)])
prices = st.integers(min_value=500_00, max_value=5_000_00).map(lambda c: D(c) / 100)


@settings(max_examples=60, deadline=None)
@given(
    kind=st.sampled_from(["value_added", "surcharge"]),
    data=st.lists(st.tuples(prices, steps, steps, steps), min_size=2, max_size=4),
)
def test_break_even_price_ties_with_the_winner(kind, data):
    m = model(kind, (300, 300, 400))
    tenders = [tender(f"T{i}", p, *s) for i, (p, *s) in enumerate(data)]
    result = ev.evaluate(m, tenders)
    best = result.rows[0].comparison
    for row in result.rows:
        if row.comparison == best:
            continue
        found = ev.break_even_price(m, tenders, row.key)
        if found.break_even is None:
            continue
        moved = [
            ev.Tender(t.key, found.break_even, t.steps) if t.key == row.key else t for t in tenders
        ]
        again = ev.evaluate(m, moved)
        assert again.row(row.key).comparison == best
        others = [r.comparison for r in again.rows if r.key != row.key]
        assert min(others) == best  # ties the winner, beats nobody else's figure below it
