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
import contextlib
import hashlib
import json
import os
import random
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
STANDAARD_DATABASE = "toegang_bench_storing"
VERSTUUR = "berichten.tasks.verstuur_bericht"
VEEG = "berichten.tasks.verstuur_achterstallige"
WACHTRIJ = "celery"  # the default queue, a Redis list
MAX_ONVERWACHT = 5  # a worker that stops by itself this often cannot start at all
# Kombu's Redis transport (5.7 with redis-py 8) can crash the worker when the broker goes away: closing the
# channel restores the unacked messages through a client that has lost its connection details
# ("Unrecoverable error: AttributeError ... 'hostname'", the class of
# https://github.com/celery/kombu/issues/582 and https://github.com/celery/kombu/issues/970). The worker
# exits and the supervisor starts it again (docker-compose: restart: unless-stopped) — part of the
# scenario "Redis restarted" that the outbox must survive, so reported as a figure, not as a fault.
BROKERVERLIES = ("Connection to broker lost", "Unrecoverable error", "has no attribute 'hostname'")
WACHTRIJ_LEEG = 20  # a sweep only when no more than this waits (see the module docstring, step 5)
POOL_INWONERS = 40
POOL_AANBIEDERS = 5
BSN_REEKS = "99980"  # in the bench generator's 99 range, unused by it for these sizes; never 9999 (demo, tests)
AGB_REEKS = "9790"  # the factories use 98……


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


class StoringFout(Exception):
    """The run could not be set up (no redis-server, Redis does not come up)."""


# ---------------------------------------------------------------- processes


def vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wacht_op_redis(poort: int, tot: float) -> None:
    import redis

    client = redis.Redis(host="127.0.0.1", port=poort, socket_connect_timeout=0.5)
    try:
        while time.monotonic() < tot:
            with contextlib.suppress(redis.RedisError):
                if client.ping():
                    return
            time.sleep(0.05)
    finally:
        client.close()
    raise StoringFout(f"redis-server op poort {poort} start niet")


class Redis:
    """Our own redis-server: no persistence, so killing it loses whatever was queued."""

    def __init__(self, poort: int, map_: Path):
        self.poort, self.map = poort, map_
        self.proces: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.poort}/0"

    def start(self) -> None:
        argumenten = ["--port", str(self.poort), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        argumenten += ["--dir", str(self.map), "--logfile", str(self.map / "redis.log")]
        self.proces = subprocess.Popen(  # noqa: S603 (our own arguments)
            ["redis-server", *argumenten], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        _wacht_op_redis(self.poort, time.monotonic() + 10)

    def kill(self) -> None:
        if self.proces and self.proces.poll() is None:
            os.kill(self.proces.pid, signal.SIGKILL)
            self.proces.wait()


def werker_env(database: dict, broker: str, berichten: Path, achterstallig_na: int) -> dict[str, str]:
    """The production settings, pointed at the run's database, broker and folder."""
    eigen = ("DJANGO_", "POSTGRES_", "CELERY_", "REDIS_", "TOEGANG_")
    env = {k: v for k, v in os.environ.items() if not k.startswith(eigen)}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "toegang.settings.production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(40),
            "DJANGO_ALLOWED_HOSTS": "localhost",
            "POSTGRES_DB": database["NAME"],
            "POSTGRES_USER": database["USER"],
            "POSTGRES_PASSWORD": database["PASSWORD"],
            "POSTGRES_HOST": database["HOST"] or "127.0.0.1",
            "POSTGRES_PORT": str(database["PORT"] or "5432"),
            "REDIS_URL": broker,
            "TOEGANG_BERICHTEN_TRANSPORT": "map",
            "TOEGANG_BERICHTEN_MAP": str(berichten),
            "TOEGANG_BERICHTEN_ACHTERSTALLIG_NA": str(achterstallig_na),
            # a killed attempt is taken over after achterstallig_na + this: keep the run short
            "TOEGANG_BERICHTEN_BACKOFF_MAX": "2",
        }
    )
    return env


class Werker:
    """`celery -A toegang worker` in a session of its own, so one SIGKILL to the group takes the main
    process and its pool at once, and nothing of it outlives the run."""

    def __init__(self, env: dict[str, str], concurrency: int, logmap: Path):
        self.env, self.concurrency, self.logmap = env, concurrency, logmap
        self.proces: subprocess.Popen | None = None
        self.starts = 0

    def start(self) -> None:
        self.starts += 1
        opdracht = [sys.executable, "-m", "celery", "-A", "toegang", "worker", "--pool", "prefork"]
        opdracht += ["--concurrency", str(self.concurrency), "--loglevel", "WARNING", "--hostname", "storing@%h"]
        # No mingle, gossip or heartbeat: one worker, and mingle would wait a second for peers at each start.
        opdracht += ["--without-mingle", "--without-gossip", "--without-heartbeat"]
        with open(self.logmap / f"werker-{self.starts}.log", "wb") as log:
            self.proces = subprocess.Popen(  # noqa: S603 (our own arguments)
                opdracht, cwd=PROJECT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )

    def staart(self, tekens: int = 2000) -> str:
        """The end of the current start's log, for a report."""
        try:
            return (self.logmap / f"werker-{self.starts}.log").read_text(errors="replace")[-tekens:]
        except OSError:
            return ""

    def leeft(self) -> bool:
        return self.proces is not None and self.proces.poll() is None

    def stopte_na_brokerverlies(self) -> bool:
        """Whether the current start ended on the broker's loss (see BROKERVERLIES)."""
        log = self.staart(tekens=1_000_000)
        return all(teken in log for teken in BROKERVERLIES)

    def kill(self) -> None:
        """SIGKILL to the process group: main process and pool die at the same moment."""
        if self.proces is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proces.pid, signal.SIGKILL)
        self.proces.wait()

    def kill_pool_proces(self, rng: random.Random) -> bool:
        """SIGKILL to one pool process by its pid; the main process forks a new one. False: no pool yet."""
        kinderen = self._kinderen()
        if not kinderen:
            return False
        with contextlib.suppress(ProcessLookupError):
            os.kill(rng.choice(kinderen), signal.SIGKILL)
        return True

    def _kinderen(self) -> list[int]:
        if not self.leeft():
            return []
        try:
            tekst = Path(f"/proc/{self.proces.pid}/task/{self.proces.pid}/children").read_text()
        except OSError:
            return []
        return [int(pid) for pid in tekst.split()]

    def stop(self) -> None:
        """Warm shutdown first (running tasks finish), then SIGKILL for what is left."""
        if not self.leeft():
            return
        self.proces.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proces.wait(timeout=15)
        self.kill()


class Afzender:
    """Sends task messages to our Redis as any producer does; a Celery app of its own (never the
    current app, so the caller's `delay` keeps its own settings, eager under the test settings)."""

    def __init__(self, broker: str):
        from celery import Celery

        self.broker = broker
        self.app = Celery("berichten_storing", broker=broker, set_as_current=False)
        self.app.conf.broker_connection_retry_on_startup = True

    def stuur(self, taak: str, args: list | None = None, pogingen: int = 40) -> None:
        """While Redis restarts a send fails; try again for up to ten seconds."""
        for poging in range(pogingen):
            try:
                self.app.send_task(taak, args=args or [], retry=True)
                return
            except Exception:
                if poging == pogingen - 1:
                    raise
                time.sleep(0.25)

    def wachtend(self) -> int:
        """Messages in the queue (not those a worker holds); a large number when Redis does not answer."""
        import redis

        try:
            with redis.Redis.from_url(self.broker, socket_timeout=2) as client:
                return client.llen(WACHTRIJ)
        except redis.RedisError:
            return sys.maxsize

    def sluit(self) -> None:
        self.app.close()


# ---------------------------------------------------------------- the outbox rows


def _vrije_bsns(aantal: int) -> list[str]:
    """Valid BSNs of a range of our own (not the 9999 of demo and factories) that the database does not
    hold yet: a second run on the same database makes new inwoners beside the old ones."""
    from inwoners.bsn import geldige_bsns
    from inwoners.models import Inwoner

    bezet = set(Inwoner.objects.filter(bsn__startswith=BSN_REEKS).values_list("bsn", flat=True))
    return list(islice((b for b in geldige_bsns(BSN_REEKS) if b not in bezet), aantal))


def _vrije_agb_codes(aantal: int) -> list[str]:
    from organisaties.models import Aanbieder

    bezet = set(Aanbieder.objects.filter(agb_code__startswith=AGB_REEKS).values_list("agb_code", flat=True))
    return list(islice((c for n in range(10_000) if (c := f"{AGB_REEKS}{n:04d}") not in bezet), aantal))


def _pool():
    """A few inwoners (BRP address in Venlo) and aanbieders the messages are spread over."""
    from django.db.models import prefetch_related_objects

    from inwoners.factories import inwoner_in
    from organisaties.factories import AanbiederFactory, gemeente

    venlo = gemeente("0983")
    inwoners = [inwoner_in(venlo, bsn=bsn) for bsn in _vrije_bsns(POOL_INWONERS)]
    prefetch_related_objects(inwoners, "adressen", "relaties")  # client_301 reads them for every message
    aanbieders = [AanbiederFactory(agb_code=agb) for agb in _vrije_agb_codes(POOL_AANBIEDERS)]
    return venlo, inwoners, aanbieders


def _reserveer_identificaties(soort: str, afzender: str, aantal: int) -> int:
    """A block of BerichtIdentificaties from the same reeks plaats_301 uses; returns the first."""
    from django.db import transaction

    from berichten.models import Identificatiereeks

    with transaction.atomic():
        reeks, _ = Identificatiereeks.objects.select_for_update().get_or_create(soort=soort, afzender=afzender)
        eerste = reeks.laatste + 1
        reeks.laatste += aantal
        reeks.save(update_fields=["laatste"])
    return eerste


def _toewijzing(nummer: int, inwoner, aanbieder, product, gemeente):
    """An unsaved toewijzing: only what the 301's ToegewezenProduct reads (istandaard.opbouw._product)."""
    from datetime import timedelta

    from django.utils import timezone

    from verwijzing.models import Toewijzing

    vandaag = timezone.localdate()
    return Toewijzing(
        nummer=nummer,
        gemeente=gemeente,
        domein="wmo",
        inwoner=inwoner,
        aanbieder=aanbieder,
        product=product,
        volume=1,
        eenheid=product.eenheid,
        frequentie="6",
        ingangsdatum=vandaag,
        einddatum=vandaag + timedelta(days=180),
        toewijzingsmoment=timezone.now(),
        laatste_wijziging="nieuw",
    )


def maak_outbox(aantal: int) -> tuple[list[int], int]:
    """N WMO301 rows in status klaar, as plaats_301 leaves them; returns their pks and the number that
    failed the app's own validation (expected 0)."""
    from django.db import transaction
    from django.utils import timezone

    from bench.berichten_doorvoer import PRODUCTEN
    from berichten.models import Bericht, BerichtStatus, Richting
    from istandaard.opbouw import client_301, header
    from istandaard.validatie import valideer
    from istandaard.xml import naar_xml
    from producten.models import Product

    venlo, inwoners, aanbieders = _pool()
    producten = list(Product.objects.filter(code__in=PRODUCTEN["wmo"]))
    eerste = _reserveer_identificaties("WMO301", venlo.cbs_code, aantal)
    vandaag, rijen, ongeldig = timezone.localdate(), [], 0
    for n in range(aantal):
        inwoner, aanbieder = inwoners[n % len(inwoners)], aanbieders[n % len(aanbieders)]
        t = _toewijzing(n + 1, inwoner, aanbieder, producten[n % len(producten)], venlo)
        identificatie = f"{eerste + n:012d}"
        kop = header(
            "wmo",
            "301",
            afzender=venlo.cbs_code,
            ontvanger=aanbieder.agb_code,
            identificatie=identificatie,
            dagtekening=vandaag,
        )
        xml = naar_xml("wmo", "301", {"Header": kop, "Client": client_301(inwoner, [t], {}, "wmo")})
        ongeldig += not valideer(xml).geldig
        rijen.append(
            Bericht(
                richting=Richting.UIT,
                soort="WMO301",
                domein="wmo",
                gemeente=venlo,
                aanbieder=aanbieder,
                inwoner=inwoner,
                afzender=venlo.cbs_code,
                identificatie=identificatie,
                dagtekening=vandaag,
                xml=xml,
                status=BerichtStatus.KLAAR,
            )
        )
    with transaction.atomic():
        gemaakt = Bericht.objects.bulk_create(rijen, batch_size=500)
    return [b.pk for b in gemaakt], ongeldig


# ---------------------------------------------------------------- the run


def plan(rng: random.Random, aantal: int, kills: int) -> list[Gebeurtenis]:
    """The faults, at seeded random points in the progress: mostly the whole worker, sometimes one
    pool process, and once Redis somewhere in the middle."""
    gebeurtenissen = [
        Gebeurtenis(int(aantal * rng.uniform(0.03, 0.9)), rng.choice(("werker", "werker", "pool")))
        for _ in range(kills)
    ]
    gebeurtenissen.append(Gebeurtenis(int(aantal * rng.uniform(0.3, 0.7)), "redis"))
    return sorted(gebeurtenissen)


def verzonden(eerste: int, laatste: int) -> int:
    from berichten.models import Bericht, BerichtStatus

    return Bericht.objects.filter(pk__range=(eerste, laatste), status=BerichtStatus.VERZONDEN).count()


def stand(eerste: int, laatste: int) -> dict[str, int]:
    from django.db.models import Count

    from berichten.models import Bericht

    rijen = Bericht.objects.filter(pk__range=(eerste, laatste)).values("status").annotate(n=Count("pk"))
    return {r["status"]: r["n"] for r in rijen}


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


def controleer(uit: Path, eerste: int, laatste: int, aantal: int) -> tuple[dict, list[str]]:
    """Files == rows == distinct identificaties, each file its row's bytes, no two files alike."""
    from django.db.models import Max, Sum

    from berichten.models import Bericht

    rijen = Bericht.objects.filter(pk__range=(eerste, laatste))
    verwacht = {
        f"{s}-{a}-{i}.xml": bytes(x) for s, a, i, x in rijen.values_list("soort", "afzender", "identificatie", "xml")
    }
    identificaties = rijen.values_list("soort", "afzender", "identificatie").distinct().count()
    namen = sorted(os.listdir(uit)) if uit.is_dir() else []
    bestanden = [n for n in namen if n.endswith(".xml") and not n.startswith(".")]
    tijdelijk = [n for n in namen if n.endswith(".tmp")]
    overig = sorted(set(namen) - set(bestanden) - set(tijdelijk))
    inhoud = {n: (uit / n).read_bytes() for n in bestanden}
    hashes = {hashlib.sha256(b).hexdigest() for b in inhoud.values()}
    pogingen = rijen.aggregate(som=Sum("pogingen"), hoogst=Max("pogingen"))
    cijfers = {
        "rijen": len(verwacht),
        "identificaties": identificaties,
        "bestanden": len(bestanden),
        "unieke_inhoud": len(hashes),
        "tijdelijke_bestanden": len(tijdelijk),
        "pogingen": pogingen["som"] or 0,
        "pogingen_hoogst": pogingen["hoogst"] or 0,
    }
    afwijkingen = []
    if not aantal == len(verwacht) == identificaties == len(bestanden) == len(hashes):
        afwijkingen.append(
            f"aantallen ongelijk: {aantal} gemaakt, {len(verwacht)} rijen, {identificaties} identificaties, "
            f"{len(bestanden)} bestanden, {len(hashes)} verschillende inhouden"
        )
    if ontbreekt := sorted(set(verwacht) - set(inhoud)):
        afwijkingen.append(f"{len(ontbreekt)} berichten zonder bestand, o.a. {ontbreekt[:3]}")
    if vreemd := sorted(set(inhoud) - set(verwacht)):
        afwijkingen.append(f"{len(vreemd)} bestanden zonder bericht, o.a. {vreemd[:3]}")
    if anders := sorted(n for n in inhoud.keys() & verwacht.keys() if inhoud[n] != verwacht[n]):
        afwijkingen.append(f"{len(anders)} bestanden wijken af van de XML van hun bericht, o.a. {anders[:3]}")
    if overig:
        afwijkingen.append(f"onverwachte bestanden in uit/: {overig[:5]}")
    return cijfers, afwijkingen


def _database() -> dict:
    from django.db import connection

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


def _draai_in(opzet: Opzet, tmp: Path) -> dict:
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
        ids, ongeldig = maak_outbox(opzet.aantal)
        meting["aanmaken_s"] = time.monotonic() - start
        werker.start()
        afzender = Afzender(redis_.url)
        t0 = time.monotonic()
        meting["dubbel_in_wachtrij"] = zet_in_wachtrij(afzender, ids, rng, opzet.dubbel)
        meting["wachtrij_s"] = time.monotonic() - t0
        verloop = wacht_tot_verzonden(opzet, ids, (werker, redis_), afzender, rng, start + opzet.deadline)
        meting["seconden"] = time.monotonic() - t0
        over = {k: v for k, v in stand(min(ids), max(ids)).items() if k != "verzonden"}
    finally:
        werker.stop()
        if afzender:
            afzender.sluit()
        redis_.kill()
    cijfers, afwijkingen = controleer(berichten / "uit", min(ids), max(ids), opzet.aantal)
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
    from .generator import seconden

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
    from .generator import BenchFout, create_database, drop_database, migrate

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
        import django

        django.setup()
        uitkomst = draai(Opzet(args.aantal, seed=args.seed, deadline=args.deadline, kills=args.kills))
        from django.db import connections

        connections.close_all()
    finally:
        drop_database(args.database)
    print(json.dumps(uitkomst, indent=2) if args.json else _samenvatting(uitkomst))
    return 1 if uitkomst["afwijkingen"] else 0


if __name__ == "__main__":
    sys.exit(main())
