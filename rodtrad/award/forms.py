from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from rodtrad.award.models import ReviewOutcome


class DecisionForm(forms.Form):
    """Signing the award decision. Where a lot needs a lottery, a field per lot names the
    tender the lottery drew (added by the view)."""

    justification = forms.CharField(
        label=_("Further reasons"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown to every tenderer with the ranking and the reasons per criterion."),
    )
    confirm = forms.BooleanField(
        label=_(
            "I have the authority to decide the award, and the decision is sent to every "
            "tenderer now."
        ),
        error_messages={"required": _("Confirm that you decide the award.")},
    )

    def __init__(self, *args, lotteries: list[tuple[int, str, list[tuple[str, str]]]], **kwargs):
        super().__init__(*args, **kwargs)
        for lot_id, label, choices in lotteries:
            self.fields[f"lottery_{lot_id}"] = forms.ChoiceField(
                label=label, choices=[("", "–"), *choices]
            )


class ReviewForm(forms.Form):
    court = forms.CharField(
        label=_("Court"),
        max_length=200,
        help_text=_("For example Förvaltningsrätten i Stockholm."),
    )
    filed_on = forms.DateField(
        label=_("Filed"), widget=forms.DateInput(attrs={"type": "date"}), required=False
    )
    applicant = forms.CharField(label=_("Applicant (tenderer)"), max_length=200, required=False)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReviewOutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[(v, label) for v, label in ReviewOutcome.choices if v],
    )
    outcome_on = forms.DateField(
        label=_("Decided by the court"),
        widget=forms.DateInput(attrs={"type": "date"}),
        required=False,
    )
    note = forms.CharField(
        label=_("About the outcome"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
