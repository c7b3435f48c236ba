"""Assessments: self-assessments, declarations, individual work, consensus, the feedback report.

The same permission functions and selectors as the pages: independence holds here too.
No `from __future__ import annotations` (django-ninja resolves endpoint annotations at runtime).
"""

from datetime import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate
from pydantic import ConfigDict

from rodtrad.accounts import permissions as account_permissions
from rodtrad.accounts.models import User
from rodtrad.api.auth import actor_of
from rodtrad.api.errors import ApiError
from rodtrad.api.schemas import ERRORS
from rodtrad.assessments import material, permissions, scoring, selectors, services
from rodtrad.assessments.charts import group_chart
from rodtrad.assessments.forms import usable_versions
from rodtrad.assessments.models import Assessment
from rodtrad.common.pdf import pdf_response, render_pdf

router = Router(tags=["assessments"])

ERRORS_409 = {**ERRORS, 409: ERRORS[400]}


class AssessmentSummary(Schema):
    id: int
    title: str
    purpose: str
    status: str
    subject_id: int
    subject_name: str
    model_version_id: int
    total_points: Decimal | None


class PanelMemberOut(Schema):
    user_id: int
    name: str
    role: str
    declared: bool | None = Field(None, description="Only for the chair and managers")
    submitted: bool | None = Field(None, description="Only for the chair and managers")
    left_for_conflict: bool | None = None


class ScopeItemOut(Schema):
    id: int
    criterion_code: str
    criterion_name: str
    kind: str
    max_points: Decimal


class AssessmentOut(AssessmentSummary):
    divergence_threshold: int
    reference_id: int | None
    created_at: datetime
    panel: list[PanelMemberOut]
    scope: list[ScopeItemOut]


class SelfAssessmentIn(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "organisation_id": 2,
                    "title": "Självvärdering Ekbacken 2027",
                    "model_version_id": 1,
                    "chair_user_id": 9,
                    "evaluator_user_ids": [8, 10],
                }
            ]
        }
    )

    organisation_id: int
    title: str = Field(..., max_length=200, examples=["Självvärdering 2026"])
    model_version_id: int
    chair_user_id: int
    evaluator_user_ids: list[int] = Field(..., examples=[[12, 13]])
    divergence_threshold: int = Field(30, ge=1, le=100)
    include_results: bool = True


class DeclarationIn(Schema):
    model_config = ConfigDict(json_schema_extra={"examples": [{"conflict": False}]})

    conflict: bool
    description: str = ""


class ScoreIn(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "percent": 60,
                    "strengths": [
                        (
                            "Varje boende har en genomförandeplan som tas fram tillsammans med den "
                            "äldre och närstående"
                        )
                    ],
                    "improvements": [
                        ("Det saknas uppföljning av hur väl genomförandeplanerna följs i vardagen")
                    ],
                    "notes": "Jämför med intervjuerna på avdelning Linden.",
                }
            ]
        }
    )

    percent: int | None = Field(None, ge=0, le=100, examples=[60])
    strengths: list[str] = Field(default_factory=list, examples=[["Tydlig genomförandeplan"]])
    improvements: list[str] = Field(default_factory=list)
    notes: str = ""


class ScoreOut(Schema):
    item_id: int
    criterion_code: str
    percent: int | None
    strengths: list[str]
    improvements: list[str]
    notes: str


class IndividualOut(Schema):
    evaluator_id: int
    evaluator_name: str
    percent: int | None
    strengths: list[str]
    improvements: list[str]


class ConsensusOut(Schema):
    item_id: int
    criterion_code: str
    divergent: bool
    median: Decimal | None
    spread: int
    suggested: int | None
    individual: list[IndividualOut]
    percent: int | None
    rationale: str
    strengths: list[str]
    improvements: list[str]
    revision: int


class ConsensusIn(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "percent": 60,
                    "rationale": (
                        "Arbetssättet är väl beskrivet och används på alla avdelningar, men det "
                        "följs ännu inte upp systematiskt."
                    ),
                    "strengths": [
                        (
                            "Varje boende har en genomförandeplan som tas fram tillsammans med den "
                            "äldre och närstående"
                        )
                    ],
                    "improvements": [
                        (
                            "Följ upp genomförandeplanerna varje kvartal och använd resultatet i "
                            "förbättringsarbetet"
                        )
                    ],
                    "revision": 2,
                }
            ]
        }
    )

    percent: int | None = Field(None, ge=0, le=100)
    rationale: str = ""
    strengths: list[str] = Field(default_factory=list)
    improvements: list[str] = Field(default_factory=list)
    revision: int = Field(..., description="The revision you read; a newer one gives 409")


class StartConsensusIn(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "reason": (
                        "David Sund är sjukskriven och kan inte lämna sin bedömning före "
                        "konsensusmötet."
                    )
                }
            ]
        }
    )

    reason: str = ""


class ReportCriterionOut(Schema):
    criterion_code: str
    criterion_name: str
    group_code: str
    percent: int | None
    points: Decimal
    max_points: Decimal
    band_text: str
    strengths: list[str]
    improvements: list[str]
    previous_percent: int | None
    change: Decimal | None


class SubtotalOut(Schema):
    points: Decimal
    max_points: Decimal


class ReportOut(Schema):
    assessment_id: int
    status: str
    total: SubtotalOut
    by_kind: dict[str, SubtotalOut]
    by_group: dict[str, SubtotalOut]
    reference_id: int | None
    criteria: list[ReportCriterionOut]


def _summary(a: Assessment) -> AssessmentSummary:
    return AssessmentSummary(
        id=a.pk,
        title=a.title,
        purpose=a.purpose,
        status=a.status,
        subject_id=a.subject_id,
        subject_name=a.subject.name,
        model_version_id=a.model_version_id,
        total_points=a.total_points,
    )


def _detail(request: HttpRequest, a: Assessment) -> AssessmentOut:
    actor = actor_of(request)
    progress = selectors.panel_progress(actor, a)
    if progress is not None:
        panel = [
            PanelMemberOut(
                user_id=r.member.user_id,
                name=r.member.user.full_name,
                role=r.member.role,
                declared=r.declared,
                submitted=r.submitted,
                left_for_conflict=r.conflict,
            )
            for r in progress
        ]
    else:
        panel = [
            PanelMemberOut(
                user_id=m.user_id,
                name=m.user.full_name,
                role=m.role,
                declared=None,
                submitted=None,
                left_for_conflict=None,
            )
            for m in a.panel.all()
            if m.removed_at is None
        ]
    return AssessmentOut(
        **_summary(a).dict(),
        divergence_threshold=a.divergence_threshold,
        reference_id=a.reference_id,
        created_at=a.created_at,
        panel=panel,
        scope=[
            ScopeItemOut(
                id=i.pk,
                criterion_code=i.criterion.code,
                criterion_name=i.criterion.name,
                kind=i.criterion.kind,
                max_points=i.max_points,
            )
            for i in selectors.scope_of(a)
        ],
    )


@router.get("/assessments", response={200: list[AssessmentSummary], **ERRORS})
@paginate(PageNumberPagination)
def list_assessments(request: HttpRequest):
    """Assessments you are on the panel of or manage, and your organisation's final
    self-assessments."""
    return [_summary(a) for a in selectors.assessments_visible_to(actor_of(request))]


@router.post("/assessments", response={201: AssessmentOut, **ERRORS})
def create_self_assessment(request: HttpRequest, payload: SelfAssessmentIn):
    """Create a self-assessment of an organisation (its administrators and quality leads)."""
    actor = actor_of(request)
    organisation = account_permissions.get_organisation_for_view(actor, payload.organisation_id)
    version = usable_versions(organisation).filter(pk=payload.model_version_id).first()
    if version is None:
        raise ValidationError(
            {
                "model_version_id": [
                    _("Choose a version from the library or your organisation's models.")
                ]
            }
        )
    wanted = [payload.chair_user_id, *payload.evaluator_user_ids]
    people = {u.pk: u for u in User.objects.filter(pk__in=wanted)}
    if any(user_id not in people for user_id in wanted):
        raise ValidationError({"evaluator_user_ids": [_("Every panel member must be a user.")]})
    assessment = services.create_self_assessment(
        actor=actor,
        organisation=organisation,
        title=payload.title,
        model_version=version,
        chair=people[payload.chair_user_id],
        evaluators=[people[i] for i in payload.evaluator_user_ids],
        divergence_threshold=payload.divergence_threshold,
        include_results=payload.include_results,
    )
    return Status(201, _detail(request, permissions.get_assessment(actor, assessment.pk)))


@router.get("/assessments/{assessment_id}", response={200: AssessmentOut, **ERRORS})
def get_assessment(request: HttpRequest, assessment_id: int):
    return _detail(request, permissions.get_assessment(actor_of(request), assessment_id))


@router.post("/assessments/{assessment_id}/start", response={200: AssessmentOut, **ERRORS})
def start_individual(request: HttpRequest, assessment_id: int):
    """Open individual assessment (managers or the chair)."""
    actor = actor_of(request)
    assessment = permissions.get_assessment(actor, assessment_id)
    services.start_individual(actor=actor, assessment=assessment)
    return _detail(request, permissions.get_assessment(actor, assessment_id))


@router.post("/assessments/{assessment_id}/declaration", response={200: AssessmentOut, **ERRORS})
def sign_declaration(request: HttpRequest, assessment_id: int, payload: DeclarationIn):
    """Sign the conflict-of-interest and confidentiality declaration. `conflict: true` removes
    you from the panel."""
    actor = actor_of(request)
    assessment = permissions.get_assessment(actor, assessment_id)
    services.sign_declaration(
        actor=actor,
        assessment=assessment,
        conflict=payload.conflict,
        description=payload.description,
    )
    if payload.conflict:
        return _detail(request, assessment)
    return _detail(request, permissions.get_assessment(actor, assessment_id))


def _material(request: HttpRequest, assessment_id: int) -> Assessment:
    return permissions.get_assessment_for(
        actor_of(request), assessment_id, permissions.can_see_material
    )


class MaterialFileOut(Schema):
    name: str
    url: str
    api_url: str
    content_type: str
    size: int


class MaterialOut(Schema):
    item_id: int
    criterion_code: str
    label: str
    text: str
    files: list[MaterialFileOut]


@router.get("/assessments/{assessment_id}/material", response={200: list[MaterialOut], **ERRORS})
def assessment_material(request: HttpRequest, assessment_id: int):
    """What the assessed organisation wrote for each criterion (a tender's answers and their
    files), for panel members who have signed the declaration. Empty for purposes without
    material."""
    actor = actor_of(request)
    assessment = _material(request, assessment_id)
    items = selectors.scope_of(assessment)
    found = material.material_for(actor, assessment, items)
    return [
        MaterialOut(
            item_id=item.pk,
            criterion_code=item.criterion.code,
            label=found[item.pk].label,
            text=found[item.pk].text,
            files=[
                MaterialFileOut(
                    name=f.name,
                    url=f.url,
                    api_url=f.api_url,
                    content_type=f.content_type,
                    size=f.size,
                )
                for f in found[item.pk].files
            ],
        )
        for item in items
        if item.pk in found
    ]


@router.get("/assessments/{assessment_id}/my-scores", response={200: list[ScoreOut], **ERRORS})
def my_scores(request: HttpRequest, assessment_id: int):
    """Your own individual work (never anyone else's)."""
    actor = actor_of(request)
    assessment = _material(request, assessment_id)
    return [
        ScoreOut(
            item_id=row.item.pk,
            criterion_code=row.item.criterion.code,
            percent=row.score.percent if row.score else None,
            strengths=row.score.strengths if row.score else [],
            improvements=row.score.improvements if row.score else [],
            notes=row.score.notes if row.score else "",
        )
        for row in selectors.own_scoring_rows(actor, assessment)
    ]


@router.put("/assessments/{assessment_id}/my-scores/{item_id}", response={200: ScoreOut, **ERRORS})
def save_my_score(request: HttpRequest, assessment_id: int, item_id: int, payload: ScoreIn):
    actor = actor_of(request)
    assessment = _material(request, assessment_id)
    item = assessment.scope.select_related("criterion").filter(pk=item_id).first()
    if item is None:
        raise ApiError(404, "not_found")
    score = services.save_individual_score(
        actor=actor,
        assessment=assessment,
        item=item,
        percent=payload.percent,
        strengths=[s.strip() for s in payload.strengths if s.strip()],
        improvements=[s.strip() for s in payload.improvements if s.strip()],
        notes=payload.notes,
    )
    return ScoreOut(
        item_id=item.pk,
        criterion_code=item.criterion.code,
        percent=score.percent,
        strengths=score.strengths,
        improvements=score.improvements,
        notes=score.notes,
    )


@router.post("/assessments/{assessment_id}/submit", response={200: AssessmentOut, **ERRORS})
def submit(request: HttpRequest, assessment_id: int):
    """Submit your individual assessment; it is locked afterwards."""
    actor = actor_of(request)
    assessment = _material(request, assessment_id)
    services.submit_individual(actor=actor, assessment=assessment)
    return _detail(request, permissions.get_assessment(actor, assessment_id))


@router.post(
    "/assessments/{assessment_id}/start-consensus", response={200: AssessmentOut, **ERRORS}
)
def start_consensus(request: HttpRequest, assessment_id: int, payload: StartConsensusIn):
    """Start the consensus (the chair). A reason is needed when not everyone has submitted."""
    actor = actor_of(request)
    assessment = permissions.get_assessment_for(actor, assessment_id, permissions.is_chair)
    services.start_consensus(actor=actor, assessment=assessment, reason=payload.reason)
    return _detail(request, permissions.get_assessment(actor, assessment_id))


def _consensus_out(row: selectors.ConsensusRow) -> ConsensusOut:
    c = row.consensus
    return ConsensusOut(
        item_id=row.item.pk,
        criterion_code=row.item.criterion.code,
        divergent=row.divergent,
        median=row.median,
        spread=row.spread,
        suggested=row.suggested,
        individual=[
            IndividualOut(
                evaluator_id=s.member.user_id,
                evaluator_name=s.member.user.full_name,
                percent=s.percent,
                strengths=s.strengths,
                improvements=s.improvements,
            )
            for s in row.individual
        ],
        percent=c.percent if c else None,
        rationale=c.rationale if c else "",
        strengths=c.strengths if c else [],
        improvements=c.improvements if c else [],
        revision=c.revision if c else 0,
    )


@router.get("/assessments/{assessment_id}/consensus", response={200: list[ConsensusOut], **ERRORS})
def consensus(request: HttpRequest, assessment_id: int):
    """Per criterion: the submitted individual work side by side, median, spread, divergence,
    the suggested step and the consensus so far (from the consensus stage on)."""
    actor = actor_of(request)
    assessment = permissions.get_assessment_for(
        actor, assessment_id, permissions.can_see_all_individual_work
    )
    return [_consensus_out(row) for row in selectors.consensus_rows(actor, assessment)]


@router.put(
    "/assessments/{assessment_id}/consensus/{item_id}", response={200: ConsensusOut, **ERRORS_409}
)
def save_consensus(request: HttpRequest, assessment_id: int, item_id: int, payload: ConsensusIn):
    """Record the consensus for one criterion. Send the `revision` you read: if someone saved
    since, the answer is 409 with their version in `details`."""
    actor = actor_of(request)
    assessment = permissions.get_assessment_for(
        actor, assessment_id, permissions.can_edit_consensus
    )
    row = next(
        (r for r in selectors.consensus_rows(actor, assessment) if r.item.pk == item_id), None
    )
    if row is None:
        raise ApiError(404, "not_found")
    try:
        row.consensus = services.save_consensus(
            actor=actor,
            assessment=assessment,
            item=row.item,
            percent=payload.percent,
            rationale=payload.rationale,
            strengths=[s.strip() for s in payload.strengths if s.strip()],
            improvements=[s.strip() for s in payload.improvements if s.strip()],
            revision=payload.revision,
            suggested=row.suggested,
        )
    except services.ConsensusConflict as clash:
        current = clash.current
        raise ApiError(
            409,
            "conflict",
            _("Someone else saved this criterion since you read it. Read it again and merge."),
            details=[
                {"field": "revision", "message": str(current.revision)},
                {
                    "field": "percent",
                    "message": "" if current.percent is None else str(current.percent),
                },
                {"field": "rationale", "message": current.rationale},
            ],
        ) from None
    return _consensus_out(row)


@router.post("/assessments/{assessment_id}/finalise", response={200: AssessmentOut, **ERRORS})
def finalise(request: HttpRequest, assessment_id: int):
    """Finalise (the chair): every criterion must have a consensus step."""
    actor = actor_of(request)
    assessment = permissions.get_assessment_for(actor, assessment_id, permissions.is_chair)
    services.finalise(actor=actor, assessment=assessment)
    return _detail(request, permissions.get_assessment(actor, assessment_id))


def _report(request: HttpRequest, assessment_id: int):
    actor = actor_of(request)
    assessment = permissions.get_assessment_for(actor, assessment_id, permissions.can_view_report)
    report = selectors.feedback_report(actor, assessment)
    assert report is not None
    return assessment, report


def _subtotal(s: scoring.Subtotal) -> SubtotalOut:
    return SubtotalOut(points=s.points, max_points=s.max_points)


@router.get("/assessments/{assessment_id}/report", response={200: ReportOut, **ERRORS})
def report(request: HttpRequest, assessment_id: int):
    """The feedback report as data."""
    assessment, report = _report(request, assessment_id)
    return ReportOut(
        assessment_id=assessment.pk,
        status=assessment.status,
        total=_subtotal(report.totals.total),
        by_kind={k: _subtotal(v) for k, v in report.totals.by_kind.items()},
        by_group={k: _subtotal(v) for k, v in report.totals.by_group.items()},
        reference_id=report.reference.pk if report.reference else None,
        criteria=[
            ReportCriterionOut(
                criterion_code=c.item.criterion.code,
                criterion_name=c.item.criterion.name,
                group_code=c.item.criterion.group.code,
                percent=c.percent,
                points=c.points,
                max_points=c.item.max_points,
                band_text=c.band_text,
                strengths=c.strengths,
                improvements=c.improvements,
                previous_percent=c.previous_percent,
                change=c.change,
            )
            for c in report.criteria
        ],
    )


@router.get("/assessments/{assessment_id}/report.pdf", response={200: None, **ERRORS})
def report_pdf(request: HttpRequest, assessment_id: int) -> HttpResponse:
    """The feedback report as a PDF."""
    assessment, report = _report(request, assessment_id)
    content = render_pdf(
        "pdf/assessment_report.html",
        {"assessment": assessment, "report": report, "chart": group_chart(report)},
    )
    return pdf_response(content, assessment.title)
