"""POST /api/v1/regels/toets: all findings for a proposed indicatie. No personal data is stored."""

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from toegang.routes import route

from .lopend import Lopend
from .toets import OngeldigeInvoer, get_aanbieder, get_gemeente, lees_lopend, toets


class LopendVraag(serializers.Serializer):
    code = serializers.CharField(max_length=5)
    aanbieder = serializers.CharField(required=False, allow_blank=True, default="", help_text="AGB-code")
    van = serializers.DateField(required=False, allow_null=True, default=None)
    tot = serializers.DateField(required=False, allow_null=True, default=None)

    def validate(self, attrs):
        if attrs["van"] and attrs["tot"] and attrs["tot"] < attrs["van"]:
            raise serializers.ValidationError("De einddatum ligt vóór de ingangsdatum.")
        return attrs


@extend_schema_field(
    {
        "oneOf": [
            {"type": "string", "example": "45L11@12345678:2026-01-01:2026-12-31"},
            {
                "type": "object",
                "properties": {
                    "code": {"type": "string", "example": "45L11"},
                    "aanbieder": {"type": "string", "description": "AGB-code"},
                    "van": {"type": "string", "format": "date", "nullable": True},
                    "tot": {"type": "string", "format": "date", "nullable": True},
                },
                "required": ["code"],
            },
        ]
    }
)
class LopendVeld(serializers.Field):
    """A toewijzing as `{"code", "aanbieder", "van", "tot"}` or the short form `CODE[@AGB][:VAN[:TOT]]`."""

    def __init__(self, *, periode_verplicht: bool = False, **kwargs):
        self.periode_verplicht = periode_verplicht
        super().__init__(**kwargs)

    def to_internal_value(self, data) -> Lopend:
        if isinstance(data, str):
            try:
                return lees_lopend(data, periode_verplicht=self.periode_verplicht)
            except OngeldigeInvoer as fout:
                raise serializers.ValidationError(str(fout)) from fout
        vraag = LopendVraag(data=data)
        vraag.is_valid(raise_exception=True)
        d = vraag.validated_data
        if self.periode_verplicht and not (d["van"] and d["tot"]):
            raise serializers.ValidationError("Een eerdere toewijzing heeft een van- en een totdatum.")
        return Lopend(code=d["code"].upper(), aanbieder_agb=d["aanbieder"], van=d["van"], tot=d["tot"])

    def to_representation(self, value):
        return value


class ToetsVraag(serializers.Serializer):
    productcode = serializers.CharField(max_length=5)
    geboortedatum = serializers.DateField()
    geboortedatum_gebruik = serializers.ChoiceField(
        choices=["1", "2", "3"],
        required=False,
        allow_blank=True,
        default="",
        help_text="iJw DatumGebruik (OP252): 1 dag onbekend, 2 dag en maand onbekend, 3 geheel onbekend",
    )
    gemeente = serializers.CharField(help_text="CBS-code of naam")
    ingangsdatum = serializers.DateField()
    einddatum = serializers.DateField(required=False, allow_null=True)
    aanbieder = serializers.CharField(required=False, allow_blank=True, help_text="AGB-code")
    lopend = serializers.ListField(child=LopendVeld(), required=False, default=list)
    eerder = serializers.ListField(child=LopendVeld(periode_verplicht=True), required=False, default=list)
    verwijzer = serializers.CharField(required=False, default="toegang", help_text="toegang, gi, huisarts, …")
    garantiefase_na = serializers.DateField(required=False, allow_null=True, default=None)
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
                geboortedatum_gebruik=d.get("geboortedatum_gebruik", ""),
                gemeente=get_gemeente(d["gemeente"]),
                ingangsdatum=d["ingangsdatum"],
                einddatum=d.get("einddatum"),
                aanbieder=get_aanbieder(d["aanbieder"]) if d.get("aanbieder") else None,
                lopend=d.get("lopend", []),
                eerder=d.get("eerder", []),
                verwijzer=d["verwijzer"],
                garantiefase_na=d.get("garantiefase_na"),
                peildatum=d.get("peildatum"),
                bijzondere_toegang=d["bijzondere_toegang"],
                herindicatie=d["herindicatie"],
                verlenging=d["verlenging"],
            )
        except OngeldigeInvoer as fout:
            return Response({"detail": str(fout)}, status=400)
        return Response(uitkomst.als_dict())
