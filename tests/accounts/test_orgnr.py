import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from rodtrad.accounts.orgnr import luhn_checksum_ok, normalise_organisation_number


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("212000-0142", "212000-0142"),  # Stockholms kommun
        ("2120000142", "212000-0142"),
        (" 212000-0142 ", "212000-0142"),
        ("16212000-0142", "212000-0142"),
        ("556677-8899", "556677-8899"),
    ],
)
def test_normalise_accepts_valid_numbers(raw, expected):
    assert normalise_organisation_number(raw) == expected


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("", "format"),
        ("21200-0142", "format"),
        ("212000-01423", "format"),
        ("abcdef-ghij", "format"),
        ("212000-0143", "checksum"),
        ("811218-9876", "personal_number"),  # a personal identity number (third digit 1)
    ],
)
def test_normalise_rejects_bad_numbers_with_a_reason(raw, code):
    with pytest.raises(ValidationError) as error:
        normalise_organisation_number(raw)
    assert error.value.code == code


def _with_check_digit(nine: str) -> str:
    return next(nine + str(d) for d in range(10) if luhn_checksum_ok(nine + str(d)))


@given(st.from_regex(r"\A[0-9]{2}[2-9][0-9]{6}\Z"))
def test_every_prefix_has_exactly_one_valid_check_digit(nine):
    valid = [d for d in range(10) if luhn_checksum_ok(nine + str(d))]
    assert len(valid) == 1
    number = _with_check_digit(nine)
    assert normalise_organisation_number(number) == f"{number[:6]}-{number[6:]}"


@given(st.from_regex(r"\A[0-9]{2}[2-9][0-9]{6}\Z"), st.integers(0, 9), st.integers(1, 9))
def test_changing_one_digit_breaks_the_check(nine, position, delta):
    number = _with_check_digit(nine)
    digits = list(number)
    digits[position] = str((int(digits[position]) + delta) % 10)
    assert luhn_checksum_ok("".join(digits)) is False
