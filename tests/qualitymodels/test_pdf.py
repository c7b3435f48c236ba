"""The handbook as a PDF."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from tests.qualitymodels.factories import make_version, template_version


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def test_handbook_pdf_has_the_criteria_questions_and_scales(personas, client_for):
    version = template_version()
    response = client_for(personas.evaluator).get(f"/models/versions/{version.pk}/handbook.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="kvalitetsmodell-for-aldreomsorg-gum-strukturerad-mall-v1.pdf"'
    )
    text = pdf_text(response.content)
    assert "Inflytande och självbestämmande" in text
    assert "Vård i livets slutskede" in text
    assert "Hur tar ni reda på vad varje person vill och är van vid" in text
    assert "3. Systematics: the questions for each criterion" in text
    assert "Skala för resultat" in text


@pytest.mark.parametrize(("persona", "status"), [("evaluator", 200), ("provider_a_author", 404)])
def test_handbook_pdf_permissions(personas, client_for, persona, status):
    version = make_version(owner=personas.buyer)
    response = client_for(getattr(personas, persona)).get(
        f"/models/versions/{version.pk}/handbook.pdf"
    )
    assert response.status_code == status
