"""Load benchmark: Locust against gunicorn serving a generated bench database.

    .venv/bin/python -m bench.locust [--database toegang_bench] [--gebruikers 16] [--opwarmen 60]
                                     [--duur 300] [--workers 3] [--threads 1] [--poort 8077] [--json]

Needs `locust` (the optional extra `bench`) and a database made by `python -m bench.generator`.
It gives 16 bench accounts (12 consulenten of five gemeenten, both domains, and 4 backoffice)
the password BENCH_WACHTWOORD through Django's own hasher, draws for each account up to 500
dossiers of its own scope, starts gunicorn with bench.settings (2FA off, CONN_MAX_AGE 60) and runs
bench/locustfile.py headless: the users arrive over a few seconds, the statistics are reset after
the warm-up, then the measured period runs. Reported per page and in total: requests, failures,
p50/p95/p99 in ms (exact, from every recorded request), requests per second, and the CPU time of
gunicorn (master and workers), of Locust and of everything else (PostgreSQL, the system) in the
measured period. gunicorn, Locust and PostgreSQL share the machine's cores.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
BENCH_WACHTWOORD = "bench-Toegang-2026!"  # only ever in a throwaway toegang_bench* database
DOSSIERS_PER_ACCOUNT = 500
DOEL_P95_MS = 150  # at 64 users, with the dossier overview, the inwoner page and the dossier search in the mix
# (cbs, rol or domein, nummer): where the 16 simulated users work. Venlo is the largest werkvoorraad.
ACCOUNTS = [
    ("0983", "jeugd", 1),
    ("0983", "jeugd", 2),
    ("0983", "wmo", 1),
    ("0983", "wmo", 2),
    ("0984", "jeugd", 1),
    ("0984", "wmo", 1),
    ("1507", "jeugd", 1),
    ("1507", "wmo", 1),
    ("1894", "jeugd", 1),
    ("1894", "wmo", 1),
    ("0907", "jeugd", 1),
    ("0889", "wmo", 1),
    ("0983", "backoffice", 1),
    ("0984", "backoffice", 1),
    ("1507", "backoffice", 1),
    ("1894", "backoffice", 1),
]


def voorbereiden(database: str, pad: Path, migreer: bool = False) -> list[dict]:
    """Password and dossier sample per account, written to `pad` for the locustfile (Django, in this process)."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ["BENCH_DATABASE"] = database
    import django

    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import connection, connections
    from django.db.migrations.executor import MigrationExecutor

    from accounts.models import Gebruiker
    from verwijzing.models import Dossier

    from .organisaties import gebruikersnaam

    executor = MigrationExecutor(connection)
    open_migraties = [f"{m.app_label}.{m.name}" for m, _ in executor.migration_plan(executor.loader.graph.leaf_nodes())]
    if open_migraties and not migreer:
        raise SystemExit(
            f"FOUT: {database} mist migraties van de huidige code ({', '.join(open_migraties)}); "
            "maak de database opnieuw met python -m bench.generator, of geef --migreer"
        )
    if open_migraties:
        print(f"migraties bijwerken: {', '.join(open_migraties)}", file=sys.stderr)
        call_command("migrate", verbosity=0)
    namen = [gebruikersnaam(cbs, soort, nummer) for cbs, soort, nummer in ACCOUNTS]
    gevonden = Gebruiker.objects.filter(username__in=namen)
    if gevonden.count() != len(namen):
        raise SystemExit(f"FOUT: {database} mist bench-accounts; maak de database met python -m bench.generator")
    # update(): one hash for all, and no history rows (this is setup, not a change in the app).
    gevonden.update(password=make_password(BENCH_WACHTWOORD))
    accounts = []
    for naam in namen:
        gebruiker = Gebruiker.objects.get(username=naam)
        steekproef = list(
            Dossier.objects.visible_to(gebruiker)
            .order_by("?")
            .values_list("public_id", "inwoner__public_id", "inwoner__geslachtsnaam")[:DOSSIERS_PER_ACCOUNT]
        )
        accounts.append(
            {
                "username": naam,
                "rol": gebruiker.rol,
                "wachtwoord": BENCH_WACHTWOORD,
                "dossiers": [str(d) for d, _, _ in steekproef],
                "inwoners": [str(i) for _, i, _ in steekproef],
                # The search as a consulent types it: a surname of a client in scope.
                "zoektermen": sorted({n for _, _, n in steekproef}),
            }
        )
    connections.close_all()
    pad.write_text(json.dumps(accounts), encoding="utf-8")
    return accounts


def _wacht_op(url: str, seconden: float) -> None:
    einde = time.monotonic() + seconden
    while time.monotonic() < einde:
        try:
            with urllib.request.urlopen(url, timeout=2) as antwoord:  # noqa: S310 (local http only)
                if antwoord.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"FOUT: {url} antwoordt niet")


def _cpu(proces) -> float:
    """User + system seconds of a process and its children (gunicorn: master and workers)."""
    import psutil

    totaal = 0.0
    for p in [proces, *proces.children(recursive=True)]:
        try:
            t = p.cpu_times()
            totaal += t.user + t.system
        except psutil.NoSuchProcess:
            pass
    return totaal


class PostgresMeter(threading.Thread):
    """CPU seconds of the PostgreSQL backends serving one database, sampled twice a second.

    A backend's process title names its database ("postgres: 15/main: user database host(port) ...").
    gunicorn reconnects after CONN_MAX_AGE (60 s), so backends come and go: each is followed from its
    first sample (a backend that ends loses at most the last half second).
    """

    def __init__(self, database: str):
        super().__init__(daemon=True)
        self.naam = f" {database} "
        self.basis: dict[int, float] = {}
        self.laatst: dict[int, float] = {}
        self.klaar = threading.Event()
        self._meet(eerste=True)

    def _meet(self, eerste: bool = False) -> None:
        import psutil

        for p in psutil.process_iter(["cmdline"]):
            try:
                titel = " ".join(p.info["cmdline"] or [])
                if not (titel.startswith("postgres:") and self.naam in f"{titel} "):
                    continue
                t = p.cpu_times()
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                continue
            # Existing at the start: count from here; born later: count all of it.
            self.basis.setdefault(p.pid, t.user + t.system if eerste else 0.0)
            self.laatst[p.pid] = t.user + t.system

    def run(self) -> None:
        while not self.klaar.wait(0.5):
            self._meet()

    def stop(self) -> float:
        self.klaar.set()
        self.join()
        self._meet()
        return sum(self.laatst[pid] - self.basis[pid] for pid in self.laatst)


def _systeem_cpu() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine, all cores."""
    import psutil

    t = psutil.cpu_times()
    totaal = sum(t)
    return totaal - t.idle - getattr(t, "iowait", 0.0), totaal


def percentiel(waarden: list[float], p: float) -> float:
    """Nearest rank on sorted values."""
    if not waarden:
        return 0.0
    return waarden[max(0, math.ceil(p / 100 * len(waarden)) - 1)]


def samenvatten(metingen: list, duur: float) -> dict:
    """Per page name and in total; `duur` is the measured period (for the requests per second)."""
    per_naam: dict[str, list] = {}
    for naam, ms, gelukt, _tijd in metingen:
        per_naam.setdefault(naam, []).append((ms, gelukt))
    per_naam["totaal"] = [(ms, gelukt) for _naam, ms, gelukt, _tijd in metingen]
    uit = {}
    for naam, rijen in per_naam.items():
        tijden = sorted(ms for ms, _ in rijen)
        uit[naam] = {
            "verzoeken": len(rijen),
            "fouten": sum(1 for _, gelukt in rijen if not gelukt),
            "per_seconde": round(len(rijen) / duur, 2) if duur else 0.0,
            "p50_ms": round(percentiel(tijden, 50), 1),
            "p95_ms": round(percentiel(tijden, 95), 1),
            "p99_ms": round(percentiel(tijden, 99), 1),
            "max_ms": round(tijden[-1], 1) if tijden else 0.0,
        }
    return uit


def wacht_op_rust(max_load: float, seconden: int = 600) -> None:
    """Wait (at most `seconden`) until the 1-minute load average is below `max_load`."""
    einde = time.monotonic() + seconden
    while (load := float(Path("/proc/loadavg").read_text().split()[0])) >= max_load:
        if time.monotonic() > einde:
            print(f"load {load} na {seconden} s nog boven {max_load}; toch meten", file=sys.stderr)
            return
        print(f"load {load} >= {max_load}: wachten", file=sys.stderr)
        time.sleep(30)


def draai(args) -> dict:
    import psutil

    werk = Path(tempfile.mkdtemp(prefix="toegang-bench-locust-"))
    accounts_pad, marker, uitvoer = werk / "accounts.json", werk / "gemeten", werk / "metingen.json"
    accounts = voorbereiden(args.database, accounts_pad, args.migreer)
    if args.max_load:
        wacht_op_rust(args.max_load)
    basis = f"http://127.0.0.1:{args.poort}"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings", "BENCH_DATABASE": args.database}
    load_voor = Path("/proc/loadavg").read_text().split()[:3]
    gunicorn_log = open(werk / "gunicorn.log", "w")  # noqa: SIM115 (closed in finally)
    gunicorn = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "toegang.wsgi:application",
            "--bind",
            f"127.0.0.1:{args.poort}",
            "--workers",
            str(args.workers),
            "--threads",
            str(args.threads),
        ],
        cwd=PROJECT,
        env=env,
        stdout=gunicorn_log,
        stderr=subprocess.STDOUT,
    )
    locust, locust_log = None, None
    try:
        _wacht_op(f"{basis}/inloggen/", 60)
        locust_env = {
            **env,
            "BENCH_ACCOUNTS": str(accounts_pad),
            "BENCH_OPWARMEN": str(args.opwarmen),
            "BENCH_MARKER": str(marker),
            "BENCH_UITVOER": str(uitvoer),
        }
        locust_log = open(werk / "locust.log", "w")  # noqa: SIM115 (the process owns it until it ends)
        locust = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "locust",
                "-f",
                str(PROJECT / "bench" / "locustfile.py"),
                "--headless",
                "--users",
                str(args.gebruikers),
                "--spawn-rate",
                str(max(1, args.gebruikers // 4)),
                "--run-time",
                f"{args.opwarmen + args.duur}s",
                "--host",
                basis,
                "--only-summary",
                "--stop-timeout",
                "5",
            ],
            cwd=PROJECT,
            env=locust_env,
            stdout=locust_log,
            stderr=subprocess.STDOUT,
        )
        g_proces, l_proces = psutil.Process(gunicorn.pid), psutil.Process(locust.pid)
        while not marker.exists():
            if locust.poll() is not None:
                raise SystemExit(f"FOUT: Locust stopte tijdens het opwarmen; zie {werk / 'locust.log'}")
            time.sleep(0.2)
        start = time.monotonic()
        g0, l0, (s0, t0) = _cpu(g_proces), _cpu(l_proces), _systeem_cpu()
        r0 = sum(os.times()[:2])  # this runner itself (the PostgreSQL sampling thread)
        postgres = PostgresMeter(args.database)
        postgres.start()
        time.sleep(max(0.0, args.duur - 1))
        duur = time.monotonic() - start
        pg = postgres.stop()
        g1, l1, (s1, t1) = _cpu(g_proces), _cpu(l_proces), _systeem_cpu()
        r1 = sum(os.times()[:2])
        load_na = Path("/proc/loadavg").read_text().split()[:3]
        locust.wait(timeout=args.duur + 120)
    finally:
        if locust is not None and locust.poll() is None:
            locust.terminate()
        gunicorn.terminate()
        gunicorn.wait(timeout=30)
        gunicorn_log.close()
        if locust_log is not None:
            locust_log.close()
    metingen = json.loads(uitvoer.read_text()) if uitvoer.exists() else []
    # Requests were recorded from the marker until Locust stopped: that is the period for the rate.
    vanaf = float(marker.read_text())
    venster = max((m[3] for m in metingen), default=vanaf) - vanaf
    kernen = os.cpu_count() or 1
    bezet = s1 - s0
    cpu = {
        "kernen": kernen,
        "gunicorn_s": round(g1 - g0, 1),
        "locust_s": round(l1 - l0, 1),
        # The backends of the bench database (gunicorn keeps its connections: CONN_MAX_AGE 60).
        "postgres_s": round(pg, 1),
        "meter_s": round(r1 - r0, 1),
        # Everything else: the kernel, other PostgreSQL work, and whatever else ran on the machine.
        "overig_s": round(bezet - (g1 - g0) - (l1 - l0) - pg - (r1 - r0), 1),
        "machine_bezet_pct": round(100 * bezet / (t1 - t0), 1) if t1 > t0 else 0.0,
    }
    cpu["venster_s"] = round(duur, 1)  # CPU is sampled over this part of the measured period
    for sleutel in ("gunicorn", "locust", "postgres", "meter", "overig"):
        cpu[f"{sleutel}_kern_pct"] = round(100 * cpu[f"{sleutel}_s"] / duur, 1)  # % of one core
    return {
        "database": args.database,
        "gebruikers": args.gebruikers,
        "accounts": [a["username"] for a in accounts],
        "gunicorn": {"workers": args.workers, "threads": args.threads},
        "opwarmen_s": args.opwarmen,
        "gemeten_s": round(venster, 1),
        "load_voor": load_voor,
        "load_na": load_na,
        "paginas": samenvatten(metingen, venster),
        "cpu": cpu,
        "logmap": str(werk),
    }


def _verslag(uitkomst: dict) -> str:
    regels = [
        f"{uitkomst['gebruikers']} gebruikers, gunicorn {uitkomst['gunicorn']['workers']} workers x "
        f"{uitkomst['gunicorn']['threads']} threads, {uitkomst['gemeten_s']} s gemeten na "
        f"{uitkomst['opwarmen_s']} s opwarmen; load voor {' '.join(uitkomst['load_voor'])}, "
        f"na {' '.join(uitkomst['load_na'])}",
        f"{'pagina':46} {'aantal':>7} {'fout':>5} {'/s':>6} {'p50':>7} {'p95':>7} {'p99':>7} {'max':>7}",
    ]
    for naam, c in sorted(uitkomst["paginas"].items(), key=lambda item: (item[0] == "totaal", item[0])):
        regels.append(
            f"{naam:46} {c['verzoeken']:>7} {c['fouten']:>5} {c['per_seconde']:>6} {c['p50_ms']:>7} "
            f"{c['p95_ms']:>7} {c['p99_ms']:>7} {c['max_ms']:>7}"
        )
    cpu = uitkomst["cpu"]
    regels.append(
        f"CPU in de meetperiode ({cpu['kernen']} kernen, gedeeld): gunicorn {cpu['gunicorn_s']} s "
        f"({cpu['gunicorn_kern_pct']}% van een kern), Locust {cpu['locust_s']} s ({cpu['locust_kern_pct']}%), "
        f"PostgreSQL (bench-database) {cpu['postgres_s']} s ({cpu['postgres_kern_pct']}%), "
        f"meting {cpu['meter_s']} s, "
        f"overig (systeem, andere processen) {cpu['overig_s']} s ({cpu['overig_kern_pct']}%); "
        f"machine {cpu['machine_bezet_pct']}% bezet"
    )
    p95 = uitkomst["paginas"].get("totaal", {}).get("p95_ms", 0)
    regels.append(f"doel p95 <= {DOEL_P95_MS} ms: {'gehaald' if p95 <= DOEL_P95_MS else 'NIET gehaald'} ({p95} ms)")
    return "\n".join(regels)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.locust", description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="toegang_bench")
    parser.add_argument("--gebruikers", type=int, default=16)
    parser.add_argument("--opwarmen", type=int, default=60, help="seconden voor de meting begint")
    parser.add_argument("--duur", type=int, default=300, help="gemeten seconden")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn-workers (productie: 3)")
    parser.add_argument("--threads", type=int, default=1, help="threads per worker (1: sync, zoals productie)")
    parser.add_argument("--poort", type=int, default=8077)
    parser.add_argument(
        "--migreer", action="store_true", help="voer migraties uit die de database nog mist (nieuwe code)"
    )
    parser.add_argument("--max-load", type=float, help="wacht (hoogstens 10 min) tot de load hieronder is")
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--alleen-voorbereiden", action="store_true", help="alleen wachtwoorden en accountbestand; drukt het pad af"
    )
    args = parser.parse_args(argv)
    if args.alleen_voorbereiden:
        pad = Path(tempfile.mkdtemp(prefix="toegang-bench-locust-")) / "accounts.json"
        voorbereiden(args.database, pad, args.migreer)
        print(pad)
        return 0
    uitkomst = draai(args)
    print(json.dumps(uitkomst, indent=2) if args.json else _verslag(uitkomst))
    totaal = uitkomst["paginas"].get("totaal", {})
    return 0 if totaal.get("verzoeken") and not totaal.get("fouten") else 1


if __name__ == "__main__":
    sys.exit(main())
