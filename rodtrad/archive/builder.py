"""A procurement's archive as one ZIP for the buyer's records management: the files of
`contents.PARTS`, a `manifest.json` describing each file with its size and SHA-256, and a
`SHA256SUMS` file in the format `sha256sum -c` reads."""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from rodtrad.archive import contents
from rodtrad.common import clock
from rodtrad.procurements.models import Procurement


@dataclass(frozen=True)
class Archive:
    content: bytes
    files: int
    sha256: str  # of the whole ZIP


def _zip_time(moment: datetime) -> tuple[int, int, int, int, int, int]:
    local = timezone.localtime(moment)
    return (local.year, local.month, local.day, local.hour, local.minute, local.second)


def build_archive(procurement: Procurement, *, exported_by: str) -> Archive:
    now = clock.now()
    entries = [entry for part in contents.PARTS for entry in part(procurement)]
    files = [
        {
            "path": entry.path,
            "description": entry.description,
            "bytes": len(entry.content),
            "sha256": hashlib.sha256(entry.content).hexdigest(),
        }
        for entry in entries
    ]
    manifest = {
        "procurement": {
            "id": procurement.pk,
            "reference_number": procurement.reference_number,
            "title": procurement.title,
            "buyer": procurement.buyer.name,
            "status": procurement.status,
        },
        "exported_at": now,
        "exported_by": exported_by,
        "about": _(
            "Every file of the archive with its size and SHA-256 checksum. SHA256SUMS holds the "
            "same checksums for sha256sum -c."
        ),
        "files": files,
    }
    sums = "".join(f"{f['sha256']}  {f['path']}\n" for f in files)
    stamp = _zip_time(now)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path, content in (
            *((entry.path, entry.content) for entry in entries),
            ("manifest.json", contents.as_json(manifest)),
            ("SHA256SUMS", sums.encode()),
        ):
            info = zipfile.ZipInfo(path, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, content)
    data = buffer.getvalue()
    return Archive(data, len(entries), hashlib.sha256(data).hexdigest())


def filename(procurement: Procurement) -> str:
    reference = slugify(procurement.reference_number) or str(procurement.pk)
    return f"arkiv-{reference}.zip"
