"""The opening record (öppningsprotokoll): each opened tender with tenderer, organisation
number, submission time and receipt hash, who opened and when, and the late attempts that were
not opened. Kept as data and as a PDF."""

from __future__ import annotations

from typing import Any

from rodtrad.common.pdf import render_pdf as _render
from rodtrad.procurements.models import Procurement
from rodtrad.tenders.models import LateAttempt, OpenedTender, Opening


def build(procurement: Procurement, opening: Opening, opened: list[OpenedTender]) -> dict[str, Any]:
    late = LateAttempt.objects.filter(procurement=procurement).select_related("organisation")
    return {
        "procurement": {
            "title": procurement.title,
            "reference_number": procurement.reference_number,
            "buyer": procurement.buyer.name,
            "tender_deadline": procurement.tender_deadline.isoformat()
            if procurement.tender_deadline
            else None,
        },
        "started": {"by": opening.started_by.full_name, "at": opening.started_at.isoformat()},
        "confirmed": {
            "by": opening.confirmed_by.full_name if opening.confirmed_by else "",
            "at": opening.confirmed_at.isoformat() if opening.confirmed_at else None,
        },
        "tenders": [
            {
                "position": o.position,
                "tenderer": o.tender.organisation.name,
                "organisation_number": o.tender.organisation.organisation_number,
                "version": o.submission.number,
                "submitted_at": o.submission.submitted_at.isoformat(),
                "receipt_hash": o.submission.receipt_hash,
            }
            for o in opened
        ],
        "late": [
            {
                "tenderer": attempt.organisation.name,
                "organisation_number": attempt.organisation.organisation_number,
                "action": attempt.action,
                "at": attempt.attempted_at.isoformat(),
            }
            for attempt in late
        ],
    }


def render_pdf(procurement: Procurement, data: dict[str, Any]) -> bytes:
    return _render("pdf/opening_record.html", {"record": data, "procurement": procurement})
