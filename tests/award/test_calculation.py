"""The award calculation on real tenders: final consensus and revealed prices in, ranking and
sensitivity out; refused before every consensus is final and before the reveal."""

from __future__ import annotations

from decimal import Decimal

import pytest

from rodtrad.award.calculation import AwardNotReady, award_calculation
from tests.award.factories import final, ready
from tests.evaluations.factories import declared, to_consensus

pytestmark = pytest.mark.django_db


def test_calculation_refused_before_every_consensus_is_final(personas):
    procurement, _tenders = declared(personas, 2)
    to_consensus(personas, procurement)
    with pytest.raises(AwardNotReady, match=r"not final yet"):
        award_calculation(procurement)


def test_calculation_refused_before_the_prices_are_revealed(personas):
    procurement, _tenders = final(personas, 2)
    with pytest.raises(AwardNotReady, match=r"prices are still hidden"):
        award_calculation(procurement)


def test_calculation_value_added_hand_computed(personas):
    # Three criteria (70, 70, 100 points), 300 kr deduction each for full marks.
    # A: 2137.45 − 3 · 0.8 · 300 = 1417.45; B: 1983.20 − 3 · 0.5 · 300 = 1533.20.
    procurement, tenders = ready(personas, 2)
    calc = award_calculation(procurement)
    assert not calc.several_lots
    (lot,) = calc.lots
    assert [
        (r.entry.organisation.name, r.row.comparison_display, r.row.rank) for r in lot.ranked
    ] == [
        ("Omsorg A AB", Decimal("1417.45"), 1),
        ("Omsorg B AB", Decimal("1533.20"), 2),
    ]
    assert lot.ranked[0].row.quality_points == Decimal(192)
    # B would have won at 1417.45 + 450 = 1867.45
    b = str(tenders[1].pk)
    assert lot.break_even[b].break_even == Decimal("1867.45")
    # B needs 0.3·(300+300+300)·δ > 115.75: δ = 115.75/900 = 0.1287 → 0.129
    assert lot.quality_needed[b].step == Decimal("0.129")
    assert lot.reversals == []
    assert lot.weight_switch is None


def test_calculation_without_hidden_prices_needs_no_reveal(personas):
    from rodtrad.procurements.models import Procurement

    procurement, _tenders = final(personas, 2)
    Procurement.objects.filter(pk=procurement.pk).update(hide_prices=False)
    procurement.refresh_from_db()
    assert award_calculation(procurement).lots[0].result.winner_keys
