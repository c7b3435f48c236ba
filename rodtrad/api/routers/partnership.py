"""Partnership: the charter of a contract (versions, writing the next one, signing) and the
barometer (your own answer in a round, the aggregates of a round, the trend). Same rules as the
pages: a person's answer is returned to that person only; aggregates follow the minimum group.
No `from __future__ import annotations` (django-ninja resolves endpoint annotations at runtime).
"""

from datetime import date, datetime
from decimal import Decimal

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema, Status
from pydantic import ConfigDict

from rodtrad.api.auth import actor_of
from rodtrad.api.schemas import ERRORS
from rodtrad.partnership import barometer, permissions, selectors, services
from rodtrad.partnership.models import CharterVersion

router = Router(tags=["partnership"])


# --- the charter -------------------------------------------------------------------------------


class CharterVersionOut(Schema):
    number: int
    status: str = Field(..., description="agreed, draft (the newest, not agreed) or replaced")
    goals: str
    collaboration: str
    room_for_action: str
    feedback_use: str
    created_at: datetime
    created_by: str
    buyer_signed_at: datetime | None
    buyer_signed_by: str | None
    provider_signed_at: datetime | None
    provider_signed_by: str | None


class CharterOut(Schema):
    contract_id: int
    agreed_version: int | None
    newest_version: int | None
    can_write: bool
    can_sign_for: list[str]
    versions: list[CharterVersionOut] = Field(..., description="Newest first")


class CharterIn(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "goals": (
                        "Fler äldre känner sig trygga i sitt boende, och de boende möter få och "
                        "kunniga medarbetare."
                    ),
                    "collaboration": (
                        "Samverkansmöte varannan månad med verksamhetschef, enhetschefer och "
                        "kommunens avtalsförvaltare; uppföljning tillsammans var sjätte månad."
                    ),
                    "room_for_action": (
                        "Utföraren får pröva nya arbetssätt inom avtalets ramar efter dialog med "
                        "kommunen."
                    ),
                    "feedback_use": (
                        "Resultaten från varje uppföljningsrunda blir en gemensam förbättringsplan."
                    ),
                }
            ]
        }
    )

    goals: str = ""
    collaboration: str = ""
    room_for_action: str = ""
    feedback_use: str = ""


class SignIn(Schema):
    model_config = ConfigDict(json_schema_extra={"examples": [{"party": "buyer"}]})

    party: str | None = Field(
        None, description="buyer or provider; needed only when you act for both"
    )


def _name(user) -> str | None:
    return (user.full_name or user.email) if user is not None else None


def _version(version: CharterVersion, newest: CharterVersion) -> dict:
    status = "agreed" if version.agreed else ("draft" if version.pk == newest.pk else "replaced")
    return {
        "number": version.number,
        "status": status,
        "goals": version.goals,
        "collaboration": version.collaboration,
        "room_for_action": version.room_for_action,
        "feedback_use": version.feedback_use,
        "created_at": version.created_at,
        "created_by": _name(version.created_by),
        "buyer_signed_at": version.buyer_signed_at,
        "buyer_signed_by": _name(version.buyer_signed_by),
        "provider_signed_at": version.provider_signed_at,
        "provider_signed_by": _name(version.provider_signed_by),
    }


def _charter(actor, contract) -> dict:
    versions = selectors.charter_versions(contract)
    agreed = selectors.latest_agreed(versions)
    newest = versions[0] if versions else None
    signing = permissions.signing_parties(actor, contract)
    return {
        "contract_id": contract.pk,
        "agreed_version": agreed.number if agreed else None,
        "newest_version": newest.number if newest else None,
        "can_write": permissions.can_write_charter(actor, contract),
        "can_sign_for": sorted(
            p for p in signing if newest is not None and not newest.signed_by_party(p)
        ),
        "versions": [_version(v, newest) for v in versions] if newest else [],
    }


@router.get("/contracts/{contract_id}/charter", response={200: CharterOut, **ERRORS})
def charter_read(request: HttpRequest, contract_id: int):
    """The partnership charter: every version (newest first) with its signatures."""
    actor = actor_of(request)
    return _charter(actor, permissions.get_contract(actor, contract_id))


@router.post("/contracts/{contract_id}/charter/versions", response={201: CharterOut, **ERRORS})
def charter_write(request: HttpRequest, contract_id: int, payload: CharterIn):
    """Write the next version of the charter (members of both contract teams). It is a draft
    until both parties sign it."""
    actor = actor_of(request)
    contract = permissions.get_contract(actor, contract_id)
    services.write_charter(
        actor=actor, contract=contract, text=services.CharterText(**payload.dict())
    )
    return Status(201, _charter(actor, contract))


@router.post(
    "/contracts/{contract_id}/charter/versions/{number}/sign",
    response={200: CharterOut, **ERRORS},
)
def charter_sign(request: HttpRequest, contract_id: int, number: int, payload: SignIn):
    """Sign the newest version for your party; agreed when both parties have signed."""
    actor = actor_of(request)
    contract = permissions.get_contract(actor, contract_id)
    version = next((v for v in selectors.charter_versions(contract) if v.number == number), None)
    if version is None:
        raise Http404
    party = payload.party
    if party is None:
        signing = permissions.signing_parties(actor, contract)
        party = next(iter(signing)) if len(signing) == 1 else ""
    services.sign_charter(actor=actor, contract=contract, version=version, party=party)
    return _charter(actor, contract)


# --- the barometer -----------------------------------------------------------------------------


class ConditionOut(Schema):
    code: str
    name: str
    question: str


class OwnRatingIO(Schema):
    condition: str
    rating: int | None = Field(None, ge=1, le=5)
    comment: str = ""


class OwnAnswerOut(Schema):
    round_id: int
    can_answer: bool = Field(..., description="You are on a contract team and the round is open")
    answered: bool
    ratings: list[OwnRatingIO]


class OwnAnswerIn(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "ratings": [
                        {"condition": "common_goals", "rating": 4},
                        {
                            "condition": "collaboration",
                            "rating": 3,
                            "comment": "Samverkansmötena ställs ofta in under semesterperioden.",
                        },
                        {"condition": "room_for_action", "rating": 4},
                        {"condition": "dialogue", "rating": 4},
                        {"condition": "respect", "rating": 5},
                        {"condition": "trust", "rating": 4},
                        {"condition": "openness", "rating": 3},
                        {"condition": "culture", "rating": 4},
                        {"condition": "clarity", "rating": 3},
                        {"condition": "learning", "rating": 4},
                    ]
                }
            ]
        }
    )

    ratings: list[OwnRatingIO]


class PartyFiguresOut(Schema):
    shown: bool = Field(..., description="False when fewer than min_group of the party answered")
    count: int | None
    mean: Decimal | None
    distribution: list[int] | None = Field(None, description="How many rated 1, 2, 3, 4, 5")
    comments: list[str] = Field(..., description="Without names, sorted by their text")


class ConditionResultOut(Schema):
    code: str
    name: str
    buyer: PartyFiguresOut
    provider: PartyFiguresOut
    gap: Decimal | None = Field(..., description="Buyer's mean minus provider's mean")


class RoundResultOut(Schema):
    round_id: int
    title: str
    due_on: date
    status: str
    min_group: int
    results_shown: bool = Field(..., description="Aggregates are shown once the round is done")
    buyer_index: Decimal | None
    provider_index: Decimal | None
    conditions: list[ConditionResultOut]


class TrendOut(Schema):
    contract_id: int
    conditions: list[ConditionOut]
    rounds: list[RoundResultOut] = Field(..., description="Done rounds, oldest first")


def _figures(figures: barometer.PartyFigures) -> dict:
    return {
        "shown": not figures.hidden,
        "count": figures.count,
        "mean": figures.mean,
        "distribution": list(figures.distribution) if figures.distribution else None,
        "comments": list(figures.comments),
    }


def _round(round, result: barometer.RoundResult | None) -> dict:
    return {
        "round_id": round.pk,
        "title": round.title,
        "due_on": round.due_on,
        "status": round.status,
        "min_group": selectors.min_group(),
        "results_shown": result is not None,
        "buyer_index": result.index.get("buyer") if result else None,
        "provider_index": result.index.get("provider") if result else None,
        "conditions": [
            {
                "code": c.condition.code,
                "name": str(c.condition.name),
                "buyer": _figures(c.buyer),
                "provider": _figures(c.provider),
                "gap": c.gap,
            }
            for c in (result.conditions if result else ())
        ],
    }


def _own(actor, contract, round) -> dict:
    own = selectors.own_answer(round, actor) or {}
    return {
        "round_id": round.pk,
        "can_answer": permissions.can_answer(actor, contract, round),
        "answered": bool(own),
        "ratings": [
            {
                "condition": code,
                "rating": own[code].rating if code in own else None,
                "comment": own[code].comment if code in own else "",
            }
            for code in barometer.CONDITION_CODES
        ],
    }


@router.get("/partnership/conditions", response={200: list[ConditionOut], **ERRORS})
def conditions(request: HttpRequest):
    """The ten conditions of a partnership that the barometer asks about."""
    return [
        {"code": c.code, "name": str(c.name), "question": str(c.question)}
        for c in barometer.CONDITIONS
    ]


@router.get(
    "/contracts/{contract_id}/rounds/{round_id}/barometer/answer",
    response={200: OwnAnswerOut, **ERRORS},
)
def own_answer_read(request: HttpRequest, contract_id: int, round_id: int):
    """Your own answer in the round (nobody else's is ever returned)."""
    actor = actor_of(request)
    contract, round = permissions.get_round(actor, contract_id, round_id)
    return _own(actor, contract, round)


@router.put(
    "/contracts/{contract_id}/rounds/{round_id}/barometer/answer",
    response={200: OwnAnswerOut, **ERRORS},
)
def own_answer_write(request: HttpRequest, contract_id: int, round_id: int, payload: OwnAnswerIn):
    """Give or change your answer while the round is in progress: every condition rated 1–5,
    each with an optional comment."""
    actor = actor_of(request)
    contract, round = permissions.get_round(actor, contract_id, round_id)
    services.answer_barometer(
        actor=actor,
        contract=contract,
        round=round,
        ratings={r.condition: r.rating for r in payload.ratings},
        comments={r.condition: r.comment for r in payload.ratings},
    )
    return _own(actor, contract, round)


@router.get(
    "/contracts/{contract_id}/rounds/{round_id}/barometer",
    response={200: RoundResultOut, **ERRORS},
)
def round_results(request: HttpRequest, contract_id: int, round_id: int):
    """The round's aggregates per party (only for groups of at least min_group), once it is
    done."""
    actor = actor_of(request)
    _contract, round = permissions.get_round(actor, contract_id, round_id)
    return _round(round, selectors.round_result(round))


@router.get("/contracts/{contract_id}/barometer", response={200: TrendOut, **ERRORS})
def trend(request: HttpRequest, contract_id: int):
    """Every done round's aggregates, oldest first."""
    actor = actor_of(request)
    contract = permissions.get_contract(actor, contract_id)
    return {
        "contract_id": contract.pk,
        "conditions": conditions(request),
        "rounds": [_round(r, result) for r, result in selectors.trend(selectors.rounds(contract))],
    }
