from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.views.decorators.http import require_safe

from rodtrad.archive import services
from rodtrad.common.http import AuthenticatedRequest, file_download


@login_required
@require_safe
def download_archive(request: AuthenticatedRequest, procurement_id: int) -> HttpResponse:
    archive, name = services.export_archive(actor=request.actor, procurement_id=procurement_id)
    return file_download(archive.content, "application/zip", name)
