"""The procurement as an OCDS 1.1 release package: one release per stage reached.

- planning: a draft's working copy (only the buyer's side may export a draft);
- planning + tender: once published, from the latest published version (documents, lots,
  award criteria with their points), with a tender cancellation once cancelled;
- award: once the award decision is signed: the tenderers, their number, per lot the winner
  and the price the decision published;
- contract: per registered contract;
- implementation: per contract once a follow-up round is done: the rounds as milestones with
  each done round's follow-up report.

Never in it: anything about tenders before the award decision (OSL 19 kap. 3 §), individual
evaluators or their scores, the partnership barometer, unpublished edits of a published
procurement. `sources.gather` reads in a fixed number of queries.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rodtrad.contracts.models import Contract
from rodtrad.followup.models import FollowUpRound
from rodtrad.ocds import award, contracts, formats, tender
from rodtrad.ocds.parties import buyer_party
from rodtrad.ocds.sources import Sources, gather
from rodtrad.procurements.models import Procurement, ProcurementStatus

VERSION = "1.1"
LOTS_EXTENSION = (
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_lots_extension/"
    "v1.1.5/extension.json"
)


def build_package(procurement: Procurement) -> dict[str, Any]:
    """The release package of the procurement as every stage it has reached made it public."""
    sources = gather(procurement)
    releases = [_planning_or_tender(sources)]
    if sources.decisions:
        releases.append(_award(sources))
    for contract in sources.contracts:
        releases.append(_contract(sources, contract))
        rounds = sources.rounds.get(contract.pk, [])
        if contracts.done_rounds(rounds):
            releases.append(_implementation(sources, contract, rounds))
    package: dict[str, Any] = {
        "uri": formats.link("api:procurement_ocds", procurement.pk),
        "version": VERSION,
        "publishedDate": formats.timestamp(
            max(datetime.fromisoformat(r["date"]) for r in releases)
        ),
        "publisher": {
            "name": sources.buyer.name,
            "scheme": formats.ORGANISATION_SCHEME,
            "uid": formats.organisation_id(sources.buyer.organisation_number),
        },
        "releases": releases,
    }
    if sources.several_lots:
        package["extensions"] = [LOTS_EXTENSION]
    return package


def _release(
    sources: Sources, suffix: str, date: str, tags: list[str], **content: Any
) -> dict[str, Any]:
    ocid = formats.ocid(sources.procurement)
    release = {
        "ocid": ocid,
        "id": f"{ocid}-{suffix}",
        "date": date,
        "tag": tags,
        "initiationType": "tender",
    }
    release.update({key: value for key, value in content.items() if value is not None})
    return release


def _planning_or_tender(sources: Sources) -> dict[str, Any]:
    procurement = sources.procurement
    content = {
        "parties": [buyer_party(sources.buyer)],
        "buyer": {"id": buyer_party(sources.buyer)["id"], "name": sources.buyer.name},
        "planning": tender.planning(sources.snapshot),
        "tender": tender.tender(sources),
    }
    if not sources.published:
        stamp = procurement.updated_at.strftime("%Y%m%dT%H%M%S")
        return _release(
            sources,
            f"planning-{stamp}",
            formats.timestamp(procurement.updated_at),
            ["planning"],
            **content,
        )
    latest = sources.versions[-1]
    tags = ["planning", "tender"] + (["tenderAmendment"] if latest.number > 1 else [])
    suffix = f"tender-v{latest.number}"
    date = latest.published_at
    if procurement.status == ProcurementStatus.CANCELLED and procurement.cancelled_at:
        tags.append("tenderCancellation")
        suffix, date = f"{suffix}-cancelled", max(date, procurement.cancelled_at)
    return _release(sources, suffix, formats.timestamp(date), tags, **content)


def _award(sources: Sources) -> dict[str, Any]:
    return _release(
        sources, "award", award.release_date(sources), ["award"], **award.release_content(sources)
    )


def _contract(sources: Sources, contract: Contract) -> dict[str, Any]:
    return _release(
        sources,
        f"contract-{contract.pk}",
        formats.timestamp(contract.registered_at),
        ["contract"],
        parties=contracts.contract_parties(sources, contract),
        contracts=[contracts.contract_section(sources, contract)],
    )


def _implementation(
    sources: Sources, contract: Contract, rounds: list[FollowUpRound]
) -> dict[str, Any]:
    done = len(contracts.done_rounds(rounds))
    return _release(
        sources,
        f"implementation-{contract.pk}-{done}",
        formats.timestamp(contracts.implementation_date(contract, rounds)),
        ["implementation"],
        parties=contracts.contract_parties(sources, contract),
        contracts=[contracts.implementation_section(sources, contract, rounds)],
    )
