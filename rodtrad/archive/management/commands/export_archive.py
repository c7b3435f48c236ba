"""`rodtrad export-archive PROCUREMENT --output FILE`: the procurement's archive as a ZIP, for
records management run by an operator (no person's permission applies; the event is recorded
as exported by the system)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from rodtrad.archive import builder
from rodtrad.audit.services import record_event
from rodtrad.procurements.models import Procurement


class Command(BaseCommand):
    help = "Write a procurement's archive (documents, records, reports, data, audit) as a ZIP."

    def add_arguments(self, parser) -> None:
        parser.add_argument("procurement", type=int, help="The procurement's id.")
        parser.add_argument("--output", "-o", required=True, help="The ZIP file to write.")

    def handle(self, *args, procurement: int, output: str, **options) -> None:
        found = Procurement.objects.select_related("buyer").filter(pk=procurement).first()
        if found is None or found.published_at is None:
            raise CommandError(
                _("There is no published procurement with the id %(id)s.") % {"id": procurement}
            )
        archive = builder.build_archive(found, exported_by="rodtrad export-archive")
        Path(output).write_bytes(archive.content)
        record_event(
            action="procurement.archived",
            organisation=found.buyer,
            target=found,
            data={
                "files": archive.files,
                "bytes": len(archive.content),
                "sha256": archive.sha256,
                "by": "command",
            },
        )
        self.stdout.write(
            _("Wrote %(files)s files (%(bytes)s bytes) to %(path)s, SHA-256 %(sha)s.")
            % {
                "files": archive.files,
                "bytes": len(archive.content),
                "path": output,
                "sha": archive.sha256,
            }
        )
