"""The published procurement document: a snapshot of the working copy (plain JSON), the PDF made
from it, the ZIP of all parts, and the differences between two published versions.

Providers read only snapshots, so what they see is exactly what was published, version by
version, and the buyer's unpublished edits stay invisible.
"""

from __future__ import annotations

import csv
import difflib
import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Max

from rodtrad.accounts.models import User
from rodtrad.common import clock
from rodtrad.common.pdf import render_pdf
from rodtrad.procurements import evaluation, selectors
from rodtrad.procurements.models import DocumentVersion, Procurement

FORMAT = "rodtrad-procurement-document/1"


def _plain(value: Any) -> Any:
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def build_snapshot(procurement: Procurement) -> dict[str, Any]:
    """Everything a tenderer needs, as plain data."""
    criteria = selectors.award_criteria(procurement)
    lots = list(procurement.lots.prefetch_related("criteria").order_by("number"))
    goals = list(procurement.goals.order_by("order", "id"))
    version = procurement.model_version
    scales = []
    if version is not None:
        for scale in version.scales.prefetch_related("steps").order_by("kind"):
            scales.append(
                {
                    "kind": scale.kind,
                    "name": scale.name,
                    "steps": [
                        {"percent": s.percent, "label": s.label, "description": s.description}
                        for s in scale.steps.order_by("percent")
                    ],
                }
            )
    snapshot = {
        "format": FORMAT,
        "procurement": {
            "id": procurement.pk,
            "buyer": procurement.buyer.name,
            "buyer_organisation_number": procurement.buyer.organisation_number,
            "title": procurement.title,
            "reference_number": procurement.reference_number,
            "description": procurement.description,
            "cpv_codes": procurement.cpv_codes,
            "estimated_value": procurement.estimated_value,
            "contract_start": procurement.contract_start,
            "contract_end": procurement.contract_end,
            "options": procurement.options,
            "procedure": procurement.procedure,
        },
        "timeline": {
            "publication": procurement.publication_date,
            "questions_deadline": procurement.questions_deadline,
            "tender_deadline": procurement.tender_deadline,
            "planned_award_date": procurement.planned_award_date,
        },
        "lots": [
            {
                "number": lot.number,
                "title": lot.title,
                "description": lot.description,
                "estimated_value": lot.estimated_value,
                "own_evaluation": lot.own_evaluation,
                "weight_quality": lot.weight_quality,
                "criteria": {
                    str(v.award_criterion_id): {"points": v.points, "amount": v.amount}
                    for v in lot.criteria.all()
                },
            }
            for lot in lots
        ],
        "goals": [{"code": g.code, "text": g.text} for g in goals],
        "requirements": [
            {
                "code": r.code,
                "title": r.title,
                "text": r.text,
                "kind": r.kind,
                "style": r.style,
                "minimum_level": r.minimum_level,
                "verification": r.verification,
                "follow_up_method": r.follow_up_method,
                "follow_up_frequency": r.follow_up_frequency,
                "follow_up_responsible": r.follow_up_responsible,
            }
            for r in procurement.requirements.order_by("order", "id")
        ],
        "model": None
        if version is None
        else {
            "version_id": version.pk,
            "name": version.model.name,
            "version": version.number,
            "label": version.label,
            "total_points": version.total_points,
        },
        "criteria": [
            {
                "id": a.pk,
                "code": a.criterion.code,
                "name": a.criterion.name,
                "group": f"{a.criterion.group.code} {a.criterion.group.name}",
                "kind": a.criterion.kind,
                "points": a.points,
                "description": a.criterion.description,
                "model_questions": a.criterion.questions,
                "guidance": a.guidance,
                "question": a.question,
                "answer_max_chars": a.answer_max_chars,
                "amount": a.amount,
                "goals": [g.code for g in a.goals.all()],
            }
            for a in criteria
        ],
        "scales": scales,
        "evaluation": {
            "kind": procurement.evaluation_kind,
            "weight_quality": procurement.weight_quality,
            "weight_price": procurement.weight_price,
            "price_unit": procurement.price_unit,
            "fixed_price": procurement.fixed_price,
            "tie_break": procurement.tie_break,
            "hide_prices": procurement.hide_prices,
            "example": worked_example(procurement, criteria),
        },
        "partnership": {
            "question": procurement.partnership_question,
            "follow_up": procurement.follow_up_description,
            "months": procurement.follow_up_months,
            "both_parties": procurement.follow_up_both_parties,
            "baseline": procurement.follow_up_baseline,
            "barometer": procurement.follow_up_barometer,
        },
        "indicators": [
            {
                "name": i.name,
                "unit": i.unit,
                "direction": i.direction,
                "target": i.target,
                "kolada_kpi": i.kolada_kpi,
                "goals": [g.code for g in i.goals.all()],
            }
            for i in procurement.indicators.prefetch_related("goals").order_by("order", "id")
        ],
    }
    return _plain(snapshot)


def worked_example(procurement: Procurement, criteria) -> dict[str, Any] | None:
    """Three example tenders (high quality and price, median, low quality and price) evaluated
    with the model, so tenderers see how quality and price trade off."""
    if not criteria or selectors.evaluation_problems(procurement, criteria):
        return None
    model = selectors.evaluation_model(procurement, criteria)
    base = procurement.fixed_price or Decimal(1000)
    examples = [
        ("A", base * Decimal("1.10"), Decimal("0.8")),
        ("B", base, Decimal("0.5")),
        ("C", base * Decimal("0.90"), Decimal("0.3")),
    ]
    tenders = [
        evaluation.Tender(
            key=name,
            price=price.quantize(Decimal("0.01")),
            steps={r.key: step for r in model.criteria},
        )
        for name, price, step in examples
    ]
    result = evaluation.evaluate(model, tenders)
    return {
        "tenders": [
            {
                "name": row.key,
                "price": row.price,
                "step": dict(zip("ABC", ("80", "50", "30"), strict=True))[row.key],
                "quality_points": row.quality_points,
                "comparison": row.comparison_display,
                "rank": row.rank,
            }
            for row in result.rows
        ],
        "lower_wins": result.lower_wins,
    }


def render_document_pdf(snapshot: dict[str, Any], number: int, published_at) -> bytes:
    return render_pdf(
        "pdf/procurement_document.html",
        {"doc": snapshot, "number": number, "published_at": published_at},
    )


def publish_version(
    *, procurement: Procurement, user: User, change_summary: str
) -> DocumentVersion:
    """Snapshot the working copy as the next published version, with its PDF."""
    snapshot = build_snapshot(procurement)
    number = (procurement.document_versions.aggregate(n=Max("number"))["n"] or 0) + 1
    published_at = clock.now()
    pdf = render_document_pdf(snapshot, number, published_at)
    digest = hashlib.sha256(pdf).hexdigest()
    return DocumentVersion.objects.create(
        procurement=procurement,
        number=number,
        published_at=published_at,
        published_by=user,
        change_summary=change_summary,
        snapshot=snapshot,
        title=snapshot["procurement"]["title"],
        reference_number=snapshot["procurement"]["reference_number"],
        pdf=pdf,
        sha256=digest,
    )


def zip_of(version: DocumentVersion) -> bytes:
    """All parts of a published version: the PDF, the data as JSON, and the requirements and
    criteria as CSV (for spreadsheets)."""
    doc = version.snapshot
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"upphandlingsdokument-v{version.number}.pdf", bytes(version.pdf))
        archive.writestr("upphandling.json", json.dumps(doc, ensure_ascii=False, indent=2))
        archive.writestr(
            "skall-krav.csv",
            _csv(
                doc["requirements"],
                [
                    "code",
                    "title",
                    "text",
                    "kind",
                    "style",
                    "minimum_level",
                    "verification",
                    "follow_up_method",
                    "follow_up_frequency",
                    "follow_up_responsible",
                ],
            ),
        )
        archive.writestr(
            "tilldelningskriterier.csv",
            _csv(
                doc["criteria"],
                [
                    "code",
                    "name",
                    "kind",
                    "points",
                    "guidance",
                    "question",
                    "answer_max_chars",
                    "amount",
                ],
            ),
        )
    return buffer.getvalue()


def _csv(rows: list[dict[str, Any]], fields: list[str]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, extrasaction="ignore", delimiter=";")
    writer.writeheader()
    writer.writerows(rows)
    return "\ufeff" + out.getvalue()  # BOM: Excel reads the Swedish characters right


@dataclass(frozen=True)
class Change:
    path: str
    before: str
    after: str
    diff: list[tuple[str, str]]  # (tag, text): "equal", "delete", "insert"


def _flatten(value: Any, path: str = "") -> dict[str, str]:
    if isinstance(value, dict):
        out: dict[str, str] = {}
        for key, item in value.items():
            if key in ("example",):
                continue
            out.update(_flatten(item, f"{path}.{key}" if path else str(key)))
        return out
    if isinstance(value, list):
        if all(isinstance(item, dict) and "code" in item for item in value) and value:
            out = {}
            for item in value:
                out.update(_flatten(item, f"{path}[{item['code']}]"))
            return out
        out = {}
        for index, item in enumerate(value):
            out.update(_flatten(item, f"{path}[{index}]"))
        return out if value else {path: ""}
    return {path: "" if value is None else str(value)}


def word_diff(before: str, after: str) -> list[tuple[str, str]]:
    a, b = before.split(" "), after.split(" ")
    parts: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            parts.append(("equal", " ".join(a[i1:i2])))
        else:
            if i2 > i1:
                parts.append(("delete", " ".join(a[i1:i2])))
            if j2 > j1:
                parts.append(("insert", " ".join(b[j1:j2])))
    return parts


def changes_between(old: DocumentVersion, new: DocumentVersion) -> list[Change]:
    """Field by field what differs between two published versions (texts word by word)."""
    before, after = _flatten(old.snapshot), _flatten(new.snapshot)
    changes = []
    for path in sorted(set(before) | set(after)):
        a, b = before.get(path, ""), after.get(path, "")
        if a != b:
            changes.append(Change(path, a, b, word_diff(a, b)))
    return changes
