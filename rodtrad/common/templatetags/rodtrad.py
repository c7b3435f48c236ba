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
