"""Server-side SVG charts. Each chart is an image with a title and a description for screen
readers, styled with presentation attributes and CSS classes only (no style attributes: the CSP
forbids inline styles). Pages always show the same figures in a table beside the chart."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import count

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_ids = count(1)
# Presentation attributes (not CSS) so the same SVG renders in browsers and in WeasyPrint's PDFs.
INK, TRACK, BAR = "#1b1f24", "#e6eaee", "#b3261e"
TEXT = f'font-size="13" fill="{INK}" font-family="sans-serif"'


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal
    maximum: Decimal
    reference: Decimal | None = None  # e.g. the previous assessment's value


def _fmt(value: Decimal) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def horizontal_bars(bars: Sequence[Bar], *, title: str, description: str) -> SafeString:
    """Bars of points against their maximum, one row per item, with an optional reference mark."""
    chart_id = f"chart-{next(_ids)}"
    label_width, bar_width, row_height, gap = 220, 360, 22, 10
    width = label_width + bar_width + 110
    height = max(1, len(bars)) * (row_height + gap) + gap
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'preserveAspectRatio="xMinYMin meet">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    for index, bar in enumerate(bars):
        y = gap + index * (row_height + gap)
        maximum = bar.maximum if bar.maximum > 0 else Decimal(1)
        filled = float(min(bar.value, maximum) / maximum) * bar_width
        label = bar.label if len(bar.label) <= 34 else bar.label[:33] + "…"
        parts += [
            f'<text {TEXT} x="0" y="{y + 16}">{escape(label)}</text>',
            f'<rect fill="{TRACK}" x="{label_width}" y="{y}" width="{bar_width}" '
            f'height="{row_height}" rx="3"/>',
            f'<rect fill="{BAR}" x="{label_width}" y="{y}" width="{filled:.1f}" '
            f'height="{row_height}" rx="3"/>',
            f'<text {TEXT} x="{label_width + bar_width + 8}" y="{y + 16}">'
            f"{_fmt(bar.value)} / {_fmt(bar.maximum)}</text>",
        ]
        if bar.reference is not None:
            x = label_width + float(min(bar.reference, maximum) / maximum) * bar_width
            parts.append(
                f'<line stroke="{INK}" stroke-width="3" x1="{x:.1f}" x2="{x:.1f}" y1="{y - 3}" '
                f'y2="{y + row_height + 3}"/>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[Decimal | None]  # one per x label; None leaves a gap


SERIES_COLOURS = ("#b3261e", "#1d5fa8", "#2e7d32", "#6a3d9a")
DASHES = ("", ' stroke-dasharray="6 4"', ' stroke-dasharray="2 3"', ' stroke-dasharray="8 3 2 3"')


def line_chart(
    series: Sequence[Series],
    x_labels: Sequence[str],
    *,
    title: str,
    description: str,
    target: Decimal | None = None,
    target_label: str = "",
    y_min: Decimal | None = None,
    y_max: Decimal | None = None,
) -> SafeString:
    """Lines over the x labels (e.g. rounds or periods), one per series, each with its own colour
    and dash pattern (so colour is never the only difference), an optional horizontal target
    line, and a legend. The same figures must be shown in a table beside the chart."""
    chart_id = f"chart-{next(_ids)}"
    left, right, top, bottom = 56, 16, 16, 44
    legend_height = 22 * (len(series) + (1 if target is not None else 0))
    plot_w, plot_h = 560, 220
    width, height = left + plot_w + right, top + plot_h + bottom + legend_height
    values = [v for s in series for v in s.values if v is not None]
    if target is not None:
        values.append(target)
    low = y_min if y_min is not None else (min(values) if values else Decimal(0))
    high = y_max if y_max is not None else (max(values) if values else Decimal(1))
    if high <= low:
        high = low + 1

    def y(value: Decimal) -> float:
        return top + plot_h - float((value - low) / (high - low)) * plot_h

    def x(index: int) -> float:
        steps = max(1, len(x_labels) - 1)
        return left + (plot_w * index / steps if len(x_labels) > 1 else plot_w / 2)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'preserveAspectRatio="xMinYMin meet">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" '
        f'stroke="{INK}"/>',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="{INK}"/>',
        f'<text {TEXT} x="4" y="{top + 12}">{_fmt(high)}</text>',
        f'<text {TEXT} x="4" y="{top + plot_h}">{_fmt(low)}</text>',
    ]
    for index, label in enumerate(x_labels):
        short = label if len(label) <= 14 else label[:13] + "…"
        parts.append(
            f'<text {TEXT} x="{x(index):.1f}" y="{top + plot_h + 18}" '
            f'text-anchor="middle">{escape(short)}</text>'
        )
    if target is not None:
        parts.append(
            f'<line x1="{left}" y1="{y(target):.1f}" x2="{left + plot_w}" y2="{y(target):.1f}" '
            f'stroke="{INK}" stroke-dasharray="3 3"/>'
        )
    for number, line in enumerate(series):
        colour = SERIES_COLOURS[number % len(SERIES_COLOURS)]
        dash = DASHES[number % len(DASHES)]
        points = [(x(i), y(v)) for i, v in enumerate(line.values) if v is not None]
        if len(points) > 1:
            path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
            parts.append(
                f'<polyline fill="none" stroke="{colour}" stroke-width="2.5"{dash} '
                f'points="{path}"/>'
            )
        for px, py in points:
            parts.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="4" fill="{colour}"/>')
    legend_y = top + plot_h + bottom
    for number, line in enumerate(series):
        colour = SERIES_COLOURS[number % len(SERIES_COLOURS)]
        dash = DASHES[number % len(DASHES)]
        row = legend_y + 22 * number
        parts += [
            f'<line x1="{left}" y1="{row + 6}" x2="{left + 30}" y2="{row + 6}" '
            f'stroke="{colour}" stroke-width="2.5"{dash}/>',
            f'<text {TEXT} x="{left + 38}" y="{row + 11}">{escape(line.label)}</text>',
        ]
    if target is not None:
        row = legend_y + 22 * len(series)
        parts += [
            f'<line x1="{left}" y1="{row + 6}" x2="{left + 30}" y2="{row + 6}" '
            f'stroke="{INK}" stroke-dasharray="3 3"/>',
            f'<text {TEXT} x="{left + 38}" y="{row + 11}">{escape(target_label)}</text>',
        ]
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every text above is escaped
