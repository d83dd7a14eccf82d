from pathlib import Path

from django.core.management.base import BaseCommand

from demo.gegevens import DEMO_WACHTWOORD, maak_demo_gegevens


class Command(BaseCommand):
    help = "Maakt fictieve demogegevens voor de zeven gemeenten (veilig om vaker te draaien)."

    def add_arguments(self, parser):
        parser.add_argument("--accounts-bestand", help="Schrijf de lijst met demo-accounts naar dit bestand.")

    def handle(self, *args, accounts_bestand=None, **options):
        accounts = maak_demo_gegevens()
        regels = [f"  {a.gebruikersnaam:<40} {a.rol:<22} {a.waar}" for a in accounts]
        if accounts_bestand:
            Path(accounts_bestand).write_text("\n".join(regels) + "\n", encoding="utf-8")
            (Path(accounts_bestand).parent / "demo-wachtwoord.txt").write_text(DEMO_WACHTWOORD, encoding="utf-8")
        self.stdout.write(f"Demogegevens klaar: {len(accounts)} accounts.")
