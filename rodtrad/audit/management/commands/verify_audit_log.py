from django.core.management.base import BaseCommand, CommandError

from rodtrad.audit.models import AuditEvent
from rodtrad.audit.services import verify_chain


class Command(BaseCommand):
    help = "Walk the audit log's hash chain; exit non-zero naming the first broken event."

    def handle(self, *args, **options) -> None:
        problem = verify_chain()
        if problem is not None:
            raise CommandError(f"The audit log is broken: {problem.message}.")
        count = AuditEvent.objects.count()
        self.stdout.write(self.style.SUCCESS(f"The audit log is intact ({count} events)."))
