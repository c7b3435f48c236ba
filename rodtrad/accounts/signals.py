"""Logins, failed logins and logouts go to the audit log; a login starts the idle clock and
counts as a recent authentication."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from rodtrad.accounts.middleware import LAST_SEEN_SESSION_KEY
from rodtrad.accounts.reauth import mark_authenticated
from rodtrad.audit.services import record_event
from rodtrad.common import clock


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


@receiver(user_logged_in, dispatch_uid="rodtrad.accounts.idle_clock")
def _start_idle_clock(sender, request, user, **kwargs) -> None:
    """The session is saved with the login anyway; the first pages need not write it again."""
    if request is not None and hasattr(request, "session"):
        request.session[LAST_SEEN_SESSION_KEY] = clock.now().timestamp()
        mark_authenticated(request)  # a fresh login counts for the sensitive actions
