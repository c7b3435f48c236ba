"""Forms of the procurement builder. They parse what was typed; the services validate and save
(amounts are passed on as typed, so "1 250 000,50" gets the service's message when wrong).
Field names match the keys of the services' ValidationErrors, so `add_service_errors` puts each
message on its field."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from rodtrad.accounts.models import Organisation, User
from rodtrad.assessments.forms import usable_versions
from rodtrad.procurements.models import (
    AwardCriterion,
    Direction,
    EvaluationKind,
    Goal,
    LibraryRequirement,
    Procedure,
    Procurement,
    RequirementKind,
    RequirementStyle,
    TeamRole,
    TieBreak,
    Verification,
)
from rodtrad.qualitymodels.models import Criterion, ModelVersion

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def _datetime_field(label, help_text="") -> forms.DateTimeField:
    """A date and time typed in Swedish local time (Europe/Stockholm), stored in UTC."""
    return forms.DateTimeField(
        label=label,
        required=False,
        help_text=help_text,
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT),
    )


def _date_field(label, help_text="") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


def _amount_field(label, help_text="", required=False) -> forms.CharField:
    """An amount as typed; the service parses it (spaces and a decimal comma allowed)."""
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        max_length=40,
        error_messages={"required": _("Enter a number.")},
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )


def _text_area(rows: int = 4) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


def lock(form: forms.BaseForm) -> forms.BaseForm:
    """Show a form read-only (published documents, or someone who may only read)."""
    for field in form.fields.values():
        field.disabled = True
    return form


class GoalChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: Goal) -> str:
        return f"{obj.code} {obj.text[:120]}"


def _goal_field(goals: Sequence[Goal], help_text) -> GoalChoiceField:
    field = GoalChoiceField(
        label=_("Goals it serves"),
        queryset=Goal.objects.none(),
        required=False,
        help_text=help_text,
    )
    # The goals are already loaded: choices from the list, validation by id.
    field.queryset = Goal.objects.filter(pk__in=[g.pk for g in goals])
    field.choices = [(g.pk, field.label_from_instance(g)) for g in goals]
    return field


# --- the procurement ----------------------------------------------------------------------------


TITLE_REQUIRED = {"required": _("Give the procurement a title.")}
REFERENCE_REQUIRED = {"required": _("Enter the reference number (diarienummer).")}


class CreateForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        error_messages=TITLE_REQUIRED,
        help_text=_("For example “Residential care at Ekbacken”."),
    )
    reference_number = forms.CharField(
        label=_("Reference number (diarienummer)"),
        max_length=60,
        help_text=_("The registration number of the procurement in your records."),
        error_messages=REFERENCE_REQUIRED,
    )


class BasicsForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, error_messages=TITLE_REQUIRED)
    reference_number = forms.CharField(
        label=_("Reference number (diarienummer)"),
        max_length=60,
        error_messages=REFERENCE_REQUIRED,
    )
    description = forms.CharField(
        label=_("Description of the service"),
        required=False,
        widget=_text_area(6),
        help_text=_("What the provider will do, for whom, where and how much."),
    )
    cpv_codes = forms.CharField(
        label=_("CPV codes"),
        required=False,
        max_length=380,
        help_text=_(
            "Eight digits and the check digit, separated by commas, for example 85311100-3."
        ),
    )
    estimated_value = _amount_field(
        _("Estimated value (SEK)"), _("The total value over the whole contract, options included.")
    )
    contract_start = _date_field(_("Contract starts"))
    contract_end = _date_field(_("Contract ends"))
    options = forms.CharField(
        label=_("Options (extensions)"),
        required=False,
        widget=_text_area(2),
        help_text=_("For example “Extension by 1 + 1 years”."),
    )
    procedure = forms.ChoiceField(
        label=_("Procedure"),
        choices=Procedure.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the procedure.")},
    )
    publication_date = _datetime_field(_("Planned publication"), _("Swedish time."))
    questions_deadline = _datetime_field(_("Last day for questions"), _("Swedish time."))
    tender_deadline = _datetime_field(
        _("Tender deadline"), _("Date and time, Swedish time. Tenders after it are not opened.")
    )
    planned_award_date = _date_field(_("Planned award decision"))
    tenders_elsewhere = forms.BooleanField(
        label=_("Tenders are received through another e-procurement system"),
        required=False,
        help_text=_(
            "Choose this when tenders are submitted and opened in another e-procurement system. "
            "After that opening you register each tender here by importing a workbook rodtrad "
            "makes for the procurement; qualification and evaluation then happen here. Fixed "
            "once the procurement is published."
        ),
    )

    @staticmethod
    def initial_for(procurement: Procurement) -> dict[str, Any]:
        return {
            "title": procurement.title,
            "reference_number": procurement.reference_number,
            "description": procurement.description,
            "cpv_codes": ", ".join(procurement.cpv_codes),
            "estimated_value": _plain_amount(procurement.estimated_value),
            "contract_start": procurement.contract_start,
            "contract_end": procurement.contract_end,
            "options": procurement.options,
            "procedure": procurement.procedure,
            "publication_date": procurement.publication_date,
            "questions_deadline": procurement.questions_deadline,
            "tender_deadline": procurement.tender_deadline,
            "planned_award_date": procurement.planned_award_date,
            "tenders_elsewhere": procurement.tenders_elsewhere,
        }


def _plain_amount(value) -> str:
    if value is None:
        return ""
    text = f"{value:f}"
    return text[:-3] if text.endswith(".00") else text


# --- lots ----------------------------------------------------------------------------------------


class LotForm(forms.Form):
    title = forms.CharField(
        label=_("Title of the lot"),
        max_length=200,
        error_messages={"required": _("Give the lot a title.")},
    )
    description = forms.CharField(label=_("Description"), required=False, widget=_text_area(3))
    estimated_value = _amount_field(_("Estimated value (SEK)"))


class LotEvaluationForm(forms.Form):
    """A lot's own points and amounts per award criterion (fields `points-<id>`, `amount-<id>`
    as in services.set_lot_evaluation) and its own weight of quality."""

    own = forms.BooleanField(
        label=_("This lot has its own criteria points and evaluation parameters"),
        required=False,
        help_text=_("Leave unticked to evaluate the lot like the rest of the procurement."),
    )

    def __init__(
        self,
        *args,
        criteria: Sequence[AwardCriterion],
        amounts: bool,
        weights: bool,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for award in self.criteria:
            code = award.criterion.code
            self.fields[f"points-{award.pk}"] = _amount_field(
                _("Points for %(code)s") % {"code": code},
                _("The procurement's: %(points)s") % {"points": award.points},
            )
            if amounts:
                self.fields[f"amount-{award.pk}"] = _amount_field(
                    _("Deduction or surcharge for %(code)s (SEK)") % {"code": code},
                    _("The procurement's: %(amount)s") % {"amount": award.amount or "–"},
                )
        if weights:
            self.fields["weight_quality"] = _amount_field(
                _("Weight of quality (%)"), _("Price gets the rest up to 100 %.")
            )

    def point_values(self) -> dict[int, Any]:
        return {a.pk: self.cleaned_data.get(f"points-{a.pk}") for a in self.criteria}

    def amount_values(self) -> dict[int, Any]:
        return {a.pk: self.cleaned_data.get(f"amount-{a.pk}") for a in self.criteria}


# --- team ----------------------------------------------------------------------------------------


class TeamForm(forms.Form):
    """One group of role checkboxes per person of the buyer organisation."""

    def __init__(
        self,
        *args,
        people: Sequence[User],
        current: dict[int, set[str]],
        trained: set[int] | None = None,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.people = list(people)
        for person in self.people:
            hint: Any = ""
            if trained is not None:
                hint = (
                    _("Trained in the model.")
                    if person.pk in trained
                    else _("Not trained in the model yet.")
                )
            self.fields[f"person-{person.pk}"] = forms.MultipleChoiceField(
                label=f"{person.full_name} ({person.email})",
                choices=TeamRole.choices,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                initial=sorted(current.get(person.pk, set())),
                help_text=hint,
            )

    def assignments(self) -> list[tuple[User, str]]:
        return [
            (person, role)
            for person in self.people
            for role in self.cleaned_data.get(f"person-{person.pk}", [])
        ]


# --- goals, requirements, indicators -------------------------------------------------------------


class GoalForm(forms.Form):
    text = forms.CharField(
        label=_("Goal"),
        widget=_text_area(3),
        error_messages={"required": _("Write the goal.")},
        help_text=_(
            "A short statement of what the service must achieve, for example “Residents decide "
            "over their everyday life”."
        ),
    )


class RequirementForm(forms.Form):
    title = forms.CharField(
        label=_("Short title"),
        max_length=200,
        error_messages={"required": _("Give the requirement a short title.")},
    )
    text = forms.CharField(
        label=_("Requirement"),
        widget=_text_area(4),
        error_messages={"required": _("Write the requirement.")},
    )
    kind = forms.ChoiceField(
        label=_("The requirement applies to"),
        choices=RequirementKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose whether it applies to the tenderer or to the service.")
        },
    )
    style = forms.ChoiceField(
        label=_("Functional or detailed"),
        choices=RequirementStyle.choices,
        widget=forms.RadioSelect,
        initial=RequirementStyle.FUNCTIONAL,
        error_messages={"required": _("Choose functional or detailed.")},
        help_text=_("A functional requirement says what must be achieved, not how."),
    )
    minimum_level = forms.CharField(
        label=_("Minimum acceptable level"),
        required=False,
        widget=_text_area(2),
        help_text=_("What is enough to meet the requirement."),
    )
    verification = forms.ChoiceField(
        label=_("Shown in the tender by"),
        choices=Verification.choices,
        widget=forms.RadioSelect,
        initial=Verification.DECLARATION,
        error_messages={"required": _("Choose how the tender shows it is met.")},
    )
    follow_up_method = forms.CharField(
        label=_("How it is followed up during the contract"),
        required=False,
        widget=_text_area(2),
        help_text=_("For example a document review, a visit or a user survey."),
    )
    follow_up_frequency = forms.CharField(
        label=_("How often"), required=False, max_length=100, help_text=_("For example “yearly”.")
    )
    follow_up_responsible = forms.CharField(
        label=_("Who follows it up"),
        required=False,
        max_length=200,
        help_text=_("A role, for example “the contract manager”."),
    )

    FIELDS = (
        "title",
        "text",
        "kind",
        "style",
        "minimum_level",
        "verification",
        "follow_up_method",
        "follow_up_frequency",
        "follow_up_responsible",
    )

    @classmethod
    def initial_for(cls, item) -> dict[str, Any]:
        return {name: getattr(item, name) for name in cls.FIELDS}


class LibraryPickForm(forms.Form):
    items = forms.ModelMultipleChoiceField(
        label=_("Requirements from the library"),
        queryset=LibraryRequirement.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one requirement.")},
    )

    def __init__(self, *args, organisation: Organisation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["items"]
        field.queryset = LibraryRequirement.objects.filter(  # type: ignore[attr-defined]
            organisation=organisation
        ).order_by("title", "id")


class IndicatorForm(forms.Form):
    name = forms.CharField(
        label=_("Indicator"),
        max_length=200,
        error_messages={"required": _("Name the indicator.")},
        help_text=_("For example “Overall satisfaction in residential care”."),
    )
    unit = forms.CharField(
        label=_("Unit"), required=False, max_length=40, help_text=_("For example %.")
    )
    direction = forms.ChoiceField(
        label=_("Direction"),
        choices=Direction.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether higher or lower is better.")},
    )
    target = forms.CharField(label=_("Target"), required=False, max_length=100)
    kolada_kpi = forms.CharField(
        label=_("Kolada KPI id"),
        required=False,
        max_length=20,
        help_text=_("If the indicator is in Kolada, for example U23471."),
    )

    def __init__(self, *args, goals: Sequence[Goal], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["goals"] = _goal_field(
            goals, _("Which goals the indicator shows progress towards.")
        )


# --- award criteria ------------------------------------------------------------------------------


class ModelVersionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        owner = _("library") if obj.model.owner_id is None else _("your organisation")
        return f"{obj} ({owner})"


class ChooseModelForm(forms.Form):
    model_version = ModelVersionChoiceField(
        label=_("Quality model"),
        queryset=ModelVersion.objects.none(),
        error_messages={"required": _("Choose the quality model.")},
        help_text=_(
            "A version from the library or your organisation's models. It is frozen once used."
        ),
    )
    include_results = forms.BooleanField(
        label=_("Include the result criteria"),
        required=False,
        initial=True,
        help_text=_(
            "Recommended. Leaving them out is a legitimate choice for equal treatment of new "
            "entrants without results to show."
        ),
    )

    def __init__(self, *args, organisation: Organisation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["model_version"].queryset = usable_versions(  # type: ignore[attr-defined]
            organisation
        ).select_related("model")


class CriterionChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: Criterion) -> str:
        return f"{obj.code} {obj.name} ({obj.get_kind_display()}, {obj.max_points})"


class ScopeForm(forms.Form):
    criteria = CriterionChoiceField(
        label=_("Award criteria in scope"),
        queryset=Criterion.objects.none(),
        error_messages={"required": _("Choose at least one award criterion.")},
    )

    def __init__(self, *args, criteria: Iterable[Criterion], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        rows = list(criteria)
        field = self.fields["criteria"]
        field.queryset = Criterion.objects.filter(  # type: ignore[attr-defined]
            pk__in=[c.pk for c in rows]
        )
        field.choices = [(c.pk, field.label_from_instance(c)) for c in rows]  # type: ignore[attr-defined]


class AwardCriterionForm(forms.Form):
    points = _amount_field(_("Points"), required=True)
    guidance = forms.CharField(
        label=_("Guidance for this service"),
        required=False,
        widget=_text_area(6),
        help_text=_(
            "What good approaches or results look like in this service: tenderers write to it "
            "and evaluators assess against it."
        ),
    )
    question = forms.CharField(
        label=_("Question to tenderers"), required=False, widget=_text_area(3)
    )
    answer_max_chars = forms.IntegerField(
        label=_("Longest answer (characters)"),
        help_text=_("Between 200 and 50 000."),
        error_messages={"required": _("Allow between 200 and 50 000 characters.")},
    )

    def __init__(
        self, *args, goals: Sequence[Goal], amount_label: Any = None, points_hint="", **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["points"].help_text = points_hint
        if amount_label:
            self.fields["amount"] = _amount_field(
                amount_label,
                _("Needed by the evaluation model; in the same unit as the tender price."),
            )
        self.fields["goals"] = _goal_field(goals, _("Link the criterion to the goals it serves."))

    @staticmethod
    def initial_for(award: AwardCriterion) -> dict[str, Any]:
        return {
            "points": _plain_amount(award.points),
            "guidance": award.guidance,
            "question": award.question,
            "answer_max_chars": award.answer_max_chars,
            "amount": _plain_amount(award.amount),
            "goals": [g.pk for g in award.goals.all()],
        }


# --- partnership, evaluation model, simulation --------------------------------------------------


class PartnershipForm(forms.Form):
    partnership_question = forms.CharField(
        label=_("Question to tenderers on the partnership"),
        required=False,
        widget=_text_area(6),
        help_text=_(
            "How tenderers propose the collaboration be run to reach the goals. A default text is "
            "offered; adapt it to this procurement."
        ),
    )
    follow_up_description = forms.CharField(
        label=_("How follow-up will work during the contract"),
        required=False,
        widget=_text_area(5),
    )
    follow_up_months = forms.IntegerField(
        label=_("Months between follow-up rounds"),
        required=False,
        help_text=_("For example 12 for a yearly follow-up."),
    )
    both_parties = forms.BooleanField(
        label=_("Both the buyer and the provider are assessed in each round"), required=False
    )
    baseline = forms.BooleanField(
        label=_("The tender's consensus scores are the baseline for progression"), required=False
    )
    barometer = forms.BooleanField(
        label=_("Both parties answer the partnership barometer every round"), required=False
    )

    @staticmethod
    def initial_for(p: Procurement) -> dict[str, Any]:
        return {
            "partnership_question": p.partnership_question,
            "follow_up_description": p.follow_up_description,
            "follow_up_months": p.follow_up_months,
            "both_parties": p.follow_up_both_parties,
            "baseline": p.follow_up_baseline,
            "barometer": p.follow_up_barometer,
        }


class EvaluationForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Evaluation model"),
        choices=EvaluationKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose an evaluation model.")},
    )
    weight_quality = _amount_field(
        _("Weight of quality (%)"),
        _("Only for weighted points with relative price; price gets the rest up to 100 %."),
    )
    fixed_price = _amount_field(
        _("Fixed price"), _("Only for a fixed price with competition on quality.")
    )
    price_unit = forms.CharField(
        label=_("Price unit"),
        max_length=60,
        required=False,
        help_text=_("What the tender price is for, e.g. SEK per hour or SEK per place and day."),
    )
    tie_break = forms.ChoiceField(
        label=_("Tie-break rule"),
        choices=TieBreak.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how a tie is decided.")},
    )
    hide_prices = forms.BooleanField(
        label=_("Hide prices from the panel until the quality consensus is final"),
        required=False,
        help_text=_("Recommended: quality is then scored without the price in view."),
    )

    @staticmethod
    def initial_for(p: Procurement) -> dict[str, Any]:
        weight = "" if p.weight_quality is None else _plain_amount(p.weight_quality * 100)
        return {
            "kind": p.evaluation_kind,
            "weight_quality": weight,
            "fixed_price": _plain_amount(p.fixed_price),
            "price_unit": p.price_unit,
            "tie_break": p.tie_break,
            "hide_prices": p.hide_prices,
        }


class SimulatedTenderForm(forms.Form):
    """A fictive tender: name, price and a step of the scale per award criterion
    (fields `step-<award criterion id>`)."""

    name = forms.CharField(
        label=_("Name"),
        max_length=60,
        error_messages={"required": _("Name the fictive tender, for example “Tender A”.")},
    )
    price = _amount_field(_("Price"), required=True)

    def __init__(
        self,
        *args,
        criteria: Sequence[AwardCriterion],
        percents: dict[str, list[int]],
        price_unit: str = "",
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        if price_unit:
            self.fields["price"].help_text = price_unit
        self.criteria = list(criteria)
        for award in self.criteria:
            code = award.criterion.code
            steps = percents.get(award.criterion.kind, [])
            self.fields[f"step-{award.pk}"] = forms.TypedChoiceField(
                label=f"{code} {award.criterion.name}",
                choices=[(p, f"{p} %") for p in steps],
                coerce=int,
                initial=steps[len(steps) // 2] if steps else None,
                error_messages={
                    "invalid_choice": _("Choose a step of the scale for %(code)s.")
                    % {"code": code},
                    "required": _("Choose a step of the scale for %(code)s.") % {"code": code},
                },
            )

    def steps(self) -> dict[int, Any]:
        return {a.pk: self.cleaned_data.get(f"step-{a.pk}") for a in self.criteria}


# --- publication and cancelling -----------------------------------------------------------------


class PublishForm(forms.Form):
    change_summary = forms.CharField(
        label=_("What changed"),
        required=False,
        widget=_text_area(4),
        help_text=_("Sent to every provider following the procurement and shown with the change."),
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for cancelling"),
        widget=_text_area(4),
        error_messages={"required": _("Give the reason for cancelling.")},
        help_text=_("Shown to the providers following the procurement."),
    )
