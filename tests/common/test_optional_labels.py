"""A field is labelled "(optional)" only when nothing requires it: fields a service requires
(left optional to Django so that the UI and the API share the service's wording) are not."""

from __future__ import annotations

import re

from django import forms
from django.utils import translation

from rodtrad.common.forms import ServiceRequiredFields
from rodtrad.followup.forms import CompleteRoundForm, StartRoundForm
from rodtrad.improvements.forms import ActionForm
from rodtrad.indicators.forms import IndicatorForm
from rodtrad.partnership.forms import CharterForm


def _labels(form: forms.Form) -> dict[str, str]:
    """Each field's label or legend text as rendered, keyed by the field name."""
    labels = {}
    for field in form.visible_fields():
        html = field.as_field_group()
        found = re.search(r"<(label|legend)[^>]*>(.*?)</\1>", html, re.S)
        assert found, field.name
        labels[field.name] = re.sub(r"<[^>]+>", "", found.group(2)).strip()
    return labels


def _optional(form: forms.Form) -> set[str]:
    return {name for name, label in _labels(form).items() if label.endswith("(optional)")}


def test_service_required_fields_are_not_labelled_optional():
    class Example(ServiceRequiredFields, forms.Form):
        service_required = ("name",)
        name = forms.CharField(label="Name", required=False)
        note = forms.CharField(label="Note", required=False)
        kind = forms.CharField(label="Kind")

    with translation.override("en"):
        assert _optional(Example()) == {"note"}


def test_the_follow_up_forms_mark_only_what_is_optional():
    with translation.override("en"):
        indicator = _labels(IndicatorForm(goals=[], criteria=[]))
        assert {n for n, label in indicator.items() if label.endswith("(optional)")} == {
            "unit",
            "goal",
            "criterion",
            "kolada_kpi",
            "kolada_municipality",
            "kolada_ou",
        }
        assert all(label.count("(optional)") <= 1 for label in indicator.values())
        assert _optional(ActionForm(people=[], criteria=[])) == {"criterion"}
        assert _optional(StartRoundForm(people=[])) == set()
        assert _optional(CompleteRoundForm()) == set()
        assert _optional(CharterForm()) == set()
