"""Swedish organisation numbers (organisationsnummer): format NNNNNN-NNNN with a Luhn check digit.

The third digit of a legal entity's number is 2 or higher; a lower one means the number is a
personal identity number, which rodtrad does not store (GDPR: organisations, not individuals).
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_PATTERN = re.compile(r"^(?:16)?(\d{6})-?(\d{4})$")


def luhn_checksum_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(digits):
        value = int(char) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def normalise_organisation_number(raw: str) -> str:
    """Return the number as NNNNNN-NNNN or raise ValidationError saying what is wrong."""
    value = (raw or "").strip().replace(" ", "")
    match = _PATTERN.match(value)
    if not match:
        raise ValidationError(
            _("Enter the organisation number as ten digits, for example 212000-0142."),
            code="format",
        )
    digits = match.group(1) + match.group(2)
    if int(digits[2]) < 2:
        raise ValidationError(
            _(
                "This looks like a personal identity number. Enter the number of the organisation "
                "(the third digit is 2 or higher)."
            ),
            code="personal_number",
        )
    if not luhn_checksum_ok(digits):
        raise ValidationError(
            _("The check digit does not match; check the organisation number for a typo."),
            code="checksum",
        )
    return f"{digits[:6]}-{digits[6:]}"


def validate_organisation_number(value: str) -> None:
    normalise_organisation_number(value)
