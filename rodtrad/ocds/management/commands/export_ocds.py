"""`rodtrad export-ocds PROCUREMENT [--output FILE]`: the published procurement as an OCDS 1.1
release package (JSON), for an operator publishing the data; a draft is never exported here."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from rodtrad.ocds.package import build_package
from rodtrad.procurements import permissions
from rodtrad.procurements.models import Procurement


class Command(BaseCommand):
    def create_parser(self, prog_name: str, subcommand: str, **kwargs) -> CommandParser:
        # Translated when the command runs, in the language active then.
        self.help = _(
            "Print a published procurement as an OCDS 1.1 release package (JSON), or write it "
            "to a file."
        )
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("procurement", type=int, help=_("The procurement's id."))
        parser.add_argument("--output", "-o", help=_("Write the JSON to this file instead."))

    def handle(self, *args, procurement: int, output: str | None = None, **options) -> None:
        found = Procurement.objects.select_related("buyer").filter(pk=procurement).first()
        if found is None or not permissions.is_published(found):
            raise CommandError(
                _("There is no published procurement with the id %(id)s.") % {"id": procurement}
            )
        text = json.dumps(build_package(found), ensure_ascii=False, indent=2)
        if output:
            Path(output).write_text(text + "\n", encoding="utf-8")
        else:
            self.stdout.write(text)
