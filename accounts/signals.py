"""Logins, logouts and failed logins go into the audit trail (username only; never a password);
and the 'Functioneel beheer' group is kept with the permissions that role needs."""

from django.contrib.auth.models import Group, Permission
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from audit.models import Actie
from audit.services import record
from toegang import sessie

BEHEER_GROEP = "Functioneel beheer"
# Functioneel beheer maintains products, tariffs, organisations and accounts; never client data.
BEHEER_MODELLEN = {
    "producten": ["product", "tarief", "indicatiewijze", "contract"],
    "organisaties": ["gemeente", "team", "aanbieder", "aanbiedertype"],
    "accounts": ["gebruiker", "lidmaatschap"],
}


@receiver(user_logged_in)
def _ingelogd(sender, request, user, **kwargs):
    record(Actie.INLOGGEN, user, gebruiker=user)
    sessie.stempelen(request)


@receiver(user_logged_out)
def _uitgelogd(sender, request, user, **kwargs):
    if user is not None:
        record(Actie.UITLOGGEN, user, gebruiker=user)


@receiver(user_login_failed)
def _mislukt(sender, credentials, request=None, **kwargs):
    record(Actie.INLOGGEN_MISLUKT, object_type="accounts.gebruiker", omschrijving="Onjuiste inloggegevens")


def zorg_voor_beheergroep(**kwargs):
    groep, _ = Group.objects.get_or_create(name=BEHEER_GROEP)
    perms = Permission.objects.filter(
        content_type__app_label__in=BEHEER_MODELLEN.keys(),
        codename__regex=r"^(view|add|change)_",
    )
    gewenst = [p for p in perms if p.content_type.model in BEHEER_MODELLEN[p.content_type.app_label]]
    groep.permissions.set(gewenst)
