from django.core.management.base import BaseCommand

from rodtrad.improvements.services import send_overdue_reminders


class Command(BaseCommand):
    help = (
        "Remind the responsible people and contract managers about overdue improvement "
        "actions (at most once a day per action)."
    )

    def handle(self, *args, **options) -> None:
        count = send_overdue_reminders()
        self.stdout.write(f"Reminded about {count} overdue action(s).")
