"""Backing up and restoring an installation: the database and the private files in one tar
archive with a checksum manifest (docs/operations.md, "Backups").

The archive holds `manifest.json`, the database (`database/rodtrad.sqlite3`, a consistent copy
made with SQLite's online backup API, or `database/rodtrad.pgdump`, pg_dump's custom format) and
every file under MEDIA_ROOT as `media/<path>`. The server key that wraps the procurements' tender
keys is deliberately not in it; the manifest keeps only a fingerprint of it, so that a restore
can warn when the running server cannot read the sealed tenders.

A restore first extracts every member into a staging directory next to MEDIA_ROOT, checking each
size and SHA-256 against the manifest, and refuses before anything is changed when one differs.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.db import connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils.translation import gettext as _

from rodtrad.common.canonical import media_files, sha256_file

FORMAT = "rodtrad-backup/1"
MANIFEST = "manifest.json"
MEDIA_PREFIX = "media/"
DUMP_NAMES = {"sqlite": "database/rodtrad.sqlite3", "postgresql": "database/rodtrad.pgdump"}
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot be done; the message is for the operator."""


@dataclass
class BackupResult:
    path: Path
    manifest: dict[str, Any]
    size: int
    sha256: str


@dataclass
class RestoreResult:
    manifest: dict[str, Any]
    warnings: list[str] = field(default_factory=list)
    audit_problem: str | None = None
    audit_events: int = 0


# -- shared ---------------------------------------------------------------------------------


def engine_of(connection: BaseDatabaseWrapper) -> str:
    if connection.vendor not in DUMP_NAMES:
        raise BackupError(
            _("Backups support SQLite and PostgreSQL, not %(vendor)s.")
            % {"vendor": connection.vendor}
        )
    return connection.vendor


def key_fingerprint(key: bytes) -> str:
    """The first 16 hex digits of the key's SHA-256: tells keys apart without revealing them."""
    return hashlib.sha256(key).hexdigest()[:16]


def server_key_fingerprints() -> list[str]:
    """Fingerprints of the current server key and of the previous ones unwrapping still tries."""
    from rodtrad.tenders.crypto import server_keys

    try:
        return [key_fingerprint(key) for key in server_keys()]
    except ImproperlyConfigured as error:
        raise BackupError(str(error)) from None


def default_name(now: datetime) -> str:
    return f"rodtrad-backup-{now.astimezone(UTC):%Y%m%dT%H%M%SZ}.tar"


def _pg_env(connection: BaseDatabaseWrapper) -> dict[str, str]:
    """The libpq environment for pg_dump and pg_restore (password in PGPASSWORD, never argv)."""
    params = connection.settings_dict
    _args, client_env = connection.client.settings_to_cmd_args_env(params, [])
    env = {**os.environ, **(client_env or {})}
    for variable, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER")):
        if params.get(key):
            env[variable] = str(params[key])
    return env


def _run(args: list[str], env: dict[str, str]) -> None:
    try:
        # A fixed program with arguments we build, never a shell.
        completed = subprocess.run(  # noqa: S603
            args, env=env, capture_output=True, text=True, check=False
        )
    except FileNotFoundError:
        raise BackupError(_("%(program)s was not found on PATH.") % {"program": args[0]}) from None
    if completed.returncode != 0:
        raise BackupError(
            _("%(program)s failed: %(error)s")
            % {"program": args[0], "error": completed.stderr.strip()}
        )


def _count_rows(cursor: Any, connection: BaseDatabaseWrapper, tables: list[str]) -> dict[str, int]:
    counts = {}
    for table in sorted(tables):
        quoted = connection.ops.quote_name(table)  # a table name from the database itself
        cursor.execute(f"SELECT COUNT(*) FROM {quoted}")  # noqa: S608
        counts[table] = cursor.fetchone()[0]
    return counts


# -- backup ---------------------------------------------------------------------------------


def create_backup(output: Path | None = None, using: str = "default") -> BackupResult:
    """Write the archive to `output` (a file, or a directory for the default name; default:
    the current directory) and return what was written."""
    connection = connections[using]
    engine = engine_of(connection)
    now = datetime.now(UTC)
    target = _target_path(output, now)
    with tempfile.TemporaryDirectory(prefix="rodtrad-backup-") as work:
        dump = Path(work) / "dump"
        tables = _dump(engine, connection, dump)
        manifest = {
            "format": FORMAT,
            "created_at": now.isoformat(timespec="seconds").replace("+00:00", "Z"),
            "engine": engine,
            "migrations": latest_migrations(connection),
            "tables": tables,
            "server_key_fingerprint": server_key_fingerprints()[0],
        }
        _write_archive(target, dump, DUMP_NAMES[engine], manifest)
    sha, size = sha256_file(target)
    return BackupResult(path=target, manifest=manifest, size=size, sha256=sha)


def _target_path(output: Path | None, now: datetime) -> Path:
    if output is None:
        return Path.cwd() / default_name(now)
    if output.is_dir():
        return output / default_name(now)
    if not output.parent.is_dir():
        raise BackupError(
            _("The directory %(path)s does not exist.") % {"path": output.parent or "."}
        )
    return output


def _dump(engine: str, connection: BaseDatabaseWrapper, dump: Path) -> dict[str, int]:
    """Write the database to `dump`; return the row count of every table in it."""
    if engine == "sqlite":
        return _dump_sqlite(connection, dump)
    return _dump_postgresql(connection, dump)


def _sqlite_path(connection: BaseDatabaseWrapper) -> Path:
    name = str(connection.settings_dict["NAME"])
    if name == ":memory:" or name.startswith("file:"):
        raise BackupError(_("An in-memory SQLite database cannot be backed up or restored."))
    return Path(name)


def _dump_sqlite(connection: BaseDatabaseWrapper, dump: Path) -> dict[str, int]:
    source = sqlite3.connect(_sqlite_path(connection), timeout=20)
    copy = sqlite3.connect(dump)
    try:
        source.backup(copy)  # consistent even while the application writes
        tables = [
            row[0]
            for row in copy.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return _count_rows(copy.cursor(), connection, tables)
    finally:
        copy.close()
        source.close()


def _dump_postgresql(connection: BaseDatabaseWrapper, dump: Path) -> dict[str, int]:
    """pg_dump in the snapshot of a repeatable-read transaction that also counts the rows, so
    the counts describe exactly the dumped data."""
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                f"--file={dump}",
                f"--dbname={connection.settings_dict['NAME']}",
            ],
            _pg_env(connection),
        )
        tables = connection.introspection.table_names(cursor)
        return _count_rows(cursor, connection, tables)


def latest_migrations(connection: BaseDatabaseWrapper) -> dict[str, str]:
    """The last applied migration of each app, in the order they were applied."""
    latest: dict[str, tuple[int, str]] = {}
    for (app, name), record in MigrationRecorder(connection).applied_migrations().items():
        if app not in latest or record.pk > latest[app][0]:
            latest[app] = (record.pk, name)
    return {app: name for app, (_id, name) in sorted(latest.items())}


class _HashingReader:
    """Passes a file through to tarfile while hashing what was read."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.hash = hashlib.sha256()
        self.size = 0

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.hash.update(data)
        self.size += len(data)
        return data


def _write_archive(target: Path, dump: Path, dump_name: str, manifest: dict[str, Any]) -> None:
    """The archive is written under a temporary name (readable by the owner only) and renamed
    when complete, so a failed backup never leaves a file that looks like a backup."""
    partial = target.with_name(target.name + ".partial")
    descriptor = os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as raw, tarfile.open(fileobj=raw, mode="w") as tar:
            manifest["database"] = {"path": dump_name, **_add_file(tar, dump_name, dump)}
            manifest["files"] = {
                name: _add_file(tar, MEDIA_PREFIX + name, path)
                for name, path in media_files(Path(settings.MEDIA_ROOT))
            }
            data = json.dumps(manifest, indent=2, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime, info.mode = len(data), int(datetime.now(UTC).timestamp()), 0o600
            tar.addfile(info, io.BytesIO(data))
        partial.replace(target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def _add_file(tar: tarfile.TarFile, name: str, path: Path) -> dict[str, Any]:
    with path.open("rb") as handle:
        stat = os.fstat(handle.fileno())
        info = tarfile.TarInfo(name)
        info.size, info.mtime, info.mode = stat.st_size, int(stat.st_mtime), 0o600
        reader = _HashingReader(handle)
        tar.addfile(info, reader)
    return {"sha256": reader.hash.hexdigest(), "size": reader.size}


# -- restore --------------------------------------------------------------------------------


def restore_backup(
    archive: Path, *, replace: bool = False, using: str = "default"
) -> RestoreResult:
    """Check the archive completely, then replace the database and MEDIA_ROOT with its
    contents and verify the audit chain."""
    connection = connections[using]
    media_root = Path(settings.MEDIA_ROOT)
    tar = _open_archive(archive)
    with tar:
        manifest = read_manifest(tar, archive)
        check_compatible(manifest, connection)
        staging = _staging_dir(media_root)
        result = RestoreResult(manifest=manifest)
        try:
            _extract_verified(tar, archive, manifest, staging)
            if not replace:
                _refuse_when_holding_data(connection)
            _restore_database(
                manifest["engine"], connection, staging / manifest["database"]["path"]
            )
            _swap_media(staging / "media", media_root)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    _check_after_restore(connection, result)
    return result


def _staging_dir(media_root: Path) -> Path:
    """A directory next to MEDIA_ROOT (same file system, so the final move is a rename)."""
    try:
        media_root.parent.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=f".{media_root.name}.restore-", dir=media_root.parent))
    except OSError as error:
        raise BackupError(
            _("Cannot write next to %(path)s: %(error)s") % {"path": media_root, "error": error}
        ) from None


def _open_archive(archive: Path) -> tarfile.TarFile:
    try:
        return tarfile.open(archive, mode="r:")
    except FileNotFoundError:
        raise BackupError(_("There is no file %(path)s.") % {"path": archive}) from None
    except (tarfile.TarError, OSError) as error:
        raise BackupError(
            _("%(path)s is not a readable backup archive: %(error)s")
            % {"path": archive, "error": error}
        ) from None


def read_manifest(tar: tarfile.TarFile, archive: Path) -> dict[str, Any]:
    try:
        handle = tar.extractfile(MANIFEST)
        manifest = json.loads(handle.read()) if handle is not None else None
    except (KeyError, tarfile.TarError, EOFError, OSError, ValueError):
        manifest = None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(
            _("%(path)s has no readable %(manifest)s of a rodtrad backup (%(format)s).")
            % {"path": archive, "manifest": MANIFEST, "format": FORMAT}
        )
    return manifest


def check_compatible(manifest: dict[str, Any], connection: BaseDatabaseWrapper) -> None:
    """Refuse a backup of another database engine or with migrations this code does not have."""
    engine = engine_of(connection)
    if manifest.get("engine") != engine:
        raise BackupError(
            _(
                "The backup is of a %(backup)s database but the configured database is "
                "%(configured)s; restore it into a %(backup)s database."
            )
            % {"backup": manifest.get("engine"), "configured": engine}
        )
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    unknown = sorted(
        f"{app}.{name}"
        for app, name in (manifest.get("migrations") or {}).items()
        if (app, name) not in known
    )
    if unknown:
        raise BackupError(
            _(
                "The backup was made by a newer version of rodtrad: this version does not have "
                "the migrations %(migrations)s. Install that version first."
            )
            % {"migrations": ", ".join(unknown)}
        )


def _expected_members(manifest: dict[str, Any]) -> dict[str, dict[str, Any]]:
    database = manifest.get("database") or {}
    expected = {str(database.get("path")): database}
    for name, entry in (manifest.get("files") or {}).items():
        expected[MEDIA_PREFIX + name] = entry
    for name in expected:
        path = PurePosixPath(name)
        if path.is_absolute() or ".." in path.parts or not name.strip("/"):
            raise BackupError(_("The manifest names an unsafe path: %(name)s.") % {"name": name})
    if database.get("path") != DUMP_NAMES.get(str(manifest.get("engine"))):
        raise BackupError(_("The manifest does not name the database dump."))
    return expected


def _extract_verified(
    tar: tarfile.TarFile, archive: Path, manifest: dict[str, Any], staging: Path
) -> None:
    """Extract every member the manifest lists into `staging`, checking size and SHA-256."""
    expected = _expected_members(manifest)
    try:
        members = {member.name: member for member in tar.getmembers()}
        for name, entry in expected.items():
            _extract_one(tar, members.get(name), name, entry, staging)
    except (tarfile.TarError, EOFError, OSError) as error:
        raise BackupError(
            _("%(path)s is damaged or truncated (%(error)s); nothing was changed.")
            % {"path": archive, "error": error}
        ) from None
    extra = sorted(set(members) - set(expected) - {MANIFEST})
    if extra:
        raise BackupError(
            _("%(path)s holds files the manifest does not list (%(names)s); nothing was changed.")
            % {"path": archive, "names": ", ".join(extra[:5])}
        )


def _extract_one(
    tar: tarfile.TarFile,
    member: tarfile.TarInfo | None,
    name: str,
    entry: dict[str, Any],
    staging: Path,
) -> None:
    if member is None or not member.isfile():
        raise BackupError(
            _("The archive lacks %(name)s, which the manifest lists; nothing was changed.")
            % {"name": name}
        )
    target = staging / name
    target.parent.mkdir(parents=True, exist_ok=True)
    source = tar.extractfile(member)
    assert source is not None  # a regular file
    reader = _HashingReader(source)
    with target.open("wb") as handle:
        shutil.copyfileobj(reader, handle, CHUNK)  # type: ignore[misc]
    if reader.size != entry.get("size") or reader.hash.hexdigest() != entry.get("sha256"):
        raise BackupError(
            _(
                "%(name)s in the archive does not match its checksum in the manifest: the "
                "archive is damaged; nothing was changed."
            )
            % {"name": name}
        )
    os.utime(target, (member.mtime, member.mtime))


def holding_data(connection: BaseDatabaseWrapper) -> dict[str, int]:
    """Rows in the tables that a fresh `migrate` leaves empty (people, organisations, audit
    events); empty when the database holds no data of an installation."""
    from rodtrad.accounts.models import Organisation
    from rodtrad.audit.models import AuditEvent

    existing = set(connection.introspection.table_names())
    found = {}
    for model in (get_user_model(), Organisation, AuditEvent):
        if model._meta.db_table in existing:
            count = model._base_manager.using(connection.alias).count()
            if count:
                found[model._meta.db_table] = count
    return found


def _refuse_when_holding_data(connection: BaseDatabaseWrapper) -> None:
    found = holding_data(connection)
    if found:
        held = ", ".join(f"{table}: {count}" for table, count in sorted(found.items()))
        raise BackupError(
            _(
                "The configured database already holds data (%(held)s). Nothing was changed. "
                "Give --replace to replace it with the backup."
            )
            % {"held": held}
        )


def _restore_database(engine: str, connection: BaseDatabaseWrapper, dump: Path) -> None:
    connection.close()
    if engine == "sqlite":
        _restore_sqlite(connection, dump)
    else:
        _restore_postgresql(connection, dump)


def _restore_sqlite(connection: BaseDatabaseWrapper, dump: Path) -> None:
    target_path = _sqlite_path(connection)
    target_path.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(dump)
    target = sqlite3.connect(target_path, timeout=20)
    try:
        source.backup(target)  # one step: the target changes completely or not at all
    except sqlite3.Error as error:
        raise BackupError(
            _("The database could not be restored: %(error)s") % {"error": error}
        ) from None
    finally:
        target.close()
        source.close()


def _restore_postgresql(connection: BaseDatabaseWrapper, dump: Path) -> None:
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={connection.settings_dict['NAME']}",
            str(dump),
        ],
        # Fail instead of waiting for ever when a running application holds a table.
        {**_pg_env(connection), "PGOPTIONS": "-c lock_timeout=30s"},
    )


def _swap_media(staged: Path, media_root: Path) -> None:
    """Put the restored files in place with renames: MEDIA_ROOT is either the old directory
    or the restored one, never half of each."""
    staged.mkdir(exist_ok=True)
    old = staged.parent / "replaced"
    if media_root.exists():
        media_root.rename(old)
    try:
        staged.rename(media_root)
    except OSError as error:
        if old.exists():
            old.rename(media_root)
        raise BackupError(
            _(
                "The database was restored but the files could not be put in %(path)s "
                "(%(error)s); run the restore again with --replace."
            )
            % {"path": media_root, "error": error}
        ) from None


def _check_after_restore(connection: BaseDatabaseWrapper, result: RestoreResult) -> None:
    from rodtrad.audit.models import AuditEvent
    from rodtrad.audit.services import verify_chain

    result.warnings += _count_differences(connection, result.manifest.get("tables") or {})
    result.warnings += _key_warnings(result.manifest)
    if _pending_migrations(connection):
        result.warnings.append(
            _("The backup is from an older version: run `rodtrad migrate` before starting.")
        )
    problem = verify_chain()
    result.audit_problem = problem.message if problem is not None else None
    result.audit_events = AuditEvent.objects.using(connection.alias).count()


def _count_differences(connection: BaseDatabaseWrapper, expected: dict[str, int]) -> list[str]:
    with connection.cursor() as cursor:
        existing = set(connection.introspection.table_names(cursor))
        counts = _count_rows(cursor, connection, [t for t in expected if t in existing])
    return [
        _("The table %(table)s has %(found)s rows after the restore, the backup %(expected)s.")
        % {"table": table, "found": counts.get(table), "expected": rows}
        for table, rows in sorted(expected.items())
        if counts.get(table) != rows
    ]


def _key_warnings(manifest: dict[str, Any]) -> list[str]:
    """Warn when the running server key is not the one of the backup, and say how many
    procurements' tender keys no configured key unwraps."""
    from rodtrad.tenders import crypto
    from rodtrad.tenders.models import ProcurementKey

    backup_key = manifest.get("server_key_fingerprint")
    fingerprints = server_key_fingerprints()
    warnings = []
    if backup_key not in fingerprints:  # a previous key still unwraps: no warning
        warnings.append(
            _(
                "The server key (RODTRAD_TENDER_KEY) differs from the one the backup was made "
                "with (fingerprint %(backup)s, running %(running)s): set the key the backup was "
                "made with, or sealed tenders cannot be read."
            )
            % {"backup": backup_key, "running": fingerprints[0]}
        )
    unreadable = 0
    for procurement_id, wrapped in ProcurementKey.objects.values_list(
        "procurement_id", "wrapped_key"
    ).iterator(chunk_size=2000):
        try:
            crypto.unwrap(procurement_id, bytes(wrapped))
        except (crypto.UnknownServerKey, ValueError):
            unreadable += 1
    if unreadable:
        warnings.append(
            _("%(count)s procurements' sealed tenders cannot be read with the configured keys.")
            % {"count": unreadable}
        )
    return warnings


def _pending_migrations(connection: BaseDatabaseWrapper) -> bool:
    executor = MigrationExecutor(connection)
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))
