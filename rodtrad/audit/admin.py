from django.contrib import admin

from rodtrad.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the log is append-only, including for platform administrators. Confidential
    events (individual scores before consensus, anything about a tender before its opening) are
    not listed at all: a platform administrator is not part of the procurement and must not learn
    even that a tender exists. They stay in the chain and are checked by `verify-audit`."""

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

    def get_queryset(self, request):
        return super().get_queryset(request).filter(confidential=False)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
