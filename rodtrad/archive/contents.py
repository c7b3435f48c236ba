"""The files of a procurement's archive, each gathered from the records rodtrad already keeps:
the published document versions (PDF and the snapshot they were made from), the questions and
answers, the opening record, the qualification, the award decisions with the procurement report
and every tenderer's feedback, the contracts, the follow-up reports, the OCDS release package
and the audit events about the procurement.

Nothing is recomputed where a frozen record exists (document versions, opening record, award
decision snapshots); the PDFs made on demand (feedback, procurement report, follow-up reports)
are made from frozen decisions and final assessments. Tenders' sealed contents are not part of
the archive (they stay encrypted in rodtrad), and neither are the barometer's individual answers.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from rodtrad.assessments.models import Assessment
from rodtrad.audit.models import AuditEvent
from rodtrad.award import report as award_report
from rodtrad.award import selectors as award_selectors
from rodtrad.award.models import ReviewRequest
from rodtrad.common.pdf import render_pdf
from rodtrad.contracts.models import Contract
from rodtrad.followup import report as followup_report
from rodtrad.followup.models import FollowUpRound, RoundStatus
from rodtrad.improvements.models import ImprovementAction
from rodtrad.indicators.models import Indicator
from rodtrad.procurements.models import DocumentVersion, Procurement, Question
from rodtrad.tenders.models import OpenedTender, Opening, Qualification, RequirementCheck


@dataclass(frozen=True)
class Entry:
    path: str
    content: bytes
    description: str


def _default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"not serialisable: {type(value).__name__}")


def as_json(data: Any) -> bytes:
    """Readable, stable JSON (sorted keys, UTF-8)."""
    return json.dumps(data, default=_default, ensure_ascii=False, indent=2, sort_keys=True).encode()


def _person(user) -> str:
    return (user.full_name or user.email) if user is not None else ""


def documents(procurement: Procurement) -> Iterator[Entry]:
    for version in DocumentVersion.objects.filter(procurement=procurement).order_by("number"):
        label = _("Procurement documents, version %(number)s") % {"number": version.number}
        yield Entry(f"documents/version-{version.number}.pdf", bytes(version.pdf), label)
        yield Entry(
            f"documents/version-{version.number}.json",
            as_json(
                {
                    "version": version.number,
                    "published_at": version.published_at,
                    "published_by": _person(version.published_by),
                    "change_summary": version.change_summary,
                    "pdf_sha256": version.sha256,
                    "snapshot": version.snapshot,
                }
            ),
            label + " " + _("(the data the PDF was made from)"),
        )


def questions(procurement: Procurement) -> Iterator[Entry]:
    rows = [
        {
            "number": q.number,
            "asked_at": q.asked_at,
            "asked_by_organisation": q.organisation.name,
            "question": q.text,
            "question_as_published": q.public_text,
            "answer": q.answer,
            "answered_by": _person(q.answered_by),
            "published_at": q.published_at,
        }
        for q in Question.objects.filter(procurement=procurement)
        .select_related("organisation", "answered_by")
        .order_by("asked_at", "id")
    ]
    if rows:
        yield Entry("questions-and-answers.json", as_json(rows), _("Questions and answers"))


def opening(procurement: Procurement) -> Iterator[Entry]:
    found = Opening.objects.filter(procurement=procurement, confirmed_at__isnull=False).first()
    if found is None:
        return
    if found.record_pdf:
        yield Entry("opening/opening-record.pdf", bytes(found.record_pdf), _("Opening record"))
    yield Entry(
        "opening/opening-record.json",
        as_json({"record": found.record, "pdf_sha256": found.record_sha256}),
        _("Opening record (data)"),
    )


def qualification(procurement: Procurement) -> Iterator[Entry]:
    opened = list(
        OpenedTender.objects.filter(opening__procurement=procurement)
        .select_related("tender__organisation")
        .defer("tender__sealed_draft")
        .order_by("position")
    )
    if not opened:
        return
    tender_ids = [o.tender_id for o in opened]
    outcomes = {
        q.tender_id: q
        for q in Qualification.objects.filter(tender_id__in=tender_ids).select_related("decided_by")
    }
    checks: dict[int, list[dict]] = {}
    for check in (
        RequirementCheck.objects.filter(tender_id__in=tender_ids)
        .select_related("requirement", "decided_by")
        .order_by("requirement__order", "requirement_id")
    ):
        checks.setdefault(check.tender_id, []).append(
            {
                "requirement": f"{check.requirement.code} {check.requirement.title}",
                "decision": check.decision,
                "reason": check.reason,
                "decided_by": _person(check.decided_by),
                "decided_at": check.decided_at,
            }
        )
    rows = []
    for position, found in enumerate(opened, start=1):
        outcome = outcomes.get(found.tender_id)
        rows.append(
            {
                "position": position,
                "tenderer": found.tender.organisation.name,
                "organisation_number": found.tender.organisation.organisation_number,
                "outcome": outcome.outcome if outcome else None,
                "reasons": outcome.reasons if outcome else [],
                "decided_by": _person(outcome.decided_by) if outcome else "",
                "decided_at": outcome.decided_at if outcome else None,
                "requirements": checks.get(found.tender_id, []),
            }
        )
    yield Entry("qualification.json", as_json(rows), _("Qualification of the tenders"))


def award(procurement: Procurement) -> Iterator[Entry]:
    decisions = award_selectors.decisions(procurement)
    if not decisions:
        return
    for decision in decisions:
        yield Entry(
            f"award/decision-lot-{decision.lot.number}.json",
            as_json(
                {
                    "lot": decision.lot.number,
                    "lot_title": decision.lot.title,
                    "winner": decision.winner.organisation.name,
                    "evaluation_kind": decision.evaluation_kind,
                    "tie_break": decision.tie_break,
                    "tie_note": decision.tie_note,
                    "decided_by_lottery": decision.decided_by_lottery,
                    "ranking": decision.ranking,
                    "reasons": decision.reasons,
                    "disqualified": decision.disqualified,
                    "justification": decision.justification,
                    "signed_by": _person(decision.signed_by),
                    "signed_at": decision.signed_at,
                    "standstill_last_day": decision.standstill_last_day,
                    "contract_allowed_from": decision.contract_allowed_from,
                }
            ),
            _("Award decision, lot %(number)s") % {"number": decision.lot.number},
        )
    reviews = [
        {
            "court": r.court,
            "filed_on": r.filed_on,
            "applicant": r.applicant,
            "note": r.note,
            "outcome": r.outcome,
            "outcome_on": r.outcome_on,
            "outcome_note": r.outcome_note,
        }
        for r in ReviewRequest.objects.filter(procurement=procurement).order_by("filed_on", "id")
    ]
    if reviews:
        yield Entry("award/reviews.json", as_json(reviews), _("Requests for review"))
    data = award_report.procurement_report(procurement)
    if data is not None:
        yield Entry(
            "award/procurement-report.pdf",
            render_pdf(
                "pdf/procurement_report.html", {"report": data, "LANGUAGE_CODE": get_language()}
            ),
            _("Procurement report"),
        )
    for position, found in enumerate(
        OpenedTender.objects.filter(opening__procurement=procurement)
        .select_related("tender__organisation", "tender__procurement")
        .defer("tender__sealed_draft")
        .order_by("position"),
        start=1,
    ):
        tender = found.tender
        yield Entry(
            f"award/feedback/{position:02d}-{slugify(tender.organisation.name)}.pdf",
            render_pdf(
                "pdf/tender_feedback.html",
                {
                    "tender": tender,
                    "view": award_selectors.tender_decision(tender),
                    "LANGUAGE_CODE": get_language(),
                },
            ),
            _("Award decision and feedback to %(tenderer)s")
            % {"tenderer": tender.organisation.name},
        )


def contracts(procurement: Procurement) -> Iterator[Entry]:
    found = list(
        Contract.objects.filter(procurement=procurement)
        .select_related("lot", "buyer", "provider", "manager", "registered_by", "procurement")
        .prefetch_related("team__user")
        .order_by("lot__number")
    )
    rounds: dict[int, list[FollowUpRound]] = {}
    for round in FollowUpRound.objects.filter(contract__in=found).order_by("due_on", "number"):
        rounds.setdefault(round.contract_id, []).append(round)
    for contract in found:
        lot = contract.lot.number
        yield Entry(
            f"contracts/lot-{lot}.json",
            as_json(
                {
                    "lot": lot,
                    "reference": contract.reference,
                    "buyer": contract.buyer.name,
                    "provider": contract.provider.name,
                    "provider_organisation_number": contract.provider.organisation_number,
                    "signed_on": contract.signed_on,
                    "starts_on": contract.starts_on,
                    "ends_on": contract.ends_on,
                    "latest_end_on": contract.latest_end_on,
                    "value_sek": contract.value,
                    "manager": _person(contract.manager),
                    "note": contract.note,
                    "registered_by": _person(contract.registered_by),
                    "registered_at": contract.registered_at,
                    "teams": [
                        {"party": m.party, "person": _person(m.user)} for m in contract.team.all()
                    ],
                    "follow_up_rounds": [
                        {
                            "number": r.number,
                            "due_on": r.due_on,
                            "status": r.status,
                            "change_reason": r.change_reason,
                            "next_steps": r.next_steps,
                        }
                        for r in rounds.get(contract.pk, [])
                    ],
                }
            ),
            _("Contract, lot %(number)s") % {"number": lot},
        )
        for round in rounds.get(contract.pk, []):
            if round.status != RoundStatus.DONE:
                continue
            yield Entry(
                f"follow-up/lot-{lot}/round-{round.number}.pdf",
                render_pdf(
                    "pdf/followup_report.html",
                    {
                        "report": followup_report.round_report(contract, round),
                        "LANGUAGE_CODE": get_language(),
                    },
                ),
                _("Follow-up report, lot %(lot)s, round %(number)s")
                % {"lot": lot, "number": round.number},
            )


def ocds(procurement: Procurement) -> Iterator[Entry]:
    from rodtrad.ocds.package import build_package

    yield Entry(
        "data/ocds-release-package.json",
        as_json(build_package(procurement)),
        _("The procurement as an OCDS 1.1 release package"),
    )


def _related_objects(procurement: Procurement) -> Q:
    """Every audit target that belongs to the procurement: itself, its questions, opened tenders,
    assessments of the tenders, contracts, follow-up rounds and their assessments, indicators
    and improvement actions."""
    contracts = Contract.objects.filter(procurement=procurement)
    contract_ids = list(contracts.values_list("pk", flat=True))
    rounds = list(
        FollowUpRound.objects.filter(contract_id__in=contract_ids).values_list(
            "pk", "provider_assessment_id", "buyer_assessment_id"
        )
    )
    assessment_ids = {a for _pk, *pair in rounds for a in pair if a}
    assessment_ids.update(
        Assessment.objects.filter(tender_evaluation__procurement=procurement).values_list(
            "pk", flat=True
        )
    )
    targets = {
        "procurements.procurement": [procurement.pk],
        "procurements.question": list(
            Question.objects.filter(procurement=procurement).values_list("pk", flat=True)
        ),
        # Only tenders as opened: before the opening (and for drafts never submitted or
        # withdrawn) a tender is the provider's business, and even its existence is sealed.
        "tenders.tender": list(
            OpenedTender.objects.filter(opening__procurement=procurement).values_list(
                "tender_id", flat=True
            )
        ),
        "assessments.assessment": sorted(assessment_ids),
        "contracts.contract": contract_ids,
        "followup.followupround": [pk for pk, *_pair in rounds],
        "indicators.indicator": list(
            Indicator.objects.filter(contract_id__in=contract_ids).values_list("pk", flat=True)
        ),
        "improvements.improvementaction": list(
            ImprovementAction.objects.filter(contract_id__in=contract_ids).values_list(
                "pk", flat=True
            )
        ),
    }
    query = Q(pk__in=[])
    for object_type, ids in targets.items():
        if ids:
            query |= Q(object_type=object_type, object_id__in=[str(pk) for pk in ids])
    return query


def audit_events(procurement: Procurement) -> Iterator[Entry]:
    """One JSON object per line, oldest first, with each event's hash and its predecessor's.
    Confidential events keep their place and hash but not their data (which is never shown
    outside rodtrad; `rodtrad verify-audit-log` checks the whole chain in the database)."""
    lines = []
    for event in (
        AuditEvent.objects.filter(_related_objects(procurement))
        .select_related("organisation")
        .order_by("id")
    ):
        lines.append(
            json.dumps(
                {
                    "id": event.pk,
                    "occurred_at": event.occurred_at.isoformat(),
                    "actor": event.actor_label,
                    "organisation": event.organisation.name if event.organisation else "",
                    "action": event.action,
                    "object_type": event.object_type,
                    "object_id": event.object_id,
                    "confidential": event.confidential,
                    "data": None if event.confidential else event.data,
                    "previous_hash": event.previous_hash,
                    "hash": event.hash,
                },
                ensure_ascii=False,
                sort_keys=True,
            )
        )
    yield Entry(
        "audit/events.jsonl",
        ("\n".join(lines) + "\n").encode() if lines else b"",
        _("Audit events about the procurement"),
    )


PARTS = (documents, questions, opening, qualification, award, contracts, ocds, audit_events)
