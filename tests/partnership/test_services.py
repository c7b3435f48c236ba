"""The charter's versions and signatures, and answering the barometer."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from rodtrad.audit.models import AuditEvent
from rodtrad.partnership import selectors, services
from rodtrad.partnership.models import BarometerRating, BarometerResponse, CharterVersion
from tests.evaluations.factories import actor
from tests.partnership.factories import (
    all_ratings,
    answer,
    charter_text,
    contracted,
    done,
    open_round,
)

pytestmark = pytest.mark.django_db


def test_charter_versions_are_signed_by_both_parties_and_a_change_needs_new_signatures(personas):
    setup = contracted(personas)
    contract = setup.contract
    first = services.write_charter(
        actor=actor(setup.manager), contract=contract, text=charter_text()
    )
    assert first.number == 1 and not first.agreed
    services.sign_charter(
        actor=actor(setup.manager), contract=contract, version=first, party="buyer"
    )
    with pytest.raises(ValidationError):  # once per party
        services.sign_charter(
            actor=actor(personas.evaluator), contract=contract, version=first, party="buyer"
        )
    with pytest.raises(PermissionDenied):  # a buyer person cannot sign for the provider
        services.sign_charter(
            actor=actor(setup.manager), contract=contract, version=first, party="provider"
        )
    agreed = services.sign_charter(
        actor=actor(setup.provider_team[1]), contract=contract, version=first, party="provider"
    )
    assert agreed.agreed

    second = services.write_charter(
        actor=actor(setup.provider_team[2]),
        contract=contract,
        text=charter_text(collaboration="A forum every month."),
    )
    assert second.number == 2 and not second.agreed
    versions = selectors.charter_versions(contract)
    assert [v.number for v in versions] == [2, 1]
    assert selectors.latest_agreed(versions).number == 1  # the agreed one stays in force
    assert CharterVersion.objects.get(number=1).collaboration.startswith("A partnership forum")
    with pytest.raises(ValidationError):  # only the newest version can be signed
        services.sign_charter(
            actor=actor(setup.manager), contract=contract, version=first, party="buyer"
        )
    # the buyer's administrator is not on the team but acts for the buyer: she signs
    services.sign_charter(
        actor=actor(personas.buyer_admin), contract=contract, version=second, party="buyer"
    )
    services.sign_charter(
        actor=actor(personas.provider_a_author), contract=contract, version=second, party="provider"
    )
    assert selectors.latest_agreed(selectors.charter_versions(contract)).number == 2
    actions = list(
        AuditEvent.objects.filter(action__startswith="partnership.charter").values_list(
            "action", flat=True
        )
    )
    assert actions.count("partnership.charter_version_created") == 2
    assert actions.count("partnership.charter_signed") == 4


def test_writing_the_charter_is_for_the_teams_and_needs_every_part(personas):
    setup = contracted(personas)
    contract = setup.contract
    for outsider in (personas.buyer_admin, personas.buyer_viewer, personas.provider_b_author):
        with pytest.raises(PermissionDenied):
            services.write_charter(actor=actor(outsider), contract=contract, text=charter_text())
    with pytest.raises(ValidationError) as error:
        services.write_charter(
            actor=actor(setup.manager),
            contract=contract,
            text=charter_text(goals=" ", feedback_use=""),
        )
    assert set(error.value.message_dict) == {"goals", "feedback_use"}
    services.write_charter(actor=actor(setup.manager), contract=contract, text=charter_text())
    with pytest.raises(ValidationError):  # nothing changed
        services.write_charter(actor=actor(setup.manager), contract=contract, text=charter_text())


def test_the_charter_starts_from_the_procurements_goals(personas):
    setup = contracted(personas)
    goals = list(setup.contract.procurement.goals.all())
    text = selectors.goals_text(setup.contract)
    assert all(goal.text in text for goal in goals)


def test_team_members_answer_once_and_may_change_until_the_round_is_done(personas):
    setup = contracted(personas)
    round = open_round(setup.first)
    answer(setup.contract, round, personas.evaluator, 4, "good")
    answer(setup.contract, round, personas.evaluator, 2, "worse")
    response = BarometerResponse.objects.get()
    assert response.party == "buyer"
    assert BarometerRating.objects.filter(response=response).count() == 10
    own = selectors.own_answer(round, actor(personas.evaluator))
    assert own["trust"].rating == 2 and own["trust"].comment == "worse"
    assert selectors.own_answer(round, actor(setup.manager)) is None
    done(round)
    with pytest.raises(ValidationError):
        answer(setup.contract, round, personas.evaluator, 5)


def test_only_team_members_answer_and_only_in_an_open_round(personas):
    setup = contracted(personas)
    with pytest.raises(ValidationError):  # planned, not started
        answer(setup.contract, setup.first, personas.evaluator, 3)
    round = open_round(setup.first)
    for outsider in (personas.buyer_admin, personas.buyer_viewer, personas.provider_b_author):
        with pytest.raises(PermissionDenied):
            answer(setup.contract, round, outsider, 3)
    with pytest.raises(ValidationError) as error:
        services.answer_barometer(
            actor=actor(personas.evaluator),
            contract=setup.contract,
            round=round,
            ratings={**all_ratings(3), "trust": None, "respect": 6},
        )
    assert {"rating_trust", "rating_respect"} <= set(error.value.message_dict)


def test_the_answer_event_is_confidential_and_carries_no_rating(personas):
    setup = contracted(personas)
    round = open_round(setup.first)
    answer(setup.contract, round, personas.evaluator, 5, "a comment nobody else reads")
    event = AuditEvent.objects.get(action="partnership.barometer_answered")
    assert event.confidential
    assert set(event.data) == {"round", "party", "changed"}
    assert "comment" not in str(event.data) and "5" not in str(event.data.get("party"))
