"""The market: published procurements for providers (always the published snapshots, never the
working copy), following a procurement, questions and answers; and the buyer's side of the
questions (who asked, answering).

The same permission functions, reads and services as the pages. Published answers never say
who asked; the asking organisation's members see their own questions in `own`.
No `from __future__ import annotations` (django-ninja resolves endpoint annotations at runtime).
"""

from datetime import date, datetime, time
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict

from rodtrad.accounts.models import Organisation
from rodtrad.api.auth import actor_of
from rodtrad.api.schemas import ERRORS
from rodtrad.common.pdf import pdf_response
from rodtrad.procurements import documents, permissions, selectors, services
from rodtrad.procurements.models import DocumentVersion, Procurement, Question
from rodtrad.procurements.views import market as reads
from rodtrad.procurements.views import questions as question_reads

router = Router(tags=["market"])

PAGE_SIZE = reads.PAGE_SIZE


# --- schemas ----------------------------------------------------------------------------------


class MarketFiltersIn(Schema):
    text: str = Field("", max_length=200, description="Words in the title or reference number")
    buyer_id: int | None = None
    cpv: str = Field("", pattern=r"^(\d{1,8}(-\d)?)?$", description="A CPV code or its beginning")
    deadline_after: date | None = Field(
        None, description="Tender deadline on or after this day (Swedish time)"
    )
    open_only: bool = Field(True, description="Only procurements open for tenders")
    page: int = Field(1, ge=1)
    page_size: int = Field(PAGE_SIZE, ge=1, le=100, description="Procurements per page")


class MarketProcurementOut(Schema):
    id: int
    title: str = Field(..., description="As published in the latest version")
    reference_number: str
    buyer_id: int
    buyer_name: str
    cpv_codes: list[str]
    tender_deadline: datetime | None
    status: str
    latest_version: int


class MarketPageOut(Schema):
    count: int
    page: int
    pages: int
    page_size: int
    items: list[MarketProcurementOut]


class PublishedVersionOut(Schema):
    number: int
    published_at: datetime
    change_summary: str
    sha256: str = Field(..., description="SHA-256 of the version's PDF")


class PublishedDocumentOut(Schema):
    id: int
    status: str
    cancelled_reason: str = Field(..., description="Why it was cancelled (empty otherwise)")
    version: PublishedVersionOut
    latest_version: int
    versions: list[PublishedVersionOut]
    following_organisation_ids: list[int] = Field(
        ..., description="Which of your provider organisations follow the procurement"
    )
    document: dict[str, Any] = Field(
        ..., description="The published snapshot (format rodtrad-procurement-document/1)"
    )


class DiffPartOut(Schema):
    tag: str = Field(..., description="equal, delete or insert")
    text: str


class MarketChangeOut(Schema):
    path: str
    before: str
    after: str
    diff: list[DiffPartOut]


class ProviderChoiceIn(Schema):
    model_config = ConfigDict(json_schema_extra={"examples": [{"organisation_id": 2}]})

    organisation_id: int | None = Field(
        None, description="Your provider organisation; may be left out if you have only one"
    )


class FollowOut(Schema):
    procurement_id: int
    organisation_id: int
    registered_at: datetime


class QuestionIn(ProviderChoiceIn):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "organisation_id": 2,
                    "text": (
                        "Ingår nattbemanning för hela boendet i det pris som ska anges per "
                        "boendedygn?"
                    ),
                }
            ]
        }
    )

    text: str = Field(..., examples=["Ingår kostnaden för måltider i priset per plats och dygn?"])


class PublishedAnswerOut(Schema):
    number: int
    question: str = Field(..., description="The question as published by the buyer")
    answer: str
    published_at: datetime
    mine: bool = Field(..., description="Asked by one of your organisations")


class OwnQuestionOut(Schema):
    id: int
    organisation_id: int
    text: str
    asked_at: datetime
    answered: bool
    number: int | None
    public_text: str | None
    answer: str | None
    published_at: datetime | None


class QuestionsOut(Schema):
    published: list[PublishedAnswerOut]
    own: list[OwnQuestionOut]
    questions_open: bool
    closed_reason: str


class BuyerQuestionOut(Schema):
    id: int
    organisation_id: int
    organisation_name: str
    organisation_number: str
    asked_by_name: str
    asked_by_email: str
    asked_at: datetime
    text: str
    public_text: str
    answer: str
    number: int | None
    published_at: datetime | None


class AnswerIn(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "public_text": (
                        "Ingår nattbemanning för hela boendet i det pris som ska anges per "
                        "boendedygn?"
                    ),
                    "answer": (
                        "Ja. Priset per boendedygn ska omfatta all bemanning dygnet runt, även "
                        "nattetid."
                    ),
                }
            ]
        }
    )

    public_text: str = Field(
        ..., description="The question as published: edit out anything that identifies the asker"
    )
    answer: str


# --- helpers ----------------------------------------------------------------------------------


def _summary(row: Procurement) -> MarketProcurementOut:
    deadline = getattr(row, "published_deadline", None)
    return MarketProcurementOut(
        id=row.pk,
        title=getattr(row, "published_title", "") or "",
        reference_number=getattr(row, "published_reference", "") or "",
        buyer_id=row.buyer_id,
        buyer_name=row.buyer.name,
        cpv_codes=reads.published_cpv_codes(row),
        tender_deadline=parse_datetime(deadline) if deadline else None,
        status=row.status,
        latest_version=getattr(row, "versions", 0) or 0,
    )


def _version(version: DocumentVersion) -> PublishedVersionOut:
    return PublishedVersionOut(
        number=version.number,
        published_at=version.published_at,
        change_summary=version.change_summary,
        sha256=version.sha256,
    )


def _document(request: HttpRequest, procurement_id: int, number: int | None):
    actor = actor_of(request)
    procurement = permissions.get_published(actor, procurement_id)
    versions = reads.version_list(procurement)
    version = reads.get_version(procurement, number)
    following = reads.following_organisation_ids(
        procurement, permissions.provider_organisations(actor)
    )
    return PublishedDocumentOut(
        id=procurement.pk,
        status=procurement.status,
        cancelled_reason=procurement.cancelled_reason if procurement.cancelled_at else "",
        version=_version(version),
        latest_version=versions[-1].number,
        versions=[_version(v) for v in versions],
        following_organisation_ids=sorted(following),
        document=version.snapshot,
    )


def _choose(candidates: list[Organisation], organisation_id: int | None) -> Organisation:
    """One of the actor's own organisations that may do this; 403 when there is none."""
    if not candidates:
        raise PermissionDenied
    if organisation_id is None and len(candidates) == 1:
        return candidates[0]
    for organisation in candidates:
        if organisation.pk == organisation_id:
            return organisation
    raise ValidationError(
        {"organisation_id": [_("Choose one of your provider organisations that may do this.")]}
    )


def _own(q: Question) -> OwnQuestionOut:
    published = q.published_at is not None
    return OwnQuestionOut(
        id=q.pk,
        organisation_id=q.organisation_id,
        text=q.text,
        asked_at=q.asked_at,
        answered=published,
        number=q.number if published else None,
        public_text=q.public_text if published else None,
        answer=q.answer if published else None,
        published_at=q.published_at,
    )


def _for_buyer(q: Question) -> BuyerQuestionOut:
    return BuyerQuestionOut(
        id=q.pk,
        organisation_id=q.organisation_id,
        organisation_name=q.organisation.name,
        organisation_number=q.organisation.organisation_number,
        asked_by_name=q.asked_by.full_name,
        asked_by_email=q.asked_by.email,
        asked_at=q.asked_at,
        text=q.text,
        public_text=q.public_text,
        answer=q.answer,
        number=q.number,
        published_at=q.published_at,
    )


# --- the market -------------------------------------------------------------------------------


@router.get("/market/procurements", response={200: MarketPageOut, **ERRORS})
def list_published(request: HttpRequest, query: Query[MarketFiltersIn]):
    """Published procurements (every member of an organisation), with the title, reference
    number, CPV codes and deadline of their latest published version."""
    reads.require_market_reader(actor_of(request))
    after = query.deadline_after
    filters = selectors.PublicFilters(
        text=query.text.strip(),
        buyer_id=query.buyer_id,
        cpv=query.cpv,
        deadline_after=timezone.make_aware(datetime.combine(after, time.min)) if after else None,
        open_only=query.open_only,
    )
    paginator = Paginator(selectors.published_procurements(filters), query.page_size)
    current = paginator.get_page(query.page)
    return MarketPageOut(
        count=paginator.count,
        page=current.number,
        pages=paginator.num_pages,
        page_size=query.page_size,
        items=[_summary(row) for row in current.object_list],
    )


@router.get("/market/procurements/{procurement_id}", response={200: PublishedDocumentOut, **ERRORS})
def get_published(request: HttpRequest, procurement_id: int):
    """The latest published version of the documents, and the list of versions."""
    return _document(request, procurement_id, None)


@router.get(
    "/market/procurements/{procurement_id}/versions/{number}",
    response={200: PublishedDocumentOut, **ERRORS},
)
def get_published_version(request: HttpRequest, procurement_id: int, number: int):
    """A published version exactly as it was published."""
    return _document(request, procurement_id, number)


@router.get(
    "/market/procurements/{procurement_id}/versions/{number}/pdf",
    response={200: None, **ERRORS},
)
def published_pdf(request: HttpRequest, procurement_id: int, number: int) -> HttpResponse:
    """The PDF of a published version (the one made at publication)."""
    procurement = permissions.get_published(actor_of(request), procurement_id)
    version = reads.get_version(procurement, number, with_pdf=True)
    reference = version.snapshot["procurement"]["reference_number"]
    return pdf_response(bytes(version.pdf), f"{reference} v{version.number}")


@router.get(
    "/market/procurements/{procurement_id}/versions/{number}/changes",
    response={200: list[MarketChangeOut], **ERRORS},
)
def published_changes(request: HttpRequest, procurement_id: int, number: int):
    """What changed in this version against the one before, field by field and word by word
    (404 for the first version)."""
    procurement = permissions.get_published(actor_of(request), procurement_id)
    if number < 2:
        raise Http404
    new = reads.get_version(procurement, number)
    old = reads.get_version(procurement, number - 1)
    return [
        MarketChangeOut(
            path=c.path,
            before=c.before,
            after=c.after,
            diff=[DiffPartOut(tag=tag, text=text) for tag, text in c.diff],
        )
        for c in documents.changes_between(old, new)
    ]


@router.post("/market/procurements/{procurement_id}/follow", response={201: FollowOut, **ERRORS})
def follow(request: HttpRequest, procurement_id: int, payload: ProviderChoiceIn):
    """Follow the procurement for one of your provider organisations: its members are told
    about changes to the documents and new answers. Following again changes nothing."""
    actor = actor_of(request)
    procurement = permissions.get_published(actor, procurement_id)
    organisation = _choose(
        reads.followable_organisations(actor, procurement), payload.organisation_id
    )
    registration = services.register_interest(
        actor=actor, procurement=procurement, organisation=organisation
    )
    return Status(
        201,
        FollowOut(
            procurement_id=procurement.pk,
            organisation_id=organisation.pk,
            registered_at=registration.registered_at,
        ),
    )


@router.get(
    "/market/procurements/{procurement_id}/questions", response={200: QuestionsOut, **ERRORS}
)
def list_questions(request: HttpRequest, procurement_id: int):
    """The published answers (never who asked; `mine` marks your organisations' own) and your
    organisations' own questions, answered or waiting."""
    actor = actor_of(request)
    procurement = permissions.get_published(actor, procurement_id)
    organisations = permissions.provider_organisations(actor)
    closed = question_reads.questions_closed_reason(procurement)
    return QuestionsOut(
        published=[
            PublishedAnswerOut(
                number=a.number,
                question=a.question,
                answer=a.answer,
                published_at=a.published_at,
                mine=a.mine,
            )
            for a in question_reads.published_answers(
                procurement, {org.pk for org in organisations}
            )
        ],
        own=[_own(q) for q in question_reads.own_questions(procurement, organisations)],
        questions_open=not closed,
        closed_reason=closed,
    )


@router.post(
    "/market/procurements/{procurement_id}/questions",
    response={201: OwnQuestionOut, **ERRORS},
)
def ask(request: HttpRequest, procurement_id: int, payload: QuestionIn):
    """Ask the buyer a question before the last day for questions. The answer is published to
    every provider without saying who asked."""
    actor = actor_of(request)
    procurement = permissions.get_published(actor, procurement_id)
    organisation = _choose(
        question_reads.askable_organisations(actor, procurement), payload.organisation_id
    )
    question = services.ask_question(
        actor=actor, procurement=procurement, organisation=organisation, text=payload.text
    )
    return Status(201, _own(question))


# --- the buyer's side -------------------------------------------------------------------------


@router.get(
    "/procurements/{procurement_id}/questions",
    response={200: list[BuyerQuestionOut], **ERRORS},
)
def buyer_questions(request: HttpRequest, procurement_id: int):
    """Every question of the procurement with who asked (the buyer's side only)."""
    procurement = permissions.get_for_buyer(actor_of(request), procurement_id)
    return [_for_buyer(q) for q in question_reads.questions_for_buyer(procurement)]


@router.post(
    "/procurements/{procurement_id}/questions/{question_id}/answer",
    response={200: BuyerQuestionOut, **ERRORS},
)
def answer(request: HttpRequest, procurement_id: int, question_id: int, payload: AnswerIn):
    """Answer a question and publish it to every provider (again, to correct a published
    answer). `public_text` is the question as every provider will read it."""
    actor = actor_of(request)
    question = permissions.get_question_for_answering(actor, procurement_id, question_id)
    question = services.answer_question(
        actor=actor, question=question, public_text=payload.public_text, answer=payload.answer
    )
    return _for_buyer(question)
