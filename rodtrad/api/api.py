"""The HTTP API under /api/v1/: one NinjaAPI, routers per domain, one error format."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI

from rodtrad.api.auth import SessionAuth, TokenAuth
from rodtrad.api.errors import error_response, install_error_handlers
from rodtrad.api.parser import StorableTextParser
from rodtrad.api.routers.accounts import router as accounts_router
from rodtrad.api.routers.archive import router as archive_router
from rodtrad.api.routers.assessments import router as assessments_router
from rodtrad.api.routers.award import router as award_router
from rodtrad.api.routers.contracts import router as contracts_router
from rodtrad.api.routers.evaluations import router as evaluations_router
from rodtrad.api.routers.followup import router as followup_router
from rodtrad.api.routers.improvements import router as improvements_router
from rodtrad.api.routers.indicators import router as indicators_router
from rodtrad.api.routers.market import router as market_router
from rodtrad.api.routers.notifications import router as notifications_router
from rodtrad.api.routers.ocds import router as ocds_router
from rodtrad.api.routers.partnership import router as partnership_router
from rodtrad.api.routers.procurements import router as procurements_router
from rodtrad.api.routers.qualitymodels import router as qualitymodels_router
from rodtrad.api.routers.tenders_buyer import router as tenders_buyer_router
from rodtrad.api.routers.tenders_provider import router as tenders_provider_router

api = NinjaAPI(
    title="rodtrad API",
    version="1",
    description=(
        "Quality-model-based procurement and follow-up of welfare services.\n\n"
        "Authenticate with a personal access token (`Authorization: Bearer rt_…`), created under "
        "*API tokens* in the app and limited to one organisation, or with the browser session "
        "(send `X-CSRFToken` on writes). Errors always have the form "
        '`{"error": {"status", "code", "message", "details"}}`; messages follow '
        "`Accept-Language` (sv or en)."
    ),
    auth=[TokenAuth(), SessionAuth()],
    parser=StorableTextParser(),
    urls_namespace="api",
)
install_error_handlers(api)
api.add_router("/", accounts_router)
api.add_router("/", qualitymodels_router)
api.add_router("/", assessments_router)
api.add_router("/", procurements_router)
api.add_router("/", market_router)
api.add_router("/", tenders_provider_router)
api.add_router("/", tenders_buyer_router)
api.add_router("/", evaluations_router)
api.add_router("/", award_router)
api.add_router("/", contracts_router)
api.add_router("/", followup_router)
api.add_router("/", improvements_router)
api.add_router("/", indicators_router)
api.add_router("/", partnership_router)
api.add_router("/", ocds_router)
api.add_router("/", archive_router)
api.add_router("/", notifications_router)


def api_not_found(request: HttpRequest) -> HttpResponse:
    """Unknown paths under /api/ answer in the API's error format, not with an HTML page."""
    return error_response(api, request, 404, "not_found")


def api_database_unavailable(request: HttpRequest) -> HttpResponse:
    """503 in the API's error format while the database cannot be reached (common.views)."""
    return error_response(api, request, 503, "database_unavailable")
