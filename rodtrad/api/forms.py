from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from rodtrad.api.tokens import DEFAULT_VALIDITY_DAYS, VALIDITY_DAYS


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, such as the name of the integration."),
    )
    organisation = forms.TypedChoiceField(label=_("Organisation"), coerce=int)
    valid_days = forms.TypedChoiceField(
        label=_("Works for"),
        coerce=int,
        initial=DEFAULT_VALIDITY_DAYS,
        help_text=_("After that it stops working; create a new one when it is needed."),
    )
    read_only = forms.BooleanField(
        label=_("Read only"),
        required=False,
        help_text=_("The token can read but never change anything."),
    )
    sensitive = forms.BooleanField(
        label=_("Sensitive actions"),
        required=False,
        help_text=_(
            "The token may also open tenders, reveal prices, sign award decisions and export "
            "archives. Only for integrations that need it; you confirm your password first."
        ),
    )

    def __init__(self, *args, organisations, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(o.pk, o.name) for o in organisations]
        validity = self.fields["valid_days"]
        assert isinstance(validity, forms.TypedChoiceField)
        validity.choices = [
            (days, ngettext("%(count)d day", "%(count)d days", days) % {"count": days})
            for days in VALIDITY_DAYS
        ]
