from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "rodtrad.accounts"
    verbose_name = _("Accounts and organisations")

    def ready(self) -> None:
        from rodtrad.accounts import signals  # noqa: F401  (connects the login audit receivers)
        from rodtrad.accounts.start_actions import organisation_actions
        from rodtrad.common.start import register_actions

        register_actions(organisation_actions)
