"""The built-in templates are in every database: loaded after each migrate (and after the test
runner's flush, which sends post_migrate too). Audit labels of the app's actions."""

from __future__ import annotations

from typing import Any

from django.db import DEFAULT_DB_ALIAS
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ACTION_LABELS: dict[str, str | Promise] = {
    "qualitymodel.created": _("Quality model created"),
    "qualitymodel.updated": _("Quality model changed"),
    "qualitymodel.version_imported": _("Model version imported"),
    "qualitymodel.version_frozen": _("Model version frozen"),
    "qualitymodel.draft_created": _("New draft version created"),
    "qualitymodel.version_copied": _("Model version copied to the organisation"),
    "qualitymodel.version_deleted": _("Draft version deleted"),
    "qualitymodel.version_updated": _("Version details changed"),
    "qualitymodel.part_added": _("Added to a draft version"),
    "qualitymodel.part_changed": _("Changed in a draft version"),
    "qualitymodel.part_removed": _("Removed from a draft version"),
    "qualitymodel.template_loaded": _("Built-in template loaded"),
    "training.session_created": _("Training session planned"),
    "training.session_updated": _("Training session changed"),
    "training.session_deleted": _("Training session deleted"),
    "training.participant_added": _("Participant added to a training session"),
    "training.participant_removed": _("Participant removed from a training session"),
    "training.attendance_marked": _("Training attendance marked"),
}

_CHECKED_MODELS = (
    "QualityModel",
    "ModelVersion",
    "SuccessFactor",
    "CriterionGroup",
    "Criterion",
    "Scale",
    "ScaleStep",
)


def _schema_is_current(apps: Any) -> bool:
    """After `migrate qualitymodels 0001` (say) the tables lack today's columns: skip then."""
    if apps is None:
        return True
    from django.apps import apps as global_apps

    for name in _CHECKED_MODELS:
        try:
            historical = apps.get_model("qualitymodels", name)
        except LookupError:
            return False
        current = global_apps.get_model("qualitymodels", name)
        if {f.column for f in historical._meta.concrete_fields} != {
            f.column for f in current._meta.concrete_fields
        }:
            return False
    return True


def load_templates_after_migrate(
    sender: Any, using: str = DEFAULT_DB_ALIAS, apps: Any = None, **kwargs: Any
) -> None:
    if using != DEFAULT_DB_ALIAS or not _schema_is_current(apps):
        return
    from rodtrad.qualitymodels.services import load_templates

    load_templates(record=False)
