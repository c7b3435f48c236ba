"""Telling people about things: a notification in the app and an e-mail, in each recipient's
language, sent by a background task after the transaction commits."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from rodtrad.common import clock
from rodtrad.common.mail import deliver_email
from rodtrad.notifications.models import Notification


def notify(*, users: Iterable[Any], template: str, context: dict[str, Any], url: str = "") -> int:
    """Render `<template>_subject.txt` / `_body.txt` per recipient and notify them. Returns how
    many were notified. Inactive users and duplicates are skipped."""
    recipients = {user.pk: user for user in users if user.is_active}
    now = clock.now()
    rows, mails = [], []
    for user in recipients.values():
        with translation.override(user.language or settings.LANGUAGE_CODE):
            full = {**context, "url": settings.SITE_URL + url if url else ""}
            title = render_to_string(f"{template}_subject.txt", full).strip().replace("\n", " ")
            body = render_to_string(f"{template}_body.txt", full).strip()
        rows.append(Notification(user=user, title=title, body=body, url=url, created_at=now))
        mails.append((title, body + ("\n\n" + full["url"] if full["url"] else ""), user.email))
    Notification.objects.bulk_create(rows)

    def send() -> None:
        for subject, body, address in mails:
            deliver_email.enqueue(subject=subject, body=body, to=[address])

    transaction.on_commit(send)
    return len(rows)


def mark_read(*, user: Any, notification_ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications (all, or the given ones) as read."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=list(notification_ids))
    return unread.update(read_at=clock.now())
