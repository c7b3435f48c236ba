from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipConfig(AppConfig):
    name = "rodtrad.partnership"
    verbose_name = _("Partnership")

    def ready(self) -> None:
        from rodtrad.audit.labels import register_action_labels

        register_action_labels(
            {
                "partnership.charter_version_created": _("Partnership charter version written"),
                "partnership.charter_signed": _("Partnership charter signed"),
                "partnership.barometer_answered": _("Partnership barometer answered"),
            }
        )
