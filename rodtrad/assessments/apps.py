from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "rodtrad.assessments"
    verbose_name = _("Assessments")

    def ready(self) -> None:
        from rodtrad.assessments.start_actions import assessment_actions
        from rodtrad.audit.labels import register_action_labels
        from rodtrad.common.start import register_actions

        register_actions(assessment_actions)
        register_action_labels(
            {
                "assessment.created": _("Assessment created"),
                "assessment.scope_changed": _("Assessment scope changed"),
                "assessment.status_changed": _("Assessment moved to another stage"),
                "assessment.declaration_signed": _("Declaration signed"),
                "assessment.individual_submitted": _("Individual assessment submitted"),
                "assessment.consensus_saved": _("Consensus saved"),
            }
        )
