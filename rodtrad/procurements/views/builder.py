"""The buyer's side of a procurement: the list, a new draft, the procurement page (the four
phases and the builder's task list) and one page per builder section, the red-thread check,
publication, the published versions and cancelling.

Thin views (ARCHITECTURE.md): an accessor from permissions.py gets the procurement (404 for
anyone who may not know it exists, 403 for a write by someone who may only read), a form parses
the input, a service writes, a selector reads.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST, require_safe

from rodtrad.accounts import permissions as account_permissions
from rodtrad.accounts.models import Organisation, User
from rodtrad.archive import permissions as archive_permissions
from rodtrad.common.forms import add_service_errors
from rodtrad.common.http import AuthenticatedRequest
from rodtrad.common.pdf import pdf_response
from rodtrad.procurements import documents, forms, permissions, redthread, selectors, services
from rodtrad.procurements.models import (
    AwardCriterion,
    BuyerSettings,
    EvaluationKind,
    Goal,
    LibraryRequirement,
    Lot,
    PlannedIndicator,
    Procurement,
    ProcurementStatus,
    Requirement,
    SimulatedTender,
)
from rodtrad.qualitymodels.models import Criterion
from rodtrad.qualitymodels.selectors import trained_user_ids

S = ProcurementStatus
Crumbs = list[tuple[str | Promise, str]]

# The builder's sections, in the order of the task list, with their page's URL name.
SECTIONS: dict[str, tuple[Promise, str]] = {
    "basics": (gettext_lazy("Basics"), "procurements:basics"),
    "lots": (gettext_lazy("Lots"), "procurements:lots"),
    "team": (gettext_lazy("Team"), "procurements:team"),
    "goals": (gettext_lazy("Goals"), "procurements:goals"),
    "requirements": (gettext_lazy("Mandatory requirements"), "procurements:requirements"),
    "criteria": (gettext_lazy("Award criteria"), "procurements:criteria"),
    "partnership": (gettext_lazy("Partnership and follow-up"), "procurements:partnership"),
    "indicators": (gettext_lazy("Planned indicators"), "procurements:indicators"),
    "evaluation": (gettext_lazy("Evaluation model"), "procurements:evaluation"),
    "simulation": (gettext_lazy("Simulation"), "procurements:simulation"),
    "check": (gettext_lazy("Red-thread check"), "procurements:check"),
    "publish": (gettext_lazy("Publish"), "procurements:publish"),
    "versions": (gettext_lazy("Published versions"), "procurements:versions"),
    "cancel": (gettext_lazy("Cancel the procurement"), "procurements:cancel"),
}
TASK_SECTIONS = (
    "basics",
    "lots",
    "team",
    "goals",
    "requirements",
    "criteria",
    "partnership",
    "indicators",
    "evaluation",
    "simulation",
)
# Parts of phase A live outside the procurement (red-thread problems point there).
PREPARATION = {
    "training": (gettext_lazy("Training in the model"), "qualitymodels:training_list"),
    "preparation": (gettext_lazy("Self-assessments"), "assessments:list"),
}
CHECK_GROUPS = {
    0: gettext_lazy("The documents are complete"),
    1: gettext_lazy("Goals, award criteria and indicators"),
    2: gettext_lazy("Mandatory requirements"),
    3: gettext_lazy("The model is worked in"),
    4: gettext_lazy("The partnership from the start"),
    5: gettext_lazy("Everyone is trained in the model"),
    6: gettext_lazy("The buyer has assessed itself"),
    7: gettext_lazy("Result criteria"),
    8: gettext_lazy("The follow-up plan"),
    9: gettext_lazy("Price does not silently decide"),
}
AMOUNT_KINDS = (EvaluationKind.VALUE_ADDED, EvaluationKind.SURCHARGE)


def section_url(procurement: Procurement, section: str) -> str:
    if section in PREPARATION:
        return reverse(PREPARATION[section][1])
    return reverse(SECTIONS[section][1], args=[procurement.pk])


def section_title(section: str) -> str:
    titles = {**SECTIONS, **PREPARATION}
    return str(titles[section][0]) if section in titles else section


def _amount_label(procurement: Procurement) -> str | None:
    if procurement.evaluation_kind == EvaluationKind.VALUE_ADDED:
        return _("Price deduction for full marks (SEK)")
    if procurement.evaluation_kind == EvaluationKind.SURCHARGE:
        return _("Price surcharge for a complete shortfall (SEK)")
    return None


# --- access and page scaffolding ----------------------------------------------------------------


def _procurement(request: AuthenticatedRequest, procurement_id: int) -> Procurement:
    """The working copy: for reading on GET, for editing on any other method (403 if the
    person may only read)."""
    if request.method == "POST":
        return permissions.get_for_editing(request.actor, procurement_id)
    return permissions.get_for_buyer(request.actor, procurement_id)


def _crumbs(procurement: Procurement, *more: tuple[str | Promise, str]) -> Crumbs:
    return [
        (gettext_lazy("Procurements"), reverse("procurements:list")),
        (procurement.title, reverse("procurements:detail", args=[procurement.pk])),
        *more,
    ]


def _section_crumbs(procurement: Procurement, section: str) -> Crumbs:
    return _crumbs(procurement, (SECTIONS[section][0], section_url(procurement, section)))


def _context(request: AuthenticatedRequest, procurement: Procurement, section: str, **extra):
    can_edit = permissions.can_edit(request.actor, procurement)
    return {
        "procurement": procurement,
        "section": section,
        "section_title": SECTIONS[section][0],
        "crumbs": _crumbs(procurement),
        "can_edit": can_edit,
        "is_draft": procurement.status == S.DRAFT,
        **extra,
    }


def _fixed_reason(procurement: Procurement) -> str:
    return _(
        "The procurement is published: the quality model, the award criteria and the evaluation "
        "model are fixed. Changing them would make a new procurement; cancel this one and start "
        "again if they must change."
    )


def _readonly_reason(request: AuthenticatedRequest, procurement: Procurement) -> str:
    if procurement.status in (S.CANCELLED, S.CONTRACTED):
        return _(
            "The procurement’s status is “%(status)s”: its documents can no longer be changed."
        ) % {"status": procurement.get_status_display()}
    return _("You can read this part; the procurement officers on the team change it.")


def _saved(request: AuthenticatedRequest, text: str | None = None) -> None:
    messages.success(request, text or _("Saved."))


def _form_page(
    request: AuthenticatedRequest,
    procurement: Procurement,
    section: str,
    *,
    form: django_forms.BaseForm,
    title: str,
    submit: str,
    lead: str = "",
    status: int = 200,
    template: str = "procurements/form_page.html",
    **extra: Any,
) -> HttpResponse:
    context = _context(request, procurement, section, **extra)
    context.update(
        form=form,
        title=title,
        submit=submit,
        lead=lead,
        crumbs=_section_crumbs(procurement, section),
        cancel_url=section_url(procurement, section),
    )
    return render(request, template, context, status=status)


def _delete_page(
    request: AuthenticatedRequest,
    procurement: Procurement,
    section: str,
    part: Any,
    *,
    title: str,
    explanation: str,
) -> HttpResponse:
    error = ""
    if request.method == "POST":
        try:
            services.delete_part(actor=request.actor, procurement=procurement, part=part)
        except ValidationError as problem:
            error = " ".join(problem.messages)
        else:
            messages.success(request, _("Removed."))
            return redirect(section_url(procurement, section))
    context = _context(request, procurement, section)
    context.update(
        title=title,
        explanation=explanation,
        error_message=error,
        crumbs=_section_crumbs(procurement, section),
        cancel_url=section_url(procurement, section),
    )
    return render(
        request, "procurements/confirm_delete.html", context, status=400 if error else 200
    )


def _child(queryset, pk: int):
    item = queryset.filter(pk=pk).first()
    if item is None:
        raise Http404
    return item


# --- the list and a new procurement -------------------------------------------------------------


@login_required
@require_safe
def procurement_list(request: AuthenticatedRequest) -> HttpResponse:
    actor = request.actor
    creatable = [org for org in actor.member_organisations() if permissions.can_create(actor, org)]
    procurements = list(selectors.buyer_procurements(actor))
    return render(
        request,
        "procurements/list.html",
        {
            "procurements": procurements,
            "creatable": creatable,
            "several_buyers": len({p.buyer_id for p in procurements}) > 1,
        },
    )


def _creatable(request: AuthenticatedRequest, organisation_id: int) -> Organisation:
    organisation = account_permissions.get_organisation_for_view(request.actor, organisation_id)
    if not permissions.can_create(request.actor, organisation):
        raise PermissionDenied
    return organisation


@login_required
def create(request: AuthenticatedRequest, organisation_id: int) -> HttpResponse:
    organisation = _creatable(request, organisation_id)
    form = forms.CreateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            procurement = services.create_procurement(
                actor=request.actor,
                buyer=organisation,
                title=form.cleaned_data["title"],
                reference_number=form.cleaned_data["reference_number"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("The procurement was created as a draft. Work through the tasks below.")
            )
            return redirect("procurements:detail", procurement.pk)
    return render(
        request,
        "procurements/create.html",
        {
            "form": form,
            "organisation": organisation,
            "crumbs": [(gettext_lazy("Procurements"), reverse("procurements:list"))],
        },
    )


# --- the procurement page: phases and the task list ---------------------------------------------


@dataclass
class Task:
    key: str
    title: str
    url: str
    status: str  # not_started, in_progress, done, problems
    blocking: int = 0
    warnings: int = 0
    hint: str = ""

    @property
    def status_label(self) -> str:
        return {
            "not_started": _("Not started"),
            "in_progress": _("In progress"),
            "done": _("Done"),
            "problems": _("Has problems"),
        }[self.status]


@dataclass
class PhaseItem:
    text: str
    done: bool | None = None  # None: a date or a fact, not a to-do
    url: str = ""


@dataclass
class Phase:
    letter: str
    title: str
    state: str  # done, current, incomplete, upcoming
    role: str
    items: list[PhaseItem] = field(default_factory=list)
    due: list[tuple[str, Any]] = field(default_factory=list)

    @property
    def state_label(self) -> str:
        return {
            "done": _("Done"),
            "current": _("Now"),
            "incomplete": _("Not finished"),
            "upcoming": _("Later"),
        }[self.state]


def _problem_counts(results: list[redthread.CheckResult]) -> dict[str, Counter[str]]:
    counts: dict[str, Counter[str]] = {}
    for result in results:
        if result.severity == redthread.ADVICE:
            continue
        for problem in result.problems:
            counts.setdefault(problem.section, Counter())[result.severity] += 1
    return counts


def _started(procurement: Procurement, facts: redthread.Facts) -> dict[str, bool]:
    evaluation_set = (
        procurement.evaluation_kind != EvaluationKind.VALUE_ADDED
        or procurement.weight_quality is not None
        or procurement.fixed_price is not None
        or any(c.amount for c in facts.criteria)
    )
    return {
        "basics": bool(
            procurement.description
            or procurement.cpv_codes
            or procurement.tender_deadline
            or procurement.estimated_value is not None
        ),
        "lots": True,
        "team": bool(facts.panel) or facts.opener_count > 0,
        "goals": bool(facts.goals),
        "requirements": bool(facts.requirements),
        "criteria": facts.has_model,
        "partnership": bool(facts.follow_up_description or facts.follow_up_months),
        "indicators": facts.indicator_count > 0,
        "evaluation": evaluation_set,
        "simulation": facts.simulated_tenders > 0,
    }


def build_tasks(
    procurement: Procurement,
    facts: redthread.Facts,
    results: list[redthread.CheckResult],
    lot_count: int,
) -> list[Task]:
    """The builder's sections with a status each: not started, in progress (warnings left),
    done, or has problems (a blocking item of the red-thread check)."""
    counts = _problem_counts(results)
    started = _started(procurement, facts)
    tasks = []
    for key in TASK_SECTIONS:
        if key == "lots" and lot_count <= 1:
            continue  # one lot: nobody has to think about lots
        found = counts.get(key, Counter())
        blocking, warnings = found[redthread.BLOCKING], found[redthread.WARNING]
        if blocking:
            status = "problems"
        elif not started[key]:
            status = "not_started"
        elif warnings:
            status = "in_progress"
        else:
            status = "done"
        hint = ""
        if key == "lots":
            hint = ngettext("%(count)s lot", "%(count)s lots", lot_count) % {"count": lot_count}
        elif key == "goals" and facts.goals:
            n = len(facts.goals)
            hint = ngettext("%(count)s goal", "%(count)s goals", n) % {"count": n}
        elif key == "requirements" and facts.requirements:
            n = len(facts.requirements)
            hint = ngettext(
                "%(count)s mandatory requirement", "%(count)s mandatory requirements", n
            ) % {"count": n}
        elif key == "criteria" and facts.criteria:
            n = len(facts.criteria)
            hint = ngettext("%(count)s award criterion", "%(count)s award criteria", n) % {
                "count": n
            }
        elif key == "simulation" and facts.simulated_tenders:
            n = facts.simulated_tenders
            hint = ngettext("%(count)s fictive tender", "%(count)s fictive tenders", n) % {
                "count": n
            }
        tasks.append(
            Task(
                key=key,
                title=str(SECTIONS[key][0]),
                url=section_url(procurement, key),
                status=status,
                blocking=blocking,
                warnings=warnings,
                hint=hint,
            )
        )
    return tasks


def _result(results: list[redthread.CheckResult], code: str) -> redthread.CheckResult | None:
    return next((r for r in results if r.code == code), None)


def build_phases(
    procurement: Procurement,
    facts: redthread.Facts,
    results: list[redthread.CheckResult],
    tasks: list[Task],
    versions: int,
) -> list[Phase]:
    """The four phases of DOMAIN.md section 5: where the procurement stands, what is done and
    due in each, and the model's role in each."""
    status = procurement.status
    during = (
        S.PUBLISHED,
        S.TENDERING_CLOSED,
        S.OPENED,
        S.EVALUATION,
        S.AWARD_DECIDED,
        S.STANDSTILL,
    )

    def ok(code: str) -> bool:
        result = _result(results, code)
        return bool(result and result.ok)

    buyer_id = procurement.buyer_id
    prep_items = [
        PhaseItem(
            _("Your organisation has assessed itself with the model"),
            ok("buyer_self_assessed"),
            reverse("assessments:create_self_assessment", args=[buyer_id]),
        ),
        PhaseItem(
            _("The panel is trained in the model"),
            ok("panel_trained") and bool(facts.panel),
            reverse("procurements:team", args=[procurement.pk]),
        ),
        PhaseItem(
            _("Training in the model is offered to potential tenderers"),
            ok("tenderers_trained"),
            reverse("qualitymodels:training_list"),
        ),
    ]
    prep_done = facts.has_model and all(item.done for item in prep_items)
    prep_state = "done" if prep_done else ("current" if status == S.DRAFT else "incomplete")
    if not facts.has_model:
        prep_items.insert(
            0,
            PhaseItem(
                _("Choose the quality model: preparation is measured against it"),
                False,
                reverse("procurements:criteria", args=[procurement.pk]),
            ),
        )

    done_tasks = sum(1 for t in tasks if t.status == "done")
    blocking = sum(len(r.problems) for r in results if r.blocking)
    doc_items = [
        PhaseItem(
            _("%(done)s of %(total)s sections done") % {"done": done_tasks, "total": len(tasks)},
            done_tasks == len(tasks),
        ),
        PhaseItem(
            _("No blocking items in the red-thread check")
            if not blocking
            else ngettext(
                "%(count)s blocking item in the red-thread check",
                "%(count)s blocking items in the red-thread check",
                blocking,
            )
            % {"count": blocking},
            not blocking,
            reverse("procurements:check", args=[procurement.pk]),
        ),
    ]
    if procurement.published_at:
        doc_items.append(
            PhaseItem(
                ngettext(
                    "Published; %(count)s published version",
                    "Published; %(count)s published versions",
                    versions,
                )
                % {"count": versions},
                True,
                reverse("procurements:versions", args=[procurement.pk]),
            )
        )
    if status == S.DRAFT:
        doc_state = "current"
    elif procurement.published_at:
        doc_state = "done"
    else:
        doc_state = "incomplete"

    if status in during:
        tender_state = "current"
    elif status == S.CONTRACTED:
        tender_state = "done"
    elif status == S.CANCELLED and procurement.published_at:
        tender_state = "incomplete"
    else:
        tender_state = "upcoming"
    tender_items = []
    if status not in (S.DRAFT, S.CANCELLED):
        tender_items.append(PhaseItem(procurement.get_status_display(), status == S.CONTRACTED))

    follow_up = []
    if facts.follow_up_months:
        follow_up.append(
            PhaseItem(
                ngettext(
                    "Follow-up rounds every month",
                    "Follow-up rounds every %(months)s months",
                    facts.follow_up_months,
                )
                % {"months": facts.follow_up_months}
            )
        )
    if facts.follow_up_both_parties:
        follow_up.append(PhaseItem(_("Both buyer and provider are assessed in each round")))
    if facts.follow_up_baseline:
        follow_up.append(PhaseItem(_("The tender's consensus scores are the baseline")))

    return [
        Phase(
            "A",
            _("Preparation"),
            prep_state,
            _(
                "The model is an internal tool: the buyer assesses its own organisation with it "
                "and trains everyone involved – its own staff and potential tenderers."
            ),
            prep_items,
        ),
        Phase(
            "B",
            _("Procurement documents"),
            doc_state,
            _(
                "The model is the source of requirements in the documents: award criteria with "
                "guidance for this service, the partnership question and the follow-up plan."
            ),
            doc_items,
            [(_("Planned publication"), procurement.publication_date)],
        ),
        Phase(
            "C",
            _("Procurement"),
            tender_state,
            _(
                "The model is the evaluation instrument during tendering: each tender is "
                "assessed against its criteria and scale, individually and then in consensus."
            ),
            tender_items,
            [
                (_("Last day for questions"), procurement.questions_deadline),
                (_("Tender deadline"), procurement.tender_deadline),
                (_("Planned award decision"), procurement.planned_award_date),
            ],
        ),
        Phase(
            "D",
            _("Contract"),
            "current" if status == S.CONTRACTED else "upcoming",
            _(
                "The model is a shared development tool during the contract: buyer and provider "
                "follow up and improve together with it."
            ),
            follow_up,
            [
                (_("Contract starts"), procurement.contract_start),
                (_("Contract ends"), procurement.contract_end),
            ],
        ),
    ]


@login_required
@require_safe
def detail(request: AuthenticatedRequest, procurement_id: int) -> HttpResponse:
    procurement = permissions.get_for_buyer(request.actor, procurement_id)
    facts = selectors.red_thread_facts(procurement)
    results = redthread.check(facts)
    lot_count = procurement.lots.count()
    versions = procurement.document_versions.count() if procurement.published_at else 0
    tasks = build_tasks(procurement, facts, results, lot_count)
    blocking = [r for r in results if r.blocking and not r.ok]
    context = _context(request, procurement, "basics")
    context.update(
        crumbs=[(gettext_lazy("Procurements"), reverse("procurements:list"))],
        phases=build_phases(procurement, facts, results, tasks, versions),
        tasks=tasks,
        lot_count=lot_count,
        blocking_count=sum(len(r.problems) for r in blocking),
        warning_count=sum(len(r.problems) for r in results if r.severity == redthread.WARNING),
        versions=versions,
        can_archive=archive_permissions.can_archive(request.actor, procurement),
    )
    return render(request, "procurements/detail.html", context)


# --- basics and lots ----------------------------------------------------------------------------


@login_required
def basics(request: AuthenticatedRequest, procurement_id: int) -> HttpResponse:
    procurement = _procurement(request, procurement_id)
    initial = forms.BasicsForm.initial_for(procurement)
    form = forms.BasicsForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_basics(
                actor=request.actor,
                procurement=procurement,
                basics=services.Basics(**{k: data[k] for k in initial}),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            _saved(request)
            return redirect("procurements:detail", procurement.pk)
    can_edit = permissions.can_edit(request.actor, procurement)
    if not can_edit:
        forms.lock(form)
    return _form_page(
        request,
        procurement,
        "basics",
        form=form,
        title=str(SECTIONS["basics"][0]),
        submit=_("Save"),
        lead=_(
            "The service, its value and the timeline. Dates and times are Swedish time; the "
            "timeline goes forwards: publication, last day for questions, tender deadline."
        ),
        status=400 if form.errors else 200,
        template="procurements/basics.html",
        lot_count=procurement.lots.count(),
        readonly_reason="" if can_edit else _readonly_reason(request, procurement),
    )


@login_required
@require_safe
def lots(request: AuthenticatedRequest, procurement_id: int) -> HttpResponse:
    procurement = _procurement(request, procurement_id)
    rows = list(procurement.lots.order_by("number"))
    context = _context(request, procurement, "lots", lots=rows)
    context["crumbs"] = _crumbs(procurement)
    return render(request, "procurements/lots.html", context)


def _lot_page(
    request: AuthenticatedRequest, procurement: Procurement, lot: Lot | None
) -> HttpResponse:
    initial = {}
    if lot is not None:
        initial = {
            "title": lot.title,
            "description": lot.description,
            "estimated_value": forms._plain_amount(lot.estimated_value),
        }
    form = forms.LotForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_lot(
                actor=request.actor,
                procurement=procurement,
                lot=lot,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                estimated_value=form.cleaned_data["estimated_value"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            _saved(request)
            return redirect("procurements:lots", procurement.pk)
    if not permissions.can_edit(request.actor, procurement):
        forms.lock(form)
    if lot is None:
        title = _("Add a lot")
        lead = _(
            "A lot (delområde) is a part of the procurement that is tendered, evaluated and "
            "awarded on its own, for example one care home."
        )
    else:
        title = _("Lot %(number)s") % {"number": lot.number}
        lead = ""
    return _form_page(
        request,
        procurement,
        "lots",
        form=form,
        title=title,
        submit=_("Save the lot"),
        lead=lead,
        status=400 if form.errors else 200,
    )


@login_required
def lot_new(request: AuthenticatedRequest, procurement_id: int) -> HttpResponse:
    return _lot_page(request, _procurement(request, procurement_id), None)


@login_required
def lot_edit(request: AuthenticatedRequest, procurement_id: int, lot_id: int) -> HttpResponse:
    procurement = _procurement(request, procurement_id)
    return _lot_page(request, procurement, _child(procurement.lots, lot_id))


@login_required
def lot_delete(request: AuthenticatedRequest, procurement_id: int, lot_id: int) -> HttpResponse:
    procurement = _procurement(request, procurement_id)
    lot = _child(procurement.lots, lot_id)
    error = ""
    if request.method == "POST":
        try:
            services.delete_lot(actor=request.actor, procurement=procurement, lot=lot)
        except ValidationError as problem:
            error = " ".join(problem.messages)
        else:
            messages.success(request, _("The lot was removed."))
            return redirect("procurements:lots", procurement.pk)
    context = _context(request, procurement, "lots")
    context.update(
        title=_("Remove lot %(number)s?") % {"number": lot.number},
        explanation=_("“%(title)s” and its own evaluation values are removed.")
        % {"title": lot.title},
        error_message=error,
        crumbs=_section_crumbs(procurement, "lots"),
        cancel_url=section_url(procurement, "lots"),
    )
    return render(
        request, "procurements/confirm_delete.html", context, status=400 if error else 200
    )


@login_required
def lot_evaluation(request: AuthenticatedRequest, procurement_id: int, lot_id: int) -> HttpResponse:
    procurement = _procurement(request, procurement_id)
    lot = _child(procurement.lots, lot_id)
    criteria = selectors.award_criteria(procurement)
    values = {v.award_criterion_id: v for v in lot.criteria.all()}
    initial: dict[str, Any] = {"own": lot.own_evaluation}
    for award in criteria:
        own = values.get(award.pk)
        initial[f"points-{award.pk}"] = forms._plain_amount(own.points if own else award.points)
        initial[f"amount-{award.pk}"] = forms._plain_amount(own.amount if own else award.amount)
    if lot.weight_quality is not None:
        initial["weight_quality"] = forms._plain_amount(lot.weight_quality * 100)
    form = forms.LotEvaluationForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        criteria=criteria,
        amounts=procurement.evaluation_kind in AMOUNT_KINDS,
        weights=procurement.evaluation_kind == EvaluationKind.WEIGHTED_RELATIVE,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.set_lot_evaluation(
                actor=request.actor,
                procurement=procurement,
                lot=lot,
                own=form.cleaned_data["own"],
                points=form.point_values(),
                amounts=form.amount_values(),
                weight_quality=form.cleaned_data.get("weight_quality"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            _saved(request)
            return redirect("procurements:lots", procurement.pk)
    can_edit = permissions.can_edit(request.actor, procurement)
    fixed = procurement.status != S.DRAFT
    if (not can_edit or fixed) and request.method != "POST":
        forms.lock(form)
    return _form_page(
        request,
        procurement,
        "lots",
        form=form,
        title=_("Evaluation of lot %(number)s") % {"number": lot.number},
        submit=_("Save the lot's evaluation"),
        lead=_(
            "A lot may have its own points per award criterion, its own deduction or surcharge "
            "amounts and its own weights. Otherwise it is evaluated like the whole procurement."
        ),
        status=400 if form.errors else 200,
        readonly_reason=_fixed_reason(procurement)
        if fixed
        else ("" if can_edit else _readonly_reason(request, procurement)),
        locked=fixed or not can_edit,
    )


# --- team ---------------------------------------------------------------------------------------


@login_required
def team(request: AuthenticatedRequest, procurement_id: int) -> HttpResponse:
    procurement = _procurement(request, procurement_id)
    people = list(
        User.objects.filter(memberships__organisation=procurement.buyer_id, is_active=True)
        .distinct()
        .order_by("full_name", "email")
    )
    current: dict[int, set[str]] = {}
    for member in procurement.team.all():
        current.setdefault(member.user_id, set()).add(member.role)
    trained = None
    if procurement.model_version is not None:
        trained = trained_user_ids(procurement.model_version.model_id, [p.pk for p in people])
    form = forms.TeamForm(
        request.POST if request.method == "POST" else None,
        people=people,
        current=current,
        trained=trained,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.set_team(
                actor=request.actor, procurement=procurement, assignments=form.assignments()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            _saved(request, _("The team was saved."))
            return redirect("procurements:detail", procurement.pk)
    can_edit = permissions.can_edit(request.actor, procurement)
    if not can_edit:
        forms.lock(form)
    return _form_page(
        request,
        procurement,
        "team",
        form=form,
        title=str(SECTIONS["team"][0]),
        submit=_("Save the team"),
        lead=_(
            "Tick each person's roles in this procurement. Tenders are opened by at least two "
            "openers; the panel is a chair and evaluators, all trained in the model."
        ),
        status=400 if form.errors else 200,
        readonly_reason="" if can_edit else _readonly_reason(request, procurement),
    )


# --- goals --------------------------------------------------------------------------------------


@login_required
@require_safe
def goals(request: AuthenticatedRequest, procurement_id: int) -> HttpResponse:
    procurement = _procurement(request, procurement_id)
    rows = list(
        procurement.goals.prefetch_related(
            Prefetch(
                "criteria",
                queryset=AwardCriterion.objects.select_related("criterion").order_by("order"),
            ),
            "indicators",
        ).order_by("order", "id")
    )
    context = _context(request, procurement, "goals", goals=rows, form=forms.GoalForm())
    return render(request, "procurements/goals.html", context)


def _goal_page(
    request: AuthenticatedRequest, procurement: Procurement, goal: Goal | None
) -> HttpResponse:
    initial = {"text": goal.text} if goal else {}
    form = forms.GoalForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_goal(
                actor=request.actor,
                procurement=procurement,
                goal=goal,
                text=form.cleaned_data["text"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            _saved(request, _("The goal was saved."))
            return redirect("procurements:goals", procurement.pk)
    if not permissions.can_edit(request.actor, procurement):
        forms.lock(form)
    return _form_page(
        request,
        procurement,
        "goals",
        form=form,
        title=_("Goal %(code)s") % {"code": goal.code} if goal else _("Add a goal"),
        submit=_("Save the goal"),
        status=400 if form.errors else 200,
    )


@login_required
def goal_new(request: AuthenticatedRequest, procurement_id: int) -> HttpResponse:
    return _goal_page(request, _procurement(request, procurement_id), None)


@login_required
def goal_edit(request: AuthenticatedRequest, procurement_id: int, goal_id: int) -> HttpResponse:
    procurement = _procurement(request, procurement_id)
    return _goal_page(request, procurement, _child(procurement.goals, goal_id))


@login_required
def goal_delete(request: AuthenticatedRequest, procurement_id: int, goal_id: int) -> HttpResponse:
    procurement = _procurement(request, procurement_id)
    goal = _child(procurement.goals, goal_id)
    return _delete_page(
        request,
        procurement,
        "goals",
        goal,
        title=_("Remove goal %(code)s?") % {"code": goal.code},
        explanation=_("Its links to award criteria and indicators are removed too."),
    )


# --- mandatory requirements and the library -----------------------------------------------------


def _max_requirements(organisation_id: int) -> int:
    settings = BuyerSettings.objects.filter(organisation_id=organisation_id).first()
    return (settings or BuyerSettings()).max_requirements


@login_required
@require_safe
def requirements(request: AuthenticatedRequest, procurement_id: int) -> HttpResponse:
    procurement = _procurement(request, procurement_id)
    rows = list(procurement.requirements.order_by("order", "id"))
    limit = _max_requirements(procurement.buyer_id)
    context = _context(
        request,
        procurement,
        "requirements",
        requirements=rows,
        limit=limit,
        over_limit=len(rows) > limit,
    )
    return render(request, "procurements/requirements.html", context)


def _requirement_page(
    request: AuthenticatedRequest, procurement: Procurement, requirement: Requirement | None
) -> HttpResponse:
    initial = forms.RequirementForm.initial_for(requirement) if requirement else {}
    form = forms.RequirementForm(
        request.POST if request.method == "POST" else None, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_requirement(
                actor=request.actor,
                procurement=procurement,
                requirement=requirement,
                data=form.cleaned_data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            _saved(request, _("The requirement was saved."))
            return redirect("procurements:requirements", procurement.pk)
    if not permissions.can_edit(request.actor, procurement):
        forms.lock(form)
    return _form_page(
        request,
        procurement,
        "requirements",
        form=form,
        title=f"{requirement.code} {requirement.title}"
        if requirement
        else _("Add a mandatory requirement"),
        submit=_("Save the requirement"),
        lead=_(
            "Keep mandatory requirements few and functional, and say for each the minimum "
            "acceptable level and how, how often and by whom it is followed up."
        ),
        status=400 if form.errors else 200,
    )


@login_required
def requirement_new(request: AuthenticatedRequest, procurement_id: int) -> HttpResponse:
    return _requirement_page(request, _procurement(request, procurement_id), None)


@login_required
def requirement_edit(
    request: AuthenticatedRequest, procurement_id: int, requirement_id: int
) -> HttpResponse:
    procurement = _procurement(request, procurement_id)
    return _requirement_page(request, procurement, _child(procurement.requirements, requirement_id))


@login_required
def requirement_delete(
    request: AuthenticatedRequest, procurement_id: int, requirement_id: int
) -> HttpResponse:
    procurement = _procurement(request, procurement_id)
    requirement = _child(procurement.requirements, requirement_id)
    return _delete_page(
        request,
        procurement,
        "requirements",
        requirement,
        title=_("Remove %(code)s %(title)s?")
        % {"code": requirement.code, "title": requirement.title},
        explanation=_("The requirement is removed from this procurement, not from the library."),
    )


@login_required
def requirements_from_library(request: AuthenticatedRequest, procurement_id: int) -> HttpResponse:
    procurement = _procurement(request, procurement_id)
    form = forms.LibraryPickForm(
        request.POST if request.method == "POST" else None, organisation=procurement.buyer
    )
    if request.method == "POST" and form.is_valid():
        try:
            for item in form.cleaned_data["items"]:
                services.add_requirement_from_library(
                    actor=request.actor, procurement=procurement, item=item
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            count = len(form.cleaned_data["items"])
            messages.success(
                request,
                ngettext(
                    "%(count)s requirement was added from the library.",
                    "%(count)s requirements were added from the library.",
                    count,
                )
                % {"count": count},
            )
            return redirect("procurements:requirements", procurement.pk)
    if not permissions.can_edit(request.actor, procurement):
        forms.lock(form)
    return _form_page(
        request,
        procurement,
        "requirements",
        form=form,
        title=_("Add requirements from the library"),
        submit=_("Add the chosen requirements"),
        lead=_(
            "Your organisation's reusable requirements. Each is copied into the procurement, "
            "where you can adapt it."
        ),
        status=400 if form.errors else 200,
        template="procurements/library_pick.html",
        library_url=reverse("procurements:library", args=[procurement.buyer_id]),
    )


@login_required
@require_POST
def requirement_to_library(
    request: AuthenticatedRequest, procurement_id: int, requirement_id: int
) -> HttpResponse:
    procurement = _procurement(request, procurement_id)
    requirement = _child(procurement.requirements, requirement_id)
    try:
        services.save_library_requirement(
            actor=request.actor,
            organisation=procurement.buyer,
            item=None,
            data=forms.RequirementForm.initial_for(requirement),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(code)s was saved to %(buyer)s's requirement library.")
            % {"code": requirement.code, "buyer": procurement.buyer.name},
        )
    return redirect("procurements:requirements", procurement.pk)


def _library_organisation(request: AuthenticatedRequest, organisation_id: int) -> Organisation:
    """The organisation whose library is managed: buyers' administrators and procurement
    officers; other members get 403, everyone else 404."""
    return _creatable(request, organisation_id)


def _library_crumbs(organisation: Organisation) -> Crumbs:
    return [
        (gettext_lazy("Procurements"), reverse("procurements:list")),
        (
            gettext_lazy("Requirement library"),
            reverse("procurements:library", args=[organisation.pk]),
        ),
    ]


@login_required
@require_safe
def library(request: AuthenticatedRequest, organisation_id: int) -> HttpResponse:
    organisation = _library_organisation(request, organisation_id)
    items = list(LibraryRequirement.objects.filter(organisation=organisation).order_by("title"))
    return render(
        request,
        "procurements/library.html",
        {
            "organisation": organisation,
            "items": items,
            "crumbs": [(gettext_lazy("Procurements"), reverse("procurements:list"))],
        },
    )


def _library_item_page(
    request: AuthenticatedRequest, organisation: Organisation, item: LibraryRequirement | None
) -> HttpResponse:
    initial = forms.RequirementForm.initial_for(item) if item else {}
    form = forms.RequirementForm(
        request.POST if request.method == "POST" else None, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_library_requirement(
                actor=request.actor, organisation=organisation, item=item, data=form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            _saved(request, _("The library requirement was saved."))
            return redirect("procurements:library", organisation.pk)
    return render(
        request,
        "procurements/library_form.html",
        {
            "form": form,
            "organisation": organisation,
            "title": item.title if item else _("Add a requirement to the library"),
            "crumbs": _library_crumbs(organisation),
            "cancel_url": reverse("procurements:library", args=[organisation.pk]),
        },
        status=400 if form.errors else 200,
    )


@login_required
def library_new(request: AuthenticatedRequest, organisation_id: int) -> HttpResponse:
    return _library_item_page(request, _library_organisation(request, organisation_id), None)


def _library_item(organisation: Organisation, item_id: int) -> LibraryRequirement:
    return _child(LibraryRequirement.objects.filter(organisation=organisation), item_id)


@login_required
def library_edit(request: AuthenticatedRequest, organisation_id: int, item_id: int) -> HttpResponse:
    organisation = _library_organisation(request, organisation_id)
    return _library_item_page(request, organisation, _library_item(organisation, item_id))


@login_required
def library_delete(
    request: AuthenticatedRequest, organisation_id: int, item_id: int
) -> HttpResponse:
    organisation = _library_organisation(request, organisation_id)
    item = _library_item(organisation, item_id)
    if request.method == "POST":
        services.delete_library_requirement(
            actor=request.actor, organisation=organisation, item=item
        )
        messages.success(request, _("The requirement was removed from the library."))
        return redirect("procurements:library", organisation.pk)
    return render(
        request,
        "procurements/confirm_delete.html",
        {
            "title": _("Remove “%(title)s” from the library?") % {"title": item.title},
            "explanation": _("Procurements that already use it keep their copy."),
            "crumbs": _library_crumbs(organisation),
            "cancel_url": reverse("procurements:library", args=[organisation.pk]),
            "can_edit": True,
        },
    )


# --- award criteria -----------------------------------------------------------------------------


@login_required
@require_safe
def criteria(request: AuthenticatedRequest, procurement_id: int) -> HttpResponse:
    procurement = permissions.get_for_buyer(request.actor, procurement_id)
    return _criteria_page(request, procurement)


def _criteria_page(
    request: AuthenticatedRequest,
    procurement: Procurement,
    *,
    model_form: forms.ChooseModelForm | None = None,
    scope_form: forms.ScopeForm | None = None,
    status: int = 200,
) -> HttpResponse:
    awards = selectors.award_criteria(procurement)
    version = procurement.model_version
    can_edit = permissions.can_edit(request.actor, procurement)
    fixed = procurement.status != S.DRAFT
    if model_form is None:
        model_form = forms.ChooseModelForm(
            organisation=procurement.buyer,
            initial={"model_version": procurement.model_version_id, "include_results": True},
        )
    available: list[Criterion] = []
    if version is not None:
        available = list(
            Criterion.objects.filter(version=version).order_by("group__order", "order", "id")
        )
        if scope_form is None:
            scope_form = forms.ScopeForm(
                criteria=available, initial={"criteria": [a.criterion_id for a in awards]}
            )
    if fixed or not can_edit:
        forms.lock(model_form)
        if scope_form is not None:
            forms.lock(scope_form)
    context = _context(
        request,
        procurement,
        "criteria",
        awards=awards,
        version=version,
        model_form=model_form,
        scope_form=scope_form,
        points=sum((a.points for a in awards), start=0),
        model_points=sum((c.max_points for c in available), start=0),
        amount_label=_amount_label(procurement),
        fixed=fixed,
        fixed_reason=_fixed_reason(procurement),
    )
    return render(request, "procurements/criteria.html", context, status=status)


@login_required
@require_POST
def criteria_model(request: AuthenticatedRequest, procurement_id: int) -> HttpResponse:
    procurement = permissions.get_for_editing(request.actor, procurement_id)
    form = forms.ChooseModelForm(request.POST, organisation=procurement.buyer)
    if form.is_valid():
        try:
            services.choose_model_version(
                actor=request.actor,
                procurement=procurement,
                version=form.cleaned_data["model_version"],
                include_results=form.cleaned_data["include_results"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "The model was chosen and its criteria are the award criteria with the "
                    "model's points. Write the guidance and the question for each."
                ),
            )
            return redirect("procurements:criteria", procurement.pk)
    return _criteria_page(request, procurement, model_form=form, status=400)


@login_required
@require_POST
def criteria_scope(request: AuthenticatedRequest, procurement_id: int) -> HttpResponse:
    procurement = permissions.get_for_editing(request.actor, procurement_id)
    available = (
        list(Criterion.objects.filter(version=procurement.model_version_id))
        if procurement.model_version_id
        else []
    )
    form = forms.ScopeForm(request.POST, criteria=available)
    if form.is_valid():
        try:
            services.set_criteria_scope(
                actor=request.actor,
                procurement=procurement,
                criterion_ids=[c.pk for c in form.cleaned_data["criteria"]],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            _saved(request, _("The award criteria in scope were saved."))
            return redirect("procurements:criteria", procurement.pk)
    return _criteria_page(request, procurement, scope_form=form, status=400)


@login_required
def criterion_edit(
    request: AuthenticatedRequest, procurement_id: int, award_id: int
) -> HttpResponse:
    procurement = _procurement(request, procurement_id)
    award = _child(
        procurement.criteria.select_related("criterion__group").prefetch_related("goals"),
        award_id,
    )
    goal_rows = list(procurement.goals.order_by("order", "id"))
    form = forms.AwardCriterionForm(
        request.POST if request.method == "POST" else None,
        initial=forms.AwardCriterionForm.initial_for(award),
        goals=goal_rows,
        amount_label=_amount_label(procurement),
        points_hint=_("The model gives it %(points)s points.")
        % {"points": award.criterion.max_points},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_award_criterion(
                actor=request.actor,
                procurement=procurement,
                award=award,
                points=data["points"],
                guidance=data["guidance"],
                question=data["question"],
                amount=data.get("amount"),
                goal_ids=[g.pk for g in data["goals"]],
                answer_max_chars=data["answer_max_chars"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            _saved(
                request,
                _("%(code)s was saved.") % {"code": award.criterion.code},
            )
            return redirect("procurements:criteria", procurement.pk)
    can_edit = permissions.can_edit(request.actor, procurement)
    fixed = procurement.status != S.DRAFT
    if (fixed or not can_edit) and request.method != "POST":
        forms.lock(form)
    return _form_page(
        request,
        procurement,
        "criteria",
        form=form,
        title=f"{award.criterion.code} {award.criterion.name}",
        submit=_("Save the criterion"),
        status=400 if form.errors else 200,
        template="procurements/criterion_form.html",
        award=award,
        readonly_reason=_fixed_reason(procurement)
        if fixed
        else ("" if can_edit else _readonly_reason(request, procurement)),
        locked=fixed or not can_edit,
    )


# --- partnership, indicators --------------------------------------------------------------------


@login_required
def partnership(request: AuthenticatedRequest, procurement_id: int) -> HttpResponse:
    procurement = _procurement(request, procurement_id)
    initial = forms.PartnershipForm.initial_for(procurement)
    if request.GET.get("suggested"):
        initial["partnership_question"] = services.DEFAULT_PARTNERSHIP_QUESTION
    form = forms.PartnershipForm(
        request.POST if request.method == "POST" else None, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_partnership(
                actor=request.actor,
                procurement=procurement,
                partnership_question=data["partnership_question"],
                follow_up_description=data["follow_up_description"],
                follow_up_months=data["follow_up_months"],
                both_parties=data["both_parties"],
                baseline=data["baseline"],
                barometer=data["barometer"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            _saved(request)
            return redirect("procurements:detail", procurement.pk)
    can_edit = permissions.can_edit(request.actor, procurement)
    if not can_edit:
        forms.lock(form)
    return _form_page(
        request,
        procurement,
        "partnership",
        form=form,
        title=str(SECTIONS["partnership"][0]),
        submit=_("Save"),
        lead=_(
            "Ask the tenderers how they propose the partnership be run to reach the goals, and "
            "describe the follow-up during the contract: how often, both parties assessed, the "
            "tender's consensus as the baseline."
        ),
        status=400 if form.errors else 200,
        template="procurements/partnership.html",
        suggested=services.DEFAULT_PARTNERSHIP_QUESTION,
        readonly_reason="" if can_edit else _readonly_reason(request, procurement),
    )


@login_required
@require_safe
def indicators(request: AuthenticatedRequest, procurement_id: int) -> HttpResponse:
    procurement = _procurement(request, procurement_id)
    rows = list(
        procurement.indicators.prefetch_related(
            Prefetch("goals", queryset=Goal.objects.order_by("order", "id"))
        ).order_by("order", "id")
    )
    context = _context(request, procurement, "indicators", indicators=rows)
    return render(request, "procurements/indicators.html", context)


def _indicator_page(
    request: AuthenticatedRequest, procurement: Procurement, indicator: PlannedIndicator | None
) -> HttpResponse:
    initial: dict[str, Any] = {}
    if indicator is not None:
        initial = {
            "name": indicator.name,
            "unit": indicator.unit,
            "direction": indicator.direction,
            "target": indicator.target,
            "kolada_kpi": indicator.kolada_kpi,
            "goals": [g.pk for g in indicator.goals.all()],
        }
    form = forms.IndicatorForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        goals=list(procurement.goals.order_by("order", "id")),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.save_indicator(
                actor=request.actor,
                procurement=procurement,
                indicator=indicator,
                name=data["name"],
                unit=data["unit"],
                direction=data["direction"],
                target=data["target"],
                kolada_kpi=data["kolada_kpi"],
                goal_ids=[g.pk for g in data["goals"]],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            _saved(request, _("The indicator was saved."))
            return redirect("procurements:indicators", procurement.pk)
    if not permissions.can_edit(request.actor, procurement):
        forms.lock(form)
    return _form_page(
        request,
        procurement,
        "indicators",
        form=form,
        title=indicator.name if indicator else _("Add a planned indicator"),
        submit=_("Save the indicator"),
        lead=_(
            "Indicators follow the goals during the contract: for example Kolada's U23471, "
            "overall satisfaction in residential care (%, higher is better)."
        ),
        status=400 if form.errors else 200,
    )


@login_required
def indicator_new(request: AuthenticatedRequest, procurement_id: int) -> HttpResponse:
    return _indicator_page(request, _procurement(request, procurement_id), None)


@login_required
def indicator_edit(
    request: AuthenticatedRequest, procurement_id: int, indicator_id: int
) -> HttpResponse:
    procurement = _procurement(request, procurement_id)
    return _indicator_page(request, procurement, _child(procurement.indicators, indicator_id))


@login_required
def indicator_delete(
    request: AuthenticatedRequest, procurement_id: int, indicator_id: int
) -> HttpResponse:
    procurement = _procurement(request, procurement_id)
    indicator = _child(procurement.indicators, indicator_id)
    return _delete_page(
        request,
        procurement,
        "indicators",
        indicator,
        title=_("Remove the indicator “%(name)s”?") % {"name": indicator.name},
        explanation=_("Its links to goals are removed too."),
    )


# --- the evaluation model and the simulation ----------------------------------------------------


@login_required
def evaluation(request: AuthenticatedRequest, procurement_id: int) -> HttpResponse:
    procurement = _procurement(request, procurement_id)
    form = forms.EvaluationForm(
        request.POST if request.method == "POST" else None,
        initial=forms.EvaluationForm.initial_for(procurement),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.set_evaluation_model(
                actor=request.actor,
                procurement=procurement,
                kind=data["kind"],
                tie_break=data["tie_break"],
                price_unit=data["price_unit"],
                hide_prices=data["hide_prices"],
                weight_quality=data["weight_quality"],
                fixed_price=data["fixed_price"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            _saved(request, _("The evaluation model was saved."))
            return redirect("procurements:evaluation", procurement.pk)
    can_edit = permissions.can_edit(request.actor, procurement)
    fixed = procurement.status != S.DRAFT
    if (fixed or not can_edit) and request.method != "POST":
        forms.lock(form)
    awards = selectors.award_criteria(procurement)
    context = _context(
        request,
        procurement,
        "evaluation",
        form=form,
        awards=awards,
        problems=selectors.evaluation_problems(procurement, awards),
        amount_label=_amount_label(procurement),
        kinds=EvaluationKind.choices,
        fixed=fixed,
        locked=fixed or not can_edit,
        readonly_reason=_fixed_reason(procurement)
        if fixed
        else ("" if can_edit else _readonly_reason(request, procurement)),
    )
    context["crumbs"] = _crumbs(procurement)
    return render(
        request, "procurements/evaluation.html", context, status=400 if form.errors else 200
    )


@dataclass
class SimRow:
    tender: SimulatedTender
    row: Any  # evaluation.Row
    tied_names: list[str]
    lines: list[tuple[AwardCriterion, Any]]


def _simulation_rows(sim: selectors.Simulation, awards: list[AwardCriterion]) -> list[SimRow]:
    if sim.result is None:
        return []
    by_key = {str(t.pk): t for t in sim.tenders}
    by_award = {str(a.pk): a for a in awards}
    return [
        SimRow(
            tender=by_key[row.key],
            row=row,
            tied_names=[by_key[k].name for k in row.tied_with],
            lines=[(by_award[line.key], line) for line in row.breakdown],
        )
        for row in sim.result.rows
    ]


def _simulation_page(
    request: AuthenticatedRequest,
    procurement: Procurement,
    *,
    form: forms.SimulatedTenderForm | None = None,
    status: int = 200,
) -> HttpResponse:
    awards = selectors.award_criteria(procurement)
    percents = selectors.scale_percents(procurement)
    sim = selectors.simulation(procurement, awards)
    if form is None:
        form = forms.SimulatedTenderForm(
            criteria=awards, percents=percents, price_unit=procurement.price_unit
        )
    can_edit = permissions.can_edit(request.actor, procurement)
    if not can_edit:
        forms.lock(form)
    premium = sim.premium
    context = _context(
        request,
        procurement,
        "simulation",
        awards=awards,
        sim=sim,
        rows=_simulation_rows(sim, awards),
        premium=premium,
        form=form,
        lower_wins=sim.result.lower_wins if sim.result else None,
        lottery=bool(sim.result and sim.result.lottery_needed),
        amounts=procurement.evaluation_kind in AMOUNT_KINDS,
        places=4 if procurement.evaluation_kind == EvaluationKind.WEIGHTED_RELATIVE else 2,
    )
    context["crumbs"] = _crumbs(procurement)
    return render(request, "procurements/simulation.html", context, status=status)


@login_required
@require_safe
def simulation(request: AuthenticatedRequest, procurement_id: int) -> HttpResponse:
    procurement = permissions.get_for_buyer(request.actor, procurement_id)
    return _simulation_page(request, procurement)


def _save_tender(
    request: AuthenticatedRequest, procurement: Procurement, tender: SimulatedTender | None
) -> tuple[forms.SimulatedTenderForm, bool]:
    awards = selectors.award_criteria(procurement)
    initial: dict[str, Any] = {}
    if tender is not None:
        initial = {"name": tender.name, "price": forms._plain_amount(tender.price)}
        initial.update({f"step-{key}": value for key, value in tender.steps.items()})
    form = forms.SimulatedTenderForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        criteria=awards,
        percents=selectors.scale_percents(procurement),
        price_unit=procurement.price_unit,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_simulated_tender(
                actor=request.actor,
                procurement=procurement,
                tender=tender,
                name=form.cleaned_data["name"],
                price=form.cleaned_data["price"],
                steps=form.steps(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return form, True
    return form, False


@login_required
@require_POST
def tender_new(request: AuthenticatedRequest, procurement_id: int) -> HttpResponse:
    procurement = permissions.get_for_editing(request.actor, procurement_id)
    form, saved = _save_tender(request, procurement, None)
    if saved:
        _saved(request, _("The fictive tender was added."))
        return redirect("procurements:simulation", procurement.pk)
    return _simulation_page(request, procurement, form=form, status=400)


@login_required
def tender_edit(request: AuthenticatedRequest, procurement_id: int, tender_id: int) -> HttpResponse:
    procurement = _procurement(request, procurement_id)
    tender = _child(procurement.simulated_tenders, tender_id)
    form, saved = _save_tender(request, procurement, tender)
    if saved:
        _saved(request, _("The fictive tender was saved."))
        return redirect("procurements:simulation", procurement.pk)
    if not permissions.can_edit(request.actor, procurement):
        forms.lock(form)
    return _form_page(
        request,
        procurement,
        "simulation",
        form=form,
        title=tender.name,
        submit=_("Save the fictive tender"),
        status=400 if form.errors else 200,
    )


@login_required
def tender_delete(
    request: AuthenticatedRequest, procurement_id: int, tender_id: int
) -> HttpResponse:
    procurement = _procurement(request, procurement_id)
    tender = _child(procurement.simulated_tenders, tender_id)
    return _delete_page(
        request,
        procurement,
        "simulation",
        tender,
        title=_("Remove the fictive tender “%(name)s”?") % {"name": tender.name},
        explanation=_("It is only used to try the evaluation model."),
    )


# --- the red-thread check, publication, versions, cancelling ------------------------------------


@dataclass
class CheckGroup:
    number: int
    title: str
    results: list[Any]


def check_groups(
    procurement: Procurement, results: list[redthread.CheckResult]
) -> list[CheckGroup]:
    groups: dict[int, CheckGroup] = {}
    for result in results:
        group = groups.setdefault(
            result.number, CheckGroup(result.number, str(CHECK_GROUPS[result.number]), [])
        )
        group.results.append(
            {
                "result": result,
                "problems": [
                    (p, section_url(procurement, p.section), section_title(p.section))
                    for p in result.problems
                ],
            }
        )
    return [groups[n] for n in sorted(groups)]


@login_required
@require_safe
def check(request: AuthenticatedRequest, procurement_id: int) -> HttpResponse:
    procurement = permissions.get_for_buyer(request.actor, procurement_id)
    results = selectors.red_thread(procurement)
    context = _context(
        request,
        procurement,
        "check",
        groups=check_groups(procurement, results),
        counts={
            severity: sum(len(r.problems) for r in results if r.severity == severity)
            for severity in (redthread.BLOCKING, redthread.WARNING, redthread.ADVICE)
        },
    )
    return render(request, "procurements/check.html", context)


@login_required
def publish(request: AuthenticatedRequest, procurement_id: int) -> HttpResponse:
    procurement = _procurement(request, procurement_id)
    form = forms.PublishForm(request.POST if request.method == "POST" else None)
    first = procurement.status == S.DRAFT
    if request.method == "POST" and form.is_valid():
        try:
            version = services.publish(
                actor=request.actor,
                procurement=procurement,
                change_summary=form.cleaned_data["change_summary"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if first:
                messages.success(request, _("The procurement is published."))
            else:
                messages.success(
                    request,
                    _("Version %(number)s is published to the providers following it.")
                    % {"number": version.number},
                )
            return redirect("procurements:versions", procurement.pk)
    results = selectors.red_thread(procurement)
    blocking = [r for r in results if r.blocking and not r.ok]
    can_publish = permissions.can_edit(request.actor, procurement) and procurement.status in (
        S.DRAFT,
        S.PUBLISHED,
    )
    if first:
        del form.fields["change_summary"]
    context = _context(
        request,
        procurement,
        "publish",
        form=form,
        first=first,
        blocking=check_groups(procurement, blocking),
        can_publish=can_publish,
    )
    return render(request, "procurements/publish.html", context, status=400 if form.errors else 200)


@dataclass
class VersionRow:
    version: Any
    changes: list[documents.Change]


@login_required
@require_safe
def versions(request: AuthenticatedRequest, procurement_id: int) -> HttpResponse:
    procurement = permissions.get_for_buyer(request.actor, procurement_id)
    rows = list(
        procurement.document_versions.defer("pdf").select_related("published_by").order_by("number")
    )
    entries = [
        VersionRow(v, documents.changes_between(rows[i - 1], v) if i else [])
        for i, v in enumerate(rows)
    ]
    context = _context(request, procurement, "versions", entries=list(reversed(entries)))
    return render(request, "procurements/versions.html", context)


def _version(request: AuthenticatedRequest, procurement_id: int, number: int):
    procurement = permissions.get_for_buyer(request.actor, procurement_id)
    version = procurement.document_versions.filter(number=number).first()
    if version is None:
        raise Http404
    return procurement, version


@login_required
@require_safe
def version_pdf(request: AuthenticatedRequest, procurement_id: int, number: int) -> HttpResponse:
    procurement, version = _version(request, procurement_id, number)
    return pdf_response(
        bytes(version.pdf), f"{procurement.reference_number} {procurement.title} v{number}"
    )


@login_required
@require_safe
def version_zip(request: AuthenticatedRequest, procurement_id: int, number: int) -> HttpResponse:
    procurement, version = _version(request, procurement_id, number)
    response = HttpResponse(documents.zip_of(version), content_type="application/zip")
    name = f"upphandling-{procurement.pk}-v{number}.zip"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def cancel(request: AuthenticatedRequest, procurement_id: int) -> HttpResponse:
    procurement = permissions.get_for_editing(request.actor, procurement_id)
    form = forms.CancelForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel(
                actor=request.actor, procurement=procurement, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The procurement is cancelled."))
            return redirect("procurements:detail", procurement.pk)
    return _form_page(
        request,
        procurement,
        "cancel",
        form=form,
        title=_("Cancel the procurement"),
        submit=_("Cancel the procurement"),
        lead=_(
            "Cancelling (avbryta) ends the procurement for good. Providers following it are "
            "told, with the reason. It cannot be undone."
        ),
        status=400 if form.errors else 200,
        template="procurements/cancel.html",
    )
