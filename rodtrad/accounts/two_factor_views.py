"""Pages of two-step verification: the second login step, setting up an authenticator app,
recovery codes, the identity confirmation before sensitive actions, and an administrator's
reset of a member who lost both app and codes."""

from __future__ import annotations

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from rodtrad.accounts import forms, permissions, reauth, totp, two_factor
from rodtrad.accounts.middleware import TWO_FACTOR_VERIFIED_SESSION_KEY
from rodtrad.accounts.models import TwoFactorDevice, User
from rodtrad.audit.services import record_event
from rodtrad.common import clock, ratelimit
from rodtrad.common.forms import add_service_errors
from rodtrad.common.http import AuthenticatedRequest, local_url

PENDING_LOGIN_SESSION_KEY = "rodtrad_two_factor_pending"
NEW_SECRET_SESSION_KEY = "rodtrad_two_factor_new_secret"
NEW_CODES_SESSION_KEY = "rodtrad_two_factor_new_codes"
PENDING_LOGIN_SECONDS = 5 * 60
CODE_ATTEMPTS = 10
CODE_ATTEMPT_WINDOW = 15 * 60
"""At most ten wrong codes per person in a quarter of an hour, whatever the session."""


def begin_second_step(request: HttpRequest, user: User, next_url: str) -> HttpResponse:
    """Called by the login page after a correct password for a person with an app: nobody is
    logged in until the code is right too."""
    request.session[PENDING_LOGIN_SESSION_KEY] = {
        "user": user.pk,
        "backend": getattr(user, "backend", settings.AUTHENTICATION_BACKENDS[-1]),
        "at": clock.now().timestamp(),
        "next": next_url,
    }
    return redirect("accounts:two_factor_verify")


def _pending_user(request: HttpRequest) -> tuple[User | None, dict]:
    pending = request.session.get(PENDING_LOGIN_SESSION_KEY) or {}
    if not pending or clock.now().timestamp() - pending.get("at", 0) > PENDING_LOGIN_SECONDS:
        return None, {}
    user = User.objects.filter(pk=pending.get("user") or 0, is_active=True).first()
    return user, pending


def _check_code(request: HttpRequest, user: User, form: Form) -> bool:
    """Check the form's code against the person's app and recovery codes, counting failures."""
    limit_key = f"two-factor:{user.pk}"
    if ratelimit.exceeded(limit_key, limit=CODE_ATTEMPTS, window=CODE_ATTEMPT_WINDOW):
        form.add_error("code", _("Too many wrong codes. Wait a quarter of an hour and try again."))
        return False
    used = two_factor.verify(user=user, code=form.cleaned_data["code"])
    if used is None:
        ratelimit.hit(limit_key, limit=CODE_ATTEMPTS, window=CODE_ATTEMPT_WINDOW)
        record_event(action="user.two_factor_failed", actor=user, target=user)
        form.add_error("code", _("The code is wrong or already used. Try the newest code."))
        return False
    if used == "recovery_code":
        left = two_factor.unused_recovery_codes(user)
        messages.warning(
            request,
            _(
                "You used a recovery code; %(left)d are left. If you lost your phone, set up "
                "the app again now."
            )
            % {"left": left},
        )
    return True


@never_cache
def verify(request: HttpRequest) -> HttpResponse:
    """The second login step (or, for a session from before the person enrolled, the step the
    middleware asks for)."""
    pending_user, pending = _pending_user(request)
    user = pending_user or (request.user if request.user.is_authenticated else None)
    if user is None:
        request.session.pop(PENDING_LOGIN_SESSION_KEY, None)
        messages.info(request, _("Log in again: the time for the code ran out."))
        return redirect("accounts:login")
    if not two_factor.has_device(user):  # type: ignore[arg-type]
        return redirect("accounts:two_factor_setup")
    form = forms.TwoFactorCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid() and _check_code(request, user, form):  # type: ignore[arg-type]
        next_url = pending.get("next") or request.GET.get("next", "")
        if pending_user is not None:
            request.session.pop(PENDING_LOGIN_SESSION_KEY, None)
            login(request, pending_user, backend=pending["backend"])
        request.session[TWO_FACTOR_VERIFIED_SESSION_KEY] = True
        reauth.mark_authenticated(request)
        return redirect(local_url(request, next_url, reverse(settings.LOGIN_REDIRECT_URL)))
    return render(
        request,
        "accounts/two_factor_verify.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


def _qr_svg(uri: str) -> str:
    # segno escapes nothing user-controlled here: the URI holds our secret and the e-mail.
    svg = segno.make(uri, error="m").svg_inline(scale=4, border=2, dark="#000", light="#fff")
    return mark_safe(svg)


@never_cache
@login_required
def setup(request: AuthenticatedRequest) -> HttpResponse:
    """Set up (or replace) the authenticator app: scan, type a code, get recovery codes."""
    user = request.user
    replacing = two_factor.has_device(user)
    if replacing and not request.session.get(TWO_FACTOR_VERIFIED_SESSION_KEY):
        return redirect("accounts:two_factor_verify")  # the password alone never replaces it
    if replacing:
        reauth.require_recent_authentication(request.actor)
    # The same key until the set-up is done: reloading must not invalidate a scanned QR code.
    secret = request.session.get(NEW_SECRET_SESSION_KEY)
    if not secret:
        secret = totp.new_secret()
        request.session[NEW_SECRET_SESSION_KEY] = secret
    form = forms.TwoFactorEnrolForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = two_factor.enrol(user=user, secret=secret, code=form.cleaned_data["code"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            request.session.pop(NEW_SECRET_SESSION_KEY, None)
            request.session[TWO_FACTOR_VERIFIED_SESSION_KEY] = True
            request.session[NEW_CODES_SESSION_KEY] = codes
            reauth.mark_authenticated(request)
            next_url = local_url(request, request.GET.get("next", ""), "")
            target = reverse("accounts:two_factor_codes")
            return redirect(target + (f"?next={next_url}" if next_url else ""))
    uri = two_factor.provisioning_uri(user, secret)
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr_svg": _qr_svg(uri),
            "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
            "replacing": replacing,
            "required": two_factor.is_required(user),
        },
        status=400 if form.errors else 200,
    )


@never_cache
@login_required
def codes(request: AuthenticatedRequest) -> HttpResponse:
    """The new recovery codes, shown once."""
    new_codes = request.session.pop(NEW_CODES_SESSION_KEY, None)
    if not new_codes:
        return redirect("accounts:two_factor")
    next_url = local_url(request, request.GET.get("next", ""), reverse("accounts:two_factor"))
    return render(
        request, "accounts/two_factor_codes.html", {"codes": new_codes, "next_url": next_url}
    )


@never_cache
@login_required
def overview(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    device = TwoFactorDevice.objects.filter(user=user).first()
    return render(
        request,
        "accounts/two_factor.html",
        {
            "device": device,
            "required": two_factor.is_required(user),
            "codes_left": two_factor.unused_recovery_codes(user) if device else 0,
        },
    )


@login_required
@require_POST
def renew_codes(request: AuthenticatedRequest) -> HttpResponse:
    reauth.require_recent_authentication(request.actor)
    try:
        request.session[NEW_CODES_SESSION_KEY] = two_factor.renew_recovery_codes(user=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("accounts:two_factor")
    return redirect("accounts:two_factor_codes")


@login_required
@require_POST
def turn_off(request: AuthenticatedRequest) -> HttpResponse:
    reauth.require_recent_authentication(request.actor)
    try:
        two_factor.turn_off(user=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        request.session.pop(TWO_FACTOR_VERIFIED_SESSION_KEY, None)
        messages.success(request, _("Two-step verification is turned off."))
    return redirect("accounts:two_factor")


@never_cache
@login_required
def confirm_identity(request: AuthenticatedRequest) -> HttpResponse:
    """Type the password (and a code) again before a sensitive action."""
    user = request.user
    with_code = two_factor.has_device(user)
    form = forms.ConfirmIdentityForm(
        request.POST if request.method == "POST" else None, with_code=with_code
    )
    next_url = local_url(
        request, request.POST.get("next") or request.GET.get("next", ""), reverse("start")
    )
    if request.method == "POST" and form.is_valid():
        # Through the authentication backends, so django-axes counts and locks out failures.
        confirmed = authenticate(
            request, username=user.email, password=form.cleaned_data["password"]
        )
        if confirmed is None or confirmed.pk != user.pk:
            form.add_error("password", _("The password is wrong."))
        elif not with_code or _check_code(request, user, form):
            reauth.mark_authenticated(request)
            record_event(action="user.reauthenticated", actor=user, target=user)
            minutes = settings.REAUTHENTICATION_MAX_AGE // 60
            messages.success(
                request,
                _("Thank you. For %(minutes)d minutes you can do sensitive actions.")
                % {"minutes": minutes},
            )
            return redirect(next_url)
    return render(
        request,
        "accounts/confirm_identity.html",
        {"form": form, "next_url": next_url},
        status=400 if form.errors else 200,
    )


@login_required
def member_reset(request: AuthenticatedRequest, organisation_id: int, user_id: int) -> HttpResponse:
    """An administrator removes a member's app and recovery codes (the member lost both)."""
    actor = request.actor
    organisation, member = permissions.get_member_for_management(actor, organisation_id, user_id)
    error_message = ""
    if request.method == "POST":
        try:
            two_factor.reset_for_member(actor=actor, organisation=organisation, member=member)
        except ValidationError as error:
            error_message = " ".join(error.messages)
        else:
            messages.success(
                request,
                _(
                    "%(name)s's two-step verification was reset. They set up a new app at "
                    "their next login."
                )
                % {"name": member},
            )
            return redirect("accounts:organisation", organisation.pk)
    return render(
        request,
        "accounts/two_factor_member_reset.html",
        {
            "organisation": organisation,
            "member": member,
            "has_device": two_factor.has_device(member),
            "error_message": error_message,
        },
        status=400 if error_message else 200,
    )
