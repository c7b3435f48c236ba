"""Backup round trip against the configured installation (DATABASE_URL, RODTRAD_VAR_DIR or
RODTRAD_PRIVATE_FILES): take the canonical digest, `rodtrad backup`, `rodtrad restore` into a
fresh database (PostgreSQL: a scratch database `rodtrad_restore_check`, created and dropped with
psql; SQLite: a temporary file) and a fresh private-files directory, compare the digests and the
files' checksums, and run `rodtrad verify-audit-log` on the restored copy.

    .venv/bin/python bench/reliability/backup_roundtrip.py [--keep]

Prints one JSON object (rows, files, archive size, seconds) and exits 1 when the copy differs.
The seconds are of the whole commands, a Django start-up (about 1-2 s) included. The source is
only read; keep it quiet while this runs, or the digests differ by what was written meanwhile.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

PROJECT_DIR = Path(__file__).resolve().parents[2]
CHECK_DATABASE = "rodtrad_restore_check"


def rodtrad(*args: str, env: dict[str, str] | None = None) -> str:
    """Run a `rodtrad` command; its standard output, or exit with its error."""
    completed = subprocess.run(
        [sys.executable, "-m", "rodtrad", *args],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        sys.exit(f"rodtrad {' '.join(args)} failed:\n{completed.stderr}")
    return completed.stdout


def timed(*args: str, env: dict[str, str] | None = None) -> tuple[str, float]:
    started = time.perf_counter()
    out = rodtrad(*args, env=env)
    return out, round(time.perf_counter() - started, 2)


def read_manifest(archive: Path) -> dict[str, Any]:
    with tarfile.open(archive) as tar:
        handle = tar.extractfile("manifest.json")
        assert handle is not None
        return json.loads(handle.read())


def psql(url: str, sql: str) -> None:
    subprocess.run(["psql", url, "-v", "ON_ERROR_STOP=1", "-qc", sql], check=True)


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def target_env(engine: str, work: Path) -> dict[str, str]:
    """The environment of the restored copy: its own database and private files."""
    env = {**os.environ, "RODTRAD_PRIVATE_FILES": str(work / "private")}
    if engine == "postgresql":
        source = os.environ["DATABASE_URL"]
        psql(source, f"DROP DATABASE IF EXISTS {CHECK_DATABASE}")
        psql(source, f"CREATE DATABASE {CHECK_DATABASE}")
        env["DATABASE_URL"] = with_database(source, CHECK_DATABASE)
    else:
        env["DATABASE_URL"] = f"sqlite:///{work / 'restored.sqlite3'}"
    return env


def files_match(manifest: dict[str, Any], root: Path) -> bool:
    found = {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in root.rglob("*")
        if path.is_file()
    }
    return found == {name: entry["sha256"] for name, entry in manifest["files"].items()}


def audit_log_intact(env: dict[str, str]) -> bool:
    completed = subprocess.run(
        [sys.executable, "-m", "rodtrad", "verify-audit-log"],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        check=False,
    )
    return completed.returncode == 0


def round_trip(work: Path) -> dict[str, Any]:
    digest_before, fingerprint_seconds = timed("backup", "--fingerprint")
    _out, backup_seconds = timed("backup", "--output", str(work))
    [archive] = work.glob("rodtrad-backup-*.tar")
    manifest = read_manifest(archive)
    env = target_env(manifest["engine"], work)
    try:
        _out, restore_seconds = timed("restore", str(archive), env=env)
        digest_after = rodtrad("backup", "--fingerprint", env=env)
        files_equal = files_match(manifest, work / "private")
        intact = audit_log_intact(env)
    finally:
        if manifest["engine"] == "postgresql":
            psql(os.environ["DATABASE_URL"], f"DROP DATABASE IF EXISTS {CHECK_DATABASE}")
    return {
        "engine": manifest["engine"],
        "tables": len(manifest["tables"]),
        "rows": sum(manifest["tables"].values()),
        "files": len(manifest["files"]),
        "file_bytes": sum(entry["size"] for entry in manifest["files"].values()),
        "database_dump_bytes": manifest["database"]["size"],
        "archive_bytes": archive.stat().st_size,
        "fingerprint_seconds": fingerprint_seconds,
        "backup_seconds": backup_seconds,
        "restore_seconds": restore_seconds,
        "digest_equal": digest_before.strip() == digest_after.strip(),
        "files_equal": files_equal,
        "audit_log_intact": intact,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="Keep the archive and the copy.")
    options = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="rodtrad-backup-roundtrip-"))
    try:
        figures = round_trip(work)
    finally:
        if not options.keep:
            shutil.rmtree(work, ignore_errors=True)
    if options.keep:
        figures["work_dir"] = str(work)
    print(json.dumps(figures, indent=2))
    ok = figures["digest_equal"] and figures["files_equal"] and figures["audit_log_intact"]
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
