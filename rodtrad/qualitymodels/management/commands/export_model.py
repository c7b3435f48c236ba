"""`rodtrad export-model VERSION_ID [--format yaml|json] [--output FILE]`."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from rodtrad.qualitymodels.models import ModelVersion
from rodtrad.qualitymodels.selectors import export_version


class Command(BaseCommand):
    help = "Export a quality model version as YAML or JSON (format rodtrad-quality-model/1)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("version_id", type=int)
        parser.add_argument("--format", choices=["yaml", "json"], default="yaml")
        parser.add_argument("--output", help="write to this file instead of standard output")

    def handle(self, *args, **options) -> None:
        version = ModelVersion.objects.select_related("model").filter(pk=options["version_id"])
        found = version.first()
        if found is None:
            raise CommandError(f"There is no model version with id {options['version_id']}.")
        text = export_version(found, options["format"])
        if options["output"]:
            Path(options["output"]).write_text(text, encoding="utf-8")
            self.stdout.write(f"Wrote {options['output']}.")
        else:
            self.stdout.write(text, ending="")
