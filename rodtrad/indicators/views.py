"""The indicator pages of a contract: the list with latest values against targets, one
indicator with its chart and table, defining indicators, entering values and importing them
(upload or Kolada → preview → confirm or cancel). Thin: permissions, selectors and services
decide."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST, require_safe

from rodtrad.common.forms import add_service_errors
from rodtrad.common.http import AuthenticatedRequest, file_download
from rodtrad.common.spreadsheets import ExportRequestError, check_format
from rodtrad.indicators import exports, permissions, selectors, services
from rodtrad.indicators.forms import ImportForm, IndicatorForm, ValueForm


def _crumbs(contract, *more):
    return [
        (gettext_lazy("Contracts"), reverse("contracts:list")),
        (contract.procurement.title, reverse("contracts:detail", args=[contract.pk])),
        *more,
    ]


@login_required
@require_safe
def indicator_list(request: AuthenticatedRequest, contract_id: int) -> HttpResponse:
    contract = permissions.get_contract(request.actor, contract_id)
    manages = permissions.can_manage_indicators(request.actor, contract)
    return render(
        request,
        "indicators/list.html",
        {
            "contract": contract,
            "rows": selectors.indicator_rows(contract),
            "manages": manages,
            "enters": manages or permissions.can_enter_values(request.actor, contract),
            "crumbs": _crumbs(contract, (gettext_lazy("Indicators"), "")),
        },
    )


def _indicator_form_page(request, contract, indicator):
    goals = services.goal_choices(contract)
    criteria = services.criterion_choices(contract)
    initial = {}
    if indicator is not None:
        initial = {
            "name": indicator.name,
            "unit": indicator.unit,
            "direction": indicator.direction,
            "target": selectors.plain(indicator.target).replace(".", ","),
            "goal": indicator.goal_id,
            "criterion": indicator.criterion_id,
            "kolada_kpi": indicator.kolada_kpi,
            "kolada_municipality": indicator.kolada_municipality,
            "kolada_ou": indicator.kolada_ou,
        }
    data = request.POST if request.method == "POST" else None
    form = IndicatorForm(data, initial=initial, goals=goals, criteria=criteria)
    status = 200
    if data is not None:
        if form.is_valid():
            cleaned = form.cleaned_data
            try:
                saved = services.save_indicator(
                    actor=request.actor,
                    contract=contract,
                    indicator=indicator,
                    data=services.IndicatorData(
                        name=cleaned["name"],
                        unit=cleaned["unit"],
                        direction=cleaned["direction"],
                        target=cleaned["target"],
                        goal_id=cleaned["goal"],
                        criterion_id=cleaned["criterion"],
                        kolada_kpi=cleaned["kolada_kpi"],
                        kolada_municipality=cleaned["kolada_municipality"],
                        kolada_ou=cleaned["kolada_ou"],
                    ),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The indicator was saved."))
                return redirect("indicators:detail", contract.pk, saved.pk)
        status = 400
    title = indicator.name if indicator is not None else _("Add an indicator")
    return render(
        request,
        "indicators/form.html",
        {
            "contract": contract,
            "form": form,
            "title": title,
            "crumbs": _crumbs(
                contract,
                (gettext_lazy("Indicators"), reverse("indicators:list", args=[contract.pk])),
                (title, ""),
            ),
        },
        status=status,
    )


@login_required
def indicator_new(request: AuthenticatedRequest, contract_id: int) -> HttpResponse:
    contract = permissions.get_managed_contract(request.actor, contract_id)
    return _indicator_form_page(request, contract, None)


@login_required
def indicator_edit(
    request: AuthenticatedRequest, contract_id: int, indicator_id: int
) -> HttpResponse:
    contract = permissions.get_managed_contract(request.actor, contract_id)
    return _indicator_form_page(
        request, contract, permissions.get_indicator(contract, indicator_id)
    )


@login_required
@require_POST
def take_over(request: AuthenticatedRequest, contract_id: int) -> HttpResponse:
    contract = permissions.get_managed_contract(request.actor, contract_id)
    created, left_out = services.take_over_planned(actor=request.actor, contract=contract)
    if created:
        messages.success(
            request,
            ngettext(
                "%(count)s indicator was taken over from the procurement.",
                "%(count)s indicators were taken over from the procurement.",
                len(created),
            )
            % {"count": len(created)},
        )
    else:
        messages.info(request, _("The procurement has no planned indicators left to take over."))
    for name in left_out:
        messages.warning(
            request,
            _("“%(name)s” was not taken over: its target is not a number. Add it by hand.")
            % {"name": name},
        )
    return redirect("indicators:list", contract.pk)


def _detail_page(request, contract, indicator, form=None, status=200):
    enters = permissions.can_enter_values(request.actor, contract)
    return render(
        request,
        "indicators/detail.html",
        {
            "contract": contract,
            "indicator": indicator,
            "detail": selectors.indicator_detail(indicator),
            "manages": permissions.can_manage_indicators(request.actor, contract),
            "form": (form or ValueForm()) if enters else None,
            "crumbs": _crumbs(
                contract,
                (gettext_lazy("Indicators"), reverse("indicators:list", args=[contract.pk])),
                (indicator.name, ""),
            ),
        },
        status=status,
    )


@login_required
@require_safe
def indicator_detail(
    request: AuthenticatedRequest, contract_id: int, indicator_id: int
) -> HttpResponse:
    contract = permissions.get_contract(request.actor, contract_id)
    return _detail_page(request, contract, permissions.get_indicator(contract, indicator_id))


@login_required
@require_POST
def value_add(request: AuthenticatedRequest, contract_id: int, indicator_id: int) -> HttpResponse:
    contract = permissions.get_contract_for_values(request.actor, contract_id)
    indicator = permissions.get_indicator(contract, indicator_id)
    form = ValueForm(request.POST)
    if form.is_valid():
        try:
            services.record_value(
                actor=request.actor,
                contract=contract,
                indicator=indicator,
                period=form.cleaned_data["period"],
                value=form.cleaned_data["value"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The value was saved."))
            return redirect("indicators:detail", contract.pk, indicator.pk)
    return _detail_page(request, contract, indicator, form, status=400)


@login_required
def import_upload(request: AuthenticatedRequest, contract_id: int) -> HttpResponse:
    contract = permissions.get_contract_for_values(request.actor, contract_id)
    form = ImportForm()
    status = 200
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                preview = services.preview_upload(
                    actor=request.actor, contract=contract, upload=form.cleaned_data["file"]
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return redirect("indicators:preview", contract.pk, preview.pk)
        status = 400
    return _import_page(request, contract, form, status)


def _import_page(request, contract, form, status=200, kolada_errors=()):
    return render(
        request,
        "indicators/import.html",
        {
            "contract": contract,
            "form": form,
            "kolada_errors": kolada_errors,
            "kolada_ready": any(
                r.indicator.kolada_kpi
                and (r.indicator.kolada_municipality or r.indicator.kolada_ou)
                for r in selectors.indicator_rows(contract)
            ),
            "crumbs": _crumbs(
                contract,
                (gettext_lazy("Indicators"), reverse("indicators:list", args=[contract.pk])),
                (gettext_lazy("Import values"), ""),
            ),
        },
        status=status,
    )


@login_required
@require_POST
def kolada_fetch(request: AuthenticatedRequest, contract_id: int) -> HttpResponse:
    contract = permissions.get_contract_for_values(request.actor, contract_id)
    try:
        preview = services.preview_kolada(actor=request.actor, contract=contract)
    except ValidationError as error:
        return _import_page(request, contract, ImportForm(), 400, kolada_errors=error.messages)
    return redirect("indicators:preview", contract.pk, preview.pk)


@login_required
@require_safe
def import_preview(
    request: AuthenticatedRequest, contract_id: int, preview_id: int
) -> HttpResponse:
    contract = permissions.get_contract_for_values(request.actor, contract_id)
    preview = permissions.get_preview(request.actor, contract, preview_id)
    return render(
        request,
        "indicators/preview.html",
        {
            "contract": contract,
            "preview": preview,
            "crumbs": _crumbs(
                contract,
                (gettext_lazy("Indicators"), reverse("indicators:list", args=[contract.pk])),
                (gettext_lazy("Check the import"), ""),
            ),
        },
    )


@login_required
@require_POST
def import_confirm(
    request: AuthenticatedRequest, contract_id: int, preview_id: int
) -> HttpResponse:
    contract = permissions.get_contract_for_values(request.actor, contract_id)
    preview = permissions.get_preview(request.actor, contract, preview_id)
    try:
        saved = services.confirm_import(actor=request.actor, contract=contract, preview=preview)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("indicators:preview", contract.pk, preview.pk)
    messages.success(
        request,
        ngettext("%(count)s value was saved.", "%(count)s values were saved.", saved)
        % {"count": saved},
    )
    return redirect("indicators:list", contract.pk)


@login_required
@require_POST
def import_cancel(request: AuthenticatedRequest, contract_id: int, preview_id: int) -> HttpResponse:
    contract = permissions.get_contract_for_values(request.actor, contract_id)
    preview = permissions.get_preview(request.actor, contract, preview_id)
    services.cancel_import(actor=request.actor, contract=contract, preview=preview)
    messages.info(request, _("The import was cancelled. Nothing was saved."))
    return redirect("indicators:list", contract.pk)


def export_response(*, actor, contract_id: int, file_format: str) -> HttpResponse:
    """The contract's indicator values as a download, recorded in the audit log (shared with
    the API). Raises ExportRequestError for an unknown format, after the permission check."""
    contract = permissions.get_contract(actor, contract_id)
    check_format(file_format)
    export = exports.build(actor=actor, contract=contract)
    content, content_type = exports.write(export, file_format=file_format)
    exports.record(actor=actor, export=export, file_format=file_format)
    return file_download(content, content_type, exports.filename(contract, file_format=file_format))


@login_required
@require_safe
def export(request: AuthenticatedRequest, contract_id: int, format: str) -> HttpResponse:
    """Every indicator value of the contract as CSV or XLSX, for the indicator pages' readers."""
    try:
        return export_response(actor=request.actor, contract_id=contract_id, file_format=format)
    except ExportRequestError as error:
        return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
