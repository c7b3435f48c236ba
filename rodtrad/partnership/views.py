"""The partnership pages: the charter (read, write the next version, sign), the barometer of a
round (one's own answer and the aggregates) and its trend. Thin: permissions, selectors and
services decide."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from rodtrad.common.forms import add_service_errors
from rodtrad.common.http import AuthenticatedRequest
from rodtrad.contracts.models import Party
from rodtrad.partnership import barometer, charts, permissions, selectors, services
from rodtrad.partnership.forms import BarometerForm, CharterForm


def _crumbs(contract, *more):
    return [
        (gettext_lazy("Contracts"), reverse("contracts:list")),
        (contract.procurement.title, reverse("contracts:detail", args=[contract.pk])),
        *more,
    ]


# --- the charter -------------------------------------------------------------------------------


def _charter_page(request, contract, number: int | None) -> HttpResponse:
    versions = selectors.charter_versions(contract)
    if number is None:
        shown = versions[0] if versions else None
    else:
        shown = next((v for v in versions if v.number == number), None)
        if shown is None:
            raise Http404
    newest = versions[0] if versions else None
    signing = permissions.signing_parties(request.actor, contract)
    sign_for = (
        [
            (party, label)
            for party, label in Party.choices
            if party in signing and not newest.signed_by_party(party)
        ]
        if newest is not None and shown is newest
        else []
    )
    return render(
        request,
        "partnership/charter.html",
        {
            "contract": contract,
            "versions": versions,
            "shown": shown,
            "newest": newest,
            "agreed": selectors.latest_agreed(versions),
            "sign_for": sign_for,
            "can_write": permissions.can_write_charter(request.actor, contract),
            "crumbs": _crumbs(contract, (gettext_lazy("Partnership charter"), "")),
        },
    )


@login_required
@require_safe
def charter(request: AuthenticatedRequest, contract_id: int) -> HttpResponse:
    contract = permissions.get_contract(request.actor, contract_id)
    return _charter_page(request, contract, None)


@login_required
@require_safe
def charter_version(request: AuthenticatedRequest, contract_id: int, number: int) -> HttpResponse:
    contract = permissions.get_contract(request.actor, contract_id)
    return _charter_page(request, contract, number)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def charter_edit(request: AuthenticatedRequest, contract_id: int) -> HttpResponse:
    contract = permissions.get_contract(request.actor, contract_id)
    if not permissions.can_write_charter(request.actor, contract):
        raise PermissionDenied
    status = 200
    if request.method == "POST":
        form = CharterForm(request.POST)
        if form.is_valid():
            try:
                version = services.write_charter(
                    actor=request.actor,
                    contract=contract,
                    text=services.CharterText(**form.cleaned_data),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Version %(number)s of the charter is written. Both parties now sign it.")
                    % {"number": version.number},
                )
                return redirect("partnership:charter", contract.pk)
        status = 400
    else:
        newest = selectors.charter_versions(contract)[:1]
        if newest:
            v = newest[0]
            initial = {
                "goals": v.goals,
                "collaboration": v.collaboration,
                "room_for_action": v.room_for_action,
                "feedback_use": v.feedback_use,
            }
        else:
            initial = {"goals": selectors.goals_text(contract)}
        form = CharterForm(initial=initial)
    return render(
        request,
        "partnership/charter_edit.html",
        {
            "contract": contract,
            "form": form,
            "crumbs": _crumbs(
                contract,
                (
                    gettext_lazy("Partnership charter"),
                    reverse("partnership:charter", args=[contract.pk]),
                ),
                (gettext_lazy("Write the next version"), ""),
            ),
        },
        status=status,
    )


@login_required
@require_POST
def charter_sign(request: AuthenticatedRequest, contract_id: int, number: int) -> HttpResponse:
    contract = permissions.get_contract(request.actor, contract_id)
    version = next((v for v in selectors.charter_versions(contract) if v.number == number), None)
    if version is None:
        raise Http404
    try:
        signed = services.sign_charter(
            actor=request.actor,
            contract=contract,
            version=version,
            party=request.POST.get("party", ""),
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Version %(number)s is agreed by both parties.") % {"number": signed.number}
            if signed.agreed
            else _("Your party has signed version %(number)s.") % {"number": signed.number},
        )
    return redirect("partnership:charter", contract.pk)


# --- the barometer -----------------------------------------------------------------------------


def _own_initial(own) -> dict:
    initial = {}
    for code, answer in (own or {}).items():
        initial[f"rating_{code}"] = answer.rating
        initial[f"comment_{code}"] = answer.comment
    return initial


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def barometer_round(request: AuthenticatedRequest, contract_id: int, round_id: int) -> HttpResponse:
    contract, round = permissions.get_round(request.actor, contract_id, round_id)
    party = permissions.team_party(request.actor, contract)
    answering = permissions.can_answer(request.actor, contract, round)
    status = 200
    form = None
    if request.method == "POST":
        if not answering:
            raise PermissionDenied
        form = BarometerForm(request.POST)
        if form.is_valid():
            try:
                services.answer_barometer(
                    actor=request.actor,
                    contract=contract,
                    round=round,
                    ratings=form.ratings(),
                    comments=form.comments(),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, _("Your answer is saved. You can change it until the round is done.")
                )
                return redirect("partnership:barometer", contract.pk, round.pk)
        status = 400
    own = selectors.own_answer(round, request.actor) if party else None
    if form is None and answering:
        form = BarometerForm(initial=_own_initial(own))
    result = selectors.round_result(round)
    return render(
        request,
        "partnership/barometer_round.html",
        {
            "contract": contract,
            "round": round,
            "party": party,
            "form": form,
            "own": [(condition, own.get(condition.code)) for condition in barometer.CONDITIONS]
            if own
            else None,
            "result": result,
            "min_group": selectors.min_group(),
            "threshold": barometer.GAP_THRESHOLD,
            "crumbs": _crumbs(
                contract,
                (
                    gettext_lazy("Partnership barometer"),
                    reverse("partnership:trend", args=[contract.pk]),
                ),
                (round.title, ""),
            ),
        },
        status=status,
    )


@login_required
@require_safe
def barometer_trend(request: AuthenticatedRequest, contract_id: int) -> HttpResponse:
    contract = permissions.get_contract(request.actor, contract_id)
    rounds = selectors.rounds(contract)
    points = selectors.trend(rounds)
    return render(
        request,
        "partnership/barometer_trend.html",
        {
            "contract": contract,
            "rounds": rounds,
            "answerable": permissions.team_party(request.actor, contract) is not None,
            "points": points,
            "charts": charts.trend_charts(contract, points) if points else [],
            "rows": charts.trend_rows(points),
            "min_group": selectors.min_group(),
            "crumbs": _crumbs(contract, (gettext_lazy("Partnership barometer"), "")),
        },
    )
