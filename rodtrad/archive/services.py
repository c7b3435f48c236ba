"""Exporting a procurement's archive: the permission, the ZIP and the audit event."""

from __future__ import annotations

from rodtrad.accounts.actor import Actor
from rodtrad.accounts.reauth import require_recent_authentication
from rodtrad.archive import builder, permissions
from rodtrad.audit.services import record_event


def export_archive(*, actor: Actor, procurement_id: int) -> tuple[builder.Archive, str]:
    """The archive and its file name, for the buyer's administrators and the team's procurement
    officers (404 outside the buyer's side, 403 for others on it)."""
    procurement = permissions.get_for_archive(actor, procurement_id)
    require_recent_authentication(actor)
    user = actor.user
    archive = builder.build_archive(
        procurement, exported_by=(user.full_name or user.email) if user else ""
    )
    record_event(
        action="procurement.archived",
        actor=user,
        organisation=procurement.buyer,
        target=procurement,
        data={"files": archive.files, "bytes": len(archive.content), "sha256": archive.sha256},
    )
    return archive, builder.filename(procurement)
