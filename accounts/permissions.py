"""Permissions held per gemeente, and the API's two-factor check."""

from functools import wraps

from django.conf import settings
from django.core.exceptions import PermissionDenied
from rest_framework.permissions import BasePermission

from .models import Rol
from .scoping import get_lidmaatschappen, verzoek_domeinen


def is_tweefactor_verplicht(user) -> bool:
    """Every role where the setting says so (production, tests); the applicatiebeheerder always."""
    return settings.TOEGANG_2FA_VERPLICHT or user.rol == Rol.APPLICATIEBEHEER or user.is_superuser


class TweeFactorGeverifieerd(BasePermission):
    """The API answers 403 to a session that has not completed two-factor authentication."""

    message = "Tweestapsverificatie is vereist."

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return not settings.TOEGANG_2FA_VERPLICHT
        return not is_tweefactor_verplicht(user) or user.is_verified()


def lidmaatschap(gebruiker, gemeente):
    """The user's membership of this gemeente, or None (from the request's cached memberships)."""
    gemeente_id = getattr(gemeente, "pk", gemeente)
    return next((lid for lid in get_lidmaatschappen(gebruiker) if lid.gemeente_id == gemeente_id), None)


def mag_beschikken(gebruiker, gemeente, domein: str) -> bool:
    """Whether this user issues beschikkingen for the domain in this gemeente.

    Backoffice for Jeugd and the consulent for Wmo by default (Handboek Maatwerkdiensten Wmo §2 (r. 120–121)),
    configurable per gemeente on the Gemeente row.
    """
    return _volgens_gemeente(gebruiker, gemeente, domein, gemeente.beschikking_door(domein))


def _volgens_gemeente(gebruiker, gemeente, domein: str, wie: str) -> bool:
    """Whether this member of the gemeente holds the role the gemeente assigned (`wie`: backoffice, or the
    consulenten of that domain)."""
    if lidmaatschap(gebruiker, gemeente) is None:
        return False
    if wie == Rol.BACKOFFICE:
        return gebruiker.rol == Rol.BACKOFFICE
    return gebruiker.rol == Rol.CONSULENT and domein in gebruiker.domeinen


def mag_verzoek_behandelen(gebruiker, gemeente, domein: str) -> bool:
    """Whether this user handles (and decides) a verzoek om toewijzing (315) for the domain in this gemeente.

    The backoffice by default (Handboek verwijzers jeugdhulp §1.1.2.2.2.1 en §1.2: "de backoffice" checks garantiefase
    and GI instemming, Handboek verwijzers jeugdhulp §1.1.2.2.2.1 (r. 1886–1892)); a gemeente may give 315s to its
    consulenten of that domain (Gemeente.verzoek_*_door). Choice: whoever handles a 315 also decides it. After a
    wettelijke verwijzing the verwijzing itself is the access (Jeugdwet art. 2.6 lid 1 sub g); the backoffice's
    vaststelling of Jeugd beschikkingen (Handboek Maatwerkdiensten Wmo §2 (r. 120–121)) belongs to the toegang's own
    onderzoek and is not split off from the 315's answer, which is due within 5 werkdagen (OP274).
    """
    return _volgens_gemeente(gebruiker, gemeente, domein, gemeente.verzoek_door(domein))


def behandelt_verzoeken(gebruiker) -> bool:
    """Whether this user handles verzoeken om toewijzing (315) in any of its gemeenten (for the menu)."""
    domeinen = verzoek_domeinen(gebruiker) if gebruiker.is_authenticated else []
    if not domeinen:
        return False
    leden = get_lidmaatschappen(gebruiker)
    return any(lid.gemeente.verzoek_door(d) == gebruiker.rol for lid in leden for d in domeinen)


def mag_hardheidsclausule_goedkeuren(gebruiker, gemeente) -> bool:
    lid = lidmaatschap(gebruiker, gemeente)
    return bool(lid and lid.mag_hardheidsclausule_goedkeuren and gebruiker.rol in {Rol.CONSULENT, Rol.BACKOFFICE})


def heeft_bijzondere_toegang(gebruiker, gemeente) -> bool:
    """Whether this consulent indicates segment 1 for the gemeente: the bijzondere toegang (Handboek verwijzers
    jeugdhulp §2.8 (r. 3819–3820), JR-003), a property of the membership set by functioneel beheer."""
    lid = lidmaatschap(gebruiker, gemeente)
    return bool(lid and lid.bijzondere_toegang and gebruiker.rol == Rol.CONSULENT)


# The roles that see client data (inwoners) at all; which inwoners is the scope's business.
ROLLEN_CLIENTGEGEVENS = (Rol.CONSULENT, Rol.BACKOFFICE, Rol.AANBIEDER)


def ziet_clientgegevens(gebruiker) -> bool:
    return gebruiker.is_authenticated and gebruiker.rol in ROLLEN_CLIENTGEGEVENS


def rol_vereist(*rollen: str):
    """View decorator: the one role guard of the screens. Anyone signed in with another role gets 403;
    the object-level checks (scope, gemeente, beslisser) stay in the selectors and the services' guards."""

    def decorator(view):
        @wraps(view)
        def guarded(request, *args, **kwargs):
            if request.user.rol not in rollen:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return guarded

    return decorator
