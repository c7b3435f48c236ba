"""The request as our views see it: authenticated user, actor and htmx details attached by
middleware. Views annotate their request with these so types match what the middleware adds."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest, HttpResponse
from django.utils.http import url_has_allowed_host_and_scheme

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from rodtrad.accounts.actor import Actor
    from rodtrad.accounts.models import User


class AppRequest(HttpRequest):
    actor: Actor
    htmx: HtmxDetails


class AuthenticatedRequest(AppRequest):
    user: User  # type: ignore[assignment]


def file_download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    """A file to save, never cached (exports hold what only some people may read)."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def local_url(request: HttpRequest, candidate: str, fallback: str) -> str:
    """`candidate` when it is an address on this site (safe to redirect to), else `fallback`."""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return fallback
