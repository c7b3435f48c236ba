"""Logins, failed logins and logouts go to the audit log."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from rodtrad.audit.services import record_event


def _client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "") if request is not None else ""


@receiver(user_logged_in, dispatch_uid="rodtrad.audit.login")
def _record_login(sender, request, user, **kwargs) -> None:
    record_event(
        action="user.logged_in",
        actor=user,
        target=user,
        data={"address": _client_address(request)},
    )


@receiver(user_logged_out, dispatch_uid="rodtrad.audit.logout")
def _record_logout(sender, request, user, **kwargs) -> None:
    if user is not None:
        record_event(action="user.logged_out", actor=user, target=user)


@receiver(user_login_failed, dispatch_uid="rodtrad.audit.login_failed")
def _record_failed_login(sender, credentials, request=None, **kwargs) -> None:
    record_event(
        action="user.login_failed",
        data={
            "email": str(credentials.get("username", ""))[:254],
            "address": _client_address(request),
        },
    )
