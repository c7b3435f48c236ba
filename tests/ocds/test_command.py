"""`rodtrad export-ocds PROCUREMENT [--output FILE]`."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from rodtrad.cli import main
from tests.award.factories import decided
from tests.ocds.schema import assert_valid
from tests.procurements.factories import make_procurement

pytestmark = pytest.mark.django_db


def test_prints_the_package(personas):
    procurement, _tenders = decided(personas, 2)
    out = io.StringIO()
    call_command("export_ocds", str(procurement.pk), stdout=out)
    package = json.loads(out.getvalue())
    assert_valid(package)
    assert [r["tag"] for r in package["releases"]] == [["planning", "tender"], ["award"]]


def test_writes_the_file(personas, tmp_path, capsys):
    procurement = make_procurement(personas, publish=True)
    target = tmp_path / "ocds.json"
    main(["rodtrad", "export-ocds", str(procurement.pk), "--output", str(target)])
    package = json.loads(target.read_text(encoding="utf-8"))
    assert_valid(package)
    assert package["releases"][0]["tender"]["title"] == procurement.title
    assert capsys.readouterr().out == ""


def test_refuses_a_draft_and_an_unknown_id(personas):
    draft = make_procurement(personas)
    for pk in (draft.pk, draft.pk + 100):
        with pytest.raises(CommandError, match="no published procurement"):
            call_command("export_ocds", str(pk), stdout=io.StringIO())
