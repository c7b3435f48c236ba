"""The award (DOMAIN.md sections 7 and 8): the award decision (tilldelningsbeslut) per lot, with
the ranking, the reasons and the disqualified tenders frozen as they were decided, and requests
for review (överprövning) of the procurement, which block the contract while they are open."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AwardDecision(models.Model):
    """The signed award decision for one lot. `ranking`, `reasons` and `disqualified` are
    snapshots (see award.services.sign_decision for their shape): a decision never changes."""

    procurement = models.ForeignKey(
        "procurements.Procurement", on_delete=models.PROTECT, related_name="award_decisions"
    )
    lot = models.ForeignKey("procurements.Lot", on_delete=models.PROTECT, related_name="+")
    winner = models.ForeignKey(
        "tenders.Tender", on_delete=models.PROTECT, related_name="+", verbose_name=_("winner")
    )
    evaluation_kind = models.CharField(_("evaluation model"), max_length=24)
    tie_break = models.CharField(_("tie-break rule"), max_length=16)
    tie_note = models.TextField(_("tie-break applied"), blank=True)
    decided_by_lottery = models.BooleanField(_("decided by lottery"), default=False)
    ranking = models.JSONField(_("ranking"), default=list)
    reasons = models.JSONField(_("reasons per criterion"), default=list)
    disqualified = models.JSONField(_("disqualified tenders"), default=list)
    justification = models.TextField(_("further reasons"), blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(_("notice sent"))
    standstill_last_day = models.DateField(_("last day of the standstill"))
    contract_allowed_from = models.DateTimeField(_("contract allowed from"))

    class Meta:
        verbose_name = _("award decision")
        verbose_name_plural = _("award decisions")
        ordering = ["procurement", "lot__number"]
        constraints = [
            models.UniqueConstraint(fields=["procurement", "lot"], name="awarddecision_unique")
        ]

    def __str__(self) -> str:
        return f"award decision of procurement {self.procurement_id} (lot {self.lot_id})"


class ReviewOutcome(models.TextChoices):
    PENDING = "", _("Pending")
    REJECTED = "rejected", _("Rejected by the court")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    CORRECTION = "correction", _("Granted: the evaluation is to be corrected")
    REDO = "redo", _("Granted: the procurement is to be redone")


class ReviewRequest(models.Model):
    """A tenderer's request to the administrative court for review (överprövning), as recorded
    by the buyer. While its outcome is pending no contract may be registered."""

    procurement = models.ForeignKey(
        "procurements.Procurement", on_delete=models.PROTECT, related_name="review_requests"
    )
    court = models.CharField(_("court"), max_length=200)
    filed_on = models.DateField(_("filed"))
    applicant = models.CharField(_("applicant"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=ReviewOutcome.choices, blank=True, default=""
    )
    outcome_on = models.DateField(_("decided by the court"), null=True, blank=True)
    outcome_note = models.TextField(_("about the outcome"), blank=True)
    outcome_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    outcome_recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("request for review")
        verbose_name_plural = _("requests for review")
        ordering = ["procurement", "filed_on", "id"]

    def __str__(self) -> str:
        return f"review of procurement {self.procurement_id} at {self.court}"

    @property
    def is_open(self) -> bool:
        return self.outcome == ReviewOutcome.PENDING
