"""What the export may read, stage by stage, in a fixed number of queries.

Every read goes through what the stage has made public, never through the working copy or the
sealed tenders:
- a published procurement only through its published document versions (the snapshots); the
  working copy (`documents.build_snapshot`) only while it is still a draft, which only the
  buyer's side can export (see rodtrad/api/routers/ocds.py);
- the tenderers, their number and the prices only through the signed award decisions (nothing
  before the decision: `award.permissions.DECIDED_STATUSES` and `award.selectors.decisions`);
- the contracts and the follow-up rounds with the time their assessments became final; never
  the assessments' scores nor the partnership barometer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rodtrad.accounts.models import Organisation
from rodtrad.award import permissions as award_permissions
from rodtrad.award import selectors as award_selectors
from rodtrad.award.models import AwardDecision
from rodtrad.contracts.models import Contract
from rodtrad.followup.models import FollowUpRound
from rodtrad.procurements import documents
from rodtrad.procurements import permissions as procurement_permissions
from rodtrad.procurements.models import DocumentVersion, Procurement
from rodtrad.procurements.views import market as published_reads


@dataclass
class Sources:
    procurement: Procurement
    buyer: Organisation
    published: bool
    snapshot: dict[str, Any]
    versions: list[DocumentVersion] = field(default_factory=list)
    decisions: list[AwardDecision] = field(default_factory=list)
    tenderers: list[Organisation] = field(default_factory=list)
    contracts: list[Contract] = field(default_factory=list)
    rounds: dict[int, list[FollowUpRound]] = field(default_factory=dict)

    @property
    def several_lots(self) -> bool:
        return len(self.snapshot["lots"]) > 1


def gather(procurement: Procurement) -> Sources:
    """Everything the export needs: a draft's working copy (as a document snapshot), or the
    published documents, then the award decisions, the tenderers named in them, the contracts
    and their follow-up rounds, each read once."""
    buyer = procurement.buyer
    if not procurement_permissions.is_published(procurement):
        return Sources(procurement, buyer, False, documents.build_snapshot(procurement))
    versions = published_reads.version_list(procurement)
    latest = published_reads.get_version(procurement)
    sources = Sources(procurement, buyer, True, latest.snapshot, versions)
    if procurement.status not in award_permissions.DECIDED_STATUSES:
        return sources
    sources.decisions = award_selectors.decisions(procurement)
    if not sources.decisions:
        return sources
    sources.tenderers = _tenderers(sources.decisions)
    sources.contracts = list(
        Contract.objects.filter(procurement=procurement)
        .select_related("lot", "provider")
        .order_by("lot__number")
    )
    sources.rounds = _rounds(sources.contracts)
    return sources


def _tenderers(decisions: list[AwardDecision]) -> list[Organisation]:
    """The organisations whose opened tenders the decisions rank or list as disqualified."""
    ids = {
        row["organisation"]
        for decision in decisions
        for row in (*decision.ranking, *decision.disqualified)
    }
    return list(Organisation.objects.filter(pk__in=ids).order_by("name", "id"))


def _rounds(contracts: list[Contract]) -> dict[int, list[FollowUpRound]]:
    if not contracts:
        return {}
    by_contract: dict[int, list[FollowUpRound]] = {c.pk: [] for c in contracts}
    rounds = (
        FollowUpRound.objects.filter(contract__in=contracts)
        .select_related("provider_assessment", "buyer_assessment")
        .only(
            "contract_id",
            "number",
            "due_on",
            "status",
            "provider_assessment__finalised_at",
            "buyer_assessment__finalised_at",
        )
        .order_by("contract_id", "number")
    )
    for round in rounds:
        by_contract[round.contract_id].append(round)
    return by_contract
