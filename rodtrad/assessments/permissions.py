"""Who may see and do what with an assessment.

- Panel members (chair and evaluators) work on it; a member who declared a conflict of interest
  is removed and loses access. A member sees the subject's material only after signing the
  declaration.
- Managers run it without assessing: for a self-assessment the owner organisation's
  administrators and quality leads (procurement and follow-up add their own roles).
- Independence: until consensus starts an evaluator sees only their own work, not whether others
  have submitted. The chair (and a manager who is not an evaluator) sees who has submitted, never
  what. From consensus on the panel and the managers see all submitted work side by side.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404

from rodtrad.accounts.actor import Actor
from rodtrad.accounts.models import Organisation
from rodtrad.accounts.roles import Role
from rodtrad.assessments.models import (
    Assessment,
    PanelMember,
    PanelRole,
    Purpose,
    Status,
)

MANAGER_ROLES: dict[str, frozenset[str]] = {
    Purpose.SELF_ASSESSMENT: frozenset({Role.ADMIN, Role.QUALITY_LEAD}),
    Purpose.TENDER: frozenset({Role.ADMIN, Role.PROCUREMENT_OFFICER}),
    Purpose.FOLLOW_UP: frozenset({Role.ADMIN, Role.CONTRACT_MANAGER}),
}


def can_create_self_assessment(actor: Actor, organisation: Organisation) -> bool:
    return actor.in_scope(organisation) and actor.has_role(
        organisation, *MANAGER_ROLES[Purpose.SELF_ASSESSMENT]
    )


def membership_of(actor: Actor, assessment: Assessment) -> PanelMember | None:
    """The actor's active panel membership (uses the prefetched panel when there is one)."""
    if actor.user is None:
        return None
    for member in assessment.panel.all():
        if (
            member.user_id == actor.user.pk
            and member.removed_at is None
            and actor.in_scope(member.organisation_id)
        ):
            return member
    return None


def is_manager(actor: Actor, assessment: Assessment) -> bool:
    return actor.in_scope(assessment.owner_id) and actor.has_role(
        assessment.owner_id, *MANAGER_ROLES[assessment.purpose]
    )


def is_chair(actor: Actor, assessment: Assessment) -> bool:
    member = membership_of(actor, assessment)
    return member is not None and member.role == PanelRole.CHAIR


def can_view(actor: Actor, assessment: Assessment) -> bool:
    """May know the assessment exists and see its overview."""
    return membership_of(actor, assessment) is not None or is_manager(actor, assessment)


def can_manage(actor: Actor, assessment: Assessment) -> bool:
    """May change the title, scope and panel (in preparation only)."""
    return is_manager(actor, assessment)


def can_see_progress(actor: Actor, assessment: Assessment) -> bool:
    """May see who has submitted (never what): the chair, or a manager who is not assessing."""
    if is_chair(actor, assessment):
        return True
    return is_manager(actor, assessment) and membership_of(actor, assessment) is None


def can_see_material(actor: Actor, assessment: Assessment) -> bool:
    """May see the subject's material: a panel member who has signed the declaration."""
    member = membership_of(actor, assessment)
    return member is not None and member.has_declared


def can_see_all_individual_work(actor: Actor, assessment: Assessment) -> bool:
    """The individual work side by side: from consensus on, for the panel and the managers."""
    if assessment.status not in (Status.CONSENSUS, Status.FINAL):
        return False
    if can_see_material(actor, assessment) or is_manager(actor, assessment):
        return True
    reader = _report_readers.get(assessment.purpose)
    return assessment.status == Status.FINAL and reader is not None and reader(actor, assessment)


def can_score(actor: Actor, assessment: Assessment) -> bool:
    member = membership_of(actor, assessment)
    return (
        assessment.status == Status.INDIVIDUAL
        and member is not None
        and member.has_declared
        and member.submitted_at is None
    )


def can_edit_consensus(actor: Actor, assessment: Assessment) -> bool:
    return assessment.status == Status.CONSENSUS and can_see_material(actor, assessment)


ReportReader = Callable[[Actor, Assessment], bool]
_report_readers: dict[str, ReportReader] = {}


def register_report_reader(purpose: str, reader: ReportReader) -> None:
    """A purpose names who else reads a final report (follow-up: both parties of the contract),
    registered in its app's `AppConfig.ready`, so the engine stays generic."""
    _report_readers[str(purpose)] = reader


def can_view_report(actor: Actor, assessment: Assessment) -> bool:
    """The feedback report: the panel (after declaring) and the managers once consensus is under
    way; for a self-assessment also the assessed organisation's members once it is final, and
    for other purposes whoever their registered reader admits once it is final."""
    if (
        assessment.status == Status.FINAL
        and assessment.purpose == Purpose.SELF_ASSESSMENT
        and actor.in_scope(assessment.subject_id)
        and actor.is_member(assessment.subject_id)
    ):
        return True
    if assessment.status not in (Status.CONSENSUS, Status.FINAL):
        return False
    if can_see_material(actor, assessment) or is_manager(actor, assessment):
        return True
    reader = _report_readers.get(assessment.purpose)
    return assessment.status == Status.FINAL and reader is not None and reader(actor, assessment)


# --- accessors -------------------------------------------------------------------------------


def _load(assessment_id: int) -> Assessment | None:
    return (
        Assessment.objects.select_related(
            "subject", "owner", "model_version__model", "created_by", "reference"
        )
        .prefetch_related(
            Prefetch(
                "panel",
                queryset=PanelMember.objects.select_related("user", "organisation").order_by(
                    "role", "user__full_name", "id"
                ),
            )
        )
        .filter(pk=assessment_id)
        .first()
    )


def visible_to(actor: Actor, assessment: Assessment) -> bool:
    if can_view(actor, assessment):
        return True
    # The assessed organisation may read its final self-assessment report.
    return can_view_report(actor, assessment)


def get_assessment(actor: Actor, assessment_id: int) -> Assessment:
    """An assessment the actor may know about, or 404."""
    assessment = _load(assessment_id)
    if assessment is None or not visible_to(actor, assessment):
        raise Http404
    return assessment


def get_assessment_for(actor: Actor, assessment_id: int, rule) -> Assessment:
    """An assessment the actor may know about and for which `rule(actor, assessment)` holds;
    404 when it may not know it, 403 when the rule says no."""
    assessment = get_assessment(actor, assessment_id)
    if not rule(actor, assessment):
        raise PermissionDenied
    return assessment
