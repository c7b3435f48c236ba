from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from rodtrad.assessments import permissions
from rodtrad.common.start import Action


def assessment_actions(actor, organisation) -> list[Action]:
    actions = []
    if permissions.can_create_self_assessment(actor, organisation):
        actions.append(
            Action(
                _("New self-assessment"),
                reverse("assessments:create_self_assessment", args=[organisation.pk]),
                _("Assess the organisation with the quality model (preparation, phase A)."),
            )
        )
    return actions
