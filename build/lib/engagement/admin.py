from django.contrib import admin
from django.http import HttpRequest

from engagement.models import ExportLog


@admin.register(ExportLog)
class ExportLogAdmin(admin.ModelAdmin):
    """The export audit trail: administrators read it; nobody adds, changes or deletes it."""

    list_display = ["created_at", "user", "kind", "content", "format", "row_count", "ip"]
    list_filter = ["kind", "content", "format"]
    search_fields = ["user__email", "ip"]
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in ExportLog._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
