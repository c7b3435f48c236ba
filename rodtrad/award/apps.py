from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardConfig(AppConfig):
    name = "rodtrad.award"
    verbose_name = _("Award")

    def ready(self) -> None:
        from rodtrad.audit.labels import register_action_labels

        register_action_labels(
            {
                "award.decision_signed": _("Award decision signed and sent to the tenderers"),
                "award.review_recorded": _("Request for review recorded"),
                "award.review_outcome_recorded": _("Outcome of a review recorded"),
                "award.exported": _("Award calculation exported"),
            }
        )
