from django.conf import settings

from organisaties.thema import thema_gemeente


def toegang(request):
    return {
        "tweefactor_verplicht": settings.TOEGANG_2FA_VERPLICHT,
        "omgeving": settings.TOEGANG_OMGEVING,
        "thema_gemeente": thema_gemeente(request),
    }
