from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from rodtrad.assessments import permissions as engine_permissions
from rodtrad.assessments.material import material_for
from rodtrad.assessments.models import PanelRole, Purpose, Status
from rodtrad.followup import selectors, services
from rodtrad.followup.models import FollowUpRound, RoundStatus
from rodtrad.qualitymodels.models import Criterion
from tests.evaluations.factories import actor
from tests.followup.factories import contracted, finished, first_round, started


def test_rounds_are_scheduled_from_the_plan_when_the_contract_is_registered(personas):
    contract, _manager = contracted(personas)
    months = contract.procurement.follow_up_months
    expected = []
    number = 1
    while services.add_months(contract.starts_on, months * number) <= contract.ends_on:
        expected.append(services.add_months(contract.starts_on, months * number))
        number += 1
    rounds = list(FollowUpRound.objects.filter(contract=contract).order_by("number"))
    assert [r.due_on for r in rounds] == expected
    assert len(expected) >= 3
    assert [r.title for r in rounds][:2] == ["Follow-up round 1", "Follow-up round 2"]
    assert {r.status for r in rounds} == {RoundStatus.PLANNED}


def test_add_months_keeps_the_end_of_the_month():
    assert services.add_months(date(2027, 1, 31), 1) == date(2027, 2, 28)
    assert services.add_months(date(2028, 1, 31), 1) == date(2028, 2, 29)
    assert services.add_months(date(2027, 11, 15), 14) == date(2029, 1, 15)


def test_adding_and_moving_a_round_need_a_reason_and_a_day_in_the_contract(personas):
    contract, manager = contracted(personas)
    with pytest.raises(ValidationError) as error:
        services.add_round(
            actor=actor(manager),
            contract=contract,
            due_on=contract.ends_on + timedelta(days=400),
            reason=" ",
        )
    assert set(error.value.message_dict) == {"due_on", "reason"}
    extra = services.add_round(
        actor=actor(manager),
        contract=contract,
        due_on=contract.starts_on + timedelta(days=90),
        reason="Tillsynen visade brister i läkemedelshanteringen",
    )
    assert extra.number == FollowUpRound.objects.filter(contract=contract).count()
    round = first_round(contract)
    round.contract = contract
    services.move_round(
        actor=actor(manager),
        round=round,
        due_on=round.due_on + timedelta(days=14),
        reason="Semestern",
    )
    round.refresh_from_db()
    assert round.change_reason == "Semestern"
    for user in (personas.provider_a_author, personas.evaluator):
        with pytest.raises(PermissionDenied):
            services.add_round(
                actor=actor(user), contract=contract, due_on=round.due_on, reason="x"
            )


def test_a_round_assesses_both_parties_with_a_mixed_panel(personas):
    contract, manager, round = started(personas)
    provider, buyer = round.provider_assessment, round.buyer_assessment
    assert (provider.purpose, provider.subject, provider.owner) == (
        Purpose.FOLLOW_UP,
        personas.provider_a,
        personas.buyer,
    )
    assert buyer.subject == personas.buyer
    assert provider.reference_id == contract.baseline_id  # progression since the tender
    assert provider.model_version_id == contract.baseline.model_version_id
    baseline_codes = set(contract.baseline.scope.values_list("criterion__code", flat=True))
    results = set(
        Criterion.objects.filter(
            version=contract.baseline.model_version, kind="results"
        ).values_list("code", flat=True)
    )
    assert set(provider.scope.values_list("criterion__code", flat=True)) == baseline_codes | results
    assert set(buyer.scope.values_list("criterion__kind", flat=True)) == {"approach"}
    panel = {(m.user_id, m.organisation_id, m.role) for m in provider.panel.all()}
    assert panel == {
        (manager.pk, personas.buyer.pk, PanelRole.CHAIR),
        (personas.evaluator.pk, personas.buyer.pk, PanelRole.EVALUATOR),
        (personas.provider_a_author.pk, personas.provider_a.pk, PanelRole.EVALUATOR),
    }
    assert round.status == RoundStatus.IN_PROGRESS
    with pytest.raises(ValidationError):
        services.start_round(actor=actor(manager), round=round, chair=manager, evaluators=[])


def test_the_panel_must_come_from_the_contract_teams(personas):
    contract, manager = contracted(personas)
    round = first_round(contract)
    round.contract = contract
    with pytest.raises(ValidationError) as error:
        services.start_round(
            actor=actor(manager),
            round=round,
            chair=personas.stranger,
            evaluators=[personas.provider_b_author],
        )
    assert set(error.value.message_dict) == {"chair", "evaluators"}
    assert FollowUpRound.objects.get(pk=round.pk).provider_assessment is None


def test_each_party_describes_itself_and_the_panel_reads_it(personas):
    _contract, manager, round = started(personas)
    criterion = round.provider_assessment.scope.select_related("criterion").first().criterion
    services.save_self_description(
        actor=actor(personas.provider_a_author),
        round=round,
        party="provider",
        criterion=criterion,
        text="Vi följer upp genomförandeplanerna varje månad.",
        evidence="Protokoll från kvalitetsrådet",
    )
    with pytest.raises(PermissionDenied):  # the buyer does not write the provider's part
        services.save_self_description(
            actor=actor(personas.evaluator),
            round=round,
            party="provider",
            criterion=criterion,
            text="x",
        )
    services.open_assessment(actor=actor(manager), round=round)
    round.provider_assessment.refresh_from_db()
    with pytest.raises(PermissionDenied):  # written before individual assessment opens
        services.save_self_description(
            actor=actor(personas.provider_a_author),
            round=round,
            party="provider",
            criterion=criterion,
            text="Senare",
        )
    from rodtrad.assessments import services as engine

    assessment = round.provider_assessment
    engine.sign_declaration(actor=actor(personas.evaluator), assessment=assessment, conflict=False)
    items = list(assessment.scope.all())
    material = material_for(actor(personas.evaluator), assessment, items)
    texts = [m.text for m in material.values()]
    assert texts == [
        "Vi följer upp genomförandeplanerna varje månad.\n\nEvidence: Protokoll från kvalitetsrådet"
    ]


def test_progression_since_the_tender_and_both_parties_read_the_reports(personas):
    contract, manager, round = finished(personas, provider_step=90, buyer_step=60)
    services.complete_round(actor=actor(manager), round=round, next_steps="Fortsätt så")
    parties = selectors.progressions(contract, selectors.rounds(contract))
    provider, buyer = parties
    assert provider.progression.labels == ["Tender", "Follow-up round 1"]
    baseline_total = provider.progression.total.points[0]
    assert baseline_total == contract.baseline.total_points
    # Every baseline criterion went from 80 % (the tender's consensus) to 90 %.
    for row in provider.progression.criteria:
        if row.points[0] is not None:
            assert row.since_first == (row.max_points * Decimal("0.10")).quantize(Decimal("0.01"))
    assert buyer.progression.labels == ["Follow-up round 1"]
    assert buyer.progression.total.since_previous is None
    for assessment in (round.provider_assessment, round.buyer_assessment):
        assert assessment.status == Status.FINAL
        assert engine_permissions.can_view_report(actor(personas.provider_a_author), assessment)
        assert engine_permissions.can_view_report(actor(manager), assessment)
        assert not engine_permissions.can_view_report(actor(personas.provider_b_author), assessment)
        assert not engine_permissions.can_view_report(actor(personas.buyer_viewer), assessment)


def test_a_round_is_completed_only_when_final_and_with_next_steps(personas):
    contract, manager, round = finished(personas)
    later = FollowUpRound.objects.get(contract=contract, number=2)
    later.contract = contract
    with pytest.raises(ValidationError):  # not started, so not final
        services.complete_round(actor=actor(manager), round=later, next_steps="x")
    with pytest.raises(ValidationError) as error:
        services.complete_round(actor=actor(manager), round=round, next_steps="")
    assert "next_steps" in error.value.message_dict
    services.complete_round(actor=actor(manager), round=round, next_steps="Ny rutin för nattetid")
    assert FollowUpRound.objects.get(pk=round.pk).status == RoundStatus.DONE
