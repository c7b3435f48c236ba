from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.functional import SimpleLazyObject

from rodtrad.accounts.actor import Actor
from rodtrad.accounts.models import Organisation
from rodtrad.common import clock

CURRENT_ORGANISATION_SESSION_KEY = "rodtrad_current_organisation"


def current_organisation(request: HttpRequest) -> Organisation | None:
    """The organisation the user works in now: chosen in the header, else their first one."""
    if not hasattr(request, "_rodtrad_current_organisation"):
        actor: Actor = request.actor  # type: ignore[attr-defined]
        request._rodtrad_current_organisation = _choose(request, actor)  # type: ignore[attr-defined]
    chosen: Organisation | None = request._rodtrad_current_organisation  # type: ignore[attr-defined]
    return chosen


def _choose(request: HttpRequest, actor: Actor) -> Organisation | None:
    organisations = actor.member_organisations()
    if not organisations:
        return None
    chosen = request.session.get(CURRENT_ORGANISATION_SESSION_KEY)
    for organisation in organisations:
        if organisation.pk == chosen:
            return organisation
    return organisations[0]


class ActorMiddleware:
    """Attaches `request.actor` and applies the user's chosen language."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.actor = SimpleLazyObject(  # type: ignore[attr-defined]
            lambda: Actor.for_user(request.user)  # type: ignore[arg-type]
        )
        user = request.user
        if user.is_authenticated and user.language and not request.path.startswith("/api/"):
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)


LAST_SEEN_SESSION_KEY = "rodtrad_last_seen"
IDLE_LOGOUT_SESSION_KEY = "rodtrad_idle_logout"
LAST_SEEN_RESOLUTION = 60
"""Seconds: the last-seen time is written at most once a minute, not on every request."""


class IdleTimeoutMiddleware:
    """Logs out a browser session left idle longer than `SESSION_IDLE_TIMEOUT` seconds (the
    session's absolute age is `SESSION_COOKIE_AGE`). Tokens have no session and are not
    affected. The next login page says why the person was logged out."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = clock.now().timestamp()
            last_seen = request.session.get(LAST_SEEN_SESSION_KEY)
            if last_seen is not None and now - last_seen > settings.SESSION_IDLE_TIMEOUT:
                logout(request)  # records user.logged_out, flushes the session
                request.session[IDLE_LOGOUT_SESSION_KEY] = True
            elif last_seen is None or now - last_seen >= LAST_SEEN_RESOLUTION:
                request.session[LAST_SEEN_SESSION_KEY] = now
        return self.get_response(request)
