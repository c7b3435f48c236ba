from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from rodtrad.accounts.models import Organisation, User
from rodtrad.qualitymodels.models import ModelVersion


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.full_name} ({obj.email})"


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: User) -> str:
        return f"{obj.full_name} ({obj.email})"


def usable_versions(organisation: Organisation):
    """Versions an organisation may assess with: the platform library and its own models."""
    return (
        ModelVersion.objects.filter(Q(model__owner__isnull=True) | Q(model__owner=organisation))
        .select_related("model")
        .order_by("model__name", "-number")
    )


class SelfAssessmentForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("For example “Self-assessment 2026, home care”."),
    )
    model_version = forms.ModelChoiceField(
        label=_("Quality model"), queryset=ModelVersion.objects.none()
    )
    include_results = forms.BooleanField(
        label=_("Include the result criteria"),
        required=False,
        initial=True,
        help_text=_("Leave results out only if the organisation has no results to show yet."),
    )
    chair = PersonChoiceField(label=_("Panel chair"), queryset=User.objects.none())
    evaluators = PeopleChoiceField(
        label=_("Evaluators"),
        queryset=User.objects.none(),
        help_text=_("Each assesses alone first; the chair assesses too."),
    )
    divergence_threshold = forms.IntegerField(
        label=_("Flag criteria where the steps differ by at least (percentage points)"),
        min_value=1,
        max_value=100,
        initial=30,
    )

    def __init__(self, *args, organisation: Organisation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        people = User.objects.filter(memberships__organisation=organisation, is_active=True)
        people = people.distinct().order_by("full_name", "email")
        self.fields["chair"].queryset = people  # type: ignore[attr-defined]
        self.fields["evaluators"].queryset = people  # type: ignore[attr-defined]
        self.fields["model_version"].queryset = usable_versions(organisation)  # type: ignore[attr-defined]


class DeclarationForm(forms.Form):
    confidentiality = forms.BooleanField(
        label=_(
            "I will keep what I read and what the panel discusses confidential, and use it only "
            "for this assessment."
        ),
        error_messages={"required": _("You must accept the confidentiality undertaking.")},
    )
    conflict = forms.TypedChoiceField(
        label=_("Conflict of interest"),
        choices=[
            ("no", _("I have no conflict of interest in this assessment.")),
            ("yes", _("I have a conflict of interest (I am then removed from the panel).")),
        ],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether you have a conflict of interest.")},
    )
    description = forms.CharField(
        label=_("Describe the conflict of interest"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Only needed if you have one: for example a close relation or a former employer."
        ),
    )


class StartConsensusForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for starting without every submission"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
