"""Questions and answers (DOMAIN.md section 8, equal treatment).

- Providers: the published answers of a procurement, to everyone, never saying who asked; the
  asking organisation also sees its own questions (answered or waiting) marked as its own; a
  provider asks before the last day for questions.
- The buyer: every question with who asked (the buyer may know), and the answer form with the
  question as it will be published, edited so it does not reveal the asker.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from rodtrad.accounts.actor import Actor
from rodtrad.accounts.models import Organisation
from rodtrad.common import clock
from rodtrad.common.forms import add_service_errors
from rodtrad.common.http import AuthenticatedRequest
from rodtrad.procurements import permissions, selectors, services
from rodtrad.procurements.forms_market import AnswerForm, QuestionForm
from rodtrad.procurements.models import Procurement, ProcurementStatus, Question
from rodtrad.procurements.views.market import get_version

# --- reads shared with the API ----------------------------------------------------------------


@dataclass(frozen=True)
class PublishedAnswer:
    """A published question and answer as every provider sees it: nothing about the asker,
    except `mine` for the asking organisation's own members."""

    number: int
    question: str
    answer: str
    published_at: datetime
    mine: bool


def published_answers(procurement: Procurement, own_ids: set[int]) -> list[PublishedAnswer]:
    """The published answers, by number. One query."""
    return [
        PublishedAnswer(
            number=q.number or 0,
            question=q.public_text,
            answer=q.answer,
            published_at=q.published_at,  # type: ignore[arg-type]
            mine=q.organisation_id in own_ids,
        )
        for q in selectors.published_questions(procurement).only(
            "number", "public_text", "answer", "published_at", "organisation_id"
        )
    ]


def own_questions(procurement: Procurement, organisations: list[Organisation]) -> list[Question]:
    """The questions the given (own) organisations asked, answered or not. One query, none
    without organisations."""
    if not organisations:
        return []
    return list(
        procurement.questions.filter(organisation__in=[org.pk for org in organisations])
        .select_related("organisation", "asked_by")
        .order_by("asked_at", "id")
    )


def questions_for_buyer(procurement: Procurement) -> list[Question]:
    """Every question with who asked, for the buyer's side. One query."""
    return list(
        procurement.questions.select_related("organisation", "asked_by", "answered_by").order_by(
            "asked_at", "id"
        )
    )


def askable_organisations(actor: Actor, procurement: Procurement) -> list[Organisation]:
    return [
        org
        for org in permissions.provider_organisations(actor)
        if permissions.can_ask(actor, procurement, org)
    ]


def questions_closed_reason(procurement: Procurement) -> str:
    """Why questions can no longer be asked (empty while they can). The same rules and words
    as services.ask_question."""
    if procurement.status != ProcurementStatus.PUBLISHED:
        return _("The procurement no longer takes questions.")
    if procurement.questions_deadline and clock.now() > procurement.questions_deadline:
        return _("The last day for questions has passed. Questions can no longer be asked.")
    return ""


# --- the provider side ------------------------------------------------------------------------


def _provider_page(
    request: AuthenticatedRequest,
    procurement: Procurement,
    *,
    form: QuestionForm | None = None,
    refusal: str = "",
    status: int = 200,
) -> HttpResponse:
    actor = request.actor
    organisations = permissions.provider_organisations(actor)
    version = get_version(procurement)
    askable = askable_organisations(actor, procurement)
    closed = questions_closed_reason(procurement)
    if form is None and askable and not closed:
        form = QuestionForm(organisations=askable)
    context: dict[str, Any] = {
        "procurement": procurement,
        "doc": version.snapshot,
        "answers": published_answers(procurement, {org.pk for org in organisations}),
        "own": own_questions(procurement, organisations),
        "several": len(organisations) > 1,
        "form": form if not (closed or refusal) else None,
        "closed": refusal or closed,
        "refused": bool(refusal),
        "can_ask_at_all": bool(askable),
        "cancelled": procurement.status == ProcurementStatus.CANCELLED,
    }
    return render(request, "procurements/market/questions.html", context, status=status)


@login_required
def public_questions(request: AuthenticatedRequest, procurement_id: int) -> HttpResponse:
    """Questions and answers of a published procurement; providers ask here."""
    actor = request.actor
    procurement = permissions.get_published(actor, procurement_id)
    if request.method != "POST":
        return _provider_page(request, procurement)
    askable = askable_organisations(actor, procurement)
    if not askable:
        raise PermissionDenied
    form = QuestionForm(request.POST, organisations=askable)
    if not form.is_valid():
        return _provider_page(request, procurement, form=form, status=400)
    try:
        services.ask_question(
            actor=actor,
            procurement=procurement,
            organisation=form.chosen_organisation(),
            text=form.cleaned_data["text"],
        )
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            add_service_errors(form, error)
            return _provider_page(request, procurement, form=form, status=400)
        return _provider_page(request, procurement, refusal=" ".join(error.messages), status=400)
    messages.success(
        request,
        _(
            "Your question was sent to the buyer. The answer will be published here to every "
            "provider, without saying who asked."
        ),
    )
    return redirect("procurements:public_questions", procurement.pk)


# --- the buyer side ---------------------------------------------------------------------------


def _builder_url(procurement: Procurement) -> str | None:
    """The buyer's procurement page, when it exists."""
    try:
        return reverse("procurements:detail", args=[procurement.pk])
    except NoReverseMatch:
        return None


@login_required
def questions(request: AuthenticatedRequest, procurement_id: int) -> HttpResponse:
    """The buyer's questions page: every question, who asked, and what was published."""
    actor = request.actor
    procurement = permissions.get_for_buyer(actor, procurement_id)
    rows = questions_for_buyer(procurement)
    return render(
        request,
        "procurements/market/buyer_questions.html",
        {
            "procurement": procurement,
            "waiting": [q for q in rows if q.published_at is None],
            "answered": sorted(
                (q for q in rows if q.published_at is not None), key=lambda q: q.number or 0
            ),
            "can_answer": permissions.can_answer(actor, procurement),
            "builder_url": _builder_url(procurement),
            "is_published": permissions.is_published(procurement),
        },
    )


@login_required
def answer_question(
    request: AuthenticatedRequest, procurement_id: int, question_id: int
) -> HttpResponse:
    """Answer a question (or correct a published answer) and publish it to every provider."""
    actor = request.actor
    question = permissions.get_question_for_answering(actor, procurement_id, question_id)
    procurement = question.procurement  # the accessor's instance, loaded with its team
    form = AnswerForm(
        request.POST if request.method == "POST" else None,
        initial={"public_text": question.public_text or question.text, "answer": question.answer},
    )
    if request.method == "POST" and form.is_valid():
        first = question.published_at is None
        try:
            services.answer_question(
                actor=actor,
                question=question,
                public_text=form.cleaned_data["public_text"],
                answer=form.cleaned_data["answer"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Answer %(number)s is published to every provider, without saying who "
                    "asked. Providers following the procurement were told."
                )
                % {"number": question.number}
                if first
                else _(
                    "The corrected answer %(number)s is published. Providers following the "
                    "procurement were told."
                )
                % {"number": question.number},
            )
            return redirect("procurements:questions", procurement.pk)
    return render(
        request,
        "procurements/market/answer.html",
        {"procurement": procurement, "question": question, "form": form},
        status=400 if form.errors else 200,
    )
