"""Permissions held per gemeente, and the API's two-factor check."""

from django.conf import settings
from rest_framework.permissions import BasePermission

from .models import Rol


class TweeFactorGeverifieerd(BasePermission):
    """The API answers 403 to a session that has not completed two-factor authentication."""

    message = "Tweestapsverificatie is vereist."

    def has_permission(self, request, view) -> bool:
        if not settings.TOEGANG_2FA_VERPLICHT:
            return True
        user = request.user
        return bool(user and user.is_authenticated and user.is_verified())


def lidmaatschap(gebruiker, gemeente):
    return gebruiker.lidmaatschappen.filter(gemeente=gemeente).first()


def mag_beschikken(gebruiker, gemeente, domein: str) -> bool:
    """Whether this user issues beschikkingen for the domain in this gemeente.

    Backoffice for Jeugd and the consulent for Wmo by default (002 L120-121), configurable per
    gemeente on the Gemeente row.
    """
    if lidmaatschap(gebruiker, gemeente) is None:
        return False
    wie = gemeente.beschikking_door(domein)
    if wie == Rol.BACKOFFICE:
        return gebruiker.rol == Rol.BACKOFFICE
    return gebruiker.rol == Rol.CONSULENT and domein in gebruiker.domeinen


def mag_hardheidsclausule_goedkeuren(gebruiker, gemeente) -> bool:
    lid = lidmaatschap(gebruiker, gemeente)
    return bool(lid and lid.mag_hardheidsclausule_goedkeuren and gebruiker.rol in {Rol.CONSULENT, Rol.BACKOFFICE})


def ziet_clientgegevens(gebruiker) -> bool:
    return gebruiker.is_authenticated and gebruiker.rol in {Rol.CONSULENT, Rol.BACKOFFICE, Rol.AANBIEDER}
