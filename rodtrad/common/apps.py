from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "rodtrad.common"
    verbose_name = "rodtrad"
