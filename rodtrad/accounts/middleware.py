from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from rodtrad.accounts import reauth, two_factor
from rodtrad.accounts.actor import Actor
from rodtrad.accounts.models import Organisation
from rodtrad.common import clock
from rodtrad.common.http import local_url

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
            lambda: Actor.for_user(
                request.user,  # type: ignore[arg-type]
                recently_authenticated=reauth.is_recent(request),
            )
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


TWO_FACTOR_VERIFIED_SESSION_KEY = "rodtrad_two_factor_verified"
TWO_FACTOR_CHECKED_SESSION_KEY = "rodtrad_two_factor_checked"
TWO_FACTOR_RECHECK_SECONDS = 60
"""A session that needs no second step is checked again at most once a minute (roles change)."""
TWO_FACTOR_OPEN_PATHS = ("/static/", "/healthz", "/.well-known/", "/favicon.ico")
TWO_FACTOR_OPEN_URL_NAMES = (
    "accounts:login",
    "accounts:logout",
    "accounts:set_language",
    "accounts:two_factor_setup",
    "accounts:two_factor_verify",
    "accessibility",
    "about",
)


def _api_error(status: int, code: str, message: str) -> JsonResponse:
    body = {"error": {"status": status, "code": code, "message": message, "details": []}}
    return JsonResponse(body, status=status)


class TwoFactorMiddleware:
    """Holds a logged-in browser session at the second step until it is done: a person with an
    authenticator app types a code (the login does this; sessions from before enrolment are
    caught here), a person who must have one but has none sets it up first. Tokens are not
    sessions and pass (they are created in a verified session). Off when `TWO_FACTOR_ENFORCED`
    is false (development and most tests)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            settings.TWO_FACTOR_ENFORCED
            and request.user.is_authenticated
            and not request.session.get(TWO_FACTOR_VERIFIED_SESSION_KEY)
            and not self._is_open(request.path)
        ):
            held = self._hold(request)
            if held is not None:
                return held
        return self.get_response(request)

    @staticmethod
    def _is_open(path: str) -> bool:
        if path.startswith(TWO_FACTOR_OPEN_PATHS):
            return True
        return path in {reverse(name) for name in TWO_FACTOR_OPEN_URL_NAMES}

    @staticmethod
    def _hold(request: HttpRequest) -> HttpResponse | None:
        now = clock.now().timestamp()
        checked = request.session.get(TWO_FACTOR_CHECKED_SESSION_KEY)
        if checked is not None and now - checked < TWO_FACTOR_RECHECK_SECONDS:
            return None
        user = request.user
        if two_factor.has_device(user):  # type: ignore[arg-type]
            target, message = "accounts:two_factor_verify", ""
        elif two_factor.is_required(user):  # type: ignore[arg-type]
            target = "accounts:two_factor_setup"
            message = _(
                "Your roles let you see tenders, so your account needs two-step verification. "
                "Set it up to continue."
            )
        else:
            request.session[TWO_FACTOR_CHECKED_SESSION_KEY] = now
            return None
        if request.path.startswith("/api/"):
            return _api_error(
                403, "two_factor_required", message or _("Two-step verification is needed.")
            )
        if message:
            messages.info(request, message)
        query = urlencode({"next": request.get_full_path()}) if request.method == "GET" else ""
        return redirect(reverse(target) + (f"?{query}" if query else ""))


class ReauthenticationMiddleware:
    """Turns a service's ReauthenticationRequired into the identity confirmation page, which
    brings the person back to the page they came from (for a download: the download itself)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, reauth.ReauthenticationRequired):
            return None
        here = request.get_full_path() if request.method == "GET" else reverse("start")
        back = local_url(request, request.META.get("HTTP_REFERER", ""), here)
        messages.info(
            request,
            _("This action needs you to confirm who you are. Then do it again."),
        )
        return redirect(reverse("accounts:confirm_identity") + "?" + urlencode({"next": back}))
