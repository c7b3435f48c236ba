from django.contrib import admin

from rodtrad.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the log is append-only, including for platform administrators."""

    list_display = [
        "occurred_at",
        "action",
        "actor_label",
        "organisation",
        "object_type",
        "object_id",
    ]
    list_filter = ["action"]
    search_fields = ["action", "actor_label", "object_id"]
    readonly_fields = [f.name for f in AuditEvent._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
