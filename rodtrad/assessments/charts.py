"""Charts of an assessment's result."""

from __future__ import annotations

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from rodtrad.assessments.selectors import Report
from rodtrad.common.charts import Bar, horizontal_bars


def group_chart(report: Report) -> SafeString:
    """Points per criterion group against the maximum (the previous result marked if any)."""
    previous: dict[str, object] = {}
    if report.reference is not None:
        for group in report.groups:
            previous[group.group.code] = sum(
                (c.previous_points or 0 for c in group.criteria), start=0
            )
    bars = [
        Bar(
            label=f"{g.group.code} {g.group.name}",
            value=g.subtotal.points,
            maximum=g.subtotal.max_points,
            reference=previous.get(g.group.code) if report.reference else None,  # type: ignore[arg-type]
        )
        for g in report.groups
    ]
    description = _(
        "Points per criterion group against the maximum; the table below has the same figures."
    )
    if report.reference is not None:
        description += " " + _("The vertical line marks the previous assessment.")
    return horizontal_bars(bars, title=_("Points per criterion group"), description=description)
