"""Publishing from the builder: refused while the red-thread check has a blocking item (the
refusal names it), the first publication, a change with its summary and its difference, the PDF
and ZIP of a version, and cancelling."""

import html
import io
import re
import zipfile
from datetime import timedelta

import pytest
from pypdf import PdfReader

from rodtrad.common import clock
from rodtrad.procurements import services
from rodtrad.procurements.models import DocumentVersion, Procurement
from tests.procurements.factories import (
    GOALS,
    actor,
    english_users,  # noqa: F401
    make_procurement,
)

pytestmark = pytest.mark.usefixtures("english_users")


def text(response) -> str:
    return re.sub(r"\s+", " ", html.unescape(response.content.decode()))


@pytest.fixture
def officer(personas, client_for):
    return client_for(personas.procurement_officer)


def _remove_guidance(personas, procurement):
    award = procurement.criteria.select_related("criterion").order_by("order").first()
    services.update_award_criterion(
        actor=actor(personas.procurement_officer),
        procurement=procurement,
        award=award,
        points=award.points,
        guidance="",
        question=award.question,
        amount=award.amount,
        goal_ids=[g.pk for g in procurement.goals.all()],
    )
    return award


def test_publishing_is_refused_while_a_blocking_item_is_open(personas, officer):
    procurement = make_procurement(personas)
    award = _remove_guidance(personas, procurement)
    url = f"/procurements/{procurement.pk}/publish/"
    page = text(officer.get(url))
    assert "Publication is refused until they are fixed" in page
    problem = f"{award.criterion.code} {award.criterion.name} has no guidance for this service."
    assert problem in page
    assert f'href="/procurements/{procurement.pk}/criteria/">Fix it in Award criteria' in page

    response = officer.post(url, {})
    page = text(response)
    assert response.status_code == 400
    assert "The red-thread check has blocking items:" in page
    assert (
        f"3. The model is worked in, not just attached: {award.criterion.code} "
        f"{award.criterion.name} has no guidance for this service." in page
    )
    procurement.refresh_from_db()
    assert (procurement.status, procurement.published_at) == ("draft", None)
    assert not DocumentVersion.objects.exists()


def test_first_publication_and_a_change_with_its_difference(personas, officer):
    procurement = make_procurement(personas)
    url = f"/procurements/{procurement.pk}/publish/"
    assert "What changed" not in text(officer.get(url))
    response = officer.post(url, {})
    assert response["Location"] == f"/procurements/{procurement.pk}/versions/"
    procurement.refresh_from_db()
    assert procurement.status == "published"
    assert list(procurement.document_versions.values_list("number", flat=True)) == [1]

    goal = procurement.goals.get(code="M1")
    services.save_goal(
        actor=actor(personas.procurement_officer),
        procurement=procurement,
        goal=goal,
        text=goal.text.replace("aktivt liv", "meningsfullt liv"),
    )
    refused = officer.post(url, {"change_summary": "  "})
    assert refused.status_code == 400
    assert 'href="#id_change_summary"' in text(refused)
    assert "Describe what changed, for the providers following it." in text(refused)
    assert procurement.document_versions.count() == 1

    response = officer.post(url, {"change_summary": "Mål M1 förtydligat."})
    assert response.status_code == 302
    assert list(procurement.document_versions.values_list("number", "change_summary")) == [
        (1, ""),
        (2, "Mål M1 förtydligat."),
    ]
    page = text(officer.get(f"/procurements/{procurement.pk}/versions/"))
    assert "Mål M1 förtydligat." in page
    assert "<code>goals[M1].text</code>" in page
    assert "<del>aktivt</del> <ins>meningsfullt</ins>" in page
    assert f'href="/procurements/{procurement.pk}/versions/2/pdf/"' in page


def test_publishing_is_refused_after_the_tender_deadline(personas, officer):
    procurement = make_procurement(personas)
    clock.freeze(clock.now() + timedelta(days=31))
    try:
        response = officer.post(f"/procurements/{procurement.pk}/publish/", {})
    finally:
        clock.freeze(None)
    assert response.status_code == 400
    assert "The tender deadline has passed" in text(response)
    assert Procurement.objects.get(pk=procurement.pk).status == "draft"


def test_the_pdf_of_a_version_holds_title_goals_and_guidance(personas, officer):
    procurement = make_procurement(personas, publish=True)
    response = officer.get(f"/procurements/{procurement.pk}/versions/1/pdf/")
    assert response["Content-Type"] == "application/pdf"
    content = b"".join(response.streaming_content) if response.streaming else response.content
    pdf = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    flat = re.sub(r"\s+", " ", pdf)
    assert "Vård- och omsorgsboende Ekbacken" in flat
    assert GOALS[0] in flat
    award = procurement.criteria.select_related("criterion").order_by("order").first()
    assert award.guidance in flat


def test_the_zip_of_a_version_holds_every_part(personas, officer):
    procurement = make_procurement(personas, publish=True)
    response = officer.get(f"/procurements/{procurement.pk}/versions/1/zip/")
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert sorted(archive.namelist()) == [
            "skall-krav.csv",
            "tilldelningskriterier.csv",
            "upphandling.json",
            "upphandlingsdokument-v1.pdf",
        ]


def test_cancelling_needs_a_reason_and_ends_editing(personas, officer):
    procurement = make_procurement(personas)
    url = f"/procurements/{procurement.pk}/cancel/"
    refused = officer.post(url, {"reason": ""})
    assert refused.status_code == 400
    assert "Give the reason for cancelling." in text(refused)
    assert Procurement.objects.get(pk=procurement.pk).status == "draft"

    response = officer.post(url, {"reason": "Behovet har ändrats."})
    assert response["Location"] == f"/procurements/{procurement.pk}/"
    procurement.refresh_from_db()
    assert (procurement.status, procurement.cancelled_reason) == (
        "cancelled",
        "Behovet har ändrats.",
    )
    page = text(officer.get(f"/procurements/{procurement.pk}/"))
    assert "The procurement is cancelled.</strong> Behovet har ändrats." in page
    basics = text(officer.get(f"/procurements/{procurement.pk}/basics/"))
    assert (
        "The procurement’s status is “Cancelled”: its documents can no longer be changed." in basics
    )
    assert officer.post(f"/procurements/{procurement.pk}/basics/", {}).status_code == 403
    assert officer.post(f"/procurements/{procurement.pk}/publish/", {}).status_code == 403
    assert officer.get(url).status_code == 403
