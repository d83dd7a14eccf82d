"""POST /api/v1/regels/toets: all findings for a proposed indicatie. No personal data is stored."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from toegang.routes import route

from .toets import OngeldigeInvoer, get_aanbieder, get_gemeente, toets


class ToetsVraag(serializers.Serializer):
    productcode = serializers.CharField(max_length=5)
    geboortedatum = serializers.DateField()
    gemeente = serializers.CharField(help_text="CBS-code of naam")
    ingangsdatum = serializers.DateField()
    einddatum = serializers.DateField(required=False, allow_null=True)
    aanbieder = serializers.CharField(required=False, allow_blank=True, help_text="AGB-code")
    lopend = serializers.ListField(child=serializers.CharField(max_length=5), required=False, default=list)
    peildatum = serializers.DateField(required=False, allow_null=True)
    bijzondere_toegang = serializers.BooleanField(required=False, default=False)
    herindicatie = serializers.BooleanField(required=False, default=False)
    verlenging = serializers.BooleanField(required=False, default=False)


class BevindingSerializer(serializers.Serializer):
    regel = serializers.CharField()
    uitkomst = serializers.CharField()
    uitleg = serializers.CharField()
    bron = serializers.CharField()
    producten = serializers.ListField(child=serializers.CharField())
    versie = serializers.CharField()
    onduidelijk = serializers.BooleanField()


class ToetsAntwoord(serializers.Serializer):
    uitkomst = serializers.ChoiceField(choices=["toegestaan", "voorwaardelijk", "niet_toegestaan"])
    bevindingen = BevindingSerializer(many=True)
    regelset_versie = serializers.IntegerField()
    peildatum = serializers.DateField()


@route(scope="ingelogd", audit="geen")
class RegelsViewSet(viewsets.ViewSet):
    """The region's rules, asked while an indicatie is being composed."""

    @extend_schema(request=ToetsVraag, responses={200: ToetsAntwoord})
    @action(detail=False, methods=["post"])
    def toets(self, request):
        vraag = ToetsVraag(data=request.data)
        vraag.is_valid(raise_exception=True)
        d = vraag.validated_data
        try:
            uitkomst = toets(
                productcode=d["productcode"],
                geboortedatum=d["geboortedatum"],
                gemeente=get_gemeente(d["gemeente"]),
                ingangsdatum=d["ingangsdatum"],
                einddatum=d.get("einddatum"),
                aanbieder=get_aanbieder(d["aanbieder"]) if d.get("aanbieder") else None,
                lopend=d.get("lopend", []),
                peildatum=d.get("peildatum"),
                bijzondere_toegang=d["bijzondere_toegang"],
                herindicatie=d["herindicatie"],
            )
        except OngeldigeInvoer as fout:
            return Response({"detail": str(fout)}, status=400)
        return Response(uitkomst.als_dict())
