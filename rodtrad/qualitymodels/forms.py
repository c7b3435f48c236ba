"""Forms at the boundary: they parse what was typed; the services validate and save."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from rodtrad.accounts.models import Organisation
from rodtrad.qualitymodels.exchange import MAX_BYTES
from rodtrad.qualitymodels.models import CriterionGroup, CriterionKind, ModelVersion

PLATFORM = ""


class OwnerChoiceField(forms.ChoiceField):
    """Where a new model lives: one of the actor's organisations, or the platform library."""

    def __init__(self, *args, organisations: list[Organisation], platform: bool, **kwargs):
        choices: list[tuple[str, str]] = [(str(org.pk), org.name) for org in organisations]
        if platform:
            choices.insert(0, (PLATFORM, str(_("The platform library (all users)"))))
        super().__init__(*args, choices=choices, **kwargs)


def _owner_field(organisations, platform) -> OwnerChoiceField:
    """Required unless the platform library (the empty choice) is one of the choices."""
    field = OwnerChoiceField(
        label=_("Owner"),
        organisations=organisations,
        platform=platform,
        required=not platform,
        widget=forms.RadioSelect,
        help_text=_("Only the members of the owning organisation see the model."),
    )
    if len(field.choices) == 1:  # type: ignore[arg-type]
        field.initial = field.choices[0][0]  # type: ignore[index]
    return field


class ModelForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea)


class NewModelForm(ModelForm):
    def __init__(self, *args, organisations: list[Organisation], platform: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"] = _owner_field(organisations, platform)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Model file"),
        help_text=_(
            "A YAML or JSON file in the rodtrad-quality-model/1 format, for example one "
            "downloaded from another version. At most 2 MB."
        ),
    )

    def __init__(self, *args, organisations: list[Organisation] | None, platform: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if organisations is not None:
            self.fields["owner"] = _owner_field(organisations, platform)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        return upload


class CopyForm(forms.Form):
    def __init__(self, *args, organisations: list[Organisation], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"] = OwnerChoiceField(
            label=_("Copy to"),
            organisations=organisations,
            platform=False,
            widget=forms.RadioSelect,
        )
        if len(organisations) == 1:
            self.fields["owner"].initial = str(organisations[0].pk)


class VersionForm(forms.Form):
    label = forms.CharField(
        label=_("Label"),
        max_length=100,
        required=False,
        help_text=_("For example the year, “2026”."),
    )
    language = forms.CharField(
        label=_("Language of the texts"),
        max_length=8,
        initial="sv",
        help_text=_("A language code: sv for Swedish, en for English."),
    )
    total_points = forms.IntegerField(label=_("Total points"), min_value=0)
    approach_points = forms.IntegerField(label=_("Points for approaches"), min_value=0)
    results_points = forms.IntegerField(label=_("Points for results"), min_value=0)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea)


ORDER_HELP = _("Lower numbers come first. Leave empty to keep the place (new: last).")


class SuccessFactorForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=20, help_text=_("For example K1."))
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea)
    order = forms.IntegerField(
        label=_("Position"), min_value=0, required=False, help_text=ORDER_HELP
    )


class GroupForm(SuccessFactorForm):
    code = forms.CharField(label=_("Code"), max_length=20, help_text=_("For example 1."))


class CriterionForm(forms.Form):
    group = forms.ModelChoiceField(label=_("Group"), queryset=CriterionGroup.objects.none())
    code = forms.CharField(label=_("Code"), max_length=20, help_text=_("For example 1.2."))
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=CriterionKind.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Approaches: how the organisation works. Results: levels, trends and comparisons."
        ),
    )
    max_points = forms.IntegerField(label=_("Maximum points"), min_value=1)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea)
    questions = forms.CharField(
        label=_("Questions"),
        required=False,
        widget=forms.Textarea,
        help_text=_("One question per line, asked in the same pattern for every criterion."),
    )
    guidance = forms.CharField(
        label=_("Guidance"),
        required=False,
        widget=forms.Textarea,
        help_text=_("What evaluators should look for: what a strong answer shows."),
    )
    order = forms.IntegerField(
        label=_("Position"), min_value=0, required=False, help_text=ORDER_HELP
    )

    def __init__(self, *args, version: ModelVersion, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["group"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = CriterionGroup.objects.filter(version=version).order_by("order", "id")


class ScaleForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("For criteria of the kind"), choices=CriterionKind.choices, widget=forms.RadioSelect
    )
    name = forms.CharField(label=_("Name"), max_length=200)


class ScaleStepForm(forms.Form):
    percent = forms.IntegerField(
        label=_("Percentage"),
        min_value=0,
        max_value=100,
        help_text=_("The share of the criterion's maximum points this step gives, 0–100."),
    )
    label = forms.CharField(label=_("Short name"), max_length=100, required=False)
    description = forms.CharField(
        label=_("Band text"),
        required=False,
        widget=forms.Textarea,
        help_text=_("What an organisation at this step shows."),
    )


# --- training ------------------------------------------------------------------------------------


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class VersionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: ModelVersion) -> str:
        owner = obj.model.owner.name if obj.model.owner else _("library")
        return f"{obj} – {owner}"


class TrainingSessionForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("For example “Introduction to the quality model for tenderers”."),
    )
    model_version = VersionChoiceField(
        label=_("Model version"), queryset=ModelVersion.objects.none()
    )
    starts_at = forms.DateTimeField(label=_("Starts"), widget=DateTimeLocalInput())
    ends_at = forms.DateTimeField(label=_("Ends"), required=False, widget=DateTimeLocalInput())
    location = forms.CharField(
        label=_("Location"),
        max_length=200,
        required=False,
        help_text=_("An address, a room or a link to the video meeting."),
    )
    trainer_email = forms.EmailField(
        label=_("Trainer's e-mail address"),
        required=False,
        help_text=_("The trainer must have an account in rodtrad."),
    )
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea)

    def __init__(self, *args, versions, organisations: list[Organisation] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["model_version"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = versions
        if organisations is not None:
            self.fields["organisation"] = forms.TypedChoiceField(
                label=_("Organised by"),
                choices=[(org.pk, org.name) for org in organisations],
                coerce=int,
                widget=forms.RadioSelect,
            )
            self.order_fields(["organisation"])
            if len(organisations) == 1:
                self.fields["organisation"].initial = organisations[0].pk


class ParticipantForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        help_text=_("The person must already have an account in rodtrad."),
    )


class AttendanceForm(forms.Form):
    attended = forms.TypedMultipleChoiceField(
        label=_("Attended"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, participants, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["attended"]
        assert isinstance(field, forms.TypedMultipleChoiceField)
        field.choices = [(p.user_id, f"{p.user.full_name} ({p.user.email})") for p in participants]
        self.initial.setdefault("attended", [p.user_id for p in participants if p.attended])
