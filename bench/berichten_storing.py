"""Fault test of the berichten outbox: messages are never lost or doubled when the worker dies.

    .venv/bin/python -m bench.berichten_storing --aantal 10000 --seed 1 [--deadline 1800]
                                                [--database toegang_bench_storing] [--json]

What it does (`draai`, also used by tests/berichten/test_storing.py with about 1,000 messages):

1. starts its own `redis-server` on a free port (`--save "" --appendonly no`, own folder in a temp
   folder): a restart loses every queued message, the worst case for the outbox;
2. writes N outbox rows (`Bericht`, WMO301, status klaar) with XML built and validated by the app's
   own code (`istandaard.opbouw`, `istandaard.xml`, `istandaard.validatie`), for a small pool of inwoners
   and aanbieders made with the factories. The toewijzingen in the XML are unsaved objects: creating
   real ones (`bench.berichten_doorvoer.maak_toewijzingen`) took 12 ms each here, and the fault test is about
   the delivery of the rows, not about how they came to be;
3. starts a real `celery -A toegang worker` (prefork, concurrency 2, as docker-compose.yml) with
   `toegang.settings.production` pointed at the same database, the own Redis as broker and a temp
   TOEGANG_BERICHTEN_MAP: the settings production runs, not the test settings (those run tasks eagerly,
   so a retry or the sweep's `delay` would run inline instead of through the broker);
4. queues `verstuur_bericht` for every row, about 5% twice on purpose, in random order;
5. plays beat: every `veeg_interval` seconds it sends the message beat sends,
   `berichten.tasks.verstuur_achterstallige`, which the worker runs as in production, with
   TOEGANG_BERICHTEN_ACHTERSTALLIG_NA shortened to a few seconds. Why not a `celery beat` process:
   its interval (CELERY_BEAT_SCHEDULE, 300 s) is fixed in the settings, it also fetches in/ every
   minute, and it is one more process to keep alive across the Redis restart; sending the same message
   from here keeps the sweep moments on the runner's clock and the sweep code exactly the app's.
   One liberty: a sweep is sent only while the queue holds at most WACHTRIJ_LEEG messages. In
   production the threshold (300 s) is far above the time a message waits in a normal queue; with a
   threshold of seconds and a queue of thousands, every row that is merely waiting looks lost and
   each sweep would queue them again (measured when a sweep took at most 500, 1,000 messages, seed 1:
   30 sweeps instead of 3 and 16 instead of 21 messages/s; a sweep now takes everything overdue).
   Gating on the queue keeps that production ratio; lost messages are picked up as soon as the queue
   drains;
6. at random moments (seeded: a point in the progress, then a random fraction of a second) kills with
   SIGKILL either the whole worker (its process group: main process and pool, as a crashed host or
   container) or one pool process (as the OOM killer would), and restarts the worker after a random
   pause; once, it kills Redis (SIGKILL) and starts it again on the same port;
7. waits until every row is verzonden, or fails at the hard deadline with what is left;
8. checks: files in uit/ == outbox rows == distinct BerichtIdentificaties, each file holds exactly its
   row's XML, no two files share content (SHA-256), and leftover temporary files (a kill between write
   and rename) are counted apart, never as messages.

The figures (N, kills, seconds, messages per second, attempts) come back as a dict; the command prints
them, or JSON with --json, and exits 1 when a check failed. It needs `redis-server` on PATH.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import django
from django.db import connection, connections

from .generator import BenchFout, create_database, drop_database, migrate, seconden
from .storing_processen import Afzender, Redis, StoringFout, Werker, vrije_poort, werker_env

STANDAARD_DATABASE = "toegang_bench_storing"
VERSTUUR = "berichten.tasks.verstuur_bericht"
VEEG = "berichten.tasks.verstuur_achterstallige"
MAX_ONVERWACHT = 5  # a worker that stops by itself this often cannot start at all
WACHTRIJ_LEEG = 20  # a sweep only when no more than this waits (see the module docstring, step 5)


@dataclass(frozen=True)
class Opzet:
    """One run: how many messages, the seed, the hard deadline and how rough the weather is."""

    aantal: int
    seed: int = 1
    deadline: float = 1800.0
    werkers: int = 2  # worker concurrency, as docker-compose.yml
    kills: int | None = None  # None: max(4, aantal // 1000)
    achterstallig_na: int = 3  # TOEGANG_BERICHTEN_ACHTERSTALLIG_NA for the worker
    veeg_interval: float = 2.0  # seconds between two sweep messages (beat)
    dubbel: float = 0.05  # share of rows queued twice on purpose
    veeg_tot: int | None = WACHTRIJ_LEEG  # sweep only while at most this many wait; None: always
    bewaar: bool = False  # keep the temp folder (worker logs, uit/) also when all is well

    @property
    def aantal_kills(self) -> int:
        return self.kills if self.kills is not None else max(4, self.aantal // 1000)


@dataclass(order=True)
class Gebeurtenis:
    """A fault, due once `bij` rows are verzonden: 'werker', 'pool' or 'redis'."""

    bij: int
    soort: str = field(compare=False)


def plan(rng: random.Random, aantal: int, kills: int) -> list[Gebeurtenis]:
    """The faults, at seeded random points in the progress: mostly the whole worker, sometimes one
    pool process, and once Redis somewhere in the middle."""
    gebeurtenissen = [
        Gebeurtenis(int(aantal * rng.uniform(0.03, 0.9)), rng.choice(("werker", "werker", "pool")))
        for _ in range(kills)
    ]
    gebeurtenissen.append(Gebeurtenis(int(aantal * rng.uniform(0.3, 0.7)), "redis"))
    return sorted(gebeurtenissen)


def zet_in_wachtrij(afzender: Afzender, ids: list[int], rng: random.Random, dubbel: float) -> int:
    """Every row once and a random share twice, shuffled; returns the number of doubles."""
    dubbele = rng.sample(ids, round(len(ids) * dubbel))
    volgorde = ids + dubbele
    rng.shuffle(volgorde)
    for pk in volgorde:
        afzender.stuur(VERSTUUR, [pk])
    return len(dubbele)


@dataclass
class Verloop:
    """What happened during the run, for the report."""

    kills_werker: int = 0
    kills_pool: int = 0
    redis_herstarts: int = 0
    onverwacht_gestopt: int = 0
    herstart_na_brokerverlies: int = 0
    onverwacht_log: list = field(default_factory=list)
    vegen: int = 0
    momenten: list = field(default_factory=list)


def _storing(g: Gebeurtenis, werker: Werker, redis_: Redis, rng: random.Random, verloop: Verloop, t0: float):
    time.sleep(rng.uniform(0, 0.3))  # a random moment within whatever task is running now
    soort = g.soort
    if soort == "pool" and not werker.kill_pool_proces(rng):
        soort = "werker"
    if soort == "werker":
        werker.kill()
        time.sleep(rng.uniform(0.1, 1.0))  # the supervisor's restart is not instant
        werker.start()
        verloop.kills_werker += 1
    elif soort == "pool":
        verloop.kills_pool += 1
    else:
        redis_.kill()
        time.sleep(rng.uniform(0.1, 1.0))
        redis_.start()
        verloop.redis_herstarts += 1
    verloop.momenten.append({"soort": soort, "bij": g.bij, "na_s": round(time.monotonic() - t0, 1)})


def wacht_tot_verzonden(opzet: Opzet, ids: list[int], procs: tuple, afzender: Afzender, rng, eind: float) -> Verloop:
    """Until every row is verzonden or the deadline: fire the planned faults, play beat."""
    werker, redis_ = procs
    eerste, laatste, verloop = min(ids), max(ids), Verloop()
    verzonden = outbox().verzonden
    gebeurtenissen = plan(rng, len(ids), opzet.aantal_kills)
    t0 = volgende_veeg = time.monotonic()
    while time.monotonic() < eind:
        klaar = verzonden(eerste, laatste)
        if klaar == len(ids):
            break
        if gebeurtenissen and klaar >= gebeurtenissen[0].bij:
            _storing(gebeurtenissen.pop(0), werker, redis_, rng, verloop, t0)
        if not werker.leeft():  # died by itself: restart, as a supervisor would, and report it
            if werker.stopte_na_brokerverlies() and verloop.redis_herstarts:
                verloop.herstart_na_brokerverlies += 1
            else:
                verloop.onverwacht_gestopt += 1
                verloop.onverwacht_log.append(werker.staart())  # this start's log, before the next one
            if verloop.onverwacht_gestopt + verloop.herstart_na_brokerverlies > MAX_ONVERWACHT:
                break  # it cannot start at all: no point restarting it until the deadline
            time.sleep(1)
            werker.start()
        if time.monotonic() >= volgende_veeg:
            volgende_veeg = time.monotonic() + opzet.veeg_interval
            if opzet.veeg_tot is None or afzender.wachtend() <= opzet.veeg_tot:
                afzender.stuur(VEEG)
                verloop.vegen += 1
        time.sleep(0.1)
    return verloop


def _database() -> dict:
    return connection.settings_dict


def draai(opzet: Opzet) -> dict:
    """The whole fault test against the database Django is configured for (set up by the caller)."""
    if shutil.which("redis-server") is None:
        raise StoringFout("redis-server staat niet op PATH")
    tmp = Path(tempfile.mkdtemp(prefix="toegang-storing-"))
    try:
        uitkomst = _draai_in(opzet, tmp)
    except BaseException:
        if not opzet.bewaar:
            shutil.rmtree(tmp, ignore_errors=True)
        raise
    if uitkomst["afwijkingen"] or opzet.bewaar:
        uitkomst["map"] = str(tmp)  # kept: the worker logs and uit/ explain what went wrong
    else:
        shutil.rmtree(tmp, ignore_errors=True)
    return uitkomst


def outbox():
    """The outbox half of the run (`bench.storing_outbox`), imported late: it needs Django set up, and
    `main` imports this module before `django.setup()`."""
    from . import storing_outbox

    return storing_outbox


def _draai_in(opzet: Opzet, tmp: Path) -> dict:
    rijen = outbox()
    start = time.monotonic()
    rng = random.Random(opzet.seed)
    berichten = tmp / "berichten"
    berichten.mkdir()
    redis_ = Redis(vrije_poort(), tmp)
    werker = Werker(werker_env(_database(), redis_.url, berichten, opzet.achterstallig_na), opzet.werkers, tmp)
    afzender = None
    meting: dict = {}
    try:
        redis_.start()
        ids, ongeldig = rijen.maak_outbox(opzet.aantal)
        meting["aanmaken_s"] = time.monotonic() - start
        werker.start()
        afzender = Afzender(redis_.url)
        t0 = time.monotonic()
        meting["dubbel_in_wachtrij"] = zet_in_wachtrij(afzender, ids, rng, opzet.dubbel)
        meting["wachtrij_s"] = time.monotonic() - t0
        verloop = wacht_tot_verzonden(opzet, ids, (werker, redis_), afzender, rng, start + opzet.deadline)
        meting["seconden"] = time.monotonic() - t0
        over = {k: v for k, v in rijen.stand(min(ids), max(ids)).items() if k != "verzonden"}
    finally:
        werker.stop()
        if afzender:
            afzender.sluit()
        redis_.kill()
    cijfers, afwijkingen = rijen.controleer(berichten / "uit", min(ids), max(ids), opzet.aantal)
    if over:
        afwijkingen.insert(0, f"deadline van {opzet.deadline:.0f} s verstreken; niet verzonden: {over}")
    if verloop.onverwacht_gestopt:
        logs = "\n---\n".join(verloop.onverwacht_log)
        afwijkingen.append(f"de werker stopte {verloop.onverwacht_gestopt}x uit zichzelf; log:\n{logs}")
    if ongeldig:
        afwijkingen.append(f"{ongeldig} berichten ongeldig volgens de eigen validatie")
    return _rapport(opzet, meting, verloop, werker.starts, cijfers, afwijkingen)


def _rapport(opzet: Opzet, meting: dict, verloop: Verloop, starts: int, cijfers: dict, afwijkingen: list) -> dict:
    return {
        "aantal": opzet.aantal,
        "seed": opzet.seed,
        "werkers": opzet.werkers,
        "dubbel_in_wachtrij": meting["dubbel_in_wachtrij"],
        "kills": verloop.kills_werker + verloop.kills_pool,
        "kills_werker": verloop.kills_werker,
        "kills_pool": verloop.kills_pool,
        "redis_herstarts": verloop.redis_herstarts,
        "onverwacht_gestopt": verloop.onverwacht_gestopt,
        "herstart_na_brokerverlies": verloop.herstart_na_brokerverlies,
        "werker_starts": starts,
        "vegen": verloop.vegen,
        "achterstallig_na_s": opzet.achterstallig_na,
        "veeg_interval_s": opzet.veeg_interval,
        "aanmaken_s": round(meting["aanmaken_s"], 1),
        "wachtrij_s": round(meting["wachtrij_s"], 1),
        "seconden": round(meting["seconden"], 1),
        "berichten_per_seconde": round(opzet.aantal / meting["seconden"], 1),
        **cijfers,
        "momenten": verloop.momenten,
        "afwijkingen": afwijkingen,
    }


# ---------------------------------------------------------------- command line


def _positief(tekst: str) -> int:
    waarde = int(tekst)
    if waarde < 1:
        raise argparse.ArgumentTypeError("minstens 1")
    return waarde


def _samenvatting(u: dict) -> str:
    regels = [
        f"{u['aantal']} berichten (seed {u['seed']}, {u['dubbel_in_wachtrij']} dubbel in de wachtrij): "
        f"{seconden(u['seconden'])} s, {seconden(u['berichten_per_seconde'])} berichten/s",
        f"kills: {u['kills_werker']} werker, {u['kills_pool']} poolproces; Redis {u['redis_herstarts']}x herstart "
        f"(werker daarna {u['herstart_na_brokerverlies']}x door de supervisor herstart); "
        f"{u['vegen']} veegbeurten; pogingen {u['pogingen']} (hoogst {u['pogingen_hoogst']})",
        f"bestanden {u['bestanden']} = rijen {u['rijen']} = identificaties {u['identificaties']}; "
        f"verschillende inhoud {u['unieke_inhoud']}; tijdelijke bestanden {u['tijdelijke_bestanden']}",
    ]
    regels += [f"AFWIJKING: {a}" for a in u["afwijkingen"]] or ["geen afwijkingen"]
    return "\n".join(regels)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.berichten_storing",
        description="Storingstest van de berichten-outbox: werker en Redis hard gestopt, geen bericht kwijt of dubbel.",
    )
    parser.add_argument("--aantal", type=_positief, default=10_000, help="aantal berichten (standaard 10000)")
    parser.add_argument("--seed", type=int, default=1, help="zaad voor de storingen en de volgorde")
    parser.add_argument("--deadline", type=float, default=1800.0, help="harde grens in seconden (standaard 1800)")
    parser.add_argument("--kills", type=int, help="aantal kills (standaard max(4, aantal/1000))")
    parser.add_argument("--database", default=STANDAARD_DATABASE, help="wegwerpdatabase (toegang_bench*)")
    parser.add_argument("--json", action="store_true", help="druk alleen de cijfers af, als JSON")
    args = parser.parse_args(argv)
    try:
        create_database(args.database, drop=True)
        migrate(args.database)
    except BenchFout as fout:
        print(f"FOUT: {fout}", file=sys.stderr)
        return 2
    try:
        os.environ["DJANGO_SETTINGS_MODULE"] = "toegang.settings.test"
        os.environ["POSTGRES_DB"] = args.database
        django.setup()
        uitkomst = draai(Opzet(args.aantal, seed=args.seed, deadline=args.deadline, kills=args.kills))
        connections.close_all()
    finally:
        drop_database(args.database)
    print(json.dumps(uitkomst, indent=2) if args.json else _samenvatting(uitkomst))
    return 1 if uitkomst["afwijkingen"] else 0


if __name__ == "__main__":
    sys.exit(main())
