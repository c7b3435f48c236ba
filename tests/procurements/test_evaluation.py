"""Evaluation models (DOMAIN.md section 7): hand-computed cases and properties."""

from dataclasses import replace
from decimal import Decimal
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rodtrad.procurements import evaluation as ev
from rodtrad.procurements.evaluation import (
    CriterionLine,
    CriterionRule,
    EvaluationModel,
    ModelKind,
    Reversal,
    StepChange,
    Tender,
    TieBreak,
)

ABSOLUTE = tuple(kind for kind in ModelKind if kind.is_absolute)
SCALE = tuple(Decimal(n) / 10 for n in range(11))  # 0, 0.1, …, 1
CENT = Decimal("0.01")


def d(value) -> Decimal:
    return Decimal(str(value))


# K1: 60 points, D/S 300 000 SEK; K2: 40 points, D/S 200 000 SEK (Qmax 100; 5 000 SEK a point).
K1_K2 = (CriterionRule("K1", d(60), d(300_000)), CriterionRule("K2", d(40), d(200_000)))


def model(kind, tie_break=TieBreak.QUALITY, weights=("0.7", "0.3"), criteria=K1_K2):
    return EvaluationModel(
        kind,
        criteria,
        weight_quality=d(weights[0]),
        weight_price=d(weights[1]),
        tie_break=tie_break,
    )


def tender(key, price, k1, k2) -> Tender:
    return Tender(key, d(price), {"K1": d(k1), "K2": d(k2)})


# Q = 60·q1 + 40·q2:  A = 48 + 20 = 68,  B = 36 + 36 = 72,  C = 36 + 20 = 56.
THREE = (
    tender("A", 1_000_000, "0.8", "0.5"),
    tender("B", 1_100_000, "0.6", "0.9"),
    tender("C", 900_000, "0.6", "0.5"),
)


def ranking(evaluation) -> list[tuple[str, int]]:
    return [(row.key, row.rank) for row in evaluation.rows]


def figures(evaluation) -> dict[str, Decimal | None]:
    return {row.key: row.comparison for row in evaluation.rows}


def lottery(m: EvaluationModel) -> EvaluationModel:
    return replace(m, tie_break=TieBreak.LOTTERY)


def wins_strictly(m, tenders, key) -> bool:
    """A strictly better comparison figure than every other tender (no tie-break)."""
    return ev.evaluate(lottery(m), tenders).winner_keys == (key,)


def ranks_first(m, tenders, key) -> bool:
    """Ties with or beats every other tender on the comparison figure."""
    return ev.evaluate(lottery(m), tenders).row(key).rank == 1


def with_price(tenders, key, price):
    return [replace(t, price=price) if t.key == key else t for t in tenders]


def raised(m, tenders, key, delta):
    """Tender ``key`` with ``delta`` added to every step, capped at 1."""
    return [
        replace(
            t, steps={c.key: min(Decimal(1), t.steps.get(c.key, 0) + delta) for c in m.criteria}
        )
        if t.key == key
        else t
        for t in tenders
    ]


def with_weight(m, weight_quality):
    return replace(m, weight_quality=weight_quality, weight_price=1 - weight_quality)


# ── hand-computed evaluations ──────────────────────────────────────────────────────────────────


def test_fixed_price_ranks_by_quality_points():
    result = ev.evaluate(model(ModelKind.FIXED_PRICE), THREE)
    # comparison = Q: B 72 > A 68 > C 56, highest wins.
    assert ranking(result) == [("B", 1), ("A", 2), ("C", 3)]
    assert figures(result) == {"B": 72, "A": 68, "C": 56}
    assert result.row("B").comparison_display == Decimal("72.00")
    assert result.row("B").quality_max == Decimal(100)
    assert result.lower_wins is False
    assert result.winner_keys == ("B",)


def test_value_added_deducts_the_value_of_quality_from_the_price():
    result = ev.evaluate(model(ModelKind.VALUE_ADDED), THREE)
    # A: 1 000 000 − (0.8·300 000 + 0.5·200 000 = 340 000) = 660 000
    # B: 1 100 000 − (0.6·300 000 + 0.9·200 000 = 360 000) = 740 000
    # C:   900 000 − (0.6·300 000 + 0.5·200 000 = 280 000) = 620 000     lowest wins
    assert ranking(result) == [("C", 1), ("A", 2), ("B", 3)]
    assert figures(result) == {"C": 620_000, "A": 660_000, "B": 740_000}
    assert result.lower_wins is True
    assert result.row("A").breakdown == (
        CriterionLine("K1", d("0.8"), d(48), d(240_000)),
        CriterionLine("K2", d("0.5"), d(20), d(100_000)),
    )
    assert result.row("A").quality_points == 68


def test_surcharge_adds_the_cost_of_the_quality_shortfall_to_the_price():
    result = ev.evaluate(model(ModelKind.SURCHARGE), THREE)
    # A: 1 000 000 + (0.2·300 000 + 0.5·200 000 = 160 000) = 1 160 000
    # B: 1 100 000 + (0.4·300 000 + 0.1·200 000 = 140 000) = 1 240 000
    # C:   900 000 + (0.4·300 000 + 0.5·200 000 = 220 000) = 1 120 000   lowest wins
    assert ranking(result) == [("C", 1), ("A", 2), ("B", 3)]
    assert figures(result) == {"C": 1_120_000, "A": 1_160_000, "B": 1_240_000}
    assert result.row("B").breakdown[1] == CriterionLine("K2", d("0.9"), d(36), d(20_000))
    assert result.row("C").comparison_display == Decimal("1120000.00")


def test_weighted_relative_scores_quality_and_relative_price():
    result = ev.evaluate(model(ModelKind.WEIGHTED_RELATIVE), THREE)
    # P_min = 900 000; score = 0.7·Q/100 + 0.3·900 000/P
    # A: 0.7·0.68 = 0.476 + 0.3·0.9 = 0.27            → 0.746
    # B: 0.7·0.72 = 0.504 + 0.3·(9/11) = 0.24545…     → 0.74945…  highest wins
    # C: 0.7·0.56 = 0.392 + 0.3·1 = 0.3               → 0.692
    assert ranking(result) == [("B", 1), ("A", 2), ("C", 3)]
    assert result.row("A").comparison == d("0.746")
    assert result.row("B").comparison == d("0.7494545454545454545454545455")
    assert [r.comparison_display for r in result.rows] == [d("0.7495"), d("0.7460"), d("0.6920")]
    assert result.row("B").breakdown[0].deduction_or_surcharge == 0


def test_price_per_point_ranks_by_price_per_quality_point_and_puts_no_quality_last():
    tenders = [*THREE, Tender("D", d(500_000), {})]
    result = ev.evaluate(model(ModelKind.PRICE_PER_POINT), tenders)
    # A: 1 000 000 / 68 = 14 705.88…;  B: 1 100 000 / 72 = 15 277.77…;  C: 900 000 / 56 = 16 071.42…
    # D: no steps → Q = 0 → no figure, last although cheapest.
    assert ranking(result) == [("A", 1), ("B", 2), ("C", 3), ("D", 4)]
    assert [r.comparison_display for r in result.rows] == [
        d("14705.88"),
        d("15277.78"),
        d("16071.43"),
        None,
    ]
    assert result.row("D").comparison is None
    assert result.row("D").tie_note == "no quality points; ranks last"


# value_added: A 1 000 000 − 340 000 = 660 000 (Q 68);  B 1 020 000 − (300 000 + 0.3·200 000)
# = 660 000 (Q 60 + 12 = 72);  C 700 000 − 0 = 700 000 (Q 0).  A and B tie on the figure.
TIED = (
    tender("A", 1_000_000, "0.8", "0.5"),
    tender("B", 1_020_000, "1", "0.3"),
    tender("C", 700_000, "0", "0"),
)


def test_a_tie_goes_to_higher_quality_with_the_quality_rule():
    result = ev.evaluate(model(ModelKind.VALUE_ADDED, TieBreak.QUALITY), TIED)
    assert figures(result) == {"B": 660_000, "A": 660_000, "C": 700_000}
    assert ranking(result) == [("B", 1), ("A", 2), ("C", 3)]
    assert result.row("B").tie_note == (
        "tied with A on the comparison figure; decided by higher quality points"
    )
    assert result.row("B").tied_with == ("A",)
    assert result.row("C").tie_note is None
    assert result.lottery_needed is False


def test_a_tie_goes_to_the_lower_price_with_the_price_rule():
    result = ev.evaluate(model(ModelKind.VALUE_ADDED, TieBreak.PRICE), TIED)
    assert ranking(result) == [("A", 1), ("B", 2), ("C", 3)]
    assert (
        result.row("A").tie_note == "tied with B on the comparison figure; decided by lower price"
    )


def test_the_price_rule_falls_back_on_quality_at_the_same_price():
    # surcharge with K1 50 points / S 100 000 and K2 50 points / S 300 000 (not proportional):
    # A 1 000 000 + (0·100 000 + 1·300 000)     = 1 300 000, Q 50
    # B 1 000 000 + (0.6·100 000 + 0.8·300 000) = 1 300 000, Q 20 + 10 = 30
    # C 1 100 000 + (0.5·100 000 + 0.5·300 000) = 1 300 000, Q 25 + 25 = 50
    criteria = (CriterionRule("K1", d(50), d(100_000)), CriterionRule("K2", d(50), d(300_000)))
    tenders = [
        tender("C", 1_100_000, "0.5", "0.5"),
        tender("B", 1_000_000, "0.4", "0.2"),
        tender("A", 1_000_000, 1, 0),
    ]
    result = ev.evaluate(model(ModelKind.SURCHARGE, TieBreak.PRICE, criteria=criteria), tenders)
    assert set(figures(result).values()) == {1_300_000}
    assert ranking(result) == [("A", 1), ("B", 2), ("C", 3)]
    assert result.row("A").tie_note == (
        "tied with B, C on the comparison figure; "
        "decided by lower price, then higher quality points"
    )
    assert (
        result.row("C").tie_note
        == "tied with A, B on the comparison figure; decided by lower price"
    )


def test_a_tie_with_the_lottery_rule_needs_a_lottery_and_is_listed_by_key():
    result = ev.evaluate(model(ModelKind.VALUE_ADDED, TieBreak.LOTTERY), reversed(TIED))
    assert ranking(result) == [("A", 1), ("B", 1), ("C", 3)]
    assert result.winner_keys == ("A", "B")
    assert result.lottery_needed is True
    assert result.row("A").tie_note == "tied with B on the comparison figure; lottery needed"


def test_a_tie_the_quality_rule_cannot_separate_needs_a_lottery():
    # surcharge: A 1 000 000 + 160 000 = 1 160 000 (Q 68);
    # B 1 000 000 + (0.4·300 000 + 0.2·200 000 = 160 000) = 1 160 000 (Q 36 + 32 = 68, same price);
    # C 900 000 + (0.8·300 000 + 0.8·200 000 = 400 000) = 1 300 000.
    tenders = [
        tender("A", 1_000_000, "0.8", "0.5"),
        tender("B", 1_000_000, "0.6", "0.8"),
        tender("C", 900_000, "0.2", "0.2"),
    ]
    result = ev.evaluate(model(ModelKind.SURCHARGE, TieBreak.QUALITY), tenders)
    assert ranking(result) == [("A", 1), ("B", 1), ("C", 3)]
    assert result.lottery_needed is True
    assert result.row("B").tie_note == "tied with A on the comparison figure; lottery needed"


def test_a_three_way_tie_partly_decided_by_quality():
    # value_added, 5 000 SEK a point: A 1 000 000 − 5 000·68 = 660 000; B 1 000 000 − 5 000·68
    # (36 + 32) = 660 000; C 960 000 − 5 000·60 = 660 000. C has fewer points; A and B are equal.
    tenders = [
        tender("A", 1_000_000, "0.8", "0.5"),
        tender("B", 1_000_000, "0.6", "0.8"),
        tender("C", 960_000, "1", "0"),
    ]
    result = ev.evaluate(model(ModelKind.VALUE_ADDED), tenders)
    assert ranking(result) == [("A", 1), ("B", 1), ("C", 3)]
    assert result.row("A").tie_note == (
        "tied with B, C on the comparison figure; C decided by higher quality points; "
        "B: lottery needed"
    )
    assert result.row("C").tie_note == (
        "tied with A, B on the comparison figure; decided by higher quality points"
    )


def test_weighted_ties_are_exact():
    # K1 max 1, K2 max 2 (Qmax 3), weights 0.5/0.5. A: Q 1, P 100 (= P_min); B: Q 2, P 150.
    # A: 0.5·1/3 + 0.5·100/100 = 1/6 + 1/2 = 2/3;  B: 0.5·2/3 + 0.5·100/150 = 1/3 + 1/3 = 2/3.
    # C: Q 0, P 200: 0 + 0.5·0.5 = 1/4. Decimal arithmetic at 28 digits would separate A and B.
    criteria = (CriterionRule("K1", d(1)), CriterionRule("K2", d(2)))
    tenders = [tender("A", 100, 1, 0), tender("B", 150, 0, 1), tender("C", 200, 0, 0)]
    by_quality = ev.evaluate(
        model(ModelKind.WEIGHTED_RELATIVE, weights=("0.5", "0.5"), criteria=criteria), tenders
    )
    by_price = ev.evaluate(
        model(ModelKind.WEIGHTED_RELATIVE, TieBreak.PRICE, ("0.5", "0.5"), criteria), tenders
    )
    assert ranking(by_quality) == [("B", 1), ("A", 2), ("C", 3)]
    assert ranking(by_price) == [("A", 1), ("B", 2), ("C", 3)]
    assert by_price.row("A").tied_with == ("B",)


def test_evaluate_without_tenders_is_empty_and_rejects_bad_input():
    assert ev.evaluate(model(ModelKind.VALUE_ADDED), []).rows == ()
    with pytest.raises(ValueError, match=ev.PRICE_NOT_POSITIVE):
        ev.evaluate(model(ModelKind.VALUE_ADDED), [tender("A", 0, 1, 1)])


def test_absolute_models_are_all_but_the_weighted_one():
    assert ABSOLUTE == (
        ModelKind.FIXED_PRICE,
        ModelKind.VALUE_ADDED,
        ModelKind.SURCHARGE,
        ModelKind.PRICE_PER_POINT,
    )


def test_evaluation_row_by_key():
    result = ev.evaluate(model(ModelKind.FIXED_PRICE), THREE)
    assert result.row("C").rank == 3
    with pytest.raises(KeyError):
        result.row("X")


def test_the_model_accepts_stored_string_values():
    stored = EvaluationModel("surcharge", list(K1_K2), tie_break="price")  # type: ignore[arg-type]
    assert stored.kind is ModelKind.SURCHARGE
    assert stored.tie_break is TieBreak.PRICE
    assert stored.criteria == K1_K2


# ── hand-computed rank reversal ────────────────────────────────────────────────────────────────


def test_weighted_relative_rank_reversal_by_hand():
    # Weights 0.5/0.5, two criteria of 50 points (Qmax 100).
    # With C: P_min = 500 000.  A: 0.5·0.80 + 0.5·500/1000 = 0.40 + 0.25   = 0.65
    #                           B: 0.5·0.60 + 0.5·500/750  = 0.30 + 0.333… = 0.633…
    #                           C: 0.5·0.10 + 0.5·1        = 0.05 + 0.50   = 0.55   → A, B, C
    # Without C (it cannot win): P_min = 750 000.  A: 0.40 + 0.5·0.75 = 0.775;  B: 0.30 + 0.5 = 0.80
    # → B ahead of A. Without B: P_min stays 500 000, A ahead of C as before.
    criteria = (CriterionRule("K1", d(50)), CriterionRule("K2", d(50)))
    m = model(ModelKind.WEIGHTED_RELATIVE, weights=("0.5", "0.5"), criteria=criteria)
    tenders = [
        tender("A", 1_000_000, "0.8", "0.8"),
        tender("B", 750_000, "0.6", "0.6"),
        tender("C", 500_000, "0.1", "0.1"),
    ]
    assert ranking(ev.evaluate(m, tenders)) == [("A", 1), ("B", 2), ("C", 3)]
    assert ranking(ev.evaluate(m, tenders[:2])) == [("B", 1), ("A", 2)]
    assert ev.rank_reversal(m, tenders) == [Reversal("C", ("A", "B"), (1, 2), (2, 1))]
    # The same tenders in an absolute model keep their order.
    assert ev.rank_reversal(replace(m, kind=ModelKind.PRICE_PER_POINT), tenders) == []


# ── hand-computed sensitivity ──────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("kind", "weights", "scale", "median", "price", "amount", "percent"),
    [
        # (1 − 0.5)·(300 000 + 200 000) = 250 000 → 1 250 000, 25 % of 1 000 000
        (ModelKind.VALUE_ADDED, ("0", "0"), SCALE, "0.5", "1250000.00", "250000.00", "25.00"),
        (ModelKind.SURCHARGE, ("0", "0"), SCALE, "0.5", "1250000.00", "250000.00", "25.00"),
        # 1 000 000·0.6 / (0.6 − 0.4·0.5) = 1 500 000
        (
            ModelKind.WEIGHTED_RELATIVE,
            ("0.4", "0.6"),
            SCALE,
            "0.5",
            "1500000.00",
            "500000.00",
            "50.00",
        ),
        # 1 000 000 / 0.5 = 2 000 000
        (ModelKind.PRICE_PER_POINT, ("0", "0"), SCALE, "0.5", "2000000.00", "1000000.00", "100.00"),
        # six steps: the median is the mean of 0.4 and 0.6;  1 000 000 / 0.5
        (
            ModelKind.PRICE_PER_POINT,
            ("0", "0"),
            [d(n) / 5 for n in range(6)],
            "0.5",
            "2000000.00",
            "1000000.00",
            "100.00",
        ),
        # median 0.75: 1 000 000 / 0.75 = 1 333 333.33…, rounded down
        (
            ModelKind.PRICE_PER_POINT,
            ("0", "0"),
            [d("0.5"), d(1)],
            "0.75",
            "1333333.33",
            "333333.33",
            "33.33",
        ),
    ],
)
def test_quality_premium_by_hand(kind, weights, scale, median, price, amount, percent):
    premium = ev.quality_premium(model(kind, weights=weights), d(1_000_000), scale)
    assert premium.unlimited is False
    assert premium.median_step == d(median)
    assert (premium.break_even_price, premium.amount, premium.percent) == (
        d(price),
        d(amount),
        d(percent),
    )


@pytest.mark.parametrize(
    ("kind", "weights", "scale"),
    [
        (ModelKind.FIXED_PRICE, ("0", "0"), SCALE),
        # w_p 0.3 ≤ w_q·(1 − m) = 0.7·0.5 = 0.35
        (ModelKind.WEIGHTED_RELATIVE, ("0.7", "0.3"), SCALE),
        # the boundary: w_p 0.2 = 0.8·(1 − 0.75)
        (ModelKind.WEIGHTED_RELATIVE, ("0.8", "0.2"), [d("0.5"), d(1)]),
    ],
)
def test_quality_premium_is_unlimited_when_price_cannot_outweigh_full_marks(kind, weights, scale):
    premium = ev.quality_premium(model(kind, weights=weights), d(1_000_000), scale)
    assert premium.unlimited is True
    assert premium.amount is None


def test_quality_premium_needs_a_scale():
    with pytest.raises(ValueError, match=ev.BAD_SCALE):
        ev.quality_premium(model(ModelKind.VALUE_ADDED), d(1_000_000), [d(1)])


def test_break_even_price_value_added_by_hand():
    m = model(ModelKind.VALUE_ADDED)
    # A wins below 620 000 (C's figure) + 340 000 (A's deductions) = 960 000: 40 000 cheaper.
    a = ev.break_even_price(m, THREE, "A")
    assert (a.break_even, a.difference) == (d("960000.00"), d("-40000.00"))
    # C, the winner, may cost up to 660 000 (A's figure) + 280 000 = 940 000: 40 000 more.
    assert ev.break_even_price(m, THREE, "C").difference == d("40000.00")


def test_break_even_price_weighted_by_hand():
    m = model(ModelKind.WEIGHTED_RELATIVE)
    # A: a = 0.476. While A is cheapest (X ≤ 900 000) it wins below
    # min(1 100 000·(0.476 + 0.3 − 0.504)/0.3, 900 000·(0.476 + 0.3 − 0.392)/0.3)
    # = min(997 333.33, 1 152 000) > 900 000, so it wins up to 900 000 and beyond, where P_min =
    # 900 000 and the best other score is B's 0.504 + 0.3·9/11 = 8.244/11:
    # X = 0.3·900 000 / (8.244/11 − 0.476) = 2 970 000 / 3.008 = 987 367.021…
    a = ev.break_even_price(m, THREE, "A")
    assert a.break_even == d("987367.02")
    assert a.difference == d("-12632.98")


def test_break_even_price_unlimited_and_impossible():
    fixed = model(ModelKind.FIXED_PRICE)
    assert ev.break_even_price(fixed, THREE, "B").unlimited is True  # highest quality
    assert ev.break_even_price(fixed, THREE, "A").impossible is True  # lower quality
    assert ev.break_even_price(fixed, THREE, "A").difference is None
    per_point = model(ModelKind.PRICE_PER_POINT)
    no_quality = [*THREE, Tender("D", d(1), {})]
    assert ev.break_even_price(per_point, no_quality, "D").impossible is True
    assert ev.break_even_price(per_point, THREE[:1], "A").unlimited is True  # alone
    # A deduction larger than the best other figure: no positive price wins.
    rich = (CriterionRule("K1", d(60), d(2_000_000)), CriterionRule("K2", d(40)))
    cheap = [tender("A", 100, 0, 0), tender("B", 2_000_000, 1, 0)]
    assert ev.break_even_price(model(ModelKind.VALUE_ADDED, criteria=rich), cheap, "A").impossible
    with pytest.raises(KeyError):
        ev.break_even_price(fixed, THREE, "X")


def test_break_even_price_in_the_edge_cases():
    per_point = model(ModelKind.PRICE_PER_POINT)
    # Nobody else has quality points: A wins at any price.
    others_empty = [THREE[0], Tender("D", d(1), {}), Tender("E", d(2), {})]
    assert ev.break_even_price(per_point, others_empty, "A").unlimited is True
    # Weighted with no weight on price: only quality decides (B 72 > A 68 > C 56).
    quality_only = model(ModelKind.WEIGHTED_RELATIVE, weights=("1", "0"))
    assert ev.break_even_price(quality_only, THREE, "B").unlimited is True
    assert ev.break_even_price(quality_only, THREE, "A").impossible is True
    # Weighted where A wins only while it is the cheapest: B is cheaper (900) and better (Q 100).
    # With A cheapest (X ≤ 900): A = 0.5·0.12 + 0.5 = 0.56 > B = 0.5 + 0.5·X/900 ⟺ X < 108.
    weighted = model(ModelKind.WEIGHTED_RELATIVE, weights=("0.5", "0.5"))
    tenders = [tender("A", 1000, "0.2", 0), tender("B", 900, 1, 1), tender("C", 1200, "0.5", 0)]
    assert ev.break_even_price(weighted, tenders, "A").break_even == d("108.00")


def test_quality_needed_by_hand():
    fixed = model(ModelKind.FIXED_PRICE)
    # C (56) must pass B (72): 56 + 100·δ > 72 → δ = 0.16, 16 points.
    c = ev.quality_needed(fixed, THREE, "C")
    assert (c.step, c.extra_points, c.impossible) == (d("0.160"), d("16.00"), False)
    # value_added, B (1 100 000, steps 0.6/0.9) must get below C's 620 000: deductions > 480 000.
    # δ ≤ 0.1: 360 000 + 500 000·δ → 410 000 at δ = 0.1, where K2 reaches full marks;
    # then 410 000 + 300 000·(δ − 0.1) = 480 000 → δ = 1/3 → 0.334 (rounded up);
    # points: 60·(0.6 + 1/3) + 40·1 = 96, 24 more than 72.
    b = ev.quality_needed(model(ModelKind.VALUE_ADDED), THREE, "B")
    assert (b.step, b.extra_points) == (d("0.334"), d("24.00"))
    assert ev.quality_needed(fixed, THREE, "B").step == 0  # already wins
    # weighted 0.7/0.3, C is the cheapest (P_min = its own 900 000): 0.7·Q/100 + 0.3 must pass
    # B's 0.749454…: Q > (8.244/11 − 0.3)·100/0.7 = 64.2077… → 8.2077… more points; all below
    # full marks, so δ = 0.082077… → 0.083 (up), 8.21 points (up).
    c = ev.quality_needed(model(ModelKind.WEIGHTED_RELATIVE), THREE, "C")
    assert (c.step, c.extra_points) == (d("0.083"), d("8.21"))
    # Full marks only tie with a tender that already has full marks: impossible.
    perfect = [tender("A", 1, 1, 1), tender("B", 1, "0.9", 1)]
    assert ev.quality_needed(fixed, perfect, "B").impossible is True
    # Alone, a tender needs nothing; against tenders without quality points, any point wins.
    assert ev.quality_needed(fixed, THREE[:1], "A").step == 0
    per_point = model(ModelKind.PRICE_PER_POINT)
    none = [Tender("A", d(1), {}), Tender("B", d(2), {})]
    # Q(δ) = 100·δ > 0 for any δ > 0: the threshold is 0 (ties at it, wins just above).
    assert ev.quality_needed(per_point, none, "A") == ev.QualityNeeded("A", d("0.000"), d("0.00"))


def test_weight_switch_by_hand():
    m = model(ModelKind.WEIGHTED_RELATIVE)
    # As lines in w: A = 0.68·w + 0.9·(1 − w), B = 0.72·w + (9/11)·(1 − w), C = 0.56·w + 1·(1 − w).
    # B = A where 0.04·w = (9/110)·(1 − w) → w = 45/67 = 0.67164…;  B = C at w = 25/47 = 0.5319…
    # Nearest 0.7: 45/67, rounded towards 0.7 → 0.6717 (B still wins there, A below 0.67164).
    assert ev.weight_switch(m, THREE) == d("0.6717")
    assert ranking(ev.evaluate(with_weight(m, d("0.6717")), THREE))[0] == ("B", 1)
    assert ranking(ev.evaluate(with_weight(m, d("0.6716")), THREE))[0] == ("A", 1)
    # A copy of B is level with it at every weight (parallel lines): a lottery, but the weight at
    # which A passes them both is still 45/67.
    copy = replace(THREE[1], key="B2")
    assert ev.weight_switch(m, [copy, *THREE]) == d("0.6717")
    # A tender both cheapest and best wins at every weight.
    dominant = [*THREE, tender("D", 800_000, 1, 1)]
    assert ev.weight_switch(m, dominant) is None
    assert ev.weight_switch(model(ModelKind.VALUE_ADDED), THREE) is None


def test_step_stability_by_hand():
    # fixed_price, price tie-break. B 72 wins over A 68:
    # B K1 0.6→0.5: 66 < 68;  B K2 0.9→0.8: 68 = 68, A cheaper;
    # A K1 0.8→0.9: 74 > 72;  A K2 0.5→0.6: 72 = 72, A cheaper;  C (56) cannot reach 72 in a step.
    changes = ev.step_stability(model(ModelKind.FIXED_PRICE, TieBreak.PRICE), THREE, SCALE)
    assert changes == [
        StepChange("B", "K1", d("0.6"), d("0.5"), ("A",)),
        StepChange("B", "K2", d("0.9"), d("0.8"), ("A",)),
        StepChange("A", "K1", d("0.8"), d("0.9"), ("A",)),
        StepChange("A", "K2", d("0.5"), d("0.6"), ("A",)),
    ]
    # value_added: C leads A by 40 000; one step is worth at most 30 000.
    assert ev.step_stability(model(ModelKind.VALUE_ADDED), THREE, SCALE) == []


# ── validation ─────────────────────────────────────────────────────────────────────────────────


def test_validate_accepts_a_usable_model_and_tenders():
    assert ev.validate(model(ModelKind.WEIGHTED_RELATIVE), THREE) == []
    whole_numbers = EvaluationModel(
        ModelKind.VALUE_ADDED, (CriterionRule("K1", 60, 1000),), tie_break=TieBreak.QUALITY
    )  # type: ignore[arg-type]
    assert ev.validate(whole_numbers, [Tender("A", 100, {"K1": 1})]) == []  # type: ignore[arg-type]
    # Amounts are ignored by the models that do not use them, weights by the unweighted ones.
    ignored = (CriterionRule("K1", d(60), d(-1)),)
    assert ev.validate(model(ModelKind.FIXED_PRICE, weights=("2", "5"), criteria=ignored)) == []


@pytest.mark.parametrize(
    ("m", "tenders", "problem"),
    [
        (model(ModelKind.VALUE_ADDED, criteria=()), [], ev.NO_CRITERIA),
        (model(ModelKind.VALUE_ADDED, criteria=K1_K2[:1] * 2), [], ev.DUPLICATE_CRITERION),
        (
            model(ModelKind.FIXED_PRICE, criteria=(CriterionRule("K1", d(0)),)),
            [],
            ev.MAX_POINTS_NOT_POSITIVE,
        ),
        (
            model(ModelKind.VALUE_ADDED, criteria=(CriterionRule("K1", d(1), d(-1)),)),
            [],
            ev.NEGATIVE_DEDUCTION,
        ),
        (
            model(ModelKind.SURCHARGE, criteria=(CriterionRule("K1", d(1), d(-1)),)),
            [],
            ev.NEGATIVE_SURCHARGE,
        ),
        (model(ModelKind.WEIGHTED_RELATIVE, weights=("0.7", "0.2")), [], ev.WEIGHTS_NOT_ONE),
        (model(ModelKind.WEIGHTED_RELATIVE, weights=("1.2", "-0.2")), [], ev.WEIGHT_OUT_OF_RANGE),
        (model(ModelKind.WEIGHTED_RELATIVE, weights=("NaN", "0.3")), [], ev.NOT_A_NUMBER),
        (model(ModelKind.FIXED_PRICE), [Tender("A", 0.5, {})], ev.NOT_A_NUMBER),  # type: ignore[arg-type]
        (model(ModelKind.FIXED_PRICE), [tender("A", "Infinity", 1, 1)], ev.NOT_A_NUMBER),
        (
            model(ModelKind.FIXED_PRICE, criteria=(CriterionRule("K1", d("NaN")),)),
            [],
            ev.NOT_A_NUMBER,
        ),
        (model(ModelKind.FIXED_PRICE), [Tender("A", d(1), {"K1": True})], ev.NOT_A_NUMBER),
        (model(ModelKind.FIXED_PRICE), [tender("A", 0, 1, 1)], ev.PRICE_NOT_POSITIVE),
        (model(ModelKind.FIXED_PRICE), [tender("A", -5, 1, 1)], ev.PRICE_NOT_POSITIVE),
        (model(ModelKind.FIXED_PRICE), [tender("A", 1, "1.1", 1)], ev.STEP_OUT_OF_RANGE),
        (model(ModelKind.FIXED_PRICE), [tender("A", 1, "-0.1", 1)], ev.STEP_OUT_OF_RANGE),
        (model(ModelKind.FIXED_PRICE), [Tender("A", d(1), {"K9": d(1)})], ev.UNKNOWN_CRITERION),
        (
            model(ModelKind.FIXED_PRICE),
            [tender("A", 1, 1, 1), tender("A", 2, 0, 0)],
            ev.DUPLICATE_TENDER,
        ),
    ],
)
def test_validate_catches_each_problem(m, tenders, problem):
    assert ev.validate(m, tenders) == [problem]


# ── properties ─────────────────────────────────────────────────────────────────────────────────

steps = st.sampled_from(SCALE)
prices = st.one_of(
    st.sampled_from([d(p) for p in (800_000, 900_000, 1_000_000, 1_100_000)]),  # ties happen
    st.integers(100_000, 2_000_000).map(Decimal),
    st.integers(10_000_000, 200_000_000).map(lambda n: Decimal(n) / 100),
)
scales = st.lists(st.integers(0, 100), min_size=2, max_size=11, unique=True).map(
    lambda values: [Decimal(v) / 100 for v in values]
)


@st.composite
def models(draw, kinds=tuple(ModelKind)):
    count = draw(st.integers(1, 3))
    criteria = tuple(
        CriterionRule(
            f"K{i}", Decimal(draw(st.integers(1, 100))), Decimal(draw(st.integers(0, 60)) * 5000)
        )
        for i in range(1, count + 1)
    )
    weight = Decimal(draw(st.integers(0, 100))) / 100
    return EvaluationModel(
        draw(st.sampled_from(kinds)),
        criteria,
        weight_quality=weight,
        weight_price=1 - weight,
        tie_break=draw(st.sampled_from(TieBreak)),
    )


@st.composite
def scenarios(draw, kinds=tuple(ModelKind), min_size=2):
    m = draw(models(kinds))
    count = draw(st.integers(min_size, 5))
    tenders = [
        Tender(key, draw(prices), {c.key: draw(steps) for c in m.criteria})
        for key in "ABCDE"[:count]
    ]
    return m, tenders


@given(scenarios(min_size=1), st.randoms())
def test_evaluate_is_deterministic_and_independent_of_the_input_order(scenario, random):
    m, tenders = scenario
    shuffled = list(tenders)
    random.shuffle(shuffled)
    assert ev.evaluate(m, shuffled) == ev.evaluate(m, tenders) == ev.evaluate(m, tenders)


@given(scenarios(min_size=1))
def test_ranks_are_competition_ranks_in_row_order(scenario):
    m, tenders = scenario
    rows = ev.evaluate(m, tenders).rows
    assert [r.rank for r in rows] == [
        1 + sum(o.rank < r.rank for o in rows) for r in rows
    ]  # 1, 1, 3 …
    assert rows[0].rank == 1
    assert all(a.rank <= b.rank for a, b in pairwise(rows))


@given(scenarios(min_size=1))
def test_the_breakdown_adds_up_to_the_figures(scenario):
    m, tenders = scenario
    for row in ev.evaluate(m, tenders).rows:
        assert sum(line.points for line in row.breakdown) == row.quality_points
        adjustments = sum(line.deduction_or_surcharge for line in row.breakdown)
        if m.kind is ModelKind.VALUE_ADDED:
            assert row.comparison == row.price - adjustments
        if m.kind is ModelKind.SURCHARGE:
            assert row.comparison == row.price + adjustments


@given(scenarios(), st.data())
def test_lowering_a_price_never_worsens_the_rank(scenario, data):
    m, tenders = scenario
    key = data.draw(st.sampled_from([t.key for t in tenders]))
    price = next(t.price for t in tenders if t.key == key)
    lower = price * data.draw(st.integers(1, 99)) / 100
    before = ev.evaluate(m, tenders).row(key)
    after = ev.evaluate(m, with_price(tenders, key, lower)).row(key)
    assert after.rank <= before.rank
    if m.kind is ModelKind.FIXED_PRICE:
        assert after.comparison == before.comparison
        after_lottery = ev.evaluate(lottery(m), with_price(tenders, key, lower)).row(key)
        assert after_lottery.rank == ev.evaluate(lottery(m), tenders).row(key).rank


@given(scenarios(kinds=ABSOLUTE), st.data())
def test_raising_a_step_never_worsens_the_rank_in_absolute_models(scenario, data):
    m, tenders = scenario
    target = data.draw(st.sampled_from(tenders))
    criterion = data.draw(st.sampled_from(m.criteria)).key
    higher = data.draw(st.sampled_from([s for s in SCALE if s >= target.steps[criterion]]))
    moved = replace(target, steps={**target.steps, criterion: higher})
    before = ev.evaluate(m, tenders).row(target.key)
    after = ev.evaluate(m, [moved if t is target else t for t in tenders]).row(target.key)
    assert after.rank <= before.rank


@given(scenarios(kinds=ABSOLUTE), st.data())
def test_absolute_figures_do_not_depend_on_the_other_tenders(scenario, data):
    m, tenders = scenario
    together = figures(ev.evaluate(m, tenders))
    subset = data.draw(st.lists(st.sampled_from(tenders), min_size=1, unique_by=lambda t: t.key))
    assert figures(ev.evaluate(m, subset)) == {t.key: together[t.key] for t in subset}


@settings(max_examples=50)
@given(scenarios(kinds=ABSOLUTE))
def test_absolute_models_never_reverse_ranks(scenario):
    m, tenders = scenario
    assert ev.rank_reversal(m, tenders) == []


@given(scenarios(), st.data())
def test_at_the_break_even_price_the_tender_ties_or_wins_and_above_it_does_not(scenario, data):
    m, tenders = scenario
    key = data.draw(st.sampled_from([t.key for t in tenders]))
    result = ev.break_even_price(m, tenders, key)
    assert result.unlimited + result.impossible + (result.break_even is not None) == 1
    if result.unlimited:
        assert wins_strictly(m, with_price(tenders, key, Decimal(10**12)), key)
    elif result.impossible:
        assert not wins_strictly(m, with_price(tenders, key, CENT), key)
    else:
        assert result.break_even is not None
        assert ranks_first(m, with_price(tenders, key, result.break_even), key)
        above = result.break_even + ev.PRICE_TOLERANCE
        assert not wins_strictly(m, with_price(tenders, key, above), key)
        if result.break_even > CENT:
            below = result.break_even - ev.PRICE_TOLERANCE
            assert wins_strictly(m, with_price(tenders, key, below), key)


@given(scenarios(), st.data())
def test_quality_needed_is_the_smallest_uniform_step_that_wins(scenario, data):
    m, tenders = scenario
    key = data.draw(st.sampled_from([t.key for t in tenders]))
    result = ev.quality_needed(m, tenders, key)
    quality = ev.evaluate(m, tenders).row(key).quality_points
    if result.impossible:
        assert not wins_strictly(m, raised(m, tenders, key, Decimal(1)), key)
        return
    assert result.step is not None and result.extra_points is not None
    at = raised(m, tenders, key, result.step)
    assert ranks_first(m, at, key)
    gained = ev.evaluate(m, at).row(key).quality_points - quality
    assert result.extra_points <= gained + ev.POINTS_TOLERANCE
    if result.step == 0:
        assert result.extra_points == 0
    else:
        just_below = raised(m, tenders, key, result.step - ev.STEP_TOLERANCE)
        assert not wins_strictly(m, just_below, key)
        assert result.extra_points >= ev.evaluate(m, just_below).row(key).quality_points - quality


@given(models(), st.integers(10_000, 10_000_000).map(Decimal), scales)
def test_quality_premium_closed_forms_equal_a_numeric_search(m, reference, scale):
    premium = ev.quality_premium(m, reference, scale)
    full = Tender("F", reference, {c.key: Decimal(1) for c in m.criteria})
    middle = Tender("M", reference, {c.key: premium.median_step for c in m.criteria})

    def full_wins(price: Decimal) -> bool:
        return wins_strictly(m, [replace(full, price=price), middle], "F")

    if premium.unlimited:
        assert full_wins(reference * 10**9)
        return
    assert premium.break_even_price is not None
    low, high = CENT, reference
    assert full_wins(low)
    while full_wins(high):
        high *= 2
    while high - low > Decimal("0.001"):  # bisection on the evaluation itself
        mid = (low + high) / 2
        low, high = (mid, high) if full_wins(mid) else (low, mid)
    assert abs(low - premium.break_even_price) <= ev.PRICE_TOLERANCE
    assert premium.amount == premium.break_even_price - reference


@given(scenarios(kinds=(ModelKind.WEIGHTED_RELATIVE,)))
def test_weight_switch_is_where_the_winner_changes(scenario):
    m, tenders = scenario
    winner = ev.evaluate(m, tenders).rows[0].key
    switch = ev.weight_switch(m, tenders)
    current = m.weight_quality
    if switch is None:
        for step in range(21):
            assert ranks_first(with_weight(m, Decimal(step) / 20), tenders, winner)
        return
    assert 0 <= switch <= 1
    assert ranks_first(with_weight(m, switch), tenders, winner)
    assert ranks_first(with_weight(m, (switch + current) / 2), tenders, winner)

    def beyond(direction: int) -> bool:
        weight = min(Decimal(1), max(Decimal(0), switch + direction * ev.WEIGHT_TOLERANCE))
        return not wins_strictly(with_weight(m, weight), tenders, winner)

    if switch == current:
        assert beyond(1) or beyond(-1)
    else:
        assert beyond(1 if switch > current else -1)


@settings(max_examples=50)
@given(scenarios())
def test_every_reported_step_change_changes_the_winner(scenario):
    m, tenders = scenario
    whole = ev.evaluate(m, tenders)
    for change in ev.step_stability(m, tenders, SCALE):
        moved = [
            replace(t, steps={**t.steps, change.criterion_key: change.to_step})
            if t.key == change.tender_key
            else t
            for t in tenders
        ]
        assert ev.evaluate(m, moved).winner_keys == change.new_winner_keys
        assert set(change.new_winner_keys) != set(whole.winner_keys)
        if m.kind in ABSOLUTE and not whole.lottery_needed:
            # Better scores for the winner, or worse for another, never change the winner.
            is_winner = change.tender_key == whole.winner_keys[0]
            assert (change.to_step > change.from_step) != is_winner
