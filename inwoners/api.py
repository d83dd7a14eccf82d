"""Inwoners in the API: list and detail within scope (detail audited), search by POST."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from accounts.permissions import ziet_clientgegevens
from audit.models import Actie
from audit.services import record
from toegang.routes import route

from . import services
from .forms import ZoekForm
from .models import Adres, Inwoner


class AdresSerializer(serializers.ModelSerializer):
    class Meta:
        model = Adres
        fields = ["soort", "straatnaam", "huisnummer", "huisletter", "toevoeging", "postcode", "plaats", "landcode"]


class InwonerSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    voorletters = serializers.CharField(read_only=True)
    adressen = AdresSerializer(many=True, read_only=True)

    class Meta:
        model = Inwoner
        fields = [
            "id",
            "bsn",
            "voornamen",
            "voorletters",
            "voorvoegsel",
            "geslachtsnaam",
            "partnernaam",
            "naamgebruik",
            "geboortedatum",
            "geboortedatum_gebruik",
            "geslacht",
            "telefoon",
            "email",
            "adressen",
        ]


class ZoekSerializer(serializers.Serializer):
    bsn = serializers.CharField(required=False, allow_blank=True)
    geslachtsnaam = serializers.CharField(required=False, allow_blank=True)
    geboortedatum = serializers.DateField(required=False, allow_null=True)


@route(scope="inwoner", audit="lezen")
class InwonerViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = InwonerSerializer
    lookup_field = "public_id"
    lookup_value_converter = "uuid"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # OpenAPI generation: no user
            return Inwoner.objects.none()
        if not ziet_clientgegevens(self.request.user):
            raise PermissionDenied(_("Deze rol ziet geen cliëntgegevens."))
        return Inwoner.objects.visible_to(self.request.user).prefetch_related("adressen").order_by("id")

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        record(Actie.LEZEN, object_type="inwoners.inwoner", omschrijving="Inwonerlijst via API")
        return response

    def retrieve(self, request, *args, **kwargs):
        if not ziet_clientgegevens(request.user):
            raise PermissionDenied(_("Deze rol ziet geen cliëntgegevens."))
        inwoner = services.lees(request.user, kwargs["public_id"])
        return Response(self.get_serializer(inwoner).data)

    @extend_schema(request=ZoekSerializer, responses=InwonerSerializer(many=True))
    @action(detail=False, methods=["post"])
    def zoeken(self, request):
        if not ziet_clientgegevens(request.user):
            raise PermissionDenied(_("Deze rol ziet geen cliëntgegevens."))
        form = ZoekForm(request.data)
        if not form.is_valid():
            return Response({"fouten": form.errors.get_json_data()}, status=400)
        resultaat = services.inwoner_zoeken(request.user, **form.cleaned_data)
        return Response(self.get_serializer(resultaat.inwoners, many=True).data)
