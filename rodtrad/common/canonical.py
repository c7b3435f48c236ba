"""The canonical state of an installation: every row of every installed model's table and the
SHA-256 of every private file, as plain JSON values, and one digest of it.

Two installations with the same digest hold the same data. `rodtrad backup --fingerprint`
prints the digest, so an operator can compare an installation before a backup and after a
restore; the backup tests compare the whole state.
"""

from __future__ import annotations

import base64
import datetime
import decimal
import hashlib
import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import connections, models

CHUNK = 1024 * 1024


def canonical_state(using: str = "default") -> dict[str, Any]:
    """{"tables": {table: {"columns": [...], "rows": [[...], ...]} or None when the table does
    not exist}, "files": {path under MEDIA_ROOT: sha256}}."""
    existing = set(connections[using].introspection.table_names())
    tables = {
        table: _table(model, using) if table in existing else None
        for table, model in sorted(model_tables().items())
    }
    files = {name: sha256_file(path)[0] for name, path in media_files(Path(settings.MEDIA_ROOT))}
    return {"tables": tables, "files": files}


def digest(state: dict[str, Any]) -> str:
    payload = json.dumps(state, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


def model_tables() -> dict[str, type[models.Model]]:
    """Every installed model's table, the auto-created many-to-many tables included."""
    found: dict[str, type[models.Model]] = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        found.setdefault(model._meta.db_table, model)
    return found


def _table(model: type[models.Model], using: str) -> dict[str, Any]:
    columns = [field.attname for field in model._meta.concrete_fields]
    rows = model._base_manager.using(using).order_by("pk").values_list(*columns)
    return {
        "columns": columns,
        "rows": [[plain(value) for value in row] for row in rows.iterator(chunk_size=2000)],
    }


def plain(value: Any) -> Any:
    """A database value as a JSON value that compares equal across engines."""
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(datetime.UTC)
        return value.isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return str(value.total_seconds())
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(bytes(value)).decode()
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    return value


def media_files(root: Path) -> Iterator[tuple[str, Path]]:
    """(path relative to root in POSIX form, path) of every regular file, sorted."""
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield path.relative_to(root).as_posix(), path


def sha256_file(path: Path) -> tuple[str, int]:
    """(SHA-256 hex, size in bytes) of a file, read in chunks."""
    hasher = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            hasher.update(chunk)
            size += len(chunk)
    return hasher.hexdigest(), size
