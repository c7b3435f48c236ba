"""Indicators of a contract: list and define them (the buyer), list and add values (both
parties), import a file (CSV, XLSX or Kolada JSON) or fetch from Kolada into a preview with
per-row problems, then confirm or cancel it. Same rules as the pages
(rodtrad.indicators.permissions). No `from __future__ import annotations` (django-ninja
resolves endpoint annotations at runtime)."""

from datetime import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, File, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import ConfigDict

from rodtrad.api.auth import actor_of
from rodtrad.api.schemas import ERRORS
from rodtrad.common.spreadsheets import ExportRequestError, openapi_file_response
from rodtrad.indicators import permissions, selectors, services
from rodtrad.indicators.models import ImportPreview, Indicator, IndicatorValue
from rodtrad.indicators.views import export_response

router = Router(tags=["indicators"])


class IndicatorOut(Schema):
    id: int
    contract_id: int
    name: str
    unit: str
    direction: str = Field(..., description="higher or lower (is better)")
    target: Decimal
    goal_id: int | None
    criterion_id: int | None = Field(..., description="A quality-model criterion")
    kolada_kpi: str
    kolada_municipality: str
    kolada_ou: str
    latest_period: str | None
    latest_value: Decimal | None
    off_target: bool = Field(..., description="The latest value misses the target")


class ContractIndicatorIn(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "name": "Väntetid till särskilt boende",
                    "direction": "lower",
                    "target": "30",
                    "unit": "dagar",
                    "goal_id": 1,
                    "kolada_kpi": "U23401",
                    "kolada_municipality": "1299",
                }
            ]
        }
    )

    name: str
    direction: str = Field(..., description="higher or lower")
    target: str = Field(..., description="A number; a decimal comma is fine")
    unit: str = ""
    goal_id: int | None = None
    criterion_id: int | None = None
    kolada_kpi: str = ""
    kolada_municipality: str = ""
    kolada_ou: str = ""


class ValueOut(Schema):
    period: str = Field(..., description="A year (2025) or a month (2025-03)")
    value: Decimal
    off_target: bool
    source: str = Field(..., description="manual, spreadsheet or kolada")
    reference: str
    entered_by: str
    entered_at: datetime


class ValueIn(Schema):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"period": "2027-11", "value": "87,5"}]}
    )

    period: str
    value: str = Field(..., description="A number; a decimal comma is fine")


class PreviewRowOut(Schema):
    row: str
    indicator_id: int
    name: str
    period: str
    value: Decimal
    reference: str


class ImportProblemOut(Schema):
    row: str
    message: str


class PreviewOut(Schema):
    id: int
    source: str
    filename: str
    expires_at: datetime
    rows: list[PreviewRowOut]
    problems: list[ImportProblemOut] = Field(
        ..., description="Rows that will not be saved, and why"
    )
    skipped: list[str] = Field(..., description="Kolada items without a value")


class ConfirmOut(Schema):
    saved: int


def _indicator_out(row: selectors.IndicatorRow) -> dict:
    i = row.indicator
    return {
        "id": i.pk,
        "contract_id": i.contract_id,
        "name": i.name,
        "unit": i.unit,
        "direction": i.direction,
        "target": i.target,
        "goal_id": i.goal_id,
        "criterion_id": i.criterion_id,
        "kolada_kpi": i.kolada_kpi,
        "kolada_municipality": i.kolada_municipality,
        "kolada_ou": i.kolada_ou,
        "latest_period": row.latest_period,
        "latest_value": row.latest_value,
        "off_target": row.off_target,
    }


def _value_out(row: selectors.ValueRow) -> dict:
    v: IndicatorValue = row.value
    return {
        "period": v.period,
        "value": v.value,
        "off_target": row.off_target,
        "source": v.source,
        "reference": v.reference,
        "entered_by": v.entered_by.full_name or v.entered_by.email,
        "entered_at": v.entered_at,
    }


def _preview_out(preview: ImportPreview) -> dict:
    return {
        "id": preview.pk,
        "source": preview.source,
        "filename": preview.filename,
        "expires_at": preview.expires_at,
        "rows": [
            {
                "row": r["row"],
                "indicator_id": r["indicator"],
                "name": r["name"],
                "period": r["period"],
                "value": Decimal(r["value"]),
                "reference": r.get("reference", ""),
            }
            for r in preview.rows
        ],
        "problems": preview.problems,
        "skipped": preview.skipped,
    }


def _one(contract, indicator: Indicator) -> dict:
    row = next(r for r in selectors.indicator_rows(contract) if r.indicator.pk == indicator.pk)
    return _indicator_out(row)


@router.get("/contracts/{contract_id}/indicators", response={200: list[IndicatorOut], **ERRORS})
def indicator_list(request: HttpRequest, contract_id: int):
    """The contract's indicators with their latest value and whether it misses the target."""
    contract = permissions.get_contract(actor_of(request), contract_id)
    return [_indicator_out(row) for row in selectors.indicator_rows(contract)]


@router.get(
    "/contracts/{contract_id}/indicators.{format}",
    response={200: None, **ERRORS},
    openapi_extra=openapi_file_response(
        "`format` `csv` or `xlsx`: one row per indicator and period (indicator, unit, "
        "direction, target, period, value, source, source reference, misses the target). CSV: "
        "UTF-8 with BOM, `;` and a decimal comma in Swedish, `,` and a decimal point in "
        "English, after a header comment (lines starting with #). XLSX: the values and an "
        "About sheet."
    ),
)
def indicator_export(request: HttpRequest, contract_id: int, format: str):
    """Every value of the contract's indicators as a file, for the contract's readers."""
    try:
        return export_response(actor=actor_of(request), contract_id=contract_id, file_format=format)
    except ExportRequestError as error:
        raise ValidationError(str(error)) from error


@router.post("/contracts/{contract_id}/indicators", response={201: IndicatorOut, **ERRORS})
def indicator_create(request: HttpRequest, contract_id: int, payload: ContractIndicatorIn):
    """Define an indicator (the buyer's administrators and the contract's manager)."""
    actor = actor_of(request)
    contract = permissions.get_managed_contract(actor, contract_id)
    indicator = services.save_indicator(
        actor=actor,
        contract=contract,
        indicator=None,
        data=services.IndicatorData(**payload.dict()),
    )
    return Status(201, _one(contract, indicator))


@router.put(
    "/contracts/{contract_id}/indicators/{indicator_id}", response={200: IndicatorOut, **ERRORS}
)
def indicator_update(
    request: HttpRequest, contract_id: int, indicator_id: int, payload: ContractIndicatorIn
):
    """Change an indicator (the buyer's administrators and the contract's manager)."""
    actor = actor_of(request)
    contract = permissions.get_managed_contract(actor, contract_id)
    indicator = permissions.get_indicator(contract, indicator_id)
    services.save_indicator(
        actor=actor,
        contract=contract,
        indicator=indicator,
        data=services.IndicatorData(**payload.dict()),
    )
    return _one(contract, indicator)


@router.get(
    "/contracts/{contract_id}/indicators/{indicator_id}/values",
    response={200: list[ValueOut], **ERRORS},
)
def value_list(request: HttpRequest, contract_id: int, indicator_id: int):
    """The indicator's values, oldest period first."""
    contract = permissions.get_contract(actor_of(request), contract_id)
    indicator = permissions.get_indicator(contract, indicator_id)
    return [_value_out(row) for row in selectors.indicator_detail(indicator).values]


@router.post(
    "/contracts/{contract_id}/indicators/{indicator_id}/values",
    response={201: ValueOut, **ERRORS},
)
def value_add(request: HttpRequest, contract_id: int, indicator_id: int, payload: ValueIn):
    """Enter a value for a period (both parties); it replaces an earlier value for the period."""
    actor = actor_of(request)
    contract = permissions.get_contract_for_values(actor, contract_id)
    indicator = permissions.get_indicator(contract, indicator_id)
    value = services.record_value(
        actor=actor,
        contract=contract,
        indicator=indicator,
        period=payload.period,
        value=payload.value,
    )
    return Status(
        201,
        _value_out(
            selectors.ValueRow(
                value, selectors.misses_target(indicator.direction, indicator.target, value.value)
            )
        ),
    )


@router.post("/contracts/{contract_id}/indicator-imports", response={201: PreviewOut, **ERRORS})
def import_upload(request: HttpRequest, contract_id: int, file: File[UploadedFile]):
    """Check a file (multipart `file`: CSV or XLSX with the columns indicator, period and
    value, or Kolada JSON). Nothing is saved: the answer is a preview with the rows that can be
    saved and the problems per row; confirm it to save."""
    actor = actor_of(request)
    contract = permissions.get_contract_for_values(actor, contract_id)
    return Status(
        201, _preview_out(services.preview_upload(actor=actor, contract=contract, upload=file))
    )


@router.post(
    "/contracts/{contract_id}/indicator-imports/kolada", response={201: PreviewOut, **ERRORS}
)
def import_kolada(request: HttpRequest, contract_id: int):
    """Fetch the indicators' values from Kolada's API into a preview (nothing is saved)."""
    actor = actor_of(request)
    contract = permissions.get_contract_for_values(actor, contract_id)
    return Status(201, _preview_out(services.preview_kolada(actor=actor, contract=contract)))


@router.get(
    "/contracts/{contract_id}/indicator-imports/{preview_id}", response={200: PreviewOut, **ERRORS}
)
def import_read(request: HttpRequest, contract_id: int, preview_id: int):
    """A preview you made (until it expires)."""
    actor = actor_of(request)
    contract = permissions.get_contract_for_values(actor, contract_id)
    return _preview_out(permissions.get_preview(actor, contract, preview_id))


@router.post(
    "/contracts/{contract_id}/indicator-imports/{preview_id}/confirm",
    response={200: ConfirmOut, **ERRORS},
)
def import_confirm(request: HttpRequest, contract_id: int, preview_id: int):
    """Save every row of the preview in one transaction."""
    actor = actor_of(request)
    contract = permissions.get_contract_for_values(actor, contract_id)
    preview = permissions.get_preview(actor, contract, preview_id)
    return {"saved": services.confirm_import(actor=actor, contract=contract, preview=preview)}


@router.delete(
    "/contracts/{contract_id}/indicator-imports/{preview_id}", response={204: None, **ERRORS}
)
def import_cancel(request: HttpRequest, contract_id: int, preview_id: int):
    """Cancel the preview: nothing is saved."""
    actor = actor_of(request)
    contract = permissions.get_contract_for_values(actor, contract_id)
    preview = permissions.get_preview(actor, contract, preview_id)
    services.cancel_import(actor=actor, contract=contract, preview=preview)
    return Status(204, None)
