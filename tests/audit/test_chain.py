import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from rodtrad.audit.models import AppendOnlyError, AuditEvent
from rodtrad.audit.services import GENESIS_HASH, record_event, verify_chain


def _record(n):
    return [record_event(action=f"test.event_{i}", data={"i": i, "name": "Å"}) for i in range(n)]


def test_events_are_chained_from_the_genesis_hash(db):
    first, second, third = _record(3)
    assert first.previous_hash == GENESIS_HASH
    assert second.previous_hash == first.hash
    assert third.previous_hash == second.hash
    assert verify_chain() is None


def test_verify_accepts_an_empty_log(db):
    assert verify_chain() is None


def test_data_is_stored_as_hashed(db, personas):
    from decimal import Decimal

    event = record_event(
        action="test.values", actor=personas.buyer_admin, data={"amount": Decimal("12.50")}
    )
    event.refresh_from_db()
    assert event.data == {"amount": "12.50"}
    assert event.actor_label == "admin@ekby.se"
    assert verify_chain() is None


def test_orm_update_and_delete_are_refused(db):
    (event,) = _record(1)
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="x")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "test.event_0"


def _raw(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_a_row_altered_in_the_database_is_found(db):
    events = _record(4)
    table = AuditEvent._meta.db_table
    _raw(f"UPDATE {table} SET action = %s WHERE id = %s", ["test.forged", events[2].pk])
    problem = verify_chain()
    assert problem is not None
    assert problem.event_id == events[2].pk
    assert "was altered" in problem.message


def test_a_row_removed_from_the_middle_is_found(db):
    events = _record(4)
    _raw(f"DELETE FROM {AuditEvent._meta.db_table} WHERE id = %s", [events[1].pk])
    problem = verify_chain()
    assert problem.event_id == events[2].pk
    assert "removed or altered" in problem.message


def test_the_newest_row_removed_is_found(db):
    events = _record(3)
    _raw(f"DELETE FROM {AuditEvent._meta.db_table} WHERE id = %s", [events[2].pk])
    problem = verify_chain()
    assert problem.event_id == events[2].pk
    assert "events at the end were removed" in problem.message


def test_verify_command_exits_non_zero_naming_the_broken_event(db, capsys):
    events = _record(3)
    call_command("verify_audit_log")
    assert "intact (3 events)" in capsys.readouterr().out
    _raw(
        f"UPDATE {AuditEvent._meta.db_table} SET data = %s WHERE id = %s",
        ['{"i": 99}', events[1].pk],
    )
    with pytest.raises(CommandError, match=f"event {events[1].pk} \\(test.event_1\\) was altered"):
        call_command("verify_audit_log")


def test_verify_command_through_the_console_script(tmp_path):
    """The real `rodtrad verify-audit-log` exits 1 on a tampered database."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = {
        "PATH": os.environ["PATH"],
        "DEBUG": "1",
        "RODTRAD_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'audit.sqlite3'}",
    }
    rodtrad = str(Path(sys.executable).parent / "rodtrad")
    subprocess.run([rodtrad, "migrate", "-v0"], env=env, check=True)
    subprocess.run([rodtrad, "demo"], env=env, check=True, capture_output=True)
    ok = subprocess.run([rodtrad, "verify-audit-log"], env=env, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    import sqlite3

    with sqlite3.connect(tmp_path / "audit.sqlite3") as db:
        db.execute("UPDATE audit_auditevent SET actor_label = 'mallory' WHERE id = 2")
    broken = subprocess.run([rodtrad, "verify-audit-log"], env=env, capture_output=True, text=True)
    assert broken.returncode == 1
    assert "event 2 (" in broken.stderr and "was altered" in broken.stderr
