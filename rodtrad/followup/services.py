"""Write operations of the follow-up: the rounds scheduled from the follow-up plan when the
contract is registered, rounds added or moved with a reason, a round started with its panel
(two engine assessments: the provider on the award criteria with the results criteria, and the
buyer as co-producer on the approach criteria), self-descriptions, and the round completed with
the agreed next steps."""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from rodtrad.accounts.actor import Actor
from rodtrad.accounts.models import User
from rodtrad.assessments import services as engine
from rodtrad.assessments.models import Assessment, PanelRole, Purpose, ScopeItem, Status
from rodtrad.audit.services import record_event
from rodtrad.common import clock
from rodtrad.common.text import refuse_nul
from rodtrad.contracts.models import Contract, ContractMember, Party
from rodtrad.followup import permissions
from rodtrad.followup.models import FollowUpRound, RoundStatus, SelfDescription
from rodtrad.qualitymodels.models import Criterion

DEFAULT_MONTHS = 12
MAX_ROUNDS = 60


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def schedule(*, contract: Contract, user: User) -> list[FollowUpRound]:
    """The rounds of the follow-up plan: every `follow_up_months` (a year when the documents do
    not say) from the contract's start until its end. Called when the contract is registered."""
    months = contract.procurement.follow_up_months or DEFAULT_MONTHS
    rounds: list[FollowUpRound] = []
    due = add_months(contract.starts_on, months)
    while due <= contract.ends_on and len(rounds) < MAX_ROUNDS:
        number = len(rounds) + 1
        rounds.append(
            FollowUpRound(
                contract=contract,
                number=number,
                due_on=due,
                created_by=user,
                created_at=clock.now(),
            )
        )
        due = add_months(contract.starts_on, months * (number + 1))
    return FollowUpRound.objects.bulk_create(rounds)


def _checked(contract: Contract, due_on: date | None, reason: str) -> tuple[date, str]:
    """The day (within the contract period, extensions included) and the reason, both needed
    when a round is added or moved; every problem at once."""
    errors: dict[str, list[str]] = {}
    reason = (reason or "").strip()
    if due_on is None:
        errors["due_on"] = [_("Give the date the round is due.")]
    elif not contract.starts_on <= due_on <= (contract.latest_end_on or contract.ends_on):
        errors["due_on"] = [_("The round must fall within the contract period.")]
    if not reason:
        errors["reason"] = [_("Give the reason for the change.")]
    if errors:
        raise ValidationError(errors)
    assert due_on is not None
    return due_on, reason


def add_round(
    *, actor: Actor, contract: Contract, due_on: date | None, reason: str
) -> FollowUpRound:
    if not permissions.can_run_rounds(actor, contract):
        raise PermissionDenied
    assert actor.user is not None
    due_on, reason = _checked(contract, due_on, reason)
    with transaction.atomic():
        Contract.objects.select_for_update().filter(pk=contract.pk).first()
        number = (
            FollowUpRound.objects.filter(contract=contract)
            .order_by("-number")
            .values_list("number", flat=True)
            .first()
            or 0
        ) + 1
        round = FollowUpRound.objects.create(
            contract=contract,
            number=number,
            due_on=due_on,
            change_reason=reason,
            created_by=actor.user,
            created_at=clock.now(),
        )
        record_event(
            action="followup.round_added",
            actor=actor.user,
            organisation=contract.buyer,
            target=round,
            data={"contract": contract.pk, "due_on": due_on.isoformat(), "reason": reason},
        )
    return round


def move_round(
    *, actor: Actor, round: FollowUpRound, due_on: date | None, reason: str
) -> FollowUpRound:
    contract = round.contract
    if not permissions.can_run_rounds(actor, contract):
        raise PermissionDenied
    if round.status == RoundStatus.DONE:
        raise ValidationError(_("A completed round cannot be moved."))
    due_on, reason = _checked(contract, due_on, reason)
    with transaction.atomic():
        previous = round.due_on
        round.due_on = due_on
        round.change_reason = reason
        round.save(update_fields=["due_on", "change_reason"])
        record_event(
            action="followup.round_moved",
            actor=actor.user,
            organisation=contract.buyer,
            target=round,
            data={"from": previous.isoformat(), "to": due_on.isoformat(), "reason": reason},
        )
    return round


def _specs(items: Sequence[ScopeItem]) -> list[engine.ScopeSpec]:
    return [
        engine.ScopeSpec(
            criterion=item.criterion,
            max_points=item.max_points,
            guidance=item.guidance,
            question=item.question,
        )
        for item in items
    ]


def provider_scope(baseline: Assessment) -> list[engine.ScopeSpec]:
    """The award criteria as the tender was assessed on them, and the model's results criteria
    that the award did not use (with the model's points): follow-up asks for results."""
    items = list(baseline.scope.select_related("criterion").order_by("order", "id"))
    used = {item.criterion_id for item in items}
    results = Criterion.objects.filter(version_id=baseline.model_version_id, kind="results")
    return _specs(items) + [
        engine.ScopeSpec(criterion=c, max_points=Decimal(c.max_points))
        for c in results.exclude(pk__in=used).order_by("group__order", "order", "id")
    ]


def buyer_scope(baseline: Assessment) -> list[engine.ScopeSpec]:
    """The buyer as co-producer of the quality: the approach criteria of the award."""
    items = baseline.scope.select_related("criterion").filter(criterion__kind="approach")
    return _specs(list(items.order_by("order", "id")))


def _previous(round: FollowUpRound, field: str) -> Assessment | None:
    earlier = (
        FollowUpRound.objects.filter(contract=round.contract, number__lt=round.number)
        .exclude(**{f"{field}__isnull": True})
        .select_related(field)
        .order_by("-number")
        .first()
    )
    found = getattr(earlier, field) if earlier is not None else None
    return found if found is not None and found.status == Status.FINAL else None


def start_round(
    *, actor: Actor, round: FollowUpRound, chair: User | None, evaluators: Sequence[User]
) -> FollowUpRound:
    """Create the round's assessments in preparation with a panel from both contract teams;
    each party then writes its self-descriptions before individual assessment opens."""
    contract = round.contract
    if not permissions.can_run_rounds(actor, contract):
        raise PermissionDenied
    if round.status != RoundStatus.PLANNED:
        raise ValidationError(_("The round has already started."))
    team = {m.user_id: m for m in ContractMember.objects.filter(contract=contract)}
    errors: dict[str, list[str]] = {}
    if chair is None or chair.pk not in team:
        errors["chair"] = [_("Choose the chair among the contract teams.")]
    chosen = [u for u in evaluators if chair is None or u.pk != chair.pk]
    if not chosen:
        errors["evaluators"] = [_("Choose at least one evaluator besides the chair.")]
    elif any(u.pk not in team for u in chosen):
        errors["evaluators"] = [_("Choose the evaluators among the contract teams.")]
    if errors:
        raise ValidationError(errors)
    assert chair is not None

    def organisation(user: User):
        return contract.buyer if team[user.pk].party == Party.BUYER else contract.provider

    panel = [engine.PanelSpec(user=chair, organisation=organisation(chair), role=PanelRole.CHAIR)]
    panel += [engine.PanelSpec(user=u, organisation=organisation(u)) for u in chosen]
    baseline = contract.baseline
    with transaction.atomic():
        locked = FollowUpRound.objects.select_for_update().get(pk=round.pk)
        if locked.status != RoundStatus.PLANNED:
            raise ValidationError(_("The round has already started."))
        round.provider_assessment = engine.create_assessment(
            actor=actor,
            purpose=Purpose.FOLLOW_UP,
            subject=contract.provider,
            owner=contract.buyer,
            title=f"{round.title}: {contract.provider.name}",
            model_version=baseline.model_version,
            scope=provider_scope(baseline),
            panel=panel,
            reference=_previous(round, "provider_assessment") or baseline,
        )
        if contract.procurement.follow_up_both_parties:
            round.buyer_assessment = engine.create_assessment(
                actor=actor,
                purpose=Purpose.FOLLOW_UP,
                subject=contract.buyer,
                owner=contract.buyer,
                title=f"{round.title}: {contract.buyer.name}",
                model_version=baseline.model_version,
                scope=buyer_scope(baseline),
                panel=panel,
                reference=_previous(round, "buyer_assessment"),
            )
        round.status = RoundStatus.IN_PROGRESS
        round.save(update_fields=["provider_assessment", "buyer_assessment", "status"])
        record_event(
            action="followup.round_started",
            actor=actor.user,
            organisation=contract.buyer,
            target=round,
            data={"chair": chair.pk, "evaluators": [u.pk for u in chosen]},
        )
    return round


def open_assessment(*, actor: Actor, round: FollowUpRound) -> None:
    """End the self-descriptions and open individual assessment of both parties."""
    if not permissions.can_run_rounds(actor, round.contract):
        raise PermissionDenied
    assessments = [a for a in (round.provider_assessment, round.buyer_assessment) if a]
    if not assessments or any(a.status != Status.PREPARATION for a in assessments):
        raise ValidationError(_("Individual assessment is already open."))
    with transaction.atomic():
        for assessment in assessments:
            engine.start_individual(actor=actor, assessment=assessment)


def save_self_description(
    *,
    actor: Actor,
    round: FollowUpRound,
    party: str,
    criterion: Criterion,
    text: str,
    evidence: str = "",
) -> SelfDescription:
    if not permissions.can_describe(actor, round, party):
        raise PermissionDenied
    assert actor.user is not None
    assessment = round.provider_assessment if party == Party.PROVIDER else round.buyer_assessment
    assert assessment is not None
    if not assessment.scope.filter(criterion=criterion).exists():
        raise ValidationError(_("The criterion is not part of this assessment."))
    refuse_nul(text=text, evidence=evidence)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": [_("Describe how you work with the criterion.")]})
    with transaction.atomic():
        found, _created = SelfDescription.objects.update_or_create(
            round=round,
            party=party,
            criterion=criterion,
            defaults={
                "text": text,
                "evidence": (evidence or "").strip(),
                "updated_by": actor.user,
                "updated_at": clock.now(),
            },
        )
    return found


def complete_round(*, actor: Actor, round: FollowUpRound, next_steps: str) -> FollowUpRound:
    """Close a round whose assessments are final, with the next steps both parties agreed."""
    if not permissions.can_run_rounds(actor, round.contract):
        raise PermissionDenied
    assessments = [a for a in (round.provider_assessment, round.buyer_assessment) if a]
    if round.status != RoundStatus.IN_PROGRESS or any(
        a.status != Status.FINAL for a in assessments
    ):
        raise ValidationError(_("A round is completed once its assessments are final."))
    next_steps = (next_steps or "").strip()
    if not next_steps:
        raise ValidationError({"next_steps": [_("Write the next steps the parties agreed.")]})
    with transaction.atomic():
        round.status = RoundStatus.DONE
        round.next_steps = next_steps
        round.save(update_fields=["status", "next_steps"])
        record_event(
            action="followup.round_completed",
            actor=actor.user,
            organisation=round.contract.buyer,
            target=round,
        )
    return round


REMIND_DAYS = 14


def send_round_reminders() -> int:
    """Tell both contract teams once that a round not yet started is due within two weeks (or
    already overdue). Returns how many rounds were reminded about. Run daily
    (`rodtrad send-round-reminders`)."""
    from rodtrad.notifications.services import notify

    today = timezone.localtime(clock.now()).date()
    due = (
        FollowUpRound.objects.filter(
            status=RoundStatus.PLANNED,
            reminded_on__isnull=True,
            due_on__lte=today + timedelta(days=REMIND_DAYS),
        )
        .select_related("contract__procurement")
        .prefetch_related("contract__team__user")
        .order_by("id")
    )
    sent = 0
    for round in due:
        with transaction.atomic():
            if not FollowUpRound.objects.filter(pk=round.pk, reminded_on__isnull=True).update(
                reminded_on=today
            ):
                continue  # another run reminded about it
            contract = round.contract
            notify(
                users=[member.user for member in contract.team.all()],
                template="followup/email/round_due",
                context={  # the round's title and day are written in each reader's language
                    "round": round,
                    "due_on": round.due_on,
                    "procurement": contract.procurement.title,
                },
                url=reverse("followup:round", args=[contract.pk, round.pk]),
            )
        sent += 1
    return sent
