"""What the panel reads beside each criterion of a follow-up assessment: the assessed party's
self-description and its evidence (registered with the engine in apps.py)."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Q
from django.utils.translation import gettext as _

from rodtrad.assessments.material import Material
from rodtrad.assessments.models import Assessment, ScopeItem
from rodtrad.contracts.models import Party
from rodtrad.followup.models import FollowUpRound, SelfDescription


def self_descriptions(assessment: Assessment, items: Sequence[ScopeItem]) -> dict[int, Material]:
    """Per scope item the party's self-description. Two queries."""
    round = FollowUpRound.objects.filter(
        Q(provider_assessment=assessment) | Q(buyer_assessment=assessment)
    ).first()
    if round is None:
        return {}
    party = Party.PROVIDER if round.provider_assessment_id == assessment.pk else Party.BUYER
    texts = {d.criterion_id: d for d in SelfDescription.objects.filter(round=round, party=party)}
    label = _("The self-description")
    result = {}
    for item in items:
        found = texts.get(item.criterion_id)
        if found is None:
            continue
        text = found.text
        if found.evidence:
            text += "\n\n" + _("Evidence: %(evidence)s") % {"evidence": found.evidence}
        result[item.pk] = Material(label=label, text=text)
    return result
