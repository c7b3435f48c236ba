"""Attachments: the type is decided by the content, never by the file name; names are made safe;
files are stored sealed outside the web root (MEDIA_ROOT is never served)."""

from __future__ import annotations

import io
import os
import re
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

ALLOWED = {
    "application/pdf": (".pdf",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (".docx",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (".xlsx",),
    "application/vnd.oasis.opendocument.text": (".odt",),
    "image/png": (".png",),
    "image/jpeg": (".jpg", ".jpeg"),
}


class FileRefused(ValueError):
    """The file cannot be accepted; the message says why, for the person uploading it."""


def detect_type(data: bytes) -> str | None:
    """The file's type from its first bytes and, for office files, its inner structure."""
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
                if "word/document.xml" in names:
                    return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                if "xl/workbook.xml" in names:
                    return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                if "mimetype" in names:
                    with archive.open("mimetype") as entry:  # never inflate more than this
                        mimetype = entry.read(100).decode("ascii", "replace").strip()
                    if mimetype == "application/vnd.oasis.opendocument.text":
                        return mimetype
        except (zipfile.BadZipFile, OSError, KeyError):
            return None
    return None


def safe_name(raw: str, content_type: str) -> str:
    """A file name without any path, control or odd characters, with the extension that fits
    the detected content."""
    name = unicodedata.normalize("NFC", raw or "").replace("\\", "/").split("/")[-1]
    name = re.sub(r"[\x00-\x1f\x7f]", "", name)
    name = re.sub(r"[^\w.\- ()åäöÅÄÖéÉüÜ]", "_", name).strip(" .")
    stem = Path(name).stem.strip(" .") or "bilaga"
    stem = stem[:80]
    extensions = ALLOWED[content_type]
    suffix = Path(name).suffix.lower()
    return stem + (suffix if suffix in extensions else extensions[0])


@dataclass(frozen=True)
class Checked:
    data: bytes
    name: str
    content_type: str


def check_upload(*, data: bytes, name: str, used_bytes: int) -> Checked:
    """Accept a file or raise FileRefused saying why."""
    if not data:
        raise FileRefused(_("The file is empty."))
    limit = settings.TENDER_FILE_MAX_BYTES
    if len(data) > limit:
        raise FileRefused(
            _("The file is %(size)s MB; a file may be at most %(limit)s MB.")
            % {"size": round(len(data) / 1048576, 1), "limit": limit // 1048576}
        )
    total = settings.TENDER_TOTAL_MAX_BYTES
    if used_bytes + len(data) > total:
        raise FileRefused(
            _("The tender's files may be at most %(limit)s MB together; this file would pass it.")
            % {"limit": total // 1048576}
        )
    content_type = detect_type(data)
    if content_type is None:
        raise FileRefused(
            _(
                "The content of “%(name)s” is not a PDF, Word (DOCX), OpenDocument text (ODT), "
                "Excel (XLSX), PNG or JPEG file. The file name does not decide this: the content "
                "does."
            )
            % {"name": Path(name or "").name[:100]}
        )
    return Checked(data=data, name=safe_name(name, content_type), content_type=content_type)


def storage_path(procurement_id: int, storage_name: str) -> Path:
    return Path(settings.MEDIA_ROOT) / "tenders" / str(procurement_id) / storage_name


def new_storage_name() -> str:
    return f"{uuid.uuid4().hex}.sealed"


def write_sealed(procurement_id: int, storage_name: str, sealed: bytes) -> None:
    """Write the sealed file durably before the row that names it commits: the bytes go to a
    temporary name, are flushed to disk, and the file appears under its name whole or not at
    all (a crash or power loss never leaves a committed attachment with an empty file)."""
    path = storage_path(procurement_id, storage_name)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    with open(partial, "wb") as out:
        out.write(sealed)
        out.flush()
        os.fsync(out.fileno())
    os.replace(partial, path)
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def read_sealed(procurement_id: int, storage_name: str) -> bytes:
    return storage_path(procurement_id, storage_name).read_bytes()
