"""The demo's story in time, relative to today, so a newcomer always finds a contract with
about two years of follow-up behind it.

The municipality prepares (training, self-assessment), procures Ekbacken, opens, evaluates and
awards it, signs the contract, and follows it up every six months; meanwhile a new procurement
(home care) is open for tenders today. Services run with the application clock frozen at each
moment of the story, so every timestamp, deadline and audit event tells the story in order.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from rodtrad.common import clock


def _at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _months_after(day: date, months: int) -> date:
    month = day.month - 1 + months
    return day.replace(year=day.year + month // 12, month=month % 12 + 1)


@dataclass(frozen=True)
class RoundMoments:
    started: datetime
    provider_described: datetime
    buyer_described: datetime
    indicators: datetime
    opened: datetime
    declared: datetime
    scored: datetime
    barometer: datetime
    consensus: datetime
    completed: datetime
    actions: datetime


@dataclass(frozen=True)
class Story:
    today: date
    contract_start: date

    @classmethod
    def now(cls) -> Story:
        today = timezone.localdate(clock.now())
        back = today - timedelta(days=790)
        return cls(today=today, contract_start=back.replace(day=1))

    # Phase A: preparation
    @property
    def training(self) -> datetime:
        return _at(self.contract_start - timedelta(days=230), 9)

    @property
    def self_assessment(self) -> datetime:
        return _at(self.contract_start - timedelta(days=215))

    # Phases B and C: Ekbacken
    @property
    def created(self) -> datetime:
        return _at(self.contract_start - timedelta(days=180))

    @property
    def published(self) -> datetime:
        return _at(self.contract_start - timedelta(days=160))

    @property
    def questions(self) -> datetime:
        return _at(self.contract_start - timedelta(days=148), 14)

    @property
    def questions_deadline(self) -> datetime:
        return _at(self.contract_start - timedelta(days=135), 23, 59)

    @property
    def tenders_written(self) -> datetime:
        return _at(self.contract_start - timedelta(days=125), 15)

    @property
    def tender_deadline(self) -> datetime:
        return _at(self.contract_start - timedelta(days=120), 12)

    @property
    def opened(self) -> datetime:
        return _at(self.contract_start - timedelta(days=119), 9)

    @property
    def qualified(self) -> datetime:
        return _at(self.contract_start - timedelta(days=115), 13)

    @property
    def evaluation_started(self) -> datetime:
        return _at(self.contract_start - timedelta(days=113), 9)

    @property
    def individual_done(self) -> datetime:
        return _at(self.contract_start - timedelta(days=103), 16)

    @property
    def consensus(self) -> datetime:
        return _at(self.contract_start - timedelta(days=98), 13)

    @property
    def prices_revealed(self) -> datetime:
        return _at(self.contract_start - timedelta(days=97), 10)

    @property
    def award_decided(self) -> datetime:
        return _at(self.contract_start - timedelta(days=94), 11)

    @property
    def contract_signed(self) -> datetime:
        return _at(self.contract_start - timedelta(days=70), 14)

    @property
    def contract_end(self) -> date:
        return self.contract_start.replace(year=self.contract_start.year + 4) - timedelta(days=1)

    # Phase D: follow-up of the Ekbacken contract (rounds every six months from the start)
    @property
    def teams_formed(self) -> datetime:
        return _at(self.contract_start - timedelta(days=60), 9)

    @property
    def charter_written(self) -> datetime:
        return _at(self.contract_start - timedelta(days=50), 15)

    @property
    def charter_signed_by_provider(self) -> datetime:
        return _at(self.contract_start - timedelta(days=47), 11)

    @property
    def charter_agreed(self) -> datetime:
        return _at(self.contract_start - timedelta(days=45), 14)

    @property
    def indicators_defined(self) -> datetime:
        return _at(self.contract_start - timedelta(days=40), 10)

    @property
    def charter_revised(self) -> datetime:
        """After the first year's second round: version 2 of the charter."""
        return _at(_months_after(self.contract_start, 12) + timedelta(days=18), 10)

    @property
    def charter_revision_signed_by_provider(self) -> datetime:
        return _at(_months_after(self.contract_start, 12) + timedelta(days=20), 13)

    @property
    def charter_revision_agreed(self) -> datetime:
        return _at(_months_after(self.contract_start, 12) + timedelta(days=22), 9)

    def round_moments(self, due_on: date) -> RoundMoments:
        """The moments of one follow-up round, around the day it is due."""
        return RoundMoments(
            started=_at(due_on - timedelta(days=28)),
            provider_described=_at(due_on - timedelta(days=21), 14),
            buyer_described=_at(due_on - timedelta(days=20)),
            indicators=_at(due_on - timedelta(days=18), 11),
            opened=_at(due_on - timedelta(days=14), 9),
            declared=_at(due_on - timedelta(days=13), 9),
            scored=_at(due_on - timedelta(days=7), 16),
            barometer=_at(due_on - timedelta(days=5), 12),
            consensus=_at(due_on, 13),
            completed=_at(due_on + timedelta(days=3)),
            actions=_at(due_on + timedelta(days=7)),
        )

    # Today: a new procurement open for tenders
    @property
    def home_care_published(self) -> datetime:
        return _at(self.today - timedelta(days=12))
