"""The partnership barometer (DOMAIN.md section 9) as pure functions: the ten conditions, and the
aggregation of answers into figures per party that never show a group smaller than the minimum.

Privacy rules applied here, for every caller (pages, API, summary):
- a party's figures for a condition (count, mean, distribution, comments) exist only when at
  least `min_group` of its people rated that condition; otherwise the party is `hidden`;
- comments are returned without names, sorted by their text, so their order says nothing about
  who wrote them or when;
- the gap is the difference of the two shown means and absent when either side is hidden.
The input carries no respondent: callers pass (party, condition, rating, comment) only."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

PARTIES = ("buyer", "provider")
SCALE = (1, 2, 3, 4, 5)
# A gap of at least this much (in steps of the 1–5 scale) is pointed out on the contract page.
GAP_THRESHOLD = Decimal("1.0")
_TENTH = Decimal("0.1")


@dataclass(frozen=True)
class Condition:
    code: str
    name: str | Promise
    question: str | Promise


CONDITIONS: tuple[Condition, ...] = (
    Condition(
        "common_goals",
        _("Common goals"),
        _("Do we share goals for the service that both parties work towards?"),
    ),
    Condition(
        "collaboration",
        _("Collaboration"),
        _("Do we work together in forums and at a cadence that suit the service?"),
    ),
    Condition(
        "room_for_action",
        _("Room for action"),
        _("Is there freedom to do things differently when it serves the users?"),
    ),
    Condition(
        "dialogue",
        _("Dialogue and communication"),
        _("Do we talk with each other openly, in time and through the right channels?"),
    ),
    Condition(
        "respect",
        _("Respect"),
        _("Do we respect each other's knowledge, roles and conditions?"),
    ),
    Condition(
        "trust",
        _("Trust"),
        _("Can we rely on each other to do what we have agreed?"),
    ),
    Condition(
        "openness",
        _("Openness"),
        _("Do we share information, problems and mistakes with each other?"),
    ),
    Condition(
        "culture",
        _("Culture"),
        _("Do our ways of working and values support the partnership?"),
    ),
    Condition(
        "clarity",
        _("Clarity"),
        _("Are roles, responsibilities and expectations clear to both parties?"),
    ),
    Condition(
        "learning",
        _("Learning process"),
        _("Do we learn together from follow-up and improve the service over time?"),
    ),
)
CONDITION_CODES: tuple[str, ...] = tuple(c.code for c in CONDITIONS)
CONDITIONS_BY_CODE = {c.code: c for c in CONDITIONS}


@dataclass(frozen=True)
class Answer:
    """One rating as the aggregation sees it: the party and the figures, never the person."""

    party: str
    condition: str
    rating: int
    comment: str = ""


@dataclass(frozen=True)
class PartyFigures:
    """One party's figures for one condition; `hidden` when fewer than the minimum answered, and
    then every figure is absent."""

    hidden: bool
    count: int | None = None
    mean: Decimal | None = None
    distribution: tuple[int, ...] | None = None  # how many rated 1, 2, 3, 4, 5
    comments: tuple[str, ...] = ()


HIDDEN = PartyFigures(hidden=True)


@dataclass(frozen=True)
class ConditionResult:
    condition: Condition
    buyer: PartyFigures
    provider: PartyFigures
    gap: Decimal | None  # buyer's mean minus provider's mean, of the shown means

    def party(self, party: str) -> PartyFigures:
        return self.buyer if party == "buyer" else self.provider

    @property
    def both(self) -> tuple[PartyFigures, PartyFigures]:
        return (self.buyer, self.provider)

    @property
    def large_gap(self) -> bool:
        return self.gap is not None and abs(self.gap) >= GAP_THRESHOLD


@dataclass(frozen=True)
class RoundResult:
    conditions: tuple[ConditionResult, ...]
    min_group: int
    index: dict[str, Decimal | None] = field(default_factory=dict)  # per party

    def shown(self, party: str) -> bool:
        return any(not c.party(party).hidden for c in self.conditions)

    @property
    def large_gaps(self) -> list[ConditionResult]:
        return [c for c in self.conditions if c.large_gap]


def mean(ratings: Sequence[int]) -> Decimal:
    """The mean rounded half up to one decimal (the figure that is shown)."""
    exact = Fraction(sum(ratings), len(ratings))
    return (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(
        _TENTH, rounding=ROUND_HALF_UP
    )


def party_figures(answers: Sequence[Answer], *, min_group: int) -> PartyFigures:
    """The figures of one party's answers to one condition, or HIDDEN below the minimum."""
    if min_group < 2:
        raise ValueError("a group of one would show an individual answer")
    if len(answers) < min_group:
        return HIDDEN
    ratings = [a.rating for a in answers]
    return PartyFigures(
        hidden=False,
        count=len(ratings),
        mean=mean(ratings),
        distribution=tuple(ratings.count(step) for step in SCALE),
        comments=tuple(sorted(c for a in answers if (c := a.comment.strip()))),
    )


def gap(buyer: PartyFigures, provider: PartyFigures) -> Decimal | None:
    if buyer.mean is None or provider.mean is None:
        return None
    return buyer.mean - provider.mean


def index(figures: Iterable[PartyFigures]) -> Decimal | None:
    """A party's reading across the conditions: the mean of its shown means."""
    means = [f.mean for f in figures if f.mean is not None]
    if not means:
        return None
    return (sum(means, Decimal(0)) / len(means)).quantize(_TENTH, rounding=ROUND_HALF_UP)


def aggregate(answers: Iterable[Answer], *, min_group: int) -> RoundResult:
    """Per condition both parties' figures and the gap between them."""
    grouped: dict[tuple[str, str], list[Answer]] = {}
    for answer in answers:
        if answer.party in PARTIES and answer.condition in CONDITIONS_BY_CODE:
            grouped.setdefault((answer.party, answer.condition), []).append(answer)
    results = []
    for condition in CONDITIONS:
        buyer = party_figures(grouped.get(("buyer", condition.code), []), min_group=min_group)
        provider = party_figures(grouped.get(("provider", condition.code), []), min_group=min_group)
        results.append(ConditionResult(condition, buyer, provider, gap(buyer, provider)))
    return RoundResult(
        conditions=tuple(results),
        min_group=min_group,
        index={p: index(r.party(p) for r in results) for p in PARTIES},
    )


@dataclass(frozen=True)
class TrendPoint:
    label: str
    result: RoundResult


def trend(rounds: Sequence[tuple[str, Iterable[Answer]]], *, min_group: int) -> list[TrendPoint]:
    """The aggregate of every round, in the order given (oldest first)."""
    return [TrendPoint(label, aggregate(answers, min_group=min_group)) for label, answers in rounds]
