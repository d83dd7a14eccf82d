from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Aanbieder, AanbiederType, Gemeente, Team


@admin.register(Gemeente)
class GemeenteAdmin(SimpleHistoryAdmin):
    list_display = [
        "naam",
        "cbs_code",
        "beschikking_jeugd_door",
        "beschikking_wmo_door",
        "verzoek_jeugd_door",
        "verzoek_wmo_door",
    ]


@admin.register(Team)
class TeamAdmin(SimpleHistoryAdmin):
    list_display = ["naam", "gemeente", "domeinen"]


class AanbiederTypeInline(admin.TabularInline):
    model = AanbiederType
    extra = 0


@admin.register(Aanbieder)
class AanbiederAdmin(SimpleHistoryAdmin):
    list_display = ["naam", "agb_code", "kvk_nummer", "contactpunt_email"]
    search_fields = ["naam", "agb_code"]
    inlines = [AanbiederTypeInline]
