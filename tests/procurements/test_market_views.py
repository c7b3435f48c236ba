"""The provider side of issue 4, used as a person would: the list of published procurements, the
published procurement (only ever a published version, never the working copy), versions with
PDF, ZIP and what changed, following a procurement, and who may see what."""

import io
import json
import zipfile
from datetime import timedelta

import pytest

from rodtrad.common import clock
from rodtrad.procurements import services
from rodtrad.procurements.models import DocumentVersion, InterestRegistration
from rodtrad.procurements.views import market as market_views
from tests.factories import add_member, make_organisation, make_user
from tests.procurements.test_market_support import (
    DESCRIPTION,
    actor,
    make_procurement,
    publish_change,
    text_of,
    use_english,
)


@pytest.fixture(autouse=True)
def _english(personas):
    use_english(personas)


def market_urls(procurement_id: int) -> list[str]:
    """Every page of the market about one procurement (GET)."""
    base = f"/market/{procurement_id}/"
    return [
        base,
        base + "questions/",
        base + "versions/1/",
        base + "versions/1/pdf/",
        base + "versions/1/zip/",
        base + "versions/2/changes/",
    ]


# --- who may see the market -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("provider_a_author", 200),
        ("provider_b_author", 200),
        ("other_buyer_officer", 200),
        ("buyer_viewer", 200),
        ("stranger", 404),
        ("platform_admin", 404),
    ],
)
def test_market_list_is_for_members_of_organisations(personas, client_for, persona, status):
    response = client_for(getattr(personas, persona)).get("/market/")
    assert response.status_code == status


def test_market_list_needs_login(client, db):
    response = client.get("/market/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("provider_a_author", 200),
        ("provider_b_author", 200),
        ("other_buyer_officer", 200),
        ("procurement_officer", 200),
        ("evaluator", 200),
        ("stranger", 404),
        ("platform_admin", 404),
    ],
)
def test_published_procurement_pages_permissions(personas, client_for, persona, status):
    procurement = make_procurement(personas)
    publish_change(personas, procurement, "Ändrad beskrivning.", "Beskrivningen ändrad")
    client = client_for(getattr(personas, persona))
    for url in market_urls(procurement.pk):
        assert client.get(url).status_code == status, url


@pytest.mark.parametrize(
    "persona", ["provider_a_author", "other_buyer_officer", "procurement_officer", "stranger"]
)
def test_a_draft_is_not_found_on_any_market_page(personas, client_for, persona):
    draft = make_procurement(personas, publish=False, title="Hemligt utkast")
    client = client_for(getattr(personas, persona))
    for url in market_urls(draft.pk):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/market/{draft.pk}/follow/", {}).status_code == 404
    assert client.post(f"/market/{draft.pk}/questions/", {"text": "Fråga?"}).status_code == 404
    assert "Hemligt utkast" not in text_of(client.get("/market/", {"open_only": ""}))


# --- the list ---------------------------------------------------------------------------------


def test_market_lists_published_procurements_only(personas, client_for):
    make_procurement(personas, title="Boende Ekbacken", reference="KS 2026/1")
    make_procurement(personas, publish=False, title="Utkast Björkbacken", reference="KS 2026/2")
    cancelled = make_procurement(personas, title="Avbrutet Lindbacken", reference="KS 2026/3")
    services.cancel(
        actor=actor(personas.procurement_officer), procurement=cancelled, reason="Budget saknas."
    )
    client = client_for(personas.provider_b_author)
    page = text_of(client.get("/market/"))
    assert "Boende Ekbacken" in page and "KS 2026/1" in page
    assert "Utkast Björkbacken" not in page and "Avbrutet Lindbacken" not in page
    assert "1 procurement" in page
    everything = text_of(client.get("/market/", {"q": ""}))  # the form sent, box unticked
    assert "Boende Ekbacken" in everything and "Avbrutet Lindbacken" in everything
    assert "Cancelled" in everything
    assert "Utkast Björkbacken" not in everything


def test_market_search_and_filters(personas, client_for):
    ekbacken = make_procurement(
        personas, title="Boende Ekbacken", reference="KS 2026/11", cpv="85311100-3"
    )
    hemtjanst = make_procurement(
        personas,
        title="Hemtjänst norr",
        reference="KS 2026/12",
        cpv="85312000-9",
        tender_deadline=ekbacken.tender_deadline + timedelta(days=90),
    )
    grannby = make_procurement(
        personas,
        title="Grannbys boende",
        reference="GK 2026/5",
        cpv="85311200-4",
        other_buyer=True,
    )
    client = client_for(personas.provider_a_author)

    def titles(**params) -> set[str]:
        page = text_of(client.get("/market/", params))
        return {t for t in ("Boende Ekbacken", "Hemtjänst norr", "Grannbys boende") if t in page}

    assert titles() == {"Boende Ekbacken", "Hemtjänst norr", "Grannbys boende"}
    assert titles(q="boende", open_only="on") == {"Boende Ekbacken", "Grannbys boende"}
    assert titles(q="KS 2026/12", open_only="on") == {"Hemtjänst norr"}
    assert titles(buyer=personas.other_buyer.pk, open_only="on") == {"Grannbys boende"}
    assert titles(buyer=personas.buyer.pk, open_only="on") == {"Boende Ekbacken", "Hemtjänst norr"}
    assert titles(cpv="853111", open_only="on") == {"Boende Ekbacken"}
    assert titles(cpv="85311", open_only="on") == {"Boende Ekbacken", "Grannbys boende"}
    assert titles(cpv="85312000-9", open_only="on") == {"Hemtjänst norr"}
    after = (ekbacken.tender_deadline + timedelta(days=30)).date().isoformat()
    assert titles(deadline_after=after, open_only="on") == {"Hemtjänst norr"}
    # Once a tender deadline has passed the procurement is no longer open.
    clock.advance(ekbacken.tender_deadline - clock.now() + timedelta(hours=1))
    assert titles() == {"Hemtjänst norr"}
    assert titles(q="") == {"Boende Ekbacken", "Hemtjänst norr", "Grannbys boende"}
    assert hemtjanst.pk and grannby.pk


def test_market_filter_errors_are_shown_and_list_nothing(personas, client_for):
    make_procurement(personas)
    response = client_for(personas.provider_a_author).get("/market/", {"cpv": "vård"})
    page = text_of(response)
    assert response.status_code == 400
    assert 'href="#id_cpv"' in page
    assert "Enter digits of a CPV code, for example 85311100." in page
    assert "Särskilt boende Ekbacken" not in page


def test_market_pages_keep_the_filters(personas, client_for, monkeypatch):
    monkeypatch.setattr(market_views, "PAGE_SIZE", 2)
    for index in range(3):
        make_procurement(personas, title=f"Boende {index}", reference=f"KS 2026/{index}")
    client = client_for(personas.provider_a_author)
    first = text_of(client.get("/market/", {"q": "Boende", "open_only": "on"}))
    assert "Page 1 of 2" in first and "Boende 0" in first and "Boende 1" in first
    assert 'href="?q=Boende&amp;open_only=on&amp;page=2"' in first
    second = text_of(client.get("/market/", {"q": "Boende", "open_only": "on", "page": 2}))
    assert "Boende 2" in second and "Boende 0" not in second


# --- the published procurement ----------------------------------------------------------------


def test_published_procurement_shows_what_a_tenderer_needs(personas, client_for):
    procurement = make_procurement(personas)
    page = text_of(client_for(personas.provider_b_author).get(f"/market/{procurement.pk}/"))
    snapshot = DocumentVersion.objects.get(procurement=procurement).snapshot
    criterion = snapshot["criteria"][0]
    for expected in (
        "<h1>Särskilt boende Ekbacken</h1>",
        DESCRIPTION,
        "Ekby kommun",
        "KS 2026/101",
        "85311100-3",
        "Welfare services (LOU chapter 19)",
        "120,000,000.00 kr",
        # 10:00 and 10:00 UTC are 12:00 Swedish summer time.
        "4 May 2099 12:00",
        "1 June 2099 12:00",
        "M1</strong> De boende bestämmer själva.",
        f"{criterion['code']} {criterion['name']}",
        criterion["guidance"],
        criterion["question"],
        criterion["model_questions"][0],
        snapshot["scales"][0]["steps"][-1]["description"],
        "Value-added price deduction",
        "Worked example",
        "Hur vill ni samverka med kommunen?",
        "Follow-up rounds every 6 months.",
        "Helhetsnöjdhet särskilt boende (U23471)",
        "Version 1, published",
    ):
        assert expected in page, expected
    assert f'href="/market/{procurement.pk}/versions/1/pdf/"' in page
    assert f'href="/market/{procurement.pk}/versions/1/zip/"' in page
    assert f'href="/market/{procurement.pk}/questions/"' in page
    assert "Answer questions (buyer)" not in page


def test_buyer_side_reads_the_published_page_with_a_link_to_the_questions(personas, client_for):
    procurement = make_procurement(personas)
    page = text_of(client_for(personas.evaluator).get(f"/market/{procurement.pk}/"))
    assert f'href="/procurements/{procurement.pk}/questions/"' in page


def test_unpublished_edits_stay_invisible_until_a_change_is_published(personas, client_for):
    procurement = make_procurement(personas)
    officer = actor(personas.procurement_officer)
    services.update_basics(
        actor=officer,
        procurement=procurement,
        basics=services.Basics(
            title="Nytt namn Ekbacken",
            reference_number=procurement.reference_number,
            description="Hemlig utkasttext om 48 platser.",
            cpv_codes=procurement.cpv_codes,
            estimated_value=procurement.estimated_value,
            procedure=procurement.procedure,
            publication_date=procurement.publication_date,
            questions_deadline=procurement.questions_deadline,
            tender_deadline=procurement.tender_deadline,
        ),
    )
    client = client_for(personas.provider_b_author)
    urls = [f"/market/{procurement.pk}/", "/market/", f"/market/{procurement.pk}/questions/"]
    for url in urls:
        page = text_of(client.get(url))
        assert "Särskilt boende Ekbacken" in page, url
        assert "Hemlig utkasttext" not in page and "Nytt namn" not in page, url
    assert DESCRIPTION in text_of(client.get(f"/market/{procurement.pk}/"))
    searched = text_of(client.get("/market/", {"q": "Nytt namn"}))
    assert "0 procurements" in searched and "Särskilt boende Ekbacken" not in searched
    assert client.get(f"/market/{procurement.pk}/versions/2/").status_code == 404

    services.publish(actor=officer, procurement=procurement, change_summary="Ny text och namn")
    page = text_of(client.get(f"/market/{procurement.pk}/"))
    assert "Hemlig utkasttext om 48 platser." in page and DESCRIPTION not in page
    assert "<h1>Nytt namn Ekbacken</h1>" in page
    assert "Nytt namn Ekbacken" in text_of(client.get("/market/", {"q": "Nytt namn"}))
    assert "Ny text och namn" in page
    changes = text_of(client.get(f"/market/{procurement.pk}/versions/2/changes/"))
    deleted = '<del><span class="visually-hidden">deleted: </span>'
    inserted = '<ins><span class="visually-hidden">inserted: </span>'
    assert (
        f"<td>{deleted}Drift av Ekbackens särskilda boende med 40</del> "
        f"{inserted}Hemlig utkasttext om 48</ins> platser. </td>"
    ) in changes
    assert f"<td>{deleted}Särskilt boende</del> {inserted}Nytt namn</ins> Ekbacken </td>" in changes
    assert "Ny text och namn" in changes
    # The first version is still readable exactly as it was published.
    old = text_of(client.get(f"/market/{procurement.pk}/versions/1/"))
    assert DESCRIPTION in old and "Hemlig utkasttext" not in old
    assert "You are reading version 1" in old


def test_version_downloads_are_the_published_files(personas, client_for):
    procurement = make_procurement(personas)
    publish_change(personas, procurement, "Ändrad beskrivning.", "Beskrivningen ändrad")
    client = client_for(personas.provider_a_author)
    first = DocumentVersion.objects.get(procurement=procurement, number=1)
    pdf = client.get(f"/market/{procurement.pk}/versions/1/pdf/")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content == bytes(first.pdf)
    assert 'filename="ks-2026101-v1.pdf"' in pdf["Content-Disposition"]
    archive = client.get(f"/market/{procurement.pk}/versions/1/zip/")
    assert archive["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(archive.content)) as parts:
        assert sorted(parts.namelist()) == [
            "skall-krav.csv",
            "tilldelningskriterier.csv",
            "upphandling.json",
            "upphandlingsdokument-v1.pdf",
        ]
        assert json.loads(parts.read("upphandling.json")) == first.snapshot
        assert parts.read("upphandlingsdokument-v1.pdf") == bytes(first.pdf)
    for missing in ("versions/3/", "versions/3/pdf/", "versions/3/zip/", "versions/1/changes/"):
        assert client.get(f"/market/{procurement.pk}/{missing}").status_code == 404, missing


def test_cancelled_procurement_says_so_and_why(personas, client_for):
    procurement = make_procurement(personas)
    services.cancel(
        actor=actor(personas.procurement_officer),
        procurement=procurement,
        reason="Behovet har förändrats efter beslut i nämnden.",
    )
    client = client_for(personas.provider_a_author)
    page = text_of(client.get(f"/market/{procurement.pk}/"))
    assert "This procurement has been cancelled." in page
    assert "Behovet har förändrats efter beslut i nämnden." in page
    assert "Follow this procurement" not in page
    assert client.post(f"/market/{procurement.pk}/follow/", {}).status_code == 403
    assert not InterestRegistration.objects.exists()


# --- following --------------------------------------------------------------------------------


def test_follow_for_ones_only_provider_organisation(personas, client_for):
    procurement = make_procurement(personas)
    client = client_for(personas.provider_a_author)
    page = text_of(client.get(f"/market/{procurement.pk}/"))
    assert "Follow on behalf of Omsorg A AB" in page
    assert f'type="hidden" name="organisation" value="{personas.provider_a.pk}"' in page
    response = client.post(
        f"/market/{procurement.pk}/follow/", {"organisation": personas.provider_a.pk}
    )
    assert response["Location"] == f"/market/{procurement.pk}/"
    registration = InterestRegistration.objects.get()
    assert (registration.organisation, registration.registered_by) == (
        personas.provider_a,
        personas.provider_a_author,
    )
    page = text_of(client.get(f"/market/{procurement.pk}/"))
    assert "Omsorg A AB follows this procurement" in page
    assert "Follow on behalf of Omsorg A AB" not in page
    # Following again changes nothing.
    client.post(f"/market/{procurement.pk}/follow/", {"organisation": personas.provider_a.pk})
    assert InterestRegistration.objects.count() == 1


def test_follow_chooses_among_several_provider_organisations(personas, client_for):
    procurement = make_procurement(personas)
    third = make_organisation("Omsorg C AB", kind="provider")
    add_member(personas.provider_a_author, third, "quality_lead")
    client = client_for(personas.provider_a_author)
    page = text_of(client.get(f"/market/{procurement.pk}/"))
    assert '<select name="organisation"' in page
    assert f'<option value="{third.pk}">Omsorg C AB</option>' in page
    assert f'<option value="{personas.provider_a.pk}">Omsorg A AB</option>' in page
    response = client.post(f"/market/{procurement.pk}/follow/", {"organisation": third.pk})
    assert response.status_code == 302
    assert list(InterestRegistration.objects.values_list("organisation", flat=True)) == [third.pk]
    page = text_of(client.get(f"/market/{procurement.pk}/"))
    assert "Omsorg C AB follows this procurement" in page
    assert "Follow on behalf of Omsorg A AB" in page  # only the one not yet following is offered


def test_follow_refuses_other_organisations_and_non_providers(personas, client_for):
    procurement = make_procurement(personas)
    client = client_for(personas.provider_a_author)
    bad = client.post(f"/market/{procurement.pk}/follow/", {"organisation": personas.provider_b.pk})
    assert bad.status_code == 400
    assert 'href="#id_organisation"' in text_of(bad)
    for persona, status in (
        ("procurement_officer", 403),
        ("other_buyer_officer", 403),
        ("stranger", 404),
    ):
        response = client_for(getattr(personas, persona)).post(
            f"/market/{procurement.pk}/follow/", {"organisation": personas.provider_a.pk}
        )
        assert response.status_code == status, persona
    assert not InterestRegistration.objects.exists()


def test_a_provider_viewer_may_follow(personas, client_for):
    procurement = make_procurement(personas)
    viewer = add_member(make_user("viewer@omsorg-a.se"), personas.provider_a, "viewer")
    response = client_for(viewer).post(
        f"/market/{procurement.pk}/follow/", {"organisation": personas.provider_a.pk}
    )
    assert response.status_code == 302
    assert InterestRegistration.objects.get().registered_by == viewer
