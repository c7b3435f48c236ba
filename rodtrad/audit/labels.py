"""Readable names of audit actions. Apps add theirs with `register_action_labels`."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

_labels: dict[str, str | Promise] = {
    "organisation.created": _("Organisation registered"),
    "organisation.updated": _("Organisation details changed"),
    "invitation.created": _("Person invited"),
    "invitation.revoked": _("Invitation withdrawn"),
    "invitation.accepted": _("Invitation accepted"),
    "membership.roles_changed": _("Roles changed"),
    "membership.removed": _("Person removed"),
    "user.registered": _("Account created"),
    "user.logged_in": _("Logged in"),
    "user.logged_out": _("Logged out"),
    "user.login_failed": _("Failed login"),
    "user.logged_out_everywhere": _("Logged out in every other browser"),
    "user.two_factor_enrolled": _("Two-step verification set up"),
    "user.two_factor_failed": _("Wrong two-step verification code"),
    "user.two_factor_removed": _("Two-step verification turned off"),
    "user.recovery_code_used": _("Recovery code used"),
    "user.recovery_codes_renewed": _("New recovery codes made"),
    "user.reauthenticated": _("Identity confirmed for a sensitive action"),
    "member.two_factor_reset": _("Member's two-step verification reset"),
    "tender_keys.rotated": _("Server key for sealed tenders rotated"),
    "api_token.created": _("API token created"),
    "api_token.revoked": _("API token revoked"),
}


def register_action_labels(labels: dict[str, str | Promise]) -> None:
    _labels.update(labels)


def action_label(action: str) -> str | Promise:
    return _labels.get(action, action)
