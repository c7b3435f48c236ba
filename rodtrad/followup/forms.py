from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from rodtrad.common.forms import ServiceRequiredFields


class RoundDateForm(ServiceRequiredFields, forms.Form):
    """Adding a round or moving one: the day it is due and why (the service checks both, so
    the messages are the same in the UI and the API)."""

    service_required = ("due_on", "reason")

    due_on = forms.DateField(
        label=_("Due"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class StartRoundForm(ServiceRequiredFields, forms.Form):
    service_required = ("chair", "evaluators")

    chair = forms.TypedChoiceField(label=_("Chair"), coerce=int, required=False)
    evaluators = forms.TypedMultipleChoiceField(
        label=_("Evaluators"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("People of both parties may assess together."),
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(member.user_id, label) for member, label in people]
        self.fields["chair"].choices = [("", "–"), *choices]  # type: ignore[attr-defined]
        self.fields["evaluators"].choices = choices  # type: ignore[attr-defined]


class CompleteRoundForm(ServiceRequiredFields, forms.Form):
    service_required = ("next_steps",)

    next_steps = forms.CharField(
        label=_("Next steps the parties agreed"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
