"""The contract pages: the list, one contract with its baseline, and the registration of the
signed contract per lot after the standstill. Thin: permissions, selectors and services decide."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from rodtrad.accounts.models import User
from rodtrad.assessments import permissions as assessment_permissions
from rodtrad.common.forms import add_service_errors
from rodtrad.common.http import AuthenticatedRequest
from rodtrad.contracts import permissions, selectors, services
from rodtrad.contracts.forms import ContractForm
from rodtrad.contracts.models import Party
from rodtrad.followup import thread
from rodtrad.improvements import selectors as improvement_selectors
from rodtrad.indicators import selectors as indicator_selectors
from rodtrad.partnership import selectors as partnership_selectors


@login_required
@require_safe
def contract_list(request: AuthenticatedRequest) -> HttpResponse:
    return render(
        request,
        "contracts/list.html",
        {"contracts": selectors.contract_list(request.actor)},
    )


def _teams(actor, contract) -> list[dict]:
    """Per party its team, and for those who keep it the people who could be added."""
    teams = []
    for party, label in Party.choices:
        keeps = permissions.can_keep_team(actor, contract, party)
        teams.append(
            {
                "party": party,
                "label": label,
                "organisation": contract.buyer if party == Party.BUYER else contract.provider,
                "members": [m for m in contract.team.all() if m.party == party],
                "keeps": keeps,
                "candidates": services.team_candidates(contract, party) if keeps else [],
            }
        )
    return teams


@login_required
@require_safe
def detail(request: AuthenticatedRequest, contract_id: int) -> HttpResponse:
    contract = permissions.get_contract(request.actor, contract_id)
    on_provider_side = request.actor.is_member(contract.provider_id) and request.actor.in_scope(
        contract.provider_id
    )
    return render(
        request,
        "contracts/detail.html",
        {
            "contract": contract,
            "baseline": selectors.baseline(contract),
            "thread": thread.red_thread(contract),
            "teams": _teams(request.actor, contract),
            "action_summary": improvement_selectors.contract_summary(contract),
            "indicator_summary": indicator_selectors.contract_summary(contract),
            "partnership_summary": partnership_selectors.contract_summary(contract, request.actor),
            "tender_feedback_url": reverse("award:tender_decision", args=[contract.tender_id])
            if on_provider_side
            else "",
            "baseline_report_url": reverse("assessments:report", args=[contract.baseline_id])
            if assessment_permissions.can_view_report(request.actor, contract.baseline)
            else "",
            "crumbs": [
                (gettext_lazy("Contracts"), reverse("contracts:list")),
                (contract.procurement.title, ""),
            ],
        },
    )


def _form(registration, lot_registration, managers, user, data=None):
    procurement = registration.procurement
    decision = lot_registration.decision
    return ContractForm(
        data,
        prefix=f"lot{decision.lot_id}",
        managers=managers,
        initial={
            "starts_on": procurement.contract_start,
            "ends_on": procurement.contract_end,
            "value": decision.lot.estimated_value or procurement.estimated_value,
        },
        initial_manager=user,
    )


@login_required
def register(request: AuthenticatedRequest, procurement_id: int) -> HttpResponse:
    procurement = permissions.get_for_registration(request.actor, procurement_id)
    page = selectors.registration(request.actor, procurement)
    forms = {}
    status = 200
    if page.can_register and page.blocker is None:
        open_lots = [lot for lot in page.lots if lot.contract is None]
        managers = services.manager_choices(procurement)
        forms = {lot.decision.lot_id: _form(page, lot, managers, request.user) for lot in open_lots}
        if request.method == "POST":
            lot_id = request.POST.get("lot", "")
            chosen = next((lot for lot in open_lots if str(lot.decision.lot_id) == lot_id), None)
            if chosen is None:
                messages.error(request, _("Choose a lot whose contract is not registered yet."))
                return redirect("contracts:register", procurement.pk)
            form = _form(page, chosen, managers, request.user, request.POST)
            forms[chosen.decision.lot_id] = form
            if form.is_valid():
                data = form.cleaned_data
                try:
                    contract = services.register_contract(
                        actor=request.actor,
                        procurement=procurement,
                        lot_id=chosen.decision.lot_id,
                        terms=services.ContractTerms(
                            signed_on=data["signed_on"],
                            starts_on=data["starts_on"],
                            ends_on=data["ends_on"],
                            latest_end_on=data["latest_end_on"],
                            value=data["value"],
                            manager=form.managers.get(data["manager"]),
                            reference=data["reference"],
                            note=data["note"],
                        ),
                    )
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    messages.success(
                        request,
                        _("The contract is registered. Its follow-up starts from the baseline."),
                    )
                    return redirect("contracts:detail", contract.pk)
            status = 400
    elif request.method == "POST":
        messages.error(request, page.blocker or _("You cannot register contracts here."))
        return redirect("contracts:register", procurement.pk)
    return render(
        request,
        "contracts/register.html",
        {
            "procurement": procurement,
            "page": page,
            "rows": [(lot, forms.get(lot.decision.lot_id)) for lot in page.lots],
            "crumbs": [
                (gettext_lazy("Procurements"), reverse("procurements:list")),
                (procurement.title, reverse("procurements:detail", args=[procurement.pk])),
                (gettext_lazy("Contract"), ""),
            ],
        },
        status=status,
    )


@login_required
@require_POST
def team_add(request: AuthenticatedRequest, contract_id: int) -> HttpResponse:
    contract = permissions.get_contract(request.actor, contract_id)
    user_id = request.POST.get("user", "")
    user = User.objects.filter(pk=int(user_id)).first() if user_id.isdigit() else None
    try:
        member = services.add_team_member(
            actor=request.actor, contract=contract, party=request.POST.get("party", ""), user=user
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("%(name)s is on the contract team.")
            % {"name": member.user.full_name or member.user.email},
        )
    return redirect(reverse("contracts:detail", args=[contract.pk]) + "#team")


@login_required
@require_POST
def team_remove(request: AuthenticatedRequest, contract_id: int, member_id: int) -> HttpResponse:
    contract = permissions.get_contract(request.actor, contract_id)
    member = next((m for m in contract.team.all() if m.pk == member_id), None)
    if member is None:
        raise Http404
    try:
        services.remove_team_member(actor=request.actor, contract=contract, member=member)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("%(name)s is no longer on the contract team.")
            % {"name": member.user.full_name or member.user.email},
        )
    return redirect(reverse("contracts:detail", args=[contract.pk]) + "#team")
