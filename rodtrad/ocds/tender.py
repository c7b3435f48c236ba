"""The planning and tender sections, from a procurement document snapshot (the published
version, or a draft's working copy for the buyer's side). Nothing here is about tenders."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from rodtrad.ocds import formats
from rodtrad.ocds.parties import reference
from rodtrad.ocds.sources import Sources
from rodtrad.procurements.models import EvaluationKind, Procedure, ProcurementStatus

# Only a fixed price leaves quality as the one thing tenderers compete on.
QUALITY_ONLY = frozenset({EvaluationKind.FIXED_PRICE.value})


def lot_id(number: int) -> str:
    return f"lot-{number}"


def tender_id(snapshot: dict[str, Any]) -> str:
    about = snapshot["procurement"]
    return about["reference_number"] or str(about["id"])


def tender_status(sources: Sources) -> str:
    if sources.procurement.status == ProcurementStatus.CANCELLED:
        return "cancelled"
    return "active" if sources.published else "planning"


def _number(value: Any) -> str:
    """Points and amounts as people write them: 70, 12.5."""
    return format(Decimal(str(value)).normalize(), "f")


def _criterion_line(kind: str, code: str, name: str, points: Any, amount: Any) -> str:
    values = {"code": code, "name": name, "points": _number(points)}
    if amount in (None, "") or kind not in (EvaluationKind.VALUE_ADDED, EvaluationKind.SURCHARGE):
        return _("%(code)s %(name)s: %(points)s points") % values
    values["amount"] = _number(amount)
    if kind == EvaluationKind.VALUE_ADDED:
        text = _("%(code)s %(name)s: %(points)s points, deduction for full marks %(amount)s SEK")
    else:
        text = _(
            "%(code)s %(name)s: %(points)s points, surcharge at the lowest step %(amount)s SEK"
        )
    return text % values


def award_criteria(snapshot: dict[str, Any]) -> str:
    """ "qualityOnly" for a fixed price, "ratedCriteria" for every price–quality model."""
    return "qualityOnly" if snapshot["evaluation"]["kind"] in QUALITY_ONLY else "ratedCriteria"


def award_criteria_details(snapshot: dict[str, Any]) -> str:
    """The evaluation model, then every award criterion with its points (and a lot's own points
    where a lot has them)."""
    evaluation = snapshot["evaluation"]
    kind = evaluation["kind"]
    lines = [_("Evaluation model: %(model)s.") % {"model": EvaluationKind(kind).label}]
    if kind == EvaluationKind.FIXED_PRICE and evaluation.get("fixed_price"):
        lines.append(
            _("Fixed price: %(price)s %(unit)s.")
            % {"price": _number(evaluation["fixed_price"]), "unit": evaluation["price_unit"]}
        )
    if kind == EvaluationKind.WEIGHTED_RELATIVE and evaluation.get("weight_quality"):
        lines.append(
            _("Weight of quality %(quality)s, weight of price %(price)s.")
            % {
                "quality": _number(evaluation["weight_quality"]),
                "price": _number(evaluation.get("weight_price") or 0),
            }
        )
    criteria = snapshot["criteria"]
    lines.append(_("Award criteria and their points:"))
    lines += [
        _criterion_line(kind, c["code"], c["name"], c["points"], c["amount"]) for c in criteria
    ]
    for lot in snapshot["lots"]:
        if not lot.get("own_evaluation") or not lot["criteria"]:
            continue
        lines.append(_("Lot %(number)s has its own points:") % {"number": lot["number"]})
        for c in criteria:
            own = lot["criteria"].get(str(c["id"]))
            if own is not None:
                lines.append(
                    _criterion_line(kind, c["code"], c["name"], own["points"], own["amount"])
                )
    return "\n".join(lines)


def _period(start: str | None, end: str | None) -> dict[str, str] | None:
    period = {k: v for k, v in (("startDate", start), ("endDate", end)) if v}
    return period or None


def _documents(sources: Sources) -> list[dict[str, Any]]:
    if not sources.published:
        return []
    pk = sources.procurement.pk
    first = sources.versions[0]
    documents = [
        {
            "id": "procurement-page",
            "documentType": "tenderNotice",
            "title": _("The procurement in rodtrad's market"),
            "url": formats.link("procurements:public", pk),
            "format": "text/html",
            "datePublished": formats.timestamp(first.published_at),
        }
    ]
    for version in sources.versions:
        documents.append(
            {
                "id": f"documents-v{version.number}",
                "documentType": "biddingDocuments",
                "title": _("Procurement documents, version %(number)s")
                % {"number": version.number},
                "url": formats.link("procurements:version_pdf", pk, version.number),
                "format": "application/pdf",
                "datePublished": formats.timestamp(version.published_at),
            }
        )
    return documents


def _amendments(sources: Sources) -> list[dict[str, Any]]:
    return [
        {
            "id": f"documents-v{version.number}",
            "date": formats.timestamp(version.published_at),
            "description": version.change_summary,
        }
        for version in sources.versions[1:]
    ]


def _lots(sources: Sources, status: str) -> list[dict[str, Any]]:
    lots = []
    for lot in sources.snapshot["lots"]:
        row: dict[str, Any] = {"id": lot_id(lot["number"]), "title": lot["title"]}
        if lot["description"]:
            row["description"] = lot["description"]
        row["status"] = status
        value = formats.amount(lot["estimated_value"])
        if value:
            row["value"] = value
        lots.append(row)
    return lots


def _items(snapshot: dict[str, Any]) -> list[dict[str, Any]]:
    title = snapshot["procurement"]["title"]
    return [
        {
            "id": str(index),
            "description": title,
            "classification": {"scheme": "CPV", "id": str(code)},
        }
        for index, code in enumerate(snapshot["procurement"]["cpv_codes"], start=1)
    ]


def planning(snapshot: dict[str, Any]) -> dict[str, Any] | None:
    """The goals (målbild) as the rationale of the procurement."""
    goals = snapshot["goals"]
    if not goals:
        return None
    return {"rationale": "\n".join(f"{g['code']} {g['text']}" for g in goals)}


def tender(sources: Sources) -> dict[str, Any]:
    snapshot = sources.snapshot
    about = snapshot["procurement"]
    timeline = snapshot["timeline"]
    status = tender_status(sources)
    opened = (
        formats.timestamp(sources.versions[0].published_at)
        if sources.published
        else formats.snapshot_time(timeline["publication"])
    )
    section: dict[str, Any] = {
        "id": tender_id(snapshot),
        "title": about["title"],
        "description": about["description"],
        "status": status,
        "procuringEntity": reference(sources.buyer),
        "items": _items(snapshot),
        "procurementMethod": "open",
        "procurementMethodDetails": str(Procedure(about["procedure"]).label),
        "mainProcurementCategory": "services",
        "awardCriteria": award_criteria(snapshot),
        "awardCriteriaDetails": award_criteria_details(snapshot),
        "submissionMethod": ["electronicSubmission"],
        "tenderPeriod": _period(opened, formats.snapshot_time(timeline["tender_deadline"])),
        "enquiryPeriod": _period(opened, formats.snapshot_time(timeline["questions_deadline"])),
        "contractPeriod": _period(
            formats.snapshot_time(about["contract_start"]),
            formats.snapshot_time(about["contract_end"]),
        ),
        "value": formats.amount(about["estimated_value"]),
        "documents": _documents(sources),
        "amendments": _amendments(sources),
    }
    if sources.several_lots:
        section["lots"] = _lots(sources, status)
    return {key: value for key, value in section.items() if value not in (None, [], "")}
