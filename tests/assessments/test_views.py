"""The assessment pages, used as a person would: forms, htmx saves, errors, permissions."""

import io
import re

import pytest
from pypdf import PdfReader

from rodtrad.assessments import services
from rodtrad.assessments.models import Assessment, ConsensusScore, IndividualScore, Status
from tests.assessments.factories import (
    actor,
    agree_all,
    declare_all,
    make_self_assessment,
    make_version,
    run_to_consensus,
    score_all,
)


@pytest.fixture(autouse=True)
def _english_users(personas):
    for user in vars(personas).values():
        if hasattr(user, "language"):
            user.language = "en"
            user.save(update_fields=["language"])


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def _started(personas):
    assessment = make_self_assessment(personas)
    services.start_individual(actor=actor(personas.buyer_admin), assessment=assessment)
    return assessment


def test_create_self_assessment_through_the_form(personas, client_for):
    version = make_version()
    client = client_for(personas.buyer_admin)
    url = f"/organisations/{personas.buyer.pk}/self-assessments/new/"
    page = _text(client.get(url))
    assert "Olle Upphandlare" in page and str(version.model) in page
    bad = client.post(
        url,
        {
            "title": "Värdering",
            "model_version": version.pk,
            "chair": personas.panel_chair.pk,
            "divergence_threshold": 30,
        },
    )
    assert bad.status_code == 200
    assert 'href="#id_evaluators_0"' in _text(bad)
    response = client.post(
        url,
        {
            "title": "Värdering",
            "model_version": version.pk,
            "include_results": "on",
            "chair": personas.panel_chair.pk,
            "evaluators": [personas.evaluator.pk, personas.evaluator_2.pk],
            "divergence_threshold": 25,
        },
    )
    assessment = Assessment.objects.get()
    assert response["Location"] == f"/assessments/{assessment.pk}/"
    assert (assessment.divergence_threshold, assessment.scope.count()) == (25, 3)


@pytest.mark.parametrize(
    ("persona", "status"),
    [("buyer_admin", 200), ("evaluator", 403), ("stranger", 404), ("provider_a_author", 404)],
)
def test_create_page_permissions(personas, client_for, persona, status):
    url = f"/organisations/{personas.buyer.pk}/self-assessments/new/"
    assert client_for(getattr(personas, persona)).get(url).status_code == status


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("buyer_admin", 200),
        ("panel_chair", 200),
        ("evaluator", 200),
        ("buyer_viewer", 404),
        ("procurement_officer", 404),
        ("stranger", 404),
        ("other_buyer_officer", 404),
    ],
)
def test_overview_permissions(personas, client_for, persona, status):
    assessment = make_self_assessment(personas)
    response = client_for(getattr(personas, persona)).get(f"/assessments/{assessment.pk}/")
    assert response.status_code == status
    if status == 200:
        assert "Självvärdering 2026" in _text(response)


def test_declaration_form_requires_confidentiality_and_an_answer(personas, client_for):
    assessment = _started(personas)
    client = client_for(personas.evaluator)
    url = f"/assessments/{assessment.pk}/declaration/"
    bad = client.post(url, {})
    assert "You must accept the confidentiality undertaking." in _text(bad)
    assert "Say whether you have a conflict of interest." in _text(bad)
    ok = client.post(url, {"confidentiality": "on", "conflict": "no"})
    assert ok["Location"] == f"/assessments/{assessment.pk}/"
    assert assessment.panel.get(user=personas.evaluator).declared_at is not None


def test_work_page_sends_undeclared_members_to_the_declaration(personas, client_for):
    assessment = _started(personas)
    response = client_for(personas.evaluator).get(f"/assessments/{assessment.pk}/work/")
    assert response["Location"] == f"/assessments/{assessment.pk}/declaration/"


def _post_all(client, assessment, step, *, submit=False, strengths="Tydliga rutiner"):
    data = {}
    for item in assessment.scope.all():
        data[f"p-{item.pk}"] = str(step)
        data[f"s-{item.pk}"] = strengths
        data[f"i-{item.pk}"] = "Mät oftare\nFölj upp"
        data[f"n-{item.pk}"] = ""
    if submit:
        data["submit"] = "1"
    return client.post(f"/assessments/{assessment.pk}/work/", data)


def test_work_page_saves_everything_with_a_plain_submit(personas, client_for):
    assessment = _started(personas)
    declare_all(assessment, personas.evaluator)
    client = client_for(personas.evaluator)
    response = _post_all(client, assessment, 60)
    assert response["Location"] == f"/assessments/{assessment.pk}/work/"
    scores = IndividualScore.objects.filter(member__user=personas.evaluator)
    assert {(s.percent, tuple(s.improvements)) for s in scores} == {
        (60, ("Mät oftare", "Följ upp"))
    }
    page = _text(client.get(f"/assessments/{assessment.pk}/work/"))
    assert page.count('value="60" checked') == 3


def test_htmx_saves_one_criterion_and_shows_the_state(personas, client_for):
    assessment = _started(personas)
    declare_all(assessment, personas.evaluator)
    item = assessment.scope.first()
    client = client_for(personas.evaluator)
    url = f"/assessments/{assessment.pk}/work/{item.pk}/"
    response = client.post(
        url,
        {f"p-{item.pk}": "40", f"s-{item.pk}": "Bra", f"i-{item.pk}": ""},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert re.match(
        r'<p class="save-state" id="state-\d+" role="status">Saved \d\d:\d\d:\d\d</p>',
        _text(response).strip(),
    )
    bad = client.post(url, {f"p-{item.pk}": "45"}, headers={"HX-Request": "true"})
    assert bad.status_code == 400
    assert "save-state--error" in _text(bad)
    assert IndividualScore.objects.get(item=item).percent == 40


def test_submitting_incomplete_work_lists_the_criteria(personas, client_for):
    assessment = _started(personas)
    declare_all(assessment, personas.evaluator)
    client = client_for(personas.evaluator)
    first = assessment.scope.order_by("order").first()
    response = client.post(
        f"/assessments/{assessment.pk}/work/",
        {f"p-{first.pk}": "60", f"s-{first.pk}": "Bra", f"i-{first.pk}": "", "submit": "1"},
    )
    page = _text(response)
    assert response.status_code == 400
    assert page.count("needs a step and at least one strength or improvement area") == 2
    assert assessment.panel.get(user=personas.evaluator).submitted_at is None
    assert IndividualScore.objects.get(item=first).percent == 60  # what was given is kept


def test_submit_locks_the_work(personas, client_for):
    assessment = _started(personas)
    declare_all(assessment, personas.evaluator)
    client = client_for(personas.evaluator)
    response = _post_all(client, assessment, 60, submit=True)
    assert response["Location"] == f"/assessments/{assessment.pk}/"
    page = _text(client.get(f"/assessments/{assessment.pk}/work/"))
    assert "Your work is locked." in page and '<fieldset class="criterion-card"' in page
    assert "disabled" in page
    assert _post_all(client, assessment, 10).status_code == 403


def test_start_consensus_form_asks_for_a_reason(personas, client_for):
    assessment = _started(personas)
    declare_all(assessment, personas.panel_chair, personas.evaluator)
    score_all(assessment, personas.panel_chair, 50)
    client = client_for(personas.panel_chair)
    url = f"/assessments/{assessment.pk}/consensus/start/"
    page = _text(client.get(url))
    assert "Not submitted" in page
    assert "Give the reason" in _text(client.post(url, {"reason": ""}))
    response = client.post(url, {"reason": "Två är sjuka"})
    assert response["Location"] == f"/assessments/{assessment.pk}/consensus/"
    assert client_for(personas.evaluator).get(url).status_code == 403


def test_consensus_htmx_save_and_conflict(personas, client_for):
    assessment = run_to_consensus(personas)
    consensus = ConsensusScore.objects.filter(item__assessment=assessment).first()
    item = consensus.item
    url = f"/assessments/{assessment.pk}/consensus/{item.pk}/"
    form = {
        "percent": "60",
        "rationale": "",
        "strengths": "A\nB",
        "improvements": "C",
        "revision": "0",
    }
    chair = client_for(personas.panel_chair)
    ok = chair.post(url, form, headers={"HX-Request": "true"})
    assert ok.status_code == 200
    assert "Saved." in _text(ok) and 'name="revision" value="1"' in _text(ok)
    evaluator = client_for(personas.evaluator)
    clash = evaluator.post(
        url, {**form, "percent": "70", "rationale": "Min åsikt"}, headers={"HX-Request": "true"}
    )
    assert clash.status_code == 409
    page = _text(clash)
    assert "Cajsa Ordförande saved this criterion" in page
    assert "Min åsikt" in page  # the evaluator's text is kept in the form
    consensus.refresh_from_db()
    assert (consensus.percent, consensus.strengths) == (60, ["A", "B"])


def test_consensus_without_htmx_redirects_or_shows_the_problem(personas, client_for):
    assessment = run_to_consensus(personas)
    item = assessment.scope.first()
    url = f"/assessments/{assessment.pk}/consensus/{item.pk}/"
    chair = client_for(personas.panel_chair)
    missing = chair.post(
        url,
        {"percent": "20", "rationale": "", "strengths": "", "improvements": "", "revision": "0"},
    )
    assert missing.status_code == 400
    assert "explain why" in _text(missing)
    ok = chair.post(
        url,
        {
            "percent": "20",
            "rationale": "Svagt",
            "strengths": "",
            "improvements": "",
            "revision": "0",
        },
    )
    assert ok["Location"] == f"/assessments/{assessment.pk}/consensus/#item-{item.pk}"


def test_finalise_and_report_with_pdf(personas, client_for):
    assessment = run_to_consensus(personas)
    chair = client_for(personas.panel_chair)
    refused = chair.post(f"/assessments/{assessment.pk}/finalise/")
    assert refused["Location"] == f"/assessments/{assessment.pk}/consensus/"
    agree_all(assessment, personas.panel_chair)
    assert (
        client_for(personas.evaluator).post(f"/assessments/{assessment.pk}/finalise/").status_code
        == 403
    )
    done = chair.post(f"/assessments/{assessment.pk}/finalise/")
    assert done["Location"] == f"/assessments/{assessment.pk}/report/"
    assessment.refresh_from_db()
    assert assessment.status == Status.FINAL
    report = _text(chair.get(f"/assessments/{assessment.pk}/report/"))
    assert "144.00" in report and "of 240.00 points (60.0 %)" in report
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="chart"' in report
    assert "Styrka 1 enligt Eva Utvärderare" in report
    pdf = chair.get(f"/assessments/{assessment.pk}/report.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Styrka 1 enligt Eva Utvärderare" in text
    assert "144.00" in text


def test_members_of_the_assessed_organisation_read_the_final_self_assessment(personas, client_for):
    assessment = run_to_consensus(personas)
    viewer = client_for(personas.buyer_viewer)
    assert viewer.get(f"/assessments/{assessment.pk}/report/").status_code == 404
    agree_all(assessment, personas.panel_chair)
    services.finalise(actor=actor(personas.panel_chair), assessment=assessment)
    assert "Feedback report" in _text(viewer.get(f"/assessments/{assessment.pk}/report/"))
    assert (
        client_for(personas.stranger).get(f"/assessments/{assessment.pk}/report/").status_code
        == 404
    )


def test_after_a_conflict_the_form_saves_on_the_next_try(personas, client_for):
    assessment = run_to_consensus(personas)
    item = assessment.scope.first()
    url = f"/assessments/{assessment.pk}/consensus/{item.pk}/"
    form = {"percent": "60", "rationale": "", "strengths": "A", "improvements": "", "revision": "0"}
    client_for(personas.panel_chair).post(url, form, headers={"HX-Request": "true"})
    evaluator = client_for(personas.evaluator)
    clash = evaluator.post(url, {**form, "strengths": "B"}, headers={"HX-Request": "true"})
    assert clash.status_code == 409
    revision = re.search(r'name="revision" value="(\d+)"', clash.content.decode()).group(1)
    assert revision == "1"
    retry = evaluator.post(
        url, {**form, "strengths": "A\nB", "revision": revision}, headers={"HX-Request": "true"}
    )
    assert retry.status_code == 200
    assert ConsensusScore.objects.get(item=item).strengths == ["A", "B"]


def test_a_missing_revision_is_reported_as_such(personas, client_for):
    assessment = run_to_consensus(personas)
    item = assessment.scope.first()
    response = client_for(personas.panel_chair).post(
        f"/assessments/{assessment.pk}/consensus/{item.pk}/",
        {"percent": "60", "rationale": "", "strengths": "", "improvements": ""},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 400
    assert "The form is out of date" in _text(response)


def test_a_late_htmx_save_after_submitting_changes_nothing(personas, client_for):
    assessment = _started(personas)
    declare_all(assessment, personas.evaluator)
    score_all(assessment, personas.evaluator, 60)
    item = assessment.scope.first()
    response = client_for(personas.evaluator).post(
        f"/assessments/{assessment.pk}/work/{item.pk}/",
        {f"p-{item.pk}": "10", f"s-{item.pk}": "Sent"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 409
    assert "Your assessment is submitted; nothing changed." in _text(response)
    assert IndividualScore.objects.get(item=item, member__user=personas.evaluator).percent == 60
