from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rodtrad.accounts import forms, permissions, selectors, services, two_factor
from rodtrad.accounts.invitations import InvitationProblem, read_token
from rodtrad.accounts.middleware import CURRENT_ORGANISATION_SESSION_KEY, IDLE_LOGOUT_SESSION_KEY
from rodtrad.accounts.models import Invitation, User
from rodtrad.accounts.roles import ROLE_DESCRIPTIONS
from rodtrad.accounts.two_factor_views import begin_second_step
from rodtrad.common import ratelimit
from rodtrad.common.forms import add_service_errors
from rodtrad.common.http import AppRequest, AuthenticatedRequest, local_url
from rodtrad.common.start import start_page_sections


class LoginView(auth_views.LoginView):
    form_class = forms.LoginForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        if two_factor.has_device(user):
            return begin_second_step(self.request, user, self.get_success_url())
        return super().form_valid(form)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.request.method == "GET":
            context["idle_minutes"] = (
                settings.SESSION_IDLE_TIMEOUT // 60
                if self.request.session.pop(IDLE_LOGOUT_SESSION_KEY, False)
                else None
            )
        return context


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset: the same answer whether or not the address has an account. Limited per
    client address (a clear 429 page) and per e-mail address (silently: no more mails that
    hour, and the page still says nothing about the account)."""

    form_class = forms.QueuedPasswordResetForm
    success_url = reverse_lazy("accounts:password_reset_done")
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"

    def form_valid(self, form):
        address = self.request.META.get("REMOTE_ADDR", "")
        if not ratelimit.hit(
            f"reset-address:{address}", limit=settings.PASSWORD_RESET_LIMIT_PER_ADDRESS, window=3600
        ):
            return render(self.request, "registration/too_many_requests.html", status=429)
        email = form.cleaned_data["email"].strip().lower()
        email_key = hashlib.sha256(email.encode()).hexdigest()
        if not ratelimit.hit(
            f"reset-email:{email_key}", limit=settings.PASSWORD_RESET_LIMIT_PER_EMAIL, window=3600
        ):
            return redirect(self.get_success_url())
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordChangeView(auth_views.PasswordChangeView):
    success_url = reverse_lazy("accounts:password_change_done")


def locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """What a locked-out login attempt sees (django-axes calls this)."""
    minutes = round(settings.AXES_COOLOFF_TIME * 60)
    return render(request, "registration/locked_out.html", {"cooloff_minutes": minutes}, status=429)


def _safe_next(request: HttpRequest, fallback: str) -> str:
    return local_url(request, request.POST.get("next") or request.GET.get("next") or "", fallback)


def start(request: AppRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "common/landing.html")
    sections = start_page_sections(request.actor)
    return render(
        request,
        "accounts/start.html",
        {"sections": sections},
    )


@login_required
@require_POST
def switch_organisation(request: AuthenticatedRequest) -> HttpResponse:
    form = forms.SwitchOrganisationForm(request.POST)
    if form.is_valid() and request.actor.is_member(form.cleaned_data["organisation"]):
        request.session[CURRENT_ORGANISATION_SESSION_KEY] = form.cleaned_data["organisation"]
        organisation = request.actor.organisations[form.cleaned_data["organisation"]]
        messages.success(request, _("You now work in %(name)s.") % {"name": organisation.name})
    else:
        messages.error(request, _("You are not a member of that organisation."))
    return redirect(_safe_next(request, reverse("start")))


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    from django.views.i18n import set_language as django_set_language

    response = django_set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated:
        services.set_language_preference(user=request.user, language=language)
    return response


@login_required
def profile(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    form = forms.ProfileForm(
        request.POST if request.method == "POST" else None,
        initial={
            "full_name": user.full_name,
            "language": user.language or translation.get_language(),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_profile(user=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your details were saved."))
            response = redirect("accounts:profile")
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                user.language,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite="Lax",
            )
            return response
    memberships = [
        (org, sorted(request.actor.roles_in(org))) for org in request.actor.member_organisations()
    ]
    from rodtrad.qualitymodels.selectors import trained_models_by_user

    trained_in = trained_models_by_user(request.actor, [user.pk]).get(user.pk, [])
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "memberships": memberships,
            "trained_in": trained_in,
            "idle_minutes": settings.SESSION_IDLE_TIMEOUT // 60,
            "has_two_factor": two_factor.has_device(user),
        },
    )


# --- organisations ---------------------------------------------------------------------------


@login_required
def organisation_list(request: AuthenticatedRequest) -> HttpResponse:
    actor = request.actor
    organisations = selectors.organisations_visible_to(actor)
    return render(
        request,
        "accounts/organisation_list.html",
        {
            "organisations": organisations,
            "can_create": permissions.can_create_organisation(actor),
        },
    )


@login_required
def organisation_create(request: AuthenticatedRequest) -> HttpResponse:
    actor = request.actor
    if not permissions.can_create_organisation(actor):
        raise PermissionDenied
    form = forms.NewOrganisationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.create_organisation(actor=actor, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(name)s was registered.") % {"name": organisation.name})
            return redirect("accounts:organisation", organisation.pk)
    return render(request, "accounts/organisation_form.html", {"form": form, "creating": True})


@login_required
def organisation_detail(request: AuthenticatedRequest, organisation_id: int) -> HttpResponse:
    actor = request.actor
    organisation = permissions.get_organisation_for_view(actor, organisation_id)
    can_manage = permissions.can_manage_members(actor, organisation)
    members = selectors.members_of(organisation)
    from rodtrad.qualitymodels.selectors import trained_models_by_user

    context = {
        "organisation": organisation,
        "members": members,
        "trained_in": trained_models_by_user(actor, [m.user.pk for m in members]),
        "can_manage": can_manage,
    }
    if can_manage:
        context["invitations"] = list(selectors.open_invitations_of(organisation))
        context["invite_form"] = forms.InviteForm(organisation=organisation)
        context["role_descriptions"] = ROLE_DESCRIPTIONS
    return render(request, "accounts/organisation_detail.html", context)


@login_required
def organisation_edit(request: AuthenticatedRequest, organisation_id: int) -> HttpResponse:
    actor = request.actor
    organisation = permissions.get_organisation_for_management(actor, organisation_id)
    form = forms.EditOrganisationForm(
        request.POST if request.method == "POST" else None,
        initial={
            "name": organisation.name,
            "organisation_number": organisation.organisation_number,
            "require_two_factor": organisation.require_two_factor,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_organisation(
                actor=actor, organisation=organisation, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The organisation's details were saved."))
            return redirect("accounts:organisation", organisation.pk)
    return render(
        request,
        "accounts/organisation_form.html",
        {"form": form, "organisation": organisation, "creating": False},
    )


@login_required
def member_invite(request: AuthenticatedRequest, organisation_id: int) -> HttpResponse:
    actor = request.actor
    organisation = permissions.get_organisation_for_management(actor, organisation_id)
    form = forms.InviteForm(
        request.POST if request.method == "POST" else None, organisation=organisation
    )
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invite_member(
                actor=actor, organisation=organisation, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("An invitation was sent to %(email)s.") % {"email": invitation.email}
            )
            if request.htmx:
                form = forms.InviteForm(organisation=organisation)
            else:
                return redirect("accounts:organisation", organisation.pk)
    context = {
        "organisation": organisation,
        "invite_form": form,
        "invitations": list(selectors.open_invitations_of(organisation)),
        "role_descriptions": ROLE_DESCRIPTIONS,
    }
    if request.htmx:
        return render(request, "accounts/organisation_detail.html#invitations", context)
    return render(request, "accounts/member_invite.html", context)


@login_required
@require_POST
def invitation_revoke(
    request: AuthenticatedRequest, organisation_id: int, invitation_id: int
) -> HttpResponse:
    actor = request.actor
    invitation = permissions.get_invitation_for_management(actor, organisation_id, invitation_id)
    try:
        services.revoke_invitation(actor=actor, invitation=invitation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The invitation to %(email)s was withdrawn.") % {"email": invitation.email}
        )
    return redirect("accounts:organisation", organisation_id)


@login_required
def member_roles(request: AuthenticatedRequest, organisation_id: int, user_id: int) -> HttpResponse:
    actor = request.actor
    organisation, member = permissions.get_member_for_management(actor, organisation_id, user_id)
    current = sorted(
        m.role for m in member.memberships.all() if m.organisation_id == organisation.pk
    )
    form = forms.RolesForm(
        request.POST if request.method == "POST" else None,
        organisation=organisation,
        initial={"roles": current},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.change_member_roles(
                actor=actor,
                organisation=organisation,
                member=member,
                roles=form.cleaned_data["roles"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The roles of %(name)s were saved.") % {"name": member})
            return redirect("accounts:organisation", organisation.pk)
    return render(
        request,
        "accounts/member_roles.html",
        {
            "organisation": organisation,
            "member": member,
            "form": form,
            "role_descriptions": ROLE_DESCRIPTIONS,
        },
    )


@login_required
def member_remove(
    request: AuthenticatedRequest, organisation_id: int, user_id: int
) -> HttpResponse:
    actor = request.actor
    organisation, member = permissions.get_member_for_management(actor, organisation_id, user_id)
    error_message = ""
    if request.method == "POST":
        try:
            services.remove_member(actor=actor, organisation=organisation, member=member)
        except ValidationError as error:
            error_message = " ".join(error.messages)
        else:
            messages.success(
                request,
                _("%(name)s no longer belongs to %(organisation)s.")
                % {"name": member, "organisation": organisation.name},
            )
            if member == request.user:
                return redirect("start")
            return redirect("accounts:organisation", organisation.pk)
    return render(
        request,
        "accounts/member_remove.html",
        {"organisation": organisation, "member": member, "error_message": error_message},
        status=400 if error_message else 200,
    )


# --- invitations (the invitee's side) --------------------------------------------------------


def invitation(request: AppRequest, token: str) -> HttpResponse:
    invitation, problem = read_token(token)
    if problem is not None or invitation is None:
        problem = problem or InvitationProblem.INVALID
        return render(
            request,
            "accounts/invitation_problem.html",
            {"problem": problem.value, "invitation": invitation},
            status=404 if problem is InvitationProblem.INVALID else 410,
        )
    return _open_invitation(request, invitation)


def _open_invitation(request: AppRequest, invitation: Invitation) -> HttpResponse:
    user = request.user
    if user.is_authenticated:
        if user.email.lower() != invitation.email.lower():
            return render(
                request,
                "accounts/invitation_problem.html",
                {"problem": "other_user", "invitation": invitation},
                status=403,
            )
        if request.method == "POST":
            try:
                services.accept_invitation(invitation=invitation, user=user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
                return redirect("start")
            request.session[CURRENT_ORGANISATION_SESSION_KEY] = invitation.organisation_id
            messages.success(
                request,
                _("Welcome to %(organisation)s.") % {"organisation": invitation.organisation.name},
            )
            return redirect("start")
        return render(request, "accounts/invitation_accept.html", {"invitation": invitation})

    if User.objects.filter(email__iexact=invitation.email).exists():
        return render(
            request,
            "accounts/invitation_login.html",
            {"invitation": invitation, "next": request.get_full_path()},
        )
    form = forms.RegisterForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            new_user = services.register_from_invitation(
                invitation=invitation,
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password1"],
                language=translation.get_language(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            login(request, new_user, backend="django.contrib.auth.backends.ModelBackend")
            request.session[CURRENT_ORGANISATION_SESSION_KEY] = invitation.organisation_id
            messages.success(
                request,
                _("Welcome to rodtrad and to %(organisation)s.")
                % {"organisation": invitation.organisation.name},
            )
            return redirect("start")
    return render(
        request, "accounts/invitation_register.html", {"invitation": invitation, "form": form}
    )


@login_required
@require_POST
def log_out_everywhere(request: AuthenticatedRequest) -> HttpResponse:
    services.log_out_everywhere(request=request, user=request.user)
    messages.success(request, _("You were logged out in every other browser and device."))
    return redirect("accounts:profile")
