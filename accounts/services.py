"""State changes of accounts that happen outside a form's own save: keyword-only, checked, audited."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from audit.models import Actie
from audit.services import record

from .models import Gebruiker, Rol
from .scoping import account_scope
from .signals import BEHEER_GROEP

# The roles that work in the beheer screens (Django's is_staff follows the role, never a checkbox).
ROLLEN_BEHEERSCHERMEN = {Rol.BEHEER, Rol.APPLICATIEBEHEER}


def account_inrichten(*, gebruiker: Gebruiker, groepen: bool = False) -> None:
    """What follows from the role: access to the beheer screens, and (once saved, `groepen`) the
    functioneel beheer group with its model permissions."""
    gebruiker.is_staff = gebruiker.rol in ROLLEN_BEHEERSCHERMEN
    if groepen and gebruiker.pk:
        groep = Group.objects.filter(name=BEHEER_GROEP).first()
        if groep is not None:
            if gebruiker.rol == Rol.BEHEER:
                gebruiker.groups.add(groep)
            else:
                gebruiker.groups.remove(groep)


def wachtwoordlink_versturen(*, door, gebruiker: Gebruiker, request) -> None:
    """Send the account a one-time link to set its own password (PASSWORD_RESET_TIMEOUT; spent once the
    password changes). A beheerder never types a password for someone else. The mail carries the link and
    the username only."""
    conditie = account_scope(door)
    if conditie is None or not Gebruiker.objects.filter(conditie, pk=gebruiker.pk).exists():
        record(Actie.GEWEIGERD, gebruiker, omschrijving="Wachtwoordlink: buiten beheer", gebruiker=door)
        raise PermissionDenied(_("U beheert dit account niet."))
    if not gebruiker.email:
        raise PermissionDenied(
            _("Account %(naam)s heeft geen e-mailadres: vul het in en verstuur de link dan.")
            % {"naam": gebruiker.get_username()}
        )
    uidb64 = urlsafe_base64_encode(force_bytes(gebruiker.pk))
    token = default_token_generator.make_token(gebruiker)
    pad = reverse("accounts:wachtwoord-instellen", kwargs={"uidb64": uidb64, "token": token})
    link = request.build_absolute_uri(pad)
    uren = settings.PASSWORD_RESET_TIMEOUT // 3600
    tekst = _(
        "Goedendag,\n\nVoor uw account %(naam)s in Toegang is een link aangemaakt om zelf een wachtwoord in te "
        "stellen. De link werkt één keer en is %(uren)s uur geldig:\n\n%(link)s\n\nHebt u hier niet om gevraagd? "
        "Neem dan contact op met functioneel beheer van uw gemeente.\n"
    ) % {"naam": gebruiker.get_username(), "uren": uren, "link": link}
    record(Actie.WIJZIGEN, gebruiker, omschrijving="Eenmalige wachtwoordlink verstuurd", gebruiker=door)
    transaction.on_commit(
        lambda: send_mail(_("Toegang: stel uw wachtwoord in"), tekst, None, [gebruiker.email], fail_silently=False)
    )
