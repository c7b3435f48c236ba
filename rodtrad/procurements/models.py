"""Procurements (DOMAIN.md sections 5–8): the documents with the model worked in, the evaluation
model, publication, questions and answers. Tenders, opening, evaluation and award come later and
hang off the same Procurement and its lots.

What providers see of a procurement is always a published `DocumentVersion` (a snapshot), never
the live rows, which stay the buyer's working copy.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ProcurementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    TENDERING_CLOSED = "tendering_closed", _("Tendering closed")
    OPENED = "opened", _("Tenders opened")
    EVALUATION = "evaluation", _("Evaluation")
    AWARD_DECIDED = "award_decided", _("Award decided")
    STANDSTILL = "standstill", _("Standstill")
    CONTRACTED = "contracted", _("Contracted")
    CANCELLED = "cancelled", _("Cancelled")


class Procedure(models.TextChoices):
    OPEN = "open", _("Open procedure (LOU)")
    WELFARE = "welfare", _("Welfare services (LOU chapter 19)")


class EvaluationKind(models.TextChoices):
    FIXED_PRICE = "fixed_price", _("Fixed price, competition on quality only")
    VALUE_ADDED = "value_added", _("Value-added price deduction")
    SURCHARGE = "surcharge", _("Price surcharge for quality shortfall")
    WEIGHTED_RELATIVE = "weighted_relative", _("Weighted points with relative price")
    PRICE_PER_POINT = "price_per_point", _("Price per quality point")


class TieBreak(models.TextChoices):
    QUALITY = "quality", _("Higher quality points, then lower price")
    PRICE = "price", _("Lower price, then higher quality points")
    LOTTERY = "lottery", _("Lottery")


class Procurement(models.Model):
    buyer = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="procurements",
        verbose_name=_("buyer"),
    )
    title = models.CharField(_("title"), max_length=200)
    reference_number = models.CharField(_("reference number (diarienummer)"), max_length=60)
    description = models.TextField(_("description of the service"), blank=True)
    cpv_codes = models.JSONField(_("CPV codes"), default=list, blank=True)
    cpv_index = models.CharField(
        max_length=400, blank=True, editable=False
    )  # " c1 c2 …" for search
    estimated_value = models.DecimalField(
        _("estimated value (SEK)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    contract_start = models.DateField(_("contract starts"), null=True, blank=True)
    contract_end = models.DateField(_("contract ends"), null=True, blank=True)
    options = models.TextField(_("options (extensions)"), blank=True)
    procedure = models.CharField(
        _("procedure"), max_length=16, choices=Procedure.choices, default=Procedure.WELFARE
    )
    publication_date = models.DateTimeField(_("planned publication"), null=True, blank=True)
    questions_deadline = models.DateTimeField(_("last day for questions"), null=True, blank=True)
    tender_deadline = models.DateTimeField(_("tender deadline"), null=True, blank=True)
    planned_award_date = models.DateField(_("planned award date"), null=True, blank=True)

    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ProcurementStatus.choices,
        default=ProcurementStatus.DRAFT,
    )
    cancelled_reason = models.TextField(_("reason for cancelling"), blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    # The model worked in.
    model_version = models.ForeignKey(
        "qualitymodels.ModelVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="procurements",
        verbose_name=_("quality model version"),
    )

    # Partnership and follow-up.
    partnership_question = models.TextField(
        _("question to tenderers on the partnership"), blank=True
    )
    follow_up_description = models.TextField(_("how follow-up will work"), blank=True)
    follow_up_months = models.PositiveIntegerField(
        _("months between follow-up rounds"), null=True, blank=True
    )
    follow_up_both_parties = models.BooleanField(
        _("both buyer and provider are assessed in follow-up"), default=True
    )
    follow_up_baseline = models.BooleanField(
        _("the tender's consensus scores are the baseline"), default=True
    )
    follow_up_barometer = models.BooleanField(_("partnership barometer every round"), default=True)

    # The evaluation model (fixed before publication, never changed after).
    evaluation_kind = models.CharField(
        _("evaluation model"),
        max_length=24,
        choices=EvaluationKind.choices,
        default=EvaluationKind.VALUE_ADDED,
    )
    weight_quality = models.DecimalField(
        _("weight of quality"), max_digits=5, decimal_places=4, null=True, blank=True
    )
    weight_price = models.DecimalField(
        _("weight of price"), max_digits=5, decimal_places=4, null=True, blank=True
    )
    price_unit = models.CharField(
        _("price unit"),
        max_length=60,
        blank=True,
        default="SEK",
        help_text=_("What the tender price is for, e.g. SEK per hour or SEK per place and day."),
    )
    fixed_price = models.DecimalField(
        _("fixed price"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    tie_break = models.CharField(
        _("tie-break rule"), max_length=16, choices=TieBreak.choices, default=TieBreak.QUALITY
    )
    hide_prices = models.BooleanField(
        _("hide prices from the panel until the quality consensus is final"), default=True
    )
    tenders_elsewhere = models.BooleanField(
        _("tenders are received through another e-procurement system"),
        default=False,
        help_text=_(
            "The formal submission and opening happen there; after its own opening the buyer "
            "registers each tender here by importing the workbook rodtrad makes for it."
        ),
    )

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"))
    updated_at = models.DateTimeField(_("updated"))

    class Meta:
        verbose_name = _("procurement")
        verbose_name_plural = _("procurements")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.reference_number} {self.title}"


class Lot(models.Model):
    """A lot (delområde, LOU 4 kap. 12 §). Every procurement has at least one; with one lot the
    UI never mentions lots. A lot may carry its own criteria points and evaluation parameters."""

    procurement = models.ForeignKey(Procurement, on_delete=models.CASCADE, related_name="lots")
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    estimated_value = models.DecimalField(
        _("estimated value (SEK)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    own_evaluation = models.BooleanField(
        _("own criteria points and evaluation parameters"), default=False
    )
    weight_quality = models.DecimalField(max_digits=5, decimal_places=4, null=True, blank=True)
    weight_price = models.DecimalField(max_digits=5, decimal_places=4, null=True, blank=True)

    class Meta:
        verbose_name = _("lot")
        verbose_name_plural = _("lots")
        ordering = ["procurement", "number"]
        constraints = [
            models.UniqueConstraint(fields=["procurement", "number"], name="lot_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class TeamRole(models.TextChoices):
    PROCUREMENT_OFFICER = "procurement_officer", _("Procurement officer")
    PANEL_CHAIR = "panel_chair", _("Panel chair")
    EVALUATOR = "evaluator", _("Evaluator")
    OPENER = "opener", _("Opener")
    CONTRACT_MANAGER = "contract_manager", _("Contract manager")


class TeamMember(models.Model):
    procurement = models.ForeignKey(Procurement, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("role"), max_length=24, choices=TeamRole.choices)

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["procurement", "role", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["procurement", "user", "role"], name="teammember_unique_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class Goal(models.Model):
    """A statement of what the service must achieve (målbild)."""

    procurement = models.ForeignKey(Procurement, on_delete=models.CASCADE, related_name="goals")
    code = models.CharField(_("code"), max_length=12)
    order = models.PositiveIntegerField(default=0)
    text = models.TextField(_("goal"))

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["procurement", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["procurement", "code"], name="goal_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text[:60]}"


class RequirementKind(models.TextChoices):
    QUALIFICATION = "qualification", _("Qualification requirement on the tenderer")
    SERVICE = "service", _("Requirement on the service")


class RequirementStyle(models.TextChoices):
    FUNCTIONAL = "functional", _("Functional")
    DETAILED = "detailed", _("Detailed")


class Verification(models.TextChoices):
    DECLARATION = "declaration", _("Declaration in the tender")
    ATTACHMENT = "attachment", _("Attachment with evidence")


class RequirementFields(models.Model):
    """What a mandatory requirement says; shared by the procurement's requirements and the
    organisation's library of reusable ones."""

    title = models.CharField(_("short title"), max_length=200)
    text = models.TextField(_("requirement"))
    kind = models.CharField(_("kind"), max_length=16, choices=RequirementKind.choices)
    style = models.CharField(
        _("functional or detailed"),
        max_length=16,
        choices=RequirementStyle.choices,
        default=RequirementStyle.FUNCTIONAL,
    )
    minimum_level = models.TextField(_("minimum acceptable level"), blank=True)
    verification = models.CharField(
        _("verified in the tender by"),
        max_length=16,
        choices=Verification.choices,
        default=Verification.DECLARATION,
    )
    follow_up_method = models.TextField(_("how it is followed up"), blank=True)
    follow_up_frequency = models.CharField(_("how often"), max_length=100, blank=True)
    follow_up_responsible = models.CharField(_("who follows it up"), max_length=200, blank=True)

    class Meta:
        abstract = True


class Requirement(RequirementFields):
    """A mandatory requirement (skall-krav) of a procurement."""

    procurement = models.ForeignKey(
        Procurement, on_delete=models.CASCADE, related_name="requirements"
    )
    code = models.CharField(_("code"), max_length=12)
    order = models.PositiveIntegerField(default=0)
    from_library = models.ForeignKey(
        "procurements.LibraryRequirement",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("mandatory requirement")
        verbose_name_plural = _("mandatory requirements")
        ordering = ["procurement", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["procurement", "code"], name="requirement_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class LibraryRequirement(RequirementFields):
    """A requirement an organisation keeps for reuse across procurements."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="requirement_library"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("library requirement")
        verbose_name_plural = _("requirement library")
        ordering = ["organisation", "title", "id"]

    def __str__(self) -> str:
        return self.title


class AwardCriterion(models.Model):
    """A criterion of the model version used as an award criterion, with its points, the
    guidance written for this service and the question put to tenderers. `amount` is the
    deduction (value-added model) or surcharge (surcharge model) in SEK for the criterion."""

    procurement = models.ForeignKey(Procurement, on_delete=models.CASCADE, related_name="criteria")
    criterion = models.ForeignKey(
        "qualitymodels.Criterion", on_delete=models.PROTECT, related_name="+"
    )
    order = models.PositiveIntegerField(default=0)
    points = models.DecimalField(_("points"), max_digits=8, decimal_places=2)
    guidance = models.TextField(_("guidance for this service"), blank=True)
    question = models.TextField(_("question to tenderers"), blank=True)
    answer_max_chars = models.PositiveIntegerField(_("longest answer (characters)"), default=6000)
    amount = models.DecimalField(
        _("deduction or surcharge (SEK)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    goals = models.ManyToManyField(Goal, blank=True, related_name="criteria")

    class Meta:
        verbose_name = _("award criterion")
        verbose_name_plural = _("award criteria")
        ordering = ["procurement", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["procurement", "criterion"], name="awardcriterion_unique"
            )
        ]

    def __str__(self) -> str:
        return str(self.criterion)


class LotCriterion(models.Model):
    """A lot's own points and amount for an award criterion (when the lot has its own
    evaluation)."""

    lot = models.ForeignKey(Lot, on_delete=models.CASCADE, related_name="criteria")
    award_criterion = models.ForeignKey(
        AwardCriterion, on_delete=models.CASCADE, related_name="lot_values"
    )
    points = models.DecimalField(_("points"), max_digits=8, decimal_places=2)
    amount = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["lot", "award_criterion"], name="lotcriterion_unique")
        ]

    def __str__(self) -> str:
        return f"{self.lot}: {self.award_criterion} {self.points}"


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


class PlannedIndicator(models.Model):
    """An indicator the buyer plans to follow the contract with (linked to goals)."""

    procurement = models.ForeignKey(
        Procurement, on_delete=models.CASCADE, related_name="indicators"
    )
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    direction = models.CharField(_("direction"), max_length=8, choices=Direction.choices)
    target = models.CharField(_("target"), max_length=100, blank=True)
    kolada_kpi = models.CharField(_("Kolada KPI id"), max_length=20, blank=True)
    goals = models.ManyToManyField(Goal, blank=True, related_name="indicators")
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("planned indicator")
        verbose_name_plural = _("planned indicators")
        ordering = ["procurement", "order", "id"]

    def __str__(self) -> str:
        return self.name


class SimulatedTender(models.Model):
    """A fictive tender the buyer tries the evaluation model with before publication."""

    procurement = models.ForeignKey(
        Procurement, on_delete=models.CASCADE, related_name="simulated_tenders"
    )
    name = models.CharField(_("name"), max_length=60)
    price = models.DecimalField(_("price"), max_digits=14, decimal_places=2)
    steps = models.JSONField(_("steps per criterion"), default=dict)

    class Meta:
        verbose_name = _("fictive tender")
        verbose_name_plural = _("fictive tenders")
        ordering = ["procurement", "id"]

    def __str__(self) -> str:
        return self.name


class BuyerSettings(models.Model):
    """A buyer organisation's thresholds for the red-thread check."""

    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="buyer_settings"
    )
    max_requirements = models.PositiveIntegerField(
        _("warn above this many mandatory requirements"), default=15
    )
    min_quality_premium_percent = models.PositiveIntegerField(
        _("full quality marks must be worth at least this price difference (%)"), default=10
    )

    class Meta:
        verbose_name = _("buyer settings")
        verbose_name_plural = _("buyer settings")

    def __str__(self) -> str:
        return str(self.organisation)


class DocumentVersion(models.Model):
    """A published version of the procurement documents: an immutable snapshot (JSON) and the
    PDF made from it. Providers read procurements only through these."""

    procurement = models.ForeignKey(
        Procurement, on_delete=models.PROTECT, related_name="document_versions"
    )
    number = models.PositiveIntegerField(_("version"))
    published_at = models.DateTimeField(_("published"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    change_summary = models.TextField(_("what changed"), blank=True)
    snapshot = models.JSONField()
    # The snapshot's title and reference number again, as plain columns: the market's text
    # search reads them for every published procurement, and reading them out of the snapshot
    # meant unpacking each whole snapshot (seconds at national scale).
    title = models.CharField(_("title"), max_length=200, blank=True, editable=False)
    reference_number = models.CharField(
        _("reference number (diarienummer)"), max_length=60, blank=True, editable=False
    )
    pdf = models.BinaryField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("published document version")
        verbose_name_plural = _("published document versions")
        ordering = ["procurement", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["procurement", "number"], name="documentversion_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.procurement} v{self.number}"


class InterestRegistration(models.Model):
    """A provider organisation follows a published procurement (changes and answers)."""

    procurement = models.ForeignKey(
        Procurement, on_delete=models.CASCADE, related_name="interested"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    registered_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["procurement", "organisation"], name="interest_unique")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} → {self.procurement}"


class Question(models.Model):
    """A provider's question. The buyer answers; the answer is published to every registered
    provider without saying who asked (`public_text` is the question as published)."""

    procurement = models.ForeignKey(Procurement, on_delete=models.CASCADE, related_name="questions")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    asked_at = models.DateTimeField(_("asked"))
    text = models.TextField(_("question"))
    public_text = models.TextField(_("question as published"), blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    published_at = models.DateTimeField(_("answer published"), null=True, blank=True)
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions and answers")
        ordering = ["procurement", "asked_at", "id"]

    def __str__(self) -> str:
        return self.text[:60]
