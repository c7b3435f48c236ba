"""Register the signed contract of a lot (DOMAIN.md section 8): only after the standstill and
with no request for review open (award.services.contract_blocker), signed no earlier than the
standstill allowed, with the winning tender's final consensus assessment as the baseline. When
every decided lot has its contract the procurement becomes "contracted"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from rodtrad.accounts.actor import Actor
from rodtrad.accounts.models import User
from rodtrad.accounts.roles import Role
from rodtrad.assessments.models import Status
from rodtrad.audit.services import record_event
from rodtrad.award.models import AwardDecision
from rodtrad.award.services import contract_blocker
from rodtrad.common import clock
from rodtrad.contracts import permissions
from rodtrad.contracts.models import Contract, ContractMember, Party
from rodtrad.evaluations.models import TenderEvaluation
from rodtrad.procurements import services as procurement_services
from rodtrad.procurements.models import Procurement, ProcurementStatus, TeamMember, TeamRole

MAX_VALUE = Decimal("999999999999.99")
# Who at the provider starts on the contract team (and is told the contract is registered).
PROVIDER_TEAM_ROLES = (Role.ADMIN, Role.QUALITY_LEAD)


@dataclass(frozen=True)
class ContractTerms:
    signed_on: date | None
    starts_on: date | None
    ends_on: date | None
    value: Decimal | None
    manager: User | None
    latest_end_on: date | None = None
    reference: str = ""
    note: str = ""


def manager_choices(procurement: Procurement) -> list[User]:
    """Who may be named the contract's manager: the buyer's administrators and contract
    managers and the team's contract managers."""
    team = TeamMember.objects.filter(
        procurement=procurement, role=TeamRole.CONTRACT_MANAGER
    ).values("user_id")
    members = User.objects.filter(
        memberships__organisation_id=procurement.buyer_id,
        memberships__role__in=[Role.ADMIN, Role.CONTRACT_MANAGER],
    ).values("pk")
    return list(
        User.objects.filter(is_active=True)
        .filter(Q(pk__in=members) | Q(pk__in=team))
        .order_by("full_name", "email")
    )


def _validate(terms: ContractTerms, decision: AwardDecision, procurement: Procurement) -> None:
    errors: dict[str, list[str]] = {}
    today = timezone.localtime(clock.now()).date()
    allowed_day = timezone.localtime(decision.contract_allowed_from).date()
    if terms.signed_on is None:
        errors["signed_on"] = [_("Give the date the contract was signed.")]
    elif terms.signed_on > today:
        errors["signed_on"] = [_("The date cannot be in the future.")]
    elif terms.signed_on < allowed_day:
        errors["signed_on"] = [
            _("A contract signed during the standstill is invalid: it may be signed from %(day)s.")
            % {"day": formats.date_format(allowed_day, "j F Y")}
        ]
    if terms.starts_on is None:
        errors["starts_on"] = [_("Give the date the contract starts.")]
    if terms.ends_on is None:
        errors["ends_on"] = [_("Give the date the contract ends.")]
    elif terms.starts_on is not None and terms.ends_on <= terms.starts_on:
        errors["ends_on"] = [_("The contract must end after it starts.")]
    if (
        terms.latest_end_on is not None
        and terms.ends_on is not None
        and terms.latest_end_on < terms.ends_on
    ):
        errors["latest_end_on"] = [
            _("The latest end with every extension cannot come before the end.")
        ]
    if terms.value is None:
        errors["value"] = [_("Give the contract value in SEK.")]
    elif not Decimal(0) <= terms.value <= MAX_VALUE:
        errors["value"] = [_("Give a value between 0 and 999 999 999 999 SEK.")]
    if terms.manager is None or terms.manager not in manager_choices(procurement):
        errors["manager"] = [_("Choose the contract manager among the buyer's contract managers.")]
    if len(terms.reference.strip()) > 64:
        errors["reference"] = [_("The contract number can be at most 64 characters.")]
    if errors:
        raise ValidationError(errors)


def _baseline(decision: AwardDecision):
    link = (
        TenderEvaluation.objects.select_related("assessment")
        .filter(tender_id=decision.winner_id, lot_id=decision.lot_id)
        .first()
    )
    if link is None or link.assessment.status != Status.FINAL:
        raise ValidationError(
            _("The winning tender has no final consensus assessment to use as the baseline.")
        )
    return link.assessment


def register_contract(
    *, actor: Actor, procurement: Procurement, lot_id: int, terms: ContractTerms
) -> Contract:
    if not permissions.can_register(actor, procurement):
        raise PermissionDenied
    if actor.user is None:
        raise PermissionDenied
    decision = (
        AwardDecision.objects.select_related("lot", "winner__organisation")
        .filter(procurement=procurement, lot_id=lot_id)
        .first()
    )
    if decision is None:
        raise ValidationError(_("Choose a lot that has an award decision."))
    blocker = contract_blocker(procurement)
    if blocker:
        raise ValidationError(blocker)
    _validate(terms, decision, procurement)
    baseline = _baseline(decision)
    assert terms.manager is not None and terms.value is not None
    signed_on, starts_on, ends_on = terms.signed_on, terms.starts_on, terms.ends_on
    assert signed_on is not None and starts_on is not None and ends_on is not None
    with transaction.atomic():
        locked = Procurement.objects.select_for_update().get(pk=procurement.pk)
        if Contract.objects.filter(procurement=locked, lot_id=lot_id).exists():
            raise ValidationError(_("The contract of this lot is already registered."))
        contract = Contract.objects.create(
            procurement=locked,
            lot=decision.lot,
            decision=decision,
            buyer_id=locked.buyer_id,
            provider=decision.winner.organisation,
            tender=decision.winner,
            baseline=baseline,
            reference=terms.reference.strip(),
            signed_on=signed_on,
            starts_on=starts_on,
            ends_on=ends_on,
            latest_end_on=terms.latest_end_on,
            value=terms.value,
            manager=terms.manager,
            note=terms.note.strip(),
            registered_by=actor.user,
            registered_at=clock.now(),
        )
        record_event(
            action="contract.registered",
            actor=actor.user,
            organisation=locked.buyer,
            target=contract,
            data={
                "procurement": locked.pk,
                "lot": decision.lot_id,
                "provider": decision.winner.organisation_id,
                "signed_on": contract.signed_on.isoformat(),
                "value": str(contract.value),
                "baseline": baseline.pk,
            },
        )
        _initial_team(contract, actor.user)
        from rodtrad.followup.services import schedule  # follow-up builds on contracts

        schedule(contract=contract, user=actor.user)
        remaining = AwardDecision.objects.filter(procurement=locked, contract__isnull=True)
        if not remaining.exists():
            procurement_services.change_status(
                actor=actor, procurement=locked, to=ProcurementStatus.CONTRACTED
            )
            procurement.status = ProcurementStatus.CONTRACTED
        _notify(contract)
    return contract


def _notify(contract: Contract) -> None:
    from rodtrad.notifications.services import notify

    users = User.objects.filter(
        is_active=True,
        memberships__organisation_id=contract.provider_id,
        memberships__role__in=list(PROVIDER_TEAM_ROLES),
    ).distinct()
    notify(
        users=[*users, contract.manager],
        template="contracts/email/registered",
        context={
            "procurement": contract.procurement.title,
            "reference": contract.procurement.reference_number,
            "buyer": contract.procurement.buyer.name,
            "provider": contract.provider.name,
            "starts_on": formats.date_format(contract.starts_on, "j F Y"),
        },
        url=reverse("contracts:detail", args=[contract.pk]),
    )


# --- the contract teams ------------------------------------------------------------------------


def _initial_team(contract: Contract, registered_by: User) -> None:
    """The buyer's team starts with the contract manager and whoever registered the contract,
    the provider's with its administrators and quality leads."""
    now = clock.now()
    rows = {contract.manager_id: Party.BUYER, registered_by.pk: Party.BUYER}
    for pk in User.objects.filter(
        is_active=True,
        memberships__organisation_id=contract.provider_id,
        memberships__role__in=list(PROVIDER_TEAM_ROLES),
    ).values_list("pk", flat=True):
        rows.setdefault(pk, Party.PROVIDER)
    ContractMember.objects.bulk_create(
        ContractMember(
            contract=contract, user_id=pk, party=party, added_by=registered_by, added_at=now
        )
        for pk, party in rows.items()
    )


def team_candidates(contract: Contract, party: str) -> list[User]:
    """The party organisation's active members who are not on the contract team yet."""
    on_team = ContractMember.objects.filter(contract=contract).values("user_id")
    return list(
        User.objects.filter(
            is_active=True,
            memberships__organisation_id=permissions.party_organisation_id(contract, party),
        )
        .exclude(pk__in=on_team)
        .distinct()
        .order_by("full_name", "email")
    )


def add_team_member(
    *, actor: Actor, contract: Contract, party: str, user: User | None
) -> ContractMember:
    if party not in Party.values or not permissions.can_keep_team(actor, contract, party):
        raise PermissionDenied
    assert actor.user is not None
    if user is None or user not in team_candidates(contract, party):
        raise ValidationError(
            {"user": [_("Choose a person of the party's organisation who is not on the team.")]}
        )
    with transaction.atomic():
        member = ContractMember.objects.create(
            contract=contract, user=user, party=party, added_by=actor.user, added_at=clock.now()
        )
        record_event(
            action="contract.team_member_added",
            actor=actor.user,
            organisation=contract.buyer if party == Party.BUYER else contract.provider,
            target=contract,
            data={"user": user.pk, "email": user.email, "party": party},
        )
    return member


def remove_team_member(*, actor: Actor, contract: Contract, member: ContractMember) -> None:
    if member.contract_id != contract.pk or not permissions.can_keep_team(
        actor, contract, member.party
    ):
        raise PermissionDenied
    assert actor.user is not None
    if member.user_id == contract.manager_id:
        raise ValidationError(_("The contract manager stays on the team."))
    with transaction.atomic():
        member.delete()
        record_event(
            action="contract.team_member_removed",
            actor=actor.user,
            organisation=contract.buyer if member.party == Party.BUYER else contract.provider,
            target=contract,
            data={"user": member.user_id, "party": member.party},
        )
