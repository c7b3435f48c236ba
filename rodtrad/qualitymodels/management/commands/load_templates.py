"""`rodtrad load-templates`: put the built-in templates into the platform library (idempotent)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from rodtrad.qualitymodels.services import load_templates


class Command(BaseCommand):
    help = "Load the built-in quality model templates into the platform library (idempotent)."

    def handle(self, *args, **options) -> None:
        for result in load_templates(record=True):
            self.stdout.write(
                f"{result.key}: {result.outcome} (version {result.version.number}, "
                f"id {result.version.pk})"
            )
