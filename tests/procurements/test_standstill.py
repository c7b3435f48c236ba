"""The standstill period with real Swedish calendars: Easter, midsummer, Christmas and New Year
in 2026–2028, worked out by hand from the almanac."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rodtrad.procurements.standstill import (
    contract_allowed_from,
    is_working_day,
    standstill_last_day,
)


@pytest.mark.parametrize(
    ("notice", "last_day", "why"),
    [
        (date(2026, 11, 3), date(2026, 11, 13), "an ordinary Friday"),
        (date(2026, 11, 4), date(2026, 11, 16), "Saturday → Monday"),
        # Easter: Good Friday, Easter Saturday, Easter Sunday and Easter Monday.
        (date(2026, 3, 24), date(2026, 4, 7), "Good Friday 3 April 2026 → Tuesday after Easter"),
        (date(2027, 3, 16), date(2027, 3, 30), "Good Friday 26 March 2027"),
        (date(2028, 4, 4), date(2028, 4, 18), "Good Friday 14 April 2028"),
        # Midsummer eve is not a public holiday but ends no period.
        (date(2026, 6, 9), date(2026, 6, 22), "midsummer eve 19 June 2026"),
        (date(2027, 6, 15), date(2027, 6, 28), "midsummer eve 25 June 2027"),
        (date(2028, 6, 13), date(2028, 6, 26), "midsummer eve 23 June 2028"),
        # Christmas eve, Christmas Day, Boxing Day.
        (date(2026, 12, 14), date(2026, 12, 28), "Christmas eve Thursday 2026"),
        (date(2027, 12, 14), date(2027, 12, 27), "Christmas eve Friday 2027"),
        (date(2028, 12, 14), date(2028, 12, 27), "Christmas eve Sunday 2028, Boxing Day Tuesday"),
        # New Year's eve and New Year's Day.
        (date(2026, 12, 21), date(2027, 1, 4), "New Year's eve Thursday 2026"),
        (date(2027, 12, 21), date(2028, 1, 3), "New Year's eve Friday 2027"),
        (date(2028, 12, 21), date(2029, 1, 2), "New Year's eve Sunday 2028, New Year Monday"),
        # Other public holidays on weekdays.
        (date(2026, 12, 27), date(2027, 1, 7), "Epiphany Wednesday 6 January 2027"),
        (date(2026, 5, 4), date(2026, 5, 15), "Ascension Day Thursday 14 May 2026"),
        (date(2027, 5, 27), date(2027, 6, 7), "National Day Sunday 6 June 2027"),
    ],
)
def test_last_day_of_the_standstill(notice, last_day, why):
    assert standstill_last_day(notice) == last_day, why


def test_ascension_day_moves_the_end():
    # 4 May 2026 + 10 = 14 May, Ascension Day (Thursday) → Friday 15 May.
    assert standstill_last_day(date(2026, 5, 4)) == date(2026, 5, 15)
    assert not is_working_day(date(2026, 5, 14))


def test_fifteen_days_when_not_sent_electronically():
    # 3 November 2026 + 15 = Wednesday 18 November.
    assert standstill_last_day(date(2026, 11, 3), electronic=False) == date(2026, 11, 18)


def test_the_swedish_date_of_the_notice_counts():
    # 23:30 UTC on 3 November is already 4 November in Stockholm: 4 + 10 = Saturday → Monday 16.
    late_evening = datetime(2026, 11, 3, 23, 30, tzinfo=UTC)
    allowed = contract_allowed_from(late_evening)
    assert allowed.isoformat() == "2026-11-17T00:00:00+01:00"


@settings(deadline=None)  # the holiday calendar of a new year is built on first use
@given(st.dates(min_value=date(2025, 1, 1), max_value=date(2035, 12, 31)))
def test_the_end_is_a_working_day_at_least_ten_days_on_and_the_first_such(notice):
    last = standstill_last_day(notice)
    assert is_working_day(last)
    assert (last - notice).days >= 10
    day = notice + timedelta(days=10)
    while day < last:
        assert not is_working_day(day)
        day += timedelta(days=1)
