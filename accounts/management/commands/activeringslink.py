"""Send an account its activation link from the command line: how the first applicatiebeheerder of a new
installation gets in (nobody can send it one yet), and how an applicatiebeheerder is reset."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.models import Gebruiker
from accounts.services import activeringslink_versturen


class Command(BaseCommand):
    help = "Verstuurt een account een activeringslink per e-mail (wachtwoord instellen, app koppelen)."

    def add_arguments(self, parser):
        parser.add_argument("gebruikersnaam")
        parser.add_argument(
            "--app-opnieuw", action="store_true", help="ontkoppel eerst de authenticator-app (opnieuw koppelen)"
        )

    def handle(self, *args, gebruikersnaam, app_opnieuw, **options):
        if not settings.TOEGANG_BASIS_URL:
            raise CommandError("Zet TOEGANG_BASIS_URL: het adres waar de link in de e-mail naartoe wijst.")
        gebruiker = Gebruiker.objects.filter(username=gebruikersnaam).first()
        if gebruiker is None:
            raise CommandError(f"Account {gebruikersnaam} bestaat niet.")
        try:
            with transaction.atomic():
                activeringslink_versturen(
                    door=None, gebruiker=gebruiker, basis_url=settings.TOEGANG_BASIS_URL, app_opnieuw=app_opnieuw
                )
        except PermissionDenied as fout:
            raise CommandError(str(fout)) from fout
        self.stdout.write(f"Activeringslink verstuurd naar het e-mailadres van {gebruikersnaam}.")
