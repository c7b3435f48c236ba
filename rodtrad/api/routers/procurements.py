"""Procurements, the buyer's side: the working copy and its parts (basics, lots, team, goals,
mandatory requirements, the requirement library, award criteria, partnership, planned
indicators, the evaluation model, fictive tenders), the red-thread check, publication, published
versions and cancelling; and `POST /evaluation-models/simulate`, which evaluates a model with
tenders and stores nothing.

The same accessors, services and selectors as the pages: a draft is 404 for anyone outside the
buyer side, a write is 403 for someone who may only read.
No `from __future__ import annotations` (django-ninja resolves endpoint annotations at runtime).
"""

import statistics
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate
from pydantic import ConfigDict

from rodtrad.accounts import permissions as account_permissions
from rodtrad.accounts.actor import Actor
from rodtrad.accounts.models import Organisation, User
from rodtrad.api.auth import actor_of
from rodtrad.api.schemas import ERRORS
from rodtrad.assessments.forms import usable_versions
from rodtrad.common.pdf import pdf_response
from rodtrad.procurements import evaluation, permissions, selectors, services
from rodtrad.procurements.models import (
    AwardCriterion,
    DocumentVersion,
    LibraryRequirement,
    Lot,
    PlannedIndicator,
    Procurement,
    Requirement,
    SimulatedTender,
)

router = Router(tags=["procurements"])

ERRORS_204 = {204: None, **ERRORS}
Kind = Literal["fixed_price", "value_added", "surcharge", "weighted_relative", "price_per_point"]
Tie = Literal["quality", "price", "lottery"]


# --- schemas ------------------------------------------------------------------------------------


class ProcurementSummary(Schema):
    id: int
    buyer_id: int
    buyer_name: str
    title: str
    reference_number: str
    status: str
    tender_deadline: datetime | None
    published_at: datetime | None


class CreateIn(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "organisation_id": 1,
                    "title": "Drift av särskilt boende Ekbacken",
                    "reference_number": "SN 2027/0412",
                }
            ]
        }
    )

    organisation_id: int
    title: str = Field(..., max_length=200, examples=["Vård- och omsorgsboende Ekbacken"])
    reference_number: str = Field(..., max_length=60, examples=["KS 2026/101"])


class BasicsIn(Schema):
    """Times without a zone offset are read as Swedish time (Europe/Stockholm)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "title": "Drift av särskilt boende Ekbacken",
                    "reference_number": "SN 2027/0412",
                    "description": (
                        "Ekdala kommun upphandlar driften av det särskilda boendet Ekbacken med "
                        "48 platser, varav 16 för personer med demenssjukdom."
                    ),
                    "cpv_codes": ["85311100-3"],
                    "estimated_value": "180000000",
                    "contract_start": "2027-10-01",
                    "contract_end": "2031-09-30",
                    "options": "Möjlighet till förlängning 2 × 12 månader.",
                    "procedure": "welfare",
                    "publication_date": "2027-01-15T08:00:00+01:00",
                    "questions_deadline": "2027-02-19T23:59:00+01:00",
                    "tender_deadline": "2027-03-01T12:00:00+01:00",
                    "planned_award_date": "2027-04-15",
                }
            ]
        }
    )

    title: str = Field(..., max_length=200)
    reference_number: str = Field(..., max_length=60)
    description: str = ""
    cpv_codes: list[str] = Field(default_factory=list, examples=[["85311100-3"]])
    estimated_value: Decimal | None = None
    contract_start: date | None = None
    contract_end: date | None = None
    options: str = ""
    procedure: Literal["open", "welfare"] = "welfare"
    publication_date: datetime | None = None
    questions_deadline: datetime | None = None
    tender_deadline: datetime | None = Field(None, examples=["2026-06-15T12:00:00+02:00"])
    planned_award_date: date | None = None


class BasicsOut(Schema):
    description: str
    cpv_codes: list[str]
    estimated_value: Decimal | None
    contract_start: date | None
    contract_end: date | None
    options: str
    procedure: str
    publication_date: datetime | None
    questions_deadline: datetime | None
    planned_award_date: date | None


class LotValueOut(Schema):
    award_criterion_id: int
    points: Decimal
    amount: Decimal | None


class LotOut(Schema):
    id: int
    number: int
    title: str
    description: str
    estimated_value: Decimal | None
    own_evaluation: bool
    weight_quality: Decimal | None
    criteria: list[LotValueOut]


class LotIn(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "title": "Hemtjänst i Ekdala norra",
                    "description": (
                        "Omsorg och service i hemmet för omkring 140 personer, dygnet runt."
                    ),
                    "estimated_value": "95000000",
                }
            ]
        }
    )

    title: str = Field(..., max_length=200)
    description: str = ""
    estimated_value: Decimal | None = None


class LotEvaluationIn(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "own": True,
                    "points": {"21": "40", "22": "20"},
                    "amounts": {"21": "60.00", "22": "30.00"},
                }
            ]
        }
    )

    own: bool
    points: dict[int, Decimal] = Field(
        default_factory=dict, description="Award criterion id → the lot's points"
    )
    amounts: dict[int, Decimal] = Field(
        default_factory=dict, description="Award criterion id → the lot's deduction or surcharge"
    )
    weight_quality: Decimal | None = Field(None, description="0–1, or per cent (70)")


class TeamMemberIO(Schema):
    user_id: int
    role: Literal["procurement_officer", "panel_chair", "evaluator", "opener", "contract_manager"]


class TeamMemberOut(TeamMemberIO):
    name: str


class TeamIn(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "members": [
                        {"user_id": 2, "role": "procurement_officer"},
                        {"user_id": 3, "role": "panel_chair"},
                        {"user_id": 4, "role": "evaluator"},
                        {"user_id": 5, "role": "evaluator"},
                        {"user_id": 6, "role": "contract_manager"},
                    ]
                }
            ]
        }
    )

    members: list[TeamMemberIO]


class GoalIn(Schema):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"text": "Fler äldre känner sig trygga i sitt boende."}]}
    )

    text: str


class ProcurementGoalOut(Schema):
    id: int
    code: str
    text: str


class RequirementIn(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "title": "Undersköterskeexamen",
                    "text": "Personalen ska ha undersköterskeexamen.",
                    "kind": "service",
                    "style": "detailed",
                    "minimum_level": "Minst 90 % av den tillsvidareanställda omvårdnadspersonalen.",
                    "verification": "declaration",
                    "follow_up_method": "Stickprov i personalförteckningen",
                    "follow_up_frequency": "En gång per år",
                    "follow_up_responsible": "Avtalsförvaltare",
                }
            ]
        }
    )

    title: str = Field(..., max_length=200)
    text: str
    kind: str = Field(..., description="qualification or service")
    style: str = "functional"
    minimum_level: str = ""
    verification: str = "declaration"
    follow_up_method: str = ""
    follow_up_frequency: str = Field("", max_length=100)
    follow_up_responsible: str = Field("", max_length=200)


class MandatoryRequirementOut(RequirementIn):
    model_config = ConfigDict(json_schema_extra=None)  # not the request body's example

    id: int
    code: str
    from_library_id: int | None


class LibraryRequirementOut(RequirementIn):
    model_config = ConfigDict(json_schema_extra=None)  # not the request body's example

    id: int
    organisation_id: int


class FromLibraryIn(Schema):
    model_config = ConfigDict(json_schema_extra={"examples": [{"library_requirement_id": 4}]})

    library_requirement_id: int


class ModelChoiceIn(Schema):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"model_version_id": 1, "include_results": True}]}
    )

    model_version_id: int
    include_results: bool = True


class ScopeIn(Schema):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"criterion_ids": [11, 12, 13, 15, 18]}]}
    )

    criterion_ids: list[int] = Field(..., description="Criteria of the chosen model version")


class AwardCriterionOut(Schema):
    id: int
    criterion_id: int
    code: str
    name: str
    kind: str
    model_points: Decimal
    points: Decimal
    guidance: str
    question: str
    answer_max_chars: int
    amount: Decimal | None
    goal_ids: list[int]


class AwardCriterionIn(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "points": "30",
                    "guidance": (
                        "Beskriv konkreta exempel på hur de boende bestämmer över sin vardag, hur "
                        "ni vet att arbetssättet fungerar och hur ni förbättrar det tillsammans "
                        "med kommunen."
                    ),
                    "question": (
                        "Hur arbetar ni med inflytande och självbestämmande i det här uppdraget?"
                    ),
                    "amount": "45.00",
                    "goal_ids": [1, 5],
                    "answer_max_chars": 6000,
                }
            ]
        }
    )

    points: Decimal
    guidance: str = ""
    question: str = ""
    amount: Decimal | None = Field(None, description="Deduction or surcharge (SEK) when needed")
    goal_ids: list[int] = Field(default_factory=list)
    answer_max_chars: int | None = None


class PartnershipIO(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "partnership_question": (
                        "Beskriv hur ni vill att samverkan mellan er och kommunen ska bedrivas "
                        "under avtalstiden för att nå upphandlingens mål."
                    ),
                    "follow_up_description": (
                        "Kommunen och utföraren följer upp verksamheten var sjätte månad med "
                        "samma modell som i upphandlingen."
                    ),
                    "follow_up_months": 6,
                    "both_parties": True,
                    "baseline": True,
                    "barometer": True,
                }
            ]
        }
    )

    partnership_question: str
    follow_up_description: str = ""
    follow_up_months: int | None = None
    both_parties: bool = True
    baseline: bool = True
    barometer: bool = True


class PlannedIndicatorIn(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "name": "Helhetssyn, nöjdhet med särskilt boende",
                    "unit": "%",
                    "direction": "higher",
                    "target": "90",
                    "kolada_kpi": "U23471",
                    "goal_ids": [1],
                }
            ]
        }
    )

    name: str = Field(..., max_length=200)
    unit: str = Field("", max_length=40)
    direction: Literal["higher", "lower"]
    target: str = Field("", max_length=100)
    kolada_kpi: str = Field("", max_length=20, examples=["U23471"])
    goal_ids: list[int] = Field(default_factory=list)


class PlannedIndicatorOut(PlannedIndicatorIn):
    model_config = ConfigDict(json_schema_extra=None)  # not the request body's example

    id: int


class EvaluationIn(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "kind": "value_added",
                    "tie_break": "quality",
                    "price_unit": "kr per boendedygn",
                    "hide_prices": True,
                }
            ]
        }
    )

    kind: Kind
    tie_break: Tie = "quality"
    price_unit: str = Field("SEK", max_length=60)
    hide_prices: bool = True
    weight_quality: Decimal | None = Field(None, description="weighted_relative: 0–1 or per cent")
    fixed_price: Decimal | None = Field(None, description="fixed_price: the price")


class EvaluationModelOut(Schema):
    kind: str
    tie_break: str
    price_unit: str
    hide_prices: bool
    weight_quality: Decimal | None
    weight_price: Decimal | None
    fixed_price: Decimal | None
    problems: list[str]
    relative: bool = Field(..., description="A relative model: rank reversal is possible")


class DocumentVersionOut(Schema):
    number: int
    published_at: datetime
    published_by: str
    change_summary: str
    sha256: str


class ProcurementOut(ProcurementSummary):
    basics: BasicsOut
    lots: list[LotOut]
    team: list[TeamMemberOut]
    goals: list[ProcurementGoalOut]
    requirements: list[MandatoryRequirementOut]
    model_version_id: int | None
    criteria: list[AwardCriterionOut]
    partnership: PartnershipIO
    indicators: list[PlannedIndicatorOut]
    evaluation: EvaluationModelOut
    versions: list[DocumentVersionOut]


class SimulatedTenderIn(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"name": "Anbud A", "price": "2250", "steps": {"21": 70, "22": 50, "23": 60}}
            ]
        }
    )

    name: str = Field(..., max_length=60)
    price: Decimal
    steps: dict[int, int] = Field(
        ..., description="Award criterion id → step in per cent, one of the scale's steps"
    )


class SimulatedTenderOut(Schema):
    id: int
    name: str
    price: Decimal
    steps: dict[str, int]


class LineOut(Schema):
    key: str
    step: Decimal
    points: Decimal
    deduction_or_surcharge: Decimal


class RowOut(Schema):
    key: str
    price: Decimal
    quality_points: Decimal
    quality_max: Decimal
    comparison: Decimal | None
    comparison_display: Decimal | None
    rank: int
    tied_with: list[str]
    tie_note: str | None
    breakdown: list[LineOut]


class PremiumOut(Schema):
    reference_price: Decimal
    median_step: Decimal
    unlimited: bool
    break_even_price: Decimal | None
    amount: Decimal | None
    percent: Decimal | None


class ResultOut(Schema):
    lower_wins: bool
    winner_keys: list[str]
    lottery_needed: bool
    rows: list[RowOut]
    premium: PremiumOut | None


class SimulationOut(Schema):
    tenders: list[SimulatedTenderOut]
    problems: list[str]
    result: ResultOut | None


class RedThreadProblemOut(Schema):
    message: str
    section: str


class CheckOut(Schema):
    number: int
    code: str
    title: str
    severity: str
    why: str
    ok: bool
    problems: list[RedThreadProblemOut]


class PublishIn(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"change_summary": "Sista dag för frågor flyttad till den 26 februari 2027."}
            ]
        }
    )

    change_summary: str = Field("", description="Required for a change after publication")


class CancelIn(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"reason": "Kommunfullmäktige har beslutat att driva Ekbacken i egen regi."}
            ]
        }
    )

    reason: str


class RuleIn(Schema):
    key: str = Field(..., max_length=40)
    max_points: Decimal
    amount: Decimal = Decimal(0)


class ModelIn(Schema):
    kind: Kind
    criteria: list[RuleIn]
    weight_quality: Decimal = Decimal(0)
    weight_price: Decimal = Decimal(0)
    tie_break: Tie = "quality"


class TenderIn(Schema):
    key: str = Field(..., max_length=40)
    price: Decimal
    steps: dict[str, Decimal] = Field(default_factory=dict, description="Criterion key → 0–1")


class SimulateIn(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "model": {
                        "kind": "value_added",
                        "criteria": [
                            {"key": "1.1", "max_points": "30", "amount": "45"},
                            {"key": "2.1", "max_points": "40", "amount": "60"},
                        ],
                    },
                    "tenders": [
                        {"key": "Anbud A", "price": "2250", "steps": {"1.1": "0.7", "2.1": "0.6"}},
                        {"key": "Anbud B", "price": "2050", "steps": {"1.1": "0.4", "2.1": "0.3"}},
                    ],
                }
            ]
        }
    )

    model: ModelIn
    tenders: list[TenderIn] = Field(..., max_length=200)
    scale_steps: list[Decimal] | None = Field(
        None, description="The scale's steps (0–1) for the headline; default 0, 0.1, …, 1"
    )
    reference_price: Decimal | None = Field(
        None, description="The median-marks tender's price; default the median tender price"
    )


# --- helpers ------------------------------------------------------------------------------------


def _aware(moment: datetime | None) -> datetime | None:
    if moment is None or timezone.is_aware(moment):
        return moment
    return timezone.make_aware(moment)


def _reading(request: HttpRequest, procurement_id: int) -> Procurement:
    return permissions.get_for_buyer(actor_of(request), procurement_id)


def _editing(request: HttpRequest, procurement_id: int) -> Procurement:
    return permissions.get_for_editing(actor_of(request), procurement_id)


def _part(queryset, pk: int):
    item = queryset.filter(pk=pk).first()
    if item is None:
        raise Http404
    return item


def _summary(p: Procurement) -> ProcurementSummary:
    return ProcurementSummary(
        id=p.pk,
        buyer_id=p.buyer_id,
        buyer_name=p.buyer.name,
        title=p.title,
        reference_number=p.reference_number,
        status=p.status,
        tender_deadline=p.tender_deadline,
        published_at=p.published_at,
    )


def _lot(lot: Lot) -> LotOut:
    return LotOut(
        id=lot.pk,
        number=lot.number,
        title=lot.title,
        description=lot.description,
        estimated_value=lot.estimated_value,
        own_evaluation=lot.own_evaluation,
        weight_quality=lot.weight_quality,
        criteria=[
            LotValueOut(award_criterion_id=v.award_criterion_id, points=v.points, amount=v.amount)
            for v in lot.criteria.all()
        ],
    )


def _requirement_fields(item) -> dict[str, Any]:
    return {name: getattr(item, name) for name in services.REQUIREMENT_FIELDS}


def _requirement(r: Requirement) -> MandatoryRequirementOut:
    return MandatoryRequirementOut(
        id=r.pk, code=r.code, from_library_id=r.from_library_id, **_requirement_fields(r)
    )


def _library_item(item: LibraryRequirement) -> LibraryRequirementOut:
    return LibraryRequirementOut(
        id=item.pk, organisation_id=item.organisation_id, **_requirement_fields(item)
    )


def _award(a: AwardCriterion) -> AwardCriterionOut:
    return AwardCriterionOut(
        id=a.pk,
        criterion_id=a.criterion_id,
        code=a.criterion.code,
        name=a.criterion.name,
        kind=a.criterion.kind,
        model_points=Decimal(a.criterion.max_points),
        points=a.points,
        guidance=a.guidance,
        question=a.question,
        answer_max_chars=a.answer_max_chars,
        amount=a.amount,
        goal_ids=[g.pk for g in a.goals.all()],
    )


def _indicator(i: PlannedIndicator) -> PlannedIndicatorOut:
    return PlannedIndicatorOut(
        id=i.pk,
        name=i.name,
        unit=i.unit,
        direction=i.direction,  # type: ignore[arg-type]
        target=i.target,
        kolada_kpi=i.kolada_kpi,
        goal_ids=[g.pk for g in i.goals.all()],
    )


def _partnership(p: Procurement) -> PartnershipIO:
    return PartnershipIO(
        partnership_question=p.partnership_question,
        follow_up_description=p.follow_up_description,
        follow_up_months=p.follow_up_months,
        both_parties=p.follow_up_both_parties,
        baseline=p.follow_up_baseline,
        barometer=p.follow_up_barometer,
    )


def _evaluation(p: Procurement, criteria: list[AwardCriterion]) -> EvaluationModelOut:
    return EvaluationModelOut(
        kind=p.evaluation_kind,
        tie_break=p.tie_break,
        price_unit=p.price_unit,
        hide_prices=p.hide_prices,
        weight_quality=p.weight_quality,
        weight_price=p.weight_price,
        fixed_price=p.fixed_price,
        problems=selectors.evaluation_problems(p, criteria),
        relative=not evaluation.ModelKind(p.evaluation_kind).is_absolute,
    )


def _version(v: DocumentVersion) -> DocumentVersionOut:
    return DocumentVersionOut(
        number=v.number,
        published_at=v.published_at,
        published_by=v.published_by.full_name,
        change_summary=v.change_summary,
        sha256=v.sha256,
    )


def _detail(p: Procurement) -> ProcurementOut:
    criteria = selectors.award_criteria(p)
    return ProcurementOut(
        **_summary(p).dict(),
        basics=BasicsOut(
            description=p.description,
            cpv_codes=p.cpv_codes,
            estimated_value=p.estimated_value,
            contract_start=p.contract_start,
            contract_end=p.contract_end,
            options=p.options,
            procedure=p.procedure,
            publication_date=p.publication_date,
            questions_deadline=p.questions_deadline,
            planned_award_date=p.planned_award_date,
        ),
        lots=[_lot(lot) for lot in p.lots.prefetch_related("criteria").order_by("number")],
        team=[
            TeamMemberOut(user_id=m.user_id, name=m.user.full_name, role=m.role)  # type: ignore[arg-type]
            for m in p.team.select_related("user").order_by("role", "id")
        ],
        goals=[
            ProcurementGoalOut(id=g.pk, code=g.code, text=g.text)
            for g in p.goals.order_by("order", "id")
        ],
        requirements=[_requirement(r) for r in p.requirements.order_by("order", "id")],
        model_version_id=p.model_version_id,
        criteria=[_award(a) for a in criteria],
        partnership=_partnership(p),
        indicators=[
            _indicator(i) for i in p.indicators.prefetch_related("goals").order_by("order", "id")
        ],
        evaluation=_evaluation(p, criteria),
        versions=[
            _version(v)
            for v in p.document_versions.defer("pdf", "snapshot")
            .select_related("published_by")
            .order_by("number")
        ],
    )


def _fresh(request: HttpRequest, procurement_id: int) -> ProcurementOut:
    return _detail(_reading(request, procurement_id))


def _result(
    result: evaluation.Evaluation | None, premium: evaluation.Premium | None
) -> ResultOut | None:
    if result is None:
        return None
    return ResultOut(
        lower_wins=result.lower_wins,
        winner_keys=list(result.winner_keys),
        lottery_needed=result.lottery_needed,
        rows=[
            RowOut(
                key=row.key,
                price=row.price,
                quality_points=row.quality_points,
                quality_max=row.quality_max,
                comparison=row.comparison,
                comparison_display=row.comparison_display,
                rank=row.rank,
                tied_with=list(row.tied_with),
                tie_note=row.tie_note,
                breakdown=[
                    LineOut(
                        key=line.key,
                        step=line.step,
                        points=line.points,
                        deduction_or_surcharge=line.deduction_or_surcharge,
                    )
                    for line in row.breakdown
                ],
            )
            for row in result.rows
        ],
        premium=None
        if premium is None
        else PremiumOut(
            reference_price=premium.reference_price,
            median_step=premium.median_step,
            unlimited=premium.unlimited,
            break_even_price=premium.break_even_price,
            amount=premium.amount,
            percent=premium.percent,
        ),
    )


def _tender(t: SimulatedTender) -> SimulatedTenderOut:
    return SimulatedTenderOut(id=t.pk, name=t.name, price=t.price, steps=t.steps)


# --- the procurement ----------------------------------------------------------------------------


@router.get("/procurements", response={200: list[ProcurementSummary], **ERRORS})
@paginate(PageNumberPagination)
def list_procurements(request: HttpRequest):
    """The procurements whose working copy you see (your buyer organisations', and those whose
    team you are on), drafts included."""
    return [_summary(p) for p in selectors.buyer_procurements(actor_of(request))]


@router.post("/procurements", response={201: ProcurementOut, **ERRORS})
def create_procurement(request: HttpRequest, payload: CreateIn):
    """A new draft with one lot (buyer administrators and procurement officers)."""
    actor = actor_of(request)
    organisation = account_permissions.get_organisation_for_view(actor, payload.organisation_id)
    procurement = services.create_procurement(
        actor=actor,
        buyer=organisation,
        title=payload.title,
        reference_number=payload.reference_number,
    )
    return Status(201, _fresh(request, procurement.pk))


@router.get("/procurements/{procurement_id}", response={200: ProcurementOut, **ERRORS})
def get_procurement(request: HttpRequest, procurement_id: int):
    """The working copy with every part of the documents and the published versions."""
    return _fresh(request, procurement_id)


@router.put("/procurements/{procurement_id}/basics", response={200: ProcurementOut, **ERRORS})
def update_basics(request: HttpRequest, procurement_id: int, payload: BasicsIn):
    """Title, reference, description, CPV codes, value, contract period, options, procedure
    and timeline."""
    procurement = _editing(request, procurement_id)
    data = payload.dict()
    for name in ("publication_date", "questions_deadline", "tender_deadline"):
        data[name] = _aware(data[name])
    services.update_basics(
        actor=actor_of(request), procurement=procurement, basics=services.Basics(**data)
    )
    return _fresh(request, procurement_id)


@router.post("/procurements/{procurement_id}/cancel", response={200: ProcurementSummary, **ERRORS})
def cancel(request: HttpRequest, procurement_id: int, payload: CancelIn):
    """Cancel (avbryta) with a reason, before the contract; followers are told."""
    procurement = _editing(request, procurement_id)
    services.cancel(actor=actor_of(request), procurement=procurement, reason=payload.reason)
    return _summary(procurement)


# --- lots and team ------------------------------------------------------------------------------


@router.post("/procurements/{procurement_id}/lots", response={201: LotOut, **ERRORS})
def add_lot(request: HttpRequest, procurement_id: int, payload: LotIn):
    """Divide the procurement into lots (before publication)."""
    procurement = _editing(request, procurement_id)
    lot = services.save_lot(
        actor=actor_of(request), procurement=procurement, lot=None, **payload.dict()
    )
    return Status(201, _lot(lot))


@router.put("/procurements/{procurement_id}/lots/{lot_id}", response={200: LotOut, **ERRORS})
def update_lot(request: HttpRequest, procurement_id: int, lot_id: int, payload: LotIn):
    procurement = _editing(request, procurement_id)
    lot = _part(procurement.lots, lot_id)
    lot = services.save_lot(
        actor=actor_of(request), procurement=procurement, lot=lot, **payload.dict()
    )
    return _lot(lot)


@router.delete("/procurements/{procurement_id}/lots/{lot_id}", response=ERRORS_204)
def delete_lot(request: HttpRequest, procurement_id: int, lot_id: int):
    procurement = _editing(request, procurement_id)
    lot = _part(procurement.lots, lot_id)
    services.delete_lot(actor=actor_of(request), procurement=procurement, lot=lot)
    return Status(204, None)


@router.put(
    "/procurements/{procurement_id}/lots/{lot_id}/evaluation", response={200: LotOut, **ERRORS}
)
def set_lot_evaluation(
    request: HttpRequest, procurement_id: int, lot_id: int, payload: LotEvaluationIn
):
    """A lot's own points, amounts and weight per award criterion (before publication)."""
    procurement = _editing(request, procurement_id)
    lot = _part(procurement.lots, lot_id)
    services.set_lot_evaluation(
        actor=actor_of(request),
        procurement=procurement,
        lot=lot,
        own=payload.own,
        points=dict(payload.points),
        amounts=dict(payload.amounts),
        weight_quality=payload.weight_quality,
    )
    return _lot(Lot.objects.get(pk=lot.pk))


@router.put("/procurements/{procurement_id}/team", response={200: list[TeamMemberOut], **ERRORS})
def set_team(request: HttpRequest, procurement_id: int, payload: TeamIn):
    """Replace the team: people of the buyer with their roles in this procurement."""
    procurement = _editing(request, procurement_id)
    people = User.objects.in_bulk([m.user_id for m in payload.members])
    if any(m.user_id not in people for m in payload.members):
        raise ValidationError({"members": [_("Every team member must be a user.")]})
    services.set_team(
        actor=actor_of(request),
        procurement=procurement,
        assignments=[(people[m.user_id], m.role) for m in payload.members],
    )
    return _fresh(request, procurement_id).team


# --- goals, requirements, library, indicators ---------------------------------------------------


@router.post("/procurements/{procurement_id}/goals", response={201: ProcurementGoalOut, **ERRORS})
def add_goal(request: HttpRequest, procurement_id: int, payload: GoalIn):
    procurement = _editing(request, procurement_id)
    goal = services.save_goal(
        actor=actor_of(request), procurement=procurement, goal=None, text=payload.text
    )
    return Status(201, ProcurementGoalOut(id=goal.pk, code=goal.code, text=goal.text))


@router.put(
    "/procurements/{procurement_id}/goals/{goal_id}", response={200: ProcurementGoalOut, **ERRORS}
)
def update_goal(request: HttpRequest, procurement_id: int, goal_id: int, payload: GoalIn):
    procurement = _editing(request, procurement_id)
    goal = services.save_goal(
        actor=actor_of(request),
        procurement=procurement,
        goal=_part(procurement.goals, goal_id),
        text=payload.text,
    )
    return ProcurementGoalOut(id=goal.pk, code=goal.code, text=goal.text)


def _delete(request: HttpRequest, procurement: Procurement, part) -> Status:
    services.delete_part(actor=actor_of(request), procurement=procurement, part=part)
    return Status(204, None)


@router.delete("/procurements/{procurement_id}/goals/{goal_id}", response=ERRORS_204)
def delete_goal(request: HttpRequest, procurement_id: int, goal_id: int):
    procurement = _editing(request, procurement_id)
    return _delete(request, procurement, _part(procurement.goals, goal_id))


@router.post(
    "/procurements/{procurement_id}/requirements", response={201: MandatoryRequirementOut, **ERRORS}
)
def add_requirement(request: HttpRequest, procurement_id: int, payload: RequirementIn):
    procurement = _editing(request, procurement_id)
    requirement = services.save_requirement(
        actor=actor_of(request), procurement=procurement, requirement=None, data=payload.dict()
    )
    return Status(201, _requirement(requirement))


@router.post(
    "/procurements/{procurement_id}/requirements/from-library",
    response={201: MandatoryRequirementOut, **ERRORS},
)
def add_requirement_from_library(request: HttpRequest, procurement_id: int, payload: FromLibraryIn):
    """Copy a requirement of the buyer's library into the procurement."""
    procurement = _editing(request, procurement_id)
    item = _part(
        LibraryRequirement.objects.filter(organisation=procurement.buyer_id),
        payload.library_requirement_id,
    )
    requirement = services.add_requirement_from_library(
        actor=actor_of(request), procurement=procurement, item=item
    )
    return Status(201, _requirement(requirement))


@router.put(
    "/procurements/{procurement_id}/requirements/{requirement_id}",
    response={200: MandatoryRequirementOut, **ERRORS},
)
def update_requirement(
    request: HttpRequest, procurement_id: int, requirement_id: int, payload: RequirementIn
):
    procurement = _editing(request, procurement_id)
    requirement = services.save_requirement(
        actor=actor_of(request),
        procurement=procurement,
        requirement=_part(procurement.requirements, requirement_id),
        data=payload.dict(),
    )
    return _requirement(requirement)


@router.delete("/procurements/{procurement_id}/requirements/{requirement_id}", response=ERRORS_204)
def delete_requirement(request: HttpRequest, procurement_id: int, requirement_id: int):
    procurement = _editing(request, procurement_id)
    return _delete(request, procurement, _part(procurement.requirements, requirement_id))


@router.post(
    "/procurements/{procurement_id}/requirements/{requirement_id}/to-library",
    response={201: LibraryRequirementOut, **ERRORS},
)
def save_requirement_to_library(request: HttpRequest, procurement_id: int, requirement_id: int):
    """Save a copy of the requirement in the buyer's library."""
    procurement = _editing(request, procurement_id)
    requirement = _part(procurement.requirements, requirement_id)
    item = services.save_library_requirement(
        actor=actor_of(request),
        organisation=procurement.buyer,
        item=None,
        data=_requirement_fields(requirement),
    )
    return Status(201, _library_item(item))


def _library_owner(request: HttpRequest, organisation_id: int) -> Organisation:
    actor: Actor = actor_of(request)
    organisation = account_permissions.get_organisation_for_view(actor, organisation_id)
    if not permissions.can_create(actor, organisation):
        raise PermissionDenied
    return organisation


@router.get(
    "/organisations/{organisation_id}/requirement-library",
    response={200: list[LibraryRequirementOut], **ERRORS},
)
def list_library(request: HttpRequest, organisation_id: int):
    """A buyer organisation's reusable mandatory requirements."""
    organisation = _library_owner(request, organisation_id)
    items = LibraryRequirement.objects.filter(organisation=organisation).order_by("title", "id")
    return [_library_item(item) for item in items]


@router.post(
    "/organisations/{organisation_id}/requirement-library",
    response={201: LibraryRequirementOut, **ERRORS},
)
def add_library_requirement(request: HttpRequest, organisation_id: int, payload: RequirementIn):
    organisation = _library_owner(request, organisation_id)
    item = services.save_library_requirement(
        actor=actor_of(request), organisation=organisation, item=None, data=payload.dict()
    )
    return Status(201, _library_item(item))


@router.put(
    "/organisations/{organisation_id}/requirement-library/{item_id}",
    response={200: LibraryRequirementOut, **ERRORS},
)
def update_library_requirement(
    request: HttpRequest, organisation_id: int, item_id: int, payload: RequirementIn
):
    organisation = _library_owner(request, organisation_id)
    item = _part(LibraryRequirement.objects.filter(organisation=organisation), item_id)
    item = services.save_library_requirement(
        actor=actor_of(request), organisation=organisation, item=item, data=payload.dict()
    )
    return _library_item(item)


@router.delete(
    "/organisations/{organisation_id}/requirement-library/{item_id}", response=ERRORS_204
)
def delete_library_requirement(request: HttpRequest, organisation_id: int, item_id: int):
    organisation = _library_owner(request, organisation_id)
    item = _part(LibraryRequirement.objects.filter(organisation=organisation), item_id)
    services.delete_library_requirement(
        actor=actor_of(request), organisation=organisation, item=item
    )
    return Status(204, None)


@router.post(
    "/procurements/{procurement_id}/indicators", response={201: PlannedIndicatorOut, **ERRORS}
)
def add_indicator(request: HttpRequest, procurement_id: int, payload: PlannedIndicatorIn):
    procurement = _editing(request, procurement_id)
    indicator = services.save_indicator(
        actor=actor_of(request), procurement=procurement, indicator=None, **payload.dict()
    )
    return Status(201, _indicator(indicator))


@router.put(
    "/procurements/{procurement_id}/indicators/{indicator_id}",
    response={200: PlannedIndicatorOut, **ERRORS},
)
def update_indicator(
    request: HttpRequest, procurement_id: int, indicator_id: int, payload: PlannedIndicatorIn
):
    procurement = _editing(request, procurement_id)
    indicator = services.save_indicator(
        actor=actor_of(request),
        procurement=procurement,
        indicator=_part(procurement.indicators, indicator_id),
        **payload.dict(),
    )
    return _indicator(indicator)


@router.delete("/procurements/{procurement_id}/indicators/{indicator_id}", response=ERRORS_204)
def delete_indicator(request: HttpRequest, procurement_id: int, indicator_id: int):
    procurement = _editing(request, procurement_id)
    return _delete(request, procurement, _part(procurement.indicators, indicator_id))


# --- award criteria, partnership, evaluation model ----------------------------------------------


@router.get(
    "/procurements/{procurement_id}/criteria", response={200: list[AwardCriterionOut], **ERRORS}
)
def list_criteria(request: HttpRequest, procurement_id: int):
    return [_award(a) for a in selectors.award_criteria(_reading(request, procurement_id))]


@router.put(
    "/procurements/{procurement_id}/model", response={200: list[AwardCriterionOut], **ERRORS}
)
def choose_model(request: HttpRequest, procurement_id: int, payload: ModelChoiceIn):
    """Use a model version (the library's or the buyer's own): it is frozen and its criteria
    become the award criteria with the model's points (before publication)."""
    procurement = _editing(request, procurement_id)
    version = usable_versions(procurement.buyer).filter(pk=payload.model_version_id).first()
    if version is None:
        raise ValidationError(
            {
                "model_version_id": [
                    _("Choose a version from the library or your organisation's models.")
                ]
            }
        )
    services.choose_model_version(
        actor=actor_of(request),
        procurement=procurement,
        version=version,
        include_results=payload.include_results,
    )
    return list_criteria(request, procurement_id)


@router.put(
    "/procurements/{procurement_id}/criteria", response={200: list[AwardCriterionOut], **ERRORS}
)
def set_scope(request: HttpRequest, procurement_id: int, payload: ScopeIn):
    """Choose which of the model's criteria are award criteria (before publication)."""
    procurement = _editing(request, procurement_id)
    services.set_criteria_scope(
        actor=actor_of(request), procurement=procurement, criterion_ids=payload.criterion_ids
    )
    return list_criteria(request, procurement_id)


@router.put(
    "/procurements/{procurement_id}/criteria/{award_id}",
    response={200: AwardCriterionOut, **ERRORS},
)
def update_criterion(
    request: HttpRequest, procurement_id: int, award_id: int, payload: AwardCriterionIn
):
    """Points, guidance for this service, question to tenderers, answer length, deduction or
    surcharge, and the goals it serves (before publication)."""
    procurement = _editing(request, procurement_id)
    award = _part(procurement.criteria.select_related("criterion"), award_id)
    services.update_award_criterion(
        actor=actor_of(request), procurement=procurement, award=award, **payload.dict()
    )
    return _award(_part(procurement.criteria.select_related("criterion"), award_id))


@router.put("/procurements/{procurement_id}/partnership", response={200: PartnershipIO, **ERRORS})
def update_partnership(request: HttpRequest, procurement_id: int, payload: PartnershipIO):
    procurement = _editing(request, procurement_id)
    services.update_partnership(actor=actor_of(request), procurement=procurement, **payload.dict())
    return _partnership(procurement)


@router.put(
    "/procurements/{procurement_id}/evaluation-model", response={200: EvaluationModelOut, **ERRORS}
)
def set_evaluation_model(request: HttpRequest, procurement_id: int, payload: EvaluationIn):
    """The evaluation model and its parameters; refused after publication."""
    procurement = _editing(request, procurement_id)
    services.set_evaluation_model(
        actor=actor_of(request), procurement=procurement, **payload.dict()
    )
    return _evaluation(procurement, selectors.award_criteria(procurement))


# --- simulation, red thread, publication --------------------------------------------------------


@router.get("/procurements/{procurement_id}/simulation", response={200: SimulationOut, **ERRORS})
def simulation(request: HttpRequest, procurement_id: int):
    """The fictive tenders evaluated with the procurement's model (keys are the tenders' ids)
    and the headline: how much more a tender with full marks may cost than one with median
    marks and still win."""
    sim = selectors.simulation(_reading(request, procurement_id))
    return SimulationOut(
        tenders=[_tender(t) for t in sim.tenders],
        problems=sim.problems,
        result=_result(sim.result, sim.premium),
    )


@router.post(
    "/procurements/{procurement_id}/simulated-tenders",
    response={201: SimulatedTenderOut, **ERRORS},
)
def add_simulated_tender(request: HttpRequest, procurement_id: int, payload: SimulatedTenderIn):
    procurement = _editing(request, procurement_id)
    tender = services.save_simulated_tender(
        actor=actor_of(request),
        procurement=procurement,
        tender=None,
        name=payload.name,
        price=payload.price,
        steps=dict(payload.steps),
    )
    return Status(201, _tender(tender))


@router.put(
    "/procurements/{procurement_id}/simulated-tenders/{tender_id}",
    response={200: SimulatedTenderOut, **ERRORS},
)
def update_simulated_tender(
    request: HttpRequest, procurement_id: int, tender_id: int, payload: SimulatedTenderIn
):
    procurement = _editing(request, procurement_id)
    tender = services.save_simulated_tender(
        actor=actor_of(request),
        procurement=procurement,
        tender=_part(procurement.simulated_tenders, tender_id),
        name=payload.name,
        price=payload.price,
        steps=dict(payload.steps),
    )
    return _tender(tender)


@router.delete("/procurements/{procurement_id}/simulated-tenders/{tender_id}", response=ERRORS_204)
def delete_simulated_tender(request: HttpRequest, procurement_id: int, tender_id: int):
    procurement = _editing(request, procurement_id)
    return _delete(request, procurement, _part(procurement.simulated_tenders, tender_id))


@router.get("/procurements/{procurement_id}/red-thread", response={200: list[CheckOut], **ERRORS})
def red_thread(request: HttpRequest, procurement_id: int):
    """Every check of the red-thread check with its severity, why it matters and its problems
    (with the builder section where each is fixed)."""
    return [
        CheckOut(
            number=r.number,
            code=r.code,
            title=str(r.title),
            severity=r.severity,
            why=str(r.why),
            ok=r.ok,
            problems=[
                RedThreadProblemOut(message=str(p.message), section=p.section) for p in r.problems
            ],
        )
        for r in selectors.red_thread(_reading(request, procurement_id))
    ]


@router.post("/procurements/{procurement_id}/publish", response={201: DocumentVersionOut, **ERRORS})
def publish(request: HttpRequest, procurement_id: int, payload: PublishIn):
    """Publish the documents as the next version. Refused while the red-thread check has a
    blocking item; a change after publication needs `change_summary`."""
    procurement = _editing(request, procurement_id)
    version = services.publish(
        actor=actor_of(request), procurement=procurement, change_summary=payload.change_summary
    )
    return Status(201, _version(version))


@router.get(
    "/procurements/{procurement_id}/versions", response={200: list[DocumentVersionOut], **ERRORS}
)
def versions(request: HttpRequest, procurement_id: int):
    return _fresh(request, procurement_id).versions


@router.get("/procurements/{procurement_id}/versions/{number}.pdf", response={200: None, **ERRORS})
def version_pdf(request: HttpRequest, procurement_id: int, number: int) -> HttpResponse:
    """The procurement document of a published version as a PDF."""
    procurement = _reading(request, procurement_id)
    version = procurement.document_versions.filter(number=number).first()
    if version is None:
        raise Http404
    return pdf_response(
        bytes(version.pdf), f"{procurement.reference_number} {procurement.title} v{number}"
    )


# --- the stateless simulation -------------------------------------------------------------------


@router.post(
    "/evaluation-models/simulate", response={200: ResultOut, **ERRORS}, tags=["evaluation"]
)
def simulate(request: HttpRequest, payload: SimulateIn):
    """Evaluate tenders with an evaluation model (DOMAIN.md section 7) and store nothing:
    comparison figures, ranking, the breakdown per tender and the headline – how much more a
    tender with full marks may cost than one with median marks (at `reference_price`, by
    default the median tender price) and still win. Steps are fractions 0–1; weights are
    fractions that add up to 1 (weighted_relative only); `amount` is the deduction
    (value_added) or the surcharge (surcharge) for the criterion."""
    model = evaluation.EvaluationModel(
        kind=evaluation.ModelKind(payload.model.kind),
        criteria=tuple(
            evaluation.CriterionRule(key=c.key, max_points=c.max_points, amount=c.amount)
            for c in payload.model.criteria
        ),
        weight_quality=payload.model.weight_quality,
        weight_price=payload.model.weight_price,
        tie_break=evaluation.TieBreak(payload.model.tie_break),
    )
    tenders = [
        evaluation.Tender(key=t.key, price=t.price, steps=dict(t.steps)) for t in payload.tenders
    ]
    errors: dict[str, list[str]] = {}
    model_problems = evaluation.validate(model)
    if model_problems:
        errors["model"] = [selectors.evaluation_problem_text(p) for p in model_problems]
    else:
        tender_problems = evaluation.validate(model, tenders)
        if tender_problems:
            errors["tenders"] = [selectors.evaluation_problem_text(p) for p in tender_problems]
    reference = payload.reference_price
    if reference is None and tenders:
        reference = Decimal(statistics.median(t.price for t in tenders)).quantize(Decimal("0.01"))
    scale = payload.scale_steps or [Decimal(n) / 10 for n in range(11)]
    if reference is not None and reference <= 0:
        errors["reference_price"] = [
            selectors.evaluation_problem_text(evaluation.PRICE_NOT_POSITIVE)
        ]
    if len(set(scale)) < 2 or any(not 0 <= s <= 1 for s in scale):
        errors["scale_steps"] = [selectors.evaluation_problem_text(evaluation.BAD_SCALE)]
    if errors:
        raise ValidationError(errors)
    result = evaluation.evaluate(model, tenders)
    premium = evaluation.quality_premium(model, reference, scale) if reference else None
    return _result(result, premium)
