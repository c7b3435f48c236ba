"""The contract release (one per registered contract) and the implementation release (one per
contract once a follow-up round is done): the rounds as milestones, each done round with its
follow-up report. Only dates and statuses of the rounds; never their scores, self-descriptions
or the partnership barometer."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _

from rodtrad.contracts.models import Contract
from rodtrad.followup.models import FollowUpRound, RoundStatus
from rodtrad.ocds import formats
from rodtrad.ocds.award import award_id
from rodtrad.ocds.parties import buyer_party, party
from rodtrad.ocds.sources import Sources


def _title(sources: Sources, contract: Contract) -> str:
    if sources.several_lots:
        return _("Contract, lot %(number)s") % {"number": contract.lot.number}
    return _("Contract")


def contract_section(sources: Sources, contract: Contract) -> dict[str, Any]:
    period = {"startDate": formats.start_of_day(contract.starts_on)}
    period["endDate"] = formats.start_of_day(contract.ends_on)
    if contract.latest_end_on:
        period["maxExtentDate"] = formats.start_of_day(contract.latest_end_on)
    section: dict[str, Any] = {
        "id": str(contract.pk),
        "awardID": award_id(contract.lot.number),
        "title": _title(sources, contract),
        "status": "active",
        "period": period,
        "value": formats.amount(contract.value),
        "dateSigned": formats.start_of_day(contract.signed_on),
        "documents": [
            {
                "id": f"contract-{contract.pk}",
                "documentType": "contractSummary",
                "title": _title(sources, contract),
                "url": formats.link("contracts:detail", contract.pk),
                "format": "text/html",
                "datePublished": formats.timestamp(contract.registered_at),
            }
        ],
    }
    if contract.reference:
        section["description"] = _("Contract number %(reference)s") % {
            "reference": contract.reference
        }
    return section


def contract_parties(sources: Sources, contract: Contract) -> list[dict[str, Any]]:
    return [buyer_party(sources.buyer), party(contract.provider, "supplier")]


# --- implementation ---------------------------------------------------------------------------


def completed_at(round: FollowUpRound) -> datetime | None:
    """When the round's last assessment became final (a done round's moment)."""
    moments = [
        a.finalised_at
        for a in (round.provider_assessment, round.buyer_assessment)
        if a is not None and a.finalised_at is not None
    ]
    return max(moments) if moments else None


def done_rounds(rounds: list[FollowUpRound]) -> list[FollowUpRound]:
    return [r for r in rounds if r.status == RoundStatus.DONE]


def _milestone(contract: Contract, round: FollowUpRound) -> dict[str, Any]:
    milestone: dict[str, Any] = {
        "id": f"follow-up-round-{round.number}",
        "title": round.title,
        "type": "assessment",
        "description": _("Follow-up assessment with the quality model of the procurement."),
        "dueDate": formats.start_of_day(round.due_on),
        "status": "met" if round.status == RoundStatus.DONE else "scheduled",
    }
    finished = completed_at(round) if round.status == RoundStatus.DONE else None
    if round.status == RoundStatus.DONE:
        report: dict[str, Any] = {
            "id": f"follow-up-report-{round.number}",
            "documentType": "physicalProgressReport",
            "title": _("Follow-up report, round %(number)s") % {"number": round.number},
            "url": formats.link("followup:report_pdf", contract.pk, round.pk),
            "format": "application/pdf",
        }
        if finished is not None:
            milestone["dateMet"] = formats.timestamp(finished)
            report["datePublished"] = formats.timestamp(finished)
        milestone["documents"] = [report]
    return milestone


def implementation_section(
    sources: Sources, contract: Contract, rounds: list[FollowUpRound]
) -> dict[str, Any]:
    milestones = [_milestone(contract, r) for r in rounds]
    reports = [doc for m in milestones for doc in m.get("documents", [])]
    return {
        "id": str(contract.pk),
        "awardID": award_id(contract.lot.number),
        "implementation": {"milestones": milestones, "documents": reports},
    }


def implementation_date(contract: Contract, rounds: list[FollowUpRound]) -> datetime:
    moments = [m for m in (completed_at(r) for r in done_rounds(rounds)) if m is not None]
    return max(moments, default=contract.registered_at)
