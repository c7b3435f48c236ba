from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from rodtrad.common.forms import ServiceRequiredFields
from rodtrad.partnership import barometer


def _text(label, help_text, rows=6):
    # Required texts are checked by the service, so the message is the same in the UI and API.
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class CharterForm(ServiceRequiredFields, forms.Form):
    service_required = ("goals", "collaboration", "room_for_action", "feedback_use")

    goals = _text(
        _("Common goals"),
        _("Start from the procurement's goals and refine them together."),
        rows=8,
    )
    collaboration = _text(
        _("How we collaborate"),
        _("The forums, how often they meet and who takes part from each party."),
    )
    room_for_action = _text(
        _("Room for action"),
        _("What the provider may do differently without asking, and how new ideas are tried."),
    )
    feedback_use = _text(
        _("The tender's feedback report and scores"),
        _(
            "How the feedback report and its scores are used during the contract, now that the "
            "buyer co-produces the quality."
        ),
    )


class BarometerForm(forms.Form):
    """A rating 1–5 and an optional comment for each of the ten conditions."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(step, str(step)) for step in barometer.SCALE]
        for condition in barometer.CONDITIONS:
            self.fields[f"rating_{condition.code}"] = forms.TypedChoiceField(
                label=condition.name,
                help_text=condition.question,
                choices=choices,
                coerce=int,
                required=False,
                widget=forms.RadioSelect,
            )
            self.fields[f"comment_{condition.code}"] = forms.CharField(
                label=_("Comment on %(condition)s") % {"condition": condition.name},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_(
                    "Shown without your name, and only when enough people of your party answered."
                ),
            )

    def ratings(self) -> dict[str, int | None]:
        return {
            code: self.cleaned_data.get(f"rating_{code}") or None
            for code in barometer.CONDITION_CODES
        }

    def comments(self) -> dict[str, str]:
        return {
            code: self.cleaned_data.get(f"comment_{code}") or ""
            for code in barometer.CONDITION_CODES
        }
