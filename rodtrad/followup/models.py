"""Follow-up of a contract (DOMAIN.md section 5, phase D): rounds scheduled from the follow-up
plan, each with two engine assessments of the same model lineage as the tender — the provider on
the award criteria and the buyer as co-producer of the quality."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class RoundStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class FollowUpRound(models.Model):
    contract = models.ForeignKey(
        "contracts.Contract", on_delete=models.CASCADE, related_name="rounds"
    )
    number = models.PositiveIntegerField(_("number"))
    due_on = models.DateField(_("due"))
    status = models.CharField(
        _("status"), max_length=12, choices=RoundStatus.choices, default=RoundStatus.PLANNED
    )
    provider_assessment = models.OneToOneField(
        "assessments.Assessment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assessment of the provider"),
    )
    buyer_assessment = models.OneToOneField(
        "assessments.Assessment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assessment of the buyer"),
    )
    change_reason = models.TextField(_("reason for the change"), blank=True)
    next_steps = models.TextField(_("agreed next steps"), blank=True)
    reminded_on = models.DateField(_("reminded"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("follow-up round")
        verbose_name_plural = _("follow-up rounds")
        ordering = ["contract", "due_on", "number"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "number"], name="round_unique_number")
        ]
        indexes = [models.Index(fields=["status", "due_on"], name="round_status_due")]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        """Translated when shown, so each reader sees the round in their own language."""
        return gettext("Follow-up round %(number)s") % {"number": self.number}


class SelfDescription(models.Model):
    """What one party writes about itself per criterion before the panel assesses it in a round,
    with its evidence – like a tender's answer. Shown to the panel beside the criterion."""

    round = models.ForeignKey(
        FollowUpRound, on_delete=models.CASCADE, related_name="self_descriptions"
    )
    party = models.CharField(_("party"), max_length=8)
    criterion = models.ForeignKey(
        "qualitymodels.Criterion", on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("self-description"))
    evidence = models.TextField(_("evidence"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField()

    class Meta:
        verbose_name = _("self-description")
        verbose_name_plural = _("self-descriptions")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "party", "criterion"], name="selfdescription_unique"
            )
        ]

    def __str__(self) -> str:
        return f"self-description of {self.party} in round {self.round_id}"
