from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from rodtrad.common.start import Action
from rodtrad.qualitymodels import permissions


def organisation_actions(actor, organisation) -> list[Action]:
    actions = [
        Action(
            _("Quality models"),
            reverse("qualitymodels:library"),
            _("The model library: culture, criteria, questions and scales, and the handbook."),
        ),
        Action(
            _("Training"),
            reverse("qualitymodels:training_list"),
            _("Training sessions in the quality model and who has attended."),
        ),
    ]
    if permissions.can_organise_training(actor, organisation):
        actions.append(
            Action(
                _("Plan a training session"),
                reverse("qualitymodels:training_create") + f"?organisation={organisation.pk}",
                _("For your own people and for potential tenderers (phase A)."),
            )
        )
    return actions
