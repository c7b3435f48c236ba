"""Score exports of a procurement's tender evaluation, as CSV and XLSX.

`build(actor=…, procurement=…)` gathers every row the actor may see in a fixed number of queries
(whatever the number of tenders, lots, criteria and evaluators); `table` turns an export into
headings and typed cells for one kind; `write` makes the file of one kind. `record` leaves
the confidential audit trace of an export.

What goes in is decided by the existing permission functions, never here:
- individual work: the engine's independence rule (`can_see_all_individual_work`): from
  consensus on, every submitted evaluator's work for the panel and the managers; before that a
  panel member gets only their own work, everyone else nothing;
- consensus: the same rule (the engine's `consensus_rows` shows nothing before consensus);
- prices: `can_see_prices` (the price envelope). Without it there is no price column at all.
Whatever is left out is listed, with the reason, in the About sheet and the CSV's header comment.

The files (CSV with BOM, `;` and decimal comma in Swedish; XLSX with number formats, the About
sheet and the formula-injection guard) are written by `rodtrad.common.spreadsheets`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.db.models import Q
from django.utils.translation import gettext as _

from rodtrad.accounts.actor import Actor
from rodtrad.assessments import permissions as engine_permissions
from rodtrad.assessments import scoring
from rodtrad.assessments.models import (
    ConsensusScore,
    IndividualScore,
    PanelMember,
    ScopeItem,
    Status,
)
from rodtrad.audit.services import record_event
from rodtrad.common import spreadsheets
from rodtrad.common.spreadsheets import CSV as CSV  # re-exported for the view and the API
from rodtrad.common.spreadsheets import XLSX as XLSX
from rodtrad.common.spreadsheets import XLSX_CONTENT_TYPE as XLSX_CONTENT_TYPE
from rodtrad.common.spreadsheets import CellType, Table, Value
from rodtrad.common.spreadsheets import ExportRequestError as ExportRequestError
from rodtrad.evaluations import permissions, selectors
from rodtrad.evaluations.models import TenderEvaluation
from rodtrad.procurements.models import Procurement

INDIVIDUAL = "individual"
CONSENSUS = "consensus"
KINDS = (INDIVIDUAL, CONSENSUS)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class IndividualRow:
    lot: int
    tenderer: str
    code: str
    criterion: str
    max_points: Decimal
    evaluator: str
    percent: int | None
    points: Decimal | None
    strengths: str
    improvements: str
    price: Decimal | None


@dataclass(frozen=True)
class ConsensusRow:
    lot: int
    tenderer: str
    code: str
    criterion: str
    max_points: Decimal
    percent: int | None
    points: Decimal | None
    rationale: str
    divergent: bool
    status: str
    price: Decimal | None


@dataclass
class Export:
    procurement: Procurement
    exported_at: datetime
    exported_by: str
    with_prices: bool
    individual: list[IndividualRow] = field(default_factory=list)
    consensus: list[ConsensusRow] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)


def _price(raw: str | None) -> Decimal | None:
    if not raw:
        return None
    try:
        return Decimal(str(raw)).quantize(CENT)
    except InvalidOperation:
        return None


def _lines(texts: Sequence[str] | None) -> str:
    return "\n".join(str(t) for t in texts or [] if str(t).strip())


def _tender_name(link: TenderEvaluation, several_lots: bool) -> str:
    name = link.tender.organisation.name
    if several_lots:
        return _("%(tenderer)s (lot %(number)s)") % {"tenderer": name, "number": link.lot.number}
    return name


def build(*, actor: Actor, procurement: Procurement) -> Export:
    """Every row of both exports the actor may see (at most 8 queries, however many tenders,
    criteria and evaluators: tender evaluations, panels, scope, individual scores, consensus
    scores, the price reveal, submissions, data key)."""
    links = selectors.evaluation_links(procurement)
    several_lots = len({link.lot_id for link in links}) > 1
    show_prices = permissions.can_see_prices(actor, procurement)
    prices = selectors.tender_prices(procurement, links) if show_prices and links else {}

    all_work: set[int] = set()  # assessments whose whole panel's work the actor may see
    own_member: dict[int, PanelMember] = {}  # else the actor's own place on the panel
    not_in_consensus: list[str] = []
    not_taking_part = False
    for link in links:
        assessment = link.assessment
        if engine_permissions.can_see_all_individual_work(actor, assessment):
            all_work.add(assessment.pk)
            continue
        member = engine_permissions.membership_of(actor, assessment)
        if member is not None and member.has_declared:
            own_member[assessment.pk] = member
        if engine_permissions.can_view(actor, assessment):
            if assessment.status not in (Status.CONSENSUS, Status.FINAL):
                not_in_consensus.append(_tender_name(link, several_lots))
        else:
            not_taking_part = True

    visible = all_work | set(own_member)
    items: dict[int, list[ScopeItem]] = {}
    if visible:
        for item in (
            ScopeItem.objects.filter(assessment_id__in=visible)
            .select_related("criterion")
            .order_by("assessment_id", "order", "id")
        ):
            items.setdefault(item.assessment_id, []).append(item)
    scores: dict[tuple[int, int], IndividualScore] = {}  # (member, scope item)
    if visible:
        condition = Q(pk__in=[])
        if all_work:
            condition |= Q(
                item__assessment_id__in=all_work,
                member__submitted_at__isnull=False,
                member__removed_at__isnull=True,
            )
        if own_member:
            condition |= Q(member_id__in=[m.pk for m in own_member.values()])
        for found in IndividualScore.objects.filter(condition):
            scores[(found.member_id, found.item_id)] = found
    agreed: dict[int, ConsensusScore] = {}
    if all_work:
        agreed = {
            c.item_id: c for c in ConsensusScore.objects.filter(item__assessment_id__in=all_work)
        }

    export = Export(
        procurement=procurement,
        exported_at=spreadsheets.exported_at(),
        exported_by=spreadsheets.exported_by(actor.user),
        with_prices=show_prices,
    )
    for link in links:
        assessment = link.assessment
        if assessment.pk not in visible:
            continue
        if assessment.pk in all_work:
            members = [
                m
                for m in assessment.panel.all()
                if m.submitted_at is not None and m.removed_at is None
            ]
        else:
            members = [own_member[assessment.pk]]
        tenderer = link.tender.organisation.name
        price = _price(prices.get(link.pk))
        for item in items.get(assessment.pk, []):
            criterion = item.criterion
            steps: list[int] = []
            for member in members:
                score = scores.get((member.pk, item.pk))
                percent = score.percent if score is not None else None
                if percent is not None:
                    steps.append(percent)
                export.individual.append(
                    IndividualRow(
                        lot=link.lot.number,
                        tenderer=tenderer,
                        code=criterion.code,
                        criterion=criterion.name,
                        max_points=item.max_points,
                        evaluator=member.user.full_name,
                        percent=percent,
                        points=None
                        if percent is None
                        else scoring.points(percent, item.max_points),
                        strengths=_lines(score.strengths) if score else "",
                        improvements=_lines(score.improvements) if score else "",
                        price=price,
                    )
                )
            if assessment.pk not in all_work:
                continue
            consensus = agreed.get(item.pk)
            percent = consensus.percent if consensus is not None else None
            export.consensus.append(
                ConsensusRow(
                    lot=link.lot.number,
                    tenderer=tenderer,
                    code=criterion.code,
                    criterion=criterion.name,
                    max_points=item.max_points,
                    percent=percent,
                    points=None if percent is None else scoring.points(percent, item.max_points),
                    rationale=consensus.rationale if consensus is not None else "",
                    divergent=scoring.is_divergent(steps, assessment.divergence_threshold),
                    status=str(Status.FINAL.label)
                    if assessment.status == Status.FINAL
                    else _("Consensus draft"),
                    price=price,
                )
            )

    if not show_prices:
        export.left_out.append(
            _(
                "Tender prices are left out: this procurement hides prices from the "
                "evaluation panel until every consensus is final and the chair reveals them."
            )
        )
    if not_in_consensus:
        export.left_out.append(
            _(
                "Not yet in consensus: %(tenders)s. Their individual scores are left out "
                "(except your own) and they have no consensus yet: before consensus no one "
                "sees another evaluator's work."
            )
            % {"tenders": ", ".join(not_in_consensus)}
        )
    if not_taking_part:
        export.left_out.append(
            _(
                "Tender assessments you do not take part in (for example after declaring a "
                "conflict of interest) are left out."
            )
        )
    return export


# --- the table of one kind -------------------------------------------------------------------


def table(export: Export, kind: str) -> Table:
    """Headings (in the active language), cell types and rows of one export kind."""
    prices = export.with_prices
    if kind == INDIVIDUAL:
        headings = [
            _("Lot"),
            _("Tenderer"),
            _("Criterion code"),
            _("Criterion"),
            _("Maximum points"),
            _("Evaluator"),
            _("Step (%)"),
            _("Points"),
            _("Strengths"),
            _("Improvement areas"),
        ]
        types: list[CellType] = [
            "int",
            "text",
            "text",
            "text",
            "decimal",
            "text",
            "int",
            "decimal",
            "text",
            "text",
        ]
        rows: list[list[Value]] = [
            [
                r.lot,
                r.tenderer,
                r.code,
                r.criterion,
                r.max_points,
                r.evaluator,
                r.percent,
                r.points,
                r.strengths,
                r.improvements,
                *([r.price] if prices else []),
            ]
            for r in export.individual
        ]
        title = _("Individual scores")
    elif kind == CONSENSUS:
        headings = [
            _("Lot"),
            _("Tenderer"),
            _("Criterion code"),
            _("Criterion"),
            _("Maximum points"),
            _("Consensus step (%)"),
            _("Points"),
            _("Rationale"),
            _("Divergent"),
            _("Status"),
        ]
        types = ["int", "text", "text", "text", "decimal", "int", "decimal", "text", "text", "text"]
        rows = [
            [
                r.lot,
                r.tenderer,
                r.code,
                r.criterion,
                r.max_points,
                r.percent,
                r.points,
                r.rationale,
                spreadsheets.yes_no(r.divergent),
                r.status,
                *([r.price] if prices else []),
            ]
            for r in export.consensus
        ]
        title = _("Consensus")
    else:
        raise ValueError(f"unknown export kind {kind!r}")
    if prices:
        headings.append(_("Price (SEK)"))
        types.append("price")
    return Table(title=title, headings=headings, types=types, rows=rows)


def about(export: Export) -> list[tuple[str, str]]:
    """The About sheet (and the CSV's header comment): what, when, who, and what is left out."""
    procurement = export.procurement
    lines = [
        (_("Procurement"), procurement.title),
        (_("Reference number"), procurement.reference_number or ""),
        (_("Exported at (Stockholm time)"), spreadsheets.moment(export.exported_at)),
        (_("Exported by"), export.exported_by),
        (_("Prices"), _("Included") if export.with_prices else _("Left out")),
    ]
    for note in export.left_out or [_("Nothing is left out.")]:
        lines.append((_("Left out"), note))
    return lines


# --- files ---------------------------------------------------------------------------------


def write(export: Export, *, kind: str, file_format: str) -> tuple[bytes, str]:
    """The file and its content type: a CSV of `kind`, or one workbook with the individual
    scores, the consensus and About, opened at `kind`."""
    return spreadsheets.write(
        [table(export, each) for each in KINDS],
        about(export),
        file_format=file_format,
        active=KINDS.index(kind),
    )


def filename(procurement: Procurement, *, kind: str, file_format: str) -> str:
    return spreadsheets.filename(
        procurement.reference_number,
        fallback=f"procurement-{procurement.pk}",
        suffix=kind,
        file_format=file_format,
    )


def record(*, actor: Actor, export: Export, kind: str, file_format: str) -> None:
    """The audit trace of an export: confidential (it is about scores and, maybe, prices), so
    kept and hash-chained but never shown in the organisation's event log. No scores or prices
    in it, only what was exported."""
    procurement = export.procurement
    record_event(
        action="evaluation.exported",
        actor=actor.user,
        organisation=procurement.buyer,
        target=procurement,
        data={
            "kind": kind,
            "format": file_format,
            "individual_rows": len(export.individual),
            "consensus_rows": len(export.consensus),
            "prices_included": export.with_prices,
        },
        confidential=True,
    )


def check_request(*, kind: str, file_format: str) -> None:
    if kind not in KINDS:
        raise ExportRequestError(_("Unknown export: choose individual or consensus."))
    spreadsheets.check_format(file_format)
