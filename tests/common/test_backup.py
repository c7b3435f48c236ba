"""`rodtrad backup` and `rodtrad restore` (rodtrad/common/backup.py): a round trip gives back the
same rows, the same files and readable sealed tenders; a damaged archive, a database that
already holds data, another engine and a newer version are refused without changing anything;
a different server key is warned about. Runs on whichever database DATABASE_URL names."""

from __future__ import annotations

import base64
import io
import json
import os
import shutil
import tarfile
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import translation

from rodtrad.accounts.models import User
from rodtrad.common import canonical
from rodtrad.common.backup import MANIFEST, key_fingerprint
from rodtrad.tenders import crypto
from tests.tenders.factories import PDF, after_deadline, open_tenders, published, write_tender
from tests.tenders.test_key_rotation import FILE_NAME, SECRET_ANSWER, contents, sealed_tender

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def installation(personas):
    """A published procurement with provider A's sealed tender (answer, price, attachment) and
    B's, both opened: rows in most apps, sealed files on disk, audit events."""
    procurement = published(personas)
    tender = sealed_tender(personas, procurement)
    write_tender(procurement, personas.provider_b_author, personas.provider_b, submit=True)
    with after_deadline(procurement):
        open_tenders(personas, procurement)
    return tender


def state() -> dict[str, Any]:
    return canonical.canonical_state()


def run(command: str, *args: str) -> tuple[str, str]:
    """(stdout, stderr) of a command, in English."""
    out, err = io.StringIO(), io.StringIO()
    with translation.override("en"):
        call_command(command, *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def refused(*args: str) -> str:
    with translation.override("en"), pytest.raises(CommandError) as caught:
        call_command("restore", *args, stdout=io.StringIO(), stderr=io.StringIO())
    return str(caught.value)


def take_backup(tmp_path: Path) -> Path:
    out, _err = run("backup", "--output", str(tmp_path))
    [archive] = tmp_path.glob("rodtrad-backup-*.tar")
    assert str(archive) in out
    return archive


def members(archive: Path) -> dict[str, bytes]:
    with tarfile.open(archive) as tar:
        return {m.name: tar.extractfile(m).read() for m in tar.getmembers()}  # type: ignore[union-attr]


def write_members(archive: Path, files: dict[str, bytes]) -> None:
    with tarfile.open(archive, "w") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


def wipe() -> None:
    """An installation lost: every table emptied (flush re-creates what migrate creates) and
    every private file gone."""
    call_command("flush", "--noinput", verbosity=0)
    shutil.rmtree(settings.MEDIA_ROOT)


def test_round_trip_gives_back_the_same_installation(installation, tmp_path):
    before = state()
    sealed_before = contents(installation)
    archive = take_backup(tmp_path)
    manifest = json.loads(members(archive)[MANIFEST])
    assert manifest["engine"] == connection.vendor
    assert manifest["files"] and set(manifest["files"]) == set(before["files"])
    assert {t: manifest["tables"][t] for t in before["tables"]} == {
        t: len(rows["rows"]) for t, rows in before["tables"].items()
    }

    wipe()
    assert canonical.digest(state()) != canonical.digest(before)
    assert not User.objects.exists()

    out, err = run("restore", str(archive))
    after = state()
    assert after["files"] == before["files"]
    assert after["tables"] == before["tables"]
    assert canonical.digest(after) == canonical.digest(before)
    assert contents(installation) == sealed_before
    assert SECRET_ANSWER in sealed_before["submission"]["answers"].values()
    assert set(sealed_before["submission"]["prices"].values()) == {"2345.00"}
    assert sealed_before["attachment"] == (FILE_NAME, PDF)
    assert "The audit log is intact" in out and err == ""
    run("verify_audit_log")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no staging left


def test_fingerprint_prints_the_digest(installation):
    out, _err = run("backup", "--fingerprint")
    assert out.strip() == canonical.digest(state())


def flip_a_byte(archive: Path, prefix: str, target: Path) -> str:
    """A copy of the archive with one bit changed in the middle of the first member whose name
    starts with `prefix`; that member's name."""
    with tarfile.open(archive) as tar:
        member = next(m for m in tar.getmembers() if m.name.startswith(prefix))
    data = bytearray(archive.read_bytes())
    data[member.offset_data + member.size // 2] ^= 0x01
    target.write_bytes(data)
    return member.name


def test_a_damaged_archive_is_refused_and_nothing_changes(installation, tmp_path):
    archive = take_backup(tmp_path)
    damaged_file, damaged_database = tmp_path / "file.tar", tmp_path / "database.tar"
    file_name = flip_a_byte(archive, "media/", damaged_file)
    database_name = flip_a_byte(archive, "database/", damaged_database)
    truncated = tmp_path / "truncated.tar"
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    before = state()

    assert file_name in refused(str(damaged_file), "--replace")
    assert database_name in refused(str(damaged_database), "--replace")
    assert str(truncated) in refused(str(truncated), "--replace")
    assert "There is no file" in refused(str(tmp_path / "missing.tar"))
    assert state() == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_a_database_holding_data_needs_replace(installation, personas, tmp_path):
    archive = take_backup(tmp_path)
    User.objects.filter(pk=personas.stranger.pk).update(full_name="Ändrad efter backup")
    Path(settings.MEDIA_ROOT, "extra.txt").write_text("inte i backupen")
    changed = state()

    assert "--replace" in refused(str(archive))
    assert state() == changed

    run("restore", str(archive), "--replace")
    restored = state()
    assert "extra.txt" not in restored["files"]
    assert restored["tables"]["accounts_user"] != changed["tables"]["accounts_user"]


def test_another_engine_and_a_newer_version_are_refused(db, tmp_path):
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    manifest = {
        "format": "rodtrad-backup/1",
        "engine": other,
        "migrations": {"tenders": "0001_initial"},
        "database": {"path": f"database/rodtrad.{other}", "sha256": "0" * 64, "size": 0},
        "files": {},
        "tables": {},
    }
    archive = tmp_path / "other.tar"
    write_members(archive, {MANIFEST: json.dumps(manifest).encode()})
    message = refused(str(archive))
    assert f"is of a {other} database" in message and connection.vendor in message

    newer = {**manifest, "engine": connection.vendor, "migrations": {"tenders": "9999_future"}}
    write_members(archive, {MANIFEST: json.dumps(newer).encode()})
    assert "tenders.9999_future" in refused(str(archive))


def test_a_different_server_key_is_warned_about(installation, tmp_path, settings):
    original = contents(installation)
    archive = take_backup(tmp_path)
    backup_key = key_fingerprint(crypto.server_key())
    settings.TENDER_KEY = base64.urlsafe_b64encode(os.urandom(32)).decode()

    _out, err = run("restore", str(archive), "--replace")
    assert f"fingerprint {backup_key}" in err
    assert "1 procurements' sealed tenders cannot be read" in err
    with pytest.raises(crypto.UnknownServerKey):
        contents(installation)

    settings.TENDER_KEY = ""  # the key the backup was made with: everything reads again
    assert contents(installation) == original
