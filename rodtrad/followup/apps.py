from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "rodtrad.followup"
    verbose_name = _("Follow-up")

    def ready(self) -> None:
        from rodtrad.assessments.material import register_material
        from rodtrad.assessments.models import Purpose
        from rodtrad.assessments.permissions import register_report_reader
        from rodtrad.audit.labels import register_action_labels
        from rodtrad.followup import material, permissions

        register_material(Purpose.FOLLOW_UP, material.self_descriptions)
        register_report_reader(Purpose.FOLLOW_UP, permissions.reads_report)
        register_action_labels(
            {
                "followup.round_added": _("Follow-up round added"),
                "followup.round_moved": _("Follow-up round moved"),
                "followup.round_started": _("Follow-up round started"),
                "followup.round_completed": _("Follow-up round completed"),
            }
        )
