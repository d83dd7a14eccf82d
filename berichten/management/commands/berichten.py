"""`python manage.py berichten valideer FILE [FILE …] [--json]`

Checks messages of every supported type (JW/WMO 301, 302, 305-308, 315-320) against the project's own
definitions and the rules that need no stored data. Prints per file `geldig` or the findings with the
retourcode; exit 0 when all are valid, 1 when any is not, 2 for unreadable input.

`python manage.py berichten ophalen`: receive what is in the transport's in/ folder (or the HTTPS
counterpart). Django's own options (--settings, --pythonpath, -v…) may also follow the subcommand.
The throughput benchmark is `python -m bench.doorvoer` (bench/README.md)."""

import argparse
import json
from pathlib import Path

from django.core.management.base import BaseCommand

from berichten.inkomend import berichten_ophalen
from istandaard.validatie import OnleesbaarBericht, valideer


class Command(BaseCommand):
    help = "iJw/iWmo-berichten controleren."

    def add_arguments(self, parser):
        # manage.py reads --settings and --pythonpath anywhere on the line; the subcommands accept them too
        # (and -v, --traceback…), so `berichten valideer … --settings=…` works as `berichten --settings=… valideer`.
        django = argparse.ArgumentParser(add_help=False)
        for optie in ("--settings", "--pythonpath"):
            django.add_argument(optie, default=argparse.SUPPRESS)
        django.add_argument("-v", "--verbosity", type=int, choices=[0, 1, 2, 3], default=argparse.SUPPRESS)
        for optie in ("--traceback", "--no-color", "--force-color", "--skip-checks"):
            django.add_argument(optie, action="store_true", default=argparse.SUPPRESS)
        sub = parser.add_subparsers(dest="actie", required=True)
        v = sub.add_parser("valideer", help="Berichten controleren tegen de definities en regels.", parents=[django])
        v.add_argument("bestanden", nargs="+")
        v.add_argument("--json", action="store_true")
        sub.add_parser("ophalen", help="Berichten uit de map in/ ontvangen en verwerken.", parents=[django])

    def handle(self, *args, actie, **opties):
        if actie == "ophalen":
            for b in berichten_ophalen():
                self.stdout.write(f"{b.soort} {b.identificatie}: {b.get_status_display()}")
            return None
        return self._valideer(opties["bestanden"], opties["json"])

    def _valideer(self, bestanden, als_json: bool):
        resultaten, code = [], 0
        for naam in bestanden:
            pad = Path(naam)
            try:
                uitslag = valideer(pad.read_bytes())
            except (OSError, OnleesbaarBericht) as fout:
                resultaten.append({"bestand": naam, "leesbaar": False, "fout": str(fout)})
                code = 2
                continue
            resultaten.append(
                {
                    "bestand": naam,
                    "leesbaar": True,
                    "soort": uitslag.soort,
                    "geldig": uitslag.geldig,
                    "bevindingen": [b.als_dict() for b in uitslag.bevindingen],
                }
            )
            if not uitslag.geldig and code == 0:
                code = 1
        if als_json:
            self.stdout.write(json.dumps(resultaten, ensure_ascii=False, indent=2))
        else:
            for r in resultaten:
                if not r["leesbaar"]:
                    self.stdout.write(f"{r['bestand']}: onleesbaar: {r['fout']}")
                elif r["geldig"]:
                    self.stdout.write(f"{r['bestand']}: {r['soort']} geldig")
                else:
                    self.stdout.write(f"{r['bestand']}: {r['soort']} ongeldig")
                    for b in r["bevindingen"]:
                        self.stdout.write(f"  {b['regel']} ({b['retourcode']}) {b['pad']}: {b['uitleg']}")
        if code:
            raise SystemExit(code)
