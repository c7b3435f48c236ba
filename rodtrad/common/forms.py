"""Form rendering and the bridge from service errors to forms."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Our own field and form templates (labels, hints and errors linked for screen readers)."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"


class ServiceRequiredFields:
    """For forms whose service checks that some fields are filled in (so that the UI and the API
    give one wording): Django is told those fields are optional, but their labels must not say
    "(optional)" (WCAG 3.3.2). Name them in `service_required`; the field template reads the
    mark. Put this mixin before `forms.Form`."""

    service_required: tuple[str, ...] = ()
    fields: dict

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in self.service_required:
            self.fields[name].service_required = True


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on the named field where the form has it,
    otherwise as a form-wide error."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            target = field if field in form.fields else None
            for message in messages:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)
