from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImprovementsConfig(AppConfig):
    name = "rodtrad.improvements"
    verbose_name = _("Improvement plans")

    def ready(self) -> None:
        from rodtrad.audit.labels import register_action_labels

        register_action_labels(
            {
                "improvement.action_created": _("Improvement action created"),
                "improvement.action_updated": _("Improvement action changed"),
                "improvement.action_status_changed": _("Improvement action status changed"),
                "improvement.actions_exported": _("Improvement actions exported"),
            }
        )
