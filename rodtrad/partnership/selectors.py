"""Reads for the partnership pages, the API and the contract page's summary, each in a fixed
number of queries. Aggregates read ratings with their party only (never the respondent); the one
read of a person's own answer is `own_answer`, always for the asking user."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings

from rodtrad.accounts.actor import Actor
from rodtrad.contracts.models import Contract
from rodtrad.followup.models import FollowUpRound
from rodtrad.partnership import barometer, permissions
from rodtrad.partnership.models import BarometerRating, CharterVersion


def min_group() -> int:
    return max(2, int(settings.RODTRAD_BAROMETER_MIN_GROUP))


# --- the charter -------------------------------------------------------------------------------


def charter_versions(contract: Contract) -> list[CharterVersion]:
    """Every version, newest first, with who wrote and signed it. One query."""
    return list(
        CharterVersion.objects.filter(contract=contract)
        .select_related("created_by", "buyer_signed_by", "provider_signed_by")
        .order_by("-number")
    )


def latest_agreed(versions: Sequence[CharterVersion]) -> CharterVersion | None:
    return next((v for v in versions if v.agreed), None)


def goals_text(contract: Contract) -> str:
    """The procurement's goals, one per line: where the charter's common goals start. One
    query."""
    return "\n".join(
        f"{goal.code} {goal.text}".strip()
        for goal in contract.procurement.goals.order_by("order", "id")
    )


# --- the barometer -----------------------------------------------------------------------------


@dataclass(frozen=True)
class OwnRating:
    rating: int
    comment: str


def own_answer(round: FollowUpRound, actor: Actor) -> dict[str, OwnRating] | None:
    """The asking person's own answer in the round, per condition; None before they answer.
    One query."""
    if actor.user is None:
        return None
    ratings = list(
        BarometerRating.objects.filter(response__round=round, response__user_id=actor.user.pk)
    )
    if not ratings:
        return None
    return {r.condition: OwnRating(r.rating, r.comment) for r in ratings}


def _answers(round_ids: Sequence[int]) -> dict[int, list[barometer.Answer]]:
    rows = BarometerRating.objects.filter(response__round_id__in=round_ids).values_list(
        "response__round_id", "response__party", "condition", "rating", "comment"
    )
    found: dict[int, list[barometer.Answer]] = {pk: [] for pk in round_ids}
    for round_id, party, condition, rating, comment in rows:
        found[round_id].append(barometer.Answer(party, condition, rating, comment))
    return found


def large_gaps_by_round(
    round_ids: Sequence[int],
) -> dict[int, list[barometer.ConditionResult]]:
    """Per round the conditions on which the parties' shown means differ by at least
    `barometer.GAP_THRESHOLD` (hidden groups never count). One query, none without rounds."""
    if not round_ids:
        return {}
    answers = _answers(round_ids)
    return {
        pk: barometer.aggregate(found, min_group=min_group()).large_gaps
        for pk, found in answers.items()
    }


def round_result(round: FollowUpRound) -> barometer.RoundResult | None:
    """The round's aggregates once it is done, else None. One query when done, none before."""
    if not permissions.results_open(round):
        return None
    return barometer.aggregate(_answers([round.pk])[round.pk], min_group=min_group())


def rounds(contract: Contract) -> list[FollowUpRound]:
    """The contract's follow-up rounds, oldest first. One query."""
    return list(FollowUpRound.objects.filter(contract=contract).order_by("due_on", "number"))


def trend(all_rounds: Sequence[FollowUpRound]) -> list[tuple[FollowUpRound, barometer.RoundResult]]:
    """Every done round's aggregates, oldest first. One query (none without a done round)."""
    rounds = [r for r in all_rounds if permissions.results_open(r)]
    answers = _answers([r.pk for r in rounds]) if rounds else {}
    points = barometer.trend(
        [(str(r.pk), answers.get(r.pk, [])) for r in rounds], min_group=min_group()
    )
    return [(r, point.result) for r, point in zip(rounds, points, strict=True)]


# --- the contract page's summary ---------------------------------------------------------------


@dataclass(frozen=True)
class Summary:
    contract: Contract
    draft: CharterVersion | None  # the newest version when it is not agreed
    agreed: CharterVersion | None  # the newest agreed version
    round: FollowUpRound | None  # the latest done round
    large_gaps: list[barometer.ConditionResult]
    can_answer_round: FollowUpRound | None  # a round in progress the actor may answer

    @property
    def threshold(self):
        return barometer.GAP_THRESHOLD


def contract_summary(contract: Contract, actor: Actor) -> Summary:
    """The charter's status (the agreed version and any newer draft) and the latest done round's
    gaps of at least `barometer.GAP_THRESHOLD` between the parties. Three queries (four when a
    round is done): charter versions, rounds, the latest done round's ratings."""
    versions = list(
        CharterVersion.objects.filter(contract=contract)
        .only("id", "number", "buyer_signed_at", "provider_signed_at", "contract_id")
        .order_by("-number")
    )
    agreed = latest_agreed(versions)
    draft = versions[0] if versions and not versions[0].agreed else None
    all_rounds = rounds(contract)
    done = [r for r in all_rounds if permissions.results_open(r)]
    latest = done[-1] if done else None
    gaps: list[barometer.ConditionResult] = []
    if latest is not None:
        result = barometer.aggregate(_answers([latest.pk])[latest.pk], min_group=min_group())
        gaps = result.large_gaps
    open_round = next((r for r in all_rounds if permissions.round_open(r)), None)
    answerable = (
        open_round
        if open_round is not None and permissions.team_party(actor, contract) is not None
        else None
    )
    return Summary(
        contract=contract,
        draft=draft,
        agreed=agreed,
        round=latest,
        large_gaps=gaps,
        can_answer_round=answerable,
    )
