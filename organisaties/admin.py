from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from accounts.scoping import is_applicatiebeheerder
from toegang.beheer import BeheerAdmin, BeheerTabularInline

from .models import Aanbieder, AanbiederType, Gemeente, Team


@admin.register(Gemeente)
class GemeenteAdmin(BeheerAdmin, SimpleHistoryAdmin):
    """Functioneel beheer sets its own gemeente's choices; which gemeenten exist, and their codes and
    names, is the applicatiebeheerder's."""

    gemeente_pad = "id"
    list_display = [
        "naam",
        "cbs_code",
        "beschikking_jeugd_door",
        "beschikking_wmo_door",
        "verzoek_jeugd_door",
        "verzoek_wmo_door",
    ]

    def has_add_permission(self, request):
        return is_applicatiebeheerder(request.user) and super().has_add_permission(request)

    def get_readonly_fields(self, request, obj=None):
        return [] if is_applicatiebeheerder(request.user) else ["cbs_code", "naam", "slug"]


@admin.register(Team)
class TeamAdmin(BeheerAdmin, SimpleHistoryAdmin):
    gemeente_pad = "gemeente_id"
    list_display = ["naam", "gemeente", "domeinen"]


class AanbiederTypeInline(BeheerTabularInline):
    model = AanbiederType
    extra = 0


@admin.register(Aanbieder)
class AanbiederAdmin(BeheerAdmin, SimpleHistoryAdmin):
    """Regional: the region buys in jointly, so every functioneel beheerder keeps the aanbieders."""

    list_display = ["naam", "agb_code", "kvk_nummer", "contactpunt_email"]
    search_fields = ["naam", "agb_code"]
    inlines = [AanbiederTypeInline]
