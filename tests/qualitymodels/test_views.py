"""The library, version, handbook and draft editor pages: who may see and do what."""

from __future__ import annotations

import html
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from rodtrad.qualitymodels import exchange
from rodtrad.qualitymodels.models import Criterion, ModelVersion, QualityModel, SuccessFactor
from rodtrad.qualitymodels.selectors import export_version, spec_of
from tests.qualitymodels.factories import make_spec, make_version, template_version


def text(response) -> str:
    return re.sub(r"\s+", " ", html.unescape(response.content.decode()))


@pytest.fixture
def own(personas):
    """A frozen model of the buyer's and a draft of a second one."""
    return make_version(owner=personas.buyer, frozen=True, name="Ekbys modell")


@pytest.fixture
def draft(personas):
    return make_version(owner=personas.buyer, name="Ekbys utkast")


VIEWERS = [
    ("buyer_admin", 200),
    ("evaluator", 200),
    ("buyer_viewer", 200),
    ("provider_a_author", 404),
    ("stranger", 404),
    ("platform_admin", 404),
]
MANAGERS = [
    ("buyer_admin", 200),
    ("procurement_officer", 200),
    ("evaluator", 403),
    ("buyer_viewer", 403),
    ("provider_a_author", 404),
    ("stranger", 404),
    ("platform_admin", 404),
]


# --- the library ---------------------------------------------------------------------------------


def test_library_lists_the_platform_and_own_models_only(personas, client_for, own):
    other = make_version(owner=personas.provider_a, name="Omsorg A:s modell")
    page = text(client_for(personas.evaluator).get("/models/"))
    assert "Kvalitetsmodell för äldreomsorg (GUM-strukturerad mall)" in page
    assert "Verksamhetsmodell (SIQ-strukturerad mall)" in page
    assert "Ekbys modell" in page
    assert other.model.name not in page
    assert "New model" not in page  # an evaluator manages no models
    stranger_page = text(client_for(personas.stranger).get("/models/"))
    assert "GUM-strukturerad" in stranger_page and "Ekbys modell" not in stranger_page


def test_library_offers_creation_to_model_managers(personas, client_for):
    page = text(client_for(personas.procurement_officer).get("/models/"))
    assert "New model" in page and "Import a model file" in page


@pytest.mark.parametrize(("persona", "status"), VIEWERS)
def test_own_model_pages_are_for_the_owners_members(personas, client_for, own, persona, status):
    client = client_for(getattr(personas, persona))
    for url in (
        f"/models/{own.model_id}/",
        f"/models/versions/{own.pk}/",
        f"/models/versions/{own.pk}/handbook/",
        f"/models/versions/{own.pk}/export.yaml",
        f"/models/versions/{own.pk}/export.json",
    ):
        assert client.get(url).status_code == status, url


@pytest.mark.parametrize("persona", ["stranger", "provider_a_author", "evaluator"])
def test_library_models_are_for_everyone_logged_in(personas, client_for, persona):
    version = template_version()
    client = client_for(getattr(personas, persona))
    assert client.get(f"/models/{version.model_id}/").status_code == 200
    page = text(client.get(f"/models/versions/{version.pk}/"))
    assert "Inflytande och självbestämmande" in page
    assert "Create a new version" not in page  # only platform administrators manage templates


def test_anonymous_visitors_are_sent_to_login(client, own):
    response = client.get(f"/models/versions/{own.pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(("persona", "status"), MANAGERS)
def test_management_pages_are_for_model_managers(personas, client_for, draft, persona, status):
    client = client_for(getattr(personas, persona))
    criterion = draft.criteria.first()
    scale = draft.scales.first()
    step = scale.steps.first()
    v = f"/models/versions/{draft.pk}"
    for url in (
        f"/models/{draft.model_id}/edit/",
        f"/models/{draft.model_id}/import/",
        f"{v}/edit/",
        f"{v}/delete/",
        f"{v}/factors/new/",
        f"{v}/groups/new/",
        f"{v}/criteria/new/",
        f"{v}/scales/new/",
        f"{v}/criteria/{criterion.pk}/edit/",
        f"{v}/criteria/{criterion.pk}/delete/",
        f"{v}/groups/{criterion.group_id}/edit/",
        f"{v}/scales/{scale.pk}/steps/new/",
        f"{v}/scales/{scale.pk}/steps/{step.pk}/edit/",
        f"{v}/scales/{scale.pk}/steps/{step.pk}/delete/",
    ):
        assert client.get(url).status_code == status, url


def test_parts_of_another_version_are_not_found(personas, client_for, draft):
    other = make_version(owner=personas.buyer)
    criterion = other.criteria.first()
    client = client_for(personas.buyer_admin)
    assert (
        client.get(f"/models/versions/{draft.pk}/criteria/{criterion.pk}/edit/").status_code == 404
    )
    assert client.get(f"/models/versions/{draft.pk}/unknown/new/").status_code == 404


def test_platform_admin_manages_library_models_only(personas, client_for, own):
    template = template_version()
    client = client_for(personas.platform_admin)
    response = client.post(f"/models/versions/{template.pk}/new-version/")
    new = template.model.versions.get(number=2)
    assert response["Location"] == f"/models/versions/{new.pk}/"
    assert client.post(f"/models/versions/{own.pk}/new-version/").status_code == 404
    assert (
        client_for(personas.procurement_officer)
        .post(f"/models/versions/{template.pk}/new-version/")
        .status_code
        == 403
    )


@pytest.mark.parametrize(
    ("persona", "status"), [("buyer_admin", 302), ("evaluator", 403), ("stranger", 404)]
)
def test_create_new_version_from_a_frozen_one(personas, client_for, own, persona, status):
    response = client_for(getattr(personas, persona)).post(
        f"/models/versions/{own.pk}/new-version/"
    )
    assert response.status_code == status
    assert own.model.versions.count() == (2 if status == 302 else 1)
    if status == 302:
        draft = own.model.versions.get(number=2)
        assert spec_of(draft) == spec_of(own)


def test_create_new_version_needs_post(personas, client_for, own):
    assert (
        client_for(personas.buyer_admin).get(f"/models/versions/{own.pk}/new-version/").status_code
        == 405
    )


# --- the version page -----------------------------------------------------------------------------


def test_version_page_shows_split_problems_and_editor_links(personas, client_for, draft):
    Criterion.objects.filter(version=draft, code="R.1").update(max_points=90)
    page = text(client_for(personas.procurement_officer).get(f"/models/versions/{draft.pk}/"))
    assert "2 problems keep this version from being used:" in page
    assert (
        "The result criteria add up to 290 points, but the version gives 300 points to results. "
        '<code class="muted">version.results_points</code>'
    ) in page
    assert '<th scope="row">Results</th><td class="num">290</td><td class="num">300</td>' in page
    assert "Add a success factor" in page and "Delete this draft" in page
    assert "Create a new version" not in page


def test_frozen_version_page_offers_a_new_version_not_editing(personas, client_for, own):
    page = text(client_for(personas.procurement_officer).get(f"/models/versions/{own.pk}/"))
    assert "The version is complete" in page
    assert "Create a new version" in page
    assert "Add a success factor" not in page and "Delete this draft" not in page
    viewer_page = text(client_for(personas.evaluator).get(f"/models/versions/{own.pk}/"))
    assert "Create a new version" not in viewer_page
    assert "Download YAML" in viewer_page and "Handbook" in viewer_page


def test_frozen_version_edit_pages_redirect_with_a_message(personas, client_for, own):
    client = client_for(personas.procurement_officer)
    criterion = own.criteria.first()
    before = export_version(own)
    for url in (
        f"/models/versions/{own.pk}/edit/",
        f"/models/versions/{own.pk}/factors/new/",
        f"/models/versions/{own.pk}/criteria/{criterion.pk}/edit/",
        f"/models/versions/{own.pk}/criteria/{criterion.pk}/delete/",
    ):
        response = client.post(url, {"code": "X", "name": "Ändrad"})
        assert response.status_code == 302
        assert response["Location"] == f"/models/versions/{own.pk}/"
    page = text(client.get(f"/models/versions/{own.pk}/"))
    assert "This version is in use and frozen: it cannot be changed." in page
    assert export_version(own) == before


def test_export_downloads_the_version(personas, client_for, own):
    response = client_for(personas.evaluator).get(f"/models/versions/{own.pk}/export.json")
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == 'attachment; filename="ekbys-modell-v1.json"'
    assert response.content.decode() == export_version(own, "json")
    assert (
        client_for(personas.evaluator).get(f"/models/versions/{own.pk}/export.xml").status_code
        == 404
    )


def test_handbook_shows_culture_structure_questions_and_scales(personas, client_for):
    version = template_version("siq-strukturerad")
    page = text(client_for(personas.stranger).get(f"/models/versions/{version.pk}/handbook/"))
    for expected in (
        "1. Culture",
        "Leda för hållbarhet",
        "2. Structure",
        "3. Systematics: the questions for each criterion",
        "Hur tar ni reda på vad kunder och andra intressenter behöver",
        "4. Scales",
        "Utmärkt, helt integrerat och ständigt förbättrat arbetssätt",
        "The criteria carry 1000 points: 700 for approaches",
    ):
        assert expected in page, expected


# --- the draft editor -----------------------------------------------------------------------------


def test_add_a_criterion_with_questions_one_per_line(personas, client_for, draft):
    group = draft.groups.get(code="1")
    client = client_for(personas.procurement_officer)
    form = client.get(f"/models/versions/{draft.pk}/criteria/new/?group={group.pk}")
    assert f'<option value="{group.pk}" selected>' in form.content.decode()
    response = client.post(
        f"/models/versions/{draft.pk}/criteria/new/",
        {
            "group": group.pk,
            "code": "1.3",
            "name": "Måltider",
            "kind": "approach",
            "max_points": "25",
            "questions": "Hur arbetar ni?\r\nHur väl är det infört?\r\n\r\n",
            "guidance": "Titta efter valfrihet.",
        },
    )
    assert response["Location"] == f"/models/versions/{draft.pk}/#structure"
    criterion = draft.criteria.get(code="1.3")
    assert (criterion.group, criterion.order, criterion.questions) == (
        group,
        2,
        ["Hur arbetar ni?", "Hur väl är det infört?"],
    )


def test_editor_errors_are_shown_on_the_field(personas, client_for, draft):
    response = client_for(personas.procurement_officer).post(
        f"/models/versions/{draft.pk}/factors/new/", {"code": "k1", "name": "Dubblett"}
    )
    page = text(response)
    assert response.status_code == 200
    assert 'href="#id_code">Code: Another success factor has the code k1.</a>' in page
    assert SuccessFactor.objects.filter(version=draft).count() == 1


def test_edit_a_criterion_keeps_its_place(personas, client_for, draft):
    criterion = draft.criteria.get(code="1.2")
    client = client_for(personas.procurement_officer)
    url = f"/models/versions/{draft.pk}/criteria/{criterion.pk}/edit/"
    assert (
        "Hur arbetar ni?\nHur väl är det infört?\nHur förbättrar ni?"
        in client.get(url).content.decode()
    )
    client.post(
        url,
        {
            "group": criterion.group_id,
            "code": "1.2",
            "name": "Nytt namn",
            "kind": "approach",
            "max_points": criterion.max_points,
            "questions": "En fråga",
            "order": "",
        },
    )
    criterion.refresh_from_db()
    assert (criterion.name, criterion.order, criterion.questions) == ("Nytt namn", 1, ["En fråga"])


def test_edit_version_details_and_scale_steps(personas, client_for, draft):
    client = client_for(personas.buyer_admin)
    client.post(
        f"/models/versions/{draft.pk}/edit/",
        {
            "label": "2027",
            "language": "sv",
            "total_points": "500",
            "approach_points": "250",
            "results_points": "250",
            "notes": "Anteckning",
        },
    )
    draft.refresh_from_db()
    assert (draft.label, draft.total_points, draft.notes) == ("2027", 500, "Anteckning")
    scale = draft.scales.get(kind="approach")
    step = scale.steps.get(percent=50)
    client.post(
        f"/models/versions/{draft.pk}/scales/{scale.pk}/steps/{step.pk}/edit/",
        {"percent": "55", "label": "Mitt", "description": "Halvvägs"},
    )
    step.refresh_from_db()
    assert (step.percent, step.label) == (55, "Mitt")
    client.post(f"/models/versions/{draft.pk}/scales/{scale.pk}/steps/{step.pk}/delete/")
    assert not scale.steps.filter(pk=step.pk).exists()


def test_remove_a_group_after_confirming(personas, client_for, draft):
    group = draft.groups.get(code="R")
    client = client_for(personas.procurement_officer)
    url = f"/models/versions/{draft.pk}/groups/{group.pk}/delete/"
    assert "The group's criteria are removed with it." in text(client.get(url))
    assert client.post(url)["Location"] == f"/models/versions/{draft.pk}/#structure"
    assert not draft.criteria.filter(code="R.1").exists()


def test_delete_draft_and_refuse_a_frozen_version(personas, client_for, own, draft):
    client = client_for(personas.buyer_admin)
    frozen_page = client.get(f"/models/versions/{own.pk}/delete/")
    assert "This version is in use and frozen, so it cannot be deleted." in text(frozen_page)
    assert ">Delete</button>" not in text(frozen_page)
    response = client.post(f"/models/versions/{own.pk}/delete/")
    assert response.status_code == 400
    assert ModelVersion.objects.filter(pk=own.pk).exists()
    assert client.post(f"/models/versions/{draft.pk}/delete/")["Location"] == "/models/"
    assert not QualityModel.objects.filter(pk=draft.model_id).exists()


def test_create_a_model_in_an_organisation(personas, client_for):
    client = client_for(personas.procurement_officer)
    page = text(client.get("/models/new/"))
    assert "The platform library" not in page  # only platform administrators add to it
    response = client.post(
        "/models/new/", {"name": "Ekbys egen modell", "owner": str(personas.buyer.pk)}
    )
    model = QualityModel.objects.get(name="Ekbys egen modell")
    assert model.owner == personas.buyer
    assert response["Location"] == f"/models/versions/{model.versions.get().pk}/"
    foreign = client.post("/models/new/", {"name": "X", "owner": str(personas.provider_a.pk)})
    assert foreign.status_code == 200  # not a choice: the form says so
    assert not QualityModel.objects.filter(name="X").exists()


@pytest.mark.parametrize(("persona", "status"), [("evaluator", 403), ("stranger", 403)])
def test_create_and_import_need_a_model_manager(personas, client_for, persona, status):
    client = client_for(getattr(personas, persona))
    assert client.get("/models/new/").status_code == status
    assert client.get("/models/import/").status_code == status


def test_copy_a_template_to_the_organisation(personas, client_for):
    template = template_version()
    client = client_for(personas.provider_a_author)
    response = client.post(
        f"/models/versions/{template.pk}/copy/", {"owner": str(personas.provider_a.pk)}
    )
    copy = ModelVersion.objects.get(model__owner=personas.provider_a)
    assert response["Location"] == f"/models/versions/{copy.pk}/"
    assert spec_of(copy) == spec_of(template)
    assert (
        client_for(personas.evaluator).get(f"/models/versions/{template.pk}/copy/").status_code
        == 403
    )


# --- upload --------------------------------------------------------------------------------------


def _upload(content: str, name: str = "modell.yaml") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content.encode(), content_type="application/yaml")


def test_upload_a_model_file(personas, client_for):
    client = client_for(personas.procurement_officer)
    response = client.post(
        "/models/import/",
        {
            "file": _upload(exchange.dump_yaml(make_spec(name="Uppladdad"))),
            "owner": str(personas.buyer.pk),
        },
    )
    version = ModelVersion.objects.get(model__name="Uppladdad")
    assert response["Location"] == f"/models/versions/{version.pk}/"
    assert version.model.owner == personas.buyer
    assert "Version 1 of Uppladdad was imported as a draft." in text(
        client.get(response["Location"])
    )


def test_upload_errors_name_line_and_path_and_save_nothing(personas, client_for, own):
    bad = exchange.dump_yaml(make_spec()).replace("max_points: 175", "max_points: 17", 1)
    before = ModelVersion.objects.count()
    response = client_for(personas.procurement_officer).post(
        f"/models/{own.model_id}/import/", {"file": _upload(bad, "modell.json")}
    )
    page = text(response)
    assert response.status_code == 200
    line = next(i + 1 for i, row in enumerate(bad.splitlines()) if "approach_points" in row)
    assert (
        f"Model file: line {line}, version.approach_points: The approach criteria add up to 542 "
        "points, but the version gives 700 points to approaches."
    ) in page
    assert ModelVersion.objects.count() == before


def test_upload_a_new_version_of_a_model(personas, client_for, own):
    client = client_for(personas.buyer_admin)
    response = client.post(
        f"/models/{own.model_id}/import/", {"file": _upload(export_version(own, "json"), "m.json")}
    )
    new = own.model.versions.get(number=2)
    assert response["Location"] == f"/models/versions/{new.pk}/"
    assert spec_of(new) == spec_of(own)


def test_upload_without_an_owner_asks_for_one(personas, client_for):
    response = client_for(personas.procurement_officer).post(
        "/models/import/", {"file": _upload(exchange.dump_yaml(make_spec(name="Utan ägare")))}
    )
    assert response.status_code == 200
    assert 'href="#id_owner_0">Owner: This field is required.</a>' in text(response)
    assert not QualityModel.objects.filter(name="Utan ägare").exists()
