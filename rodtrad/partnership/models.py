"""Partnership (DOMAIN.md section 9): the charter both parties agree at the start of the contract,
in versions each signed by both parties, and the partnership barometer answered by both contract
teams in every follow-up round.

The barometer's answers are confidential: only their respondent ever reads them. Nothing outside
`selectors.own_answer` reads a `BarometerResponse` together with its ratings and its user; the
aggregates read ratings with the party only (`barometer.py`). The models are not in the admin."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class CharterVersion(models.Model):
    """One version of the partnership charter of a contract. Versions are never changed once
    written: editing writes the next version, and a signature belongs to one version."""

    contract = models.ForeignKey(
        "contracts.Contract", on_delete=models.CASCADE, related_name="charter_versions"
    )
    number = models.PositiveIntegerField(_("version"))
    goals = models.TextField(_("common goals"))
    collaboration = models.TextField(_("how we collaborate"))
    room_for_action = models.TextField(_("room for action"))
    feedback_use = models.TextField(_("how the tender's feedback report and scores are used"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    buyer_signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    buyer_signed_at = models.DateTimeField(null=True, blank=True)
    provider_signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    provider_signed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("partnership charter version")
        verbose_name_plural = _("partnership charter versions")
        ordering = ["contract", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "number"], name="charterversion_unique")
        ]

    def __str__(self) -> str:
        return f"charter of contract {self.contract_id}, version {self.number}"

    @property
    def agreed(self) -> bool:
        return self.buyer_signed_at is not None and self.provider_signed_at is not None

    def signed_by_party(self, party: str) -> bool:
        return (self.buyer_signed_at if party == "buyer" else self.provider_signed_at) is not None


class BarometerResponse(models.Model):
    """One person's answer to the barometer in one follow-up round: read by that person only."""

    round = models.ForeignKey(
        "followup.FollowUpRound", on_delete=models.CASCADE, related_name="barometer_responses"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    party = models.CharField(_("party"), max_length=8)
    answered_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        verbose_name = _("barometer answer")
        verbose_name_plural = _("barometer answers")
        constraints = [
            models.UniqueConstraint(fields=["round", "user"], name="barometerresponse_unique")
        ]

    def __str__(self) -> str:
        return f"barometer answer {self.pk}"


class BarometerRating(models.Model):
    """The rating (1–5) of one condition in one answer, with an optional comment."""

    response = models.ForeignKey(
        BarometerResponse, on_delete=models.CASCADE, related_name="ratings"
    )
    condition = models.CharField(_("condition"), max_length=32)
    rating = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("barometer rating")
        verbose_name_plural = _("barometer ratings")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "condition"], name="barometerrating_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5), name="barometerrating_range"
            ),
        ]

    def __str__(self) -> str:
        return f"barometer rating {self.pk}"
