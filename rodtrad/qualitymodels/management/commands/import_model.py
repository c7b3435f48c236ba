"""`rodtrad import-model FILE [--model ID] [--owner ORG_ID]`: import a model version from a YAML
or JSON file (format rodtrad-quality-model/1) as a new model or a new draft of a model.

Runs as the platform: no audit actor, and no permission check beyond access to this command.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from rodtrad.accounts.actor import Actor
from rodtrad.accounts.models import Organisation
from rodtrad.qualitymodels.models import QualityModel
from rodtrad.qualitymodels.services import ModelFileError, import_version


class _PlatformActor(Actor):
    """The command line acts with platform rights."""

    @property
    def is_platform_admin(self) -> bool:
        return True

    @property
    def is_authenticated(self) -> bool:
        return True

    def has_role(self, organisation, *roles: str) -> bool:
        return True

    def is_member(self, organisation) -> bool:
        return True


class Command(BaseCommand):
    help = "Import a quality model version from a YAML or JSON file."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="a .yaml, .yml or .json file (- reads standard input)")
        parser.add_argument("--model", type=int, help="import as a new draft version of this model")
        parser.add_argument("--owner", type=int, help="the organisation that owns a new model")
        parser.add_argument(
            "--format", choices=["yaml", "json"], help="the file's format (default: from its name)"
        )

    def handle(self, *args, **options) -> None:
        path = options["file"]
        try:
            content = (
                self.stdin.buffer.read() if path == "-" else Path(path).read_bytes()  # type: ignore[attr-defined]
            )
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}") from None
        model = owner = None
        if options["model"] is not None:
            model = QualityModel.objects.select_related("owner").filter(pk=options["model"]).first()
            if model is None:
                raise CommandError(f"There is no model with id {options['model']}.")
        elif options["owner"] is not None:
            owner = Organisation.objects.filter(pk=options["owner"]).first()
            if owner is None:
                raise CommandError(f"There is no organisation with id {options['owner']}.")
        try:
            version = import_version(
                actor=_PlatformActor(user=None),
                content=content,
                fmt=options["format"],
                filename="" if path == "-" else Path(path).name,
                model=model,
                owner=owner,
            )
        except ModelFileError as error:
            lines = [f"{path}: {problem}" for problem in error.problems]
            raise CommandError("The file cannot be imported:\n" + "\n".join(lines)) from None
        self.stdout.write(
            f"Imported {version.model.name} version {version.number} (version id {version.pk}, "
            f"model id {version.model_id}) as a draft."
        )
