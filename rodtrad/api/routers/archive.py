"""The procurement archive (ZIP) with the page's rules.
No `from __future__ import annotations` (django-ninja resolves endpoint annotations at runtime).
"""

from django.http import HttpRequest, HttpResponse
from ninja import Router

from rodtrad.api.auth import actor_of
from rodtrad.api.schemas import ERRORS
from rodtrad.archive import services
from rodtrad.common.http import file_download

router = Router(tags=["archive"])


@router.get("/procurements/{procurement_id}/archive.zip", response={200: None, **ERRORS})
def procurement_archive(request: HttpRequest, procurement_id: int) -> HttpResponse:
    """The procurement's archive for records management, one ZIP: the published documents and
    their versions, questions and answers, the opening record, the qualification, the award
    decisions, the procurement report, the feedback to every tenderer, the contracts, the
    follow-up reports, the data as JSON (OCDS) and the audit events, with `manifest.json` and
    `SHA256SUMS` (a SHA-256 per file). For the buyer's administrators and the team's procurement
    officers; 404 for everyone outside the buyer's side. Recorded in the audit log."""
    archive, name = services.export_archive(actor=actor_of(request), procurement_id=procurement_id)
    return file_download(archive.content, "application/zip", name)
