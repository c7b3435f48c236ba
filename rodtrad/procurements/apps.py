from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcurementsConfig(AppConfig):
    name = "rodtrad.procurements"
    verbose_name = _("Procurements")

    def ready(self) -> None:
        from rodtrad.audit.labels import register_action_labels
        from rodtrad.common.start import register_actions
        from rodtrad.procurements.start_actions import procurement_actions

        register_actions(procurement_actions)
        register_action_labels(
            {
                "procurement.created": _("Procurement created"),
                "procurement.updated": _("Procurement details changed"),
                "procurement.lot_saved": _("Lot saved"),
                "procurement.lot_deleted": _("Lot removed"),
                "procurement.lot_evaluation": _("Lot evaluation changed"),
                "procurement.team_changed": _("Procurement team changed"),
                "procurement.goal_saved": _("Goal saved"),
                "procurement.part_deleted": _("Part of the documents removed"),
                "procurement.requirement_saved": _("Mandatory requirement saved"),
                "procurement.library_requirement_saved": _("Library requirement saved"),
                "procurement.library_requirement_deleted": _("Library requirement removed"),
                "procurement.indicator_saved": _("Planned indicator saved"),
                "procurement.model_chosen": _("Quality model chosen"),
                "procurement.criteria_scope": _("Award criteria chosen"),
                "procurement.criterion_saved": _("Award criterion saved"),
                "procurement.partnership_saved": _("Partnership and follow-up saved"),
                "procurement.evaluation_model_saved": _("Evaluation model saved"),
                "procurement.simulation_saved": _("Fictive tender saved"),
                "procurement.published": _("Procurement published"),
                "procurement.change_published": _("Change published"),
                "procurement.status_changed": _("Procurement moved to another stage"),
                "procurement.cancelled": _("Procurement cancelled"),
                "procurement.interest_registered": _("Interest registered"),
                "procurement.question_asked": _("Question asked"),
                "procurement.answer_published": _("Answer published"),
            }
        )
