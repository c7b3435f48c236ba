"""The evaluation pages: the overview (chair, officers) with each panel member's own work list,
starting the evaluation, the declaration once per procurement, revealing the prices, and the
answers' files for the panel. Scoring and consensus are the engine's pages
(rodtrad/assessments/views.py), which show each tender's answers through the material hook."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from rodtrad.accounts.actor import Actor
from rodtrad.accounts.models import Organisation
from rodtrad.common.forms import add_service_errors
from rodtrad.common.http import AuthenticatedRequest, file_download
from rodtrad.evaluations import exports, material, permissions, selectors, services
from rodtrad.evaluations.forms import DeclarationForm
from rodtrad.evaluations.models import EvaluatorDeclaration, TenderEvaluation
from rodtrad.procurements.models import Procurement
from rodtrad.tenders.views.buyer import attachment_response


def _crumbs(procurement, *more):
    return [
        (gettext_lazy("Procurements"), reverse("procurements:list")),
        (procurement.title, reverse("procurements:detail", args=[procurement.pk])),
        *more,
    ]


@login_required
@require_safe
def overview(request: AuthenticatedRequest, procurement_id: int) -> HttpResponse:
    procurement = permissions.get_evaluation(request.actor, procurement_id)
    return render(
        request,
        "evaluations/overview.html",
        {
            "procurement": procurement,
            "overview": selectors.overview(request.actor, procurement),
            "crumbs": _crumbs(procurement, (gettext_lazy("Evaluation"), "")),
        },
    )


@login_required
@require_POST
def start(request: AuthenticatedRequest, procurement_id: int) -> HttpResponse:
    procurement = permissions.get_evaluation_for(request.actor, procurement_id, permissions.can_run)
    try:
        created = services.start_evaluation(actor=request.actor, procurement=procurement)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        if created:
            messages.success(
                request, _("The evaluation has started. The panel was told to sign and assess.")
            )
        else:
            messages.info(request, _("The evaluation had already started."))
    return redirect("evaluations:overview", procurement.pk)


def _tenderers(procurement) -> list[tuple[int, str]]:
    ids = (
        TenderEvaluation.objects.filter(procurement=procurement)
        .values_list("tender__organisation_id", flat=True)
        .distinct()
    )
    return list(Organisation.objects.filter(pk__in=ids).order_by("name").values_list("pk", "name"))


@login_required
def declaration(request: AuthenticatedRequest, procurement_id: int) -> HttpResponse:
    actor = request.actor
    procurement = permissions.get_evaluation_for(actor, procurement_id, permissions.is_panel)
    signed = EvaluatorDeclaration.objects.filter(procurement=procurement, user=actor.user).first()
    tenderers = _tenderers(procurement)
    form = DeclarationForm(
        request.POST if request.method == "POST" and signed is None else None, tenderers=tenderers
    )
    if request.method == "POST" and signed is None and form.is_valid():
        chosen = set(form.cleaned_data["conflicts"])
        try:
            services.sign_declaration(
                actor=actor,
                procurement=procurement,
                conflicts=list(Organisation.objects.filter(pk__in=chosen)),
                description=form.cleaned_data["description"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if chosen:
                messages.warning(
                    request,
                    _(
                        "Your declaration is signed. You have left the assessment of the "
                        "tenderers you have a conflict of interest with; the chair was told."
                    ),
                )
            else:
                messages.success(request, _("Your declaration is signed."))
            return redirect("evaluations:overview", procurement.pk)
    return render(
        request,
        "evaluations/declaration.html",
        {
            "procurement": procurement,
            "form": form,
            "signed": signed,
            "started": bool(tenderers),
            "crumbs": _crumbs(
                procurement,
                (
                    gettext_lazy("Evaluation"),
                    reverse("evaluations:overview", args=[procurement.pk]),
                ),
                (gettext_lazy("Declaration"), ""),
            ),
        },
        status=400 if request.method == "POST" and form.errors else 200,
    )


@login_required
@require_POST
def reveal(request: AuthenticatedRequest, procurement_id: int) -> HttpResponse:
    procurement = permissions.get_evaluation_for(
        request.actor, procurement_id, permissions.is_chair
    )
    try:
        services.reveal_prices(actor=request.actor, procurement=procurement)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The prices are revealed to the evaluation panel."))
    return redirect("evaluations:overview", procurement.pk)


@login_required
@require_safe
def attachment(
    request: AuthenticatedRequest, assessment_id: int, attachment_id: int
) -> FileResponse:
    link, file = material.get_answer_attachment(request.actor, assessment_id, attachment_id)
    return attachment_response(link.procurement, file)


def export_response(
    *, actor: Actor, procurement: Procurement, kind: str, file_format: str
) -> HttpResponse:
    """The score export as a download (shared with the API), recorded in the audit log. The
    caller has checked the actor may view the evaluation and the kind and format."""
    export = exports.build(actor=actor, procurement=procurement)
    content, content_type = exports.write(export, kind=kind, file_format=file_format)
    exports.record(actor=actor, export=export, kind=kind, file_format=file_format)
    return file_download(
        content, content_type, exports.filename(procurement, kind=kind, file_format=file_format)
    )


@login_required
@require_safe
def export(
    request: AuthenticatedRequest, procurement_id: int, kind: str, format: str
) -> HttpResponse:
    """The individual scores or the consensus as CSV, or both in one XLSX workbook opened at
    that sheet, for those who may view the evaluation (what each row shows follows the engine's
    independence rule and the price envelope)."""
    procurement = permissions.get_evaluation(request.actor, procurement_id)
    try:
        exports.check_request(kind=kind, file_format=format)
    except exports.ExportRequestError as error:
        return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
    return export_response(
        actor=request.actor, procurement=procurement, kind=kind, file_format=format
    )
