"""Write operations of the award: sign the award decision (every lot at once, sent to every
tenderer, the procurement into the standstill), record a request for review and its outcome;
and `contract_blocker`, the one rule for whether a contract may be registered yet."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from rodtrad.accounts.actor import Actor
from rodtrad.accounts.models import User
from rodtrad.accounts.reauth import require_recent_authentication
from rodtrad.accounts.roles import Role
from rodtrad.audit.services import record_event
from rodtrad.award import permissions
from rodtrad.award.calculation import AwardNotReady, LotAward, award_calculation, tie_explanation
from rodtrad.award.models import AwardDecision, ReviewOutcome, ReviewRequest
from rodtrad.common import clock
from rodtrad.procurements import services as procurement_services
from rodtrad.procurements import standstill
from rodtrad.procurements.models import Procurement, ProcurementStatus
from rodtrad.tenders.models import OpenedTender

# Who at a tenderer is told of the decision.
NOTIFIED_ROLES = (Role.ADMIN, Role.TENDER_AUTHOR)


def _user(actor: Actor) -> User:
    if actor.user is None:
        raise PermissionDenied
    return actor.user


def _plain(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _ranking(lot_award: LotAward) -> list[dict[str, Any]]:
    rows = []
    for row in lot_award.result.rows:
        entry = lot_award.entry(row.key)
        rows.append(
            {
                "tender": entry.tender.pk,
                "tenderer": entry.organisation.name,
                "organisation": entry.organisation.pk,
                "rank": row.rank,
                "price": str(row.price),
                "quality_points": str(row.quality_points.quantize(Decimal("0.01"))),
                "quality_max": str(row.quality_max),
                "comparison": _plain(row.comparison_display),
                "tie": tie_explanation(lot_award, row),
                "breakdown": [
                    {
                        "award": int(line.key),
                        "percent": int((line.step * 100).to_integral_value()),
                        "points": str(line.points.quantize(Decimal("0.01"))),
                        "adjustment": str(line.deduction_or_surcharge.quantize(Decimal("0.01"))),
                    }
                    for line in row.breakdown
                ],
            }
        )
    return rows


def _reasons(lot_award: LotAward, winner_key: str, calc) -> list[dict[str, Any]]:
    """Per criterion: the winner's consensus step and points with the panel's rationale and
    the strengths it found."""
    entry = lot_award.entry(winner_key)
    row = lot_award.result.row(winner_key)
    lines = {line.key: line for line in row.breakdown}
    reasons = []
    for rule in lot_award.model.criteria:
        award = calc.award(rule.key)
        score = entry.consensus.get(award.pk)
        line = lines[rule.key]
        reasons.append(
            {
                "award": award.pk,
                "criterion": award.criterion_id,
                "code": award.criterion.code,
                "name": award.criterion.name,
                "max_points": str(rule.max_points),
                "percent": int((line.step * 100).to_integral_value()),
                "points": str(line.points.quantize(Decimal("0.01"))),
                "rationale": score.rationale if score else "",
                "strengths": list(score.strengths) if score else [],
            }
        )
    return reasons


def _disqualified(opened: list[OpenedTender]) -> list[dict[str, Any]]:
    return [
        {
            "tender": o.tender_id,
            "tenderer": o.tender.organisation.name,
            "organisation": o.tender.organisation_id,
            "outcome": o.tender.qualification.outcome,
            "reasons": list(o.tender.qualification.reasons),
        }
        for o in opened
        if hasattr(o.tender, "qualification")
    ]


def sign_decision(
    *,
    actor: Actor,
    procurement: Procurement,
    lottery_winners: dict[int, int] | None = None,
    justification: str = "",
) -> list[AwardDecision]:
    """Sign the award decision for every lot at once: the winner, the ranking with comparison
    figures, the reasons per criterion and the disqualified tenders are frozen in the decision;
    the notice time is now, with the standstill's last day and the first moment a contract may
    be concluded. Every opened tenderer is told at once; the procurement becomes "award
    decided" and then "standstill". Where a lottery is needed (a tie the tie-break rule cannot
    separate) `lottery_winners` {lot id: tender id} names the tender the lottery drew."""
    if not permissions.can_decide(actor, procurement):
        raise PermissionDenied
    user = _user(actor)
    if procurement.status != ProcurementStatus.EVALUATION:
        raise ValidationError(_("The award can be decided only in the evaluation stage."))
    try:
        calc = award_calculation(procurement, sensitivity=False)
    except AwardNotReady as error:
        raise ValidationError(error.message) from error
    lottery_winners = lottery_winners or {}
    justification = (justification or "").strip()
    now = clock.now()
    last_day = standstill.standstill_last_day(timezone.localtime(now).date())
    allowed = standstill.contract_allowed_from(now)
    disqualified = _disqualified(calc.disqualified)
    with transaction.atomic():
        locked = Procurement.objects.select_for_update().get(pk=procurement.pk)
        if locked.status != ProcurementStatus.EVALUATION or locked.award_decisions.exists():
            raise ValidationError(_("The award has already been decided."))
        require_recent_authentication(actor)
        decisions = []
        for lot_award in calc.lots:
            winners = lot_award.result.winner_keys
            lottery = len(winners) > 1
            if lottery:
                drawn = lottery_winners.get(lot_award.lot.pk)
                if drawn is None or str(drawn) not in winners:
                    raise ValidationError(
                        {
                            "lottery_winner": [
                                _(
                                    "Tenders share the first place and the tie-break rule "
                                    "cannot separate them: give the tender the lottery drew "
                                    "(%(names)s)."
                                )
                                % {"names": ", ".join(lot_award.winner_names)}
                            ]
                        }
                    )
                winner_key = str(drawn)
            else:
                winner_key = winners[0]
            winner_row = lot_award.result.row(winner_key)
            decisions.append(
                AwardDecision.objects.create(
                    procurement=locked,
                    lot=lot_award.lot,
                    winner=lot_award.entry(winner_key).tender,
                    evaluation_kind=lot_award.model.kind.value,
                    tie_break=lot_award.model.tie_break.value,
                    tie_note=tie_explanation(lot_award, winner_row),
                    decided_by_lottery=lottery,
                    ranking=_ranking(lot_award),
                    reasons=_reasons(lot_award, winner_key, calc),
                    disqualified=disqualified,
                    justification=justification,
                    signed_by=user,
                    signed_at=now,
                    standstill_last_day=last_day,
                    contract_allowed_from=allowed,
                )
            )
        procurement_services.change_status(
            actor=actor, procurement=locked, to=ProcurementStatus.AWARD_DECIDED
        )
        procurement_services.change_status(
            actor=actor, procurement=locked, to=ProcurementStatus.STANDSTILL
        )
        record_event(
            action="award.decision_signed",
            actor=user,
            organisation=locked.buyer,
            target=locked,
            data={
                "decisions": [
                    {"lot": d.lot_id, "winner": d.winner_id, "lottery": d.decided_by_lottery}
                    for d in decisions
                ],
                "notice_at": now.isoformat(),
                "standstill_last_day": last_day.isoformat(),
            },
        )
        _notify_tenderers(locked, last_day)
    procurement.status = ProcurementStatus.STANDSTILL
    return decisions


def _notify_tenderers(procurement: Procurement, last_day: date) -> None:
    """Every opened tenderer's administrators and tender authors, each with the link to their
    own tender's decision page."""
    from rodtrad.notifications.services import notify

    opened = list(
        OpenedTender.objects.filter(opening__procurement=procurement)
        .select_related("tender")
        .only("tender__id", "tender__organisation_id")
    )
    organisations = {o.tender.organisation_id for o in opened}
    users_by_org: dict[int, list[User]] = {}
    memberships = User.objects.filter(
        memberships__organisation_id__in=organisations,
        memberships__role__in=list(NOTIFIED_ROLES),
        is_active=True,
    ).values_list("pk", "memberships__organisation_id")
    users = {u.pk: u for u in User.objects.filter(pk__in={pk for pk, _org in memberships})}
    for pk, organisation_id in memberships:
        bucket = users_by_org.setdefault(organisation_id, [])
        if users[pk] not in bucket:
            bucket.append(users[pk])
    for o in opened:
        notify(
            users=users_by_org.get(o.tender.organisation_id, []),
            template="award/email/decision",
            context={
                "procurement": procurement.title,
                "reference": procurement.reference_number,
                "last_day": formats.date_format(last_day, "j F Y"),
            },
            url=reverse("award:tender_decision", args=[o.tender_id]),
        )


# --- review (överprövning) -------------------------------------------------------------------

REVIEW_STATUSES = frozenset({ProcurementStatus.AWARD_DECIDED, ProcurementStatus.STANDSTILL})


def record_review(
    *,
    actor: Actor,
    procurement: Procurement,
    court: str,
    filed_on: date | None,
    applicant: str = "",
    note: str = "",
) -> ReviewRequest:
    """The buyer records that a tenderer has asked the court to review the procurement: no
    contract may be registered until the court's outcome is recorded."""
    if not permissions.can_record_review(actor, procurement):
        raise PermissionDenied
    user = _user(actor)
    if procurement.status not in REVIEW_STATUSES:
        raise ValidationError(_("A review can be recorded only after the award decision."))
    errors: dict[str, list[str]] = {}
    court = (court or "").strip()
    if not court:
        errors["court"] = [_("Give the court, e.g. Förvaltningsrätten i Stockholm.")]
    if filed_on is None:
        errors["filed_on"] = [_("Give the date the request was filed.")]
    elif filed_on > timezone.localtime(clock.now()).date():
        errors["filed_on"] = [_("The date cannot be in the future.")]
    if errors:
        raise ValidationError(errors)
    assert filed_on is not None
    with transaction.atomic():
        review = ReviewRequest.objects.create(
            procurement=procurement,
            court=court,
            filed_on=filed_on,
            applicant=(applicant or "").strip(),
            note=(note or "").strip(),
            recorded_by=user,
            recorded_at=clock.now(),
        )
        record_event(
            action="award.review_recorded",
            actor=user,
            organisation=procurement.buyer,
            target=procurement,
            data={"review": review.pk, "court": court, "filed_on": filed_on.isoformat()},
        )
    return review


def record_review_outcome(
    *,
    actor: Actor,
    review: ReviewRequest,
    outcome: str,
    outcome_on: date | None,
    note: str = "",
) -> ReviewRequest:
    """The court's outcome of a review, which closes it."""
    procurement = review.procurement
    if not permissions.can_record_review(actor, procurement):
        raise PermissionDenied
    user = _user(actor)
    errors: dict[str, list[str]] = {}
    if outcome not in ReviewOutcome.values or outcome == ReviewOutcome.PENDING:
        errors["outcome"] = [_("Choose the outcome.")]
    if outcome_on is None:
        errors["outcome_on"] = [_("Give the date of the court's decision.")]
    elif outcome_on < review.filed_on:
        errors["outcome_on"] = [_("The court cannot decide before the request was filed.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = ReviewRequest.objects.select_for_update().get(pk=review.pk)
        if not locked.is_open:
            raise ValidationError(_("The outcome of this review is already recorded."))
        locked.outcome = outcome
        locked.outcome_on = outcome_on
        locked.outcome_note = (note or "").strip()
        locked.outcome_recorded_by = user
        locked.outcome_recorded_at = clock.now()
        locked.save()
        record_event(
            action="award.review_outcome_recorded",
            actor=user,
            organisation=procurement.buyer,
            target=procurement,
            data={"review": locked.pk, "outcome": outcome},
        )
    return locked


# --- the contract -----------------------------------------------------------------------------


def contract_blocker(procurement: Procurement) -> str | None:
    """Why a contract cannot be registered yet (translated), or None when it can: the award
    decision is signed, the standstill is over and no request for review is open."""
    decisions = list(
        AwardDecision.objects.filter(procurement=procurement).values_list(
            "contract_allowed_from", "standstill_last_day"
        )
    )
    if not decisions:
        return _("No award decision has been signed.")
    if procurement.status != ProcurementStatus.STANDSTILL:
        return _("The procurement is not in the standstill.")
    if ReviewRequest.objects.filter(
        procurement=procurement, outcome=ReviewOutcome.PENDING
    ).exists():
        return _("A request for review is open: record the court's outcome first.")
    allowed, last_day = max(decisions)
    if clock.now() < allowed:
        return _("The standstill lasts until the end of %(day)s.") % {
            "day": formats.date_format(last_day, "j F Y")
        }
    return None
