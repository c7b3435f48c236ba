"""Hostile text in PDFs: markup and odd Unicode typed into the documents come out of the PDF as
the very text typed (escaped, never interpreted), and nothing in it is fetched."""

from __future__ import annotations

import io
import re

import pytest
from django.core.exceptions import SuspiciousFileOperation
from pypdf import PdfReader

from rodtrad.common.pdf import _static_only_fetcher
from rodtrad.procurements import services
from tests.procurements.factories import actor, make_procurement

MARKUP = '<script>alert(1)</script><img src="http://127.0.0.1:9/x.png"> {{ 7*7 }} {% debug %}'
UNICODE = "Ålder ÄÖ – ‮evil‬ e\u0301 👵🏼 «citat»"


def _pdf_text(content: bytes) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    # pypdf gives the glyphs of some embedded fonts as UTF-16 code units; drop the zero bytes.
    return re.sub(r"\s+", " ", text.replace("\x00", ""))


def test_markup_and_odd_unicode_in_a_goal_come_out_of_the_pdf_as_typed(personas, client_for):
    procurement = make_procurement(personas)
    officer = actor(personas.procurement_officer)
    first, second = procurement.goals.order_by("id")[:2]
    services.save_goal(actor=officer, procurement=procurement, goal=first, text=MARKUP)
    services.save_goal(actor=officer, procurement=procurement, goal=second, text=UNICODE)
    services.publish(actor=officer, procurement=procurement)

    response = client_for(personas.procurement_officer).get(
        f"/procurements/{procurement.pk}/versions/1/pdf/"
    )
    content = b"".join(response.streaming_content) if response.streaming else response.content
    text = _pdf_text(content)

    assert response["Content-Type"] == "application/pdf"
    assert "<script>alert(1)</script>" in text
    assert '<img src="http://127.0.0.1:9/x.png">' in text
    assert "{{ 7*7 }} {% debug %}" in text  # not evaluated as a template
    assert "Ålder ÄÖ" in text and "«citat»" in text


def test_pdfs_never_fetch_an_address_from_outside_the_static_files():
    fetcher = _static_only_fetcher()
    for url in ("http://127.0.0.1:9/x.png", "file:///etc/passwd", "rodtrad-static:/../../x"):
        with pytest.raises((ValueError, SuspiciousFileOperation)):
            fetcher.fetch(url)
