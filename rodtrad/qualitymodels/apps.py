from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class QualityModelsConfig(AppConfig):
    name = "rodtrad.qualitymodels"
    verbose_name = _("Quality models")

    def ready(self) -> None:
        from rodtrad.audit.labels import register_action_labels
        from rodtrad.common.start import register_actions
        from rodtrad.qualitymodels.signals import ACTION_LABELS, load_templates_after_migrate
        from rodtrad.qualitymodels.start_actions import organisation_actions

        register_action_labels(ACTION_LABELS)
        register_actions(organisation_actions)
        post_migrate.connect(
            load_templates_after_migrate,
            sender=self,
            dispatch_uid="rodtrad.qualitymodels.load_templates",
        )
