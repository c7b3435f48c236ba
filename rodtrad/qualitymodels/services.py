"""Write operations on the model library and on training sessions.

Each function checks that the actor may do it, validates, saves inside one transaction and
records the audit event. Bad input raises ValidationError with messages meant for the user
(keyed by field where there is one). A frozen version is never changed: every change to a
version's parts goes through `_editable_version`, which locks the version row and refuses a
frozen one, so that freezing and editing cannot interleave.

Public for other apps:
- `freeze_version(version=, actor=)` – the assessment engine and procurements call it when they
  start using a version; it validates first and refuses an incomplete version.
- `create_draft_from(version=, actor=)` – "edit" a frozen version: a copy as a new draft.
- `import_version(...)` / `selectors.export_version(...)` – the exchange format (exchange.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from rodtrad.accounts.actor import Actor
from rodtrad.accounts.models import Organisation, User
from rodtrad.audit.services import record_event
from rodtrad.common import clock
from rodtrad.qualitymodels import exchange, permissions
from rodtrad.qualitymodels.models import (
    Criterion,
    CriterionGroup,
    CriterionKind,
    ModelVersion,
    QualityModel,
    Scale,
    ScaleStep,
    SuccessFactor,
    TrainingParticipant,
    TrainingSession,
)
from rodtrad.qualitymodels.selectors import spec_of, version_content
from rodtrad.qualitymodels.spec import VersionSpec
from rodtrad.qualitymodels.validation import Problem, problems_error

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates_data"


def frozen_message() -> str:
    return _(
        "This version is in use and frozen: it cannot be changed. Create a new version from it "
        "to make changes."
    )


def _event(
    action: str,
    actor: Actor | None,
    *,
    organisation: Organisation | None,
    target: Any = None,
    data: dict[str, Any] | None = None,
) -> None:
    record_event(
        action=action,
        actor=actor.user if actor is not None else None,
        organisation=organisation,
        target=target,
        data=data,
    )


def _clean(value: str | None) -> str:
    return exchange.clean_text(value or "")


def _version_data(version: ModelVersion) -> dict[str, Any]:
    return {"model": version.model.name, "model_id": version.model_id, "version": version.number}


# --- freezing and versions ----------------------------------------------------------------------


def freeze_version(*, version: ModelVersion, actor: Actor | None) -> ModelVersion:
    """Freeze a version because an assessment or a procurement starts using it. Idempotent. An
    incomplete version is refused with a ValidationError listing its problems ("path: problem").
    """
    with transaction.atomic():
        locked = (
            ModelVersion.objects.select_for_update(of=("self",))
            .select_related("model__owner")
            .get(pk=version.pk)
        )
        if locked.is_frozen:
            version.frozen_at = locked.frozen_at
            return version
        if actor is not None and not permissions.can_view_model(actor, locked.model):
            raise PermissionDenied
        problems = version_content(locked).problems
        if problems:
            raise ValidationError(
                [
                    _("The model version %(version)s cannot be used yet:")
                    % {"version": str(locked)},
                    *[str(problem) for problem in problems],
                ],
                code="invalid_version",
            )
        now = clock.now()
        ModelVersion.objects.filter(pk=locked.pk).update(frozen_at=now)
        version.frozen_at = now
        _event(
            "qualitymodel.version_frozen",
            actor,
            organisation=locked.model.owner,
            target=locked,
            data=_version_data(locked),
        )
    return version


def _next_number(model: QualityModel) -> int:
    QualityModel.objects.select_for_update().filter(pk=model.pk).first()
    return (model.versions.aggregate(n=Max("number"))["n"] or 0) + 1


def _create_version(
    *,
    model: QualityModel,
    spec: VersionSpec,
    based_on: ModelVersion | None,
    created_by: User | None,
) -> ModelVersion:
    """Write a whole version from a spec (inside the caller's transaction)."""
    version = ModelVersion.objects.create(
        model=model,
        number=_next_number(model),
        label=spec.label,
        language=spec.language,
        total_points=spec.total_points,
        approach_points=spec.approach_points,
        results_points=spec.results_points,
        notes=spec.notes,
        based_on=based_on,
        created_by=created_by,
    )
    SuccessFactor.objects.bulk_create(
        SuccessFactor(version=version, code=f.code, order=i, name=f.name, description=f.description)
        for i, f in enumerate(spec.success_factors)
    )
    groups = CriterionGroup.objects.bulk_create(
        CriterionGroup(
            version=version, code=g.code, order=i, name=g.name, description=g.description
        )
        for i, g in enumerate(spec.groups)
    )
    Criterion.objects.bulk_create(
        Criterion(
            version=version,
            group=groups[g],
            code=c.code,
            order=i,
            name=c.name,
            kind=c.kind,
            max_points=c.max_points,
            description=c.description,
            questions=list(c.questions),
            guidance=c.guidance,
        )
        for g, group in enumerate(spec.groups)
        for i, c in enumerate(group.criteria)
    )
    scales = Scale.objects.bulk_create(
        Scale(version=version, kind=s.kind, name=s.name) for s in spec.scales
    )
    ScaleStep.objects.bulk_create(
        ScaleStep(scale=scales[i], percent=st.percent, label=st.label, description=st.description)
        for i, s in enumerate(spec.scales)
        for st in s.steps
    )
    return version


def create_model(
    *, actor: Actor, owner: Organisation | None, name: str, description: str = ""
) -> QualityModel:
    """A new model with an empty draft version 1 (owner None: the platform library)."""
    if not permissions.can_manage_models_of(actor, owner):
        raise PermissionDenied
    name = _clean(name)
    if not name:
        raise ValidationError({"name": [_("Enter the model's name.")]})
    with transaction.atomic():
        model = QualityModel.objects.create(name=name, description=_clean(description), owner=owner)
        version = ModelVersion.objects.create(model=model, number=1, created_by=actor.user)
        _event(
            "qualitymodel.created",
            actor,
            organisation=owner,
            target=model,
            data={"name": name, "version_id": version.pk},
        )
    return model


def update_model(*, actor: Actor, model: QualityModel, name: str, description: str) -> QualityModel:
    if not permissions.can_manage_model(actor, model):
        raise PermissionDenied
    name, description = _clean(name), _clean(description)
    if not name:
        raise ValidationError({"name": [_("Enter the model's name.")]})
    before = {"name": model.name, "description": model.description}
    after = {"name": name, "description": description}
    if before == after:
        return model
    with transaction.atomic():
        model.name, model.description = name, description
        model.save(update_fields=["name", "description"])
        _event(
            "qualitymodel.updated",
            actor,
            organisation=model.owner,
            target=model,
            data={"before": before, "after": after},
        )
    return model


def create_draft_from(*, version: ModelVersion, actor: Actor) -> ModelVersion:
    """Copy a version – culture, structure, questions, guidance and scales – into a new draft
    version of the same model (number + 1, based_on the original)."""
    if not permissions.can_manage_model(actor, version.model):
        raise PermissionDenied
    with transaction.atomic():
        spec = spec_of(version)
        draft = _create_version(
            model=version.model, spec=spec, based_on=version, created_by=actor.user
        )
        _event(
            "qualitymodel.draft_created",
            actor,
            organisation=version.model.owner,
            target=draft,
            data={**_version_data(draft), "based_on": version.number},
        )
    return draft


def copy_version_to(
    *, version: ModelVersion, actor: Actor, organisation: Organisation
) -> ModelVersion:
    """Copy a version the actor may see (typically a library template) into a new model owned
    by one of the actor's organisations, as its draft version 1."""
    if not permissions.can_view_model(actor, version.model):
        raise PermissionDenied
    if not permissions.can_manage_models_of(actor, organisation):
        raise PermissionDenied
    with transaction.atomic():
        spec = spec_of(version)
        model = QualityModel.objects.create(
            name=spec.model_name, description=spec.model_description, owner=organisation
        )
        draft = _create_version(model=model, spec=spec, based_on=version, created_by=actor.user)
        _event(
            "qualitymodel.version_copied",
            actor,
            organisation=organisation,
            target=draft,
            data={**_version_data(draft), "copied_from": version.pk},
        )
    return draft


def delete_version(*, version: ModelVersion, actor: Actor) -> QualityModel | None:
    """Delete a draft version; the model goes too when it has no other version. A frozen
    version is in use and is never deleted. Returns the model if it remains."""
    if not permissions.can_manage_model(actor, version.model):
        raise PermissionDenied
    model = version.model
    with transaction.atomic():
        locked = ModelVersion.objects.select_for_update().get(pk=version.pk)
        if locked.is_frozen:
            raise ValidationError(
                _(
                    "This version is in use and frozen, so it cannot be deleted. Assessments "
                    "and procurements that use it keep it unchanged."
                ),
                code="frozen",
            )
        if locked.training_sessions.exists():
            raise ValidationError(
                _("Training sessions use this version, so it cannot be deleted."), code="in_use"
            )
        data = _version_data(locked)
        locked.delete()
        remaining = model.versions.exists()
        if not remaining:
            model.delete()
        record_event(
            action="qualitymodel.version_deleted",
            actor=actor.user,
            organisation=model.owner,
            object_type="qualitymodels.modelversion",
            object_id=version.pk,
            data={**data, "model_deleted": not remaining},
        )
    return model if remaining else None


def _editable_version(actor: Actor, version: ModelVersion) -> ModelVersion:
    """Inside a transaction: the version, locked, if the actor may change it and it is a draft."""
    if not permissions.can_manage_model(actor, version.model):
        raise PermissionDenied
    locked = ModelVersion.objects.select_for_update().get(pk=version.pk)
    if locked.is_frozen:
        raise ValidationError(frozen_message(), code="frozen")
    locked.model = version.model
    return locked


def _points(value: Any, field: str, errors: dict[str, list[str]]) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        errors[field] = [_("Enter a whole number, zero or more.")]
        return 0
    return value


def update_version(
    *,
    actor: Actor,
    version: ModelVersion,
    label: str,
    language: str,
    total_points: int,
    approach_points: int,
    results_points: int,
    notes: str,
) -> ModelVersion:
    errors: dict[str, list[str]] = {}
    label, language, notes = _clean(label), _clean(language), _clean(notes)
    if not language:
        errors["language"] = [_("Enter the language of the texts, for example sv.")]
    elif len(language) > 8:
        errors["language"] = [_("At most 8 characters, for example sv or en.")]
    if len(label) > 100:
        errors["label"] = [_("At most 100 characters.")]
    points = {
        name: _points(value, name, errors)
        for name, value in (
            ("total_points", total_points),
            ("approach_points", approach_points),
            ("results_points", results_points),
        )
    }
    with transaction.atomic():
        locked = _editable_version(actor, version)
        if errors:
            raise ValidationError(errors)
        fields = {"label": label, "language": language, "notes": notes, **points}
        before = {name: getattr(locked, name) for name in fields}
        if before == fields:
            return locked
        for name, value in fields.items():
            setattr(locked, name, value)
            setattr(version, name, value)
        locked.save(update_fields=list(fields))
        _event(
            "qualitymodel.version_updated",
            actor,
            organisation=locked.model.owner,
            target=locked,
            data={**_version_data(locked), "before": before, "after": fields},
        )
    return locked


# --- the parts of a draft ---------------------------------------------------------------------


def _code_taken(queryset, code: str, exclude_pk: int | None) -> bool:
    if exclude_pk is not None:
        queryset = queryset.exclude(pk=exclude_pk)
    return queryset.filter(code__iexact=code).exists()


def _clean_named(code: str, name: str, errors: dict[str, list[str]]) -> tuple[str, str]:
    code, name = _clean(code), _clean(name)
    if not code:
        errors["code"] = [_("Enter a code, for example 1.2.")]
    elif len(code) > 20:
        errors["code"] = [_("At most 20 characters.")]
    if not name:
        errors["name"] = [_("Enter a name.")]
    elif len(name) > 200:
        errors["name"] = [_("At most 200 characters.")]
    return code, name


def _part_event(
    actor: Actor,
    version: ModelVersion,
    change: str,
    part: str,
    label: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    data: dict[str, Any] = {**_version_data(version), "part": part, "label": label}
    if before is not None:
        data["before"] = before
    if after is not None:
        data["after"] = after
    _event(
        f"qualitymodel.part_{change}",
        actor,
        organisation=version.model.owner,
        target=version,
        data=data,
    )


def _fields_of(obj: Any, names: Iterable[str]) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in names}


def _recorded(fields: dict[str, Any] | None) -> dict[str, Any] | None:
    """Field values as the audit log stores them (a related part by its code and name)."""
    if fields is None:
        return None
    return {
        name: str(value) if isinstance(value, models.Model) else value
        for name, value in fields.items()
    }


def _next_order(queryset) -> int:
    highest = queryset.aggregate(n=Max("order"))["n"]
    return 0 if highest is None else highest + 1


def _save_part(
    *,
    actor: Actor,
    version: ModelVersion,
    instance: Any,
    part: str,
    fields: dict[str, Any],
    order_scope,
    order: int | None,
) -> Any:
    """Save a new or changed part of a draft and record what changed (inside a transaction)."""
    creating = instance.pk is None
    if order is not None:
        fields = {**fields, "order": order}
    elif creating and order_scope is not None:
        fields = {**fields, "order": _next_order(order_scope)}
    before = None if creating else _fields_of(instance, fields)
    for name, value in fields.items():
        setattr(instance, name, value)
    if before == fields:
        return instance
    instance.save()
    label = str(instance)
    change = "added" if creating else "changed"
    _part_event(actor, version, change, part, label, _recorded(before), _recorded(fields))
    return instance


def save_success_factor(
    *,
    actor: Actor,
    version: ModelVersion,
    factor: SuccessFactor | None = None,
    code: str,
    name: str,
    description: str = "",
    order: int | None = None,
) -> SuccessFactor:
    errors: dict[str, list[str]] = {}
    code, name = _clean_named(code, name, errors)
    with transaction.atomic():
        locked = _editable_version(actor, version)
        if code and _code_taken(
            SuccessFactor.objects.filter(version=locked), code, factor.pk if factor else None
        ):
            errors["code"] = [_("Another success factor has the code %(code)s.") % {"code": code}]
        if errors:
            raise ValidationError(errors)
        return _save_part(
            actor=actor,
            version=locked,
            instance=factor or SuccessFactor(version=locked),
            part="success_factor",
            fields={"code": code, "name": name, "description": _clean(description)},
            order_scope=SuccessFactor.objects.filter(version=locked),
            order=order,
        )


def save_group(
    *,
    actor: Actor,
    version: ModelVersion,
    group: CriterionGroup | None = None,
    code: str,
    name: str,
    description: str = "",
    order: int | None = None,
) -> CriterionGroup:
    errors: dict[str, list[str]] = {}
    code, name = _clean_named(code, name, errors)
    with transaction.atomic():
        locked = _editable_version(actor, version)
        if code and _code_taken(
            CriterionGroup.objects.filter(version=locked), code, group.pk if group else None
        ):
            errors["code"] = [_("Another group has the code %(code)s.") % {"code": code}]
        if errors:
            raise ValidationError(errors)
        return _save_part(
            actor=actor,
            version=locked,
            instance=group or CriterionGroup(version=locked),
            part="group",
            fields={"code": code, "name": name, "description": _clean(description)},
            order_scope=CriterionGroup.objects.filter(version=locked),
            order=order,
        )


def clean_questions(questions: str | Sequence[str]) -> list[str]:
    """Questions as a list: from a text with one question per line, or from a list."""
    lines = questions.splitlines() if isinstance(questions, str) else list(questions)
    return [q for q in (_clean(line) for line in lines) if q]


def save_criterion(
    *,
    actor: Actor,
    version: ModelVersion,
    criterion: Criterion | None = None,
    group: CriterionGroup,
    code: str,
    name: str,
    kind: str,
    max_points: int,
    description: str = "",
    questions: str | Sequence[str] = (),
    guidance: str = "",
    order: int | None = None,
) -> Criterion:
    errors: dict[str, list[str]] = {}
    code, name = _clean_named(code, name, errors)
    if kind not in CriterionKind.values:
        errors["kind"] = [_("Choose approach or results.")]
    if isinstance(max_points, bool) or not isinstance(max_points, int) or max_points < 1:
        errors["max_points"] = [_("Enter the maximum points as a whole number, 1 or more.")]
    with transaction.atomic():
        locked = _editable_version(actor, version)
        if group.version_id != locked.pk:
            errors["group"] = [_("Choose a group of this version.")]
        if code and _code_taken(
            Criterion.objects.filter(version=locked), code, criterion.pk if criterion else None
        ):
            errors["code"] = [_("Another criterion has the code %(code)s.") % {"code": code}]
        if errors:
            raise ValidationError(errors)
        instance = criterion or Criterion(version=locked)
        moved = criterion is not None and criterion.group_id != group.pk
        return _save_part(
            actor=actor,
            version=locked,
            instance=instance,
            part="criterion",
            fields={
                "group": group,
                "code": code,
                "name": name,
                "kind": kind,
                "max_points": max_points,
                "description": _clean(description),
                "questions": clean_questions(questions),
                "guidance": _clean(guidance),
            },
            order_scope=Criterion.objects.filter(group=group) if (moved or not criterion) else None,
            order=order,
        )


def save_scale(
    *, actor: Actor, version: ModelVersion, scale: Scale | None = None, kind: str, name: str
) -> Scale:
    errors: dict[str, list[str]] = {}
    name = _clean(name)
    if not name:
        errors["name"] = [_("Enter a name.")]
    if kind not in CriterionKind.values:
        errors["kind"] = [_("Choose approach or results.")]
    with transaction.atomic():
        locked = _editable_version(actor, version)
        taken = Scale.objects.filter(version=locked, kind=kind)
        if scale is not None:
            taken = taken.exclude(pk=scale.pk)
        if kind in CriterionKind.values and taken.exists():
            errors["kind"] = [_("This version already has a scale for this kind of criteria.")]
        if errors:
            raise ValidationError(errors)
        return _save_part(
            actor=actor,
            version=locked,
            instance=scale or Scale(version=locked),
            part="scale",
            fields={"kind": kind, "name": name},
            order_scope=None,
            order=None,
        )


def save_scale_step(
    *,
    actor: Actor,
    scale: Scale,
    step: ScaleStep | None = None,
    percent: int,
    label: str = "",
    description: str = "",
) -> ScaleStep:
    errors: dict[str, list[str]] = {}
    label = _clean(label)
    if isinstance(percent, bool) or not isinstance(percent, int) or not 0 <= percent <= 100:
        errors["percent"] = [_("Enter a whole percentage from 0 to 100.")]
    if len(label) > 100:
        errors["label"] = [_("At most 100 characters.")]
    with transaction.atomic():
        locked = _editable_version(actor, scale.version)
        taken = ScaleStep.objects.filter(scale=scale, percent=percent)
        if step is not None:
            taken = taken.exclude(pk=step.pk)
        if "percent" not in errors and taken.exists():
            errors["percent"] = [
                _("The scale already has a %(percent)s %% step.") % {"percent": percent}
            ]
        if errors:
            raise ValidationError(errors)
        return _save_part(
            actor=actor,
            version=locked,
            instance=step or ScaleStep(scale=scale),
            part="scale_step",
            fields={"percent": percent, "label": label, "description": _clean(description)},
            order_scope=None,
            order=None,
        )


def delete_part(*, actor: Actor, part: SuccessFactor | CriterionGroup | Criterion | Scale) -> None:
    """Remove a success factor, a group (with its criteria), a criterion or a scale (with its
    steps) from a draft."""
    with transaction.atomic():
        locked = _editable_version(actor, part.version)
        label = str(part)
        part.delete()
        _part_event(actor, locked, "removed", type(part)._meta.model_name or "", label)


def delete_scale_step(*, actor: Actor, step: ScaleStep) -> None:
    with transaction.atomic():
        locked = _editable_version(actor, step.scale.version)
        label = f"{step.scale.name}: {step}"
        step.delete()
        _part_event(actor, locked, "removed", "scale_step", label)


# --- import ------------------------------------------------------------------------------------


class ModelFileError(ValidationError):
    """A model file that cannot be imported; `problems` names the line and path of each."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        error = problems_error(problems)
        super().__init__(error.error_dict)


def import_version(
    *,
    actor: Actor,
    content: bytes | str,
    fmt: str | None = None,
    filename: str = "",
    model: QualityModel | None = None,
    owner: Organisation | None = None,
) -> ModelVersion:
    """Import a whole version from a YAML or JSON file: as a new draft version of `model`, or
    as a new model owned by `owner` (None: the platform library). Nothing is saved unless the
    whole file is valid (ModelFileError lists every problem with its line and path)."""
    if model is not None:
        if not permissions.can_manage_model(actor, model):
            raise PermissionDenied
    elif not permissions.can_manage_models_of(actor, owner):
        raise PermissionDenied
    spec, problems = exchange.read_document(content, fmt)
    if spec is None:
        raise ModelFileError(problems)
    with transaction.atomic():
        if model is None:
            model = QualityModel.objects.create(
                name=spec.model_name, description=spec.model_description, owner=owner
            )
        version = _create_version(model=model, spec=spec, based_on=None, created_by=actor.user)
        _event(
            "qualitymodel.version_imported",
            actor,
            organisation=model.owner,
            target=version,
            data={**_version_data(version), "file": filename[:200]},
        )
    return version


# --- built-in templates ----------------------------------------------------------------------


@dataclass(frozen=True)
class TemplateLoad:
    key: str
    version: ModelVersion
    outcome: str  # "created", "updated" (a new version) or "unchanged"


def template_files() -> list[tuple[str, Path]]:
    return [(path.stem, path) for path in sorted(TEMPLATES_DIR.glob("*.yaml"))]


def _without_model(spec: VersionSpec) -> VersionSpec:
    return replace(spec, model_name="", model_description="")


def load_templates(*, record: bool = True) -> list[TemplateLoad]:
    """Load the built-in templates into the platform library, frozen. Idempotent: a template
    already loaded with the same content is left alone; changed content becomes a new version.
    `record=False` (after migrate) writes no audit events: the templates ship with the code."""
    results = []
    for key, path in template_files():
        spec, problems = exchange.read_document(path.read_bytes(), "yaml")
        if spec is None:
            raise ValueError(f"{path.name}: " + "; ".join(str(p) for p in problems))
        with transaction.atomic():
            model = QualityModel.objects.select_for_update().filter(template_key=key).first()
            latest = model.versions.order_by("-number").first() if model else None
            if latest is not None and _without_model(spec_of(latest)) == _without_model(spec):
                results.append(TemplateLoad(key, latest, "unchanged"))
                continue
            outcome = "updated" if model is not None else "created"
            if model is None:
                model = QualityModel.objects.create(
                    name=spec.model_name,
                    description=spec.model_description,
                    owner=None,
                    template_key=key,
                )
            version = _create_version(model=model, spec=spec, based_on=latest, created_by=None)
            version.frozen_at = clock.now()
            ModelVersion.objects.filter(pk=version.pk).update(frozen_at=version.frozen_at)
            if record:
                _event(
                    "qualitymodel.template_loaded",
                    None,
                    organisation=None,
                    target=version,
                    data={**_version_data(version), "template": key, "outcome": outcome},
                )
            results.append(TemplateLoad(key, version, outcome))
    return results


# --- training sessions ------------------------------------------------------------------------


def _user_by_email(email: str, field: str) -> User:
    email = (email or "").strip()
    user = User.objects.filter(email__iexact=email, is_active=True).first() if email else None
    if user is None:
        raise ValidationError(
            {
                field: [
                    _(
                        "No one with the e-mail address %(email)s has an account in rodtrad. "
                        "Invite them to their organisation first."
                    )
                    % {"email": email or "–"}
                ]
            }
        )
    return user


def _clean_session_fields(
    *,
    actor: Actor,
    model_version: ModelVersion | None,
    title: str,
    starts_at: datetime | None,
    ends_at: datetime | None,
    location: str,
    trainer_email: str,
) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    title, location = _clean(title), _clean(location)
    if not title:
        errors["title"] = [_("Give the session a title.")]
    if starts_at is None:
        errors["starts_at"] = [_("Enter when the session starts.")]
    elif ends_at is not None and ends_at <= starts_at:
        errors["ends_at"] = [_("The session must end after it starts.")]
    if model_version is None or not permissions.can_view_model(actor, model_version.model):
        errors["model_version"] = [_("Choose a model version from the library.")]
    trainer = None
    if trainer_email and trainer_email.strip():
        try:
            trainer = _user_by_email(trainer_email, "trainer_email")
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    return {
        "model_version": model_version,
        "title": title,
        "starts_at": starts_at,
        "ends_at": ends_at,
        "location": location,
        "trainer": trainer,
    }


def _session_data(session: TrainingSession) -> dict[str, Any]:
    return {
        "title": session.title,
        "starts_at": session.starts_at,
        "ends_at": session.ends_at,
        "location": session.location,
        "model_version_id": session.model_version_id,
        "trainer": session.trainer.email if session.trainer else "",
    }


def create_training_session(
    *,
    actor: Actor,
    organisation: Organisation,
    model_version: ModelVersion | None,
    title: str,
    starts_at: datetime | None,
    ends_at: datetime | None = None,
    location: str = "",
    description: str = "",
    trainer_email: str = "",
) -> TrainingSession:
    if not permissions.can_organise_training(actor, organisation):
        raise PermissionDenied
    fields = _clean_session_fields(
        actor=actor,
        model_version=model_version,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        location=location,
        trainer_email=trainer_email,
    )
    with transaction.atomic():
        session = TrainingSession.objects.create(
            organisation=organisation,
            description=_clean(description),
            created_by=actor.user,
            **fields,
        )
        _event(
            "training.session_created",
            actor,
            organisation=organisation,
            target=session,
            data=_session_data(session),
        )
    return session


def update_training_session(
    *,
    actor: Actor,
    session: TrainingSession,
    model_version: ModelVersion | None,
    title: str,
    starts_at: datetime | None,
    ends_at: datetime | None = None,
    location: str = "",
    description: str = "",
    trainer_email: str = "",
) -> TrainingSession:
    if not permissions.can_manage_session(actor, session):
        raise PermissionDenied
    fields = _clean_session_fields(
        actor=actor,
        model_version=model_version,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        location=location,
        trainer_email=trainer_email,
    )
    fields["description"] = _clean(description)
    with transaction.atomic():
        before = _session_data(session)
        for name, value in fields.items():
            setattr(session, name, value)
        session.save()
        after = _session_data(session)
        if before != after:
            _event(
                "training.session_updated",
                actor,
                organisation=session.organisation,
                target=session,
                data={"before": before, "after": after},
            )
    return session


def delete_training_session(*, actor: Actor, session: TrainingSession) -> None:
    if not permissions.can_manage_session(actor, session):
        raise PermissionDenied
    with transaction.atomic():
        if session.participants.filter(attended=True).exists():
            raise ValidationError(
                _(
                    "Attendance has been recorded for this session, so it is kept: it is the "
                    "record of who is trained in the model."
                ),
                code="attendance_recorded",
            )
        data = _session_data(session)
        session_id = session.pk
        session.delete()
        record_event(
            action="training.session_deleted",
            actor=actor.user,
            organisation=session.organisation,
            object_type="qualitymodels.trainingsession",
            object_id=session_id,
            data=data,
        )


def add_participant(*, actor: Actor, session: TrainingSession, email: str) -> TrainingParticipant:
    if not permissions.can_manage_session(actor, session):
        raise PermissionDenied
    user = _user_by_email(email, "email")
    with transaction.atomic():
        if session.participants.filter(user=user).exists():
            raise ValidationError(
                {"email": [_("%(name)s already takes part in the session.") % {"name": user}]}
            )
        participant = TrainingParticipant.objects.create(session=session, user=user)
        _event(
            "training.participant_added",
            actor,
            organisation=session.organisation,
            target=session,
            data={"email": user.email},
        )
    return participant


def remove_participant(*, actor: Actor, session: TrainingSession, user: User) -> None:
    if not permissions.can_manage_session(actor, session):
        raise PermissionDenied
    with transaction.atomic():
        deleted, _rows = TrainingParticipant.objects.filter(session=session, user=user).delete()
        if not deleted:
            raise ValidationError(_("This person does not take part in the session."))
        _event(
            "training.participant_removed",
            actor,
            organisation=session.organisation,
            target=session,
            data={"email": user.email},
        )


def mark_attendance(
    *, actor: Actor, session: TrainingSession, attended: Mapping[int, bool]
) -> list[TrainingParticipant]:
    """Record who attended (user id -> attended) once the session has started."""
    if not permissions.can_manage_session(actor, session):
        raise PermissionDenied
    if clock.now() < session.starts_at:
        raise ValidationError(_("Attendance can be marked once the session has started."))
    with transaction.atomic():
        participants = {
            p.user_id: p for p in session.participants.select_for_update().select_related("user")
        }
        unknown = [user_id for user_id in attended if user_id not in participants]
        if unknown:
            raise ValidationError(_("Only the session's participants can be marked."))
        now = clock.now()
        changed = []
        for user_id, value in attended.items():
            participant = participants[user_id]
            if participant.attended != value or participant.attendance_marked_at is None:
                participant.attended = bool(value)
                participant.attendance_marked_at = now
                participant.save(update_fields=["attended", "attendance_marked_at"])
                changed.append(participant)
        if changed:
            _event(
                "training.attendance_marked",
                actor,
                organisation=session.organisation,
                target=session,
                data={
                    "attended": sorted(p.user.email for p in changed if p.attended),
                    "absent": sorted(p.user.email for p in changed if not p.attended),
                },
            )
    return sorted(participants.values(), key=lambda p: (p.user.full_name, p.user.email))
