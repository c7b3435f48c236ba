"""One error format for every API response that is not a success:

    {"error": {"status": 404, "code": "not_found", "message": "…", "details": [...]}}

`message` is in the language of the request (Accept-Language; Swedish by default).
`details` lists field problems as {"field": "…", "message": "…"} where there are any.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from rodtrad.accounts.reauth import ReauthenticationRequired


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str = "", details: Any = None) -> None:
        super().__init__(message or code)
        self.status = status
        self.code = code
        self.message = message
        self.details = details or []


def _messages() -> dict[str, str]:
    return {
        "not_found": _("Not found, or you may not see it."),
        "forbidden": _("You are not allowed to do this."),
        "read_only_token": _("This token may only read; create a token that may also change."),
        "reauthentication_required": _(
            "Confirm who you are first: log in again in the browser, or use a token created "
            "for the sensitive actions (opening, revealing prices, signing, archive)."
        ),
        "rate_limited": _("Too many requests: wait a minute and try again."),
        "two_factor_required": _(
            "Two-step verification is needed first: complete it in the browser, then try again."
        ),
        "unauthenticated": _(
            "Log in or send a valid personal access token (Authorization: Bearer)."
        ),
        "csrf_failed": _("The CSRF check failed: send the X-CSRFToken header with the session."),
        "invalid": _("The request has invalid values."),
        "conflict": _("The request conflicts with the current state."),
        "error": _("The request could not be handled."),
        "database_unavailable": _("The service is temporarily unavailable – try again in a minute"),
    }


def error_response(
    api: NinjaAPI, request: HttpRequest, status: int, code: str, message: str = "", details=None
) -> HttpResponse:
    body = {
        "error": {
            "status": status,
            "code": code,
            "message": message or _messages().get(code, _messages()["error"]),
            "details": details or [],
        }
    }
    return api.create_response(request, body, status=status)


def validation_details(error: ValidationError) -> list[dict[str, str]]:
    if hasattr(error, "error_dict"):
        return [
            {"field": field, "message": message}
            for field, errors in error.message_dict.items()
            for message in errors
        ]
    return [{"field": "", "message": message} for message in error.messages]


def _field_name(loc) -> str:
    """The field as the client named it: ("query", "page") -> "page",
    ("body", "payload", "roles", 0) -> "roles.0" (the endpoint's parameter name is internal)."""
    parts = [str(part) for part in loc]
    parts = parts[2:] if parts[:1] == ["body"] else parts[1:]
    return ".".join(parts)


def install_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(ApiError)
    def _api_error(request, exc: ApiError):
        return error_response(api, request, exc.status, exc.code, exc.message, exc.details)

    @api.exception_handler(Http404)
    def _not_found(request, exc):
        return error_response(api, request, 404, "not_found")

    @api.exception_handler(ReauthenticationRequired)
    def _reauthenticate(request, exc):
        return error_response(api, request, 403, "reauthentication_required")

    @api.exception_handler(PermissionDenied)
    def _forbidden(request, exc):
        return error_response(api, request, 403, "forbidden")

    @api.exception_handler(AuthenticationError)
    def _unauthenticated(request, exc):
        return error_response(api, request, 401, "unauthenticated")

    @api.exception_handler(ValidationError)
    def _invalid(request, exc: ValidationError):
        details = validation_details(exc)
        message = details[0]["message"] if len(details) == 1 else ""
        return error_response(api, request, 400, "invalid", message, details)

    @api.exception_handler(OverflowError)
    def _too_large(request, exc: OverflowError):
        # An id or number beyond what the database stores (SQLite refuses it before querying):
        # no such thing exists, and the client sent a value no form could.
        return error_response(
            api, request, 400, "invalid", _("A number in the request is too large.")
        )

    @api.exception_handler(NinjaValidationError)
    def _schema_invalid(request, exc: NinjaValidationError):
        details = [
            {"field": _field_name(error.get("loc", [])), "message": error.get("msg", "")}
            for error in exc.errors
        ]
        return error_response(api, request, 422, "invalid", "", details)

    @api.exception_handler(HttpError)
    def _http_error(request, exc: HttpError):
        if isinstance(exc.__cause__, ValidationError):
            # the parser refused a body it could read (api/parser.py): say why
            return _invalid(request, exc.__cause__)
        code = {
            400: "invalid",
            401: "unauthenticated",
            403: "forbidden",
            404: "not_found",
            409: "conflict",
        }.get(exc.status_code, "error")
        return error_response(api, request, exc.status_code, code, str(exc))
