"""The UI for personal access tokens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from rodtrad.api import tokens
from rodtrad.api.forms import TokenForm
from rodtrad.api.models import ApiToken
from rodtrad.common.forms import add_service_errors
from rodtrad.common.http import AuthenticatedRequest

_NEW_TOKEN_SESSION_KEY = "rodtrad_new_api_token"


@never_cache
@login_required
def token_list(request: AuthenticatedRequest) -> HttpResponse:
    actor = request.actor
    organisations = actor.member_organisations()
    form = TokenForm(
        request.POST if request.method == "POST" else None, organisations=organisations
    )
    if request.method == "POST" and form.is_valid():
        try:
            _token, value = tokens.create_token(
                actor=actor,
                organisation=actor.organisations[form.cleaned_data["organisation"]],
                name=form.cleaned_data["name"],
                valid_days=form.cleaned_data["valid_days"],
                read_only=form.cleaned_data["read_only"],
                sensitive=form.cleaned_data["sensitive"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            # Post/redirect/get: a reload must not create a second token. The value is shown on
            # the next page view only, then forgotten.
            request.session[_NEW_TOKEN_SESSION_KEY] = value
            return redirect("api_tokens:list")
    new_token_value = request.session.pop(_NEW_TOKEN_SESSION_KEY, None)
    user_tokens = ApiToken.objects.filter(user=request.user).select_related("organisation")
    return render(
        request,
        "api/token_list.html",
        {
            "form": form,
            "tokens": user_tokens,
            "new_token_value": new_token_value,
            "has_organisations": bool(organisations),
        },
    )


@login_required
@require_POST
def token_revoke(request: AuthenticatedRequest, token_id: int) -> HttpResponse:
    token = tokens.get_own_token(request.actor, token_id)
    tokens.revoke_token(actor=request.actor, token=token)
    messages.success(request, _("The token “%(name)s” was revoked.") % {"name": token.name})
    return redirect("api_tokens:list")
