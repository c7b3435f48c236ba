"""Re-authentication before the sensitive actions.

Opening tenders, revealing prices, signing the award decision and exporting the archive need a
recent proof of identity: a login, or a confirmation of the password (and the authenticator
code) at most `REAUTHENTICATION_MAX_AGE` seconds ago. The services ask the actor
(`require_recent_authentication`); the UI and the API set `Actor.recently_authenticated` from
the session, or from the token's scope for a token.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from rodtrad.common import clock

AUTHENTICATED_AT_SESSION_KEY = "rodtrad_authenticated_at"


class ReauthenticationRequired(PermissionDenied):
    """The actor may do this, but must first confirm who they are."""


def mark_authenticated(request: HttpRequest) -> None:
    request.session[AUTHENTICATED_AT_SESSION_KEY] = clock.now().timestamp()


def is_recent(request: HttpRequest) -> bool:
    session = getattr(request, "session", None)
    if session is None:
        return False
    authenticated_at = session.get(AUTHENTICATED_AT_SESSION_KEY)
    if authenticated_at is None:
        return False
    return clock.now().timestamp() - authenticated_at <= settings.REAUTHENTICATION_MAX_AGE


def require_recent_authentication(actor) -> None:
    """Raise ReauthenticationRequired unless the actor proved their identity recently. Call it
    after the permission checks, so that someone without the right gets the usual answer."""
    if not actor.recently_authenticated:
        raise ReauthenticationRequired
