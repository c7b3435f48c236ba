"""The quality model library (DOMAIN.md section 3).

A QualityModel has versions. A ModelVersion holds the culture (success factors), the structure
(criterion groups and criteria, each about approaches or results) and the systematics (the
questions of each criterion and one scale per criterion kind). A version used by an assessment or a
procurement is frozen: no save or delete of it or its parts is possible (FrozenVersionError);
changing it means copying it into a new draft version.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class FrozenVersionError(Exception):
    """Raised on any attempt to change a frozen model version or its parts."""


class CriterionKind(models.TextChoices):
    APPROACH = "approach", _("Approach")
    RESULTS = "results", _("Results")


class QualityModel(models.Model):
    """A model lineage, e.g. "SIQ-structured template". Owned by an organisation, or by the
    platform (owner empty) for the built-in templates and shared library."""

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    owner = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="quality_models",
        verbose_name=_("owner"),
    )
    template_key = models.CharField(
        max_length=64, blank=True, help_text="Set for built-in templates; used to load them once."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("quality model")
        verbose_name_plural = _("quality models")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["template_key"],
                condition=~models.Q(template_key=""),
                name="qualitymodel_unique_template_key",
            )
        ]

    def __str__(self) -> str:
        return self.name


class FrozenGuardQuerySet(models.QuerySet):
    """Bulk update/delete refuse to touch rows that belong to a frozen version."""

    version_path = "version"

    def _touches_frozen(self) -> bool:
        return self.filter(**{f"{self.version_path}__frozen_at__isnull": False}).exists()

    def update(self, **kwargs):  # type: ignore[override]
        if self._touches_frozen():
            raise FrozenVersionError("This model version is frozen.")
        return super().update(**kwargs)

    def delete(self):  # type: ignore[override]
        if self._touches_frozen():
            raise FrozenVersionError("This model version is frozen.")
        return super().delete()

    def bulk_create(self, objs, *args, **kwargs):  # type: ignore[override]
        """Creating parts in bulk bypasses save(): refuse parts of a frozen version here too."""
        objs = list(objs)
        if objs and self._creates_in_frozen(objs):
            raise FrozenVersionError("This model version is frozen.")
        return super().bulk_create(objs, *args, **kwargs)

    def _creates_in_frozen(self, objs: list) -> bool:
        version_ids: set[int] = {
            obj.version_id for obj in objs if getattr(obj, "version_id", None) is not None
        }
        return (
            bool(version_ids)
            and ModelVersion.objects.filter(pk__in=version_ids, frozen_at__isnull=False).exists()
        )


class VersionQuerySet(FrozenGuardQuerySet):
    def _touches_frozen(self) -> bool:
        return self.filter(frozen_at__isnull=False).exists()


class ModelVersion(models.Model):
    model = models.ForeignKey(QualityModel, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    label = models.CharField(_("label"), max_length=100, blank=True)
    language = models.CharField(_("language of the texts"), max_length=8, default="sv")
    total_points = models.PositiveIntegerField(_("total points"), default=1000)
    approach_points = models.PositiveIntegerField(_("points for approaches"), default=700)
    results_points = models.PositiveIntegerField(_("points for results"), default=300)
    notes = models.TextField(_("notes"), blank=True)
    based_on = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    frozen_at = models.DateTimeField(_("frozen"), null=True, blank=True)

    objects = VersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("model version")
        verbose_name_plural = _("model versions")
        ordering = ["model", "number"]
        constraints = [
            models.UniqueConstraint(fields=["model", "number"], name="modelversion_unique_number")
        ]

    def __str__(self) -> str:
        suffix = f" ({self.label})" if self.label else ""
        return f"{self.model.name} v{self.number}{suffix}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            stored = ModelVersion.objects.filter(pk=self.pk).values_list("frozen_at", flat=True)
            if stored and stored[0] is not None:
                raise FrozenVersionError("This model version is frozen.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # type: ignore[override]
        if self.is_frozen:
            raise FrozenVersionError("This model version is frozen.")
        return super().delete(*args, **kwargs)

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None


class VersionPart(models.Model):
    """A part of a model version; saving or deleting it is refused once the version is frozen."""

    objects = FrozenGuardQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        self._check_not_frozen()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # type: ignore[override]
        self._check_not_frozen()
        return super().delete(*args, **kwargs)

    def _check_not_frozen(self) -> None:
        version_id = self.version_id  # type: ignore[attr-defined]
        if ModelVersion.objects.filter(pk=version_id, frozen_at__isnull=False).exists():
            raise FrozenVersionError("This model version is frozen.")


class SuccessFactor(VersionPart):
    """Culture: a success factor that guides decisions."""

    version = models.ForeignKey(
        ModelVersion, on_delete=models.CASCADE, related_name="success_factors"
    )
    code = models.CharField(_("code"), max_length=20)
    order = models.PositiveIntegerField(default=0)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("success factor")
        verbose_name_plural = _("success factors")
        ordering = ["version", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="successfactor_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class CriterionGroup(VersionPart):
    """Structure: a group of criteria (e.g. "Leadership", "Results")."""

    version = models.ForeignKey(ModelVersion, on_delete=models.CASCADE, related_name="groups")
    code = models.CharField(_("code"), max_length=20)
    order = models.PositiveIntegerField(default=0)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("criterion group")
        verbose_name_plural = _("criterion groups")
        ordering = ["version", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="criteriongroup_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Criterion(VersionPart):
    """Structure and systematics: what is assessed, how it is asked, and how many points."""

    version = models.ForeignKey(ModelVersion, on_delete=models.CASCADE, related_name="criteria")
    group = models.ForeignKey(CriterionGroup, on_delete=models.CASCADE, related_name="criteria")
    code = models.CharField(_("code"), max_length=20)
    order = models.PositiveIntegerField(default=0)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=CriterionKind.choices)
    max_points = models.PositiveIntegerField(_("maximum points"))
    description = models.TextField(_("description"), blank=True)
    questions = models.JSONField(
        _("questions"), default=list, blank=True, help_text=_("The questions asked, one per line.")
    )
    guidance = models.TextField(_("guidance"), blank=True)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["version", "group__order", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="criterion_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Scale(VersionPart):
    """Systematics: the assessment scale used for every criterion of one kind."""

    version = models.ForeignKey(ModelVersion, on_delete=models.CASCADE, related_name="scales")
    kind = models.CharField(_("kind"), max_length=16, choices=CriterionKind.choices)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("scale")
        verbose_name_plural = _("scales")
        ordering = ["version", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["version", "kind"], name="scale_unique_kind")
        ]

    def __str__(self) -> str:
        return self.name


class ScaleStepQuerySet(FrozenGuardQuerySet):
    version_path = "scale__version"

    def _creates_in_frozen(self, objs: list) -> bool:
        scale_ids: set[int] = {obj.scale_id for obj in objs if obj.scale_id is not None}
        return (
            bool(scale_ids)
            and ModelVersion.objects.filter(
                scales__pk__in=scale_ids, frozen_at__isnull=False
            ).exists()
        )


class ScaleStep(VersionPart):
    """One step of a scale: a percentage of the criterion's maximum, with its band text."""

    scale = models.ForeignKey(Scale, on_delete=models.CASCADE, related_name="steps")
    percent = models.PositiveIntegerField(
        _("percent"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    label = models.CharField(_("label"), max_length=100, blank=True)
    description = models.TextField(_("band text"), blank=True)

    objects = ScaleStepQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("scale step")
        verbose_name_plural = _("scale steps")
        ordering = ["scale", "percent"]
        constraints = [
            models.UniqueConstraint(fields=["scale", "percent"], name="scalestep_unique_percent")
        ]

    def __str__(self) -> str:
        return f"{self.percent} %"

    @property
    def fraction(self) -> Decimal:
        return Decimal(self.percent) / Decimal(100)

    def _check_not_frozen(self) -> None:
        if ModelVersion.objects.filter(scales__pk=self.scale_id, frozen_at__isnull=False).exists():
            raise FrozenVersionError("This model version is frozen.")


class TrainingSession(models.Model):
    """Phase A (DOMAIN.md section 5): training in a model version, organised by an organisation
    for its own people and for potential tenderers. Attending any session on any version of a
    model makes a person "trained in" that model."""

    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="training_sessions",
        verbose_name=_("organised by"),
    )
    model_version = models.ForeignKey(
        ModelVersion,
        on_delete=models.PROTECT,
        related_name="training_sessions",
        verbose_name=_("model version"),
    )
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("trainer"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["-starts_at", "-id"]

    def __str__(self) -> str:
        return self.title


class TrainingParticipant(models.Model):
    """A person invited to a training session; the organiser marks whether they attended."""

    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="participants"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="training_participations"
    )
    attended = models.BooleanField(_("attended"), default=False)
    attendance_marked_at = models.DateTimeField(null=True, blank=True)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("training participant")
        verbose_name_plural = _("training participants")
        ordering = ["session", "user__full_name", "user__email", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="trainingparticipant_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.session}"
