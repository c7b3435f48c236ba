from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _

from rodtrad.accounts.models import Organisation
from rodtrad.accounts.roles import OrganisationKind, role_choices_for_kind
from rodtrad.common.mail import deliver_email


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": _(
            "The e-mail address or the password is wrong. After several failed attempts the "
            "account is locked for a while."
        ),
        "inactive": _("This account is not active."),
    }


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's reset form, but the e-mail goes through the task queue."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ) -> None:
        from django.template import loader

        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        deliver_email.enqueue(subject=subject, body=body, to=[to_email])


class OrganisationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    organisation_number = forms.CharField(
        label=_("Organisation number"),
        max_length=20,
        help_text=_("Ten digits, for example 212000-0142."),
    )


class EditOrganisationForm(OrganisationForm):
    require_two_factor = forms.BooleanField(
        label=_("Require two-step verification for every member"),
        required=False,
        help_text=_(
            "Members who can see tenders or evaluations always need it. With this, everyone "
            "else in the organisation needs it too."
        ),
    )


class NewOrganisationForm(OrganisationForm):
    kind = forms.ChoiceField(
        label=_("Kind of organisation"),
        choices=OrganisationKind.choices,
        widget=forms.RadioSelect,
    )
    first_admin_email = forms.EmailField(
        label=_("E-mail of its first administrator"),
        required=False,
        help_text=_("They get an invitation to set a password and manage the organisation."),
    )


class RolesField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple


def _set_role_choices(form: forms.Form, organisation: Organisation, required_message) -> None:
    field = form.fields["roles"]
    assert isinstance(field, RolesField)
    field.choices = role_choices_for_kind(organisation.kind)
    field.error_messages["required"] = required_message


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    roles = RolesField(label=_("Roles"))

    def __init__(self, *args, organisation: Organisation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _set_role_choices(self, organisation, _("Choose at least one role."))


class RolesForm(forms.Form):
    roles = RolesField(label=_("Roles"))

    def __init__(self, *args, organisation: Organisation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _set_role_choices(
            self,
            organisation,
            _("Choose at least one role, or remove the person from the organisation."),
        )


class RegisterForm(forms.Form):
    full_name = forms.CharField(
        label=_("Your name"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    password1 = forms.CharField(
        label=_("Choose a password"),
        strip=False,
        help_text=_("At least 12 characters; not a common password and not only digits."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Repeat the password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords are not the same."))
        return data


class ProfileForm(forms.Form):
    full_name = forms.CharField(
        label=_("Name"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)


class SwitchOrganisationForm(forms.Form):
    organisation = forms.IntegerField()


class TwoFactorCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=64,
        help_text=_(
            "The six digits your authenticator app shows now, or one of your recovery codes."
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
    )


class TwoFactorEnrolForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the app"),
        max_length=16,
        help_text=_("The six digits the app shows after you added rodtrad."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class ConfirmIdentityForm(forms.Form):
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, with_code: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if with_code:
            self.fields["code"] = forms.CharField(
                label=_("Code"),
                max_length=64,
                help_text=_("From your authenticator app, or one of your recovery codes."),
                widget=forms.TextInput(attrs={"autocomplete": "one-time-code"}),
            )
