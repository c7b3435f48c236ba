"""Forms of the provider side (the market) and of the buyer's question page."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rodtrad.accounts.models import Organisation
from rodtrad.accounts.roles import OrganisationKind
from rodtrad.procurements.selectors import PublicFilters

QUESTION_MAX_CHARS = 4000  # the same limit as services.ask_question


class MarketFilterForm(forms.Form):
    """Search and filters of the list of published procurements (a GET form)."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        help_text=_("Words in the title or the reference number."),
    )
    buyer = forms.ModelChoiceField(
        label=_("Buyer"), queryset=Organisation.objects.none(), required=False
    )
    cpv = forms.RegexField(
        label=_("CPV code"),
        regex=r"^\s*\d{1,8}(-\d)?\s*$",
        required=False,
        max_length=12,
        help_text=_("A whole code or its beginning, for example 8531 for social work services."),
        error_messages={"invalid": _("Enter digits of a CPV code, for example 85311100.")},
    )
    deadline_after = forms.DateField(
        label=_("Tender deadline on or after"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    open_only = forms.BooleanField(
        label=_("Only procurements open for tenders"), required=False, initial=True
    )

    FIELDS = ("q", "buyer", "cpv", "deadline_after", "open_only")

    def __init__(self, data=None, *args, **kwargs) -> None:
        # Unfiltered (no parameters at all) the list shows open procurements; once the form has
        # been sent, an unticked box means "all".
        if data is not None and not any(name in data for name in self.FIELDS):
            data = None
        super().__init__(data, *args, **kwargs)
        self.fields["buyer"].queryset = (  # type: ignore[attr-defined]
            Organisation.objects.filter(
                kind=OrganisationKind.BUYER, procurements__published_at__isnull=False
            )
            .distinct()
            .order_by("name")
        )

    def filters(self) -> PublicFilters | None:
        """The filters to list with; None while the form has errors (the page lists nothing
        until they are corrected)."""
        if not self.is_bound:
            return PublicFilters()
        if not self.is_valid():
            return None
        data = self.cleaned_data
        after = data["deadline_after"]
        return PublicFilters(
            text=data["q"].strip(),
            buyer_id=data["buyer"].pk if data["buyer"] else None,
            cpv=data["cpv"].strip(),
            # From the start of that day in Swedish time.
            deadline_after=timezone.make_aware(datetime.combine(after, time.min))
            if after
            else None,
            open_only=data["open_only"],
        )


class OrganisationChoiceMixin:
    """A choice among the user's own provider organisations, shown only when there are several."""

    fields: dict[str, forms.Field]

    def _set_organisations(self, organisations: Sequence[Organisation]) -> None:
        self.organisations = {org.pk: org for org in organisations}
        field = self.fields["organisation"]
        field.choices = [(org.pk, org.name) for org in organisations]  # type: ignore[attr-defined]
        if len(organisations) == 1:
            field.initial = organisations[0].pk
            field.widget = forms.HiddenInput()

    def chosen_organisation(self) -> Organisation:
        return self.organisations[int(self.cleaned_data["organisation"])]  # type: ignore[attr-defined]


class FollowForm(OrganisationChoiceMixin, forms.Form):
    organisation = forms.TypedChoiceField(
        label=_("Follow on behalf of"),
        coerce=int,
        error_messages={"required": _("Choose the organisation that follows the procurement.")},
    )

    def __init__(self, *args, organisations: Sequence[Organisation], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._set_organisations(organisations)


class QuestionForm(OrganisationChoiceMixin, forms.Form):
    organisation = forms.TypedChoiceField(
        label=_("Ask on behalf of"),
        coerce=int,
        error_messages={"required": _("Choose the organisation that asks.")},
    )
    text = forms.CharField(
        label=_("Your question"),
        help_text=_(
            "The buyer publishes the question and the answer to every provider without saying "
            "who asked. Do not write anything that identifies your organisation."
        ),
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": QUESTION_MAX_CHARS}),
        strip=True,
        error_messages={"required": _("Write your question.")},
    )

    def __init__(self, *args, organisations: Sequence[Organisation], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._set_organisations(organisations)


class AnswerForm(forms.Form):
    public_text = forms.CharField(
        label=_("Question as published"),
        help_text=_(
            "This is what every provider reads. Edit out anything that identifies who asked: "
            "names, places, their own services."
        ),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Write the question as it will be published.")},
    )
    answer = forms.CharField(
        label=_("Answer"),
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Write the answer.")},
    )
