"""Reads for the follow-up pages and the API, each in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from rodtrad.assessments import scoring
from rodtrad.assessments.models import Assessment, ScopeItem, Status
from rodtrad.common import clock
from rodtrad.common.charts import Series, line_chart
from rodtrad.contracts.models import Contract, Party
from rodtrad.followup.models import FollowUpRound, SelfDescription
from rodtrad.followup.progression import Line, Progression, Snapshot, progression


def rounds(contract: Contract) -> list[FollowUpRound]:
    """The contract's rounds in due order with their assessments. One query."""
    return list(
        FollowUpRound.objects.filter(contract=contract)
        .select_related("provider_assessment", "buyer_assessment")
        .order_by("due_on", "number")
    )


def _lines(assessment_ids: list[int]) -> dict[int, list[Line]]:
    """Per assessment its criteria with the consensus points. One query, read as plain values:
    every round's scope is read, and neither the long texts nor model objects are needed."""
    found: dict[int, list[Line]] = {pk: [] for pk in assessment_ids}
    rows = (
        ScopeItem.objects.filter(assessment_id__in=assessment_ids)
        .order_by("assessment_id", "order", "id")
        .values_list(
            "assessment_id",
            "criterion__code",
            "criterion__name",
            "criterion__kind",
            "max_points",
            "consensus__percent",
        )
    )
    for assessment_id, code, name, kind, max_points, percent in rows:
        found[assessment_id].append(
            Line(
                code=code,
                name=name,
                kind=kind,
                max_points=max_points,
                points=scoring.points(percent, max_points) if percent is not None else None,
            )
        )
    return found


@dataclass
class PartyProgression:
    party: str
    label: str
    progression: Progression

    @property
    def has_data(self) -> bool:
        return bool(self.progression.labels)


def progressions(contract: Contract, all_rounds: list[FollowUpRound]) -> list[PartyProgression]:
    """Both parties' progression over the final assessments: the provider from the tender
    baseline, the buyer from its first round. One query."""
    final = {
        Party.PROVIDER: [
            (r, r.provider_assessment)
            for r in all_rounds
            if r.provider_assessment and r.provider_assessment.status == Status.FINAL
        ],
        Party.BUYER: [
            (r, r.buyer_assessment)
            for r in all_rounds
            if r.buyer_assessment and r.buyer_assessment.status == Status.FINAL
        ],
    }
    ids = [contract.baseline_id] + [a.pk for pairs in final.values() for _r, a in pairs]
    lines = _lines(ids)
    provider = [Snapshot(_("Tender"), lines[contract.baseline_id])] + [
        Snapshot(r.title, lines[a.pk]) for r, a in final[Party.PROVIDER]
    ]
    buyer = [Snapshot(r.title, lines[a.pk]) for r, a in final[Party.BUYER]]
    return [
        PartyProgression(Party.PROVIDER, contract.provider.name, progression(provider)),
        PartyProgression(Party.BUYER, contract.buyer.name, progression(buyer)),
    ]


def chart(parties: list[PartyProgression]):
    """Total points per party over the snapshots (the provider's tender first)."""
    labels: list[str] = []
    for party in parties:
        for label in party.progression.labels:
            if label not in labels:
                labels.append(label)
    series = []
    for party in parties:
        by_label = dict(zip(party.progression.labels, party.progression.total.points, strict=True))
        series.append(Series(party.label, [by_label.get(label) for label in labels]))
    maximum = max((p.progression.total.max_points for p in parties), default=Decimal(1))
    return line_chart(
        series,
        labels,
        title=_("Total points over time"),
        description=_("Each party's total consensus points from the tender through the rounds."),
        y_min=Decimal(0),
        y_max=maximum or Decimal(1),
    )


def self_descriptions(round: FollowUpRound) -> dict[str, dict[int, SelfDescription]]:
    """Per party, per criterion id, what it wrote. One query."""
    found: dict[str, dict[int, SelfDescription]] = {Party.PROVIDER: {}, Party.BUYER: {}}
    for d in SelfDescription.objects.filter(round=round):
        found.setdefault(d.party, {})[d.criterion_id] = d
    return found


def scope_of(assessment: Assessment | None) -> list[ScopeItem]:
    if assessment is None:
        return []
    return list(assessment.scope.select_related("criterion").order_by("order", "id"))


def action_window(contract: Contract, round: FollowUpRound) -> tuple[datetime | None, datetime]:
    """From the end of the previous round's due day (None for the first round) to the end of
    this round's due day, or now when that is earlier: what happened to the actions since the
    last round. One query."""
    previous = (
        FollowUpRound.objects.filter(contract=contract, due_on__lt=round.due_on)
        .order_by("-due_on")
        .values_list("due_on", flat=True)
        .first()
    )

    def end_of(day) -> datetime:
        return timezone.make_aware(datetime.combine(day, time.max))

    return (end_of(previous) if previous else None), min(clock.now(), end_of(round.due_on))
