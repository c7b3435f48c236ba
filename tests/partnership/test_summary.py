"""The partnership summary for the contract page: the charter's status and the latest round's
large gaps, never a hidden party's figures."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string

from rodtrad.contracts.permissions import get_contract
from rodtrad.partnership import services
from rodtrad.partnership.selectors import contract_summary
from tests.evaluations.factories import actor
from tests.partnership.factories import answer, charter_text, contracted, done, open_round

pytestmark = pytest.mark.django_db


def _summary(setup, user):
    who = actor(user)
    summary = contract_summary(get_contract(who, setup.contract.pk), who)
    return summary, render_to_string("partnership/_contract_summary.html", {"partnership": summary})


def test_the_summary_follows_the_charter_and_the_barometer(personas):
    setup = contracted(personas)
    summary, html = _summary(setup, personas.buyer_admin)
    assert summary.agreed is None and summary.draft is None and "not written yet" in html

    version = services.write_charter(
        actor=actor(setup.manager), contract=setup.contract, text=charter_text()
    )
    for user, party in ((setup.manager, "buyer"), (personas.provider_a_author, "provider")):
        services.sign_charter(
            actor=actor(user), contract=setup.contract, version=version, party=party
        )
    services.write_charter(
        actor=actor(setup.manager), contract=setup.contract, text=charter_text(goals="Changed")
    )
    summary, html = _summary(setup, personas.buyer_admin)
    assert summary.agreed.number == 1 and summary.draft.number == 2
    assert "version 1 agreed" in html and "version 2 is a draft" in html

    round = open_round(setup.first)
    summary, html = _summary(setup, personas.evaluator)
    assert summary.can_answer_round == round and "Answer the barometer" in html
    assert _summary(setup, personas.buyer_admin)[0].can_answer_round is None  # not on a team

    for user in setup.buyer_team:
        answer(setup.contract, round, user, 2)
    for user in setup.provider_team[:2]:
        answer(setup.contract, round, user, 5)
    done(round)
    summary, _html = _summary(setup, personas.buyer_admin)
    assert summary.large_gaps == []  # the provider side (two people) is hidden: no gap
    # a third provider answer would make every condition's gap 2 - 5 = -3
    from rodtrad.followup.models import RoundStatus
    from tests.partnership.factories import set_status

    set_status(round, RoundStatus.IN_PROGRESS)
    answer(setup.contract, round, setup.provider_team[2], 5)
    done(round)
    summary, html = _summary(setup, personas.buyer_admin)
    assert len(summary.large_gaps) == 10
    assert "Trust: buyer 2.0, provider 5.0" in html
