"""The contract (DOMAIN.md section 8 to 10): what the buyer and the winning provider signed after
the standstill, one per lot, with the winning tender's final consensus assessment as the baseline
that every follow-up is compared with."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Contract(models.Model):
    procurement = models.ForeignKey(
        "procurements.Procurement", on_delete=models.PROTECT, related_name="contracts"
    )
    lot = models.ForeignKey("procurements.Lot", on_delete=models.PROTECT, related_name="+")
    decision = models.OneToOneField(
        "award.AwardDecision", on_delete=models.PROTECT, related_name="contract"
    )
    buyer = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="contracts_as_buyer"
    )
    provider = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="contracts_as_provider"
    )
    tender = models.ForeignKey("tenders.Tender", on_delete=models.PROTECT, related_name="+")
    baseline = models.ForeignKey(
        "assessments.Assessment",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("baseline assessment"),
    )
    reference = models.CharField(_("contract number"), max_length=64, blank=True)
    signed_on = models.DateField(_("signed"))
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    latest_end_on = models.DateField(_("latest end with every extension"), null=True, blank=True)
    value = models.DecimalField(_("contract value (SEK)"), max_digits=14, decimal_places=2)
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("contract manager"),
    )
    note = models.TextField(_("note"), blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    registered_at = models.DateTimeField(_("registered"))

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        ordering = ["-signed_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["procurement", "lot"], name="contract_unique_lot"),
        ]
        indexes = [
            models.Index(fields=["buyer", "-signed_on"], name="contract_buyer_signed"),
            models.Index(fields=["provider", "-signed_on"], name="contract_provider_signed"),
        ]

    def __str__(self) -> str:
        return f"contract of procurement {self.procurement_id} (lot {self.lot_id})"


class Party(models.TextChoices):
    BUYER = "buyer", _("Buyer")
    PROVIDER = "provider", _("Provider")


class ContractMember(models.Model):
    """A person on one party's contract team: the people who follow the contract up together.
    Only the two teams (and each party's administrators) see the contract."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    party = models.CharField(_("party"), max_length=8, choices=Party.choices)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField()

    class Meta:
        verbose_name = _("contract team member")
        verbose_name_plural = _("contract team members")
        ordering = ["contract", "party", "id"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "user"], name="contractmember_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_party_display()})"
