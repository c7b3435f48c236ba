"""The follow-up report of one round (a PDF): both parties' results and progression up to the
round, the indicators against their targets, what happened to the improvement actions since the
previous round, the partnership barometer's aggregates, and the next steps both agreed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rodtrad.contracts.models import Contract
from rodtrad.followup import selectors
from rodtrad.followup.models import FollowUpRound
from rodtrad.improvements import selectors as improvement_selectors
from rodtrad.indicators import selectors as indicator_selectors
from rodtrad.partnership import selectors as partnership_selectors


@dataclass
class RoundReport:
    contract: Contract
    round: FollowUpRound
    parties: list[selectors.PartyProgression]
    indicators: list[indicator_selectors.IndicatorRow]
    action_changes: Any
    action_summary: Any
    barometer: Any
    min_group: int


def round_report(contract: Contract, round: FollowUpRound) -> RoundReport:
    """Everything up to and including the round (later rounds are left out). A fixed number of
    queries."""
    up_to = [r for r in selectors.rounds(contract) if r.due_on <= round.due_on]
    since, until = selectors.action_window(contract, round)
    return RoundReport(
        contract=contract,
        round=round,
        parties=selectors.progressions(contract, up_to),
        indicators=indicator_selectors.indicator_rows(contract),
        action_changes=improvement_selectors.changes_between(contract, since, until),
        action_summary=improvement_selectors.contract_summary(contract),
        barometer=partnership_selectors.round_result(round),
        min_group=partnership_selectors.min_group(),
    )
