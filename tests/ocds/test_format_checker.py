"""The strict "date-time" check the schema tests rely on (jsonschema ignores formats without a
registered checker): RFC 3339 with an offset, and a real moment."""

from __future__ import annotations

import pytest
from jsonschema.exceptions import FormatError

from tests.ocds.schema import checker, errors

GOOD = "2026-03-01T13:00:00+01:00"


@pytest.mark.parametrize("value", [GOOD, "2026-03-01T12:00:00Z", "2026-03-01T12:00:00.250+00:00"])
def test_accepts_rfc3339_times(value):
    checker.check(value, "date-time")


@pytest.mark.parametrize(
    "value",
    [
        "2026-13-01T00:00:00Z",  # no 13th month
        "2026-02-30T10:00:00+01:00",  # no 30 February
        "2026-03-01T13:00:00",  # no offset
        "2026-03-01",  # a day, not a time
        "2026-03-01 13:00:00+01:00",  # no T
    ],
)
def test_rejects_what_is_not_rfc3339(value):
    with pytest.raises(FormatError):
        checker.check(value, "date-time")


def _package(date: str) -> dict:
    release = {
        "ocid": "ocds-r0dtrd-1",
        "id": "ocds-r0dtrd-1-tender-v1",
        "date": date,
        "tag": ["tender"],
        "initiationType": "tender",
    }
    return {
        "uri": "https://rodtrad.example/api/v1/procurements/1/ocds",
        "version": "1.1",
        "publishedDate": GOOD,
        "publisher": {"name": "Ekby kommun"},
        "releases": [release],
    }


def test_the_package_validator_checks_dates_inside_releases():
    assert errors(_package(GOOD)) == []
    assert any("date-time" in e for e in errors(_package("2026-13-01T00:00:00Z")))
    assert any("date-time" in e for e in errors(_package("2026-03-01T13:00:00")))
