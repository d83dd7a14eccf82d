"""`python -m bench.doorvoer --aantal N --uit DIR [--soort JW301|WMO301] [--reeks 500] [--per-bericht]
[--json] [--settings MODULE]`: the message pipeline's throughput per stage (bench/berichten_doorvoer.py).

A command of bench/, not of the berichten app: it makes the demo data, and the app must not depend on its
own benchmark. Settings: `--settings`, else DJANGO_SETTINGS_MODULE, else the demo's (as manage.py).
Exit 0 with the figures, 2 with a Dutch message when the input is wrong or the database already holds
the bench's data (nothing is changed then)."""

import argparse
import json
import os
import sys
from pathlib import Path


def _positief(tekst: str) -> int:
    if not tekst.isdigit() or int(tekst) < 1:
        raise argparse.ArgumentTypeError("minstens 1")
    return int(tekst)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bench.doorvoer", description="Doorvoer per stap voor N toewijzingen.")
    p.add_argument("--aantal", type=_positief, required=True)
    p.add_argument("--uit", required=True, help="lege of nieuwe map voor de berichten")
    p.add_argument("--soort", choices=["JW301", "WMO301"], default="JW301")
    p.add_argument("--reeks", type=_positief, default=500, help="berichten per reeks (schrijven en database)")
    p.add_argument(
        "--per-bericht",
        action="store_true",
        help="schrijven zoals de Celery-taak: elk bericht apart, bestand en map gefsynct",
    )
    p.add_argument("--json", action="store_true")
    p.add_argument("--settings", help="Django-instellingen (standaard DJANGO_SETTINGS_MODULE of de demo)")
    return p


def tekst(c: dict) -> list[str]:
    """The figures as the team reads them: one line per stage."""
    regels = [
        f"{c['aantal']} {c['soort']}, ongeldig: {c['ongeldig']}, reeksen van {c['reeks']}, schrijven {c['schrijven']}",
        f"  {'stap':13} {'wandklok':>9}  {'per s':>7}  {'cpu':>9}  {'per cpu-s':>9}",
    ]
    for stap, sec in c["seconden"].items():
        regels.append(
            f"  {stap:13} {sec:8.3f}s  {c['per_seconde'][stap] or '-':>7}  "
            f"{c['cpu_seconden'][stap]:8.3f}s  {c['cpu_per_seconde'][stap] or '-':>9}"
        )
    regels.append(
        f"  totaal (zonder lxml_alleen): {c['totaal_per_seconde']} per seconde, "
        f"{c['totaal_per_cpu_seconde']} per cpu-seconde (per core)"
    )
    if c["server_cpu_seconden"] is not None:
        regels.append(
            f"  databaseserver: {c['server_cpu_seconden']:.3f} s cpu; met die erbij "
            f"{c['totaal_per_cpu_seconde_met_server']} per cpu-seconde"
        )
    return regels


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.settings:
        os.environ["DJANGO_SETTINGS_MODULE"] = args.settings
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "toegang.settings.demo")
    import django
    from django.apps import apps

    if not apps.ready:  # in a test (or any running Django) the settings are already in place
        django.setup()
    from .berichten_doorvoer import meet

    domein = "jeugd" if args.soort == "JW301" else "wmo"
    try:
        cijfers = meet(args.aantal, Path(args.uit), domein, reeks=args.reeks, per_bericht=args.per_bericht)
    except ValueError as fout:
        print(f"Fout: {fout}", file=sys.stderr)
        return 2
    print(json.dumps(cijfers) if args.json else "\n".join(tekst(cijfers)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
