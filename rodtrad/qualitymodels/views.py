"""Pages of the model library, the draft editor, the handbook and training sessions. Thin: an
accessor gets the object, a form parses the input, a service writes, a selector reads."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from rodtrad.common import clock
from rodtrad.common.forms import add_service_errors
from rodtrad.common.http import AuthenticatedRequest
from rodtrad.common.pdf import pdf_response, render_pdf
from rodtrad.qualitymodels import forms, permissions, selectors, services
from rodtrad.qualitymodels.models import (
    Criterion,
    CriterionGroup,
    ModelVersion,
    QualityModel,
    Scale,
    SuccessFactor,
)

Crumbs = list[tuple[str | Promise, str]]


def _library_crumbs() -> Crumbs:
    return [(gettext_lazy("Quality models"), reverse("qualitymodels:library"))]


def _model_crumbs(model: QualityModel) -> Crumbs:
    return [*_library_crumbs(), (model.name, reverse("qualitymodels:model", args=[model.pk]))]


def _version_crumbs(version: ModelVersion) -> Crumbs:
    return [
        *_model_crumbs(version.model),
        (
            _("Version %(number)s") % {"number": version.number},
            reverse("qualitymodels:version", args=[version.pk]),
        ),
    ]


def _version_url(version: ModelVersion, anchor: str = "") -> str:
    url = reverse("qualitymodels:version", args=[version.pk])
    return f"{url}#{anchor}" if anchor else url


def _refuse_frozen(request: AuthenticatedRequest, version: ModelVersion) -> HttpResponse | None:
    if version.is_frozen:
        messages.error(request, services.frozen_message())
        return redirect(_version_url(version))
    return None


def _owner_from(actor, value: str):
    """The organisation chosen in an owner field (empty: the platform library)."""
    if not value:
        return None
    organisation = actor.organisations.get(int(value))
    if organisation is None:
        raise PermissionDenied
    return organisation


# --- the library ---------------------------------------------------------------------------------


@login_required
def library(request: AuthenticatedRequest) -> HttpResponse:
    actor = request.actor
    models = list(selectors.models_visible_to(actor))
    return render(
        request,
        "qualitymodels/library.html",
        {
            "platform_models": [m for m in models if m.owner_id is None],
            "own_models": [m for m in models if m.owner_id is not None],
            "can_create": permissions.can_create_models(actor),
        },
    )


@login_required
def model_create(request: AuthenticatedRequest) -> HttpResponse:
    actor = request.actor
    if not permissions.can_create_models(actor):
        raise PermissionDenied
    form = forms.NewModelForm(
        request.POST or None,
        organisations=permissions.organisations_managing_models(actor),
        platform=actor.is_platform_admin,
    )
    if request.method == "POST" and form.is_valid():
        try:
            model = services.create_model(
                actor=actor,
                owner=_owner_from(actor, form.cleaned_data["owner"]),
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The model was created with an empty draft version."))
            return redirect(_version_url(model.versions.get()))
    return render(
        request,
        "qualitymodels/form_page.html",
        {
            "form": form,
            "title": _("New quality model"),
            "submit": _("Create the model"),
            "cancel_url": reverse("qualitymodels:library"),
            "crumbs": _library_crumbs(),
        },
    )


def _import(
    request: AuthenticatedRequest, *, model: QualityModel | None, crumbs: Crumbs, cancel_url: str
) -> HttpResponse:
    actor = request.actor
    organisations = None if model else permissions.organisations_managing_models(actor)
    form = forms.ImportForm(
        request.POST or None,
        request.FILES or None,
        organisations=organisations,
        platform=actor.is_platform_admin,
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            version = services.import_version(
                actor=actor,
                content=upload.read(),
                filename=upload.name or "",
                model=model,
                owner=None if model else _owner_from(actor, form.cleaned_data.get("owner", "")),
            )
        except services.ModelFileError as error:
            for problem in error.problems:
                form.add_error("file", str(problem))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Version %(number)s of %(model)s was imported as a draft.")
                % {"number": version.number, "model": version.model.name},
            )
            return redirect(_version_url(version))
    return render(
        request,
        "qualitymodels/import.html",
        {"form": form, "model": model, "crumbs": crumbs, "cancel_url": cancel_url},
    )


@login_required
def model_import(request: AuthenticatedRequest) -> HttpResponse:
    if not permissions.can_create_models(request.actor):
        raise PermissionDenied
    return _import(
        request,
        model=None,
        crumbs=_library_crumbs(),
        cancel_url=reverse("qualitymodels:library"),
    )


@login_required
def version_import(request: AuthenticatedRequest, model_id: int) -> HttpResponse:
    model = permissions.get_model_for_management(request.actor, model_id)
    return _import(
        request,
        model=model,
        crumbs=_model_crumbs(model),
        cancel_url=reverse("qualitymodels:model", args=[model.pk]),
    )


@login_required
def model_detail(request: AuthenticatedRequest, model_id: int) -> HttpResponse:
    actor = request.actor
    model = permissions.get_model_for_view(actor, model_id)
    return render(
        request,
        "qualitymodels/model_detail.html",
        {
            "model": model,
            "versions": selectors.versions_of(model),
            "can_manage": permissions.can_manage_model(actor, model),
            "crumbs": _library_crumbs(),
        },
    )


@login_required
def model_edit(request: AuthenticatedRequest, model_id: int) -> HttpResponse:
    actor = request.actor
    model = permissions.get_model_for_management(actor, model_id)
    form = forms.ModelForm(
        request.POST or None, initial={"name": model.name, "description": model.description}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_model(actor=actor, model=model, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The model was saved."))
            return redirect("qualitymodels:model", model.pk)
    return render(
        request,
        "qualitymodels/form_page.html",
        {
            "form": form,
            "title": _("Edit the model"),
            "submit": _("Save"),
            "cancel_url": reverse("qualitymodels:model", args=[model.pk]),
            "crumbs": _model_crumbs(model),
        },
    )


# --- one version ---------------------------------------------------------------------------------


@login_required
def version_detail(request: AuthenticatedRequest, version_id: int) -> HttpResponse:
    actor = request.actor
    version = permissions.get_version_for_view(actor, version_id)
    can_manage = permissions.can_manage_model(actor, version.model)
    copy_targets = permissions.organisations_managing_models(actor)
    return render(
        request,
        "qualitymodels/version_detail.html",
        {
            "version": version,
            "content": selectors.version_content(version),
            "can_manage": can_manage,
            "can_edit": can_manage and not version.is_frozen,
            "can_copy": bool(copy_targets),
            "crumbs": _model_crumbs(version.model),
        },
    )


@login_required
def handbook(request: AuthenticatedRequest, version_id: int) -> HttpResponse:
    version = permissions.get_version_for_view(request.actor, version_id)
    return render(
        request,
        "qualitymodels/handbook.html",
        {
            "version": version,
            "content": selectors.version_content(version),
            "crumbs": _version_crumbs(version),
        },
    )


@login_required
def handbook_pdf(request: AuthenticatedRequest, version_id: int) -> HttpResponse:
    version = permissions.get_version_for_view(request.actor, version_id)
    content = render_pdf(
        "qualitymodels/handbook_pdf.html",
        {"version": version, "content": selectors.version_content(version)},
        request=request,
    )
    return pdf_response(content, f"{version.model.name} v{version.number}")


EXPORT_TYPES = {"yaml": "application/yaml; charset=utf-8", "json": "application/json"}


@login_required
def version_export(request: AuthenticatedRequest, version_id: int, fmt: str) -> HttpResponse:
    if fmt not in EXPORT_TYPES:
        raise Http404
    version = permissions.get_version_for_view(request.actor, version_id)
    response = HttpResponse(selectors.export_version(version, fmt), content_type=EXPORT_TYPES[fmt])
    name = slugify(f"{version.model.name}-v{version.number}") or "model"
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@login_required
@require_POST
def version_new_draft(request: AuthenticatedRequest, version_id: int) -> HttpResponse:
    version = permissions.get_version_for_management(request.actor, version_id)
    draft = services.create_draft_from(version=version, actor=request.actor)
    messages.success(
        request,
        _("Version %(number)s was created as a draft copy of version %(original)s.")
        % {"number": draft.number, "original": version.number},
    )
    return redirect(_version_url(draft))


@login_required
def version_copy(request: AuthenticatedRequest, version_id: int) -> HttpResponse:
    actor = request.actor
    version = permissions.get_version_for_view(actor, version_id)
    organisations = permissions.organisations_managing_models(actor)
    if not organisations:
        raise PermissionDenied
    form = forms.CopyForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        copy = services.copy_version_to(
            version=version,
            actor=actor,
            organisation=_owner_from(actor, form.cleaned_data["owner"]),
        )
        messages.success(
            request,
            _("The model was copied to %(organisation)s as a draft you can adapt.")
            % {"organisation": copy.model.owner.name if copy.model.owner else ""},
        )
        return redirect(_version_url(copy))
    return render(
        request,
        "qualitymodels/form_page.html",
        {
            "form": form,
            "title": _("Copy %(version)s to your organisation") % {"version": version},
            "lead": _(
                "The copy becomes a new model owned by the organisation, with a draft version you "
                "can adapt – for example guidance written for your service."
            ),
            "submit": _("Copy"),
            "cancel_url": _version_url(version),
            "crumbs": _version_crumbs(version),
        },
    )


@login_required
def version_delete(request: AuthenticatedRequest, version_id: int) -> HttpResponse:
    actor = request.actor
    version = permissions.get_version_for_management(actor, version_id)
    error_message = ""
    frozen_note = _("This version is in use and frozen, so it cannot be deleted.")
    if request.method == "POST":
        try:
            model = services.delete_version(version=version, actor=actor)
        except ValidationError as error:
            error_message = " ".join(error.messages)
        else:
            messages.success(
                request, _("Version %(number)s was deleted.") % {"number": version.number}
            )
            if model is None:
                return redirect("qualitymodels:library")
            return redirect("qualitymodels:model", model.pk)
    return render(
        request,
        "qualitymodels/confirm_delete.html",
        {
            "title": _("Delete version %(number)s of %(model)s?")
            % {"number": version.number, "model": version.model.name},
            "explanation": _(
                "The draft and everything in it are deleted. A model whose only version this is "
                "is deleted too."
            ),
            "error_message": error_message or (frozen_note if version.is_frozen else ""),
            "can_delete": not version.is_frozen,
            "cancel_url": _version_url(version),
            "crumbs": _version_crumbs(version),
        },
        status=400 if error_message else 200,
    )


@login_required
def version_edit(request: AuthenticatedRequest, version_id: int) -> HttpResponse:
    actor = request.actor
    version = permissions.get_version_for_management(actor, version_id)
    if (refused := _refuse_frozen(request, version)) is not None:
        return refused
    fields = ["label", "language", "total_points", "approach_points", "results_points", "notes"]
    form = forms.VersionForm(
        request.POST or None, initial={name: getattr(version, name) for name in fields}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_version(actor=actor, version=version, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The version's details were saved."))
            return redirect(_version_url(version))
    return render(
        request,
        "qualitymodels/form_page.html",
        {
            "form": form,
            "title": _("Edit the details of version %(number)s") % {"number": version.number},
            "submit": _("Save"),
            "cancel_url": _version_url(version),
            "crumbs": _version_crumbs(version),
        },
    )


# --- the parts of a draft ------------------------------------------------------------------------


@dataclass(frozen=True)
class PartKind:
    slug: str
    model: Any
    form_class: type[django_forms.Form]
    anchor: str
    title_new: Promise
    title_edit: Promise
    fields: tuple[str, ...]
    save: Callable[..., Any]
    keyword: str

    def form(self, data, version: ModelVersion, initial: dict[str, Any]) -> django_forms.Form:
        if self.form_class is forms.CriterionForm:
            return forms.CriterionForm(data, version=version, initial=initial)
        return self.form_class(data, initial=initial)

    def initial_of(self, part: Any) -> dict[str, Any]:
        initial = {name: getattr(part, name) for name in self.fields}
        if "questions" in initial:
            initial["questions"] = "\n".join(initial["questions"] or [])
        return initial


PARTS = {
    "factors": PartKind(
        "factors",
        SuccessFactor,
        forms.SuccessFactorForm,
        "culture",
        gettext_lazy("Add a success factor"),
        gettext_lazy("Edit the success factor"),
        ("code", "name", "description", "order"),
        services.save_success_factor,
        "factor",
    ),
    "groups": PartKind(
        "groups",
        CriterionGroup,
        forms.GroupForm,
        "structure",
        gettext_lazy("Add a criterion group"),
        gettext_lazy("Edit the criterion group"),
        ("code", "name", "description", "order"),
        services.save_group,
        "group",
    ),
    "criteria": PartKind(
        "criteria",
        Criterion,
        forms.CriterionForm,
        "structure",
        gettext_lazy("Add a criterion"),
        gettext_lazy("Edit the criterion"),
        (
            "group",
            "code",
            "name",
            "kind",
            "max_points",
            "description",
            "questions",
            "guidance",
            "order",
        ),
        services.save_criterion,
        "criterion",
    ),
    "scales": PartKind(
        "scales",
        Scale,
        forms.ScaleForm,
        "scales",
        gettext_lazy("Add a scale"),
        gettext_lazy("Edit the scale"),
        ("kind", "name"),
        services.save_scale,
        "scale",
    ),
}


def _part_kind(kind: str) -> PartKind:
    if kind not in PARTS:
        raise Http404
    return PARTS[kind]


def _part_form_page(
    request: AuthenticatedRequest, version: ModelVersion, kind: PartKind, part: Any
) -> HttpResponse:
    if (refused := _refuse_frozen(request, version)) is not None:
        return refused
    initial: dict[str, Any] = {}
    if part is not None:
        initial = kind.initial_of(part)
    elif kind.slug == "criteria" and request.GET.get("group", "").isdigit():
        initial = {"group": int(request.GET["group"])}
    form = kind.form(request.POST or None, version, initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if "order" in data and data["order"] is None and part is not None:
            data["order"] = part.order
        try:
            kind.save(actor=request.actor, version=version, **{kind.keyword: part}, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(_version_url(version, kind.anchor))
    return render(
        request,
        "qualitymodels/form_page.html",
        {
            "form": form,
            "title": kind.title_edit if part is not None else kind.title_new,
            "submit": _("Save"),
            "cancel_url": _version_url(version, kind.anchor),
            "crumbs": _version_crumbs(version),
        },
    )


@login_required
def part_create(request: AuthenticatedRequest, version_id: int, kind: str) -> HttpResponse:
    part_kind = _part_kind(kind)
    version = permissions.get_version_for_management(request.actor, version_id)
    return _part_form_page(request, version, part_kind, None)


@login_required
def part_edit(
    request: AuthenticatedRequest, version_id: int, kind: str, part_id: int
) -> HttpResponse:
    part_kind = _part_kind(kind)
    part = permissions.get_part_for_management(
        request.actor, version_id, part_kind.model.objects, part_id
    )
    return _part_form_page(request, part.version, part_kind, part)


@login_required
def part_delete(
    request: AuthenticatedRequest, version_id: int, kind: str, part_id: int
) -> HttpResponse:
    part_kind = _part_kind(kind)
    part = permissions.get_part_for_management(
        request.actor, version_id, part_kind.model.objects, part_id
    )
    version = part.version
    if (refused := _refuse_frozen(request, version)) is not None:
        return refused
    if request.method == "POST":
        services.delete_part(actor=request.actor, part=part)
        messages.success(request, _("“%(part)s” was removed.") % {"part": part})
        return redirect(_version_url(version, part_kind.anchor))
    explanations = {
        "groups": _("The group's criteria are removed with it."),
        "scales": _("The scale's steps are removed with it."),
    }
    return render(
        request,
        "qualitymodels/confirm_delete.html",
        {
            "title": _("Remove “%(part)s”?") % {"part": part},
            "explanation": explanations.get(kind, _("It is removed from the draft version.")),
            "can_delete": True,
            "cancel_url": _version_url(version, part_kind.anchor),
            "crumbs": _version_crumbs(version),
        },
    )


def _step_form_page(request: AuthenticatedRequest, scale: Scale, step) -> HttpResponse:
    version = scale.version
    if (refused := _refuse_frozen(request, version)) is not None:
        return refused
    initial = (
        {"percent": step.percent, "label": step.label, "description": step.description}
        if step is not None
        else {}
    )
    form = forms.ScaleStepForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_scale_step(
                actor=request.actor, scale=scale, step=step, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(_version_url(version, "scales"))
    return render(
        request,
        "qualitymodels/form_page.html",
        {
            "form": form,
            "title": (
                _("Edit the step of %(scale)s")
                if step is not None
                else _("Add a step to %(scale)s")
            )
            % {"scale": scale.name},
            "submit": _("Save"),
            "cancel_url": _version_url(version, "scales"),
            "crumbs": _version_crumbs(version),
        },
    )


@login_required
def step_create(request: AuthenticatedRequest, version_id: int, scale_id: int) -> HttpResponse:
    scale = permissions.get_scale_for_management(request.actor, version_id, scale_id)
    return _step_form_page(request, scale, None)


@login_required
def step_edit(
    request: AuthenticatedRequest, version_id: int, scale_id: int, step_id: int
) -> HttpResponse:
    step = permissions.get_step_for_management(request.actor, version_id, scale_id, step_id)
    return _step_form_page(request, step.scale, step)


@login_required
def step_delete(
    request: AuthenticatedRequest, version_id: int, scale_id: int, step_id: int
) -> HttpResponse:
    step = permissions.get_step_for_management(request.actor, version_id, scale_id, step_id)
    version = step.scale.version
    if (refused := _refuse_frozen(request, version)) is not None:
        return refused
    if request.method == "POST":
        services.delete_scale_step(actor=request.actor, step=step)
        messages.success(request, _("The step was removed."))
        return redirect(_version_url(version, "scales"))
    return render(
        request,
        "qualitymodels/confirm_delete.html",
        {
            "title": _("Remove the %(percent)s %% step of %(scale)s?")
            % {"percent": step.percent, "scale": step.scale.name},
            "explanation": _("It is removed from the draft version."),
            "can_delete": True,
            "cancel_url": _version_url(version, "scales"),
            "crumbs": _version_crumbs(version),
        },
    )


# --- training ------------------------------------------------------------------------------------


def _training_crumbs() -> Crumbs:
    return [(gettext_lazy("Training"), reverse("qualitymodels:training_list"))]


@login_required
def training_list(request: AuthenticatedRequest) -> HttpResponse:
    actor = request.actor
    return render(
        request,
        "qualitymodels/training_list.html",
        {
            "sessions": list(selectors.sessions_visible_to(actor)),
            "can_organise": bool(permissions.organisations_organising_training(actor)),
            "now": clock.now(),
        },
    )


@login_required
def training_create(request: AuthenticatedRequest) -> HttpResponse:
    actor = request.actor
    organisations = permissions.organisations_organising_training(actor)
    if not organisations:
        raise PermissionDenied
    initial: dict[str, Any] = {}
    if request.GET.get("organisation", "").isdigit():
        initial["organisation"] = int(request.GET["organisation"])
    if request.GET.get("version", "").isdigit():
        initial["model_version"] = int(request.GET["version"])
    form = forms.TrainingSessionForm(
        request.POST or None,
        initial=initial,
        versions=selectors.versions_visible_to(actor),
        organisations=organisations,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        organisation = actor.organisations.get(data.pop("organisation"))
        if organisation is None:
            raise PermissionDenied
        try:
            session = services.create_training_session(
                actor=actor, organisation=organisation, **data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The session was planned. Now add the participants."))
            return redirect("qualitymodels:training", session.pk)
    return render(
        request,
        "qualitymodels/form_page.html",
        {
            "form": form,
            "title": _("Plan a training session"),
            "submit": _("Plan the session"),
            "cancel_url": reverse("qualitymodels:training_list"),
            "crumbs": _training_crumbs(),
        },
    )


def _training_context(request: AuthenticatedRequest, session, **extra) -> dict[str, Any]:
    actor = request.actor
    can_manage = permissions.can_manage_session(actor, session)
    participants = selectors.participants_of(session)
    context: dict[str, Any] = {
        "session": session,
        "participants": participants,
        "can_manage": can_manage,
        "started": clock.now() >= session.starts_at,
        "crumbs": _training_crumbs(),
    }
    if can_manage:
        context["participant_form"] = forms.ParticipantForm()
        context["attendance_form"] = forms.AttendanceForm(participants=participants)
    context.update(extra)
    return context


@login_required
def training_detail(request: AuthenticatedRequest, session_id: int) -> HttpResponse:
    session = permissions.get_session_for_view(request.actor, session_id)
    return render(
        request, "qualitymodels/training_detail.html", _training_context(request, session)
    )


@login_required
def training_edit(request: AuthenticatedRequest, session_id: int) -> HttpResponse:
    actor = request.actor
    session = permissions.get_session_for_management(actor, session_id)
    form = forms.TrainingSessionForm(
        request.POST or None,
        initial={
            "title": session.title,
            "model_version": session.model_version_id,
            "starts_at": session.starts_at,
            "ends_at": session.ends_at,
            "location": session.location,
            "trainer_email": session.trainer.email if session.trainer else "",
            "description": session.description,
        },
        versions=selectors.versions_visible_to(actor),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_training_session(actor=actor, session=session, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The session was saved."))
            return redirect("qualitymodels:training", session.pk)
    return render(
        request,
        "qualitymodels/form_page.html",
        {
            "form": form,
            "title": _("Edit the training session"),
            "submit": _("Save"),
            "cancel_url": reverse("qualitymodels:training", args=[session.pk]),
            "crumbs": _training_crumbs(),
        },
    )


@login_required
def training_delete(request: AuthenticatedRequest, session_id: int) -> HttpResponse:
    actor = request.actor
    session = permissions.get_session_for_management(actor, session_id)
    error_message = ""
    if request.method == "POST":
        try:
            services.delete_training_session(actor=actor, session=session)
        except ValidationError as error:
            error_message = " ".join(error.messages)
        else:
            messages.success(request, _("The session was deleted."))
            return redirect("qualitymodels:training_list")
    return render(
        request,
        "qualitymodels/confirm_delete.html",
        {
            "title": _("Delete the session “%(title)s”?") % {"title": session.title},
            "explanation": _("The session and its list of participants are deleted."),
            "error_message": error_message,
            "can_delete": True,
            "cancel_url": reverse("qualitymodels:training", args=[session.pk]),
            "crumbs": _training_crumbs(),
        },
        status=400 if error_message else 200,
    )


@login_required
@require_POST
def training_participant_add(request: AuthenticatedRequest, session_id: int) -> HttpResponse:
    actor = request.actor
    session = permissions.get_session_for_management(actor, session_id)
    form = forms.ParticipantForm(request.POST)
    if form.is_valid():
        try:
            participant = services.add_participant(
                actor=actor, session=session, email=form.cleaned_data["email"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("%(name)s was added.") % {"name": participant.user.full_name}
            )
            return redirect("qualitymodels:training", session.pk)
    return render(
        request,
        "qualitymodels/training_detail.html",
        _training_context(request, session, participant_form=form),
    )


@login_required
@require_POST
def training_participant_remove(
    request: AuthenticatedRequest, session_id: int, user_id: int
) -> HttpResponse:
    actor = request.actor
    session, user = permissions.get_participant_for_management(actor, session_id, user_id)
    services.remove_participant(actor=actor, session=session, user=user)
    messages.success(request, _("%(name)s was removed from the session.") % {"name": user})
    return redirect("qualitymodels:training", session.pk)


@login_required
@require_POST
def training_attendance(request: AuthenticatedRequest, session_id: int) -> HttpResponse:
    actor = request.actor
    session = permissions.get_session_for_management(actor, session_id)
    participants = selectors.participants_of(session)
    form = forms.AttendanceForm(request.POST, participants=participants)
    if form.is_valid():
        present = set(form.cleaned_data["attended"])
        try:
            services.mark_attendance(
                actor=actor,
                session=session,
                attended={p.user_id: p.user_id in present for p in participants},
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The attendance was saved."))
            return redirect("qualitymodels:training", session.pk)
    return render(
        request,
        "qualitymodels/training_detail.html",
        _training_context(request, session, attendance_form=form),
    )
