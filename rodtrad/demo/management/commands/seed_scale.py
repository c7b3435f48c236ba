"""`rodtrad seed-scale {municipality,national} [--scale FLOAT]`: fill the configured database
with a scale scenario for the benchmarks (bench/scale.py)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from rodtrad.demo import scale


class Command(BaseCommand):
    help = "Fill the database with a scale scenario (municipality or national) for benchmarks."

    def add_arguments(self, parser) -> None:
        parser.add_argument("scenario", choices=["municipality", "national"])
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="Fraction of the national background to build (0.01 for a quick test).",
        )
        parser.add_argument(
            "--tiny",
            action="store_true",
            help="Build the municipality small too (for tests; the figures are then meaningless).",
        )

    def handle(self, *args, **options) -> None:
        if options["scale"] <= 0:
            raise CommandError("--scale must be above 0.")
        # Notifications go nowhere while seeding (not to a worker printing them all).
        quiet = {
            "MAILERS": {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}},
            "TASKS": {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}},
        }
        started = time.perf_counter()
        with override_settings(**quiet):
            report = scale.seed(
                options["scenario"],
                options["scale"],
                log=self.stdout.write,
                tiny=options["tiny"],
            )
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded {options['scenario']} in {time.perf_counter() - started:.1f} s."
            )
        )
