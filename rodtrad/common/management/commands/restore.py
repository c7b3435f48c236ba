"""`rodtrad restore PATH [--replace]`: put an installation back from a `rodtrad backup` archive.

Every checksum is checked before anything changes; a backup of another database engine, one
made by a newer version, and (without --replace) a database that already holds data are refused.
Afterwards the audit log's hash chain is verified. Stop the web application and the worker first.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from rodtrad.common import backup


class Command(BaseCommand):
    help = "Restore the database and the private files from a `rodtrad backup` archive."

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", help="The archive written by `rodtrad backup`.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Replace a database that already holds data (and every private file).",
        )

    def handle(self, *args, path: str, replace: bool, **options) -> None:
        try:
            result = backup.restore_backup(Path(path), replace=replace)
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        except OSError as error:  # disk full, no permission: say so without a traceback
            raise CommandError(_("The restore failed: %(error)s") % {"error": error}) from None
        manifest = result.manifest
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Restored the backup of %(created)s: %(rows)s rows in %(tables)s tables and "
                    "%(files)s files, every checksum matching."
                )
                % {
                    "created": manifest["created_at"],
                    "rows": sum(manifest["tables"].values()),
                    "tables": len(manifest["tables"]),
                    "files": len(manifest["files"]),
                }
            )
        )
        for warning in result.warnings:
            self.stderr.write(self.style.WARNING(_("Warning: %(message)s") % {"message": warning}))
        if result.audit_problem is not None:
            raise CommandError(
                _("The audit log is broken: %(problem)s.") % {"problem": result.audit_problem}
            )
        self.stdout.write(
            self.style.SUCCESS(
                _("The audit log is intact (%(count)s events).") % {"count": result.audit_events}
            )
        )
