from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContractsConfig(AppConfig):
    name = "rodtrad.contracts"
    verbose_name = _("Contracts")

    def ready(self) -> None:
        from rodtrad.audit.labels import register_action_labels
        from rodtrad.common.start import register_actions
        from rodtrad.contracts.permissions import start_actions

        register_action_labels(
            {
                "contract.registered": _("Contract registered"),
                "contract.team_member_added": _("Person added to a contract team"),
                "contract.team_member_removed": _("Person removed from a contract team"),
            }
        )
        register_actions(start_actions)
