from django.utils import timezone
from rest_framework import serializers, viewsets

from toegang.routes import route

from . import selectors
from .models import Product, Tarief


class TariefSerializer(serializers.ModelSerializer):
    bedrag = serializers.DecimalField(max_digits=10, decimal_places=2, allow_null=True, coerce_to_string=True)

    class Meta:
        model = Tarief
        fields = ["soort", "bedrag", "geldig_vanaf", "geldig_tot", "bron"]


class ProductSerializer(serializers.ModelSerializer):
    tarieven = TariefSerializer(many=True, source="actuele_tarieven", read_only=True)

    class Meta:
        model = Product
        fields = [
            "code",
            "domein",
            "segment",
            "categorie",
            "naam",
            "eenheid",
            "zwaarte",
            "leeftijd_min",
            "leeftijd_max",
            "richtduur_maanden",
            "max_duur_maanden",
            "garantiefase_maanden",
            "bijzondere_toegang",
            "perceel",
            "matchingsgesprek",
            "bron",
            "tarieven",
        ]


@route(scope="catalogus", audit="geen")
class ProductViewSet(viewsets.ReadOnlyModelViewSet):
    """The product catalogue with the tariffs valid today. No personal data."""

    serializer_class = ProductSerializer
    lookup_field = "code"

    def get_queryset(self):
        return selectors.zoek_producten(
            zoekterm=self.request.query_params.get("q", ""),
            domein=self.request.query_params.get("domein", ""),
            peildatum=timezone.localdate(),
        ).order_by("code")
