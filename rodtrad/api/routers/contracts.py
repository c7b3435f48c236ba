"""Contracts: the list and one contract with its baseline (for its two parties), and the
registration of the signed contract of a lot after the standstill. Same rules as the pages.
No `from __future__ import annotations` (django-ninja resolves endpoint annotations at runtime).
"""

from datetime import date, datetime
from decimal import Decimal

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate
from pydantic import ConfigDict

from rodtrad.accounts.models import User
from rodtrad.api.auth import actor_of
from rodtrad.api.schemas import ERRORS
from rodtrad.contracts import permissions, selectors, services
from rodtrad.contracts.models import Contract

router = Router(tags=["contracts"])


class ContractOut(Schema):
    id: int
    procurement_id: int
    procurement_title: str
    lot_id: int
    lot_number: int
    buyer_id: int
    buyer: str
    provider_id: int
    provider: str
    tender_id: int
    award_decision_id: int
    baseline_assessment_id: int = Field(
        ..., description="The winning tender's final consensus assessment"
    )
    reference: str
    signed_on: date
    starts_on: date
    ends_on: date
    latest_end_on: date | None
    value: Decimal = Field(..., description="SEK")
    manager_id: int
    manager: str
    registered_at: datetime


class BaselineLineOut(Schema):
    code: str
    name: str
    kind: str
    max_points: Decimal
    step_percent: int | None
    points: Decimal


class ContractDetailOut(ContractOut):
    baseline_points: Decimal
    baseline_max_points: Decimal
    baseline: list[BaselineLineOut]


class ContractIn(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "lot_id": 1,
                    "signed_on": "2026-11-20",
                    "starts_on": "2027-01-01",
                    "ends_on": "2030-12-31",
                    "latest_end_on": "2032-12-31",
                    "value": "180000000",
                    "manager_id": 6,
                    "reference": "AVT 2026/0412",
                }
            ]
        }
    )

    lot_id: int | None = Field(None, description="Needed only when the procurement has lots")
    signed_on: date | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    latest_end_on: date | None = None
    value: Decimal | None = Field(None, description="SEK")
    manager_id: int | None = Field(
        None, description="A buyer administrator or contract manager; default yourself"
    )
    reference: str = Field("", max_length=64)
    note: str = ""


class ManagerOut(Schema):
    id: int
    name: str


class LotRegistrationOut(Schema):
    lot_id: int
    lot_number: int
    winner_tender_id: int
    winner: str
    standstill_last_day: date
    contract_id: int | None


class RegistrationOut(Schema):
    procurement_id: int
    procurement_status: str
    contract_blocker: str | None = Field(
        ..., description="Why no contract can be registered yet; null when it can"
    )
    can_register: bool
    managers: list[ManagerOut]
    lots: list[LotRegistrationOut]


def _out(contract: Contract) -> dict:
    return {
        "id": contract.pk,
        "procurement_id": contract.procurement_id,
        "procurement_title": contract.procurement.title,
        "lot_id": contract.lot_id,
        "lot_number": contract.lot.number,
        "buyer_id": contract.buyer_id,
        "buyer": contract.buyer.name,
        "provider_id": contract.provider_id,
        "provider": contract.provider.name,
        "tender_id": contract.tender_id,
        "award_decision_id": contract.decision_id,
        "baseline_assessment_id": contract.baseline_id,
        "reference": contract.reference,
        "signed_on": contract.signed_on,
        "starts_on": contract.starts_on,
        "ends_on": contract.ends_on,
        "latest_end_on": contract.latest_end_on,
        "value": contract.value,
        "manager_id": contract.manager_id,
        "manager": contract.manager.full_name or contract.manager.email,
        "registered_at": contract.registered_at,
    }


def _detail(contract: Contract) -> dict:
    baseline = selectors.baseline(contract)
    return {
        **_out(contract),
        "baseline_points": baseline.total,
        "baseline_max_points": baseline.max_total,
        "baseline": [
            {
                "code": line.code,
                "name": line.name,
                "kind": line.kind,
                "max_points": line.max_points,
                "step_percent": line.percent,
                "points": line.points,
            }
            for line in baseline.lines
        ],
    }


@router.get("/contracts", response={200: list[ContractOut], **ERRORS})
@paginate(PageNumberPagination)
def contract_list(request: HttpRequest):
    """The contracts your organisations are party to, newest signature first."""
    return [_out(c) for c in selectors.contract_list(actor_of(request))]


@router.get("/contracts/{contract_id}", response={200: ContractDetailOut, **ERRORS})
def contract_read(request: HttpRequest, contract_id: int):
    """One contract with its baseline: the winning tender's final consensus per criterion."""
    return _detail(permissions.get_contract(actor_of(request), contract_id))


def _registration(actor, procurement) -> dict:
    page = selectors.registration(actor, procurement)
    return {
        "procurement_id": procurement.pk,
        "procurement_status": procurement.status,
        "contract_blocker": page.blocker,
        "can_register": page.can_register,
        "managers": [
            {"id": u.pk, "name": u.full_name or u.email}
            for u in (services.manager_choices(procurement) if page.can_register else [])
        ],
        "lots": [
            {
                "lot_id": lot.decision.lot_id,
                "lot_number": lot.decision.lot.number,
                "winner_tender_id": lot.decision.winner_id,
                "winner": lot.decision.winner.organisation.name,
                "standstill_last_day": lot.decision.standstill_last_day,
                "contract_id": lot.contract.pk if lot.contract else None,
            }
            for lot in page.lots
        ],
    }


@router.get("/procurements/{procurement_id}/contracts", response={200: RegistrationOut, **ERRORS})
def contract_registration_read(request: HttpRequest, procurement_id: int):
    """Per decided lot its registered contract, and why a contract cannot be registered yet."""
    actor = actor_of(request)
    return _registration(actor, permissions.get_for_registration(actor, procurement_id))


@router.post(
    "/procurements/{procurement_id}/contracts", response={201: ContractDetailOut, **ERRORS}
)
def contract_register(request: HttpRequest, procurement_id: int, payload: ContractIn):
    """Register the signed contract of a lot: after the standstill, with no request for review
    open, signed no earlier than the standstill allowed. The winning tender's final consensus
    becomes the baseline; when every lot has its contract the procurement is contracted."""
    actor = actor_of(request)
    procurement = permissions.get_for_registration(actor, procurement_id)
    lot_id = payload.lot_id
    if lot_id is None:
        lots = list(procurement.lots.values_list("pk", flat=True))
        lot_id = lots[0] if len(lots) == 1 else 0
    manager = (
        User.objects.filter(pk=payload.manager_id).first()
        if payload.manager_id is not None
        else actor.user
    )
    contract = services.register_contract(
        actor=actor,
        procurement=procurement,
        lot_id=lot_id,
        terms=services.ContractTerms(
            signed_on=payload.signed_on,
            starts_on=payload.starts_on,
            ends_on=payload.ends_on,
            latest_end_on=payload.latest_end_on,
            value=payload.value,
            manager=manager,
            reference=payload.reference,
            note=payload.note,
        ),
    )
    return Status(201, _detail(permissions.get_contract(actor, contract.pk)))
