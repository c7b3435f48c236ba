"""API authentication: a personal access token (Bearer) or the browser session (with CSRF)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from rodtrad.accounts import reauth
from rodtrad.accounts.actor import Actor
from rodtrad.api.errors import ApiError
from rodtrad.api.tokens import authenticate_token, hash_token
from rodtrad.common import ratelimit


class TokenAuth(HttpBearer):
    openapi_scheme = "bearer"

    def authenticate(self, request: HttpRequest, token: str) -> Actor | None:
        actor = authenticate_token(token, method=request.method or "GET")
        if actor is not None:
            _within_rate_limit(f"token:{hash_token(token)[:32]}")
            request.actor = actor  # type: ignore[attr-defined]
        return actor


class SessionAuth(APIKeyCookie):
    """The logged-in browser session; unsafe methods need the CSRF token, as in the UI."""

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self) -> None:
        super().__init__(csrf=False)

    def _get_key(self, request: HttpRequest) -> str | None:
        key = request.COOKIES.get(self.param_name)
        if key and request.method not in ("GET", "HEAD", "OPTIONS") and check_csrf(request):
            raise ApiError(403, "csrf_failed")
        return key

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        if key and request.user.is_authenticated and request.user.is_active:
            _within_rate_limit(f"user:{request.user.pk}")
            actor = Actor.for_user(request.user, recently_authenticated=reauth.is_recent(request))
            request.actor = actor  # type: ignore[attr-defined]
            return actor
        return None


def _within_rate_limit(key: str) -> None:
    """At most API_RATE_LIMIT_PER_MINUTE requests a minute per token or logged-in person."""
    if not ratelimit.hit(f"api:{key}", limit=settings.API_RATE_LIMIT_PER_MINUTE, window=60):
        raise ApiError(429, "rate_limited")


def actor_of(request: HttpRequest) -> Actor:
    return request.auth  # type: ignore[attr-defined, return-value]
