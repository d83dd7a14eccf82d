"""manage.py audit verzegel | kop | verifieer [--koppen FILE]"""

import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from audit import keten


class Command(BaseCommand):
    help = "De audittrail verzegelen, de kop buiten de database vastleggen en de keten verifiëren."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="stap", required=True)
        sub.add_parser("verzegel", help="Verzegel de gebeurtenissen die vastliggen (beat: elke minuut).")
        kop = sub.add_parser("kop", help="Schrijf de kop naar het log en het koppenbestand (beat: dagelijks).")
        kop.add_argument("--koppen", type=Path, help="Koppenbestand (standaard TOEGANG_AUDIT_KOPPEN).")
        verifieer = sub.add_parser("verifieer", help="Herbereken de keten en vergelijk met zegels en koppen.")
        verifieer.add_argument(
            "--koppen",
            type=Path,
            help="Koppenbestand of verzonden log met audit-kop-regels (standaard TOEGANG_AUDIT_KOPPEN).",
        )

    def handle(self, *args, stap, **options):
        if stap == "verzegel":
            aantal = keten.verzegel()
            self.stdout.write(f"{aantal} gebeurtenissen verzegeld.")
        elif stap == "kop":
            regel = keten.schrijf_kop(options.get("koppen"))
            if regel is None:
                self.stdout.write("Nog niets verzegeld: geen kop geschreven.")
            else:
                self.stdout.write(f"Kop geschreven: gebeurtenis {regel['gebeurtenis']}, hash {regel['hash']}.")
        else:
            self._verifieer(options.get("koppen") or Path(settings.TOEGANG_AUDIT_KOPPEN))

    def _verifieer(self, pad: Path):
        koppen = []
        if pad.exists():
            try:
                koppen = keten.lees_koppen(pad)
            except keten.KopFout as exc:
                self.stderr.write(f"Audittrail NIET te bevestigen: koppenbestand ongeldig, {exc}.")
                sys.exit(1)
        else:
            self.stderr.write(f"Let op: geen koppenbestand {pad}; een herschreven keten is zo niet te zien.")
        uitslag = keten.verifieer(koppen)
        if uitslag.breuk is not None:
            self.stderr.write(f"Audittrail NIET intact: {uitslag.breuk}.")
            sys.exit(1)
        self.stdout.write(
            f"Audittrail intact: {uitslag.verzegeld} gebeurtenissen verzegeld"
            + (f" (t/m gebeurtenis {uitslag.kop})" if uitslag.kop is not None else "")
            + f", {uitslag.koppen} koppen gecontroleerd, {uitslag.niet_verzegeld} nog niet verzegeld."
        )
