from django.conf import settings

from accounts.permissions import behandelt_verzoeken
from organisaties.thema import thema_gemeente


def toegang(request):
    return {
        "tweefactor_verplicht": settings.TOEGANG_2FA_VERPLICHT,
        "omgeving": settings.TOEGANG_OMGEVING,
        "thema_gemeente": thema_gemeente(request),
        # A callable: the template asks (one query) only when it draws the menu for a consulent or backoffice.
        "behandelt_verzoeken": lambda: behandelt_verzoeken(request.user),
    }
