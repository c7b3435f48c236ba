"""The assessment engine (DOMAIN.md section 4): one procedure for self-assessments, tenders and
follow-up rounds.

An Assessment assesses a subject organisation with a frozen model version over a scope of
criteria, by a panel (a chair and evaluators): declarations → individual work → consensus → final.
Points are derived by the pure functions in scoring.py; statuses change only in services.py.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Purpose(models.TextChoices):
    SELF_ASSESSMENT = "self_assessment", _("Self-assessment")
    TENDER = "tender", _("Tender evaluation")
    FOLLOW_UP = "follow_up", _("Follow-up")


class Status(models.TextChoices):
    PREPARATION = "preparation", _("Preparation")
    INDIVIDUAL = "individual", _("Individual assessment")
    CONSENSUS = "consensus", _("Consensus")
    FINAL = "final", _("Final")


class Assessment(models.Model):
    title = models.CharField(_("title"), max_length=200)
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    subject = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="assessments_as_subject",
        verbose_name=_("assessed organisation"),
    )
    owner = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="assessments_owned",
        verbose_name=_("organisation running the assessment"),
    )
    model_version = models.ForeignKey(
        "qualitymodels.ModelVersion",
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("model version"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PREPARATION
    )
    divergence_threshold = models.PositiveIntegerField(
        _("divergence threshold (percentage points)"),
        default=30,
        help_text=_("Criteria whose individual steps differ by at least this much are flagged."),
    )
    reference = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("compared with"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"))
    individual_started_at = models.DateTimeField(null=True, blank=True)
    consensus_started_at = models.DateTimeField(null=True, blank=True)
    consensus_forced_reason = models.TextField(blank=True)
    finalised_at = models.DateTimeField(null=True, blank=True)
    total_points = models.DecimalField(
        _("total points"), max_digits=9, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class ScopeItem(models.Model):
    """A criterion in scope, with the maximum points it carries in this assessment and the
    guidance and question written for it (empty: the model's)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scope")
    criterion = models.ForeignKey(
        "qualitymodels.Criterion", on_delete=models.PROTECT, related_name="+"
    )
    max_points = models.DecimalField(_("maximum points"), max_digits=8, decimal_places=2)
    order = models.PositiveIntegerField(default=0)
    guidance = models.TextField(_("guidance for this assessment"), blank=True)
    question = models.TextField(_("question put"), blank=True)

    class Meta:
        verbose_name = _("criterion in scope")
        verbose_name_plural = _("criteria in scope")
        ordering = ["assessment", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "criterion"], name="scope_unique")
        ]

    def __str__(self) -> str:
        return f"{self.criterion} ({self.max_points})"


class PanelRole(models.TextChoices):
    CHAIR = "chair", _("Panel chair")
    EVALUATOR = "evaluator", _("Evaluator")


class PanelMember(models.Model):
    """A person on the panel. The chair assesses too. Before seeing the subject's material each
    member signs a declaration; declaring a conflict of interest removes them from the panel."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="panel")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("role"), max_length=16, choices=PanelRole.choices)
    declared_at = models.DateTimeField(_("declaration signed"), null=True, blank=True)
    conflict_declared = models.BooleanField(_("conflict of interest declared"), default=False)
    conflict_description = models.TextField(_("conflict of interest"), blank=True)
    removed_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    class Meta:
        verbose_name = _("panel member")
        verbose_name_plural = _("panel members")
        ordering = ["assessment", "role", "id"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "user"], name="panel_unique_user")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"

    @property
    def is_active(self) -> bool:
        return self.removed_at is None

    @property
    def has_declared(self) -> bool:
        return self.declared_at is not None and not self.conflict_declared


class IndividualScore(models.Model):
    """One evaluator's work on one criterion: a step, strengths, improvement areas and notes."""

    member = models.ForeignKey(PanelMember, on_delete=models.CASCADE, related_name="scores")
    item = models.ForeignKey(ScopeItem, on_delete=models.CASCADE, related_name="individual_scores")
    percent = models.PositiveIntegerField(_("step (%)"), null=True, blank=True)
    strengths = models.JSONField(_("strengths"), default=list, blank=True)
    improvements = models.JSONField(_("improvement areas"), default=list, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("individual score")
        verbose_name_plural = _("individual scores")
        constraints = [
            models.UniqueConstraint(fields=["member", "item"], name="individualscore_unique")
        ]

    def __str__(self) -> str:
        return f"{self.member} – {self.item}: {self.percent}"


class ConsensusScore(models.Model):
    """The panel's agreed step for one criterion, with the rationale and the merged strengths
    and improvement areas. `revision` guards against two people overwriting each other."""

    item = models.OneToOneField(ScopeItem, on_delete=models.CASCADE, related_name="consensus")
    percent = models.PositiveIntegerField(_("consensus step (%)"), null=True, blank=True)
    rationale = models.TextField(_("rationale"), blank=True)
    strengths = models.JSONField(_("strengths"), default=list, blank=True)
    improvements = models.JSONField(_("improvement areas"), default=list, blank=True)
    revision = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("consensus score")
        verbose_name_plural = _("consensus scores")

    def __str__(self) -> str:
        return f"{self.item}: {self.percent}"

    @property
    def fraction(self) -> Decimal | None:
        return None if self.percent is None else Decimal(self.percent) / Decimal(100)
