"""The improvement plan's pages: the list with filters and the create form, one action (edit,
status, history) and the improvement areas of the contract's feedback reports. Thin:
permissions, selectors and services decide."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from rodtrad.common.forms import add_service_errors
from rodtrad.common.http import AuthenticatedRequest, file_download
from rodtrad.common.spreadsheets import ExportRequestError, check_format
from rodtrad.contracts.models import Contract
from rodtrad.improvements import exports, permissions, selectors, services
from rodtrad.improvements.forms import ActionForm, FilterForm, StatusForm
from rodtrad.improvements.models import ImprovementAction


def _crumbs(contract: Contract, *more) -> list:
    return [
        (gettext_lazy("Contracts"), reverse("contracts:list")),
        (contract.procurement.title, reverse("contracts:detail", args=[contract.pk])),
        *more,
    ]


def _action_form(contract: Contract, data=None, initial=None) -> ActionForm:
    return ActionForm(
        data,
        initial=initial,
        people=services.responsible_choices(contract),
        criteria=selectors.criterion_choices(contract),
    )


def _fields(form: ActionForm) -> services.ActionFields:
    data = form.cleaned_data
    return services.ActionFields(
        description=data["description"],
        owner=data["owner"],
        responsible_id=data["responsible"],
        due_on=data["due_on"],
        criterion_id=data["criterion"],
    )


def _prefill(contract: Contract, params) -> tuple[dict, selectors.Source | None]:
    """Initial values from an improvement area (?source_item=&source_index=)."""
    item, index = params.get("source_item", ""), params.get("source_index", "")
    if not (item.isdigit() and index.isdigit()):
        return {}, None
    source = selectors.resolve_source(contract, int(item), int(index))
    if source is None:
        return {}, None
    return {
        "description": source.text,
        "criterion": source.item.criterion_id,
        "source_item": source.item.pk,
        "source_index": int(index),
    }, source


def _filters(request) -> tuple[FilterForm, selectors.Filters]:
    """The list's filter form and what it chose (nothing for an invalid choice)."""
    filters = FilterForm(request.GET or None, auto_id="filter-%s")
    chosen = selectors.Filters()
    if filters.is_valid():
        chosen = selectors.Filters(
            status=filters.cleaned_data["status"],
            owner=filters.cleaned_data["owner"],
            overdue=filters.cleaned_data["overdue"],
        )
    return filters, chosen


@login_required
def action_list(request: AuthenticatedRequest, contract_id: int) -> HttpResponse:
    actor = request.actor
    contract = permissions.get_contract(actor, contract_id)
    can_edit = permissions.can_edit(actor, contract)
    form = None
    source = None
    status = 200
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        form = _action_form(contract, request.POST)
        if form.is_valid():
            data = form.cleaned_data
            ref = None
            if data["source_item"] is not None and data["source_index"] is not None:
                ref = services.SourceRef(data["source_item"], data["source_index"])
            try:
                action = services.create_action(
                    actor=actor, contract=contract, fields=_fields(form), source=ref
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The action is in the improvement plan."))
                return redirect("improvements:detail", contract.pk, action.pk)
        _initial, source = _prefill(contract, request.POST)
        status = 400
    elif can_edit:
        initial, source = _prefill(contract, request.GET)
        form = _action_form(contract, initial=initial)
    filters, chosen = _filters(request)
    return render(
        request,
        "improvements/list.html",
        {
            "contract": contract,
            "actions": selectors.action_list(contract, chosen),
            "filters": filters,
            "filtered": chosen != selectors.Filters(),
            "export_query": request.GET.urlencode(),
            "form": form,
            "source": source,
            "crumbs": _crumbs(contract, (gettext_lazy("Improvement plan"), "")),
        },
        status=status,
    )


def _detail_page(
    request: AuthenticatedRequest,
    contract: Contract,
    action: ImprovementAction,
    *,
    form: ActionForm | None = None,
    status_form: StatusForm | None = None,
    status: int = 200,
) -> HttpResponse:
    actor = request.actor
    can_edit = permissions.can_edit(actor, contract)
    if form is None and can_edit:
        form = _action_form(
            contract,
            initial={
                "description": action.description,
                "owner": action.owner,
                "responsible": action.responsible_id,
                "due_on": action.due_on,
                "criterion": action.criterion_id,
            },
        )
    can_change_status = permissions.can_change_status(actor, contract, action)
    if status_form is None and can_change_status:
        status_form = StatusForm()
    action.overdue = selectors.is_overdue(action)  # type: ignore[attr-defined]
    return render(
        request,
        "improvements/detail.html",
        {
            "contract": contract,
            "action": action,
            "form": form if can_edit else None,
            "status_form": status_form if can_change_status else None,
            "history": selectors.history(action),
            "crumbs": _crumbs(
                contract,
                (
                    gettext_lazy("Improvement plan"),
                    reverse("improvements:list", args=[contract.pk]),
                ),
                (gettext_lazy("Action"), ""),
            ),
        },
        status=status,
    )


@login_required
def detail(request: AuthenticatedRequest, contract_id: int, action_id: int) -> HttpResponse:
    actor = request.actor
    contract = permissions.get_contract(actor, contract_id)
    action = permissions.get_action(actor, contract, action_id)
    if request.method != "POST":
        return _detail_page(request, contract, action)
    if not permissions.can_edit(actor, contract):
        raise PermissionDenied
    form = _action_form(contract, request.POST)
    if form.is_valid():
        try:
            services.update_action(
                actor=actor, contract=contract, action=action, fields=_fields(form)
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The action is saved."))
            return redirect("improvements:detail", contract.pk, action.pk)
    action = permissions.get_action(actor, contract, action_id)
    return _detail_page(request, contract, action, form=form, status=400)


@login_required
@require_POST
def status(request: AuthenticatedRequest, contract_id: int, action_id: int) -> HttpResponse:
    actor = request.actor
    contract = permissions.get_contract(actor, contract_id)
    action = permissions.get_action(actor, contract, action_id)
    if not permissions.can_change_status(actor, contract, action):
        raise PermissionDenied
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            services.change_status(
                actor=actor,
                contract=contract,
                action=action,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The status is changed."))
            return redirect("improvements:detail", contract.pk, action.pk)
    action = permissions.get_action(actor, contract, action_id)
    return _detail_page(request, contract, action, status_form=form, status=400)


@login_required
@require_safe
def from_report(request: AuthenticatedRequest, contract_id: int) -> HttpResponse:
    actor = request.actor
    contract = permissions.get_contract(actor, contract_id)
    return render(
        request,
        "improvements/from_report.html",
        {
            "contract": contract,
            "groups": selectors.improvement_areas(contract),
            "can_edit": permissions.can_edit(actor, contract),
            "crumbs": _crumbs(
                contract,
                (
                    gettext_lazy("Improvement plan"),
                    reverse("improvements:list", args=[contract.pk]),
                ),
                (gettext_lazy("Improvement areas"), ""),
            ),
        },
    )


def export_response(
    *, actor, contract_id: int, file_format: str, filters: selectors.Filters
) -> HttpResponse:
    """The contract's improvement actions (with the list's filters) as a download, recorded in
    the audit log (shared with the API). Raises ExportRequestError for an unknown format,
    after the permission check."""
    contract = permissions.get_contract(actor, contract_id)
    check_format(file_format)
    export = exports.build(actor=actor, contract=contract, filters=filters)
    content, content_type = exports.write(export, file_format=file_format)
    exports.record(actor=actor, export=export, file_format=file_format)
    return file_download(content, content_type, exports.filename(contract, file_format=file_format))


@login_required
@require_safe
def export(request: AuthenticatedRequest, contract_id: int, format: str) -> HttpResponse:
    """The improvement plan as CSV or XLSX, filtered as the list page (?status=&owner=&overdue=)."""
    _form, chosen = _filters(request)
    try:
        return export_response(
            actor=request.actor, contract_id=contract_id, file_format=format, filters=chosen
        )
    except ExportRequestError as error:
        return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
