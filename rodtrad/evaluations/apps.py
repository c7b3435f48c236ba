from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "rodtrad.evaluations"
    verbose_name = _("Evaluation of tenders")

    def ready(self) -> None:
        from rodtrad.assessments.material import register_declaration_page, register_material
        from rodtrad.assessments.models import Purpose
        from rodtrad.audit.labels import register_action_labels
        from rodtrad.evaluations import material

        register_material(Purpose.TENDER, material.tender_material)
        register_declaration_page(Purpose.TENDER, material.declaration_page)
        register_action_labels(
            {
                "evaluation.started": _("Evaluation of the tenders started"),
                "evaluation.exported": _("Scores exported"),
                "evaluation.declaration_signed": _("Evaluator's declaration signed"),
                "evaluation.prices_revealed": _("Prices revealed to the evaluation panel"),
            }
        )
