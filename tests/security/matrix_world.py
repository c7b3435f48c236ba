"""The worlds the permission matrix walks: one procurement of Ekby kommun in four states, the
personas of the matrix, and a realistic id for every URL parameter in each state.

States (each built through the services, as the people would):

- ``submitted``: published; provider A (with an attachment) and competitor B have submitted;
  the clock is before the tender deadline, nothing is opened.
- ``evaluating``: opened, qualified, the evaluation started and declared; the evaluator has
  scored and submitted every tender's assessment, the second evaluator and the chair have not;
  no consensus yet.
- ``awarded``: every consensus final, prices revealed, the award decision signed (A won) and
  the standstill running.
- ``follow_up``: the standstill over, A's contract registered and its first follow-up round run
  to final assessments, with an indicator, an improvement action and a charter version.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from rodtrad.accounts.actor import Actor
from rodtrad.accounts.models import Invitation, User
from rodtrad.accounts.roles import Role
from rodtrad.common import clock
from rodtrad.procurements.models import Procurement, TeamMember, TeamRole
from rodtrad.tenders import services as tender_services
from rodtrad.tenders.models import Attachment, Tender
from tests.factories import add_member, make_user
from tests.tenders.factories import PDF

STATES = ("submitted", "evaluating", "awarded", "follow_up")

# The columns of the matrix, in the order the table's grids list them.
PERSONAS = (
    "anonymous",
    "stranger",
    "officer",
    "evaluator_done",
    "evaluator_pending",
    "opener",
    "chair",
    "contract_manager",
    "provider_a",
    "competitor_b",
    "org_admin",
    "platform_admin",
    "other_buyer",
)

BOGUS_ID = 987654


@dataclass
class World:
    state: str
    users: dict[str, User | None]
    ids: dict[str, Any] = field(default_factory=dict)


def _actor(user) -> Actor:
    return Actor.for_user(user)


def _users(personas, *, manager: User | None = None) -> dict[str, User | None]:
    """The personas of the matrix. The opener is an appointed opener of the procurement with no
    other role than viewer; the contract manager is Ekby's contract manager (the contract's
    manager in the follow-up state)."""
    if manager is None:
        from tests.contracts.factories import contract_manager

        manager = contract_manager(personas)
    opener = add_member(
        make_user("oppnare@ekby.se", full_name="Otto Öppnare"), personas.buyer, Role.VIEWER
    )
    return {
        "anonymous": None,
        "stranger": personas.stranger,
        "officer": personas.procurement_officer,
        "evaluator_done": personas.evaluator,
        "evaluator_pending": personas.evaluator_2,
        "opener": opener,
        "chair": personas.panel_chair,
        "contract_manager": manager,
        "provider_a": personas.provider_a_author,
        "competitor_b": personas.provider_b_author,
        "org_admin": personas.buyer_admin,
        "platform_admin": personas.platform_admin,
        "other_buyer": personas.other_buyer_officer,
    }


def _appoint_opener(procurement: Procurement, opener: User) -> None:
    TeamMember.objects.get_or_create(procurement=procurement, user=opener, role=TeamRole.OPENER)


def _attach(tender: Tender, author: User) -> None:
    procurement = tender.procurement
    criterion = procurement.criteria.order_by("order", "id").first()
    tender_services.add_attachment(
        actor=_actor(author),
        tender=Tender.objects.get(pk=tender.pk),
        purpose="criterion",
        ref=criterion.pk,
        data=PDF,
        name="Rutin Omsorg A.pdf",
    )


def _common_ids(personas, procurement: Procurement, users) -> dict[str, Any]:
    """Ids that do not depend on the state: the organisation, its members, the model library,
    a training session, an invitation, the requirement library, an API token."""
    from rodtrad.api.tokens import create_token
    from rodtrad.procurements import services as procurement_services
    from rodtrad.qualitymodels.models import TrainingParticipant, TrainingSession

    version = procurement.model_version
    officer = personas.procurement_officer
    scale = version.scales.order_by("id").first()
    invitation = Invitation.objects.create(
        organisation=personas.buyer,
        email="ny@ekby.se",
        roles=[Role.EVALUATOR],
        invited_by=personas.buyer_admin,
    )
    session = TrainingSession.objects.create(
        organisation=personas.buyer,
        model_version=version,
        title="Utbildning i modellen",
        starts_at=clock.now(),
        created_by=personas.buyer_admin,
    )
    TrainingParticipant.objects.create(session=session, user=personas.evaluator)
    library_item = procurement_services.save_library_requirement(
        actor=_actor(officer),
        organisation=personas.buyer,
        item=None,
        data={
            "title": "Bemanning nattetid",
            "text": "Minst två vakna personal nattetid.",
            "kind": "service",
            "style": "functional",
            "minimum_level": "Två vakna",
            "verification": "declaration",
            "follow_up_method": "Schemagranskning",
            "follow_up_frequency": "Årligen",
            "follow_up_responsible": "Avtalsförvaltaren",
        },
    )
    token, _raw = create_token(actor=_actor(officer), organisation=personas.buyer, name="matrix")
    criterion = version.criteria.order_by("order", "id").first()
    return {
        "organisation_id": personas.buyer.pk,
        "user_id": officer.pk,
        "invitation_id": invitation.pk,
        "model_id": version.model_id,
        "version_id": version.pk,
        "scale_id": scale.pk,
        "step_id": scale.steps.order_by("id").first().pk,
        "part_kind": "criteria",
        "part_id": criterion.pk,
        "fmt": "json",
        "session_id": session.pk,
        "library_item_id": library_item.pk,
        "token_id": token.pk,
        "procurement_id": procurement.pk,
        "lot_id": procurement.lots.order_by("number").first().pk,
        "goal_id": procurement.goals.order_by("id").first().pk,
        "requirement_id": procurement.requirements.order_by("order", "id").first().pk,
        "award_id": procurement.criteria.order_by("order", "id").first().pk,
        "planned_indicator_id": procurement.indicators.order_by("id").first().pk,
        "simulated_tender_id": procurement.simulated_tenders.order_by("id").first().pk,
        "version_number": 1,
    }


def _tender_ids(personas, procurement: Procurement) -> dict[str, Any]:
    tender = Tender.objects.get(procurement=procurement, organisation=personas.provider_a)
    attachment = Attachment.objects.filter(tender=tender).order_by("id").first()
    ids: dict[str, Any] = {
        "tender_id": tender.pk,
        "receipt_number": 1,
        "section": "contact",
    }
    if attachment is not None:
        ids["attachment_id"] = attachment.pk
    return ids


def _question(personas, procurement: Procurement) -> int:
    from rodtrad.procurements.models import Question

    question = Question.objects.create(
        procurement=procurement,
        organisation=personas.provider_a,
        asked_by=personas.provider_a_author,
        asked_at=clock.now(),
        text="Hur många platser är för demens?",
    )
    return question.pk


def _assessment_ids(assessment) -> dict[str, Any]:
    return {
        "assessment_id": assessment.pk,
        "item_id": assessment.scope.order_by("order", "id").first().pk,
    }


def _finish(world: World) -> World:
    for user in world.users.values():
        if user is not None:
            user.refresh_from_db()
    return world


def build_submitted(personas) -> World:
    from tests.tenders.buyer_helpers import submitted

    users = _users(personas)
    procurement, tenders = submitted(personas, 2)
    _appoint_opener(procurement, users["opener"])
    _attach(tenders[0], personas.provider_a_author)
    ids = _common_ids(personas, procurement, users)
    ids.update(_tender_ids(personas, procurement))
    ids["question_id"] = _question(personas, procurement)
    return _finish(World("submitted", users, ids))


def _a_link(personas, procurement):
    from tests.evaluations.factories import links

    return next(
        link for link in links(procurement) if link.tender.organisation == personas.provider_a
    )


def build_evaluating(personas) -> World:
    from tests.assessments.factories import score_all
    from tests.evaluations.factories import declared, links

    users = _users(personas)
    procurement, _tenders = declared(personas, 2, answer_files=True)
    _appoint_opener(procurement, users["opener"])
    for link in links(procurement):
        score_all(link.assessment, personas.evaluator, 60)
    ids = _common_ids(personas, procurement, users)
    ids.update(_tender_ids(personas, procurement))
    ids.update(_assessment_ids(_a_link(personas, procurement).assessment))
    ids["question_id"] = _question(personas, procurement)
    ids["export_kind"] = "individual"
    return _finish(World("evaluating", users, ids))


def build_awarded(personas) -> World:
    from rodtrad.award.models import ReviewRequest
    from tests.award.factories import decided

    users = _users(personas)
    procurement, _tenders = decided(personas, 2, answer_files=True)
    _appoint_opener(procurement, users["opener"])
    ids = _common_ids(personas, procurement, users)
    ids.update(_tender_ids(personas, procurement))
    ids.update(_assessment_ids(_a_link(personas, procurement).assessment))
    ids["question_id"] = _question(personas, procurement)
    ids["export_kind"] = "consensus"
    ids["review_id"] = ReviewRequest.objects.create(
        procurement=procurement,
        court="Förvaltningsrätten i Göteborg",
        filed_on=clock.now().date(),
        applicant="Omsorg B AB",
        recorded_by=personas.procurement_officer,
        recorded_at=clock.now(),
    ).pk
    return _finish(World("awarded", users, ids))


def build_follow_up(personas) -> World:
    from rodtrad.assessments import services as engine
    from rodtrad.contracts import services as contract_services
    from rodtrad.contracts.models import Contract, ContractMember
    from rodtrad.followup import services as followup_services
    from rodtrad.followup.models import FollowUpRound
    from rodtrad.improvements.models import ImprovementAction
    from rodtrad.indicators.models import ImportPreview
    from rodtrad.partnership import services as partnership_services
    from tests.assessments.factories import agree_all, score_all
    from tests.contracts.factories import after_standstill, contract_manager, register
    from tests.improvements.factories import make_action
    from tests.indicators.factories import an_indicator

    procurement, _tenders = after_standstill(personas, 2, answer_files=True)
    manager = contract_manager(personas)
    users = _users(personas, manager=manager)
    _appoint_opener(procurement, users["opener"])
    contract = register(personas, procurement, manager)
    contract_services.add_team_member(
        actor=_actor(manager), contract=contract, party="buyer", user=personas.evaluator
    )
    contract = Contract.objects.get(pk=contract.pk)
    round_ = FollowUpRound.objects.filter(contract=contract).order_by("number").first()
    round_.contract = contract
    followup_services.start_round(
        actor=_actor(manager),
        round=round_,
        chair=manager,
        evaluators=[personas.evaluator, personas.provider_a_author],
    )
    round_.refresh_from_db()
    round_.contract = contract
    followup_services.open_assessment(actor=_actor(manager), round=round_)
    panel = [manager, personas.evaluator, personas.provider_a_author]
    for assessment in (round_.provider_assessment, round_.buyer_assessment):
        if assessment is None:
            continue
        assessment.refresh_from_db()
        for user in panel:
            engine.sign_declaration(actor=_actor(user), assessment=assessment, conflict=False)
        for user in panel:
            score_all(assessment, user, 70)
        engine.start_consensus(actor=_actor(manager), assessment=assessment)
        agree_all(assessment, manager)
        assessment.refresh_from_db()
        engine.finalise(actor=_actor(manager), assessment=assessment)
    round_.refresh_from_db()
    indicator = an_indicator(personas, contract)
    action = make_action(contract, manager)
    partnership_services.write_charter(
        actor=_actor(manager),
        contract=contract,
        text=partnership_services.CharterText(
            goals="Gemensamma mål för boendet.",
            collaboration="Samverkansforum varje månad.",
            room_for_action="Utföraren väljer arbetssätt.",
            feedback_use="Återkopplingen blir förbättringsåtgärder.",
        ),
    )
    preview = ImportPreview.objects.create(
        contract=contract,
        source="spreadsheet",
        created_by=manager,
        created_at=clock.now(),
        expires_at=clock.now() + timedelta(hours=2),
    )
    ids = _common_ids(personas, procurement, users)
    ids.update(_tender_ids(personas, procurement))
    ids.update(_assessment_ids(round_.provider_assessment))
    ids["question_id"] = _question(personas, procurement)
    ids["export_kind"] = "consensus"
    ids.update(
        {
            "contract_id": contract.pk,
            "round_id": round_.pk,
            "party": "provider",
            "contract_indicator_id": indicator.pk,
            "action_id": action.pk if isinstance(action, ImprovementAction) else action,
            "member_id": ContractMember.objects.filter(contract=contract).order_by("id").first().pk,
            "charter_number": 1,
            "preview_id": preview.pk,
        }
    )
    return _finish(World("follow_up", users, ids))


BUILDERS = {
    "submitted": build_submitted,
    "evaluating": build_evaluating,
    "awarded": build_awarded,
    "follow_up": build_follow_up,
}
