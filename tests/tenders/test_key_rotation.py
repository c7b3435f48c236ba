"""Rotating the server key (docs/security.md, "Rotating the server key"): with the old key as a
previous key everything still reads, `rotate-tender-key` re-wraps every procurement's data key
with the new one, and after the old key is removed the answers, prices and attachment files
still read. A data key that no configured key unwraps makes the command refuse without
changing anything."""

from __future__ import annotations

import base64
import os
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from rodtrad.accounts.actor import Actor
from rodtrad.audit.models import AuditEvent
from rodtrad.cli import main as rodtrad_main
from rodtrad.procurements.models import Procurement
from rodtrad.tenders import crypto, services
from rodtrad.tenders.models import Attachment, ProcurementKey, Tender
from tests.tenders.factories import PDF, published, write_tender


def new_key() -> str:
    return base64.urlsafe_b64encode(os.urandom(32)).decode()


OLD, NEW, STRANGER = new_key(), new_key(), new_key()
SECRET_ANSWER = "Vi roterar nycklar utan att tappa ett enda anbud."
FILE_NAME = "Nyckelrutin Omsorg A.pdf"


def sealed_tender(personas, procurement: Procurement, price: str = "2345.00") -> Tender:
    """Provider A's submitted tender: every answer, a price and an attachment, all sealed."""
    tender = write_tender(procurement, personas.provider_a_author, personas.provider_a, price=price)
    a = Actor.for_user(personas.provider_a_author)
    criterion = procurement.criteria.first()
    services.save_draft(
        actor=a, tender=tender, changes={"answers": {str(criterion.pk): SECRET_ANSWER}}
    )
    services.add_attachment(
        actor=a, tender=tender, purpose="criterion", ref=criterion.pk, data=PDF, name=FILE_NAME
    )
    services.submit(actor=a, tender=Tender.objects.get(pk=tender.pk))
    return Tender.objects.get(pk=tender.pk)


def contents(tender: Tender) -> dict[str, Any]:
    """Everything sealed about the tender, read back from the database and the file store."""
    tender = Tender.objects.get(pk=tender.pk)
    attachment = Attachment.objects.get(tender=tender, purpose="criterion")
    return {
        "draft": services.read_draft(tender),
        "submission": services.read_submission(tender.submissions.get(number=1)),
        "attachment": services.read_attachment(attachment, tender.procurement_id),
    }


def wrapped_keys() -> dict[int, bytes]:
    return {row.procurement_id: bytes(row.wrapped_key) for row in ProcurementKey.objects.all()}


def rotate(*args: str) -> str:
    out = StringIO()
    call_command("rotate_tender_key", *args, stdout=out)
    return out.getvalue()


def rotation_events() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action="tender_keys.rotated").order_by("pk"))


@pytest.fixture
def old_key(settings):
    settings.TENDER_KEY = OLD
    settings.TENDER_KEYS_PREVIOUS = []
    return settings


def test_rotation_keeps_answers_prices_and_files_readable(personas, old_key):
    settings = old_key
    procurement = published(personas)
    tender = sealed_tender(personas, procurement)
    before = contents(tender)
    assert before["draft"]["answers"][str(procurement.criteria.first().pk)] == SECRET_ANSWER
    assert set(before["submission"]["prices"].values()) == {"2345.00"}
    assert before["attachment"] == (FILE_NAME, PDF)

    # 1. Deploy the new key with the old one as previous: everything still reads.
    settings.TENDER_KEY = NEW
    settings.TENDER_KEYS_PREVIOUS = [OLD]
    assert contents(tender) == before

    # 2. Re-wrap.
    assert rotate() == "1 procurement keys: 1 re-wrapped with the current key, 0 already current.\n"
    assert crypto.unwrap(procurement.pk, wrapped_keys()[procurement.pk])[1] == 0

    # 3. Remove the old key: answers, price and the file's bytes still read.
    settings.TENDER_KEYS_PREVIOUS = []
    assert contents(tender) == before

    # One platform-level event with counts only, and the audit chain still verifies.
    [event] = rotation_events()
    assert event.organisation_id is None and not event.confidential
    assert event.data == {"rewrapped": 1, "already_current": 0, "total": 1}
    call_command("verify_audit_log", stdout=StringIO())


def test_without_the_old_key_nothing_reads(personas, old_key):
    """The control: the rotation above is needed; a new key alone loses every tender."""
    settings = old_key
    tender = sealed_tender(personas, published(personas))
    settings.TENDER_KEY = NEW
    with pytest.raises(crypto.UnknownServerKey):
        contents(tender)


def test_running_twice_is_harmless(personas, old_key):
    settings = old_key
    tender = sealed_tender(personas, published(personas))
    before = contents(tender)
    settings.TENDER_KEY = NEW
    settings.TENDER_KEYS_PREVIOUS = [OLD]
    rotate()
    after_first = wrapped_keys()

    assert rotate() == "1 procurement keys: 0 re-wrapped with the current key, 1 already current.\n"
    assert wrapped_keys() == after_first
    assert [e.data for e in rotation_events()] == [
        {"rewrapped": 1, "already_current": 0, "total": 1},
        {"rewrapped": 0, "already_current": 1, "total": 1},
    ]
    settings.TENDER_KEYS_PREVIOUS = []
    assert contents(tender) == before


def test_a_key_wrapped_with_an_unknown_key_makes_it_refuse_and_change_nothing(personas, old_key):
    settings = old_key
    known = published(personas)
    tender = sealed_tender(personas, known)
    # A second procurement whose data key was wrapped with a key that is not configured below.
    settings.TENDER_KEY = STRANGER
    lost = published(personas, reference_number="ROT-2")
    services.seal_json(lost.pk, "test", {"x": 1})
    settings.TENDER_KEY = NEW
    settings.TENDER_KEYS_PREVIOUS = [OLD]
    before = wrapped_keys()

    for args in ((), ("--check",)):
        with pytest.raises(CommandError) as refused:
            rotate(*args)
        message = str(refused.value)
        assert "1 of 2 procurement keys cannot be unwrapped" in message
        assert f"(procurements {lost.pk})" in message
        assert "Nothing was changed" in message
    assert wrapped_keys() == before
    assert rotation_events() == []
    # The readable procurement is untouched and still reads with the old key as previous.
    assert contents(tender)["attachment"] == (FILE_NAME, PDF)

    # With the missing key added as previous the rotation goes through.
    settings.TENDER_KEYS_PREVIOUS = [OLD, STRANGER]
    assert rotate().startswith("2 procurement keys: 2 re-wrapped")


def test_check_only_reports(personas, old_key):
    settings = old_key
    sealed_tender(personas, published(personas))
    settings.TENDER_KEY = NEW
    settings.TENDER_KEYS_PREVIOUS = [OLD]
    before = wrapped_keys()

    assert rotate("--check") == (
        "1 procurement keys: 0 already wrapped with the current key, 1 to re-wrap.\n"
    )
    assert wrapped_keys() == before
    assert rotation_events() == []
    rotate()
    assert rotate("--check") == (
        "1 procurement keys: 1 already wrapped with the current key, 0 to re-wrap.\n"
    )


def test_every_batch_is_rewrapped(personas, old_key):
    settings = old_key
    first = sealed_tender(personas, published(personas))
    second = published(personas, reference_number="ROT-2")
    services.seal_json(second.pk, "test", {"x": 1})
    settings.TENDER_KEY = NEW
    settings.TENDER_KEYS_PREVIOUS = [OLD]

    assert rotate("--batch-size", "1").startswith("2 procurement keys: 2 re-wrapped")
    settings.TENDER_KEYS_PREVIOUS = []
    assert contents(first)["attachment"] == (FILE_NAME, PDF)
    assert services.unseal_json(
        second.pk, "test", services.seal_json(second.pk, "test", {"x": 1})
    ) == {"x": 1}
    assert all(crypto.unwrap(pid, w)[1] == 0 for pid, w in wrapped_keys().items())


def test_rotating_secret_key_with_fallbacks_keeps_tenders(personas, settings):
    """Without RODTRAD_TENDER_KEY the key is derived from SECRET_KEY; rotating SECRET_KEY the
    Django way (the old one in SECRET_KEY_FALLBACKS) keeps tenders readable, and the command
    re-wraps them with the key derived from the new SECRET_KEY."""
    settings.TENDER_KEY = ""
    settings.TENDER_KEYS_PREVIOUS = []
    settings.SECRET_KEY_FALLBACKS = []
    old_secret = settings.SECRET_KEY
    tender = sealed_tender(personas, published(personas))
    before = contents(tender)

    settings.SECRET_KEY = "a-new-secret-key-" + new_key()
    with pytest.raises(crypto.UnknownServerKey):
        contents(tender)  # the control: the new SECRET_KEY alone loses the tender
    settings.SECRET_KEY_FALLBACKS = [old_secret]
    assert contents(tender) == before

    assert rotate().startswith("1 procurement keys: 1 re-wrapped")
    settings.SECRET_KEY_FALLBACKS = []
    assert contents(tender) == before


def test_moving_from_the_derived_key_to_a_configured_key(personas, settings):
    """A deployment that started without RODTRAD_TENDER_KEY gives its derived key (printed with
    crypto.encode_key) as the previous key."""
    settings.TENDER_KEY = ""
    settings.TENDER_KEYS_PREVIOUS = []
    tender = sealed_tender(personas, published(personas))
    before = contents(tender)
    derived = crypto.encode_key(crypto.server_key())

    settings.TENDER_KEY = NEW
    settings.TENDER_KEYS_PREVIOUS = [derived]
    rotate()
    settings.TENDER_KEYS_PREVIOUS = []
    assert contents(tender) == before


def test_a_malformed_previous_key_is_refused_clearly(db, settings):
    settings.TENDER_KEY = NEW
    settings.TENDER_KEYS_PREVIOUS = [OLD[:20]]
    with pytest.raises(CommandError, match="A key in RODTRAD_TENDER_KEYS_PREVIOUS must be 32"):
        rotate("--check")


def test_the_rodtrad_command_takes_the_hyphenated_name(personas, old_key, capsys):
    sealed_tender(personas, published(personas))
    rodtrad_main(["rodtrad", "rotate-tender-key", "--check"])
    assert "1 procurement keys: 1 already wrapped" in capsys.readouterr().out
