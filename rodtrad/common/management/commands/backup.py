"""`rodtrad backup [--output PATH]`: the database and the private files as one tar archive with
a checksum manifest (rodtrad/common/backup.py). `--fingerprint` only prints the digest of the
installation's canonical state, to compare an installation before a backup and after a restore.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from rodtrad.common import backup, canonical


class Command(BaseCommand):
    help = (
        "Write the database and the private files to one archive (not the server key); "
        "--fingerprint prints the digest of the current state instead."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--output",
            "-o",
            help="The archive to write, or a directory for rodtrad-backup-<time>.tar "
            "(default: the current directory).",
        )
        parser.add_argument(
            "--fingerprint",
            action="store_true",
            help="Print the SHA-256 digest of every table row and private file; write nothing.",
        )

    def handle(self, *args, output: str | None, fingerprint: bool, **options) -> None:
        if fingerprint:
            self.stdout.write(canonical.digest(canonical.canonical_state()))
            return
        try:
            result = backup.create_backup(Path(output) if output else None)
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        except OSError as error:  # disk full, no permission: say so without a traceback
            raise CommandError(_("The backup failed: %(error)s") % {"error": error}) from None
        manifest = result.manifest
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Wrote %(path)s: %(rows)s rows in %(tables)s tables and %(files)s files, "
                    "%(bytes)s bytes, SHA-256 %(sha)s."
                )
                % {
                    "path": result.path,
                    "rows": sum(manifest["tables"].values()),
                    "tables": len(manifest["tables"]),
                    "files": len(manifest["files"]),
                    "bytes": result.size,
                    "sha": result.sha256,
                }
            )
        )
        self.stdout.write(
            _(
                "The server key (fingerprint %(fingerprint)s) is not in the archive: keep it "
                "apart, sealed tenders cannot be read without it."
            )
            % {"fingerprint": manifest["server_key_fingerprint"]}
        )
