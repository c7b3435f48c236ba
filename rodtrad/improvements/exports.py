"""A contract's improvement actions as CSV and XLSX: description, owning party, responsible
person, due date, status, reason for dropping, linked criterion, source (the improvement area
and the report it came from), overdue.

Who may export: the improvement plan's readers (`permissions.get_contract`: the contract's two
parties; 404 for everyone else). The list page's filters (status, owning party, only overdue)
apply as on the page (`selectors.action_list`); the About sheet names the filter, since the
actions it leaves out are not in the file. Two queries (the actions, the follow-up rounds that
name the reports) however many actions there are. An export leaves the audit event
`improvement.actions_exported` (not confidential: both parties read the whole plan).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.utils.translation import gettext as _

from rodtrad.accounts.actor import Actor
from rodtrad.audit.services import record_event
from rodtrad.common import spreadsheets
from rodtrad.common.spreadsheets import CellType, Table, Value
from rodtrad.contracts.models import Contract
from rodtrad.improvements import permissions, selectors
from rodtrad.improvements.models import ActionStatus, Owner


@dataclass(frozen=True)
class Row:
    description: str
    owner: str
    responsible: str
    due_on: date
    status: str
    drop_reason: str
    criterion_code: str
    criterion: str
    source: str
    improvement_area: str
    overdue: bool


@dataclass
class Export:
    contract: Contract
    filters: selectors.Filters
    exported_at: datetime
    exported_by: str
    rows: list[Row]


def build(*, actor: Actor, contract: Contract, filters: selectors.Filters | None = None) -> Export:
    """The contract's actions as the list page shows them with `filters`. Two queries (one
    when no action came from a report)."""
    filters = filters or selectors.Filters()
    actions = selectors.action_list(contract, filters)
    reports: dict[int, str] = {}
    if any(action.source_assessment_id for action in actions):
        reports = {s.assessment_id: s.label for s in selectors.source_assessments(contract)}
    rows = []
    for action in actions:
        criterion = action.criterion
        rows.append(
            Row(
                description=action.description,
                owner=action.get_owner_display(),
                responsible=action.responsible.full_name or action.responsible.email,
                due_on=action.due_on,
                status=action.get_status_display(),
                drop_reason=action.drop_reason,
                criterion_code=criterion.code if criterion else "",
                criterion=criterion.name if criterion else "",
                source=reports.get(action.source_assessment_id or 0, ""),
                improvement_area=action.source_text,
                overdue=action.overdue,  # type: ignore[attr-defined]
            )
        )
    return Export(
        contract=contract,
        filters=filters,
        exported_at=spreadsheets.exported_at(),
        exported_by=spreadsheets.exported_by(actor.user),
        rows=rows,
    )


def table(export: Export) -> Table:
    headings = [
        _("Action"),
        _("Owning party"),
        _("Responsible"),
        _("Due"),
        _("Status"),
        _("Reason for dropping"),
        _("Criterion code"),
        _("Criterion"),
        _("Source"),
        _("Improvement area"),
        _("Overdue"),
    ]
    types: list[CellType] = ["text", "text", "text", "date"]
    types += ["text"] * 7
    rows: list[list[Value]] = [
        [
            r.description,
            r.owner,
            r.responsible,
            r.due_on,
            r.status,
            r.drop_reason,
            r.criterion_code,
            r.criterion,
            r.source,
            r.improvement_area,
            spreadsheets.yes_no(r.overdue),
        ]
        for r in export.rows
    ]
    return Table(title=_("Improvement actions"), headings=headings, types=types, rows=rows)


def _filter_text(filters: selectors.Filters) -> str:
    parts = []
    if filters.status:
        parts.append(_("status %(status)s") % {"status": ActionStatus(filters.status).label})
    if filters.owner:
        parts.append(_("owning party %(owner)s") % {"owner": Owner(filters.owner).label})
    if filters.overdue:
        parts.append(_("only overdue actions"))
    return ", ".join(parts)


def about(export: Export) -> list[tuple[str, str]]:
    contract = export.contract
    lines = [
        (_("Procurement"), contract.procurement.title),
        (_("Reference number"), contract.procurement.reference_number or ""),
        (_("Buyer"), contract.buyer.name),
        (_("Provider"), contract.provider.name),
        (_("Exported at (Stockholm time)"), spreadsheets.moment(export.exported_at)),
        (_("Exported by"), export.exported_by),
    ]
    chosen = _filter_text(export.filters)
    if chosen:
        lines.append((_("Filter"), chosen))
        lines.append((_("Left out"), _("Actions that do not match the filter are left out.")))
    else:
        lines.append((_("Left out"), _("Nothing is left out.")))
    return lines


def write(export: Export, *, file_format: str) -> tuple[bytes, str]:
    return spreadsheets.write([table(export)], about(export), file_format=file_format)


def filename(contract: Contract, *, file_format: str) -> str:
    return spreadsheets.filename(
        contract.procurement.reference_number,
        fallback=f"contract-{contract.pk}",
        suffix="improvement-actions",
        file_format=file_format,
    )


def _organisation(actor: Actor, contract: Contract):
    """The party the actor acts for (the buyer when both), as the plan's other events."""
    organisation_id = permissions.acting_organisation_id(actor, contract)
    return contract.buyer if organisation_id == contract.buyer_id else contract.provider


def record(*, actor: Actor, export: Export, file_format: str) -> None:
    record_event(
        action="improvement.actions_exported",
        actor=actor.user,
        organisation=_organisation(actor, export.contract),
        target=export.contract,
        data={
            "format": file_format,
            "rows": len(export.rows),
            "filters": {
                "status": export.filters.status,
                "owner": export.filters.owner,
                "overdue": export.filters.overdue,
            },
        },
    )
