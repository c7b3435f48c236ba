"""Write operations of the evaluation of tenders: start it (one engine assessment per qualified
tender and lot), sign the panel's declaration once per procurement, reveal the prices. Each
checks permission, validates, saves in one transaction and records the audit event."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from rodtrad.accounts.actor import Actor
from rodtrad.accounts.models import Organisation, User
from rodtrad.accounts.reauth import require_recent_authentication
from rodtrad.assessments import services as engine
from rodtrad.assessments.models import PanelMember, PanelRole, Purpose, Status
from rodtrad.audit.services import record_event
from rodtrad.common import clock
from rodtrad.evaluations import permissions
from rodtrad.evaluations.models import EvaluatorDeclaration, PriceReveal, TenderEvaluation
from rodtrad.procurements.models import (
    AwardCriterion,
    Lot,
    LotCriterion,
    Procurement,
    ProcurementStatus,
    TeamRole,
)
from rodtrad.tenders import services as tender_services
from rodtrad.tenders.models import OpenedTender, QualificationOutcome


def _user(actor: Actor) -> User:
    if actor.user is None:
        raise PermissionDenied
    return actor.user


def _require_evaluation(procurement: Procurement) -> None:
    if procurement.status != ProcurementStatus.EVALUATION:
        raise ValidationError(_("The procurement is not in the evaluation stage."))


def qualified_tenders(procurement: Procurement) -> list[OpenedTender]:
    """The opened tenders that passed qualification, in the order of the opening."""
    return list(
        OpenedTender.objects.filter(
            opening__procurement=procurement,
            tender__qualification__outcome=QualificationOutcome.QUALIFIED,
        )
        .select_related("tender__organisation", "submission")
        .defer("tender__sealed_draft")
        .order_by("position")
    )


def tendered_lots(content: dict[str, Any], lots: Sequence[Lot]) -> list[Lot]:
    """The lots a tender is for: with one lot that lot; otherwise those chosen or priced."""
    if len(lots) == 1:
        return list(lots)
    chosen = {str(x) for x in content.get("lots") or []}
    prices = content.get("prices") or {}
    return [lot for lot in lots if str(lot.pk) in chosen or prices.get(str(lot.pk))]


def _panel(procurement: Procurement) -> list[engine.PanelSpec]:
    team = list(procurement.team.select_related("user").order_by("id"))
    chairs = [m.user for m in team if m.role == TeamRole.PANEL_CHAIR]
    if len(chairs) != 1:
        raise ValidationError(_("The procurement team needs exactly one panel chair."))
    chair = chairs[0]
    evaluators: list[User] = []
    for member in team:
        if (
            member.role == TeamRole.EVALUATOR
            and member.user != chair
            and member.user not in evaluators
        ):
            evaluators.append(member.user)
    if not evaluators:
        raise ValidationError(_("The procurement team needs at least one evaluator."))
    buyer = procurement.buyer
    return [engine.PanelSpec(chair, buyer, PanelRole.CHAIR)] + [
        engine.PanelSpec(user, buyer, PanelRole.EVALUATOR) for user in evaluators
    ]


def _scope(
    awards: Sequence[AwardCriterion], lot: Lot, lot_points: dict[tuple[int, int], Decimal]
) -> list[engine.ScopeSpec]:
    return [
        engine.ScopeSpec(
            criterion=award.criterion,
            max_points=(
                lot_points.get((lot.pk, award.pk), award.points)
                if lot.own_evaluation
                else award.points
            ),
            guidance=award.guidance,
            question=award.question,
        )
        for award in awards
    ]


def _title(organisation: Organisation, procurement: Procurement, lot: Lot, lots: int) -> str:
    if lots > 1:
        return _("Tender from %(tenderer)s, %(reference)s, lot %(number)s") % {
            "tenderer": organisation.name,
            "reference": procurement.reference_number,
            "number": lot.number,
        }
    return _("Tender from %(tenderer)s, %(reference)s") % {
        "tenderer": organisation.name,
        "reference": procurement.reference_number,
    }


def start_evaluation(*, actor: Actor, procurement: Procurement) -> list[TenderEvaluation]:
    """Create one engine assessment per qualified tender and lot it tenders for (the award
    criteria with their points as scope, the team's chair and evaluators as panel) and start
    individual assessment. Idempotent: what exists already is kept; returns what was created."""
    if not permissions.can_run(actor, procurement):
        raise PermissionDenied
    _require_evaluation(procurement)
    if procurement.model_version is None:
        raise ValidationError(_("The procurement has no quality model version."))
    with transaction.atomic():
        Procurement.objects.select_for_update().filter(pk=procurement.pk).first()
        existing = set(
            TenderEvaluation.objects.filter(procurement=procurement).values_list(
                "tender_id", "lot_id"
            )
        )
        opened = qualified_tenders(procurement)
        if not opened:
            raise ValidationError(_("There is no qualified tender to evaluate."))
        panel = _panel(procurement)
        awards = list(procurement.criteria.select_related("criterion").order_by("order", "id"))
        if not awards:
            raise ValidationError(_("The procurement has no award criteria."))
        lots = list(procurement.lots.order_by("number"))
        lot_points = {
            (row.lot_id, row.award_criterion_id): row.points
            for row in LotCriterion.objects.filter(lot__procurement=procurement)
        }
        for o in opened:
            o.submission.tender = o.tender
        contents = tender_services.read_submissions([o.submission for o in opened], procurement.pk)
        declarations = list(
            EvaluatorDeclaration.objects.filter(procurement=procurement)
            .select_related("user")
            .prefetch_related("conflicts")
        )
        created: list[TenderEvaluation] = []
        for o in opened:
            for lot in tendered_lots(contents[o.submission.pk], lots):
                if (o.tender_id, lot.pk) in existing:
                    continue
                assessment = engine.create_assessment(
                    actor=actor,
                    purpose=Purpose.TENDER,
                    subject=o.tender.organisation,
                    owner=procurement.buyer,
                    title=_title(o.tender.organisation, procurement, lot, len(lots)),
                    model_version=procurement.model_version,
                    scope=_scope(awards, lot, lot_points),
                    panel=panel,
                )
                engine.start_individual(actor=actor, assessment=assessment)
                link = TenderEvaluation.objects.create(
                    procurement=procurement,
                    tender=o.tender,
                    lot=lot,
                    assessment=assessment,
                    created_at=clock.now(),
                )
                created.append(link)
                for declaration in declarations:
                    _apply_declaration(declaration, [link])
        if created:
            record_event(
                action="evaluation.started",
                actor=actor.user,
                organisation=procurement.buyer,
                target=procurement,
                data={
                    "assessments": [
                        {"tender": link.tender_id, "lot": link.lot_id, "assessment": link.pk}
                        for link in created
                    ]
                },
            )
    return created


def _apply_declaration(
    declaration: EvaluatorDeclaration, links: Iterable[TenderEvaluation]
) -> None:
    """Sign the engine's declaration on each tender assessment where the person sits and has
    not signed yet; a conflict with the tenderer removes them from that assessment only."""
    conflicts = {org.pk for org in declaration.conflicts.all()}
    signer = Actor.for_user(declaration.user)
    for link in links:
        assessment = link.assessment
        if assessment.status not in (Status.PREPARATION, Status.INDIVIDUAL):
            continue  # too late to join this one
        member = (
            PanelMember.objects.filter(
                assessment=assessment,
                user=declaration.user,
                removed_at__isnull=True,
                declared_at__isnull=True,
            )
            .only("pk")
            .first()
        )
        if member is None:
            continue
        conflict = link.tender.organisation_id in conflicts
        engine.sign_declaration(
            actor=signer,
            assessment=assessment,
            conflict=conflict,
            description=declaration.conflict_description if conflict else "",
        )


def sign_declaration(
    *,
    actor: Actor,
    procurement: Procurement,
    conflicts: Sequence[Organisation] = (),
    description: str = "",
) -> EvaluatorDeclaration:
    """A panel member signs the conflict-of-interest and confidentiality declaration once for
    the procurement: it signs the engine's declaration on every tender assessment where they
    sit. A conflict with a tenderer removes them from that tenderer's assessments only."""
    if not permissions.is_panel(actor, procurement):
        raise PermissionDenied
    user = _user(actor)
    _require_evaluation(procurement)
    links = list(
        TenderEvaluation.objects.filter(procurement=procurement).select_related(
            "assessment", "tender__organisation"
        )
    )
    if not links:
        raise ValidationError(_("The evaluation has not started yet."))
    tenderers = {link.tender.organisation_id for link in links}
    if any(org.pk not in tenderers for org in conflicts):
        raise ValidationError({"conflicts": [_("Choose tenderers of this procurement.")]})
    description = (description or "").strip()
    if conflicts and not description:
        raise ValidationError(
            {"description": [_("Describe the conflict of interest, so the chair can act on it.")]}
        )
    with transaction.atomic():
        if EvaluatorDeclaration.objects.filter(procurement=procurement, user=user).exists():
            raise ValidationError(_("You have already signed the declaration."))
        declaration = EvaluatorDeclaration.objects.create(
            procurement=procurement,
            user=user,
            signed_at=clock.now(),
            conflict_description=description if conflicts else "",
        )
        declaration.conflicts.set(conflicts)
        _apply_declaration(declaration, links)
        record_event(
            action="evaluation.declaration_signed",
            actor=user,
            organisation=procurement.buyer,
            target=procurement,
            data={
                "email": user.email,
                "conflicts": sorted(org.name for org in conflicts),
                "description": declaration.conflict_description,
            },
            confidential=True,
        )
    return declaration


def reveal_prices(*, actor: Actor, procurement: Procurement) -> PriceReveal:
    """The chair opens the price envelope once every tender's quality consensus is final."""
    if not permissions.is_chair(actor, procurement):
        raise PermissionDenied
    _require_evaluation(procurement)
    if not procurement.hide_prices:
        raise ValidationError(_("The prices of this procurement are not hidden."))
    with transaction.atomic():
        Procurement.objects.select_for_update().filter(pk=procurement.pk).first()
        if PriceReveal.objects.filter(procurement=procurement).exists():
            raise ValidationError(_("The prices are already revealed."))
        statuses = list(
            TenderEvaluation.objects.filter(procurement=procurement).values_list(
                "assessment__status", flat=True
            )
        )
        if not statuses:
            raise ValidationError(_("The evaluation has not started yet."))
        pending = sum(1 for status in statuses if status != Status.FINAL)
        if pending:
            raise ValidationError(
                _(
                    "The prices can be revealed only when every tender's quality consensus is "
                    "final (%(count)s not final yet)."
                )
                % {"count": pending}
            )
        require_recent_authentication(actor)
        reveal = PriceReveal.objects.create(
            procurement=procurement, revealed_by=_user(actor), revealed_at=clock.now()
        )
        record_event(
            action="evaluation.prices_revealed",
            actor=actor.user,
            organisation=procurement.buyer,
            target=procurement,
            data={"tenders": len(statuses)},
        )
    setattr(procurement, permissions._REVEALED, True)
    return reveal
