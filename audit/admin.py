from django.contrib import admin

from toegang.beheer import BeheerAdmin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(BeheerAdmin):
    """Read-only: the trail can be inspected, never edited; only by the applicatiebeheerder (it names
    every gemeente's users and objects)."""

    alleen_applicatiebeheer = True

    list_display = ["tijdstip", "gebruikersnaam", "rol", "actie", "object_type", "object_id", "route"]
    list_filter = ["actie", "rol", "object_type"]
    search_fields = ["gebruikersnaam", "object_id", "request_id"]
    date_hierarchy = "tijdstip"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
