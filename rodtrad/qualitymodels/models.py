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

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None

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


class VersionPart(models.Model):
    """A part of a model version; saving or deleting it is refused once the version is frozen."""

    objects = FrozenGuardQuerySet.as_manager()

    class Meta:
        abstract = True

    def _check_not_frozen(self) -> None:
        frozen = ModelVersion.objects.filter(pk=self.version_id, frozen_at__isnull=False)  # type: ignore[attr-defined]
        if frozen.exists():
            raise FrozenVersionError("This model version is frozen.")

    def save(self, *args, **kwargs) -> None:
        self._check_not_frozen()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # type: ignore[override]
        self._check_not_frozen()
        return super().delete(*args, **kwargs)


class SuccessFactor(VersionPart):
    """Culture: a success factor that guides decisions."""

    version = models.ForeignKey(ModelVersion, on_delete=models.CASCADE, related_name="success_factors")
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


class ScaleStep(VersionPart):
    """One step of a scale: a percentage of the criterion's maximum, with its band text."""

    scale = models.ForeignKey(Scale, on_delete=models.CASCADE, related_name="steps")
    percent = models.PositiveIntegerField(
        _("percent"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    label = models.CharField(_("label"), max_length=100, blank=True)
    description = models.TextField(_("band text"), blank=True)

    objects = ScaleStepQuerySet.as_manager()

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
