from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualityModelsConfig(AppConfig):
    name = "rodtrad.qualitymodels"
    verbose_name = _("Quality models")
