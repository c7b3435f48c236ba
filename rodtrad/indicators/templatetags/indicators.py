from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import template

from rodtrad.indicators.selectors import figure as _figure

register = template.Library()


@register.filter
def figure(value) -> str:
    """A value without trailing zeros, in the page's language (87,5 in Swedish)."""
    if value is None or value == "":
        return "–"
    try:
        return _figure(Decimal(str(value)))
    except InvalidOperation:
        return str(value)
