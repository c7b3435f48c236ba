from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from rodtrad.accounts import permissions
from rodtrad.common.start import Action


def organisation_actions(actor, organisation) -> list[Action]:
    actions = [
        Action(
            _("People and roles"),
            reverse("accounts:organisation", args=[organisation.pk]),
            _("Who belongs to the organisation and what they do."),
        )
    ]
    if permissions.can_manage_members(actor, organisation):
        actions.append(
            Action(
                _("Invite a person"),
                reverse("accounts:member_invite", args=[organisation.pk]),
                _("Send an invitation by e-mail and choose the person's roles."),
            )
        )
    if permissions.can_view_audit_log(actor, organisation):
        actions.append(
            Action(
                _("Event log"),
                reverse("audit:organisation_log", args=[organisation.pk]),
                _("Who did what, and when, in the organisation."),
            )
        )
    return actions
