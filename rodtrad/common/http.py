"""The request as our views see it: authenticated user, actor and htmx details attached by
middleware. Views annotate their request with these so types match what the middleware adds."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from rodtrad.accounts.actor import Actor
    from rodtrad.accounts.models import User


class AppRequest(HttpRequest):
    actor: Actor
    htmx: HtmxDetails


class AuthenticatedRequest(AppRequest):
    user: User  # type: ignore[assignment]
