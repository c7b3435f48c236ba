from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def lookup(mapping: Any, key: Any) -> Any:
    """`{{ labels|lookup:code }}`: a dictionary value by a variable key."""
    try:
        return mapping[key]
    except (KeyError, IndexError, TypeError):
        return ""


@register.filter
def as_lines(items: Any) -> str:
    """A list of texts as the content of a textarea with one item per line."""
    if not items:
        return ""
    return "\n".join(str(item) for item in items)
