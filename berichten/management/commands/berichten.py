"""`python manage.py berichten valideer FILE [FILE …] [--json]`

Checks messages of every supported type (JW/WMO 301, 302, 305-308, 315-320) against the project's own
definitions and the rules that need no stored data. Prints per file `geldig` or the findings with the
retourcode; exit 0 when all are valid, 1 when any is not, 2 for unreadable input.

`python manage.py berichten bench --aantal N --uit DIR [--soort JW301|WMO301] [--reeks 500] [--per-bericht]
[--json]`: the pipeline's throughput per stage (bench/berichten_doorvoer.py; --per-bericht writes as the Celery
task does, every message with its own file and folder fsync). Django's own options (--settings,
--pythonpath, -v…) may also follow the subcommand."""

import argparse
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from berichten.inkomend import berichten_ophalen
from istandaard.validatie import OnleesbaarBericht, valideer


class Command(BaseCommand):
    help = "iJw/iWmo-berichten controleren."

    def add_arguments(self, parser):
        # manage.py reads --settings and --pythonpath anywhere on the line; the subcommands accept them too
        # (and -v, --traceback…), so `berichten bench … --settings=…` works as `berichten --settings=… bench`.
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
        b = sub.add_parser("bench", help="Doorvoer per stap voor N toewijzingen meten.", parents=[django])
        b.add_argument("--aantal", type=int, required=True)
        b.add_argument("--uit", required=True)
        b.add_argument("--soort", choices=["JW301", "WMO301"], default="JW301")
        b.add_argument("--reeks", type=int, default=500, help="Berichten per reeks (schrijven en database).")
        b.add_argument(
            "--per-bericht",
            action="store_true",
            help="Schrijven zoals de Celery-taak: elk bericht apart, bestand en map gefsynct.",
        )
        b.add_argument("--json", action="store_true")

    def handle(self, *args, actie, **opties):
        if actie == "bench":
            # bench/ is a development tool that builds on the apps (and the demo data); the app must not
            # depend on it, so it is loaded only when this subcommand runs.
            from bench.berichten_doorvoer import meet

            domein = "jeugd" if opties["soort"] == "JW301" else "wmo"
            try:
                cijfers = meet(
                    opties["aantal"],
                    Path(opties["uit"]),
                    domein,
                    reeks=max(1, opties["reeks"]),
                    per_bericht=opties["per_bericht"],
                )
            except ValueError as fout:
                raise CommandError(str(fout)) from fout
            if opties["json"]:
                self.stdout.write(json.dumps(cijfers))
            else:
                c = cijfers
                self.stdout.write(
                    f"{c['aantal']} {c['soort']}, ongeldig: {c['ongeldig']}, reeksen van {c['reeks']}, "
                    f"schrijven {c['schrijven']}"
                )
                self.stdout.write(f"  {'stap':13} {'wandklok':>9}  {'per s':>7}  {'cpu':>9}  {'per cpu-s':>9}")
                for stap, sec in c["seconden"].items():
                    self.stdout.write(
                        f"  {stap:13} {sec:8.3f}s  {c['per_seconde'][stap] or '-':>7}  "
                        f"{c['cpu_seconden'][stap]:8.3f}s  {c['cpu_per_seconde'][stap] or '-':>9}"
                    )
                self.stdout.write(
                    f"  totaal (zonder lxml_alleen): {c['totaal_per_seconde']} per seconde, "
                    f"{c['totaal_per_cpu_seconde']} per cpu-seconde (per core)"
                )
                if c["server_cpu_seconden"] is not None:
                    self.stdout.write(
                        f"  databaseserver: {c['server_cpu_seconden']:.3f} s cpu; met die erbij "
                        f"{c['totaal_per_cpu_seconde_met_server']} per cpu-seconde"
                    )
            return None
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
