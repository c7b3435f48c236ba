from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from rodtrad.demo.scenario import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "Load the demo scenario (idempotent) and print the demo logins."

    def handle(self, *args, **options) -> None:
        # The story sends many notifications; while loading they go nowhere (not to a worker
        # that would print them all to the console).
        quiet = {
            "MAILERS": {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}},
            "TASKS": {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}},
        }
        with override_settings(**quiet):
            people = load_demo()
        self.stdout.write(self.style.SUCCESS("Demo data loaded. Log in with any of these:"))
        width = max(len(p.email) for p in people)
        for person in people:
            self.stdout.write(f"  {person.email.ljust(width)}  {person.description}")
        self.stdout.write(f"Password for all of them: {DEMO_PASSWORD}")
