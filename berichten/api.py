"""POST /api/v1/berichten: a system delivers one iJw/iWmo message (the XML as the request body)."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiTypes, extend_schema
from rest_framework import status, viewsets
from rest_framework.parsers import BaseParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from accounts.models import Rol
from accounts.permissions import TweeFactorGeverifieerd
from istandaard.xml import KOP_BYTES, MAX_BYTES
from toegang.routes import route

from .inkomend import BuitenScope, bekende_afzender, bericht_ontvangen, gemeente_codes, te_groot_weigeren
from .transport import TeGroot


class XMLParser(BaseParser):
    media_type = "application/xml"

    def parse(self, stream, media_type=None, parser_context=None):
        """The body, never read past the limit: one that announces more than 25 MB (Content-Length) is
        refused before it is read, only its first KOP_BYTES taken for the header; otherwise at most one
        byte past the limit is read, and a body that reaches it is refused the same way."""
        request = (parser_context or {}).get("request")
        try:
            lengte = int(request.META.get("CONTENT_LENGTH") or 0) if request is not None else 0
        except ValueError:
            lengte = 0
        if lengte > MAX_BYTES:
            return TeGroot(stream.read(KOP_BYTES), lengte)
        inhoud = stream.read(MAX_BYTES + 1)
        if len(inhoud) > MAX_BYTES:
            return TeGroot(inhoud[:KOP_BYTES], None)
        return inhoud


@route(scope="inwoner", audit="wijzigen")
class BerichtenViewSet(viewsets.ViewSet):
    parser_classes = [XMLParser]
    permission_classes = [IsAuthenticated, TweeFactorGeverifieerd]

    @extend_schema(
        request=OpenApiTypes.BYTE,
        responses={202: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT, 413: OpenApiTypes.OBJECT},
    )
    def create(self, request):
        if request.user.rol != Rol.BACKOFFICE:
            return Response({"fout": _("Alleen de backoffice levert berichten aan.")}, status=status.HTTP_403_FORBIDDEN)
        te_groot = request.data if isinstance(request.data, TeGroot) else None
        try:
            if te_groot is not None:  # OP179: quarantined by its metadata and reason, the body not kept
                gemeenten = gemeente_codes(request.user)
                bericht = te_groot_weigeren(te_groot.kop, kanaal="api", grootte=te_groot.grootte, gemeenten=gemeenten)
            else:
                bericht = bericht_ontvangen(
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
        if te_groot is not None:
            code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
        return Response(body, status=code)
