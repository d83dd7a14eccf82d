from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Contract, Indicatiewijze, Product, Tarief


class TariefInline(admin.TabularInline):
    model = Tarief
    extra = 0


class IndicatiewijzeInline(admin.TabularInline):
    model = Indicatiewijze
    extra = 0


@admin.register(Product)
class ProductAdmin(SimpleHistoryAdmin):
    list_display = ["code", "naam", "domein", "segment", "eenheid", "perceel", "matchingsgesprek"]
    list_filter = ["domein", "segment", "perceel", "eenheid"]
    search_fields = ["code", "naam"]
    inlines = [TariefInline, IndicatiewijzeInline]


@admin.register(Tarief)
class TariefAdmin(SimpleHistoryAdmin):
    list_display = ["product", "soort", "aanbieder", "bedrag", "geldig_vanaf", "geldig_tot", "bron"]
    list_filter = ["soort"]
    search_fields = ["product__code", "product__naam"]


@admin.register(Contract)
class ContractAdmin(SimpleHistoryAdmin):
    list_display = ["aanbieder", "gemeente", "product", "perceel", "geldig_vanaf", "geldig_tot"]
    list_filter = ["gemeente", "perceel"]
    search_fields = ["aanbieder__naam", "product__code"]
    autocomplete_fields = ["product"]
