"""The processes of the outbox fault test (`bench.berichten_storing`): its own redis-server, the Celery
worker it kills, and the producer that queues the task messages."""

import contextlib
import os
import random
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import redis
from celery import Celery

PROJECT = Path(__file__).resolve().parent.parent
WACHTRIJ = "celery"  # the default queue, a Redis list
# Kombu's Redis transport (5.7 with redis-py 8) can crash the worker when the broker goes away: closing the
# channel restores the unacked messages through a client that has lost its connection details
# ("Unrecoverable error: AttributeError ... 'hostname'", the class of
# https://github.com/celery/kombu/issues/582 and https://github.com/celery/kombu/issues/970). The worker
# exits and the supervisor starts it again (docker-compose: restart: unless-stopped) — part of the
# scenario "Redis restarted" that the outbox must survive, so reported as a figure, not as a fault.
BROKERVERLIES = ("Connection to broker lost", "Unrecoverable error", "has no attribute 'hostname'")


class StoringFout(Exception):
    """The run could not be set up (no redis-server, Redis does not come up)."""


def vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wacht_op_redis(poort: int, tot: float) -> None:
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
        try:
            with redis.Redis.from_url(self.broker, socket_timeout=2) as client:
                return client.llen(WACHTRIJ)
        except redis.RedisError:
            return sys.maxsize

    def sluit(self) -> None:
        self.app.close()
