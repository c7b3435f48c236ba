"""Filters for procurement pages and documents, which often render snapshots (plain JSON):
labels of stored choice values, SEK amounts and ISO dates shown in local time."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django import template
from django.utils import formats, timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from rodtrad.procurements.models import (
    EvaluationKind,
    Procedure,
    ProcurementStatus,
    RequirementKind,
    RequirementStyle,
    TieBreak,
    Verification,
)
from rodtrad.qualitymodels.models import CriterionKind

register = template.Library()


def _label(choices, value: Any) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value or "")


@register.filter
def procedure_label(value: str) -> str:
    return _label(Procedure, value)


@register.filter
def status_label(value: str) -> str:
    return _label(ProcurementStatus, value)


@register.filter
def verification_label(value: str) -> str:
    return _label(Verification, value)


@register.filter
def requirement_kind_label(value: str) -> str:
    return _label(RequirementKind, value)


@register.filter
def style_label(value: str) -> str:
    return _label(RequirementStyle, value)


@register.filter
def kind_label(value: str) -> str:
    return _label(CriterionKind, value)


@register.filter
def evaluation_label(value: str) -> str:
    return _label(EvaluationKind, value)


@register.filter
def tie_break_label(value: str) -> str:
    return _label(TieBreak, value)


@register.filter
def evaluation_formula(value: str) -> str:
    """The comparison figure of an evaluation model, in words (DOMAIN.md section 7)."""
    formulas: dict[str, str] = {
        EvaluationKind.FIXED_PRICE: _(
            "The price is fixed; the comparison figure is the quality points, and the highest wins."
        ),
        EvaluationKind.VALUE_ADDED: _(
            "Comparison figure = price − the sum over the criteria of step × the deduction for "
            "full marks. The lowest comparison figure wins."
        ),
        EvaluationKind.SURCHARGE: _(
            "Comparison figure = price + the sum over the criteria of (1 − step) × the surcharge. "
            "The lowest comparison figure wins."
        ),
        EvaluationKind.WEIGHTED_RELATIVE: _(
            "Comparison figure = weight of quality × quality points / maximum quality points + "
            "weight of price × lowest price / price. The highest wins. A relative model: the "
            "lowest price among the tenders affects every tender's figure."
        ),
        EvaluationKind.PRICE_PER_POINT: _(
            "Comparison figure = price / quality points. The lowest wins."
        ),
    }
    return formulas.get(value, "")


@register.filter
def sek(value: Any) -> str:
    """1234567.5 → '1 234 567,50 kr'; empty for nothing."""
    if value in (None, ""):
        return "–"
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    text = formats.number_format(amount, decimal_pos=2, use_l10n=True, force_grouping=True)
    return f"{text} kr"


@register.filter
def iso_datetime(value: Any) -> str:
    """An ISO date-time (as stored in snapshots) in the local time zone."""
    if value in (None, ""):
        return "–"
    moment = value if isinstance(value, datetime) else parse_datetime(str(value))
    if moment is None or timezone.is_naive(moment):  # a date without a time
        day = value if isinstance(value, date) else parse_date(str(value)[:10])
        return formats.date_format(day, "j F Y") if day else str(value)
    return formats.date_format(timezone.localtime(moment), "j F Y H:i")


@register.filter
def as_percent(value: Any) -> str:
    """A fraction (as stored, e.g. "0.7000") as a percentage: "70"."""
    if value in (None, ""):
        return "–"
    try:
        number = Decimal(str(value)) * 100
    except InvalidOperation:
        return str(value)
    if number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    else:
        number = number.quantize(Decimal("0.01")).normalize()
    return formats.number_format(number, use_l10n=True)
