"""Invariants read straight from the database after a run (Django set up in the harness
process against the throwaway cluster), compared with what the clients were told."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from bench.reliability.workload import Record

OK = {"score": 200, "consensus": 200, "submit": 201}


def status_counts(records: list[Record]) -> dict[str, int]:
    """Requests by outcome: 2xx, 409, other 4xx, 5xx and no answer at all."""
    counts: Counter[str] = Counter()
    for record in records:
        status = record["status"]
        if status is None:
            counts["no_answer"] += 1
        elif status == 409:
            counts["409"] += 1
        else:
            counts[f"{status // 100}xx"] += 1
    counts["requests"] = len(records)
    return dict(counts)


def _by_row(records: list[Record], kind: str) -> dict[str, list[Record]]:
    rows: dict[str, list[Record]] = defaultdict(list)
    for record in records:
        if record["kind"] == kind:
            rows[record["row"]].append(record)
    return rows


def _still_possible(saves: list[Record]) -> list[Record]:
    """The saves that may be the last one: acknowledged and not followed by an acknowledged save
    sent after they were acknowledged, plus the ones without an answer (they may have landed)."""
    acked = [s for s in saves if s["status"] == OK[s["kind"]]]
    unknown = [s for s in saves if s["status"] is None]
    latest = [s for s in acked if not any(t["t_send"] > s["t_ack"] for t in acked)]
    return latest + unknown


def check_scores(records: list[Record], assessment_id: int) -> dict[str, Any]:
    from rodtrad.assessments.models import IndividualScore

    stored = {
        f"{s.member.user_id}:{s.item_id}": (s.notes, s.percent)
        for s in IndividualScore.objects.filter(item__assessment_id=assessment_id).select_related(
            "member"
        )
    }
    lost, refused = 0, 0
    for row, saves in _by_row(records, "score").items():
        refused += sum(1 for s in saves if s["status"] not in (None, 200))
        if not any(s["status"] == 200 for s in saves):
            continue
        allowed = {(s["value"], s["percent"]) for s in _still_possible(saves)}
        if stored.get(row) not in allowed:
            lost += 1
    saves = [r for r in records if r["kind"] == "score"]
    return {
        "saves_sent": len(saves),
        "saves_acknowledged": sum(1 for s in saves if s["status"] == 200),
        "saves_refused": refused,
        "rows": len(stored),
        "lost_updates": lost,
    }


def _audited_rationales(assessment_id: int) -> Counter[str]:
    from rodtrad.audit.models import AuditEvent

    events = AuditEvent.objects.filter(
        action="assessment.consensus_saved", object_id=str(assessment_id)
    ).values_list("data", flat=True)
    return Counter(data["after"]["rationale"] for data in events)


def check_consensus(records: list[Record], assessment_id: int) -> dict[str, Any]:
    """Lost update: two acknowledged saves with the same resulting revision, or a stored value
    that is not the acknowledged save with the highest revision. Silent drop: a refused save
    that was recorded anyway, or an acknowledged one that was not."""
    from rodtrad.assessments.models import ConsensusScore

    stored = {
        str(c.item_id): c for c in ConsensusScore.objects.filter(item__assessment_id=assessment_id)
    }
    audited = _audited_rationales(assessment_id)
    lost, silent = 0, 0
    for row, saves in _by_row(records, "consensus").items():
        acked = [s for s in saves if s["status"] == 200]
        revisions = Counter(s["revision"] for s in acked)
        lost += sum(n - 1 for n in revisions.values())
        if acked:
            last = max(acked, key=lambda s: s["revision"])
            current = stored[row]
            if (current.revision, current.rationale) != (last["revision"], last["value"]):
                lost += 1
        silent += sum(1 for s in acked if audited[s["value"]] != 1)
        silent += sum(1 for s in saves if s["status"] not in (None, 200) and audited[s["value"]])
    saves = [r for r in records if r["kind"] == "consensus"]
    refused = [s for s in saves if s["status"] not in (None, 200)]
    return {
        "saves_sent": len(saves),
        "saves_acknowledged": sum(1 for s in saves if s["status"] == 200),
        "conflicts_409": sum(1 for s in refused if s["status"] == 409 and s["code"] == "conflict"),
        "refused_otherwise": sum(1 for s in refused if s["status"] != 409),
        "lost_updates": lost,
        "silently_dropped_or_applied": silent,
    }


def _attachment_ok(attachment, procurement_id: int) -> bool:
    from rodtrad.tenders import services

    try:
        services.read_attachment(attachment, procurement_id)
    except (OSError, ValueError):
        return False
    return True


def _submission_ok(submission, attachments: dict[int, Any]) -> bool:
    from rodtrad.tenders import services

    content = services.read_submission(submission)
    if services.receipt_hash(content) != submission.receipt_hash:
        return False
    return all(
        entry["id"] in attachments and attachments[entry["id"]].sha256 == entry["sha256"]
        for entry in content.get("attachments", [])
    )


def check_tenders(records: list[Record], procurement_id: int) -> dict[str, Any]:
    """Every tender is either submitted with valid receipts or not submitted at all; every
    attachment row has its sealed file; every acknowledged receipt is stored as told."""
    from rodtrad.tenders.models import Attachment, Submission, Tender, TenderStatus

    tenders = list(Tender.objects.filter(procurement_id=procurement_id))
    attachments = {a.pk: a for a in Attachment.objects.filter(tender__in=tenders)}
    submissions = list(Submission.objects.filter(tender__in=tenders).select_related("tender"))
    counts = Counter(s.tender_id for s in submissions)
    stored_receipts = {(s.tender_id, s.number): s.receipt_hash for s in submissions}
    acknowledged = [r for r in records if r["kind"] == "submit" and r["status"] == 201]
    submitted = [t for t in tenders if t.status == TenderStatus.SUBMITTED and counts[t.pk]]
    untouched = [t for t in tenders if t.status == TenderStatus.DRAFT and not counts[t.pk]]
    return {
        "tenders": len(tenders),
        "tenders_submitted": len(submitted),
        "tenders_not_submitted": len(untouched),
        "tenders_inconsistent": len(tenders) - len(submitted) - len(untouched),
        "submissions": len(submissions),
        "submissions_acknowledged": len(acknowledged),
        "submissions_with_bad_receipt": sum(
            1 for s in submissions if not _submission_ok(s, attachments)
        ),
        "acknowledged_receipts_missing": sum(
            1
            for r in acknowledged
            if stored_receipts.get((r["tender"], r["number"])) != r["receipt_hash"]
        ),
        "attachments": len(attachments),
        "attachments_without_content": sum(
            1 for a in attachments.values() if not _attachment_ok(a, procurement_id)
        ),
        "orphan_files": _orphan_files(procurement_id, attachments),
    }


def _orphan_files(procurement_id: int, attachments: dict[int, Any]) -> int:
    """Sealed files no row refers to (a worker killed between writing and committing): wasted
    space, not a broken tender."""
    from rodtrad.tenders import files

    directory = files.storage_path(procurement_id, "x").parent
    known = {a.storage_name for a in attachments.values()}
    on_disk = {p.name for p in directory.glob("*.sealed")} if directory.exists() else set()
    return len(on_disk - known)


def check_structure() -> dict[str, Any]:
    """No half-saved rows the constraints would not already refuse, and an intact audit chain."""
    from django.db.models import F

    from rodtrad.assessments.models import IndividualScore
    from rodtrad.audit.services import verify_chain

    problem = verify_chain()
    return {
        "scores_outside_their_assessment": IndividualScore.objects.exclude(
            member__assessment_id=F("item__assessment_id")
        ).count(),
        "audit_chain": "intact" if problem is None else f"broken at {problem.event_id}",
    }
