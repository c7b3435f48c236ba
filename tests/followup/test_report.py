"""The follow-up report of a round (PDF): what it holds, who may read it, a fixed query count."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from rodtrad.followup import services
from tests.evaluations.factories import actor
from tests.followup.factories import contracted, finished, first_round

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_users")]


def text_of(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)


def test_the_report_holds_both_parties_progression_and_the_next_steps(personas, client_for):
    contract, manager, round = finished(personas, provider_step=90, buyer_step=60)
    services.complete_round(actor=actor(manager), round=round, next_steps="Ny nattrutin i maj")
    manager.language = "en"
    manager.save(update_fields=["language"])
    text = text_of(
        client_for(manager).get(f"/contracts/{contract.pk}/follow-up/{round.pk}/report.pdf")
    )
    assert "Follow-up report: Follow-up round 1" in text
    assert "Progression of Omsorg A AB" in text and "Progression of Ekby kommun" in text
    assert "Tender" in text  # the provider's baseline column
    assert "Ny nattrutin i maj" in text
    assert "The contract has no indicators yet." in text


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("provider_a_author", 200),
        ("buyer_admin", 200),
        ("provider_b_author", 404),
        ("procurement_officer", 404),
        ("stranger", 404),
        ("platform_admin", 404),
    ],
)
def test_only_the_contract_teams_read_the_report(personas, client_for, who, status):
    contract, _manager = contracted(personas)
    round = first_round(contract)
    url = f"/contracts/{contract.pk}/follow-up/{round.pk}/report.pdf"
    assert client_for(getattr(personas, who)).get(url).status_code == status


@pytest.mark.parametrize("rounds", [1, 3])
def test_report_query_count(personas, client_for, django_assert_num_queries, rounds):
    from rodtrad.followup.models import FollowUpRound

    contract, manager, round = finished(personas)
    FollowUpRound.objects.filter(contract=contract, number__gt=rounds).delete()
    client = client_for(manager)
    # session, user, memberships, contract, contract team, round, rounds, criteria points,
    # previous round's day, actions changed (actions, history), action counts, indicators,
    # barometer (none while the round is not done)
    with django_assert_num_queries(13):
        response = client.get(f"/contracts/{contract.pk}/follow-up/{round.pk}/report.pdf")
    assert response.content.startswith(b"%PDF")
