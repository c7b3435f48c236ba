"""The standstill period (avtalsspärr, LOU 20 kap. 1 §) after an award decision.

A contract may not be concluded until the period has ended: 10 days after the decision was sent
electronically, 15 days otherwise. When the last day falls on a Saturday, a Sunday, another
public holiday, midsummer eve, Christmas eve or New Year's eve, the period ends on the next
working day instead (lagen (1930:173) om beräkning av lagstadgad tid, 2 §).

Public holidays come from the maintained `holidays` package (Sweden, public category, which has
every Sunday); the three eves, which are not public holidays, are added here.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import lru_cache

import holidays
from django.utils import timezone

ELECTRONIC_DAYS = 10
OTHER_DAYS = 15


@lru_cache(maxsize=64)
def _public_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("SE", years=year))


def _midsummer_eve(year: int) -> date:
    # Midsummer Day is the Saturday between 20 and 26 June; its eve the Friday before.
    june_20 = date(year, 6, 20)
    midsummer_day = june_20 + timedelta(days=(5 - june_20.weekday()) % 7)
    return midsummer_day - timedelta(days=1)


def is_working_day(day: date) -> bool:
    """Not a Saturday, Sunday, public holiday, midsummer eve, Christmas eve or New Year's eve."""
    if day.weekday() >= 5 or day in _public_holidays(day.year):
        return False
    return day not in {_midsummer_eve(day.year), date(day.year, 12, 24), date(day.year, 12, 31)}


def standstill_last_day(notice_day: date, *, electronic: bool = True) -> date:
    """The last day of the standstill for a decision sent on `notice_day` (Swedish date)."""
    day = notice_day + timedelta(days=ELECTRONIC_DAYS if electronic else OTHER_DAYS)
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def contract_allowed_from(notice_at: datetime, *, electronic: bool = True) -> datetime:
    """The first moment a contract may be concluded: midnight (Swedish time) after the last day
    of the standstill. `notice_at` is when the decision was sent (aware, any time zone)."""
    notice_day = timezone.localtime(notice_at).date()
    last_day = standstill_last_day(notice_day, electronic=electronic)
    return timezone.make_aware(datetime.combine(last_day + timedelta(days=1), time.min))
