from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "rodtrad.indicators"
    verbose_name = _("Indicators")

    def ready(self) -> None:
        from rodtrad.audit.labels import register_action_labels

        register_action_labels(
            {
                "indicator.created": _("Indicator defined"),
                "indicator.changed": _("Indicator changed"),
                "indicator.taken_over": _("Indicators taken over from the procurement"),
                "indicator.value_recorded": _("Indicator value entered"),
                "indicator.import_confirmed": _("Indicator values imported"),
                "indicator.exported": _("Indicator values exported"),
            }
        )
