from django.core.management.base import BaseCommand

from rodtrad.demo.scenario import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "Load the demo scenario (idempotent) and print the demo logins."

    def handle(self, *args, **options) -> None:
        people = load_demo()
        self.stdout.write(self.style.SUCCESS("Demo data loaded. Log in with any of these:"))
        width = max(len(p.email) for p in people)
        for person in people:
            self.stdout.write(f"  {person.email.ljust(width)}  {person.description}")
        self.stdout.write(f"Password for all of them: {DEMO_PASSWORD}")
