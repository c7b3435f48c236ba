"""Write operations on procurements: the documents (working copy), the evaluation model, the
simulation, publication and changes, interest registrations, questions and answers, and the
status machine. Each function checks permission, validates, saves in one transaction and records
the audit event (ARCHITECTURE.md rule 3)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from itertools import pairwise
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, ProtectedError
from django.utils.translation import gettext as _

from rodtrad.accounts.actor import Actor
from rodtrad.accounts.models import Organisation, User
from rodtrad.audit.services import record_event
from rodtrad.common import clock
from rodtrad.procurements import permissions
from rodtrad.procurements.cpv import parse_cpv_list
from rodtrad.procurements.models import (
    AwardCriterion,
    EvaluationKind,
    Goal,
    InterestRegistration,
    LibraryRequirement,
    Lot,
    LotCriterion,
    PlannedIndicator,
    Procedure,
    Procurement,
    ProcurementStatus,
    Question,
    Requirement,
    RequirementKind,
    RequirementStyle,
    SimulatedTender,
    TeamMember,
    TeamRole,
    TieBreak,
    Verification,
)
from rodtrad.qualitymodels.models import Criterion, CriterionKind, ModelVersion

S = ProcurementStatus
TRANSITIONS: dict[str, set[str]] = {
    S.DRAFT: {S.PUBLISHED, S.CANCELLED},
    S.PUBLISHED: {S.TENDERING_CLOSED, S.CANCELLED},
    S.TENDERING_CLOSED: {S.OPENED, S.CANCELLED},
    S.OPENED: {S.EVALUATION, S.CANCELLED},
    S.EVALUATION: {S.AWARD_DECIDED, S.CANCELLED},
    S.AWARD_DECIDED: {S.STANDSTILL, S.CANCELLED},
    S.STANDSTILL: {S.CONTRACTED, S.CANCELLED},
    S.CONTRACTED: set(),
    S.CANCELLED: set(),
}

DEFAULT_PARTNERSHIP_QUESTION = (
    "Beskriv hur ni vill att samverkan mellan er och kommunen ska bedrivas under avtalstiden för "
    "att nå upphandlingens mål: vilka forum och hur ofta, vilka som deltar från båda parter, hur "
    "ni följer upp och förbättrar tillsammans, och hur ni vill använda resultaten från "
    "uppföljningarna – för er egen verksamhet och för kommunens."
)


def _event(action: str, actor: Actor, procurement: Procurement, *, target=None, **data) -> None:
    record_event(
        action=action,
        actor=actor.user,
        organisation=procurement.buyer,
        target=target or procurement,
        data={"procurement": procurement.pk, **data},
    )


def _user(actor: Actor) -> User:
    if actor.user is None:
        raise PermissionDenied
    return actor.user


def _editable(actor: Actor, procurement: Procurement) -> Procurement:
    """Lock the procurement row for a change of its documents."""
    if not permissions.can_edit(actor, procurement):
        raise PermissionDenied
    locked = Procurement.objects.select_for_update().get(pk=procurement.pk)
    procurement.status = locked.status
    return locked


def _sync(target: Procurement, source: Procurement) -> Procurement:
    """Copy the saved state onto the caller's instance, so it does not go stale."""
    for field in Procurement._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))
    return target


def _draft_only(procurement: Procurement, what: str) -> None:
    """The evaluation model, the criteria and the lots' evaluation are fixed at publication:
    changing them would need a new procurement."""
    if procurement.status != S.DRAFT:
        raise ValidationError(
            _(
                "%(what)s cannot be changed after publication: it would make a new procurement. "
                "Cancel this one and start again if it must change."
            )
            % {"what": what}
        )


def _text(value: Any) -> str:
    return (value or "").strip() if isinstance(value, str) else ""


def parse_amount(raw: Any, field: str, *, required: bool = False) -> Decimal | None:
    """A SEK amount or points: digits with a comma or point for decimals; spaces allowed."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        if required:
            raise ValidationError({field: [_("Enter a number.")]})
        return None
    try:
        value = Decimal(str(raw).replace(" ", "").replace("\u00a0", "").replace(",", "."))
    except InvalidOperation:
        raise ValidationError(
            {field: [_("Enter a number, for example 1250 or 1 250,50.")]}
        ) from None
    if not value.is_finite() or value < 0 or value >= Decimal("1e12"):
        raise ValidationError({field: [_("Enter a number, zero or more.")]})
    return value.quantize(Decimal("0.01"))


# --- the procurement and its basics ----------------------------------------------------------


def create_procurement(
    *, actor: Actor, buyer: Organisation, title: str, reference_number: str
) -> Procurement:
    """A new draft with one lot; the creator joins the team as procurement officer."""
    if not permissions.can_create(actor, buyer):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    title, reference_number = _text(title), _text(reference_number)
    if not title:
        errors["title"] = [_("Give the procurement a title.")]
    if not reference_number:
        errors["reference_number"] = [_("Enter the reference number (diarienummer).")]
    if errors:
        raise ValidationError(errors)
    now = clock.now()
    with transaction.atomic():
        procurement = Procurement.objects.create(
            buyer=buyer,
            title=title,
            reference_number=reference_number,
            partnership_question=DEFAULT_PARTNERSHIP_QUESTION,
            created_by=_user(actor),
            created_at=now,
            updated_at=now,
        )
        Lot.objects.create(procurement=procurement, number=1, title=title)
        TeamMember.objects.create(
            procurement=procurement, user=_user(actor), role=TeamRole.PROCUREMENT_OFFICER
        )
        _event("procurement.created", actor, procurement, title=title, reference=reference_number)
    return procurement


@dataclass(frozen=True)
class Basics:
    title: str
    reference_number: str
    description: str = ""
    cpv_codes: str | list[str] = ""
    estimated_value: Any = None
    contract_start: date | None = None
    contract_end: date | None = None
    options: str = ""
    procedure: str = Procedure.WELFARE
    publication_date: datetime | None = None
    questions_deadline: datetime | None = None
    tender_deadline: datetime | None = None
    planned_award_date: date | None = None
    tenders_elsewhere: bool | None = None  # None: unchanged


def _check_timeline(b: Basics, errors: dict[str, list[str]]) -> None:
    if b.contract_start and b.contract_end and b.contract_end <= b.contract_start:
        errors.setdefault("contract_end", []).append(_("The contract must end after it starts."))
    order = [
        ("publication_date", b.publication_date),
        ("questions_deadline", b.questions_deadline),
        ("tender_deadline", b.tender_deadline),
    ]
    for (_name1, first), (name2, second) in pairwise(order):
        if first and second and second <= first:
            errors.setdefault(name2, []).append(
                _(
                    "The timeline must go forwards: publication, last day for questions, "
                    "tender deadline."
                )
            )
    if (
        b.tender_deadline
        and b.planned_award_date
        and b.planned_award_date < b.tender_deadline.date()
    ):
        errors.setdefault("planned_award_date", []).append(
            _("The award cannot be planned before the tender deadline.")
        )


def update_basics(*, actor: Actor, procurement: Procurement, basics: Basics) -> Procurement:
    errors: dict[str, list[str]] = {}
    title, reference = _text(basics.title), _text(basics.reference_number)
    if not title:
        errors["title"] = [_("Give the procurement a title.")]
    if not reference:
        errors["reference_number"] = [_("Enter the reference number (diarienummer).")]
    codes: list[str] = []
    try:
        codes = parse_cpv_list(basics.cpv_codes)
    except ValidationError as error:
        errors["cpv_codes"] = list(error.messages)
    value = None
    try:
        value = parse_amount(basics.estimated_value, "estimated_value")
    except ValidationError as error:
        errors.update(error.message_dict)
    if basics.procedure not in Procedure.values:
        errors["procedure"] = [_("Choose the procedure.")]
    _check_timeline(basics, errors)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = _editable(actor, procurement)
        moved = basics.tender_deadline != locked.tender_deadline
        if (
            locked.status != S.DRAFT
            and moved
            and (basics.tender_deadline is None or basics.tender_deadline < clock.now())
        ):
            raise ValidationError(
                {"tender_deadline": [_("A published deadline can only move into the future.")]}
            )
        fields: dict[str, Any] = {
            "title": title,
            "reference_number": reference,
            "description": _text(basics.description),
            "cpv_codes": codes,
            "cpv_index": "".join(f" {code}" for code in codes),
            "estimated_value": value,
            "contract_start": basics.contract_start,
            "contract_end": basics.contract_end,
            "options": _text(basics.options),
            "procedure": basics.procedure,
            "publication_date": basics.publication_date,
            "questions_deadline": basics.questions_deadline,
            "tender_deadline": basics.tender_deadline,
            "planned_award_date": basics.planned_award_date,
        }
        if basics.tenders_elsewhere is not None:
            if locked.status != S.DRAFT and basics.tenders_elsewhere != locked.tenders_elsewhere:
                fixed = _("Where tenders are received is fixed once the procurement is published.")
                raise ValidationError({"tenders_elsewhere": [fixed]})
            fields["tenders_elsewhere"] = bool(basics.tenders_elsewhere)
        before = {k: getattr(locked, k) for k in fields}
        for key, val in fields.items():
            setattr(locked, key, val)
        locked.updated_at = clock.now()
        locked.save()
        changed = {k: v for k, v in fields.items() if before[k] != v}
        if changed:
            _event(
                "procurement.updated",
                actor,
                locked,
                before={k: before[k] for k in changed},
                after=changed,
            )
    return _sync(procurement, locked)


# --- lots -------------------------------------------------------------------------------------


def save_lot(
    *,
    actor: Actor,
    procurement: Procurement,
    lot: Lot | None,
    title: str,
    description: str = "",
    estimated_value: Any = None,
) -> Lot:
    title = _text(title)
    if not title:
        raise ValidationError({"title": [_("Give the lot a title.")]})
    value = parse_amount(estimated_value, "estimated_value")
    with transaction.atomic():
        locked = _editable(actor, procurement)
        if lot is None:
            _draft_only(locked, _("The division into lots"))
            number = (locked.lots.aggregate(n=Max("number"))["n"] or 0) + 1
            lot = Lot(procurement=locked, number=number)
        elif lot.procurement_id != locked.pk:
            raise PermissionDenied
        lot.title, lot.description, lot.estimated_value = title, _text(description), value
        lot.save()
        _event("procurement.lot_saved", actor, locked, lot=lot.number, title=title)
    return lot


def delete_lot(*, actor: Actor, procurement: Procurement, lot: Lot) -> None:
    with transaction.atomic():
        locked = _editable(actor, procurement)
        if lot.procurement_id != locked.pk:
            raise PermissionDenied
        _draft_only(locked, _("The division into lots"))
        if locked.lots.count() <= 1:
            raise ValidationError(_("A procurement has at least one lot."))
        number = lot.number
        lot.delete()
        for index, remaining in enumerate(locked.lots.order_by("number"), start=1):
            if remaining.number != index:
                Lot.objects.filter(pk=remaining.pk).update(number=index)
        _event("procurement.lot_deleted", actor, locked, lot=number)


def set_lot_evaluation(
    *,
    actor: Actor,
    procurement: Procurement,
    lot: Lot,
    own: bool,
    points: dict[int, Any] | None = None,
    amounts: dict[int, Any] | None = None,
    weight_quality: Any = None,
) -> Lot:
    """Give a lot its own criteria points (and deduction/surcharge amounts, weights), or let it
    follow the procurement's. `points`/`amounts` map award-criterion ids to values."""
    with transaction.atomic():
        locked = _editable(actor, procurement)
        if lot.procurement_id != locked.pk:
            raise PermissionDenied
        _draft_only(locked, _("The evaluation of a lot"))
        criteria = {c.pk: c for c in locked.criteria.all()}
        LotCriterion.objects.filter(lot=lot).delete()
        lot.own_evaluation = own
        lot.weight_quality = lot.weight_price = None
        if own:
            rows = []
            for criterion_id, criterion in criteria.items():
                value = parse_amount((points or {}).get(criterion_id), f"points-{criterion_id}")
                amount = parse_amount((amounts or {}).get(criterion_id), f"amount-{criterion_id}")
                rows.append(
                    LotCriterion(
                        lot=lot,
                        award_criterion=criterion,
                        points=criterion.points if value is None else value,
                        amount=criterion.amount if amount is None else amount,
                    )
                )
            LotCriterion.objects.bulk_create(rows)
            if weight_quality not in (None, ""):
                wq = _weight(weight_quality, "weight_quality")
                lot.weight_quality, lot.weight_price = wq, Decimal(1) - wq
        lot.save()
        _event("procurement.lot_evaluation", actor, locked, lot=lot.number, own=own)
    return lot


# --- team -------------------------------------------------------------------------------------


def set_team(
    *, actor: Actor, procurement: Procurement, assignments: Sequence[tuple[User, str]]
) -> None:
    """Replace the team: (person, role) pairs; people must belong to the buyer."""
    members = set(procurement.buyer.memberships.values_list("user_id", flat=True))
    errors = []
    for user, role in assignments:
        if user.pk not in members:
            errors.append(
                _("%(name)s does not belong to %(buyer)s.")
                % {"name": user, "buyer": procurement.buyer.name}
            )
        if role not in TeamRole.values:
            errors.append(_("Unknown role %(role)s.") % {"role": role})
    if not any(role == TeamRole.PROCUREMENT_OFFICER for _u, role in assignments):
        errors.append(_("The team needs at least one procurement officer."))
    if errors:
        raise ValidationError({"team": errors})
    with transaction.atomic():
        locked = _editable(actor, procurement)
        before = sorted((m.user.email, m.role) for m in locked.team.select_related("user"))
        locked.team.all().delete()
        TeamMember.objects.bulk_create(
            TeamMember(procurement=locked, user=user, role=role)
            for user, role in dict.fromkeys(assignments)
        )
        after = sorted((u.email, r) for u, r in dict.fromkeys(assignments))
        if before != after:
            _event("procurement.team_changed", actor, locked, before=before, after=after)


# --- goals, requirements, indicators ----------------------------------------------------------


def _next_code(queryset, prefix: str) -> str:
    taken = set(queryset.values_list("code", flat=True))
    number = 1
    while f"{prefix}{number}" in taken:
        number += 1
    return f"{prefix}{number}"


def save_goal(*, actor: Actor, procurement: Procurement, goal: Goal | None, text: str) -> Goal:
    text = _text(text)
    if not text:
        raise ValidationError({"text": [_("Write the goal.")]})
    with transaction.atomic():
        locked = _editable(actor, procurement)
        if goal is not None and goal.procurement_id != locked.pk:
            raise PermissionDenied
        if goal is None:
            goal = Goal(
                procurement=locked,
                code=_next_code(locked.goals, "M"),
                order=locked.goals.count(),
            )
        before = goal.text
        goal.text = text
        goal.save()
        _event("procurement.goal_saved", actor, locked, goal=goal.code, before=before, after=text)
    return goal


def delete_part(*, actor: Actor, procurement: Procurement, part) -> None:
    """Delete a goal, requirement, indicator or fictive tender of the working copy."""
    if isinstance(part, AwardCriterion):
        raise ValidationError(_("Remove award criteria by leaving them out of the scope."))
    with transaction.atomic():
        locked = _editable(actor, procurement)
        if getattr(part, "procurement_id", None) != locked.pk:
            raise PermissionDenied
        label = str(part)
        try:
            with transaction.atomic():
                part.delete()
        except ProtectedError:
            # E.g. a requirement the qualification of the tenders already checked: the record
            # of that check must stay as it was.
            raise ValidationError(
                _(
                    "This cannot be removed: the tenders were already checked or assessed "
                    "against it. Change its text in a new version of the documents instead."
                )
            ) from None
        _event(
            "procurement.part_deleted",
            actor,
            locked,
            part=part._meta.model_name,
            label=label,
        )


REQUIREMENT_FIELDS = (
    "title",
    "text",
    "kind",
    "style",
    "minimum_level",
    "verification",
    "follow_up_method",
    "follow_up_frequency",
    "follow_up_responsible",
)


def _clean_requirement(data: dict[str, Any]) -> dict[str, Any]:
    clean = {name: _text(data.get(name)) for name in REQUIREMENT_FIELDS}
    errors: dict[str, list[str]] = {}
    if not clean["title"]:
        errors["title"] = [_("Give the requirement a short title.")]
    if not clean["text"]:
        errors["text"] = [_("Write the requirement.")]
    if clean["kind"] not in RequirementKind.values:
        errors["kind"] = [_("Choose whether it applies to the tenderer or to the service.")]
    if clean["style"] not in RequirementStyle.values:
        errors["style"] = [_("Choose functional or detailed.")]
    if clean["verification"] not in Verification.values:
        errors["verification"] = [_("Choose how the tender shows it is met.")]
    if errors:
        raise ValidationError(errors)
    return clean


def save_requirement(
    *,
    actor: Actor,
    procurement: Procurement,
    requirement: Requirement | None,
    data: dict[str, Any],
    from_library: LibraryRequirement | None = None,
) -> Requirement:
    clean = _clean_requirement(data)
    with transaction.atomic():
        locked = _editable(actor, procurement)
        if requirement is not None and requirement.procurement_id != locked.pk:
            raise PermissionDenied
        if requirement is None:
            requirement = Requirement(
                procurement=locked,
                code=_next_code(locked.requirements, "SK"),
                order=locked.requirements.count(),
                from_library=from_library,
            )
        elif locked.status != S.DRAFT and requirement.kind != clean["kind"]:
            raise ValidationError(
                {"kind": [_("A published requirement cannot change between tenderer and service.")]}
            )
        before = {name: getattr(requirement, name) for name in REQUIREMENT_FIELDS}
        for name, value in clean.items():
            setattr(requirement, name, value)
        requirement.save()
        _event(
            "procurement.requirement_saved",
            actor,
            locked,
            requirement=requirement.code,
            before=before if requirement.pk else None,
            after=clean,
        )
    return requirement


def add_requirement_from_library(
    *, actor: Actor, procurement: Procurement, item: LibraryRequirement
) -> Requirement:
    if item.organisation_id != procurement.buyer_id:
        raise PermissionDenied
    data = {name: getattr(item, name) for name in REQUIREMENT_FIELDS}
    return save_requirement(
        actor=actor, procurement=procurement, requirement=None, data=data, from_library=item
    )


def save_library_requirement(
    *,
    actor: Actor,
    organisation: Organisation,
    item: LibraryRequirement | None,
    data: dict[str, Any],
) -> LibraryRequirement:
    if not (
        actor.in_scope(organisation) and actor.has_role(organisation, *permissions.BUYER_ROLES)
    ):
        raise PermissionDenied
    clean = _clean_requirement(data)
    with transaction.atomic():
        item = item or LibraryRequirement(organisation=organisation)
        if item.organisation_id != organisation.pk:
            raise PermissionDenied
        for name, value in clean.items():
            setattr(item, name, value)
        item.save()
        record_event(
            action="procurement.library_requirement_saved",
            actor=actor.user,
            organisation=organisation,
            target=item,
            data=clean,
        )
    return item


def delete_library_requirement(
    *, actor: Actor, organisation: Organisation, item: LibraryRequirement
) -> None:
    """Remove a requirement from the library; requirements copied from it stay as they are."""
    if not (
        actor.in_scope(organisation) and actor.has_role(organisation, *permissions.BUYER_ROLES)
    ):
        raise PermissionDenied
    if item.organisation_id != organisation.pk:
        raise PermissionDenied
    with transaction.atomic():
        pk, title = item.pk, item.title
        item.delete()
        record_event(
            action="procurement.library_requirement_deleted",
            actor=actor.user,
            organisation=organisation,
            object_type="procurements.libraryrequirement",
            object_id=pk,
            data={"title": title},
        )


def save_indicator(
    *,
    actor: Actor,
    procurement: Procurement,
    indicator: PlannedIndicator | None,
    name: str,
    unit: str,
    direction: str,
    target: str = "",
    kolada_kpi: str = "",
    goal_ids: Iterable[int] = (),
) -> PlannedIndicator:
    from rodtrad.procurements.models import Direction

    errors: dict[str, list[str]] = {}
    name = _text(name)
    if not name:
        errors["name"] = [_("Name the indicator.")]
    if direction not in Direction.values:
        errors["direction"] = [_("Choose whether higher or lower is better.")]
    kpi = _text(kolada_kpi).upper()
    if kpi and not (kpi[0] in "NU" and kpi[1:].isdigit() and len(kpi) == 6):
        errors["kolada_kpi"] = [
            _("A Kolada KPI id is a letter and five digits, for example U23471.")
        ]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = _editable(actor, procurement)
        if indicator is not None and indicator.procurement_id != locked.pk:
            raise PermissionDenied
        goals = list(locked.goals.filter(pk__in=list(goal_ids)))
        indicator = indicator or PlannedIndicator(
            procurement=locked, order=locked.indicators.count()
        )
        indicator.name, indicator.unit, indicator.direction = name, _text(unit), direction
        indicator.target, indicator.kolada_kpi = _text(target), kpi
        indicator.save()
        indicator.goals.set(goals)
        _event(
            "procurement.indicator_saved",
            actor,
            locked,
            indicator=name,
            goals=[g.code for g in goals],
        )
    return indicator


# --- the model worked in: award criteria ------------------------------------------------------


def choose_model_version(
    *, actor: Actor, procurement: Procurement, version: ModelVersion, include_results: bool = False
) -> None:
    """Use a model version: it is frozen, and its approach criteria (results too by choice)
    become the award criteria with the model's points."""
    from rodtrad.qualitymodels.services import freeze_version

    if version.model.owner_id not in (None, procurement.buyer_id):
        raise ValidationError(
            {
                "model_version": [
                    _("Choose a version from the library or your organisation's models.")
                ]
            }
        )
    with transaction.atomic():
        locked = _editable(actor, procurement)
        _draft_only(locked, _("The quality model"))
        freeze_version(version=version, actor=actor)
        locked.criteria.all().delete()
        criteria = Criterion.objects.filter(version=version).order_by("group__order", "order", "id")
        AwardCriterion.objects.bulk_create(
            AwardCriterion(
                procurement=locked,
                criterion=c,
                order=index,
                points=Decimal(c.max_points),
            )
            for index, c in enumerate(
                c for c in criteria if include_results or c.kind == CriterionKind.APPROACH
            )
        )
        locked.model_version = version
        locked.updated_at = clock.now()
        locked.save(update_fields=["model_version", "updated_at"])
        _event(
            "procurement.model_chosen",
            actor,
            locked,
            model_version=str(version),
            include_results=include_results,
        )
    _sync(procurement, locked)


def set_criteria_scope(
    *, actor: Actor, procurement: Procurement, criterion_ids: Iterable[int]
) -> None:
    """Choose which of the model version's criteria are award criteria."""
    wanted = set(criterion_ids)
    with transaction.atomic():
        locked = _editable(actor, procurement)
        _draft_only(locked, _("The award criteria"))
        if locked.model_version_id is None:
            raise ValidationError(_("Choose the quality model first."))
        if not wanted:
            raise ValidationError({"criteria": [_("Choose at least one award criterion.")]})
        available = {
            c.pk: c
            for c in Criterion.objects.filter(version=locked.model_version_id).order_by(
                "group__order", "order", "id"
            )
        }
        if not wanted <= set(available):
            raise ValidationError({"criteria": [_("Every criterion must come from the model.")]})
        locked.criteria.exclude(criterion_id__in=wanted).delete()
        present = set(locked.criteria.values_list("criterion_id", flat=True))
        AwardCriterion.objects.bulk_create(
            AwardCriterion(procurement=locked, criterion=c, points=Decimal(c.max_points), order=0)
            for pk, c in available.items()
            if pk in wanted and pk not in present
        )
        order = {pk: index for index, pk in enumerate(available)}
        for award in locked.criteria.all():
            AwardCriterion.objects.filter(pk=award.pk).update(order=order[award.criterion_id])
        _event(
            "procurement.criteria_scope",
            actor,
            locked,
            criteria=[available[pk].code for pk in available if pk in wanted],
        )


def update_award_criterion(
    *,
    actor: Actor,
    procurement: Procurement,
    award: AwardCriterion,
    points: Any,
    guidance: str,
    question: str,
    amount: Any = None,
    goal_ids: Iterable[int] = (),
    answer_max_chars: int | None = None,
) -> AwardCriterion:
    value = parse_amount(points, "points", required=True)
    if value is None or value <= 0:
        raise ValidationError({"points": [_("An award criterion needs more than zero points.")]})
    price_amount = parse_amount(amount, "amount")
    if answer_max_chars is not None and not 200 <= answer_max_chars <= 50_000:
        raise ValidationError({"answer_max_chars": [_("Allow between 200 and 50 000 characters.")]})
    with transaction.atomic():
        locked = _editable(actor, procurement)
        if award.procurement_id != locked.pk:
            raise PermissionDenied
        _draft_only(locked, _("The award criteria"))
        before = {
            "points": award.points,
            "guidance": award.guidance,
            "question": award.question,
            "amount": award.amount,
        }
        award.points, award.guidance, award.question = value, _text(guidance), _text(question)
        award.amount = price_amount
        if answer_max_chars is not None:
            award.answer_max_chars = answer_max_chars
        award.save()
        award.goals.set(locked.goals.filter(pk__in=list(goal_ids)))
        _event(
            "procurement.criterion_saved",
            actor,
            locked,
            criterion=award.criterion.code,
            before=before,
            after={
                "points": value,
                "guidance": award.guidance,
                "question": award.question,
                "amount": price_amount,
            },
        )
    return award


# --- partnership and follow-up ----------------------------------------------------------------


def update_partnership(
    *,
    actor: Actor,
    procurement: Procurement,
    partnership_question: str,
    follow_up_description: str,
    follow_up_months: int | None,
    both_parties: bool,
    baseline: bool,
    barometer: bool,
) -> Procurement:
    if follow_up_months is not None and not 1 <= follow_up_months <= 60:
        raise ValidationError(
            {"follow_up_months": [_("Follow up between every month and every five years.")]}
        )
    with transaction.atomic():
        locked = _editable(actor, procurement)
        fields = {
            "partnership_question": _text(partnership_question),
            "follow_up_description": _text(follow_up_description),
            "follow_up_months": follow_up_months,
            "follow_up_both_parties": both_parties,
            "follow_up_baseline": baseline,
            "follow_up_barometer": barometer,
        }
        before = {k: getattr(locked, k) for k in fields}
        for key, value in fields.items():
            setattr(locked, key, value)
        locked.updated_at = clock.now()
        locked.save()
        _event("procurement.partnership_saved", actor, locked, before=before, after=fields)
    return _sync(procurement, locked)


# --- the evaluation model and the simulation --------------------------------------------------


def _weight(raw: Any, field: str) -> Decimal:
    value = parse_amount(raw, field, required=True)
    assert value is not None
    if value > 1:  # given in per cent
        value = value / 100
    if not 0 <= value <= 1:
        raise ValidationError({field: [_("Enter a weight between 0 and 100 %.")]})
    return value.quantize(Decimal("0.0001"))


def set_evaluation_model(
    *,
    actor: Actor,
    procurement: Procurement,
    kind: str,
    tie_break: str,
    price_unit: str,
    hide_prices: bool,
    weight_quality: Any = None,
    fixed_price: Any = None,
) -> Procurement:
    errors: dict[str, list[str]] = {}
    if kind not in EvaluationKind.values:
        errors["kind"] = [_("Choose an evaluation model.")]
    if tie_break not in TieBreak.values:
        errors["tie_break"] = [_("Choose how a tie is decided.")]
    wq = wp = None
    if kind == EvaluationKind.WEIGHTED_RELATIVE:
        try:
            wq = _weight(weight_quality, "weight_quality")
            wp = Decimal(1) - wq
        except ValidationError as error:
            errors.update(error.message_dict)
    price = None
    if kind == EvaluationKind.FIXED_PRICE:
        try:
            price = parse_amount(fixed_price, "fixed_price", required=True)
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = _editable(actor, procurement)
        _draft_only(locked, _("The evaluation model"))
        before = {
            "kind": locked.evaluation_kind,
            "weight_quality": locked.weight_quality,
            "tie_break": locked.tie_break,
            "hide_prices": locked.hide_prices,
        }
        locked.evaluation_kind, locked.tie_break = kind, tie_break
        locked.weight_quality, locked.weight_price = wq, wp
        locked.price_unit = _text(price_unit) or "SEK"
        locked.hide_prices, locked.fixed_price = hide_prices, price
        locked.updated_at = clock.now()
        locked.save()
        _event(
            "procurement.evaluation_model_saved",
            actor,
            locked,
            before=before,
            after={
                "kind": kind,
                "weight_quality": wq,
                "tie_break": tie_break,
                "hide_prices": hide_prices,
            },
        )
    return _sync(procurement, locked)


def save_simulated_tender(
    *,
    actor: Actor,
    procurement: Procurement,
    tender: SimulatedTender | None,
    name: str,
    price: Any,
    steps: dict[int, Any],
) -> SimulatedTender:
    """A fictive tender: a price and a step (percent) per award criterion id."""
    from rodtrad.procurements.selectors import scale_percents

    errors: dict[str, list[str]] = {}
    name = _text(name)
    if not name:
        errors["name"] = [_("Name the fictive tender, for example “Tender A”.")]
    value = None
    try:
        value = parse_amount(price, "price", required=True)
        if value is not None and value <= 0:
            errors["price"] = [_("Enter a price above zero.")]
    except ValidationError as error:
        errors.update(error.message_dict)
    with transaction.atomic():
        locked = _editable(actor, procurement)
        if tender is not None and tender.procurement_id != locked.pk:
            raise PermissionDenied
        allowed = scale_percents(locked)
        clean_steps: dict[str, int] = {}
        for award in locked.criteria.select_related("criterion"):
            raw = steps.get(award.pk)
            try:
                percent = int(raw) if raw not in (None, "") else 0
            except (TypeError, ValueError):
                percent = -1
            if percent not in allowed.get(award.criterion.kind, []):
                errors.setdefault("steps", []).append(
                    _("Choose a step of the scale for %(code)s.") % {"code": award.criterion.code}
                )
            clean_steps[str(award.pk)] = percent
        if errors:
            raise ValidationError(errors)
        assert value is not None
        tender = tender or SimulatedTender(procurement=locked)
        tender.name, tender.price, tender.steps = name, value, clean_steps
        tender.save()
        _event("procurement.simulation_saved", actor, locked, tender=name, price=value)
    return tender


# --- status machine ---------------------------------------------------------------------------


def _transition(
    locked: Procurement, to: str, actor: Actor, *, action: str, **data: Any
) -> Procurement:
    if to not in TRANSITIONS[locked.status]:
        raise ValidationError(
            _("A procurement that is “%(status)s” cannot become “%(to)s”.")
            % {"status": locked.get_status_display(), "to": ProcurementStatus(to).label}
        )
    before = locked.status
    locked.status = to
    locked.updated_at = clock.now()
    locked.save(update_fields=["status", "updated_at"])
    _event(action, actor, locked, before=before, after=to, **data)
    return locked


def change_status(*, actor: Actor, procurement: Procurement, to: str, **data: Any) -> Procurement:
    """The one door for later steps (tendering closed, opened, evaluation, award, standstill,
    contracted): checks the transition and records it. Callers check their own preconditions."""
    with transaction.atomic():
        locked = Procurement.objects.select_for_update().get(pk=procurement.pk)
        result = _transition(locked, to, actor, action="procurement.status_changed", **data)
    return _sync(procurement, result)


def cancel(*, actor: Actor, procurement: Procurement, reason: str) -> Procurement:
    """Cancel (avbryta) with a reason, from any state before the contract; providers who follow
    the procurement and every organisation that has started or submitted a tender are told."""
    reason = _text(reason)
    if not reason:
        raise ValidationError({"reason": [_("Give the reason for cancelling.")]})
    with transaction.atomic():
        locked = _editable(actor, procurement)
        locked.cancelled_reason = reason
        locked.cancelled_at = clock.now()
        locked.save(update_fields=["cancelled_reason", "cancelled_at"])
        _transition(locked, S.CANCELLED, actor, action="procurement.cancelled", reason=reason)
        _notify_followers(
            locked, "procurements/email/cancelled", {"reason": reason}, with_tenderers=True
        )
    return _sync(procurement, locked)


def _notify_followers(
    procurement: Procurement,
    template: str,
    context: dict[str, Any],
    page: str = "procurements:public",
    *,
    with_tenderers: bool = False,
) -> None:
    """Tell the providers following the procurement; `with_tenderers` also those with a tender
    (drafts included: a provider writing a tender must learn it will not be needed). Only the
    providers' own people are told, so nothing about tenders reaches the buyer."""
    from django.urls import reverse

    from rodtrad.notifications.services import notify

    organisations = set(procurement.interested.values_list("organisation_id", flat=True))
    if with_tenderers:
        organisations |= set(procurement.tenders.values_list("organisation_id", flat=True))
    if not organisations:
        return
    users = User.objects.filter(
        memberships__organisation_id__in=organisations,
        memberships__role__in=list(permissions.PROVIDER_ROLES),
        is_active=True,
    ).distinct()
    notify(
        users=users,
        template=template,
        context={
            "procurement": procurement.title,
            "reference": procurement.reference_number,
            **context,
        },
        url=reverse(page, args=[procurement.pk]),
    )


# --- publication ------------------------------------------------------------------------------


def publish(*, actor: Actor, procurement: Procurement, change_summary: str = "") -> Any:
    """Publish the documents: the first time the procurement becomes published; afterwards a
    change is published as a new version to every provider following it. Refused while the
    red-thread check has a blocking item (the refusal lists them)."""
    from rodtrad.procurements import documents, redthread, selectors

    with transaction.atomic():
        locked = _editable(actor, procurement)
        if locked.status not in (S.DRAFT, S.PUBLISHED):
            raise ValidationError(_("Only a draft or an open procurement can be published."))
        first = locked.status == S.DRAFT
        if not first and not _text(change_summary):
            raise ValidationError(
                {"change_summary": [_("Describe what changed, for the providers following it.")]}
            )
        facts = selectors.red_thread_facts(locked)
        blocking = [r for r in redthread.check(facts) if r.blocking and not r.ok]
        if blocking:
            raise ValidationError(
                [_("The red-thread check has blocking items:")]
                + [f"{r.number}. {r.title}: {p.message}" for r in blocking for p in r.problems[:3]]
            )
        if locked.tender_deadline and locked.tender_deadline <= clock.now():
            raise ValidationError(
                {"tender_deadline": [_("The tender deadline has passed; set a later one.")]}
            )
        version = documents.publish_version(
            procurement=locked, user=_user(actor), change_summary=_text(change_summary)
        )
        if first:
            locked.published_at = version.published_at
            locked.save(update_fields=["published_at"])
            _transition(locked, S.PUBLISHED, actor, action="procurement.published", version=1)
        else:
            _event(
                "procurement.change_published",
                actor,
                locked,
                version=version.number,
                summary=version.change_summary,
            )
            _notify_followers(
                locked,
                "procurements/email/changed",
                {"version": version.number, "summary": version.change_summary},
            )
    _sync(procurement, locked)
    return version


# --- providers: interest and questions --------------------------------------------------------


def register_interest(
    *, actor: Actor, procurement: Procurement, organisation: Organisation
) -> InterestRegistration:
    if not permissions.can_register_interest(actor, procurement, organisation):
        raise PermissionDenied
    try:
        with transaction.atomic():
            registration = InterestRegistration.objects.create(
                procurement=procurement,
                organisation=organisation,
                registered_by=_user(actor),
                registered_at=clock.now(),
            )
            record_event(
                action="procurement.interest_registered",
                actor=actor.user,
                organisation=organisation,
                target=procurement,
                data={"procurement": procurement.pk},
            )
    except IntegrityError:
        registration = InterestRegistration.objects.get(
            procurement=procurement, organisation=organisation
        )
    return registration


def ask_question(
    *, actor: Actor, procurement: Procurement, organisation: Organisation, text: str
) -> Question:
    if procurement.status == S.CANCELLED and permissions.is_published(procurement):
        raise ValidationError(_("The procurement no longer takes questions."))
    if not permissions.can_ask(actor, procurement, organisation):
        raise PermissionDenied
    text = _text(text)
    if not text:
        raise ValidationError({"text": [_("Write your question.")]})
    if len(text) > 4000:
        raise ValidationError({"text": [_("A question can be at most 4 000 characters.")]})
    if procurement.status != S.PUBLISHED:
        raise ValidationError(_("The procurement no longer takes questions."))
    if procurement.questions_deadline and clock.now() > procurement.questions_deadline:
        raise ValidationError(
            _("The last day for questions has passed. Questions can no longer be asked.")
        )
    with transaction.atomic():
        register_interest(actor=actor, procurement=procurement, organisation=organisation)
        question = Question.objects.create(
            procurement=procurement,
            organisation=organisation,
            asked_by=_user(actor),
            asked_at=clock.now(),
            text=text,
            public_text=text,
        )
        record_event(
            action="procurement.question_asked",
            actor=actor.user,
            organisation=organisation,
            target=question,
            data={"procurement": procurement.pk},
        )
        _notify_buyer_team(procurement, question)
    return question


def _notify_buyer_team(procurement: Procurement, question: Question) -> None:
    from django.urls import reverse

    from rodtrad.notifications.services import notify

    officers = User.objects.filter(
        pk__in=procurement.team.filter(role=TeamRole.PROCUREMENT_OFFICER).values("user_id")
    )
    notify(
        users=officers,
        template="procurements/email/question_asked",
        context={"procurement": procurement.title, "reference": procurement.reference_number},
        url=reverse("procurements:questions", args=[procurement.pk]),
    )


def answer_question(*, actor: Actor, question: Question, public_text: str, answer: str) -> Question:
    """Answer and publish to every provider following the procurement, without saying who
    asked. `public_text` is the question as published (edit out anything that names the
    asker)."""
    procurement = question.procurement
    if not permissions.can_answer(actor, procurement):
        raise PermissionDenied
    public_text, answer = _text(public_text), _text(answer)
    errors: dict[str, list[str]] = {}
    if not public_text:
        errors["public_text"] = [_("Write the question as it will be published.")]
    if not answer:
        errors["answer"] = [_("Write the answer.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = _editable(actor, procurement)
        first = question.published_at is None
        if first:
            question.number = (locked.questions.aggregate(n=Max("number"))["n"] or 0) + 1
            question.published_at = clock.now()
        question.public_text, question.answer, question.answered_by = (
            public_text,
            answer,
            actor.user,
        )
        question.save()
        _event(
            "procurement.answer_published",
            actor,
            locked,
            question=question.number,
            corrected=not first,
        )
        _notify_followers(
            locked,
            "procurements/email/answer_published",
            {"number": question.number, "corrected": not first},
            page="procurements:public_questions",
        )
    return question
