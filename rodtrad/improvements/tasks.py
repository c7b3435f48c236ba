"""Background work of the improvement plan, on Django's tasks API (django-tasks-db)."""

from __future__ import annotations

from django.tasks import task

from rodtrad.improvements import services


@task
def send_overdue_reminders() -> int:
    """Enqueue daily (e.g. from cron: `rodtrad send-overdue-reminders`)."""
    return services.send_overdue_reminders()
