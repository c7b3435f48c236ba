"""The award release: what the signed award decisions made public. Only from the decisions'
frozen snapshots: the tenderers ranked or disqualified (who and how many), and per lot the
winner and the price the decision published for it. Never a consensus or individual score."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from rodtrad.accounts.models import Organisation
from rodtrad.award.models import AwardDecision
from rodtrad.ocds import formats
from rodtrad.ocds.parties import buyer_party, party, reference
from rodtrad.ocds.sources import Sources
from rodtrad.ocds.tender import lot_id, tender_id
from rodtrad.procurements.models import ProcurementStatus


def award_id(lot_number: int) -> str:
    return f"award-lot-{lot_number}"


def winner_price(decision: AwardDecision) -> str | None:
    row = next((r for r in decision.ranking if r["tender"] == decision.winner_id), None)
    return row["price"] if row else None


def _award(sources: Sources, decision: AwardDecision) -> dict[str, Any]:
    number = decision.lot.number
    cancelled = sources.procurement.status == ProcurementStatus.CANCELLED
    price = winner_price(decision)
    award: dict[str, Any] = {
        "id": award_id(number),
        "title": _("Award decision, lot %(number)s") % {"number": number}
        if sources.several_lots
        else _("Award decision"),
        "status": "cancelled" if cancelled else "active",
        "date": formats.timestamp(decision.signed_at),
        "suppliers": [reference(decision.winner.organisation)],
        "documents": [
            {
                "id": "procurement-report",
                "documentType": "evaluationReports",
                "title": _("Procurement report"),
                "url": formats.link("award:report_pdf", sources.procurement.pk),
                "format": "application/pdf",
                "datePublished": formats.timestamp(decision.signed_at),
            }
        ],
    }
    value = formats.amount(price)
    if value:
        award["value"] = value
        award["description"] = _(
            "The winning tender's price as published in the award decision: %(price)s %(unit)s."
        ) % {"price": price, "unit": sources.snapshot["evaluation"]["price_unit"]}
    if sources.several_lots:
        award["relatedLots"] = [lot_id(number)]
    return award


def _parties(sources: Sources) -> list[dict[str, Any]]:
    winners = {d.winner.organisation_id for d in sources.decisions}
    rows = [buyer_party(sources.buyer)]
    for organisation in sources.tenderers:
        roles = ("tenderer", "supplier") if organisation.pk in winners else ("tenderer",)
        rows.append(party(organisation, *roles))
    return rows


def release_content(sources: Sources) -> dict[str, Any]:
    """parties, tender (status, tenderers and their number) and awards."""
    cancelled = sources.procurement.status == ProcurementStatus.CANCELLED
    tenderers: list[Organisation] = sources.tenderers
    return {
        "parties": _parties(sources),
        "tender": {
            "id": tender_id(sources.snapshot),
            "status": "cancelled" if cancelled else "complete",
            "tenderers": [reference(o) for o in tenderers],
            "numberOfTenderers": len(tenderers),
        },
        "awards": [_award(sources, d) for d in sources.decisions],
    }


def release_date(sources: Sources) -> str:
    return formats.timestamp(max(d.signed_at for d in sources.decisions))
