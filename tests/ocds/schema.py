"""Validation of an exported package against the OCDS 1.1.5 release package schema, with the
release schema resolved locally for `releases` and a strict RFC 3339 check of "date-time"
(jsonschema checks formats only with a registered checker)."""

from __future__ import annotations

import json
import re
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft4Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

OCDS = Path("/work/shared/reference/ocds")
RFC3339 = re.compile(
    r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$", re.IGNORECASE
)

checker = FormatChecker(formats=())


@checker.checks("date-time", raises=ValueError)
def is_rfc3339(value: object) -> bool:
    """A full date and time with an offset (RFC 3339 section 5.6) that is a real moment."""
    if not isinstance(value, str):
        return True
    if not RFC3339.match(value):
        raise ValueError(f"not RFC 3339: {value!r}")
    datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
    return True


def _load(name: str) -> dict[str, Any]:
    return json.loads((OCDS / name).read_text(encoding="utf-8"))


@cache
def validator() -> Draft4Validator:
    package = _load("release-package-schema-1.1.5.json")
    release = _load("release-schema-1.1.5.json")
    url = package["properties"]["releases"]["items"]["$ref"]
    registry: Registry = Registry().with_resource(
        url, Resource.from_contents(release, default_specification=DRAFT4)
    )
    return Draft4Validator(package, registry=registry, format_checker=checker)


def errors(package: dict[str, Any]) -> list[str]:
    return [
        f"{'/'.join(str(p) for p in error.absolute_path)}: {error.message}"
        for error in validator().iter_errors(package)
    ]


def assert_valid(package: dict[str, Any]) -> None:
    problems = errors(package)
    assert not problems, "\n".join(problems)
