"""GET /api/v1/procurements/{id}/ocds with the visibility of the procurement's pages."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.award.factories import decided
from tests.factories import add_member, make_organisation, make_user
from tests.ocds.schema import assert_valid
from tests.procurements.factories import make_procurement

pytestmark = pytest.mark.django_db


def _url(procurement) -> str:
    return f"/api/v1/procurements/{procurement.pk}/ocds"


def test_anonymous_gets_401(personas):
    procurement = make_procurement(personas, publish=True)
    response = Client().get(_url(procurement))
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"


def test_a_draft_is_404_outside_the_buyer_side_and_200_for_its_team(personas, api_for):
    draft = make_procurement(personas)
    for user in (personas.stranger, personas.provider_a_author, personas.other_buyer_officer):
        response = api_for(user).get(_url(draft))
        assert response.status_code == 404, user
        assert response.json()["error"]["code"] == "not_found"
    for user in (personas.procurement_officer, personas.panel_chair, personas.buyer_admin):
        response = api_for(user).get(_url(draft))
        assert response.status_code == 200, user
        assert_valid(response.json())
        assert response.json()["releases"][0]["tag"] == ["planning"]


def test_a_published_procurement_is_for_every_member_of_an_organisation(personas, api_for):
    procurement, _tenders = decided(personas, 2)
    for user in (
        personas.provider_b_author,
        personas.other_buyer_officer,
        personas.procurement_officer,
    ):
        response = api_for(user).get(_url(procurement))
        assert response.status_code == 200, user
        assert_valid(response.json())
    newcomer = add_member(
        make_user("ny@omsorg-c.se", full_name="Nina Ny"),
        make_organisation("Omsorg C AB"),
        "viewer",
    )
    assert api_for(newcomer).get(_url(procurement)).status_code == 200
    # Logged in without any organisation: the market is not for them.
    assert api_for(personas.stranger).get(_url(procurement)).status_code == 404


def test_an_unknown_procurement_is_404(personas, api_for):
    response = api_for(personas.procurement_officer).get("/api/v1/procurements/999999/ocds")
    assert response.status_code == 404
