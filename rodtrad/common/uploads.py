"""Guards for uploaded workbooks, checked before a parser inflates anything.

An XLSX file is a ZIP archive. A small archive can hold members that inflate to gigabytes (a
zip bomb), or a sheet with millions of rows. `check_xlsx` reads only the archive's central
directory (the declared sizes; no member is inflated) and refuses an archive whose members are
too many, too large in total or compressed beyond any real workbook's ratio. Callers then open
the workbook read-only and stop reading after their row limit (`bounded_rows`).

A ZIP's declared sizes can lie; zipfile then stops with an error when a member inflates beyond
its declared size, so a lying archive fails instead of inflating without bound.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Iterator
from typing import Any

from django.utils.translation import gettext as _

MAX_MEMBERS = 1000
MAX_UNCOMPRESSED_BYTES = 20 * 1024 * 1024
MAX_RATIO = 100


class UploadRefused(ValueError):
    """The upload cannot be read; the message says why, for the person uploading it."""


class NotXlsx(UploadRefused):
    """The upload is not a ZIP archive at all (callers may word this their own way)."""


def check_xlsx(
    data: bytes,
    *,
    max_members: int = MAX_MEMBERS,
    max_uncompressed: int = MAX_UNCOMPRESSED_BYTES,
    max_ratio: int = MAX_RATIO,
) -> None:
    """Refuse what is not a ZIP archive, or one that would inflate beyond the limits."""
    not_xlsx = _("The file is not an Excel workbook (XLSX).")
    if not data.startswith(b"PK"):
        raise NotXlsx(not_xlsx)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as error:
        raise NotXlsx(not_xlsx) from error
    too_large = _(
        "The workbook is too large to read once unpacked (at most %(size)s MB). Remove "
        "empty rows and sheets, or split it."
    ) % {"size": max_uncompressed // (1024 * 1024)}
    if len(members) > max_members:
        raise UploadRefused(too_large)
    total = sum(member.file_size for member in members)
    if total > max_uncompressed:
        raise UploadRefused(too_large)
    for member in members:
        if member.file_size > max(member.compress_size, 1) * max_ratio and (
            member.file_size > 1024 * 1024
        ):
            raise UploadRefused(too_large)


def bounded_rows(rows: Iterable[Any], limit: int) -> Iterator[Any]:
    """The rows, refusing (UploadRefused) once there are more than `limit`."""
    for number, row in enumerate(rows, start=1):
        if number > limit:
            raise UploadRefused(
                _("The sheet has more than %(count)s rows. Split it into smaller files.")
                % {"count": limit}
            )
        yield row
