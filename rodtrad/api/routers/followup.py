"""Follow-up of a contract: the rounds (add, move, start with a panel from both contract teams,
open individual assessment, complete with the agreed next steps), each party's
self-descriptions, and both parties' progression since the tender. Same rules as the pages;
the assessments themselves are the engine's endpoints (`/assessments/{id}/...`).
No `from __future__ import annotations` (django-ninja resolves endpoint annotations at runtime).
"""

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate
from pydantic import ConfigDict

from rodtrad.accounts.models import User
from rodtrad.api.auth import actor_of
from rodtrad.api.schemas import ERRORS
from rodtrad.contracts import permissions as contract_permissions
from rodtrad.contracts.models import Party
from rodtrad.followup import dashboard, permissions, selectors, services, thread
from rodtrad.followup.models import FollowUpRound
from rodtrad.followup.views import round_report_pdf
from rodtrad.qualitymodels.models import Criterion

router = Router(tags=["follow-up"])


class RoundOut(Schema):
    id: int
    number: int
    title: str
    due_on: date
    status: str
    change_reason: str
    next_steps: str
    provider_assessment_id: int | None
    buyer_assessment_id: int | None


class RoundDateIn(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "due_on": "2027-12-01",
                    "reason": "Extra uppföljning efter två lex Sarah-rapporter i oktober.",
                }
            ]
        }
    )

    due_on: date | None = None
    reason: str = ""


class RoundStartIn(Schema):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"chair_id": 6, "evaluator_ids": [4, 5, 8]}]}
    )

    chair_id: int | None = None
    evaluator_ids: list[int] = Field(default_factory=list)


class CompleteIn(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "next_steps": (
                        "Utföraren inför fasta tider för måltidsvärdar på alla avdelningar före "
                        "februari 2028; kommunen bjuder in till ett gemensamt möte om Senior "
                        "alert i januari."
                    )
                }
            ]
        }
    )

    next_steps: str = ""


class DescriptionIn(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "criterion_id": 14,
                    "text": (
                        "Varje boende har en fast omsorgskontakt som är undersköterska och som "
                        "tar fram genomförandeplanen tillsammans med den äldre inom två veckor "
                        "från inflyttningen."
                    ),
                    "evidence": "Stickprov i tio genomförandeplaner i oktober 2027.",
                }
            ]
        }
    )

    criterion_id: int
    text: str
    evidence: str = ""


class DescriptionOut(Schema):
    party: str
    criterion_id: int
    text: str
    evidence: str


class ProgressionRowOut(Schema):
    code: str
    name: str
    kind: str
    max_points: Decimal
    points: list[Decimal | None]
    since_first: Decimal | None
    since_previous: Decimal | None


class PartyProgressionOut(Schema):
    party: str
    organisation: str
    labels: list[str]
    criteria: list[ProgressionRowOut]
    parts: list[ProgressionRowOut]
    total: ProgressionRowOut


class ThreadGoalOut(Schema):
    code: str
    text: str


class ThreadIndicatorOut(Schema):
    name: str
    unit: str
    target: Decimal
    latest: Decimal | None
    off_target: bool


class ThreadRowOut(Schema):
    code: str
    name: str
    max_points: Decimal
    goals: list[ThreadGoalOut]
    provider: list[Decimal | None]
    buyer: list[Decimal | None]
    indicators: list[ThreadIndicatorOut]
    open_actions: int
    overdue_actions: int


class ThreadOut(Schema):
    provider_labels: list[str] = Field(
        description="The provider's columns: the tender's consensus, then every final round."
    )
    buyer_labels: list[str] = Field(description="The buyer's columns: every final round.")
    rows: list[ThreadRowOut]


class NextRoundOut(Schema):
    id: int
    title: str
    due_on: date
    overdue: bool
    due_soon: bool


class GapOut(Schema):
    condition: str
    name: str
    gap: Decimal = Field(description="The buyer's mean minus the provider's mean.")


class OverviewOut(Schema):
    contract_id: int
    title: str
    buyer: str
    provider: str
    next_round: NextRoundOut | None
    overdue_actions: int
    indicators: int
    indicators_off_target: int
    latest_done_round_id: int | None
    partnership_gaps: list[GapOut]
    needs_attention: bool


def _round_out(r: FollowUpRound) -> dict:
    return {
        "id": r.pk,
        "number": r.number,
        "title": r.title,
        "due_on": r.due_on,
        "status": r.status,
        "change_reason": r.change_reason,
        "next_steps": r.next_steps,
        "provider_assessment_id": r.provider_assessment_id,
        "buyer_assessment_id": r.buyer_assessment_id,
    }


def _row(row) -> dict:
    return {
        "code": row.code,
        "name": row.name,
        "kind": row.kind,
        "max_points": row.max_points,
        "points": row.points,
        "since_first": row.since_first,
        "since_previous": row.since_previous,
    }


def _loaded(request, contract_id: int, round_id: int):
    actor = actor_of(request)
    contract = contract_permissions.get_contract(actor, contract_id)
    return actor, contract, permissions.get_round(actor, contract, round_id)


@router.get("/contracts/{contract_id}/rounds", response={200: list[RoundOut], **ERRORS})
def followup_rounds(request: HttpRequest, contract_id: int):
    """The contract's follow-up rounds in due order."""
    contract = contract_permissions.get_contract(actor_of(request), contract_id)
    return [_round_out(r) for r in selectors.rounds(contract)]


@router.post("/contracts/{contract_id}/rounds", response={201: RoundOut, **ERRORS})
def followup_round_add(request: HttpRequest, contract_id: int, payload: RoundDateIn):
    """Add a round beside the plan, with the reason (the buyer's contract managers)."""
    actor = actor_of(request)
    contract = contract_permissions.get_contract(actor, contract_id)
    round = services.add_round(
        actor=actor, contract=contract, due_on=payload.due_on, reason=payload.reason
    )
    return Status(201, _round_out(round))


@router.get("/contracts/{contract_id}/rounds/{round_id}", response={200: RoundOut, **ERRORS})
def followup_round_read(request: HttpRequest, contract_id: int, round_id: int):
    return _round_out(_loaded(request, contract_id, round_id)[2])


@router.get("/contracts/{contract_id}/rounds/{round_id}/report.pdf", response={200: None, **ERRORS})
def round_report(request: HttpRequest, contract_id: int, round_id: int) -> HttpResponse:
    """The round's follow-up report (PDF) for both parties: progression up to the round,
    indicators against target, actions since the previous round, the barometer once the round
    is done and the agreed next steps."""
    return round_report_pdf(actor_of(request), contract_id, round_id)


@router.post("/contracts/{contract_id}/rounds/{round_id}/move", response={200: RoundOut, **ERRORS})
def followup_round_move(
    request: HttpRequest, contract_id: int, round_id: int, payload: RoundDateIn
):
    """Move a round to another day, with the reason."""
    actor, _contract, round = _loaded(request, contract_id, round_id)
    services.move_round(actor=actor, round=round, due_on=payload.due_on, reason=payload.reason)
    return _round_out(round)


@router.post("/contracts/{contract_id}/rounds/{round_id}/start", response={200: RoundOut, **ERRORS})
def followup_round_start(
    request: HttpRequest, contract_id: int, round_id: int, payload: RoundStartIn
):
    """Start the round: both parties' assessments with a panel from the contract teams."""
    actor, _contract, round = _loaded(request, contract_id, round_id)
    users = {
        u.pk: u for u in User.objects.filter(pk__in=[payload.chair_id, *payload.evaluator_ids])
    }
    services.start_round(
        actor=actor,
        round=round,
        chair=users.get(payload.chair_id) if payload.chair_id else None,
        evaluators=[users[pk] for pk in payload.evaluator_ids if pk in users],
    )
    return _round_out(round)


@router.post("/contracts/{contract_id}/rounds/{round_id}/open", response={200: RoundOut, **ERRORS})
def followup_round_open(request: HttpRequest, contract_id: int, round_id: int):
    """End the self-descriptions and open individual assessment."""
    actor, _contract, round = _loaded(request, contract_id, round_id)
    services.open_assessment(actor=actor, round=round)
    return _round_out(round)


@router.post(
    "/contracts/{contract_id}/rounds/{round_id}/complete", response={200: RoundOut, **ERRORS}
)
def followup_round_complete(
    request: HttpRequest, contract_id: int, round_id: int, payload: CompleteIn
):
    """Complete a round whose assessments are final, with the agreed next steps."""
    actor, _contract, round = _loaded(request, contract_id, round_id)
    services.complete_round(actor=actor, round=round, next_steps=payload.next_steps)
    return _round_out(round)


@router.get(
    "/contracts/{contract_id}/rounds/{round_id}/self-descriptions",
    response={200: list[DescriptionOut], **ERRORS},
)
def followup_descriptions(request: HttpRequest, contract_id: int, round_id: int):
    """What each party wrote about itself per criterion."""
    _actor, _contract, round = _loaded(request, contract_id, round_id)
    return [
        {"party": party, "criterion_id": pk, "text": d.text, "evidence": d.evidence}
        for party, found in selectors.self_descriptions(round).items()
        for pk, d in found.items()
    ]


@router.put(
    "/contracts/{contract_id}/rounds/{round_id}/self-descriptions/{party}",
    response={200: list[DescriptionOut], **ERRORS},
)
def followup_describe(
    request: HttpRequest, contract_id: int, round_id: int, party: str, payload: list[DescriptionIn]
):
    """Write your party's self-descriptions (before individual assessment opens)."""
    actor, _contract, round = _loaded(request, contract_id, round_id)
    if party not in Party.values or not permissions.can_describe(actor, round, party):
        raise PermissionDenied
    criteria = Criterion.objects.in_bulk([d.criterion_id for d in payload])
    for description in payload:
        criterion = criteria.get(description.criterion_id)
        if criterion is None:
            continue
        services.save_self_description(
            actor=actor,
            round=round,
            party=party,
            criterion=criterion,
            text=description.text,
            evidence=description.evidence,
        )
    return followup_descriptions(request, contract_id, round_id)


@router.get(
    "/contracts/{contract_id}/progression", response={200: list[PartyProgressionOut], **ERRORS}
)
def followup_progression(request: HttpRequest, contract_id: int):
    """Both parties' progression per criterion, part and in total: the provider since the
    tender's consensus, the buyer since its first round."""
    contract = contract_permissions.get_contract(actor_of(request), contract_id)
    return [
        {
            "party": p.party,
            "organisation": p.label,
            "labels": p.progression.labels,
            "criteria": [_row(r) for r in p.progression.criteria],
            "parts": [_row(r) for r in p.progression.parts],
            "total": _row(p.progression.total),
        }
        for p in selectors.progressions(contract, selectors.rounds(contract))
    ]


@router.get("/contracts/{contract_id}/thread", response={200: ThreadOut, **ERRORS})
def followup_thread(request: HttpRequest, contract_id: int):
    """The contract's red thread: per award criterion the goals it serves, both parties' points
    from the tender through every final round, the linked indicators against their targets and
    the open and overdue improvement actions."""
    found = thread.red_thread(contract_permissions.get_contract(actor_of(request), contract_id))
    return {
        "provider_labels": found.provider_labels,
        "buyer_labels": found.buyer_labels,
        "rows": [
            {
                "code": row.code,
                "name": row.name,
                "max_points": row.max_points,
                "goals": [{"code": g.code, "text": g.text} for g in row.goals],
                "provider": row.provider,
                "buyer": row.buyer,
                "indicators": [vars(i) for i in row.indicators],
                "open_actions": row.open_actions,
                "overdue_actions": row.overdue_actions,
            }
            for row in found.rows
        ],
    }


@router.get("/follow-up/overview", response={200: list[OverviewOut], **ERRORS})
@paginate(PageNumberPagination)
def followup_overview(request: HttpRequest):
    """Every contract you follow up, those needing attention first: the next round (overdue or
    due soon), overdue improvement actions, indicators off target and the partnership gaps of the
    latest completed round."""
    return [
        {
            "contract_id": row.contract.pk,
            "title": row.contract.procurement.title,
            "buyer": row.contract.buyer.name,
            "provider": row.contract.provider.name,
            "next_round": {
                "id": row.next_round.pk,
                "title": row.next_round.title,
                "due_on": row.next_round.due_on,
                "overdue": row.round_overdue,
                "due_soon": row.round_due_soon,
            }
            if row.next_round
            else None,
            "overdue_actions": row.overdue_actions,
            "indicators": row.indicators,
            "indicators_off_target": row.off_target,
            "latest_done_round_id": row.latest_done.pk if row.latest_done else None,
            "partnership_gaps": [
                {"condition": g.condition.code, "name": str(g.condition.name), "gap": g.gap}
                for g in row.partnership_gaps
            ],
            "needs_attention": row.needs_attention,
        }
        for row in dashboard.overview(actor_of(request))
    ]
