"""The evaluation pages: the scoring page shows the tender's answers, the answers' files for the
panel, the declaration once, the overview's progress and divergence flags, and who may see what."""

from __future__ import annotations

import pytest

from rodtrad.evaluations.models import EvaluatorDeclaration
from tests.evaluations.factories import (
    declared,
    in_evaluation,
    links,
    started,
)
from tests.procurements.factories import english_users  # noqa: F401
from tests.tenders.factories import PDF, answer_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_users")]


def overview_url(procurement) -> str:
    return f"/procurements/{procurement.pk}/evaluation/"


def test_the_scoring_page_shows_the_tenders_answer_beside_guidance_and_scale(personas, client_for):
    procurement, (a, _b) = declared(personas, 2, answer_files=True)
    link = next(x for x in links(procurement) if x.tender_id == a.pk)

    page = client_for(personas.evaluator).get(f"/assessments/{link.assessment.pk}/work/")

    text = page.content.decode()
    assert page.status_code == 200
    for award in procurement.criteria.select_related("criterion"):
        assert answer_text(award.criterion.name, personas.provider_a) in text
        assert award.guidance in text
        assert answer_text(award.criterion.name, personas.provider_b) not in text
    assert "The tender&#x27;s answer" in text
    assert "Rutin Omsorg A AB.pdf" in text
    assert 'name="p-' in text  # the scale


def test_the_answers_files_download_for_the_signed_panel_only(personas, client_for):
    procurement, (a, _b) = started(personas, 2, answer_files=True)
    link = next(x for x in links(procurement) if x.tender_id == a.pk)
    attachment = a.attachments.get(purpose="criterion")
    url = f"/assessments/{link.assessment.pk}/tender-files/{attachment.pk}/"
    from rodtrad.evaluations import services
    from tests.evaluations.factories import actor

    services.sign_declaration(actor=actor(personas.evaluator), procurement=procurement)

    response = client_for(personas.evaluator).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert client_for(personas.evaluator_2).get(url).status_code == 403  # not signed yet
    for outsider in (personas.stranger, personas.provider_b_author, personas.buyer_viewer):
        assert client_for(outsider).get(url).status_code == 404
    other = next(x for x in links(procurement) if x.tender_id != a.pk)
    wrong = f"/assessments/{other.assessment.pk}/tender-files/{attachment.pk}/"
    assert client_for(personas.evaluator).get(wrong).status_code == 404


def test_unsigned_evaluator_is_sent_to_the_declaration_once_for_the_procurement(
    personas, client_for
):
    procurement, _tenders = started(personas, 2)
    client = client_for(personas.evaluator)
    link = links(procurement)[0]

    work = client.get(f"/assessments/{link.assessment.pk}/work/")
    declaration_url = f"/procurements/{procurement.pk}/evaluation/declaration/"
    assert work.status_code == 302 and work["Location"] == declaration_url
    engine_page = client.get(f"/assessments/{link.assessment.pk}/declaration/")
    assert engine_page["Location"] == declaration_url

    form = client.get(declaration_url).content.decode()
    assert "Omsorg A AB" in form and "Omsorg B AB" in form
    signed = client.post(
        declaration_url,
        {"confidentiality": "on", "conflicts": [personas.provider_b.pk], "description": "Jäv"},
    )
    assert signed.status_code == 302
    declaration = EvaluatorDeclaration.objects.get(user=personas.evaluator)
    assert list(declaration.conflicts.all()) == [personas.provider_b]
    assert client.get(f"/assessments/{link.assessment.pk}/work/").status_code == 200


def test_the_declaration_needs_the_confidentiality_undertaking(personas, client_for):
    procurement, _tenders = started(personas, 1)
    response = client_for(personas.evaluator).post(
        f"/procurements/{procurement.pk}/evaluation/declaration/", {}
    )
    assert response.status_code == 400
    assert "You must accept the confidentiality undertaking." in response.content.decode()
    assert not EvaluatorDeclaration.objects.exists()


def test_the_overview_shows_progress_and_then_divergence(personas, client_for):
    procurement, _tenders = declared(personas, 2)
    chair = client_for(personas.panel_chair)
    from tests.assessments.factories import score_all

    first = links(procurement)[0]
    score_all(first.assessment, personas.evaluator, 60)
    page = chair.get(overview_url(procurement)).content.decode()
    assert "1 of 3 submitted" in page and "0 of 3 submitted" in page
    assert "Divergent" not in page

    steps = {
        personas.panel_chair: {"1": 20, "2": 60, "3": 60},
        personas.evaluator: 60,
        personas.evaluator_2: 60,
    }
    from rodtrad.assessments import services as engine
    from tests.evaluations.factories import actor

    for link in links(procurement):
        for user in (personas.panel_chair, personas.evaluator_2):
            score_all(link.assessment, user, steps[user])
        if link.pk != first.pk:
            score_all(link.assessment, personas.evaluator, 60)
        engine.start_consensus(actor=actor(personas.panel_chair), assessment=link.assessment)
    page = chair.get(overview_url(procurement)).content.decode()
    assert page.count('class="flag">Divergent') == 2
    assert "3 of 3 submitted" in page
    assert f"/assessments/{first.assessment.pk}/consensus/" in page


def test_evaluators_see_their_own_work_not_the_others_progress(personas, client_for):
    procurement, _tenders = declared(personas, 2)
    page = client_for(personas.evaluator).get(overview_url(procurement)).content.decode()
    assert "Your work" in page
    for link in links(procurement):
        assert f"/assessments/{link.assessment.pk}/work/" in page
    assert "submitted</li>" not in page and "of 3 submitted" not in page


@pytest.mark.parametrize(
    ("reader", "status"),
    [
        ("panel_chair", 200),
        ("evaluator", 200),
        ("procurement_officer", 200),
        ("buyer_admin", 200),
        ("buyer_viewer", 404),
        ("provider_a_author", 404),
        ("other_buyer_officer", 404),
        ("stranger", 404),
        (None, 302),
    ],
)
def test_who_may_see_the_overview(personas, client_for, reader, status):
    procurement, _tenders = started(personas, 1)
    user = getattr(personas, reader) if reader else None
    assert client_for(user).get(overview_url(procurement)).status_code == status


def test_the_overview_does_not_exist_before_the_evaluation_stage(personas, client_for):
    from tests.tenders.buyer_helpers import opened

    procurement, _tenders = opened(personas, 1)
    assert client_for(personas.panel_chair).get(overview_url(procurement)).status_code == 404


def test_others_on_the_panel_side_may_not_start_or_reveal(personas, client_for):
    procurement, _tenders = in_evaluation(personas, 1)
    evaluator = client_for(personas.evaluator)
    assert evaluator.post(f"/procurements/{procurement.pk}/evaluation/start/").status_code == 403
    reveal = f"/procurements/{procurement.pk}/evaluation/reveal-prices/"
    assert client_for(personas.procurement_officer).post(reveal).status_code == 403


def test_the_chair_starts_from_the_overview_and_the_procurement_links_it(personas, client_for):
    procurement, _tenders = in_evaluation(personas, 2)
    chair = client_for(personas.panel_chair)
    detail = chair.get(f"/procurements/{procurement.pk}/").content.decode()
    assert overview_url(procurement) in detail
    assert "Start the evaluation" in chair.get(overview_url(procurement)).content.decode()

    response = chair.post(f"/procurements/{procurement.pk}/evaluation/start/")

    assert response.status_code == 302
    assert len(links(procurement)) == 2
