"""Follow-up indicators of a contract (DOMAIN.md section 10): what is measured, the target and
which way is better, and one value per period, entered by hand, imported from a spreadsheet or
fetched from Kolada.

A period is a year ("2025", as Kolada reports) or a month ("2025-03"). Both sort correctly as
text, so an indicator may mix them; the latest period is the greatest string."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rodtrad.procurements.models import Direction


class Source(models.TextChoices):
    MANUAL = "manual", _("Entered by hand")
    SPREADSHEET = "spreadsheet", _("Spreadsheet")
    KOLADA = "kolada", _("Kolada")


class Indicator(models.Model):
    contract = models.ForeignKey(
        "contracts.Contract", on_delete=models.CASCADE, related_name="indicators"
    )
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    direction = models.CharField(_("direction"), max_length=8, choices=Direction.choices)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=4)
    goal = models.ForeignKey(
        "procurements.Goal",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("goal"),
    )
    criterion = models.ForeignKey(
        "qualitymodels.Criterion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("criterion"),
    )
    kolada_kpi = models.CharField(_("Kolada KPI id"), max_length=6, blank=True)
    kolada_municipality = models.CharField(_("Kolada municipality id"), max_length=4, blank=True)
    kolada_ou = models.CharField(_("Kolada unit id"), max_length=20, blank=True)
    planned = models.ForeignKey(
        "procurements.PlannedIndicator",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    order = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["contract", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kolada_municipality="") | models.Q(kolada_ou=""),
                name="indicator_municipality_or_ou",
            )
        ]

    def __str__(self) -> str:
        return self.name


class IndicatorValue(models.Model):
    """The value of one indicator for one period; a later value for the same period replaces
    the earlier one (the audit log keeps what it was)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    period = models.CharField(_("period"), max_length=7)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=4)
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    reference = models.CharField(_("source reference"), max_length=100, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField()

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["indicator", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period"], name="indicatorvalue_unique_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.period}: {self.value}"


class ImportPreview(models.Model):
    """A parsed upload or Kolada fetch waiting for confirmation: only the rows that can be
    saved (`rows`) and what was wrong or skipped (`problems`). Nothing reaches IndicatorValue
    before the person who made it confirms; it expires and is bounded in size."""

    contract = models.ForeignKey("contracts.Contract", on_delete=models.CASCADE, related_name="+")
    source = models.CharField(max_length=12, choices=Source.choices)
    filename = models.CharField(max_length=200, blank=True)
    rows = models.JSONField(default=list)
    problems = models.JSONField(default=list)
    skipped = models.JSONField(default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"import preview {self.pk} of contract {self.contract_id}"
