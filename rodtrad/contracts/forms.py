from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


def _date(label, *, required: bool = False, help_text=""):
    # Required dates are checked by the service, so the message is the same in the UI and API.
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class ContractForm(forms.Form):
    """The signed contract of one lot. The view gives each lot's form its own prefix."""

    reference = forms.CharField(
        label=_("Contract number (optional)"), max_length=64, required=False
    )
    signed_on = _date(_("Signed"), help_text=_("The day the last party signed."))
    starts_on = _date(_("Starts"))
    ends_on = _date(_("Ends"))
    latest_end_on = _date(
        _("Latest end with every extension (optional)"),
        help_text=_("Leave empty when the contract has no option to extend."),
    )
    value = forms.DecimalField(
        label=_("Contract value (SEK)"),
        required=False,
        max_digits=14,
        decimal_places=2,
        help_text=_("The total value for the contract period, without extensions."),
    )
    manager = forms.TypedChoiceField(label=_("Contract manager"), coerce=int, required=False)
    note = forms.CharField(
        label=_("Note (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
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
