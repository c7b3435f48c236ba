from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.functional import SimpleLazyObject

from rodtrad.accounts.actor import Actor
from rodtrad.accounts.models import Organisation

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
