from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "rodtrad.common"
    verbose_name = "rodtrad"

    def ready(self) -> None:
        from django.urls import register_converter

        from rodtrad.common.converters import IdConverter

        # Before any URL module is imported: every app's routes use `<id:…>`.
        register_converter(IdConverter, "id")
