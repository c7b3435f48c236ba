from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


def _date(label, *, required_message=None, help_text=""):
    """A date field; a required one says what is missing in the service's words."""
    return forms.DateField(
        label=label,
        required=required_message is not None,
        error_messages={"required": required_message} if required_message else {},
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class ContractForm(forms.Form):
    """The signed contract of one lot. The view gives each lot's form its own prefix."""

    reference = forms.CharField(label=_("Contract number"), max_length=64, required=False)
    signed_on = _date(
        _("Signed"),
        required_message=_("Give the date the contract was signed."),
        help_text=_("The day the last party signed."),
    )
    starts_on = _date(_("Starts"), required_message=_("Give the date the contract starts."))
    ends_on = _date(_("Ends"), required_message=_("Give the date the contract ends."))
    latest_end_on = _date(
        _("Latest end with every extension"),
        help_text=_("Leave empty when the contract has no option to extend."),
    )
    value = forms.DecimalField(
        label=_("Contract value (SEK)"),
        error_messages={"required": _("Give the contract value in SEK.")},
        max_digits=14,
        decimal_places=2,
        help_text=_("The total value for the contract period, without extensions."),
    )
    manager = forms.TypedChoiceField(
        label=_("Contract manager"),
        coerce=int,
        error_messages={
            "required": _("Choose the contract manager among the buyer's contract managers.")
        },
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, managers, initial_manager=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.managers = {user.pk: user for user in managers}
        field = self.fields["manager"]
        field.choices = [("", "–")] + [  # type: ignore[attr-defined]
            (user.pk, user.full_name or user.email) for user in managers
        ]
        if initial_manager is not None and initial_manager.pk in self.managers:
            field.initial = initial_manager.pk
