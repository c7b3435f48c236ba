"""The evaluation of tenders (issue 6): each qualified tender (per lot it tenders for) is assessed
with the assessment engine; the panel signs one declaration per procurement; the prices stay in
their envelope until every tender's quality consensus is final and the chair reveals them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TenderEvaluation(models.Model):
    """The link from a tender (and the lot it is assessed for) to its engine assessment."""

    procurement = models.ForeignKey(
        "procurements.Procurement", on_delete=models.PROTECT, related_name="tender_evaluations"
    )
    tender = models.ForeignKey(
        "tenders.Tender", on_delete=models.PROTECT, related_name="evaluations"
    )
    lot = models.ForeignKey("procurements.Lot", on_delete=models.PROTECT, related_name="+")
    assessment = models.OneToOneField(
        "assessments.Assessment", on_delete=models.PROTECT, related_name="tender_evaluation"
    )
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("tender evaluation")
        verbose_name_plural = _("tender evaluations")
        ordering = ["procurement", "lot__number", "tender__opened__position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["tender", "lot"], name="tenderevaluation_unique")
        ]

    def __str__(self) -> str:
        return f"evaluation of tender {self.tender_id} (lot {self.lot_id})"


class EvaluatorDeclaration(models.Model):
    """A panel member's conflict-of-interest and confidentiality declaration (jävsdeklaration),
    signed once per procurement. `conflicts` are the tenderers the person has a conflict of
    interest with: they leave those tenderers' assessments only."""

    procurement = models.ForeignKey(
        "procurements.Procurement", on_delete=models.PROTECT, related_name="evaluator_declarations"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(_("signed"))
    conflicts = models.ManyToManyField(
        "accounts.Organisation", blank=True, related_name="+", verbose_name=_("conflicts with")
    )
    conflict_description = models.TextField(_("conflict of interest"), blank=True)

    class Meta:
        verbose_name = _("evaluator's declaration")
        verbose_name_plural = _("evaluators' declarations")
        constraints = [
            models.UniqueConstraint(
                fields=["procurement", "user"], name="evaluatordeclaration_unique"
            )
        ]

    def __str__(self) -> str:
        return f"declaration of {self.user_id} for procurement {self.procurement_id}"


class PriceReveal(models.Model):
    """The chair opened the price envelope, once every tender's quality consensus was final."""

    procurement = models.OneToOneField(
        "procurements.Procurement", on_delete=models.PROTECT, related_name="price_reveal"
    )
    revealed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    revealed_at = models.DateTimeField(_("prices revealed"))

    class Meta:
        verbose_name = _("price reveal")
        verbose_name_plural = _("price reveals")

    def __str__(self) -> str:
        return f"prices of procurement {self.procurement_id} revealed"
