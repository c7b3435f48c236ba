"""The award pages: the buyer's award page (calculation, sensitivity, decision, reviews) and the
tenderer's decision and feedback page. Thin: permissions, selectors and services decide."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from rodtrad.accounts.actor import Actor
from rodtrad.award import exports, permissions, report, selectors, services
from rodtrad.award.calculation import AwardNotReady
from rodtrad.award.forms import DecisionForm, ReviewForm, ReviewOutcomeForm
from rodtrad.award.models import ReviewRequest
from rodtrad.common.forms import add_service_errors
from rodtrad.common.http import AuthenticatedRequest, file_download
from rodtrad.common.pdf import pdf_response, render_pdf
from rodtrad.common.spreadsheets import ExportRequestError


def _crumbs(procurement, *more):
    return [
        (gettext_lazy("Procurements"), reverse("procurements:list")),
        (procurement.title, reverse("procurements:detail", args=[procurement.pk])),
        *more,
    ]


def _lotteries(page: selectors.AwardPage) -> list[tuple[int, str, list[tuple[str, str]]]]:
    """The lots whose first place is shared beyond the tie-break: a lottery field each."""
    found = []
    for lot_award in page.calculation.lots if page.calculation else []:
        if lot_award.result.lottery_needed:
            label = (
                _("Tender drawn by lottery, lot %(number)s") % {"number": lot_award.lot.number}
                if page.several_lots
                else _("Tender drawn by lottery")
            )
            choices = [(key, lot_award.name(key)) for key in lot_award.result.winner_keys]
            found.append((lot_award.lot.pk, label, choices))
    return found


def _render(request, procurement, *, decision_form=None, review_form=None, status=200):
    page = selectors.award_page(request.actor, procurement)
    return render(
        request,
        "award/award.html",
        {
            "procurement": procurement,
            "page": page,
            "decision_form": decision_form or DecisionForm(lotteries=_lotteries(page)),
            "review_form": review_form or ReviewForm(),
            "reviews": [
                (
                    r,
                    ReviewOutcomeForm(auto_id=f"id_review{r.pk}_%s")
                    if r.is_open and page.can_record_review
                    else None,
                )
                for r in page.reviews
            ],
            "crumbs": _crumbs(procurement, (gettext_lazy("Award"), "")),
        },
        status=status,
    )


@login_required
@require_safe
def award_page(request: AuthenticatedRequest, procurement_id: int) -> HttpResponse:
    procurement = permissions.get_award(request.actor, procurement_id)
    return _render(request, procurement)


@login_required
@require_POST
def decide(request: AuthenticatedRequest, procurement_id: int) -> HttpResponse:
    procurement = permissions.get_award_for(request.actor, procurement_id, permissions.can_decide)
    page = selectors.award_page(request.actor, procurement)
    form = DecisionForm(request.POST, lotteries=_lotteries(page))
    if form.is_valid():
        drawn = {
            int(name.removeprefix("lottery_")): int(value)
            for name, value in form.cleaned_data.items()
            if name.startswith("lottery_") and value
        }
        try:
            services.sign_decision(
                actor=request.actor,
                procurement=procurement,
                lottery_winners=drawn,
                justification=form.cleaned_data["justification"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The award decision is signed and sent to every tenderer. The standstill runs."),
            )
            return redirect("award:award", procurement.pk)
    return _render(request, procurement, decision_form=form, status=400)


@login_required
@require_POST
def review(request: AuthenticatedRequest, procurement_id: int) -> HttpResponse:
    procurement = permissions.get_award_for(
        request.actor, procurement_id, permissions.can_record_review
    )
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.record_review(
                actor=request.actor, procurement=procurement, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The request for review is recorded."))
            return redirect("award:award", procurement.pk)
    return _render(request, procurement, review_form=form, status=400)


@login_required
@require_POST
def review_outcome(
    request: AuthenticatedRequest, procurement_id: int, review_id: int
) -> HttpResponse:
    procurement = permissions.get_award_for(
        request.actor, procurement_id, permissions.can_record_review
    )
    found = ReviewRequest.objects.filter(procurement=procurement, pk=review_id).first()
    if found is None:
        raise Http404
    form = ReviewOutcomeForm(request.POST)
    if form.is_valid():
        try:
            services.record_review_outcome(
                actor=request.actor,
                review=found,
                outcome=form.cleaned_data["outcome"],
                outcome_on=form.cleaned_data["outcome_on"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The outcome of the review is recorded."))
    else:
        messages.error(request, _("Choose the outcome and give the date of the court's decision."))
    return redirect("award:award", procurement.pk)


def procurement_report_pdf(actor: Actor, procurement_id: int) -> HttpResponse:
    """The procurement report (LOU 12 kap. 14 §) once the award decision is signed, for the
    readers of the award page; 404 before the decision. Shared by the page and the API."""
    procurement = permissions.get_award(actor, procurement_id)
    data = report.procurement_report(procurement)
    if data is None:
        raise Http404
    content = render_pdf(
        "pdf/procurement_report.html", {"report": data, "LANGUAGE_CODE": get_language()}
    )
    return pdf_response(
        content, _("Procurement report %(reference)s") % {"reference": procurement.reference_number}
    )


@login_required
@require_safe
def report_pdf(request: AuthenticatedRequest, procurement_id: int) -> HttpResponse:
    return procurement_report_pdf(request.actor, procurement_id)


@login_required
@require_safe
def tender_decision(request: AuthenticatedRequest, tender_id: int) -> HttpResponse:
    tender = permissions.get_tender_for_decision(request.actor, tender_id)
    return render(
        request,
        "award/tender_decision.html",
        {
            "tender": tender,
            "view": selectors.tender_decision(tender),
            "crumbs": [
                (gettext_lazy("Tenders"), reverse("tenders:list")),
                (tender.procurement.title, reverse("tenders:tender", args=[tender.pk])),
                (gettext_lazy("Award decision"), ""),
            ],
        },
    )


def tender_feedback_pdf_response(actor: Actor, tender_id: int) -> HttpResponse:
    """The tenderer's decision page as a PDF (the decision, the ranking, its own
    disqualification or its own consensus per criterion beside the winner's), with the
    page's permission. Shared by the page and the API."""
    tender = permissions.get_tender_for_decision(actor, tender_id)
    content = render_pdf(
        "pdf/tender_feedback.html",
        {
            "tender": tender,
            "view": selectors.tender_decision(tender),
            "LANGUAGE_CODE": get_language(),
        },
    )
    return pdf_response(
        content,
        _("Award decision %(reference)s %(tenderer)s")
        % {"reference": tender.procurement.reference_number, "tenderer": tender.organisation.name},
    )


@login_required
@require_safe
def tender_feedback_pdf(request: AuthenticatedRequest, tender_id: int) -> HttpResponse:
    return tender_feedback_pdf_response(request.actor, tender_id)


def export_response(
    *, actor: Actor, procurement_id: int, kind: str, file_format: str
) -> HttpResponse:
    """The award calculation as a download, recorded in the audit log (shared with the API).
    Raises ExportRequestError for an unknown kind or format and AwardNotReady while there is
    no calculation, both after the permission check."""
    procurement = permissions.get_award_export(actor, procurement_id)
    exports.check_request(kind=kind, file_format=file_format)
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
    """The ranking or the breakdown as CSV, or both in one XLSX workbook, for the award page's
    readers who may see the prices."""
    try:
        return export_response(
            actor=request.actor, procurement_id=procurement_id, kind=kind, file_format=format
        )
    except ExportRequestError as error:
        return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
    except AwardNotReady as error:
        return HttpResponseBadRequest(error.message, content_type="text/plain; charset=utf-8")
