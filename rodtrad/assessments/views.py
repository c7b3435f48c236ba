from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rodtrad.accounts import permissions as account_permissions
from rodtrad.assessments import forms, material, permissions, scoring, selectors, services
from rodtrad.assessments.charts import group_chart
from rodtrad.assessments.models import ScopeItem, Status
from rodtrad.common import clock
from rodtrad.common.forms import add_service_errors
from rodtrad.common.http import AuthenticatedRequest
from rodtrad.common.pdf import pdf_response, render_pdf

STAGES = [Status.PREPARATION, Status.INDIVIDUAL, Status.CONSENSUS, Status.FINAL]


@login_required
def assessment_list(request: AuthenticatedRequest) -> HttpResponse:
    actor = request.actor
    creatable = [
        org
        for org in actor.member_organisations()
        if permissions.can_create_self_assessment(actor, org)
    ]
    return render(
        request,
        "assessments/list.html",
        {"assessments": selectors.assessments_visible_to(actor), "creatable": creatable},
    )


@login_required
def create_self_assessment(request: AuthenticatedRequest, organisation_id: int) -> HttpResponse:
    actor = request.actor
    organisation = account_permissions.get_organisation_for_view(actor, organisation_id)
    if not permissions.can_create_self_assessment(actor, organisation):
        raise PermissionDenied
    form = forms.SelfAssessmentForm(
        request.POST if request.method == "POST" else None, organisation=organisation
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            assessment = services.create_self_assessment(
                actor=actor,
                organisation=organisation,
                title=data["title"],
                model_version=data["model_version"],
                chair=data["chair"],
                evaluators=[u for u in data["evaluators"] if u != data["chair"]],
                divergence_threshold=data["divergence_threshold"],
                include_results=data["include_results"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The self-assessment was created."))
            return redirect("assessments:detail", assessment.pk)
    return render(request, "assessments/create.html", {"form": form, "organisation": organisation})


@login_required
def detail(request: AuthenticatedRequest, assessment_id: int) -> HttpResponse:
    actor = request.actor
    assessment = permissions.get_assessment(actor, assessment_id)
    member = permissions.membership_of(actor, assessment)
    scope = selectors.scope_of(assessment)
    return render(
        request,
        "assessments/detail.html",
        {
            "assessment": assessment,
            "member": member,
            "stages": [
                (s, s.label, STAGES.index(s) < STAGES.index(Status(assessment.status)))
                for s in STAGES
            ],
            "progress": selectors.panel_progress(actor, assessment),
            "scope": scope,
            "scope_points": sum((i.max_points for i in scope), start=0),
            "can_manage": permissions.can_manage(actor, assessment),
            "is_chair": permissions.is_chair(actor, assessment),
            "can_score": permissions.can_score(actor, assessment),
            "can_view_report": permissions.can_view_report(actor, assessment),
            "can_see_consensus": permissions.can_see_all_individual_work(actor, assessment),
        },
    )


@login_required
@require_POST
def start_individual(request: AuthenticatedRequest, assessment_id: int) -> HttpResponse:
    actor = request.actor
    assessment = permissions.get_assessment(actor, assessment_id)
    try:
        services.start_individual(actor=actor, assessment=assessment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Individual assessment has started. The panel was told."))
    return redirect("assessments:detail", assessment.pk)


@login_required
def declaration(request: AuthenticatedRequest, assessment_id: int) -> HttpResponse:
    actor = request.actor
    assessment = permissions.get_assessment(actor, assessment_id)
    member = permissions.membership_of(actor, assessment)
    if member is None:
        raise PermissionDenied
    own_page = reverse("assessments:declaration", args=[assessment.pk])
    page = material.declaration_url(assessment)
    if page != own_page:  # the purpose has its own declaration (once for several assessments)
        return redirect(page)
    form = forms.DeclarationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.sign_declaration(
                actor=actor,
                assessment=assessment,
                conflict=form.cleaned_data["conflict"],
                description=form.cleaned_data["description"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if form.cleaned_data["conflict"]:
                messages.warning(
                    request,
                    _(
                        "You declared a conflict of interest and have left the panel. "
                        "The chair was told."
                    ),
                )
                return redirect("assessments:list")
            messages.success(request, _("Your declaration is signed."))
            return redirect("assessments:detail", assessment.pk)
    return render(
        request,
        "assessments/declaration.html",
        {"assessment": assessment, "member": member, "form": form},
    )


# --- individual work -------------------------------------------------------------------------


def _read_item(data, item: ScopeItem) -> dict:
    raw = (data.get(f"p-{item.pk}") or "").strip()
    try:
        percent = int(raw) if raw else None
    except ValueError:
        raise ValidationError({"percent": [_("Choose one of the steps of the scale.")]}) from None
    return {
        "percent": percent,
        "strengths": scoring.split_lines(data.get(f"s-{item.pk}", "")),
        "improvements": scoring.split_lines(data.get(f"i-{item.pk}", "")),
        "notes": data.get(f"n-{item.pk}", ""),
    }


def _save_items(request: AuthenticatedRequest, assessment, items) -> dict[int, list[str]]:
    errors: dict[int, list[str]] = {}
    for item in items:
        if f"p-{item.pk}" not in request.POST and f"s-{item.pk}" not in request.POST:
            continue
        try:
            services.save_individual_score(
                actor=request.actor,
                assessment=assessment,
                item=item,
                **_read_item(request.POST, item),
            )
        except ValidationError as error:
            errors[item.pk] = error.messages
    return errors


def _work_page(request, assessment, *, errors=None, problems=None, status=200) -> HttpResponse:
    rows = selectors.own_scoring_rows(request.actor, assessment)
    member = permissions.membership_of(request.actor, assessment)
    return render(
        request,
        "assessments/work.html",
        {
            "assessment": assessment,
            "member": member,
            "rows": rows,
            "material": material.material_for(request.actor, assessment, [r.item for r in rows]),
            "errors": errors or {},
            "problems": problems or [],
            "locked": not permissions.can_score(request.actor, assessment),
        },
        status=status,
    )


def _material_assessment(request: AuthenticatedRequest, assessment_id: int):
    assessment = permissions.get_assessment(request.actor, assessment_id)
    member = permissions.membership_of(request.actor, assessment)
    if member is None:
        raise PermissionDenied
    return assessment, member


@login_required
def work(request: AuthenticatedRequest, assessment_id: int) -> HttpResponse:
    """One's own individual assessment: every criterion on one page."""
    assessment, member = _material_assessment(request, assessment_id)
    if not member.has_declared:
        messages.info(request, _("Sign the declaration before you read the material."))
        return redirect(material.declaration_url(assessment))
    if assessment.status == Status.PREPARATION:
        messages.info(request, _("Individual assessment has not started yet."))
        return redirect("assessments:detail", assessment.pk)
    if request.method == "POST":
        if not permissions.can_score(request.actor, assessment):
            raise PermissionDenied
        errors = _save_items(request, assessment, selectors.scope_of(assessment))
        if errors:
            return _work_page(request, assessment, errors=errors, status=400)
        if "submit" in request.POST:
            try:
                services.submit_individual(actor=request.actor, assessment=assessment)
            except ValidationError as error:
                return _work_page(request, assessment, problems=error.messages, status=400)
            messages.success(request, _("Your assessment is submitted and locked."))
            return redirect("assessments:detail", assessment.pk)
        messages.success(request, _("Saved."))
        return redirect("assessments:work", assessment.pk)
    return _work_page(request, assessment)


@login_required
@require_POST
def work_item(request: AuthenticatedRequest, assessment_id: int, item_id: int) -> HttpResponse:
    """htmx: save one criterion of one's own work and answer with its save state."""
    assessment, member = _material_assessment(request, assessment_id)
    item = assessment.scope.select_related("criterion").filter(pk=item_id).first()
    if item is None:
        raise Http404
    if member.submitted_at is not None:
        # A save still on its way when the person pressed Submit: the submitted work stands.
        return render(
            request,
            "assessments/work.html#save_state",
            {"item": item, "item_errors": [_("Your assessment is submitted; nothing changed.")]},
            status=409,
        )
    errors: list[str] = []
    try:
        services.save_individual_score(
            actor=request.actor, assessment=assessment, item=item, **_read_item(request.POST, item)
        )
    except ValidationError as error:
        errors = error.messages
    return render(
        request,
        "assessments/work.html#save_state",
        {"item": item, "item_errors": errors, "saved_at": None if errors else clock.now()},
        status=400 if errors else 200,
    )


# --- consensus -------------------------------------------------------------------------------


@login_required
def start_consensus(request: AuthenticatedRequest, assessment_id: int) -> HttpResponse:
    actor = request.actor
    assessment = permissions.get_assessment_for(actor, assessment_id, permissions.is_chair)
    form = forms.StartConsensusForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.start_consensus(
                actor=actor, assessment=assessment, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Consensus has started."))
            return redirect("assessments:consensus", assessment.pk)
    return render(
        request,
        "assessments/start_consensus.html",
        {
            "assessment": assessment,
            "form": form,
            "progress": selectors.panel_progress(actor, assessment),
        },
    )


def _consensus_context(request, assessment) -> dict:
    rows = selectors.consensus_rows(request.actor, assessment)
    return {
        "assessment": assessment,
        "rows": rows,
        "material": material.material_for(request.actor, assessment, [r.item for r in rows]),
        "can_edit": permissions.can_edit_consensus(request.actor, assessment),
        "is_chair": permissions.is_chair(request.actor, assessment),
    }


@login_required
def consensus(request: AuthenticatedRequest, assessment_id: int) -> HttpResponse:
    actor = request.actor
    assessment = permissions.get_assessment_for(
        actor, assessment_id, permissions.can_see_all_individual_work
    )
    return render(request, "assessments/consensus.html", _consensus_context(request, assessment))


@login_required
@require_POST
def consensus_item(request: AuthenticatedRequest, assessment_id: int, item_id: int) -> HttpResponse:
    """Save the consensus of one criterion (htmx swaps the criterion's section; without JS the
    page is redirected to, or shown again with the problem)."""
    actor = request.actor
    assessment = permissions.get_assessment_for(
        actor, assessment_id, permissions.can_edit_consensus
    )
    rows = selectors.consensus_rows(actor, assessment)
    row = next((r for r in rows if r.item.pk == item_id), None)
    if row is None:
        raise Http404
    _apply_consensus_post(actor, assessment, row, request.POST)
    ok = not row.errors and row.conflict is None
    status = 200 if ok else (409 if row.conflict else 400)
    if request.htmx:
        return render(
            request,
            "assessments/consensus.html#criterion",
            {
                "assessment": assessment,
                "row": row,
                "can_edit": True,
                "material": material.material_for(actor, assessment, [row.item]),
            },
            status=status,
        )
    if ok:
        messages.success(
            request,
            _("The consensus for %(code)s was saved.") % {"code": row.item.criterion.code},
        )
        url = reverse("assessments:consensus", args=[assessment.pk])
        return redirect(f"{url}#item-{row.item.pk}")
    context = _consensus_context(request, assessment)
    context["rows"] = [row if r.item.pk == row.item.pk else r for r in context["rows"]]
    return render(request, "assessments/consensus.html", context, status=status)


def _apply_consensus_post(actor, assessment, row: selectors.ConsensusRow, data) -> None:
    """Try to save the posted consensus; leave the outcome on the row."""
    row.submitted = {
        key: data.get(key, "") for key in ("percent", "rationale", "strengths", "improvements")
    }
    try:
        revision = int(data.get("revision", ""))
    except ValueError:
        row.errors = {"revision": [_("The form is out of date. Reload the page and try again.")]}
        return
    try:
        raw = (data.get("percent") or "").strip()
        percent = int(raw) if raw else None
    except ValueError:
        row.errors = {"percent": [_("Choose one of the steps of the scale.")]}
        return
    try:
        row.consensus = services.save_consensus(
            actor=actor,
            assessment=assessment,
            item=row.item,
            percent=percent,
            rationale=data.get("rationale", ""),
            strengths=scoring.split_lines(data.get("strengths", "")),
            improvements=scoring.split_lines(data.get("improvements", "")),
            revision=revision,
            suggested=row.suggested,
        )
    except services.ConsensusConflict as clash:
        row.conflict = clash.current
    except ValidationError as error:
        row.errors = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
    else:
        row.submitted = {}
        row.just_saved = True


@login_required
@require_POST
def finalise(request: AuthenticatedRequest, assessment_id: int) -> HttpResponse:
    actor = request.actor
    assessment = permissions.get_assessment_for(actor, assessment_id, permissions.is_chair)
    try:
        services.finalise(actor=actor, assessment=assessment)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("assessments:consensus", assessment.pk)
    messages.success(request, _("The assessment is final. The feedback report is ready."))
    return redirect("assessments:report", assessment.pk)


# --- the feedback report ---------------------------------------------------------------------


def _report_context(request, assessment_id: int) -> dict:
    actor = request.actor
    assessment = permissions.get_assessment_for(actor, assessment_id, permissions.can_view_report)
    report = selectors.feedback_report(actor, assessment)
    assert report is not None
    return {"assessment": assessment, "report": report, "chart": group_chart(report)}


@login_required
def report(request: AuthenticatedRequest, assessment_id: int) -> HttpResponse:
    return render(request, "assessments/report.html", _report_context(request, assessment_id))


@login_required
def report_pdf(request: AuthenticatedRequest, assessment_id: int) -> HttpResponse:
    context = _report_context(request, assessment_id)
    content = render_pdf("pdf/assessment_report.html", context, request=request)
    return pdf_response(content, context["assessment"].title)
