"""Checks on free text that reaches the database without a Django form field.

Form fields refuse the NUL character themselves (Django's ProhibitNullCharactersValidator), and
the API's parser refuses it for every operation (api/parser.py). Views that read request.POST
directly and hand the text to a service need the same refusal: PostgreSQL cannot store NUL in
text or JSON, so such a save would end in a server error there.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator


def refuse_nul(**texts: str | Iterable[str] | None) -> None:
    """Raise ValidationError ({field: [message]}) for every field whose text holds NUL; a field
    may be one text or a list of them. The message is Django's own (already translated)."""
    errors: dict[str, list[str]] = {}
    for name, value in texts.items():
        values = [value] if isinstance(value, str) else list(value or [])
        if any("\x00" in text for text in values if isinstance(text, str)):
            errors[name] = [str(ProhibitNullCharactersValidator.message)]
    if errors:
        raise ValidationError(errors)
