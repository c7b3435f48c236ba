"""The admin site shows the library read-only: versions are changed through the app's services,
which refuse frozen versions, validate and write the audit log."""

from __future__ import annotations

from django.contrib import admin

from rodtrad.qualitymodels.models import (
    Criterion,
    CriterionGroup,
    ModelVersion,
    QualityModel,
    Scale,
    SuccessFactor,
    TrainingParticipant,
    TrainingSession,
)


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyInline(ReadOnlyMixin, admin.TabularInline):
    extra = 0


class VersionInline(ReadOnlyInline):
    model = ModelVersion
    fields = ("number", "label", "frozen_at", "created_at")
    readonly_fields = ("number", "label", "frozen_at", "created_at")


@admin.register(QualityModel)
class QualityModelAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["name", "owner", "template_key", "created_at"]
    search_fields = ["name"]
    inlines = [VersionInline]


class SuccessFactorInline(ReadOnlyInline):
    model = SuccessFactor
    fields = ["code", "name", "order"]


class GroupInline(ReadOnlyInline):
    model = CriterionGroup
    fields = ["code", "name", "order"]


class CriterionInline(ReadOnlyInline):
    model = Criterion
    fields = ["code", "name", "kind", "max_points", "group"]


class ScaleInline(ReadOnlyInline):
    model = Scale
    fields = ["kind", "name"]


@admin.register(ModelVersion)
class ModelVersionAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["__str__", "number", "frozen_at", "created_at"]
    list_filter = ["frozen_at"]
    inlines = [SuccessFactorInline, GroupInline, CriterionInline, ScaleInline]


class ParticipantInline(ReadOnlyInline):
    model = TrainingParticipant
    fields = ["user", "attended", "attendance_marked_at"]


@admin.register(TrainingSession)
class TrainingSessionAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["title", "organisation", "model_version", "starts_at"]
    inlines = [ParticipantInline]
