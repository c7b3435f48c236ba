from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class DeclarationForm(forms.Form):
    """The panel's declaration, once per procurement: confidentiality, and the tenderers (if
    any) the person has a conflict of interest with."""

    confidentiality = forms.BooleanField(
        label=_(
            "I will keep the tenders and what the evaluation panel discusses confidential, and "
            "use them only for this evaluation."
        ),
        error_messages={"required": _("You must accept the confidentiality undertaking.")},
    )
    conflicts = forms.TypedMultipleChoiceField(
        label=_("Tenderers you have a conflict of interest with"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Leave empty if you have none. You leave the assessment of each tenderer you tick; "
            "you keep assessing the others."
        ),
    )
    description = forms.CharField(
        label=_("Describe the conflict of interest"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Only needed if you have one: for example a close relation or a former employer."
        ),
    )

    def __init__(self, *args, tenderers: list[tuple[int, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["conflicts"].choices = tenderers  # type: ignore[attr-defined]
