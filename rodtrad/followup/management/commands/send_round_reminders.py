from django.core.management.base import BaseCommand

from rodtrad.followup.services import send_round_reminders


class Command(BaseCommand):
    help = "Remind both contract teams once that a follow-up round is due within two weeks."

    def handle(self, *args, **options) -> None:
        count = send_round_reminders()
        self.stdout.write(f"Reminded about {count} follow-up round(s).")
