"""Who reaches the buyer's pages of a procurement. The buyer side (administrators, procurement
officers, the procurement's team) reads the working copy, drafts included; only the team's
procurement officers and the administrators change it (403 for the other team members). Anyone
else – providers, other buyers, the buyer's people who are not on the team and not procurement
officers – gets 404 on every page and every write, so a draft cannot even be known to exist."""

import pytest

from rodtrad.procurements import services
from rodtrad.procurements.models import Goal, Procurement, Requirement, TeamRole
from tests.procurements.factories import actor, make_procurement

READ_ONLY = (
    "detail",
    "lots",
    "goals",
    "requirements",
    "criteria",
    "indicators",
    "simulation",
    "check",
    "versions",
)
READERS = ("buyer_admin", "procurement_officer", "panel_chair")
OUTSIDERS = ("evaluator", "buyer_viewer", "provider_a_author", "other_buyer_officer", "stranger")


@pytest.fixture
def draft(personas) -> Procurement:
    """A complete draft whose team is the officer, the administrator (opener), the panel chair
    and evaluator 2 – the persona `evaluator` is not on it."""
    procurement = make_procurement(personas)
    services.set_team(
        actor=actor(personas.procurement_officer),
        procurement=procurement,
        assignments=[
            (personas.procurement_officer, TeamRole.PROCUREMENT_OFFICER),
            (personas.procurement_officer, TeamRole.OPENER),
            (personas.buyer_admin, TeamRole.OPENER),
            (personas.panel_chair, TeamRole.PANEL_CHAIR),
            (personas.evaluator_2, TeamRole.EVALUATOR),
        ],
    )
    return procurement


def page_urls(p: Procurement) -> dict[str, str]:
    """Every builder page that answers GET."""
    base = f"/procurements/{p.pk}/"
    lot = p.lots.get()
    goal, requirement = p.goals.first(), p.requirements.first()
    indicator, award = p.indicators.first(), p.criteria.first()
    tender = p.simulated_tenders.first()
    return {
        "detail": base,
        "basics": base + "basics/",
        "lots": base + "lots/",
        "lot_new": base + "lots/new/",
        "lot_edit": base + f"lots/{lot.pk}/",
        "lot_evaluation": base + f"lots/{lot.pk}/evaluation/",
        "lot_delete": base + f"lots/{lot.pk}/delete/",
        "team": base + "team/",
        "goals": base + "goals/",
        "goal_new": base + "goals/new/",
        "goal_edit": base + f"goals/{goal.pk}/",
        "goal_delete": base + f"goals/{goal.pk}/delete/",
        "requirements": base + "requirements/",
        "requirement_new": base + "requirements/new/",
        "requirement_edit": base + f"requirements/{requirement.pk}/",
        "requirement_delete": base + f"requirements/{requirement.pk}/delete/",
        "requirements_from_library": base + "requirements/from-library/",
        "criteria": base + "criteria/",
        "criterion_edit": base + f"criteria/{award.pk}/",
        "partnership": base + "partnership/",
        "indicators": base + "indicators/",
        "indicator_new": base + "indicators/new/",
        "indicator_edit": base + f"indicators/{indicator.pk}/",
        "indicator_delete": base + f"indicators/{indicator.pk}/delete/",
        "evaluation": base + "evaluation-model/",
        "simulation": base + "simulation/",
        "tender_edit": base + f"simulation/{tender.pk}/",
        "tender_delete": base + f"simulation/{tender.pk}/delete/",
        "check": base + "red-thread/",
        "publish": base + "publish/",
        "versions": base + "versions/",
        "cancel": base + "cancel/",
    }


def write_urls(p: Procurement) -> dict[str, str]:
    """Every URL that changes something when POSTed to."""
    base = f"/procurements/{p.pk}/"
    requirement = p.requirements.first()
    return {
        **{name: url for name, url in page_urls(p).items() if name not in READ_ONLY},
        "criteria_model": base + "criteria/model/",
        "criteria_scope": base + "criteria/scope/",
        "tender_new": base + "simulation/new/",
        "requirement_to_library": base + f"requirements/{requirement.pk}/to-library/",
    }


def _state(p: Procurement) -> tuple:
    p = Procurement.objects.get(pk=p.pk)
    return (
        p.status,
        p.title,
        Goal.objects.filter(procurement=p).count(),
        Requirement.objects.filter(procurement=p).count(),
        p.criteria.count(),
        p.lots.count(),
        p.simulated_tenders.count(),
        p.indicators.count(),
        p.team.count(),
        p.document_versions.count(),
    )


@pytest.mark.parametrize("persona", READERS)
def test_buyer_side_reads_every_builder_page(personas, client_for, draft, persona):
    client = client_for(getattr(personas, persona))
    statuses = {name: client.get(url).status_code for name, url in page_urls(draft).items()}
    expected = dict.fromkeys(page_urls(draft), 200)
    if persona == "panel_chair":
        expected["cancel"] = 403  # a page that only writes
    assert statuses == expected


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_outsiders_get_404_on_every_builder_page_and_write(personas, client_for, draft, persona):
    client = client_for(getattr(personas, persona))
    before = _state(draft)
    reads = {name: client.get(url).status_code for name, url in page_urls(draft).items()}
    writes = {
        name: client.post(url, {"title": "Kapad", "text": "Kapad", "reason": "Kapad"}).status_code
        for name, url in write_urls(draft).items()
    }
    assert reads == dict.fromkeys(page_urls(draft), 404)
    assert writes == dict.fromkeys(write_urls(draft), 404)
    assert _state(draft) == before


def test_team_members_who_only_read_get_403_on_every_write(personas, client_for, draft):
    client = client_for(personas.panel_chair)
    before = _state(draft)
    writes = {
        name: client.post(url, {"title": "Ny", "text": "Ny", "reason": "Ny"}).status_code
        for name, url in write_urls(draft).items()
    }
    assert writes == dict.fromkeys(write_urls(draft), 403)
    assert _state(draft) == before


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("buyer_admin", 200),
        ("procurement_officer", 200),
        ("panel_chair", 200),
        ("evaluator", 404),
        ("buyer_viewer", 404),
        ("provider_a_author", 404),
        ("other_buyer_officer", 404),
        ("stranger", 404),
    ],
)
def test_downloads_of_published_versions_are_for_the_buyer_side(
    personas, client_for, draft, persona, status
):
    services.publish(actor=actor(personas.procurement_officer), procurement=draft)
    client = client_for(getattr(personas, persona))
    pdf = client.get(f"/procurements/{draft.pk}/versions/1/pdf/")
    archive = client.get(f"/procurements/{draft.pk}/versions/1/zip/")
    # Everyone else reads published versions through the public pages, not these.
    assert (pdf.status_code, archive.status_code) == (status, status)
    if status == 200:
        assert pdf["Content-Type"] == "application/pdf"
        assert archive["Content-Type"] == "application/zip"
    missing = client.get(f"/procurements/{draft.pk}/versions/2/pdf/")
    assert missing.status_code == 404


def test_read_only_pages_refuse_posts(personas, client_for, draft):
    client = client_for(personas.procurement_officer)
    urls = {name: url for name, url in page_urls(draft).items() if name in READ_ONLY}
    assert {name: client.post(url).status_code for name, url in urls.items()} == dict.fromkeys(
        urls, 405
    )


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("buyer_admin", 200),
        ("procurement_officer", 200),
        ("panel_chair", 403),
        ("evaluator", 403),
        ("buyer_viewer", 403),
        ("provider_a_author", 404),
        ("other_buyer_officer", 404),
        ("stranger", 404),
    ],
)
def test_new_procurement_and_library_pages(personas, client_for, persona, status):
    client = client_for(getattr(personas, persona))
    organisation = personas.buyer.pk
    assert client.get(f"/organisations/{organisation}/procurements/new/").status_code == status
    assert client.get(f"/organisations/{organisation}/requirement-library/").status_code == status
    created = client.post(
        f"/organisations/{organisation}/procurements/new/",
        {"title": "Hemtjänst", "reference_number": "KS 1"},
    )
    assert created.status_code == (302 if status == 200 else status)
    assert Procurement.objects.filter(title="Hemtjänst").exists() == (status == 200)


def test_a_provider_cannot_create_a_procurement_for_its_own_organisation(personas, client_for):
    client = client_for(personas.provider_a_author)
    url = f"/organisations/{personas.provider_a.pk}/procurements/new/"
    assert client.get(url).status_code == 403
    assert client.post(url, {"title": "X", "reference_number": "1"}).status_code == 403
    assert not Procurement.objects.exists()


@pytest.mark.parametrize(
    ("persona", "sees"),
    [
        ("buyer_admin", True),
        ("procurement_officer", True),
        ("panel_chair", True),
        ("evaluator", False),
        ("buyer_viewer", False),
        ("provider_a_author", False),
        ("other_buyer_officer", False),
        ("stranger", False),
    ],
)
def test_the_list_never_shows_a_draft_to_those_who_may_not_know_it(
    personas, client_for, draft, persona, sees
):
    response = client_for(getattr(personas, persona)).get("/procurements/")
    assert response.status_code == 200
    assert (draft.title in response.content.decode()) == sees


def test_services_refuse_a_part_of_another_procurement(personas, draft):
    from django.core.exceptions import PermissionDenied

    other = make_procurement(personas, title="Hemtjänst")
    officer = actor(personas.procurement_officer)
    before = _state(other)
    attempts = {
        "goal": lambda: services.save_goal(
            actor=officer, procurement=draft, goal=other.goals.first(), text="Kapad"
        ),
        "requirement": lambda: services.save_requirement(
            actor=officer,
            procurement=draft,
            requirement=other.requirements.first(),
            data={**_requirement_fields(other.requirements.first()), "title": "Kapad"},
        ),
        "indicator": lambda: services.save_indicator(
            actor=officer,
            procurement=draft,
            indicator=other.indicators.first(),
            name="Kapad",
            unit="",
            direction="higher",
        ),
        "tender": lambda: services.save_simulated_tender(
            actor=officer,
            procurement=draft,
            tender=other.simulated_tenders.first(),
            name="Kapad",
            price=1,
            steps={},
        ),
        "lot evaluation": lambda: services.set_lot_evaluation(
            actor=officer, procurement=draft, lot=other.lots.first(), own=True
        ),
        "lot": lambda: services.delete_lot(
            actor=officer, procurement=draft, lot=other.lots.first()
        ),
    }
    refused = {}
    for name, attempt in attempts.items():
        try:
            attempt()
        except PermissionDenied:
            refused[name] = True
        else:
            refused[name] = False
    assert refused == dict.fromkeys(attempts, True)
    assert _state(other) == before


def _requirement_fields(requirement) -> dict:
    return {name: getattr(requirement, name) for name in services.REQUIREMENT_FIELDS}
