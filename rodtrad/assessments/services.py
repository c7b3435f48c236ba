"""Write operations of the assessment engine: one function per state transition
(ARCHITECTURE.md rule 3). Each checks the actor may do it, validates, saves in one transaction,
records the audit event and queues e-mails on commit.

`create_assessment` is the engine's entry point for every purpose; `create_self_assessment` is
the self-assessment front door. Procurements and follow-up call `create_assessment` after
checking their own permissions.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from rodtrad.accounts.actor import Actor
from rodtrad.accounts.models import Organisation, User
from rodtrad.assessments import permissions, scoring
from rodtrad.assessments.models import (
    Assessment,
    ConsensusScore,
    IndividualScore,
    PanelMember,
    PanelRole,
    Purpose,
    ScopeItem,
    Status,
)
from rodtrad.audit.services import record_event
from rodtrad.common import clock
from rodtrad.common.mail import send_templated_mail
from rodtrad.common.text import refuse_nul
from rodtrad.qualitymodels.models import Criterion, ModelVersion, ScaleStep


@dataclass(frozen=True)
class ScopeSpec:
    criterion: Criterion
    max_points: Decimal
    guidance: str = ""
    question: str = ""


@dataclass(frozen=True)
class PanelSpec:
    user: User
    organisation: Organisation
    role: str = PanelRole.EVALUATOR


class ConsensusConflict(Exception):
    """Someone else saved the same consensus criterion since the form was loaded."""

    def __init__(self, current: ConsensusScore) -> None:
        super().__init__("consensus conflict")
        self.current = current


# Events whose data reveals scores, texts or declarations: kept for traceability, never shown
# in the organisation's event log (the assessment pages show them to those allowed).
CONFIDENTIAL_EVENTS = {
    "assessment.declaration_signed",
    "assessment.individual_submitted",
    "assessment.consensus_saved",
    "assessment.status_changed",
}


def _event(action: str, actor: Actor, assessment: Assessment, **data) -> None:
    record_event(
        action=action,
        actor=actor.user,
        organisation=assessment.owner,
        target=assessment,
        data=data,
        confidential=action in CONFIDENTIAL_EVENTS,
    )


def _steps_by_kind(version: ModelVersion) -> dict[str, list[int]]:
    steps: dict[str, list[int]] = {}
    for step in ScaleStep.objects.filter(scale__version=version).select_related("scale"):
        steps.setdefault(step.scale.kind, []).append(step.percent)
    return {kind: sorted(values) for kind, values in steps.items()}


def _freeze(version: ModelVersion, actor: Actor) -> None:
    if not version.is_frozen:
        from rodtrad.qualitymodels.services import freeze_version

        freeze_version(version=version, actor=actor)


def _validate_panel(panel: Sequence[PanelSpec]) -> None:
    chairs = [p for p in panel if p.role == PanelRole.CHAIR]
    errors: dict[str, list[str]] = {}
    if len(chairs) != 1:
        errors["chair"] = [_("Choose one panel chair.")]
    if not [p for p in panel if p.role == PanelRole.EVALUATOR]:
        errors["evaluators"] = [_("Choose at least one evaluator besides the chair.")]
    users = [p.user.pk for p in panel]
    if len(users) != len(set(users)):
        errors["evaluators"] = [_("The chair cannot also be listed as an evaluator.")]
    if errors:
        raise ValidationError(errors)


def _validate_scope(version: ModelVersion, scope: Sequence[ScopeSpec]) -> None:
    if not scope:
        raise ValidationError({"scope": [_("Choose at least one criterion to assess.")]})
    for spec in scope:
        if spec.criterion.version_id != version.pk:
            raise ValidationError(
                {"scope": [_("Every criterion must come from the model version.")]}
            )
        if spec.max_points <= 0:
            raise ValidationError(
                {
                    "scope": [
                        _("Criterion %(code)s needs more than zero points.")
                        % {"code": spec.criterion.code}
                    ]
                }
            )


def create_assessment(
    *,
    actor: Actor,
    purpose: str,
    subject: Organisation,
    owner: Organisation,
    title: str,
    model_version: ModelVersion,
    scope: Sequence[ScopeSpec],
    panel: Sequence[PanelSpec],
    divergence_threshold: int = 30,
    reference: Assessment | None = None,
) -> Assessment:
    """Create an assessment in preparation and freeze the model version it uses. The caller has
    checked that the actor may do this for the purpose at hand."""
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": [_("Give the assessment a title.")]})
    if not 1 <= divergence_threshold <= 100:
        raise ValidationError(
            {"divergence_threshold": [_("The threshold is between 1 and 100 percentage points.")]}
        )
    _validate_panel(panel)
    _validate_scope(model_version, scope)
    with transaction.atomic():
        _freeze(model_version, actor)
        if reference is None and purpose == Purpose.SELF_ASSESSMENT:
            reference = latest_final_for(subject=subject, owner=owner, model_version=model_version)
        assessment = Assessment.objects.create(
            title=title,
            purpose=purpose,
            subject=subject,
            owner=owner,
            model_version=model_version,
            divergence_threshold=divergence_threshold,
            reference=reference,
            created_by=_user(actor),
            created_at=clock.now(),
        )
        ScopeItem.objects.bulk_create(
            ScopeItem(
                assessment=assessment,
                criterion=spec.criterion,
                max_points=spec.max_points,
                order=index,
                guidance=spec.guidance,
                question=spec.question,
            )
            for index, spec in enumerate(scope)
        )
        PanelMember.objects.bulk_create(
            PanelMember(
                assessment=assessment, user=p.user, organisation=p.organisation, role=p.role
            )
            for p in panel
        )
        _event(
            "assessment.created",
            actor,
            assessment,
            title=title,
            purpose=purpose,
            subject=subject.name,
            model_version=str(model_version),
            scope=[{"criterion": s.criterion.code, "max_points": s.max_points} for s in scope],
            panel=[{"email": p.user.email, "role": p.role} for p in panel],
        )
    return assessment


def _user(actor: Actor) -> User:
    if actor.user is None:
        raise PermissionDenied
    return actor.user


def latest_final_for(
    *, subject: Organisation, owner: Organisation, model_version: ModelVersion
) -> Assessment | None:
    """The newest final self-assessment of the same subject, owned by the same organisation, with
    the same model lineage. Only self-assessments pick their reference by themselves: a tender is
    judged on the tender alone, and another owner's assessment is not this owner's to compare
    with (the caller of a follow-up passes its baseline explicitly)."""
    return (
        Assessment.objects.filter(
            purpose=Purpose.SELF_ASSESSMENT,
            subject=subject,
            owner=owner,
            model_version__model_id=model_version.model_id,
            status=Status.FINAL,
        )
        .order_by("-finalised_at", "-id")
        .first()
    )


def default_scope(version: ModelVersion, *, include_results: bool = True) -> list[ScopeSpec]:
    criteria = Criterion.objects.filter(version=version).order_by("group__order", "order", "id")
    return [
        ScopeSpec(criterion=c, max_points=Decimal(c.max_points))
        for c in criteria
        if include_results or c.kind != "results"
    ]


def create_self_assessment(
    *,
    actor: Actor,
    organisation: Organisation,
    title: str,
    model_version: ModelVersion,
    chair: User,
    evaluators: Iterable[User],
    divergence_threshold: int = 30,
    include_results: bool = True,
) -> Assessment:
    """An organisation assesses itself with its own people as the panel (phase A)."""
    if not permissions.can_create_self_assessment(actor, organisation):
        raise PermissionDenied
    evaluators = list(evaluators)
    members = set(organisation.memberships.values_list("user_id", flat=True))
    outsiders = [u for u in [chair, *evaluators] if u.pk not in members]
    if outsiders:
        raise ValidationError(
            {
                "evaluators": [
                    _("%(name)s is not a member of %(organisation)s.")
                    % {"name": outsiders[0], "organisation": organisation.name}
                ]
            }
        )
    panel = [PanelSpec(chair, organisation, PanelRole.CHAIR)] + [
        PanelSpec(user, organisation) for user in evaluators
    ]
    return create_assessment(
        actor=actor,
        purpose=Purpose.SELF_ASSESSMENT,
        subject=organisation,
        owner=organisation,
        title=title,
        model_version=model_version,
        scope=default_scope(model_version, include_results=include_results),
        panel=panel,
        divergence_threshold=divergence_threshold,
    )


def _require_status(assessment: Assessment, *allowed: str) -> None:
    if assessment.status not in allowed:
        raise ValidationError(
            _("This cannot be done while the assessment is in the stage “%(status)s”.")
            % {"status": assessment.get_status_display()}
        )


def _locked(assessment: Assessment) -> Assessment:
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    assessment.status = locked.status
    return locked


def update_scope(
    *, actor: Actor, assessment: Assessment, items: Sequence[tuple[int, Decimal]]
) -> None:
    """Replace the scope: (criterion id, maximum points) pairs, in order. Preparation only."""
    if not permissions.can_manage(actor, assessment):
        raise PermissionDenied
    criteria = {
        c.pk: c
        for c in Criterion.objects.filter(
            version=assessment.model_version_id, pk__in=[i for i, _p in items]
        )
    }
    scope = []
    for criterion_id, max_points in items:
        if criterion_id not in criteria:
            raise ValidationError(
                {"scope": [_("Every criterion must come from the model version.")]}
            )
        scope.append(ScopeSpec(criterion=criteria[criterion_id], max_points=max_points))
    _validate_scope(assessment.model_version, scope)
    with transaction.atomic():
        _require_status(_locked(assessment), Status.PREPARATION)
        before = list(assessment.scope.values_list("criterion__code", "max_points"))
        assessment.scope.all().delete()
        ScopeItem.objects.bulk_create(
            ScopeItem(
                assessment=assessment, criterion=s.criterion, max_points=s.max_points, order=i
            )
            for i, s in enumerate(scope)
        )
        _event(
            "assessment.scope_changed",
            actor,
            assessment,
            before=[{"criterion": c, "max_points": p} for c, p in before],
            after=[{"criterion": s.criterion.code, "max_points": s.max_points} for s in scope],
        )


def start_individual(*, actor: Actor, assessment: Assessment) -> None:
    """Open individual assessment: panel members sign their declarations and assess."""
    if not (permissions.can_manage(actor, assessment) or permissions.is_chair(actor, assessment)):
        raise PermissionDenied
    with transaction.atomic():
        _require_status(_locked(assessment), Status.PREPARATION)
        assessment.status = Status.INDIVIDUAL
        assessment.individual_started_at = clock.now()
        assessment.save(update_fields=["status", "individual_started_at"])
        _event(
            "assessment.status_changed",
            actor,
            assessment,
            before=Status.PREPARATION,
            after=Status.INDIVIDUAL,
        )
        members = list(assessment.panel.filter(removed_at__isnull=True).select_related("user"))
        transaction.on_commit(lambda: _mail_panel(assessment, members, "assessments/email/started"))


def _mail_panel(assessment: Assessment, members: Sequence[PanelMember], template: str) -> None:
    from django.urls import reverse

    for member in members:
        send_templated_mail(
            template=template,
            context={
                "assessment_title": assessment.title,
                "subject_name": assessment.subject.name,
                "role": member.role,
                "path": reverse("assessments:detail", args=[assessment.pk]),
            },
            to=[member.user.email],
        )


def sign_declaration(
    *, actor: Actor, assessment: Assessment, conflict: bool, description: str = ""
) -> PanelMember:
    """Sign the conflict-of-interest and confidentiality declaration. Declaring a conflict
    removes the member from the panel and tells the chair."""
    member = permissions.membership_of(actor, assessment)
    if member is None:
        raise PermissionDenied
    if member.declared_at is not None:
        raise ValidationError(_("You have already signed the declaration."))
    description = (description or "").strip()
    if conflict and not description:
        raise ValidationError(
            {"description": [_("Describe the conflict of interest, so the chair can act on it.")]}
        )
    with transaction.atomic():
        _require_status(_locked(assessment), Status.PREPARATION, Status.INDIVIDUAL)
        now = clock.now()
        member.declared_at = now
        member.conflict_declared = conflict
        member.conflict_description = description
        if conflict:
            member.removed_at = now
        member.save(
            update_fields=["declared_at", "conflict_declared", "conflict_description", "removed_at"]
        )
        _event(
            "assessment.declaration_signed",
            actor,
            assessment,
            email=member.user.email,
            conflict=conflict,
            description=description,
        )
        if conflict:
            chairs = [
                m
                for m in assessment.panel.filter(
                    role=PanelRole.CHAIR, removed_at__isnull=True
                ).select_related("user")
            ]
            transaction.on_commit(lambda: _mail_conflict(assessment, member, chairs))
    return member


def _mail_conflict(
    assessment: Assessment, member: PanelMember, chairs: Sequence[PanelMember]
) -> None:
    from django.urls import reverse

    recipients = [c.user.email for c in chairs if c.user_id != member.user_id]
    if recipients:
        send_templated_mail(
            template="assessments/email/conflict",
            context={
                "assessment_title": assessment.title,
                "member_name": member.user.full_name,
                "description": member.conflict_description,
                "path": reverse("assessments:detail", args=[assessment.pk]),
            },
            to=recipients,
        )


def _valid_percent(item: ScopeItem, percent: int | None, steps: dict[str, list[int]]) -> None:
    if percent is not None and percent not in steps.get(item.criterion.kind, []):
        raise ValidationError(
            {
                "percent": [
                    _("Choose one of the steps of the scale for %(code)s.")
                    % {"code": item.criterion.code}
                ]
            }
        )


def save_individual_score(
    *,
    actor: Actor,
    assessment: Assessment,
    item: ScopeItem,
    percent: int | None,
    strengths: list[str],
    improvements: list[str],
    notes: str = "",
) -> IndividualScore:
    """Save (part of) one's own work on one criterion. Allowed until one submits."""
    if not permissions.can_score(actor, assessment):
        raise PermissionDenied
    member = permissions.membership_of(actor, assessment)
    assert member is not None
    if item.assessment_id != assessment.pk:
        raise PermissionDenied
    _valid_percent(item, percent, _steps_by_kind(assessment.model_version))
    refuse_nul(strengths=strengths, improvements=improvements, notes=notes)
    with transaction.atomic():
        score, _created = IndividualScore.objects.select_for_update().get_or_create(
            member=member, item=item
        )
        score.percent = percent
        score.strengths = strengths
        score.improvements = improvements
        score.notes = (notes or "").strip()
        score.save()
    return score


def missing_for_submission(assessment: Assessment, member: PanelMember) -> list[ScopeItem]:
    """The criteria still missing a step, or a strength or improvement area."""
    scores = {s.item_id: s for s in IndividualScore.objects.filter(member=member)}
    missing = []
    for item in assessment.scope.select_related("criterion"):
        score = scores.get(item.pk)
        if score is None or score.percent is None or not (score.strengths or score.improvements):
            missing.append(item)
    return missing


def submit_individual(*, actor: Actor, assessment: Assessment) -> PanelMember:
    """Submit one's individual assessment: every criterion scored, each with at least one
    strength or improvement area. Submitted work is locked."""
    if not permissions.can_score(actor, assessment):
        raise PermissionDenied
    member = permissions.membership_of(actor, assessment)
    assert member is not None
    missing = missing_for_submission(assessment, member)
    if missing:
        raise ValidationError(
            [
                _("%(code)s %(name)s needs a step and at least one strength or improvement area.")
                % {"code": item.criterion.code, "name": item.criterion.name}
                for item in missing
            ]
        )
    with transaction.atomic():
        _require_status(_locked(assessment), Status.INDIVIDUAL)
        member.submitted_at = clock.now()
        member.save(update_fields=["submitted_at"])
        scores = IndividualScore.objects.filter(member=member).select_related("item__criterion")
        _event(
            "assessment.individual_submitted",
            actor,
            assessment,
            email=member.user.email,
            scores={s.item.criterion.code: s.percent for s in scores},
        )
    return member


def start_consensus(*, actor: Actor, assessment: Assessment, reason: str = "") -> None:
    """The chair opens consensus: individual work becomes read-only and visible side by side.
    Without every active member's submission the chair must give a reason."""
    if not permissions.is_chair(actor, assessment):
        raise PermissionDenied
    reason = (reason or "").strip()
    with transaction.atomic():
        _require_status(_locked(assessment), Status.INDIVIDUAL)
        active = list(assessment.panel.filter(removed_at__isnull=True).select_related("user"))
        missing = [m for m in active if m.submitted_at is None]
        submitted = [m for m in active if m.submitted_at is not None]
        if not submitted:
            raise ValidationError(_("Nobody has submitted an individual assessment yet."))
        if missing and not reason:
            raise ValidationError(
                {
                    "reason": [
                        _(
                            "Not everyone has submitted (%(names)s). Give the reason for starting "
                            "the consensus anyway."
                        )
                        % {"names": ", ".join(m.user.full_name for m in missing)}
                    ]
                }
            )
        scores_by_item: dict[int, list[IndividualScore]] = {}
        for score in IndividualScore.objects.filter(member__in=submitted).order_by(
            "member__role", "member_id"
        ):
            scores_by_item.setdefault(score.item_id, []).append(score)
        ConsensusScore.objects.bulk_create(
            ConsensusScore(
                item=item,
                strengths=scoring.merge_texts(s.strengths for s in scores_by_item.get(item.pk, [])),
                improvements=scoring.merge_texts(
                    s.improvements for s in scores_by_item.get(item.pk, [])
                ),
            )
            for item in assessment.scope.all()
        )
        assessment.status = Status.CONSENSUS
        assessment.consensus_started_at = clock.now()
        assessment.consensus_forced_reason = reason if missing else ""
        assessment.save(update_fields=["status", "consensus_started_at", "consensus_forced_reason"])
        _event(
            "assessment.status_changed",
            actor,
            assessment,
            before=Status.INDIVIDUAL,
            after=Status.CONSENSUS,
            not_submitted=[m.user.email for m in missing],
            reason=reason if missing else "",
        )
        transaction.on_commit(
            lambda: _mail_panel(assessment, active, "assessments/email/consensus")
        )


def save_consensus(
    *,
    actor: Actor,
    assessment: Assessment,
    item: ScopeItem,
    percent: int | None,
    rationale: str,
    strengths: list[str],
    improvements: list[str],
    revision: int,
    suggested: int | None,
) -> ConsensusScore:
    """Record the consensus for one criterion. `revision` is the one the form was loaded with;
    if someone saved since, ConsensusConflict carries their version and nothing is saved.
    A step that differs from the suggestion (the median) needs a rationale."""
    if not permissions.can_edit_consensus(actor, assessment):
        raise PermissionDenied
    if item.assessment_id != assessment.pk:
        raise PermissionDenied
    _valid_percent(item, percent, _steps_by_kind(assessment.model_version))
    refuse_nul(rationale=rationale, strengths=strengths, improvements=improvements)
    rationale = (rationale or "").strip()
    if percent is not None and suggested is not None and percent != suggested and not rationale:
        raise ValidationError(
            {
                "rationale": [
                    _("The step differs from the suggested %(suggested)s %%: explain why.")
                    % {"suggested": suggested}
                ]
            }
        )
    with transaction.atomic():
        current = ConsensusScore.objects.select_for_update().get(item=item)
        if current.revision != revision:
            raise ConsensusConflict(current)
        before = {"percent": current.percent, "rationale": current.rationale}
        updated = ConsensusScore.objects.filter(pk=current.pk, revision=revision).update(
            percent=percent,
            rationale=rationale,
            strengths=strengths,
            improvements=improvements,
            revision=F("revision") + 1,
            updated_by=actor.user,
            updated_at=clock.now(),
        )
        if not updated:  # pragma: no cover  (the row lock makes this unreachable)
            raise ConsensusConflict(ConsensusScore.objects.get(pk=current.pk))
        _event(
            "assessment.consensus_saved",
            actor,
            assessment,
            criterion=item.criterion.code,
            before=before,
            after={"percent": percent, "rationale": rationale},
        )
    return ConsensusScore.objects.select_related("updated_by").get(pk=current.pk)


def finalise(*, actor: Actor, assessment: Assessment) -> Assessment:
    """The chair finalises: every criterion has a consensus step; the result is frozen."""
    if not permissions.is_chair(actor, assessment):
        raise PermissionDenied
    with transaction.atomic():
        _require_status(_locked(assessment), Status.CONSENSUS)
        items = list(
            assessment.scope.select_related("criterion__group", "consensus").order_by("order")
        )
        missing = [i for i in items if i.consensus.percent is None]
        if missing:
            raise ValidationError(
                [
                    _("%(code)s %(name)s has no consensus step yet.")
                    % {"code": i.criterion.code, "name": i.criterion.name}
                    for i in missing
                ]
            )
        result = scoring.totals(
            scoring.ScoredCriterion(
                code=i.criterion.code,
                group=i.criterion.group.code,
                kind=i.criterion.kind,
                max_points=i.max_points,
                percent=i.consensus.percent,
            )
            for i in items
        )
        assessment.status = Status.FINAL
        assessment.finalised_at = clock.now()
        assessment.total_points = result.total.points
        assessment.save(update_fields=["status", "finalised_at", "total_points"])
        _event(
            "assessment.status_changed",
            actor,
            assessment,
            before=Status.CONSENSUS,
            after=Status.FINAL,
            total_points=result.total.points,
            consensus={i.criterion.code: i.consensus.percent for i in items},
        )
    return assessment


def parse_points(raw: str) -> Decimal:
    try:
        value = Decimal(str(raw).replace(",", ".").strip())
    except InvalidOperation:
        raise ValidationError(_("Enter the points as a number, for example 70 or 72,5.")) from None
    if not value.is_finite() or value <= 0 or value > Decimal("100000"):
        raise ValidationError(_("Enter the points as a number above zero."))
    return value.quantize(Decimal("0.01"))
