"""State changes of accounts that happen outside a form's own save: keyword-only, checked, audited."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlencode, urlsafe_base64_encode
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import Actie
from audit.services import record

from .models import Gebruiker, Rol
from .scoping import account_scope
from .signals import BEHEER_GROEP
from .tokens import activeringstoken

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


def activeringslink_versturen(*, door, gebruiker: Gebruiker, basis_url: str, app_opnieuw: bool = False) -> None:
    """Send the account a one-time activation link by e-mail (its old password stops working, earlier links
    are void): it sets the account's own password and, for an account without an authenticator app, allows
    linking one for a short while (a password alone never can). With `app_opnieuw` the current apps are
    removed first: re-enrolment only after this reset by beheer. Valid for PASSWORD_RESET_TIMEOUT, spent once
    the password changes; the mail carries the link and the username only. `door` is None when the system
    itself sends it (the demo set-up, `manage.py activeringslink`)."""
    if door is not None:
        conditie = account_scope(door)
        if conditie is None or not Gebruiker.objects.filter(conditie, pk=gebruiker.pk).exists():
            record(Actie.GEWEIGERD, gebruiker, omschrijving="Activeringslink: buiten beheer", gebruiker=door)
            raise PermissionDenied(_("U beheert dit account niet."))
    if not gebruiker.email:
        raise PermissionDenied(
            _("Account %(naam)s heeft geen e-mailadres: vul het in en verstuur de link dan.")
            % {"naam": gebruiker.get_username()}
        )
    if app_opnieuw:
        verwijderd, _per_soort = TOTPDevice.objects.filter(user=gebruiker).delete()
        record(
            Actie.VERWIJDEREN,
            gebruiker,
            omschrijving=f"Authenticator-app ontkoppeld voor opnieuw koppelen ({verwijderd})",
            gebruiker=door,
        )
    # A reset: the old password stops working and any earlier link is void.
    gebruiker.set_unusable_password()
    gebruiker.activeringslink_op = timezone.now()
    gebruiker.save(update_fields=["password", "activeringslink_op"])
    uidb64 = urlsafe_base64_encode(force_bytes(gebruiker.pk))
    query = urlencode({"u": uidb64, "t": activeringstoken.make_token(gebruiker)})
    link = f"{basis_url.rstrip('/')}{reverse('accounts:activeren')}?{query}"
    uren = settings.PASSWORD_RESET_TIMEOUT // 3600
    tekst = _(
        "Goedendag,\n\nVoor uw account %(naam)s in Toegang is een activeringslink aangemaakt. Daarmee stelt u zelf "
        "een wachtwoord in en koppelt u, als dat nog moet, uw authenticator-app. Een eerder wachtwoord werkt niet "
        "meer. De link werkt één keer en is %(uren)s uur geldig:\n\n%(link)s\n\nHebt u hier niet om gevraagd? "
        "Neem dan contact op met functioneel beheer van uw gemeente.\n"
    ) % {"naam": gebruiker.get_username(), "uren": uren, "link": link}
    record(Actie.WIJZIGEN, gebruiker, omschrijving="Activeringslink verstuurd", gebruiker=door)
    transaction.on_commit(
        lambda: send_mail(_("Toegang: activeer uw account"), tekst, None, [gebruiker.email], fail_silently=False)
    )
