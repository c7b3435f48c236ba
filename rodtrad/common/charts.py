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
