"""Forms of the buyer's side of tenders: requirement decisions, clarification requests, the
rejection of an abnormally low tender, and the import of tenders received elsewhere. The rules
(a reason for "not fulfilled", a deadline in the future, …) live in the services; the forms
only read the input and put the services' messages on the right field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from rodtrad.procurements.forms import DATETIME_FORMAT
from rodtrad.procurements.models import Requirement
from rodtrad.tenders.models import Decision

TEXT_MAX_CHARS = 4000


class DecisionForm(forms.Form):
    """Fulfilled or not fulfilled for one requirement of one tender."""

    decision = forms.ChoiceField(
        label=_("Assessment"),
        choices=Decision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose fulfilled or not fulfilled.")},
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=TEXT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when the requirement is not fulfilled."),
    )

    def __init__(self, *args: Any, requirement_id: int, **kwargs: Any) -> None:
        kwargs["prefix"] = f"req-{requirement_id}"
        super().__init__(*args, **kwargs)

    @property
    def fulfilled(self) -> bool:
        return self.cleaned_data["decision"] == Decision.FULFILLED


class ClarificationForm(forms.Form):
    """A request to the tenderer to clarify or complete evidence – never to change the offer."""

    requirement = forms.TypedChoiceField(
        label=_("About"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("A mandatory requirement, or the tender as a whole."),
    )
    about_price = forms.BooleanField(
        label=_("Ask the tenderer to explain a price that seems abnormally low"),
        required=False,
    )
    question = forms.CharField(
        label=_("What should the tenderer clarify or complete?"),
        max_length=TEXT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "A clarification may clarify or complete evidence; it may not change the tender."
        ),
        error_messages={"required": _("Write what the tenderer should clarify.")},
    )
    deadline = forms.DateTimeField(
        label=_("Reply deadline"),
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT),
        help_text=_("Date and time, Swedish time."),
        error_messages={
            "required": _("Give a reply deadline in the future."),
            "invalid": _("Write the deadline as a date and time, e.g. 2026-05-04 12:00."),
        },
    )

    def __init__(self, *args: Any, requirements: list[Requirement], **kwargs: Any) -> None:
        kwargs["prefix"] = "clarification"
        super().__init__(*args, **kwargs)
        choice_field = self.fields["requirement"]
        assert isinstance(choice_field, forms.TypedChoiceField)
        choice_field.choices = [("", _("The tender as a whole"))] + [
            (r.pk, f"{r.code} {r.title}") for r in requirements
        ]


class LowPriceForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the tender is rejected as abnormally low"),
        max_length=TEXT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Only after the tenderer has been asked to explain the price. Refer to the "
            "explanation and why it does not account for the low price."
        ),
        error_messages={"required": _("Give the reason for rejecting the tender.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["prefix"] = "low-price"
        super().__init__(*args, **kwargs)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class ImportForm(forms.Form):
    workbook = forms.FileField(
        label=_("The filled-in workbook (XLSX)"),
        help_text=_("One workbook per tender, made for this procurement."),
        error_messages={"required": _("Choose the filled-in workbook.")},
    )
    originals = MultipleFileField(
        label=_("The tender's original files"),
        required=False,
        help_text=_(
            "The files the tenderer submitted in the other system (PDF, DOCX, ODT, XLSX, PNG, "
            "JPEG). You can choose several."
        ),
    )
