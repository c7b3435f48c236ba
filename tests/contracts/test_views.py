"""The registration page (after the standstill, per lot), the contract page and the list: who
sees what, and that bad input is explained and saves nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest

from rodtrad.contracts.models import Contract
from rodtrad.procurements.models import Procurement, ProcurementStatus
from tests.award.factories import decided, ready
from tests.contracts.factories import after_standstill, contract_manager, register, today

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_users")]


def register_url(procurement) -> str:
    return f"/procurements/{procurement.pk}/contract/"


def form_data(procurement, manager, **changes) -> dict:
    prefix = f"lot{procurement.lots.get().pk}-"
    data = {
        "lot": str(procurement.lots.get().pk),
        "reference": "AVT-2027-01",
        "signed_on": today().isoformat(),
        "starts_on": (today() + timedelta(days=30)).isoformat(),
        "ends_on": (today() + timedelta(days=1490)).isoformat(),
        "latest_end_on": "",
        "value": "48000000",
        "manager": str(manager.pk),
        "note": "",
    }
    data.update(changes)
    return {(k if k == "lot" else prefix + k): v for k, v in data.items()}


def test_registering_through_the_page(personas, client_for):
    procurement, _tenders = after_standstill(personas, 2)
    manager = contract_manager(personas)
    manager.language = "en"
    manager.save()
    client = client_for(manager)
    page = client.get(register_url(procurement)).content.decode()
    assert "Register the contract" in page
    assert f'name="lot{procurement.lots.get().pk}-signed_on"' in page
    response = client.post(register_url(procurement), form_data(procurement, manager))
    contract = Contract.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/contracts/{contract.pk}/"
    detail = client.get(response["Location"]).content.decode()
    assert "Contract between Ekby kommun and Omsorg A AB" in detail
    title = detail.split("<title>")[1].split("</title>")[0]
    assert "Contract" in title and "<" not in title and "team" not in title
    assert detail.count('id="team"') == 1
    assert "The red thread" in detail and "48" in detail
    assert Procurement.objects.get(pk=procurement.pk).status == ProcurementStatus.CONTRACTED
    again = client.get(register_url(procurement)).content.decode()
    assert "Registered; signed" in again and "<form" not in again.split("<main")[-1]


def test_bad_terms_are_explained_and_nothing_is_saved(personas, client_for):
    procurement, _tenders = after_standstill(personas, 2)
    client = client_for(personas.buyer_admin)
    response = client.post(
        register_url(procurement),
        form_data(
            procurement,
            personas.buyer_admin,
            signed_on=(today() - timedelta(days=1)).isoformat(),
            value="lots",
            ends_on=today().isoformat(),
            starts_on=today().isoformat(),
        ),
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in page
    assert "Enter a number." in page
    assert not Contract.objects.exists()
    response = client.post(
        register_url(procurement),
        form_data(
            procurement,
            personas.buyer_admin,
            signed_on=(today() - timedelta(days=1)).isoformat(),
            ends_on=today().isoformat(),
            starts_on=today().isoformat(),
        ),
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "signed during the standstill is invalid" in page
    assert "The contract must end after it starts." in page
    assert not Contract.objects.exists()


def test_during_the_standstill_the_page_says_why_and_posting_saves_nothing(personas, client_for):
    procurement, _tenders = decided(personas, 2)
    client = client_for(personas.buyer_admin)
    page = client.get(register_url(procurement)).content.decode()
    assert "The standstill lasts until" in page
    assert "signed_on" not in page
    response = client.post(register_url(procurement), form_data(procurement, personas.buyer_admin))
    assert response.status_code == 302
    assert not Contract.objects.exists()


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("buyer_admin", 200),
        ("panel_chair", 200),  # runs the award: sees the status, no form
        ("evaluator", 403),
        ("buyer_viewer", 404),
        ("provider_a_author", 404),
        ("other_buyer_officer", 404),
        ("stranger", 404),
        ("platform_admin", 404),
    ],
)
def test_registration_page_access(personas, client_for, who, status):
    procurement, _tenders = after_standstill(personas, 2)
    response = client_for(getattr(personas, who)).get(register_url(procurement))
    assert response.status_code == status
    if who == "panel_chair":
        assert "signed_on" not in response.content.decode()
        post = client_for(personas.panel_chair).post(
            register_url(procurement), form_data(procurement, personas.buyer_admin)
        )
        assert post.status_code == 302 and not Contract.objects.exists()


def test_registration_page_does_not_exist_before_the_decision(personas, client_for):
    procurement, _tenders = ready(personas, 2)
    assert client_for(personas.buyer_admin).get(register_url(procurement)).status_code == 404


def test_registration_page_login_required(personas, client):
    procurement, _tenders = after_standstill(personas, 2)
    response = client.get(register_url(procurement))
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("buyer_admin", 200),
        ("provider_a_author", 200),  # the provider's administrator
        ("procurement_officer", 404),  # ran the procurement, not on the contract team
        ("panel_chair", 404),
        ("evaluator", 404),
        ("buyer_viewer", 404),
        ("provider_b_author", 404),  # the competitor
        ("other_buyer_officer", 404),
        ("stranger", 404),
        ("platform_admin", 404),
    ],
)
def test_contract_page_only_for_the_parties(personas, client_for, who, status):
    procurement, _tenders = after_standstill(personas, 2)
    contract = register(personas, procurement, personas.buyer_admin)
    response = client_for(getattr(personas, who)).get(f"/contracts/{contract.pk}/")
    assert response.status_code == status


def test_the_provider_reads_its_baseline_and_finds_its_feedback(personas, client_for):
    procurement, tenders = after_standstill(personas, 2)
    contract = register(personas, procurement, personas.buyer_admin)
    page = client_for(personas.provider_a_author).get(f"/contracts/{contract.pk}/").content
    text = page.decode()
    assert f"/tenders/{tenders[0].pk}/award/" in text
    assert f"/assessments/{contract.baseline_id}/report/" not in text  # the panel's report
    # 80 % on each criterion of the default procurement: 56.00 of 70 and 80.00 of 100 points
    assert "56.00" in text and "80.00" in text


def test_the_list_shows_each_party_its_own_contracts(personas, client_for):
    procurement, _tenders = after_standstill(personas, 2)
    register(personas, procurement, personas.buyer_admin)
    title = procurement.title
    assert title in client_for(personas.buyer_admin).get("/contracts/").content.decode()
    assert title in client_for(personas.provider_a_author).get("/contracts/").content.decode()
    for who in ("provider_b_author", "other_buyer_officer", "evaluator"):
        page = client_for(getattr(personas, who)).get("/contracts/").content.decode()
        assert title not in page
        assert "There are no contracts for you yet." in page


def test_teams_are_kept_by_each_party(personas, client_for):
    from rodtrad.contracts.models import ContractMember

    procurement, _tenders = after_standstill(personas, 2)
    manager = contract_manager(personas)
    contract = register(personas, procurement, manager)
    # The manager started the buyer's team; the provider's administrator the provider's.
    assert set(ContractMember.objects.values_list("user__email", "party")) == {
        ("avtal@ekby.se", "buyer"),
        ("author@omsorg-a.se", "provider"),
    }
    url = f"/contracts/{contract.pk}/"
    assert client_for(personas.evaluator).get(url).status_code == 404
    add = client_for(manager).post(url + "team/", {"party": "buyer", "user": personas.evaluator.pk})
    assert add.status_code == 302
    assert client_for(personas.evaluator).get(url).status_code == 200
    # The evaluator cannot keep the team, nor can the provider add to the buyer's side.
    page = client_for(personas.evaluator).get(url).content.decode()
    assert "Add to the team" not in page
    client_for(personas.provider_a_author).post(
        url + "team/", {"party": "buyer", "user": personas.buyer_viewer.pk}
    )
    assert not ContractMember.objects.filter(user=personas.buyer_viewer).exists()
    # Somebody of another organisation cannot be put on a team.
    client_for(personas.provider_a_author).post(
        url + "team/", {"party": "provider", "user": personas.provider_b_author.pk}
    )
    assert not ContractMember.objects.filter(user=personas.provider_b_author).exists()
    member = ContractMember.objects.get(user=personas.evaluator)
    client_for(manager).post(url + f"team/{member.pk}/remove/")
    assert client_for(personas.evaluator).get(url).status_code == 404
    # The contract manager stays.
    own = ContractMember.objects.get(user=manager)
    client_for(personas.buyer_admin).post(url + f"team/{own.pk}/remove/")
    assert ContractMember.objects.filter(user=manager).exists()


def test_leaving_the_organisation_ends_access(personas, client_for):
    from rodtrad.accounts.models import Membership

    procurement, _tenders = after_standstill(personas, 2)
    manager = contract_manager(personas)
    contract = register(personas, procurement, manager)
    assert client_for(manager).get(f"/contracts/{contract.pk}/").status_code == 200
    Membership.objects.filter(user=manager).delete()
    assert client_for(manager).get(f"/contracts/{contract.pk}/").status_code == 404
