from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchiveConfig(AppConfig):
    name = "rodtrad.archive"
    verbose_name = _("Procurement archive")

    def ready(self) -> None:
        from rodtrad.audit.labels import register_action_labels

        register_action_labels({"procurement.archived": _("Procurement archive exported")})
