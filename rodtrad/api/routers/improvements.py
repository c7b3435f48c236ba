"""Improvement plans: a contract's actions (list with filters, create — by hand or from a
feedback report's improvement area —, read with history, update, change status). Same rules as
the pages. No `from __future__ import annotations` (django-ninja resolves endpoint annotations
at runtime).
"""

from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict

from rodtrad.api.auth import actor_of
from rodtrad.api.schemas import ERRORS
from rodtrad.common.spreadsheets import ExportRequestError, openapi_file_response
from rodtrad.improvements import permissions, selectors, services
from rodtrad.improvements.models import ActionStatus, ImprovementAction, Owner
from rodtrad.improvements.views import export_response

router = Router(tags=["improvements"])


class ActionOut(Schema):
    id: int
    contract_id: int
    description: str
    owner: str = Field(..., description="buyer, provider or joint")
    responsible_id: int
    responsible: str
    due_on: date
    status: str = Field(..., description="planned, in_progress, done or dropped")
    drop_reason: str
    overdue: bool
    criterion_id: int | None
    source_assessment_id: int | None
    source_scope_item_id: int | None
    source_text: str = Field(..., description="The improvement area, as it read when copied")
    created_at: datetime
    updated_at: datetime


class ActionChangeOut(Schema):
    kind: str
    from_status: str
    to_status: str
    reason: str
    fields: dict
    changed_by: str
    changed_at: datetime


class ActionDetailOut(ActionOut):
    history: list[ActionChangeOut]


class ActionIn(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "description": (
                        "Inför måltidsvärdar vid alla måltider på avdelningarna för personer med "
                        "demenssjukdom."
                    ),
                    "owner": "provider",
                    "responsible_id": 8,
                    "due_on": "2027-12-15",
                    "criterion_id": 14,
                }
            ]
        }
    )

    description: str = ""
    owner: str = Field("", description="buyer, provider or joint")
    responsible_id: int | None = Field(None, description="A person on a contract team")
    due_on: date | None = None
    criterion_id: int | None = None
    source_scope_item_id: int | None = Field(
        None, description="Create from this scope item's consensus improvement areas"
    )
    source_index: int | None = Field(None, description="Which improvement area (from 0)")


class ActionUpdateIn(Schema):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"responsible_id": 9, "due_on": "2027-12-31"}]}
    )

    description: str | None = None
    owner: str | None = None
    responsible_id: int | None = None
    due_on: date | None = None
    criterion_id: int | None = None


class StatusIn(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "status": "dropped",
                    "reason": "Ersätts av den gemensamma åtgärden om måltidsmiljön.",
                }
            ]
        }
    )

    status: str = Field(..., description="planned, in_progress, done or dropped")
    reason: str = Field("", description="Needed when dropping")


class ActionFilters(Schema):
    status: ActionStatus | None = None
    owner: Owner | None = None
    overdue: bool = False


def _out(action: ImprovementAction) -> dict:
    return {
        "id": action.pk,
        "contract_id": action.contract_id,
        "description": action.description,
        "owner": action.owner,
        "responsible_id": action.responsible_id,
        "responsible": action.responsible.full_name or action.responsible.email,
        "due_on": action.due_on,
        "status": action.status,
        "drop_reason": action.drop_reason,
        "overdue": selectors.is_overdue(action),
        "criterion_id": action.criterion_id,
        "source_assessment_id": action.source_assessment_id,
        "source_scope_item_id": action.source_item_id,
        "source_text": action.source_text,
        "created_at": action.created_at,
        "updated_at": action.updated_at,
    }


def _detail(action: ImprovementAction) -> dict:
    return {
        **_out(action),
        "history": [
            {
                "kind": c.kind,
                "from_status": c.from_status,
                "to_status": c.to_status,
                "reason": c.reason,
                "fields": c.fields,
                "changed_by": c.changed_by.full_name or c.changed_by.email,
                "changed_at": c.changed_at,
            }
            for c in selectors.history(action)
        ],
    }


@router.get("/contracts/{contract_id}/actions", response={200: list[ActionOut], **ERRORS})
def action_list(request: HttpRequest, contract_id: int, filters: Query[ActionFilters]):
    """The contract's improvement actions, soonest due first."""
    contract = permissions.get_contract(actor_of(request), contract_id)
    chosen = selectors.Filters(
        status=filters.status or "", owner=filters.owner or "", overdue=filters.overdue
    )
    return [_out(a) for a in selectors.action_list(contract, chosen)]


@router.get(
    "/contracts/{contract_id}/actions.{format}",
    response={200: None, **ERRORS},
    openapi_extra=openapi_file_response(
        "`format` `csv` or `xlsx`: one row per action (description, owning party, "
        "responsible, due date, status, reason for dropping, criterion, source report, "
        "improvement area, overdue), filtered as the list. CSV: UTF-8 with BOM, `;` and a "
        "decimal comma in Swedish, `,` and a decimal point in English, after a header "
        "comment (lines starting with #). XLSX: the actions and an About sheet."
    ),
)
def action_export(
    request: HttpRequest, contract_id: int, format: str, filters: Query[ActionFilters]
):
    """The contract's improvement actions as a file, filtered as the list, for the contract's
    readers."""
    chosen = selectors.Filters(
        status=filters.status or "", owner=filters.owner or "", overdue=filters.overdue
    )
    try:
        return export_response(
            actor=actor_of(request), contract_id=contract_id, file_format=format, filters=chosen
        )
    except ExportRequestError as error:
        raise ValidationError(str(error)) from error


@router.post("/contracts/{contract_id}/actions", response={201: ActionDetailOut, **ERRORS})
def action_create(request: HttpRequest, contract_id: int, payload: ActionIn):
    """Create an action (either party's people). With `source_scope_item_id` and
    `source_index` it is made from that improvement area: the area's text is kept."""
    actor = actor_of(request)
    contract = permissions.get_contract(actor, contract_id)
    if not permissions.can_edit(actor, contract):
        raise PermissionDenied
    source = None
    if payload.source_scope_item_id is not None:
        source = services.SourceRef(payload.source_scope_item_id, payload.source_index or 0)
    action = services.create_action(
        actor=actor,
        contract=contract,
        fields=services.ActionFields(
            description=payload.description,
            owner=payload.owner,
            responsible_id=payload.responsible_id,
            due_on=payload.due_on,
            criterion_id=payload.criterion_id,
        ),
        source=source,
    )
    return Status(201, _detail(permissions.get_action(actor, contract, action.pk)))


@router.get(
    "/contracts/{contract_id}/actions/{action_id}", response={200: ActionDetailOut, **ERRORS}
)
def action_read(request: HttpRequest, contract_id: int, action_id: int):
    """One action with its history: who changed what when."""
    actor = actor_of(request)
    contract = permissions.get_contract(actor, contract_id)
    return _detail(permissions.get_action(actor, contract, action_id))


@router.patch(
    "/contracts/{contract_id}/actions/{action_id}", response={200: ActionDetailOut, **ERRORS}
)
def action_update(request: HttpRequest, contract_id: int, action_id: int, payload: ActionUpdateIn):
    """Change the description, owning party, responsible person, due date or criterion; the
    fields left out keep their value. Moving the action to another party is for the current
    owner's side."""
    actor = actor_of(request)
    contract = permissions.get_contract(actor, contract_id)
    action = permissions.get_action(actor, contract, action_id)
    given = payload.model_dump(exclude_unset=True)
    services.update_action(
        actor=actor,
        contract=contract,
        action=action,
        fields=services.ActionFields(
            description=given.get("description", action.description) or "",
            owner=given.get("owner", action.owner) or "",
            responsible_id=given.get("responsible_id", action.responsible_id),
            due_on=given.get("due_on", action.due_on),
            criterion_id=given.get("criterion_id", action.criterion_id),
        ),
    )
    return _detail(permissions.get_action(actor, contract, action_id))


@router.post(
    "/contracts/{contract_id}/actions/{action_id}/status",
    response={200: ActionDetailOut, **ERRORS},
)
def action_status(request: HttpRequest, contract_id: int, action_id: int, payload: StatusIn):
    """Change the status (the owning party's side; either for a joint action). Dropping
    needs a reason."""
    actor = actor_of(request)
    contract = permissions.get_contract(actor, contract_id)
    action = permissions.get_action(actor, contract, action_id)
    services.change_status(
        actor=actor, contract=contract, action=action, status=payload.status, reason=payload.reason
    )
    return _detail(permissions.get_action(actor, contract, action_id))
