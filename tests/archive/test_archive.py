"""The procurement archive: every record in one ZIP with a checksum per file, for the buyer's
administrators and the team's procurement officers only; tenders' sealed contents and
confidential audit data never in it."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile

import pytest
from django.core.management import call_command

from rodtrad.audit.models import AuditEvent
from rodtrad.followup import services as followup_services
from tests.evaluations.factories import actor
from tests.followup.factories import finished
from tests.tenders.factories import answer_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def lifecycle(personas):
    """Published, two tenders opened and qualified, decided, contracted, round 1 done."""
    contract, manager, round = finished(personas)
    followup_services.complete_round(
        actor=actor(manager), round=round, next_steps="Fortsätt med måltidsvärdar."
    )
    return contract.procurement, contract


def _open(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert archive.testzip() is None
        return {name: archive.read(name) for name in archive.namelist()}


def test_the_archive_holds_every_record_with_a_checksum(lifecycle, personas, client_for):
    procurement, contract = lifecycle
    response = client_for(personas.buyer_admin).get(f"/procurements/{procurement.pk}/archive.zip")
    assert response["Content-Type"] == "application/zip"
    assert "attachment;" in response["Content-Disposition"]
    files = _open(response.content)
    expected = {
        "documents/version-1.pdf",
        "documents/version-1.json",
        "opening/opening-record.pdf",
        "opening/opening-record.json",
        "qualification.json",
        "award/decision-lot-1.json",
        "award/procurement-report.pdf",
        "award/feedback/01-omsorg-a-ab.pdf",
        "award/feedback/02-omsorg-b-ab.pdf",
        "contracts/lot-1.json",
        "follow-up/lot-1/round-1.pdf",
        "data/ocds-release-package.json",
        "audit/events.jsonl",
        "manifest.json",
        "SHA256SUMS",
    }
    assert expected <= set(files), expected - set(files)
    for name, content in files.items():
        if name.endswith(".pdf"):
            assert content.startswith(b"%PDF-"), name

    # every file but the two lists of files is listed with its true checksum, in both lists
    sums = dict(reversed(line.split("  ", 1)) for line in files["SHA256SUMS"].decode().splitlines())
    assert set(sums) == set(files) - {"manifest.json", "SHA256SUMS"}
    for name, checksum in sums.items():
        assert hashlib.sha256(files[name]).hexdigest() == checksum, name
    manifest = json.loads(files["manifest.json"])
    assert {f["path"]: f["sha256"] for f in manifest["files"]} == sums
    assert {f["path"]: f["bytes"] for f in manifest["files"]} == {
        name: len(files[name]) for name in sums
    }
    assert manifest["procurement"]["reference_number"] == procurement.reference_number
    assert manifest["exported_by"] == personas.buyer_admin.full_name

    qualification = json.loads(files["qualification.json"])
    assert [row["tenderer"] for row in qualification] == ["Omsorg A AB", "Omsorg B AB"]
    assert {row["outcome"] for row in qualification} == {"qualified"}
    decision = json.loads(files["award/decision-lot-1.json"])
    assert decision["winner"] == "Omsorg A AB"
    assert json.loads(files["contracts/lot-1.json"])["follow_up_rounds"][0] == {
        "number": 1,
        "due_on": contract.rounds.get(number=1).due_on.isoformat(),
        "status": "done",
        "change_reason": "",
        "next_steps": "Fortsätt med måltidsvärdar.",
    }
    ocds = json.loads(files["data/ocds-release-package.json"])
    assert {r["ocid"] for r in ocds["releases"]} == {ocds["releases"][0]["ocid"]}

    # The audit events about the procurement, its tenders, assessments and contract; the
    # confidential ones keep their place and hash but not their data.
    events = [json.loads(line) for line in files["audit/events.jsonl"].decode().splitlines()]
    actions = {e["action"] for e in events}
    assert {"procurement.published", "contract.registered"} <= actions
    assert {e["object_type"] for e in events} >= {
        "procurements.procurement",
        "tenders.tender",
        "assessments.assessment",
        "contracts.contract",
    }
    confidential = [e for e in events if e["confidential"]]
    assert confidential and all(e["data"] is None for e in confidential)
    stored = {e.pk: e.hash for e in AuditEvent.objects.filter(pk__in=[e["id"] for e in events])}
    assert all(stored[e["id"]] == e["hash"] for e in events)
    # every event about the procurement is in, except the record of this very export
    left_out = AuditEvent.objects.exclude(pk__in=[e["id"] for e in events]).filter(
        object_type="procurements.procurement", object_id=procurement.pk
    )
    assert [e.action for e in left_out] == ["procurement.archived"]

    # the export itself is recorded, with the checksum of what was sent
    event = AuditEvent.objects.filter(action="procurement.archived").get()
    assert event.actor == personas.buyer_admin
    assert event.data["sha256"] == hashlib.sha256(response.content).hexdigest()


def test_no_sealed_tender_content_is_in_the_archive(lifecycle, personas, client_for):
    procurement, _contract = lifecycle
    files = _open(
        client_for(personas.buyer_admin).get(f"/procurements/{procurement.pk}/archive.zip").content
    )
    answers = [
        answer_text(item.criterion.name, organisation).encode()
        for item in procurement.criteria.select_related("criterion")
        for organisation in (personas.provider_a, personas.provider_b)
    ]
    for name, content in files.items():
        if name.endswith(".pdf"):
            continue  # compressed text; the data files carry the same facts
        for answer in answers:
            assert answer not in content, name


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("buyer_admin", 200),
        ("procurement_officer", 200),
        ("panel_chair", 403),
        ("evaluator", 403),
        ("buyer_viewer", 404),
        ("provider_a_author", 404),
        ("provider_b_author", 404),
        ("other_buyer_officer", 404),
        ("stranger", 404),
    ],
)
def test_who_may_download_the_archive(lifecycle, personas, client_for, who, status):
    procurement, _contract = lifecycle
    response = client_for(getattr(personas, who)).get(f"/procurements/{procurement.pk}/archive.zip")
    assert response.status_code == status
    assert (response.get("Content-Type") == "application/zip") is (status == 200)
    exported = AuditEvent.objects.filter(action="procurement.archived").count()
    assert exported == (1 if status == 200 else 0)


def test_anonymous_is_sent_to_log_in(lifecycle, client):
    procurement, _contract = lifecycle
    response = client.get(f"/procurements/{procurement.pk}/archive.zip")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_procurement_page_links_the_archive_for_those_who_may(lifecycle, personas, client_for):
    procurement, _contract = lifecycle
    url = f"/procurements/{procurement.pk}/"
    link = f'href="/procurements/{procurement.pk}/archive.zip"'
    assert link in client_for(personas.buyer_admin).get(url).content.decode()
    assert link not in client_for(personas.panel_chair).get(url).content.decode()


def test_the_command_writes_the_archive(lifecycle, tmp_path):
    procurement, _contract = lifecycle
    target = tmp_path / "arkiv.zip"
    out = io.StringIO()
    call_command("export_archive", str(procurement.pk), "--output", str(target), stdout=out)
    files = _open(target.read_bytes())
    assert "manifest.json" in files and "award/procurement-report.pdf" in files
    assert hashlib.sha256(target.read_bytes()).hexdigest() in out.getvalue()
    assert AuditEvent.objects.get(action="procurement.archived").data["by"] == "command"


def test_the_command_refuses_an_unknown_procurement(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="publicerad upphandling med id 999999"):
        call_command("export_archive", "999999", "--output", "/dev/null")


@pytest.mark.parametrize(("who", "status"), [("procurement_officer", 200), ("evaluator", 403)])
def test_the_api_gives_the_same_archive_by_the_same_rules(
    lifecycle, personas, api_for, who, status
):
    procurement, _contract = lifecycle
    response = api_for(getattr(personas, who)).get(
        f"/api/v1/procurements/{procurement.pk}/archive.zip"
    )
    assert response.status_code == status
    if status == 200:
        files = _open(response.content)
        assert "manifest.json" in files and "award/procurement-report.pdf" in files
    else:
        assert response.json()["error"]["code"] == "forbidden"
    assert AuditEvent.objects.filter(action="procurement.archived").count() == (status == 200)


def test_before_the_opening_the_archive_holds_no_tender(personas, client_for):
    from tests.tenders.factories import published, write_tender

    procurement = published(personas)
    write_tender(procurement, personas.provider_a_author, personas.provider_a, submit=True)
    files = _open(
        client_for(personas.procurement_officer)
        .get(f"/procurements/{procurement.pk}/archive.zip")
        .content
    )
    assert not any(name.startswith(("opening/", "qualification", "award/")) for name in files)
    events = [json.loads(line) for line in files["audit/events.jsonl"].decode().splitlines()]
    assert events and {e["object_type"] for e in events} == {"procurements.procurement"}
