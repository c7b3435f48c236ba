from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from rodtrad.common.forms import ServiceRequiredFields
from rodtrad.improvements.models import ActionStatus, Owner


class ActionForm(ServiceRequiredFields, forms.Form):
    """An action's fields. Required values are checked by the service, so the UI and the API
    share one wording."""

    service_required = ("description", "owner", "responsible", "due_on")

    description = forms.CharField(
        label=_("What is to be done"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    owner = forms.ChoiceField(
        label=_("Owning party"),
        choices=[("", "–"), *Owner.choices],
        required=False,
        help_text=_("The party that carries the action out and decides its status."),
    )
    responsible = forms.TypedChoiceField(
        label=_("Responsible person"), coerce=int, required=False, empty_value=None
    )
    due_on = forms.DateField(
        label=_("Due"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    criterion = forms.TypedChoiceField(
        label=_("Criterion in the quality model"),
        coerce=int,
        required=False,
        empty_value=None,
    )
    source_item = forms.IntegerField(required=False, widget=forms.HiddenInput)
    source_index = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, people, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].choices = [("", "–")] + [  # type: ignore[attr-defined]
            (user.pk, user.full_name or user.email) for user in people
        ]
        self.fields["criterion"].choices = [("", "–")] + [  # type: ignore[attr-defined]
            (criterion.pk, f"{criterion.code} {criterion.name}") for criterion in criteria
        ]


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=ActionStatus.choices)
    reason = forms.CharField(
        label=_("Reason (needed when dropping the action)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class FilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any")), *ActionStatus.choices], required=False
    )
    owner = forms.ChoiceField(
        label=_("Owning party"), choices=[("", _("Any")), *Owner.choices], required=False
    )
    overdue = forms.BooleanField(label=_("Only overdue actions"), required=False)
