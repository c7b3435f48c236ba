"""The follow-up pages: the contract's rounds with both parties' progression, and one round
(panel, self-descriptions, its two assessments, completion). Thin: permissions, selectors and
services decide."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from rodtrad.accounts.actor import Actor
from rodtrad.accounts.models import User
from rodtrad.common.forms import add_service_errors
from rodtrad.common.http import AuthenticatedRequest
from rodtrad.common.pdf import pdf_response, render_pdf
from rodtrad.contracts import permissions as contract_permissions
from rodtrad.contracts.models import Party
from rodtrad.followup import dashboard, permissions, report, selectors, services
from rodtrad.followup.forms import CompleteRoundForm, RoundDateForm, StartRoundForm
from rodtrad.improvements import selectors as improvement_selectors
from rodtrad.partnership import barometer
from rodtrad.qualitymodels.models import Criterion


def _crumbs(contract, *more):
    return [
        (gettext_lazy("Contracts"), reverse("contracts:list")),
        (contract.procurement.title, reverse("contracts:detail", args=[contract.pk])),
        *more,
    ]


def _rounds_page(request, contract, *, add_form=None, status=200) -> HttpResponse:
    all_rounds = selectors.rounds(contract)
    parties = selectors.progressions(contract, all_rounds)
    return render(
        request,
        "followup/rounds.html",
        {
            "contract": contract,
            "rounds": all_rounds,
            "parties": parties,
            "chart": selectors.chart(parties),
            "can_run": permissions.can_run_rounds(request.actor, contract),
            "add_form": add_form or RoundDateForm(),
            "crumbs": _crumbs(contract, (gettext_lazy("Follow-up"), "")),
        },
        status=status,
    )


@login_required
@require_safe
def round_list(request: AuthenticatedRequest, contract_id: int) -> HttpResponse:
    contract = contract_permissions.get_contract(request.actor, contract_id)
    return _rounds_page(request, contract)


@login_required
@require_POST
def add(request: AuthenticatedRequest, contract_id: int) -> HttpResponse:
    contract = contract_permissions.get_contract(request.actor, contract_id)
    permissions.require(permissions.can_run_rounds(request.actor, contract))
    form = RoundDateForm(request.POST)
    if form.is_valid():
        try:
            services.add_round(actor=request.actor, contract=contract, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The round is added."))
            return redirect("followup:rounds", contract.pk)
    return _rounds_page(request, contract, add_form=form, status=400)


def _people(contract) -> list:
    labels = {Party.BUYER: contract.buyer.name, Party.PROVIDER: contract.provider.name}
    return [
        (m, f"{m.user.full_name or m.user.email} ({labels[m.party]})") for m in contract.team.all()
    ]


def _round_page(request, contract, round, *, forms=None, status=200) -> HttpResponse:
    forms = forms or {}
    actor = request.actor
    can_run = permissions.can_run_rounds(actor, contract)
    written = selectors.self_descriptions(round)
    describe = []
    for party, assessment in (
        (Party.PROVIDER, round.provider_assessment),
        (Party.BUYER, round.buyer_assessment),
    ):
        if assessment is None:
            continue
        describe.append(
            {
                "party": party,
                "name": contract.provider.name if party == Party.PROVIDER else contract.buyer.name,
                "assessment": assessment,
                "can_write": permissions.can_describe(actor, round, party),
                "rows": [
                    (item, written.get(party, {}).get(item.criterion_id))
                    for item in selectors.scope_of(assessment)
                ],
            }
        )
    finals = [a for a in (round.provider_assessment, round.buyer_assessment) if a]
    since, until = selectors.action_window(contract, round)
    return render(
        request,
        "followup/round.html",
        {
            "contract": contract,
            "round": round,
            "can_run": can_run,
            "describe": describe,
            "move_form": forms.get("move") or RoundDateForm(initial={"due_on": round.due_on}),
            "start_form": forms.get("start") or StartRoundForm(people=_people(contract)),
            "complete_form": forms.get("complete") or CompleteRoundForm(),
            "action_changes": improvement_selectors.changes_between(contract, since, until),
            "all_final": bool(finals) and all(a.status == "final" for a in finals),
            "in_preparation": bool(finals) and all(a.status == "preparation" for a in finals),
            "crumbs": _crumbs(
                contract,
                (gettext_lazy("Follow-up"), reverse("followup:rounds", args=[contract.pk])),
                (round.title, ""),
            ),
        },
        status=status,
    )


@login_required
@require_safe
def round_detail(request: AuthenticatedRequest, contract_id: int, round_id: int) -> HttpResponse:
    contract = contract_permissions.get_contract(request.actor, contract_id)
    round = permissions.get_round(request.actor, contract, round_id)
    return _round_page(request, contract, round)


def _run_round_form(request, contract_id: int, round_id: int, *, key: str, make_form, run, done):
    """A manager's form about one round: validate it, let the service act, and on success
    say so and go back to the round; otherwise show the round page with the form's errors."""
    contract = contract_permissions.get_contract(request.actor, contract_id)
    round = permissions.get_round(request.actor, contract, round_id)
    permissions.require(permissions.can_run_rounds(request.actor, contract))
    form = make_form(contract, request.POST)
    if form.is_valid():
        try:
            run(contract, round, form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("followup:round", contract.pk, round.pk)
    return _round_page(request, contract, round, forms={key: form}, status=400)


@login_required
@require_POST
def move(request: AuthenticatedRequest, contract_id: int, round_id: int) -> HttpResponse:
    return _run_round_form(
        request,
        contract_id,
        round_id,
        key="move",
        make_form=lambda contract, data: RoundDateForm(data),
        run=lambda contract, round, data: services.move_round(
            actor=request.actor, round=round, **data
        ),
        done=_("The round is moved."),
    )


@login_required
@require_POST
def start(request: AuthenticatedRequest, contract_id: int, round_id: int) -> HttpResponse:
    def run(contract, round, data) -> None:
        users = User.objects.in_bulk([m.user_id for m in contract.team.all()])
        services.start_round(
            actor=request.actor,
            round=round,
            chair=users.get(data["chair"]),
            evaluators=[users[pk] for pk in data["evaluators"] if pk in users],
        )

    return _run_round_form(
        request,
        contract_id,
        round_id,
        key="start",
        make_form=lambda contract, data: StartRoundForm(data, people=_people(contract)),
        run=run,
        done=_("The round is started. Each party now writes its self-descriptions."),
    )


@login_required
@require_POST
def describe(
    request: AuthenticatedRequest, contract_id: int, round_id: int, party: str
) -> HttpResponse:
    contract = contract_permissions.get_contract(request.actor, contract_id)
    round = permissions.get_round(request.actor, contract, round_id)
    permissions.require(permissions.can_describe(request.actor, round, party))
    assessment = round.provider_assessment if party == Party.PROVIDER else round.buyer_assessment
    saved = 0
    for item in selectors.scope_of(assessment):
        text = request.POST.get(f"text-{item.criterion_id}", "")
        if not text.strip():
            continue
        try:
            services.save_self_description(
                actor=request.actor,
                round=round,
                party=party,
                criterion=Criterion.objects.get(pk=item.criterion_id),
                text=text,
                evidence=request.POST.get(f"evidence-{item.criterion_id}", ""),
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            continue
        saved += 1
    messages.success(request, _("The self-descriptions are saved (%(count)s).") % {"count": saved})
    return redirect(reverse("followup:round", args=[contract.pk, round.pk]) + f"#describe-{party}")


@login_required
@require_POST
def open_assessment(request: AuthenticatedRequest, contract_id: int, round_id: int) -> HttpResponse:
    contract = contract_permissions.get_contract(request.actor, contract_id)
    round = permissions.get_round(request.actor, contract, round_id)
    try:
        services.open_assessment(actor=request.actor, round=round)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Individual assessment is open for the panel."))
    return redirect("followup:round", contract.pk, round.pk)


@login_required
@require_POST
def complete(request: AuthenticatedRequest, contract_id: int, round_id: int) -> HttpResponse:
    return _run_round_form(
        request,
        contract_id,
        round_id,
        key="complete",
        make_form=lambda contract, data: CompleteRoundForm(data),
        run=lambda contract, round, data: services.complete_round(
            actor=request.actor, round=round, **data
        ),
        done=_("The round is completed."),
    )


@login_required
@require_safe
def overview(request: AuthenticatedRequest) -> HttpResponse:
    """Every contract the person follows up, the ones that need attention first."""
    return render(
        request,
        "followup/overview.html",
        {
            "rows": dashboard.overview(request.actor),
            "due_soon_days": dashboard.DUE_SOON_DAYS,
            "gap_threshold": barometer.GAP_THRESHOLD,
        },
    )


def round_report_pdf(actor: Actor, contract_id: int, round_id: int) -> HttpResponse:
    """The round's follow-up report for both parties (everyone who sees the contract); shared
    by the page and the API."""
    contract = contract_permissions.get_contract(actor, contract_id)
    round = permissions.get_round(actor, contract, round_id)
    content = render_pdf(
        "pdf/followup_report.html",
        {"report": report.round_report(contract, round), "LANGUAGE_CODE": get_language()},
    )
    return pdf_response(content, f"{round.title} {contract.procurement.title}")


@login_required
@require_safe
def report_pdf(request: AuthenticatedRequest, contract_id: int, round_id: int) -> HttpResponse:
    return round_report_pdf(request.actor, contract_id, round_id)
