"""The evaluation of tenders: the status (every tender's assessment with its progress and, from
consensus on, the divergence flags; prices only for those the price envelope allows), starting
the evaluation, the panel's declaration once per procurement, and revealing the prices.

Scoring and consensus are the engine's endpoints (`/assessments/{id}/...`); the tender's
answers beside each criterion are at `/assessments/{id}/material`.
No `from __future__ import annotations` (django-ninja resolves endpoint annotations at runtime).
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from pydantic import ConfigDict

from rodtrad.accounts.models import Organisation
from rodtrad.api.auth import actor_of
from rodtrad.api.schemas import ERRORS
from rodtrad.evaluations import exports, material, permissions, selectors, services
from rodtrad.evaluations.views import export_response
from rodtrad.tenders.views.buyer import attachment_response

router = Router(tags=["evaluation"])


class CriterionCellOut(Schema):
    award_criterion_id: int
    code: str
    consensus_percent: int | None
    divergent: bool | None = Field(
        None, description="From consensus on, for those who may see the individual work"
    )


class PanelProgressOut(Schema):
    user_id: int
    name: str
    role: str
    declared: bool
    submitted: bool
    left_for_conflict: bool


class TenderEvaluationOut(Schema):
    assessment_id: int
    tender_id: int
    tenderer: str
    lot_id: int
    lot_number: int
    status: str
    criteria: list[CriterionCellOut]
    progress: list[PanelProgressOut] | None = Field(
        None, description="Who has submitted (never what): the chair and the officers"
    )
    my_role: str | None = Field(None, description="Your place on this tender's panel")
    my_submitted: bool | None = None
    price: str | None = Field(
        None, description="Only when the price envelope allows you to see prices"
    )


class EvaluationStatusOut(Schema):
    procurement_id: int
    procurement_status: str
    started: bool
    hide_prices: bool
    prices_visible: bool
    prices_revealed_at: datetime | None
    declaration_signed_at: datetime | None = Field(
        None, description="Your declaration (panel members)"
    )
    can_start: bool
    can_reveal_prices: bool
    tenders: list[TenderEvaluationOut] = Field(
        ..., description="Every tender for the chair and officers; your own for evaluators"
    )


class EvaluationDeclarationIn(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "confidentiality": True,
                    "conflict_organisation_ids": [3],
                    "description": "Min make är anställd som enhetschef hos Vårdkraft Norr AB.",
                }
            ]
        }
    )

    confidentiality: bool = Field(..., description="Must be true")
    conflict_organisation_ids: list[int] = Field(
        default_factory=list, description="Tenderers you have a conflict of interest with"
    )
    description: str = Field("", max_length=4000)


def _status(actor, procurement) -> EvaluationStatusOut:
    ov = selectors.overview(actor, procurement)
    rows = ov.rows if ov.can_run else ov.my_work
    return EvaluationStatusOut(
        procurement_id=procurement.pk,
        procurement_status=procurement.status,
        started=ov.started,
        hide_prices=procurement.hide_prices,
        prices_visible=ov.show_prices,
        prices_revealed_at=ov.reveal.revealed_at if ov.reveal else None,
        declaration_signed_at=ov.declaration.signed_at if ov.declaration else None,
        can_start=ov.can_start and not ov.started,
        can_reveal_prices=ov.can_reveal,
        tenders=[
            TenderEvaluationOut(
                assessment_id=row.assessment.pk,
                tender_id=row.link.tender_id,
                tenderer=row.link.tender.organisation.name,
                lot_id=row.link.lot_id,
                lot_number=row.link.lot.number,
                status=row.assessment.status,
                criteria=[
                    CriterionCellOut(
                        award_criterion_id=cell.award.pk,
                        code=cell.award.criterion.code,
                        consensus_percent=cell.consensus,
                        divergent=cell.divergent,
                    )
                    for cell in row.cells
                ],
                progress=[
                    PanelProgressOut(
                        user_id=p.member.user_id,
                        name=p.member.user.full_name,
                        role=p.member.role,
                        declared=p.declared,
                        submitted=p.submitted,
                        left_for_conflict=p.conflict,
                    )
                    for p in row.progress
                ]
                if row.progress is not None
                else None,
                my_role=row.own.role if row.own else None,
                my_submitted=row.own.submitted_at is not None if row.own else None,
                price=row.price,
            )
            for row in rows
        ],
    )


@router.get(
    "/procurements/{procurement_id}/evaluation", response={200: EvaluationStatusOut, **ERRORS}
)
def evaluation_status(request: HttpRequest, procurement_id: int):
    """Where the evaluation stands: each qualified tender's assessment (per lot)."""
    actor = actor_of(request)
    procurement = permissions.get_evaluation(actor, procurement_id)
    return _status(actor, procurement)


@router.post(
    "/procurements/{procurement_id}/evaluation/start", response={200: EvaluationStatusOut, **ERRORS}
)
def start_evaluation(request: HttpRequest, procurement_id: int):
    """Create one assessment per qualified tender and lot and start individual assessment (the
    chair or a procurement officer). Starting again changes nothing."""
    actor = actor_of(request)
    procurement = permissions.get_evaluation_for(actor, procurement_id, permissions.can_run)
    services.start_evaluation(actor=actor, procurement=procurement)
    return _status(actor, permissions.get_evaluation(actor, procurement_id))


@router.post(
    "/procurements/{procurement_id}/evaluation/declaration",
    response={200: EvaluationStatusOut, **ERRORS},
)
def sign_evaluation_declaration(
    request: HttpRequest, procurement_id: int, payload: EvaluationDeclarationIn
):
    """Sign the declaration of conflict of interest and confidentiality once for the
    procurement (panel members). Each tenderer listed in `conflict_organisation_ids` removes
    you from that tenderer's assessment only."""
    actor = actor_of(request)
    procurement = permissions.get_evaluation_for(actor, procurement_id, permissions.is_panel)
    if not payload.confidentiality:
        raise ValidationError(
            {"confidentiality": [_("You must accept the confidentiality undertaking.")]}
        )
    conflicts = list(Organisation.objects.filter(pk__in=payload.conflict_organisation_ids))
    if len(conflicts) != len(set(payload.conflict_organisation_ids)):
        raise ValidationError({"conflicts": [_("Choose tenderers of this procurement.")]})
    services.sign_declaration(
        actor=actor,
        procurement=procurement,
        conflicts=conflicts,
        description=payload.description,
    )
    return _status(actor, permissions.get_evaluation(actor, procurement_id))


@router.post(
    "/procurements/{procurement_id}/evaluation/reveal-prices",
    response={200: EvaluationStatusOut, **ERRORS},
)
def reveal_evaluation_prices(request: HttpRequest, procurement_id: int):
    """Reveal the prices to the panel (the chair), once every tender's consensus is final."""
    actor = actor_of(request)
    procurement = permissions.get_evaluation_for(actor, procurement_id, permissions.is_chair)
    services.reveal_prices(actor=actor, procurement=procurement)
    return _status(actor, permissions.get_evaluation(actor, procurement_id))


@router.get(
    "/procurements/{procurement_id}/evaluation/export/{kind}.{format}",
    response={200: None, **ERRORS},
    openapi_extra={
        "responses": {
            200: {
                "description": (
                    "`kind` is `individual` or `consensus`, `format` `csv` or `xlsx`. CSV: UTF-8 "
                    "with BOM, `;` and a decimal comma in Swedish, `,` and a decimal point in "
                    "English, after a header comment (lines starting with #). XLSX: one "
                    "workbook with both kinds and an About sheet, opened at `kind`."
                ),
                "content": {
                    "text/csv": {"schema": {"type": "string"}},
                    exports.XLSX_CONTENT_TYPE: {"schema": {"type": "string", "format": "binary"}},
                },
            }
        }
    },
)
def export_evaluation(request: HttpRequest, procurement_id: int, kind: str, format: str):
    """The evaluation's scores as a file, for those who may read the evaluation status.
    Individual scores of a tender appear once its consensus has started (before that, only
    your own); consensus scores from consensus on; prices only where the price envelope allows
    you to see them (otherwise there is no price column, and the header says so)."""
    actor = actor_of(request)
    procurement = permissions.get_evaluation(actor, procurement_id)
    try:
        exports.check_request(kind=kind, file_format=format)
    except exports.ExportRequestError as error:
        raise ValidationError(str(error)) from error
    return export_response(actor=actor, procurement=procurement, kind=kind, file_format=format)


@router.get(
    "/tender-assessments/{assessment_id}/files/{attachment_id}", response={200: None, **ERRORS}
)
def get_tender_answer_file(request: HttpRequest, assessment_id: int, attachment_id: int):
    """A file attached to a tender's answer, for the panel members of that tender's assessment
    who have signed the declaration."""
    link, file = material.get_answer_attachment(actor_of(request), assessment_id, attachment_id)
    return attachment_response(link.procurement, file)
