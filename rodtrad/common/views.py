from __future__ import annotations

import sys
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from rodtrad.common import clock

SECURITY_TXT_VALID_FOR = timedelta(days=180)
# How long a client is asked to wait before trying again while the database is unreachable.
RETRY_AFTER_SECONDS = 30


@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the database answers a round trip, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            row = cursor.fetchone()
        ok = row is not None and row[0] == 1
    except DatabaseError:
        ok = False
    if ok:
        return JsonResponse({"status": "ok", "database": "ok"})
    return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)


def accessibility_statement(request: HttpRequest) -> HttpResponse:
    return render(request, "common/accessibility.html")


def about(request: HttpRequest) -> HttpResponse:
    return render(request, "common/about.html")


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: every uncaught exception, from views and from middleware alike, ends here.
    A lost database connection is an outage, not a bug: answer 503 so clients retry."""
    if database_unavailable(sys.exc_info()[1]):
        return service_unavailable(request)
    return render(request, "500.html", status=500)


# SQLSTATEs of a database that is not there (rather than of a statement that failed): class 08
# connection exceptions, the server shutting down or starting, no connection slot left.
CONNECTION_SQLSTATES = ("08", "57P01", "57P02", "57P03", "53300")


def database_unavailable(exception: BaseException | None) -> bool:
    """Whether the exception (or one it was raised from) says the database cannot be reached.
    A deadlock or a cancelled statement is an OperationalError too, but a fault: it stays 500."""
    seen: set[int] = set()
    while exception is not None and id(exception) not in seen:
        if isinstance(exception, InterfaceError) or (
            isinstance(exception, OperationalError) and _lost_connection(exception)
        ):
            return True
        seen.add(id(exception))
        exception = exception.__cause__ or exception.__context__
    return False


def _lost_connection(error: OperationalError) -> bool:
    """The driver's error carries a SQLSTATE when the server answered; a failed connect or a
    dropped socket (and SQLite's busy database) have none."""
    sqlstate = getattr(error.__cause__, "sqlstate", None)
    return sqlstate is None or str(sqlstate).startswith(CONNECTION_SQLSTATES)


def service_unavailable(request: HttpRequest) -> HttpResponse:
    """503 without touching the database: no context processors (request.user and the actor
    would query it), the API's error format under /api/."""
    if request.path.startswith("/api/"):
        from rodtrad.api.api import api_database_unavailable  # the API depends on common

        response = api_database_unavailable(request)
    else:
        response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", status=403)


@require_GET
def security_txt(request: HttpRequest) -> HttpResponse:
    """How to report a vulnerability (RFC 9116); it says itself until when it holds."""
    expires = (clock.now() + SECURITY_TXT_VALID_FOR).replace(microsecond=0)
    lines = [
        f"Contact: {settings.SECURITY_CONTACT}",
        f"Expires: {expires.strftime('%Y-%m-%dT%H:%M:%SZ')}",
        "Preferred-Languages: sv, en",
        f"Canonical: {settings.SITE_URL}/.well-known/security.txt",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
