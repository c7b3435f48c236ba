"""The API's request parser: JSON bodies, query strings and form fields, refusing text that no
database column can hold.

PostgreSQL cannot store the NUL character in text, and no database stores an unpaired UTF-16
surrogate (JSON can spell one, "\\ud800"); both would end in a server error when saved. They are
refused here, for every operation at once, with a message naming the field.
"""

from __future__ import annotations

import json
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from ninja.parser import Parser
from ninja.types import DictStrAny


def _problem(text: str) -> str | None:
    if "\x00" in text:
        return _("The text contains a NUL character (\\0), which cannot be stored. Remove it.")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _(
            "The text contains an invalid character (an unpaired UTF-16 surrogate). Remove it."
        )
    return None


def _check(value: Any, path: str = "") -> None:
    """Raise a ValidationError naming the first field whose text (or key) cannot be stored."""
    if isinstance(value, str):
        problem = _problem(value)
        if problem:
            raise ValidationError({path or "body": [problem]})
    elif isinstance(value, dict):
        for key, inner in value.items():
            where = f"{path}.{key}" if path else str(key)
            _check(key, where)
            _check(inner, where)
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            _check(inner, f"{path}.{index}" if path else str(index))


class StorableTextParser(Parser):
    def parse_body(self, request: HttpRequest) -> DictStrAny:
        data = json.loads(request.body)
        # ninja wraps what this raises in HttpError(400); errors.py answers with this error
        _check(data)
        return cast(DictStrAny, data)

    def parse_querydict(
        self, data: MultiValueDict, list_fields: list[str], request: HttpRequest
    ) -> DictStrAny:
        result = super().parse_querydict(data, list_fields, request)
        _check({key: value for key, value in result.items() if isinstance(value, str | list)})
        return result
