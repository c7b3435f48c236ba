"""What the panel reads beside each criterion of a tender assessment: the tender's answer to the
award criterion and the files attached to it (registered with the engine in apps.py). Never a
price: prices live in their own part of the tender and are not part of the material."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from rodtrad.accounts.actor import Actor
from rodtrad.assessments import permissions as engine_permissions
from rodtrad.assessments.material import Material, MaterialFile
from rodtrad.assessments.models import Assessment, ScopeItem
from rodtrad.evaluations.models import TenderEvaluation
from rodtrad.procurements.models import AwardCriterion
from rodtrad.tenders import services as tender_services
from rodtrad.tenders.models import Attachment


def _link(assessment: Assessment) -> TenderEvaluation | None:
    return (
        TenderEvaluation.objects.select_related("tender__opened__submission")
        .defer("tender__sealed_draft")
        .filter(assessment=assessment)
        .first()
    )


def _content(link: TenderEvaluation) -> dict[str, Any]:
    submission = link.tender.opened.submission
    submission.tender = link.tender
    return tender_services.read_submission(submission)


def answer_files(content: dict[str, Any], award_ids: set[int]) -> list[dict[str, Any]]:
    """The files attached to the answers (not the requirements' evidence, not other files)."""
    return [
        a
        for a in content.get("attachments") or []
        if a.get("purpose") == "criterion" and a.get("ref") in award_ids
    ]


def tender_material(assessment: Assessment, items: Sequence[ScopeItem]) -> dict[int, Material]:
    """Per scope item: the tender's answer and its files. Three queries."""
    link = _link(assessment)
    if link is None:
        return {}
    content = _content(link)
    awards = {
        a.criterion_id: a
        for a in AwardCriterion.objects.filter(procurement_id=link.procurement_id).only(
            "pk", "criterion_id"
        )
    }
    answers = content.get("answers") or {}
    files = answer_files(content, {a.pk for a in awards.values()})
    label = _("The tender's answer")
    result: dict[int, Material] = {}
    for item in items:
        award = awards.get(item.criterion_id)
        if award is None:
            continue
        result[item.pk] = Material(
            label=label,
            text=str(answers.get(str(award.pk), "")),
            files=[
                MaterialFile(
                    name=str(f.get("name", "")),
                    url=reverse("evaluations:attachment", args=[assessment.pk, f["id"]]),
                    content_type=str(f.get("content_type", "")),
                    size=int(f.get("size") or 0),
                    api_url=f"/api/v1/tender-assessments/{assessment.pk}/files/{f['id']}",
                )
                for f in files
                if f.get("ref") == award.pk
            ],
        )
    return result


def declaration_page(assessment: Assessment) -> str | None:
    procurement_id = (
        TenderEvaluation.objects.filter(assessment=assessment)
        .values_list("procurement_id", flat=True)
        .first()
    )
    if procurement_id is None:
        return None
    return reverse("evaluations:declaration", args=[procurement_id])


def get_answer_attachment(
    actor: Actor, assessment_id: int, attachment_id: int
) -> tuple[TenderEvaluation, Attachment]:
    """A file attached to one of the tender's answers, for a panel member of that tender's
    assessment who has signed the declaration; 404 for anything else."""
    assessment = engine_permissions.get_assessment(actor, assessment_id)
    if not engine_permissions.can_see_material(actor, assessment):
        raise PermissionDenied
    link = _link(assessment)
    if link is None:
        raise Http404
    award_ids = set(
        AwardCriterion.objects.filter(procurement_id=link.procurement_id).values_list(
            "pk", flat=True
        )
    )
    listed = {f["id"] for f in answer_files(_content(link), award_ids)}
    if attachment_id not in listed:
        raise Http404
    attachment = link.tender.attachments.filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404
    return link, attachment
