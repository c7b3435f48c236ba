"""CPV codes (Common Procurement Vocabulary): eight digits and, usually, a check digit after a
hyphen, e.g. 85311100-3. Only the format is checked: the published check digits do not follow
the documented algorithm consistently, so a computed check would reject real codes."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_CPV = re.compile(r"^(\d{8})(?:-(\d))?$")


def normalise_cpv(raw: str) -> str:
    value = (raw or "").strip().replace(" ", "")
    match = _CPV.match(value)
    if not match or match.group(1)[:2] in ("00", "99"):
        raise ValidationError(
            _(
                "“%(value)s” is not a CPV code: write eight digits and the check digit, "
                "for example 85311100-3."
            )
            % {"value": raw.strip()}
        )
    return value


def parse_cpv_list(raw: str | list[str]) -> list[str]:
    """Codes separated by commas, spaces or new lines; each checked; duplicates dropped."""
    items = raw if isinstance(raw, list) else re.split(r"[\s,;]+", raw or "")
    codes = [normalise_cpv(item) for item in items if item and item.strip()]
    return list(dict.fromkeys(codes))
