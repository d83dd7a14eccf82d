"""POST /api/v1/berichten: a system delivers one iJw/iWmo message (the XML as the request body)."""

from drf_spectacular.utils import OpenApiTypes, extend_schema
from rest_framework import status, viewsets
from rest_framework.parsers import BaseParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from accounts.models import Rol
from accounts.permissions import TweeFactorGeverifieerd
from toegang.routes import route

from .inkomend import BuitenScope, bekende_afzender, gemeente_codes, ontvang
from .xml import MAX_BYTES


class XMLParser(BaseParser):
    media_type = "application/xml"

    def parse(self, stream, media_type=None, parser_context=None):
        return stream.read(MAX_BYTES + 1)


@route(scope="inwoner", audit="wijzigen")
class BerichtenViewSet(viewsets.ViewSet):
    parser_classes = [XMLParser]
    permission_classes = [IsAuthenticated, TweeFactorGeverifieerd]

    @extend_schema(request=OpenApiTypes.BYTE, responses={202: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT})
    def create(self, request):
        if request.user.rol != Rol.BACKOFFICE:
            return Response({"fout": "Alleen de backoffice levert berichten aan."}, status=status.HTTP_403_FORBIDDEN)
        try:
            bericht = ontvang(
                request.data or b"",
                kanaal="api",
                gemeenten=gemeente_codes(request.user),
                afzender_agb=bekende_afzender(request.user),
            )
        except BuitenScope as fout:
            return Response({"fout": str(fout)}, status=status.HTTP_403_FORBIDDEN)
        body = {"soort": bericht.soort, "identificatie": bericht.identificatie, "status": bericht.status}
        body["bevindingen"] = bericht.fouten
        code = status.HTTP_400_BAD_REQUEST if bericht.status == "quarantaine" else status.HTTP_202_ACCEPTED
        return Response(body, status=code)
