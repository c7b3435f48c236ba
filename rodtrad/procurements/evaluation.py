"""Evaluation models: comparison figures, ranking and sensitivity of tenders (DOMAIN.md section 7,
check 9 of section 6; pure functions, no database: ARCHITECTURE.md rule 5).

Shared by the procurement simulation (fictive tenders, before publication) and by the award
calculation and its sensitivity analysis (real tenders, after the quality consensus).

Inputs (frozen dataclasses; amounts are ``Decimal`` or ``int``, never ``float``)
    ``CriterionRule(key, max_points, amount=0)``
        ``amount`` is D_i, the price deduction for full marks (``value_added``), or S_i, the price
        surcharge for a complete quality shortfall (``surcharge``), in SEK; other models ignore it.
    ``EvaluationModel(kind, criteria, *, weight_quality=0, weight_price=0, tie_break)``
        Weights are fractions (0.7 / 0.3) used by ``weighted_relative`` only; they must add up to 1.
    ``Tender(key, price, steps)``
        ``steps`` maps criterion keys to consensus steps as fractions 0–1 (step percent / 100); a
        criterion missing from ``steps`` counts as 0.
    ``validate(model, tenders=()) -> list[str]`` lists the problems (English message keys, the
    constants below); every other function raises ``ValueError`` with them when there are any.

Notation: P price, Q = Σ q_i·max_i quality points, Qmax = Σ max_i, q_i the step 0–1 of criterion i.

=====================  ====================================  ======  =========================
model                  comparison figure                     winner  ``comparison_display``
=====================  ====================================  ======  =========================
fixed_price            Q                                     highest 2 decimals (points)
value_added            P − Σ q_i·D_i                         lowest  2 decimals (SEK)
surcharge              P + Σ (1 − q_i)·S_i                   lowest  2 decimals (SEK)
weighted_relative      w_q·Q/Qmax + w_p·P_min/P              highest 4 decimals (score)
price_per_point        P / Q (Q = 0: no figure, ranks last)  lowest  2 decimals (SEK per point)
=====================  ====================================  ======  =========================

P_min is the lowest price among the tenders evaluated together, so ``weighted_relative`` is the one
relative model: another tender's price changes a tender's figure, and rank reversal is possible.

Arithmetic. Every figure is computed exactly (``fractions.Fraction`` of the ``Decimal`` inputs), so
two tenders tie only when their figures are truly equal and ranking never depends on rounding.
``Row.comparison`` is that figure as a ``Decimal`` (28 significant digits; ``None`` for a
price-per-point tender without quality points); ``Row.comparison_display`` is rounded half up.

Outputs
    ``evaluate(model, tenders) -> Evaluation``: ``rows`` in rank order, ``winner_keys``,
    ``lower_wins``, ``lottery_needed``. Ties on the comparison figure go to the tie-break:
    ``quality`` (higher Q, then lower P), ``price`` (lower P, then higher Q) or ``lottery``. Tenders
    the tie-break cannot separate share a rank (1, 1, 3) and are listed by key; the functions never
    draw lots: a shared first rank means a lottery is needed (``Evaluation.lottery_needed``).
    ``quality_premium(model, reference_price, scale_steps) -> Premium``: how much more a tender with
    full marks everywhere may cost than a tender with median marks at ``reference_price`` and still
    win on the comparison figure alone (check 9).
    ``break_even_price(model, tenders, key) -> BreakEven``: the highest price at which the tender
    would win, the others unchanged.
    ``quality_needed(model, tenders, key) -> QualityNeeded``: the smallest uniform step increase
    (and the quality points it adds) that would make the tender win at its own price.
    ``catching_up(model, tenders, keys)``: both for several tenders, checking the tenders once.
    ``weight_switch(model, tenders) -> Decimal | None``: the quality weight nearest the current one
    at which the winner changes (``weighted_relative`` only).
    ``rank_reversal(model, tenders) -> list[Reversal]``: pairs whose order flips when a tender that
    cannot win is removed.
    ``step_stability(model, tenders, scale_steps) -> list[StepChange]``: single one-step moves of a
    consensus score that would change the winner.

Thresholds and tolerances. "Win" in the sensitivity functions means a strictly better comparison
figure than every other tender (before any tie-break). Every threshold is computed in closed form,
exactly, and then reported on the side where the tender still ties or just wins:
    prices (``Premium.break_even_price``, ``BreakEven.break_even``): rounded down to 0.01 SEK;
    steps (``QualityNeeded.step``): rounded up to 0.001; quality points: rounded up to 0.01;
    weights (``weight_switch``): rounded towards the current weight, to 0.0001.
One tolerance unit beyond a reported threshold the result no longer holds.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Context, Decimal
from enum import StrEnum
from fractions import Fraction
from itertools import pairwise

# Problems reported by validate() (English message keys; the UI translates them).
NO_CRITERIA = "no criteria"
DUPLICATE_CRITERION = "duplicate criterion key"
MAX_POINTS_NOT_POSITIVE = "maximum points must be more than zero"
NEGATIVE_DEDUCTION = "a deduction must be zero or more"
NEGATIVE_SURCHARGE = "a surcharge must be zero or more"
WEIGHT_OUT_OF_RANGE = "a weight must be between 0 and 1"
WEIGHTS_NOT_ONE = "weights must add up to 1"
NOT_A_NUMBER = "a figure must be a finite decimal number"
PRICE_NOT_POSITIVE = "a price must be more than zero"
STEP_OUT_OF_RANGE = "a step must be between 0 and 1"
UNKNOWN_CRITERION = "a step for an unknown criterion"
DUPLICATE_TENDER = "duplicate tender key"
BAD_SCALE = "a scale needs at least two steps between 0 and 1"

PRICE_TOLERANCE = Decimal("0.01")
STEP_TOLERANCE = Decimal("0.001")
POINTS_TOLERANCE = Decimal("0.01")
WEIGHT_TOLERANCE = Decimal("0.0001")

_CONTEXT = Context(prec=28)
_ZERO = Fraction(0)
_ONE = Fraction(1)
_ZERO_PRICE = Decimal(0)


class ModelKind(StrEnum):
    FIXED_PRICE = "fixed_price"
    VALUE_ADDED = "value_added"
    SURCHARGE = "surcharge"
    WEIGHTED_RELATIVE = "weighted_relative"
    PRICE_PER_POINT = "price_per_point"

    @property
    def lower_wins(self) -> bool:
        """Whether the lowest comparison figure wins (otherwise the highest)."""
        return self in {ModelKind.VALUE_ADDED, ModelKind.SURCHARGE, ModelKind.PRICE_PER_POINT}

    @property
    def is_absolute(self) -> bool:
        """A tender's figure does not depend on the other tenders (no rank reversal)."""
        return self is not ModelKind.WEIGHTED_RELATIVE

    @property
    def display_places(self) -> int:
        return 4 if self is ModelKind.WEIGHTED_RELATIVE else 2


class TieBreak(StrEnum):
    QUALITY = "quality"  # higher quality points, then lower price, then a lottery
    PRICE = "price"  # lower price, then higher quality points, then a lottery
    LOTTERY = "lottery"  # a lottery straight away


# ── inputs ─────────────────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class CriterionRule:
    key: str
    max_points: Decimal
    amount: Decimal = Decimal(0)


@dataclass(frozen=True)
class EvaluationModel:
    kind: ModelKind
    criteria: tuple[CriterionRule, ...]
    weight_quality: Decimal = field(default=Decimal(0), kw_only=True)
    weight_price: Decimal = field(default=Decimal(0), kw_only=True)
    tie_break: TieBreak = field(kw_only=True)

    def __post_init__(self) -> None:
        # Accept the stored string values ("value_added") and any iterable of criteria.
        object.__setattr__(self, "kind", ModelKind(self.kind))
        object.__setattr__(self, "tie_break", TieBreak(self.tie_break))
        object.__setattr__(self, "criteria", tuple(self.criteria))

    @property
    def quality_max(self) -> Decimal:
        """Qmax, the sum of the criteria's maximum points."""
        return sum((c.max_points for c in self.criteria), Decimal(0))


@dataclass(frozen=True)
class Tender:
    key: str
    price: Decimal
    steps: Mapping[str, Decimal] = field(default_factory=dict)


# ── outputs ────────────────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class CriterionLine:
    """One criterion of a tender: its step (0–1), its points (step × max), and the price
    deduction (value_added: step × D) or surcharge (surcharge: (1 − step) × S) it gives, as a
    positive amount in SEK; zero in the other models."""

    key: str
    step: Decimal
    points: Decimal
    deduction_or_surcharge: Decimal


@dataclass(frozen=True)
class Row:
    key: str
    price: Decimal
    quality_points: Decimal
    quality_max: Decimal
    comparison: Decimal | None  # None: price_per_point without quality points (ranks last)
    comparison_display: Decimal | None
    rank: int  # 1-based; tenders the tie-break cannot separate share a rank
    breakdown: tuple[CriterionLine, ...]
    tied_with: tuple[str, ...] = ()  # other tenders with exactly the same comparison figure
    tie_note: str | None = None


@dataclass(frozen=True)
class Evaluation:
    kind: ModelKind
    rows: tuple[Row, ...]

    @property
    def lower_wins(self) -> bool:
        return self.kind.lower_wins

    @property
    def winner_keys(self) -> tuple[str, ...]:
        """The tender ranked first; several when a lottery is needed; none without tenders."""
        return tuple(row.key for row in self.rows if row.rank == 1)

    @property
    def lottery_needed(self) -> bool:
        return len(self.winner_keys) > 1

    def row(self, key: str) -> Row:
        for row in self.rows:
            if row.key == key:
                return row
        raise KeyError(key)


@dataclass(frozen=True)
class Premium:
    """How much more the full-marks tender may cost than the median-marks one and still win.

    ``break_even_price`` is the full-marks tender's price at which the two tie (rounded down to
    0.01 SEK): any lower price wins. ``amount`` = that − ``reference_price``; ``percent`` is the
    amount as a percentage of the reference price (rounded down to 0.01). All three are None when
    ``unlimited``: no price makes the full-marks tender lose."""

    reference_price: Decimal
    median_step: Decimal
    unlimited: bool
    break_even_price: Decimal | None = None
    amount: Decimal | None = None
    percent: Decimal | None = None


@dataclass(frozen=True)
class BreakEven:
    """The highest price (rounded down to 0.01 SEK) at which the tender wins, the others
    unchanged: at it the tender ties or just wins; above it, it does not win. ``difference`` is
    that minus its actual price (negative: it would have to be that much cheaper)."""

    key: str
    price: Decimal
    break_even: Decimal | None = None
    unlimited: bool = False  # wins at any price
    impossible: bool = False  # no price of at least 0.01 SEK makes it win

    @property
    def difference(self) -> Decimal | None:
        return None if self.break_even is None else self.break_even - self.price


@dataclass(frozen=True)
class QualityNeeded:
    """The smallest uniform quality increase that makes the tender win at its own price: the same
    ``step`` added to every criterion, capped at 1 (rounded up to 0.001), and the quality points
    that increase adds (``extra_points``, rounded up to 0.01). Zero for a tender that already
    wins; None when even full marks everywhere would not make it win (``impossible``)."""

    key: str
    step: Decimal | None = None
    extra_points: Decimal | None = None
    impossible: bool = False


@dataclass(frozen=True)
class Reversal:
    """Removing ``removed_key`` (a tender that cannot win) changes the order of ``pair``: their
    ranks with every tender, and without the removed one."""

    removed_key: str
    pair: tuple[str, str]
    ranks_before: tuple[int, int]
    ranks_after: tuple[int, int]


@dataclass(frozen=True)
class StepChange:
    """Moving one consensus score one scale step would change the winner."""

    tender_key: str
    criterion_key: str
    from_step: Decimal
    to_step: Decimal
    new_winner_keys: tuple[str, ...]


# ── validation ─────────────────────────────────────────────────────────────────────────────────


def _is_number(value: object) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return True
    return isinstance(value, Decimal) and value.is_finite()


def validate(model: EvaluationModel, tenders: Iterable[Tender] = ()) -> list[str]:
    """The problems that make the model (and the tenders, when given) unusable; empty if none."""
    problems: list[str] = []

    def add(problem: str) -> None:
        if problem not in problems:
            problems.append(problem)

    if not model.criteria:
        add(NO_CRITERIA)
    keys = {c.key for c in model.criteria}
    if len(keys) != len(model.criteria):
        add(DUPLICATE_CRITERION)
    for criterion in model.criteria:
        if not (_is_number(criterion.max_points) and _is_number(criterion.amount)):
            add(NOT_A_NUMBER)
            continue
        if criterion.max_points <= 0:
            add(MAX_POINTS_NOT_POSITIVE)
        if criterion.amount < 0 and model.kind is ModelKind.VALUE_ADDED:
            add(NEGATIVE_DEDUCTION)
        if criterion.amount < 0 and model.kind is ModelKind.SURCHARGE:
            add(NEGATIVE_SURCHARGE)
    if model.kind is ModelKind.WEIGHTED_RELATIVE:
        weights = (model.weight_quality, model.weight_price)
        if not all(_is_number(w) for w in weights):
            add(NOT_A_NUMBER)
        else:
            if any(not 0 <= w <= 1 for w in weights):
                add(WEIGHT_OUT_OF_RANGE)
            if sum(weights) != 1:
                add(WEIGHTS_NOT_ONE)

    seen: set[str] = set()
    for tender in tenders:
        if tender.key in seen:
            add(DUPLICATE_TENDER)
        seen.add(tender.key)
        if not _is_number(tender.price):
            add(NOT_A_NUMBER)
        elif tender.price <= 0:
            add(PRICE_NOT_POSITIVE)
        for key, step in tender.steps.items():
            if key not in keys:
                add(UNKNOWN_CRITERION)
            if not _is_number(step):
                add(NOT_A_NUMBER)
            elif not 0 <= step <= 1:
                add(STEP_OUT_OF_RANGE)
    return problems


def _check(model: EvaluationModel, tenders: Sequence[Tender] = ()) -> None:
    problems = validate(model, tenders)
    if problems:
        raise ValueError("; ".join(problems))


def _median_step(scale_steps: Iterable[Decimal]) -> Decimal:
    """The median of the scale's steps (the mean of the middle two for an even count)."""
    steps = sorted(set(scale_steps))
    if len(steps) < 2 or not all(_is_number(s) and 0 <= s <= 1 for s in steps):
        raise ValueError(BAD_SCALE)
    middle = len(steps) // 2
    if len(steps) % 2:
        return Decimal(steps[middle])
    return (Decimal(steps[middle - 1]) + Decimal(steps[middle])) / 2


# ── exact arithmetic ───────────────────────────────────────────────────────────────────────────


def _decimal(value: Fraction) -> Decimal:
    """Full precision: exact for every figure with a finite decimal expansion of ≤ 28 digits."""
    return _CONTEXT.divide(Decimal(value.numerator), Decimal(value.denominator))


def _rounded(value: Fraction, places: int, how: str) -> Decimal:
    """Round to ``places`` decimals: "down" (towards −∞), "up" (towards +∞) or "half_up"."""
    scaled = value * 10**places
    if how == "down":
        whole = math.floor(scaled)
    elif how == "up":
        whole = math.ceil(scaled)
    else:
        whole = math.floor(abs(scaled) + Fraction(1, 2)) * (1 if scaled >= 0 else -1)
    return Decimal(whole).scaleb(-places)


@dataclass(frozen=True, eq=False)
class _Rules:
    """The model as exact fractions. Compared and hashed by identity (cheap as a cache key):
    `of` gives the same object for the same model while it stays in its cache."""

    kind: ModelKind
    keys: tuple[str, ...]
    max_points: tuple[Fraction, ...]
    amounts: tuple[Fraction, ...]
    weight_quality: Fraction
    weight_price: Fraction
    tie_break: TieBreak

    @classmethod
    @functools.lru_cache(maxsize=64)
    def of(cls, model: EvaluationModel) -> _Rules:
        return cls(
            kind=model.kind,
            keys=tuple(c.key for c in model.criteria),
            max_points=tuple(Fraction(c.max_points) for c in model.criteria),
            amounts=tuple(Fraction(c.amount) for c in model.criteria),
            weight_quality=Fraction(model.weight_quality),
            weight_price=Fraction(model.weight_price),
            tie_break=model.tie_break,
        )

    @property
    def quality_max(self) -> Fraction:
        return sum(self.max_points, _ZERO)

    def steps(self, tender: Tender) -> tuple[Fraction, ...]:
        return tuple(Fraction(tender.steps.get(key, 0)) for key in self.keys)

    def quality(self, steps: Sequence[Fraction]) -> Fraction:
        return sum((q * m for q, m in zip(steps, self.max_points, strict=True)), _ZERO)

    def adjustment(self, steps: Sequence[Fraction]) -> Fraction:
        """What the steps take off the price (value added) or add to it (surcharge)."""
        pairs = zip(steps, self.amounts, strict=True)
        match self.kind:
            case ModelKind.VALUE_ADDED:
                return sum((q * d for q, d in pairs), _ZERO)
            case ModelKind.SURCHARGE:
                return sum(((1 - q) * s for q, s in pairs), _ZERO)
            case _:
                return _ZERO

    def adjustment_change(self, index: int, change: Fraction) -> Fraction:
        """How the adjustment changes when criterion `index`'s step changes by `change`."""
        match self.kind:
            case ModelKind.VALUE_ADDED:
                return change * self.amounts[index]
            case ModelKind.SURCHARGE:
                return -change * self.amounts[index]
            case _:
                return _ZERO

    def comparison(
        self, price: Fraction, steps: Sequence[Fraction], p_min: Fraction
    ) -> Fraction | None:
        return self.compare(price, self.quality(steps), self.adjustment(steps), p_min)

    def compare(
        self, price: Fraction, quality: Fraction, adjustment: Fraction, p_min: Fraction
    ) -> Fraction | None:
        match self.kind:
            case ModelKind.FIXED_PRICE:
                return quality
            case ModelKind.VALUE_ADDED:
                return price - adjustment
            case ModelKind.SURCHARGE:
                return price + adjustment
            case ModelKind.WEIGHTED_RELATIVE:
                return (
                    self.weight_quality * quality / self.quality_max
                    + self.weight_price * p_min / price
                )
            case _:
                return price / quality if quality else None


@dataclass(frozen=True)
class _Scored:
    key: str
    price: Fraction
    steps: tuple[Fraction, ...]
    quality: Fraction
    comparison: Fraction | None


def _score(rules: _Rules, tenders: Sequence[Tender]) -> list[_Scored]:
    if not tenders:
        return []
    p_min = min(Fraction(t.price) for t in tenders)
    scored = []
    for tender in tenders:
        price = Fraction(tender.price)
        steps, quality, adjustment = _tender_figures(rules, tender)
        comparison = rules.compare(price, quality, adjustment, p_min)
        scored.append(_Scored(tender.key, price, steps, quality, comparison))
    return scored


def _tender_figures(
    rules: _Rules, tender: Tender
) -> tuple[tuple[Fraction, ...], Fraction, Fraction]:
    return _figures(rules, tuple(sorted(tender.steps.items())))


@functools.lru_cache(maxsize=4096)
def _figures(
    rules: _Rules, steps: tuple[tuple[str, Decimal], ...]
) -> tuple[tuple[Fraction, ...], Fraction, Fraction]:
    """A tender's steps as fractions, its quality points and its price adjustment. Pure and
    cached: the sensitivity analysis scores the same tenders again for every other tender."""
    fractions = rules.steps(Tender("", _ZERO_PRICE, dict(steps)))
    return fractions, rules.quality(fractions), rules.adjustment(fractions)


def _primary(rules: _Rules, s: _Scored) -> tuple[int, Fraction]:
    if s.comparison is None:
        return (1, _ZERO)
    return (0, s.comparison if rules.kind.lower_wins else -s.comparison)


def _secondary(rules: _Rules, s: _Scored) -> tuple[Fraction, ...]:
    if rules.tie_break is TieBreak.QUALITY:
        return (-s.quality, s.price)
    if rules.tie_break is TieBreak.PRICE:
        return (s.price, -s.quality)
    return ()


_DECIDED_BY = {"quality": "higher quality points", "price": "lower price"}
_TIE_ORDER = {
    TieBreak.QUALITY: ("quality", "price"),
    TieBreak.PRICE: ("price", "quality"),
    TieBreak.LOTTERY: (),
}


def _tie_note(
    rules: _Rules, s: _Scored, rank: int, tied: Sequence[_Scored], ranks: Mapping[str, int]
) -> str | None:
    parts = []
    if s.comparison is None:
        parts.append("no quality points; ranks last")
    if not tied:
        return "; ".join(parts) or None
    order = _TIE_ORDER[rules.tie_break]
    mine = _secondary(rules, s)
    decided: set[str] = set()
    resolved, unresolved = [], []
    for other in tied:
        theirs = _secondary(rules, other)
        if ranks[other.key] == rank:
            unresolved.append(other.key)
        else:
            resolved.append(other.key)
            decided.add(
                order[next(i for i, (a, b) in enumerate(zip(mine, theirs, strict=True)) if a != b)]
            )
    figure = "on having no quality points" if s.comparison is None else "on the comparison figure"
    parts.append(f"tied with {', '.join(o.key for o in tied)} {figure}")
    if resolved:
        how = ", then ".join(_DECIDED_BY[c] for c in order if c in decided)
        if unresolved:
            parts.append(f"{', '.join(resolved)} decided by {how}")
        else:
            parts.append(f"decided by {how}")
    if unresolved:
        lead = f"{', '.join(unresolved)}: " if resolved else ""
        parts.append(lead + ("lottery needed" if rank == 1 else "not separated by the tie-break"))
    return "; ".join(parts)


# ── evaluation ─────────────────────────────────────────────────────────────────────────────────


def evaluate(model: EvaluationModel, tenders: Iterable[Tender]) -> Evaluation:
    """Comparison figures and ranking of tenders evaluated together. The result does not depend on
    the order of ``tenders``; rows come in rank order, tied ranks by key."""
    tenders = tuple(tenders)
    _check(model, tenders)
    rules = _Rules.of(model)
    scored = _score(rules, tenders)

    def full_key(s: _Scored) -> tuple[object, ...]:
        return (_primary(rules, s), _secondary(rules, s))

    ordered = sorted(scored, key=lambda s: (full_key(s), s.key))
    ranks: dict[str, int] = {}
    for position, s in enumerate(ordered):
        previous = ordered[position - 1] if position else None
        same = previous is not None and full_key(previous) == full_key(s)
        ranks[s.key] = ranks[previous.key] if same and previous else position + 1

    by_key = {t.key: t for t in tenders}
    quality_max = model.quality_max
    rows = []
    for s in ordered:
        tied = [o for o in ordered if o is not s and _primary(rules, o) == _primary(rules, s)]
        tender = by_key[s.key]
        rows.append(
            Row(
                key=s.key,
                price=tender.price,
                quality_points=_decimal(s.quality),
                quality_max=quality_max,
                comparison=None if s.comparison is None else _decimal(s.comparison),
                comparison_display=None
                if s.comparison is None
                else _rounded(s.comparison, model.kind.display_places, "half_up"),
                rank=ranks[s.key],
                breakdown=_breakdown(rules, s.steps),
                tied_with=tuple(o.key for o in tied),
                tie_note=_tie_note(rules, s, ranks[s.key], tied, ranks),
            )
        )
    return Evaluation(kind=model.kind, rows=tuple(rows))


def _breakdown(rules: _Rules, steps: Sequence[Fraction]) -> tuple[CriterionLine, ...]:
    lines = []
    for key, step, max_points, amount in zip(
        rules.keys, steps, rules.max_points, rules.amounts, strict=True
    ):
        if rules.kind is ModelKind.VALUE_ADDED:
            adjustment = step * amount
        elif rules.kind is ModelKind.SURCHARGE:
            adjustment = (1 - step) * amount
        else:
            adjustment = _ZERO
        lines.append(
            CriterionLine(key, _decimal(step), _decimal(step * max_points), _decimal(adjustment))
        )
    return tuple(lines)


# ── check 9: the quality premium ───────────────────────────────────────────────────────────────


def quality_premium(
    model: EvaluationModel, reference_price: Decimal, scale_steps: Sequence[Decimal]
) -> Premium:
    """How much more expensive a tender with full marks on every criterion (F) can be than a
    tender with median marks m on every criterion (M) priced R = ``reference_price``, and still
    win on the comparison figure. Closed forms of F's break-even price X (where F ties M):

    fixed_price        unlimited (price plays no part; Qmax > m·Qmax)
    value_added        X = R + (1 − m)·Σ D_i
    surcharge          X = R + (1 − m)·Σ S_i
    weighted_relative  X = R·w_p / (w_p − w_q·(1 − m)); unlimited when w_p ≤ w_q·(1 − m)
                       (for X ≥ R, P_min = R: w_q + w_p·R/X = w_q·m + w_p)
    price_per_point    X = R / m; unlimited when m = 0 (M has no quality points)
    """
    _check(model, [Tender("reference", reference_price)])
    median = _median_step(scale_steps)
    rules = _Rules.of(model)
    r, m = Fraction(reference_price), Fraction(median)
    x: Fraction | None
    match model.kind:
        case ModelKind.FIXED_PRICE:
            x = None
        case ModelKind.VALUE_ADDED | ModelKind.SURCHARGE:
            x = r + (1 - m) * sum(rules.amounts, _ZERO)
        case ModelKind.WEIGHTED_RELATIVE:
            margin = rules.weight_price - rules.weight_quality * (1 - m)
            x = r * rules.weight_price / margin if margin > 0 else None
        case _:
            x = r / m if m else None
    if x is None:
        return Premium(reference_price, median, unlimited=True)
    price = _rounded(x, 2, "down")
    amount = price - reference_price
    percent = _rounded(Fraction(amount) * 100 / r, 2, "down")
    return Premium(reference_price, median, False, price, amount, percent)


# ── sensitivity ────────────────────────────────────────────────────────────────────────────────


def _split(
    model: EvaluationModel, tenders: Sequence[Tender], key: str
) -> tuple[_Rules, Tender, list[Tender]]:
    """The rules, tender ``key`` and the others; the tenders are checked already."""
    mine = [t for t in tenders if t.key == key]
    if not mine:
        raise KeyError(key)
    return _Rules.of(model), mine[0], [t for t in tenders if t.key != key]


def catching_up(
    model: EvaluationModel, tenders: Sequence[Tender], keys: Iterable[str]
) -> dict[str, tuple[BreakEven, QualityNeeded]]:
    """``break_even_price`` and ``quality_needed`` of each tender of ``keys``, the tenders
    checked once (not for every tender)."""
    tenders = tuple(tenders)
    _check(model, tenders)
    return {
        key: (_break_even_price(model, tenders, key), _quality_needed(model, tenders, key))
        for key in keys
    }


def break_even_price(model: EvaluationModel, tenders: Sequence[Tender], key: str) -> BreakEven:
    """See ``_break_even_price``."""
    tenders = tuple(tenders)
    _check(model, tenders)
    return _break_even_price(model, tenders, key)


def _break_even_price(model: EvaluationModel, tenders: Sequence[Tender], key: str) -> BreakEven:
    """The highest price at which tender ``key`` would beat every other tender's comparison figure,
    the others unchanged. Closed forms (A_k = Σ q_i·D_i, B_k = Σ (1 − q_i)·S_i, best = the best
    figure among the others):

    fixed_price        unlimited if Q_k > every other Q, else impossible
    value_added        X = best + A_k
    surcharge          X = best − B_k
    price_per_point    X = Q_k · best (others without quality points ignored; Q_k = 0: impossible)
    weighted_relative  with a_i = w_q·Q_i/Qmax and m = the lowest other price:
        while X ≤ m (this tender sets P_min) it wins iff X < t = min_o P_o·(a_k + w_p − a_o)/w_p;
        if t ≤ m then X = t, else, with c = the best other figure at P_min = m,
        X = w_p·m / (c − a_k), unlimited when c ≤ a_k. (w_p = 0: unlimited or impossible.)
    Winning is monotone in the price (a lower price never hurts), so the tender wins at every
    price below X and at none above. X ≤ 0 (below 0.01 once rounded) means impossible."""
    rules, tender, others = _split(model, tenders, key)
    price = tender.price
    if not others:
        return BreakEven(key, price, unlimited=True)
    steps, quality, _ = _tender_figures(rules, tender)
    scored = _score(rules, others)
    x: Fraction | None = None
    unlimited = False
    match model.kind:
        case ModelKind.FIXED_PRICE:
            unlimited = all(quality > s.quality for s in scored)
        case ModelKind.VALUE_ADDED:
            best = min(s.comparison for s in scored if s.comparison is not None)
            x = best + sum((q * d for q, d in zip(steps, rules.amounts, strict=True)), _ZERO)
        case ModelKind.SURCHARGE:
            best = min(s.comparison for s in scored if s.comparison is not None)
            x = best - sum(((1 - q) * s for q, s in zip(steps, rules.amounts, strict=True)), _ZERO)
        case ModelKind.PRICE_PER_POINT:
            figures = [s.comparison for s in scored if s.comparison is not None]
            if quality and not figures:
                unlimited = True
            elif quality:
                x = quality * min(figures)
        case ModelKind.WEIGHTED_RELATIVE:
            x, unlimited = _weighted_break_even(rules, quality, scored)
    if unlimited:
        return BreakEven(key, price, unlimited=True)
    if x is None or x < Fraction(1, 100):
        return BreakEven(key, price, impossible=True)
    return BreakEven(key, price, break_even=_rounded(x, 2, "down"))


def _weighted_break_even(
    rules: _Rules, quality: Fraction, others: Sequence[_Scored]
) -> tuple[Fraction | None, bool]:
    """(break-even price or None, unlimited) for weighted_relative; see break_even_price."""
    w_q, w_p, q_max = rules.weight_quality, rules.weight_price, rules.quality_max
    a_k = w_q * quality / q_max
    a = {o.key: w_q * o.quality / q_max for o in others}
    if w_p == 0:
        return None, all(a_k > a[o.key] for o in others)
    lowest = min(o.price for o in others)
    # This tender is the cheapest (X ≤ lowest): its price score is w_p, the others' w_p·X/P_o.
    t = min(o.price * (a_k + w_p - a[o.key]) / w_p for o in others)
    if t <= lowest:
        return (t if t > 0 else None), False
    # Beyond: P_min = lowest, the others' figures are fixed, this tender's falls with its price.
    best = max(a[o.key] + w_p * lowest / o.price for o in others)
    if best <= a_k:
        return None, True
    return w_p * lowest / (best - a_k), False


def quality_needed(model: EvaluationModel, tenders: Sequence[Tender], key: str) -> QualityNeeded:
    """See ``_quality_needed``."""
    tenders = tuple(tenders)
    _check(model, tenders)
    return _quality_needed(model, tenders, key)


def _quality_needed(model: EvaluationModel, tenders: Sequence[Tender], key: str) -> QualityNeeded:
    """The smallest δ such that adding δ to every step of tender ``key`` (capped at 1) makes it
    beat every other tender at its own price. Every model reduces to "F(δ) > T" with
    F(δ) = Σ w_i·min(1, q_i + δ), continuous, non-decreasing and piecewise linear:

    fixed_price        w_i = max_i, T = the best other Q
    value_added        w_i = D_i,   T = P_k − best
    surcharge          w_i = S_i,   T = P_k + Σ S_i − best
    weighted_relative  w_i = w_q·max_i/Qmax, T = best − w_p·P_min/P_k
    price_per_point    w_i = max_i, T = P_k / best (no other figure: T = 0)

    so the threshold δ* = max{δ : F(δ) ≤ T} is found exactly, segment by segment between the
    points 1 − q_i where a criterion reaches full marks. Impossible when F(1) ≤ T."""
    rules, tender, others = _split(model, tenders, key)
    steps = _tender_figures(rules, tender)[0]
    if not others:
        return QualityNeeded(key, Decimal("0.000"), Decimal("0.00"))
    price = Fraction(tender.price)
    scored = _score(rules, [*others, tender])[:-1]  # P_min over all tenders, own price unchanged
    figures = [s.comparison for s in scored if s.comparison is not None]
    best = (min(figures) if model.kind.lower_wins else max(figures)) if figures else None
    weights: Sequence[Fraction] = rules.max_points
    target: Fraction | None = None
    if best is not None:
        match model.kind:
            case ModelKind.FIXED_PRICE:
                target = best
            case ModelKind.VALUE_ADDED:
                weights, target = rules.amounts, price - best
            case ModelKind.SURCHARGE:
                weights, target = rules.amounts, price + sum(rules.amounts, _ZERO) - best
            case ModelKind.WEIGHTED_RELATIVE:
                share = rules.weight_quality / rules.quality_max
                weights = [share * m for m in rules.max_points]
                p_min = min(price, *(s.price for s in scored))
                target = best - rules.weight_price * p_min / price
            case _:
                target = price / best
    elif model.kind is ModelKind.PRICE_PER_POINT:
        target = _ZERO  # no other tender has quality points: any quality point wins
    delta = _threshold(steps, weights, target)
    if delta is None:
        return QualityNeeded(key, impossible=True)
    extra = sum(
        (m * (min(_ONE, q + delta) - q) for q, m in zip(steps, rules.max_points, strict=True)),
        _ZERO,
    )
    return QualityNeeded(key, _rounded(delta, 3, "up"), _rounded(extra, 2, "up"))


def _threshold(
    steps: Sequence[Fraction], weights: Sequence[Fraction], target: Fraction | None
) -> Fraction | None:
    """max{δ in [0, 1] : F(δ) ≤ target} for F(δ) = Σ w_i·min(1, q_i + δ); 0 when F(0) > target
    already (``target`` None: nothing to beat); None when F(1) ≤ target."""

    # The steps are 0–1: F(0) = Σ w_i·q_i and F(1) = Σ w_i.
    value = sum((w * q for q, w in zip(steps, weights, strict=True)), _ZERO)
    if target is None or value > target:
        return _ZERO
    if sum(weights, _ZERO) <= target:
        return None
    # F is linear between the corners; its slope drops by w_i where criterion i reaches 1.
    reaches_one: dict[Fraction, Fraction] = {}
    for q, w in zip(steps, weights, strict=True):
        if q < _ONE:
            corner = _ONE - q
            reaches_one[corner] = reaches_one.get(corner, _ZERO) + w
    corners = sorted({_ZERO, _ONE, *reaches_one})
    slope = sum(reaches_one.values(), _ZERO)
    for start, end in pairwise(corners):
        slope -= reaches_one.get(start, _ZERO)  # the slope on [start, end]
        rise = slope * (end - start)
        if value + rise > target:  # F(end) > target
            return start + (target - value) / slope
        value += rise
    raise AssertionError("unreachable: F(1) > target")


def weight_switch(model: EvaluationModel, tenders: Sequence[Tender]) -> Decimal | None:
    """For weighted_relative: the quality weight w_q (w_p = 1 − w_q) nearest the current one, in
    0..1, at which another tender draws level with the current winner and beyond which it wins;
    None when no weight in 0..1 changes the winner (and for the other models).

    P_min does not depend on the weights, so every figure is a line in w: w·a_i + (1 − w)·b_i
    with a_i = Q_i/Qmax and b_i = P_min/P_i, and the candidates are where the winner's line meets
    another's. The result is rounded to 0.0001 towards the current weight (at it the current
    winner still ties or wins). With an unresolved tie at the current weight it is the current
    weight itself when the tied lines cross there."""
    tenders = tuple(tenders)
    _check(model, tenders)
    if model.kind is not ModelKind.WEIGHTED_RELATIVE or len(tenders) < 2:
        return None
    rules = _Rules.of(model)
    scored = {s.key: s for s in _score(rules, tenders)}
    current = Fraction(model.weight_quality)
    winner = evaluate(model, tenders).rows[0].key
    p_min = min(s.price for s in scored.values())

    def line(s: _Scored) -> tuple[Fraction, Fraction]:
        return s.quality / rules.quality_max, p_min / s.price

    a_w, b_w = line(scored[winner])
    found: Fraction | None = None
    for other in scored.values():
        if other.key == winner:
            continue
        a_o, b_o = line(other)
        slope = (a_w - a_o) - (b_w - b_o)  # d(w) = (b_w − b_o) + w·slope ≥ 0 at the current w
        if slope == 0:
            continue
        root = -(b_w - b_o) / slope
        if not 0 <= root <= 1:
            continue
        # The other tender wins strictly above the root when the slope is negative, below it when
        # positive; at an end of the range they only tie there: a change only if the tie-break
        # gives the other tender (or a lottery).
        beyond_in_range = root < 1 if slope < 0 else root > 0
        if not beyond_in_range:
            at_root = replace(model, weight_quality=_decimal(root), weight_price=_decimal(1 - root))
            if evaluate(at_root, tenders).winner_keys == (winner,):
                continue
        if found is None or (abs(root - current), root) < (abs(found - current), found):
            found = root
    if found is None:
        return None
    return _rounded(found, 4, "up" if found < current else "down")


def rank_reversal(model: EvaluationModel, tenders: Sequence[Tender]) -> list[Reversal]:
    """For each tender that cannot win (rank > 1): the pairs of the remaining tenders whose order
    (ahead, level or behind) differs once that tender is removed. Always empty for the absolute
    models; possible in weighted_relative, where removing the cheapest tender raises P_min."""
    if model.kind is not ModelKind.WEIGHTED_RELATIVE:
        return []  # the absolute models: a tender's figure does not depend on the others
    tenders = tuple(tenders)
    whole = evaluate(model, tenders)
    ranks = {row.key: row.rank for row in whole.rows}
    found = []
    for removed in whole.rows:
        if removed.rank == 1:
            continue
        rest = evaluate(model, [t for t in tenders if t.key != removed.key])
        after = {row.key: row.rank for row in rest.rows}
        keys = [row.key for row in whole.rows if row.key != removed.key]
        for i, first in enumerate(keys):
            for second in keys[i + 1 :]:
                before_order = _sign(ranks[first] - ranks[second])
                if before_order != _sign(after[first] - after[second]):
                    found.append(
                        Reversal(
                            removed.key,
                            (first, second),
                            (ranks[first], ranks[second]),
                            (after[first], after[second]),
                        )
                    )
    return found


def _sign(value: int) -> int:
    return (value > 0) - (value < 0)


def step_stability(
    model: EvaluationModel, tenders: Sequence[Tender], scale_steps: Sequence[Decimal]
) -> list[StepChange]:
    """Every single move of one tender's consensus step on one criterion to the neighbouring scale
    step (down, then up; a step between two scale steps moves to either) that would change the
    winner (the set of tenders ranked first). In rank order, criteria in model order."""
    tenders = tuple(tenders)
    _check(model, tenders)
    scale = sorted(set(scale_steps))
    _median_step(scale)  # checks the scale
    rules = _Rules.of(model)
    scored = _score(rules, tenders)
    p_min = min(s.price for s in scored) if scored else _ZERO
    adjustments = [rules.adjustment(s.steps) for s in scored]
    names, keys = [s.key for s in scored], [_full_key(rules, s) for s in scored]
    best = min(keys) if keys else ()
    winners = set(_first(names, keys))
    changes = []
    # In rank order, as `evaluate` ranks (ties by key), without building its rows.
    for index in sorted(range(len(tenders)), key=lambda i: (keys[i], names[i])):
        tender = tenders[index]
        for criterion in model.criteria:
            current = Decimal(tender.steps.get(criterion.key, 0))
            below = [s for s in scale if s < current]
            above = [s for s in scale if s > current]
            for new in ([below[-1]] if below else []) + ([above[0]] if above else []):
                move = (rules.keys.index(criterion.key), new)
                moved = _full_key(
                    rules, _moved(rules, scored[index], adjustments[index], move, p_min)
                )
                if tender.key not in winners and moved > best:
                    continue  # still behind the winners: nothing changes
                result = _first(names, [*keys[:index], moved, *keys[index + 1 :]])
                if set(result) != winners:
                    changes.append(StepChange(tender.key, criterion.key, current, new, result))
    return changes


def _moved(
    rules: _Rules, s: _Scored, adjustment: Fraction, move: tuple[int, Decimal], p_min: Fraction
) -> _Scored:
    """A scored tender (whose adjustment is `adjustment`) with the step of one criterion moved
    (`move`: its index and the new step): quality and adjustment change by that criterion's
    share only; the price, and so P_min, stay."""
    index, new_step = move[0], Fraction(move[1])
    change = new_step - s.steps[index]
    steps = (*s.steps[:index], new_step, *s.steps[index + 1 :])
    quality = s.quality + change * rules.max_points[index]
    adjustment += rules.adjustment_change(index, change)
    return _Scored(
        s.key, s.price, steps, quality, rules.compare(s.price, quality, adjustment, p_min)
    )


def _full_key(rules: _Rules, s: _Scored) -> tuple[object, ...]:
    """What `evaluate` ranks by (lower first): the comparison figure, then the tie-break."""
    return (_primary(rules, s), _secondary(rules, s))


def _first(names: Sequence[str], ranked: Sequence[tuple]) -> tuple[str, ...]:
    """The names ranked first, as `evaluate(...).winner_keys` gives them (ties by name)."""
    if not ranked:
        return ()
    best = min(ranked)
    return tuple(sorted(name for name, key in zip(names, ranked, strict=True) if key == best))
