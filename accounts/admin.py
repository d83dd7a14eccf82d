from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import Gebruiker, Lidmaatschap


class LidmaatschapInline(admin.TabularInline):
    model = Lidmaatschap
    extra = 0


@admin.register(Gebruiker)
class GebruikerAdmin(SimpleHistoryAdmin, UserAdmin):
    list_display = ["username", "first_name", "last_name", "rol", "aanbieder", "is_active"]
    list_filter = ["rol", "is_active"]
    fieldsets = UserAdmin.fieldsets + (("Toegang", {"fields": ("rol", "domein_jeugd", "domein_wmo", "aanbieder")}),)
    inlines = [LidmaatschapInline]
