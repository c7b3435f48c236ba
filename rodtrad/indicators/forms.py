from __future__ import annotations

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from rodtrad.common.forms import ServiceRequiredFields
from rodtrad.indicators.imports import max_bytes
from rodtrad.procurements.models import Direction


class IndicatorForm(ServiceRequiredFields, forms.Form):
    """An indicator of the contract. Numbers are text here so that a decimal comma works; the
    service checks them, with the same messages in the UI and the API."""

    service_required = ("name", "target")

    name = forms.CharField(label=_("Indicator"), max_length=200, required=False)
    unit = forms.CharField(
        label=_("Unit"),
        max_length=40,
        required=False,
        help_text=_("For example %, days or persons."),
    )
    direction = forms.ChoiceField(
        label=_("Direction"), choices=Direction.choices, widget=forms.RadioSelect
    )
    target = forms.CharField(label=_("Target"), max_length=30, required=False)
    goal = forms.TypedChoiceField(
        label=_("Goal it shows progress towards"),
        coerce=int,
        empty_value=None,
        required=False,
    )
    criterion = forms.TypedChoiceField(
        label=_("Award criterion it follows up"),
        coerce=int,
        empty_value=None,
        required=False,
    )
    kolada_kpi = forms.CharField(
        label=_("Kolada KPI id"),
        max_length=6,
        required=False,
        help_text=_("If the indicator is in Kolada, for example U23471."),
    )
    kolada_municipality = forms.CharField(
        label=_("Kolada municipality id"),
        max_length=4,
        required=False,
        help_text=_("Four digits, for example 1280. Give a municipality or a unit."),
    )
    kolada_ou = forms.CharField(
        label=_("Kolada unit id"),
        max_length=20,
        required=False,
        help_text=_("For values of one unit (ou), for example V15E128000301."),
    )

    def __init__(self, *args, goals, criteria, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        goal_choices = [(g.pk, f"{g.code} {g.text[:80]}") for g in goals]
        criterion_choices = [(c.pk, f"{c.code} {c.name}") for c in criteria]
        self.fields["goal"].choices = [("", "–"), *goal_choices]  # type: ignore[attr-defined]
        self.fields["criterion"].choices = [  # type: ignore[attr-defined]
            ("", "–"),
            *criterion_choices,
        ]


class ValueForm(ServiceRequiredFields, forms.Form):
    service_required = ("period", "value")

    period = forms.CharField(
        label=_("Period"),
        max_length=7,
        required=False,
        help_text=_("A year (2025) or a month (2025-03)."),
    )
    value = forms.CharField(label=_("Value"), max_length=30, required=False)


class ImportForm(ServiceRequiredFields, forms.Form):
    service_required = ("file",)

    file = forms.FileField(
        label=_("File"),
        required=False,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "CSV or XLSX with the columns indicator, period and value, or a JSON file "
            "downloaded from Kolada's API. At most %(size)s."
        ) % {"size": filesizeformat(max_bytes())}
