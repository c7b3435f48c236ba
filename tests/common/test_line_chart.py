from decimal import Decimal

from rodtrad.common.charts import Series, line_chart


def test_line_chart_draws_each_series_with_a_legend_and_the_target():
    svg = line_chart(
        [
            Series("Omsorg <A>", [Decimal("40"), None, Decimal("60")]),
            Series("Ekby", [Decimal("30"), Decimal("35"), Decimal("50")]),
        ],
        ["Anbud", "Omgång 1", "Omgång 2"],
        title="Poäng över tid",
        description="Två linjer",
        target=Decimal("55"),
        target_label="Mål",
    )
    assert svg.count("<polyline") == 2  # a gap still joins the points that exist
    assert svg.count("<circle") == 5
    assert "Omsorg &lt;A&gt;" in svg and "<A>" not in svg
    assert 'stroke-dasharray="3 3"' in svg and "Mål" in svg
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    assert "style=" not in svg  # the CSP forbids inline styles


def test_line_chart_with_a_single_point_or_no_values():
    one = line_chart([Series("A", [Decimal("5")])], ["2026"], title="t", description="d")
    assert one.count("<circle") == 1 and "<polyline" not in one
    empty = line_chart([Series("A", [None])], ["2026"], title="t", description="d")
    assert "<circle" not in empty
