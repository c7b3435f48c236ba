"""E-mail: rendered from templates in Swedish and English, delivered by a background task.

Recipients outside rodtrad have no language preference yet, so every message carries the
Swedish text first and the English text after it. Requests never wait on the mail server.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import translation

SEPARATOR = "\n\n" + "-" * 60 + "\n\n"


@task
def deliver_email(*, subject: str, body: str, to: list[str]) -> int:
    message = EmailMessage(subject=subject, body=body, to=to)
    return message.send(fail_silently=False)


def render_bilingual(template: str, context: dict[str, Any]) -> tuple[str, str]:
    subjects, bodies = [], []
    for language in ("sv", "en"):
        with translation.override(language):
            subjects.append(
                render_to_string(f"{template}_subject.txt", context).strip().replace("\n", " ")
            )
            bodies.append(render_to_string(f"{template}_body.txt", context).strip())
    return " / ".join(dict.fromkeys(subjects)), SEPARATOR.join(bodies) + "\n"


def send_templated_mail(*, template: str, context: dict[str, Any], to: Sequence[str]) -> None:
    subject, body = render_bilingual(template, {"site_url": settings.SITE_URL, **context})
    deliver_email.enqueue(subject=subject, body=body, to=list(to))
