from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from toegang.beheer import BeheerAdmin, BeheerTabularInline

from .models import Contract, Indicatiewijze, Product, Tarief


class TariefInline(BeheerTabularInline):
    model = Tarief
    extra = 0


class IndicatiewijzeInline(BeheerTabularInline):
    """How each gemeente indicates the product: a beheerder sees and sets only its own gemeenten's."""

    model = Indicatiewijze
    extra = 0
    gemeente_pad = "gemeente_id"


@admin.register(Product)
class ProductAdmin(BeheerAdmin, SimpleHistoryAdmin):
    """The regional catalogue (one for the seven gemeenten): every functioneel beheerder keeps it."""

    list_display = ["code", "naam", "domein", "segment", "eenheid", "perceel", "matchingsgesprek"]
    list_filter = ["domein", "segment", "perceel", "eenheid"]
    search_fields = ["code", "naam"]
    inlines = [TariefInline, IndicatiewijzeInline]


@admin.register(Tarief)
class TariefAdmin(BeheerAdmin, SimpleHistoryAdmin):
    """The regional tariffs (one list for the region, per aanbieder where it differs)."""

    list_display = ["product", "soort", "aanbieder", "bedrag", "geldig_vanaf", "geldig_tot", "bron"]
    list_filter = ["soort"]
    search_fields = ["product__code", "product__naam"]


@admin.register(Contract)
class ContractAdmin(BeheerAdmin, SimpleHistoryAdmin):
    gemeente_pad = "gemeente_id"
    list_display = ["aanbieder", "gemeente", "product", "perceel", "geldig_vanaf", "geldig_tot"]
    list_filter = [("gemeente", admin.RelatedOnlyFieldListFilter), "perceel"]
    search_fields = ["aanbieder__naam", "product__code"]
    autocomplete_fields = ["product"]
