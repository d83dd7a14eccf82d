"""Locust scenario: consulenten and backoffice at work on the werkvoorraad and the dossier page.

Run through `python -m bench.locust`: it gives the accounts a password, writes the account file,
starts gunicorn on the bench database and runs this file headless. By hand (e.g. with Locust's web UI):

    .venv/bin/python -m bench.locust --alleen-voorbereiden      # prints the account file's path
    DJANGO_SETTINGS_MODULE=bench.settings BENCH_DATABASE=toegang_bench \\
        .venv/bin/gunicorn toegang.wsgi:application --bind 127.0.0.1:8077 --workers 3 &
    BENCH_ACCOUNTS=<pad> .venv/bin/locust -f bench/locustfile.py -H http://127.0.0.1:8077

Every simulated user logs in as the next account of BENCH_ACCOUNTS (round robin), waits 1-2 s
between pages and does, by weight:
  4  the werkvoorraad, first page (/dossiers/);
  1  the next page: the "Volgende pagina" keyset link of the last list it saw, else the first page;
  3  a dossier from the last list it saw (/dossiers/<public_id>/);
  2  a dossier drawn from the account's own scope (any status: also beschikt dossiers with toewijzingen);
  1  the inwoner page of a client in scope (/inwoners/<public_id>/: his dossiers and toewijzingen);
  1  the dossier search for a surname of a client in scope (GET the form, POST the term).

BENCH_OPWARMEN seconds after the start the statistics are reset (warm-up), and a marker file is
written with the time; every request after that is recorded (name, milliseconds, success, time) to
BENCH_UITVOER, for exact percentiles. Page names carry the role (consulent or backoffice). Only HTML
is fetched: no static files (WhiteNoise would serve them).
"""

import itertools
import json
import os
import random
import re
import time

import gevent
from locust import HttpUser, between, events, task

LINK = re.compile(r'href="(/dossiers/[0-9a-f-]{36}/)"')
VOLGENDE = re.compile(r'href="(\?na=[^"]+)"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

_accounts: list[dict] = []
_volgnummer = itertools.count()
_metingen: list[tuple[str, float, bool, float]] = []
_meten = False


@events.init.add_listener
def _laad(environment, **_kwargs):
    pad = os.environ.get("BENCH_ACCOUNTS")
    if not pad:
        raise SystemExit("BENCH_ACCOUNTS ontbreekt: start de bench met python -m bench.locust")
    with open(pad, encoding="utf-8") as bestand:
        _accounts.extend(json.load(bestand))


@events.test_start.add_listener
def _start(environment, **_kwargs):
    def na_opwarmen():
        global _meten
        gevent.sleep(float(os.environ.get("BENCH_OPWARMEN", "60")))
        environment.runner.stats.reset_all()
        _metingen.clear()
        _meten = True
        marker = os.environ.get("BENCH_MARKER")
        if marker:
            with open(marker, "w", encoding="utf-8") as bestand:
                bestand.write(str(time.time()))

    gevent.spawn(na_opwarmen)


@events.request.add_listener
def _meet(request_type, name, response_time, exception, **_kwargs):
    if _meten:
        _metingen.append((name, response_time, exception is None, time.time()))


@events.quitting.add_listener
def _schrijf(environment, **_kwargs):
    uitvoer = os.environ.get("BENCH_UITVOER")
    if uitvoer:
        with open(uitvoer, "w", encoding="utf-8") as bestand:
            json.dump(_metingen, bestand)


class Medewerker(HttpUser):
    wait_time = between(1, 2)

    def on_start(self):
        self.account = _accounts[next(_volgnummer) % len(_accounts)]
        self.rijen: list[str] = []
        self.volgende: str | None = None
        pagina = self.client.get("/inloggen/", name="inloggen")
        token = CSRF.search(pagina.text)
        with self.client.post(
            "/inloggen/",
            data={
                "username": self.account["username"],
                "password": self.account["wachtwoord"],
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            headers={"Referer": f"{self.host}/inloggen/"},
            name="inloggen",
            catch_response=True,
        ) as antwoord:
            if "/inloggen/" in antwoord.url:
                antwoord.failure(f"inloggen mislukt voor {self.account['username']}")

    def _lijst(self, pad: str, naam: str) -> None:
        with self.client.get(pad, name=naam, catch_response=True) as antwoord:
            if antwoord.status_code != 200 or "/inloggen/" in antwoord.url:
                antwoord.failure(f"status {antwoord.status_code} op {antwoord.url}")
                return
            self.rijen = LINK.findall(antwoord.text)
            volgende = VOLGENDE.search(antwoord.text)
            self.volgende = volgende.group(1).replace("&amp;", "&") if volgende else None

    def _dossier(self, pad: str, naam: str) -> None:
        with self.client.get(pad, name=naam, catch_response=True) as antwoord:
            if antwoord.status_code != 200 or "/inloggen/" in antwoord.url:
                antwoord.failure(f"status {antwoord.status_code} op {antwoord.url}")

    def _naam(self, pagina: str) -> str:
        return f"{pagina} ({self.account['rol']})"

    @task(4)
    def werkvoorraad(self):
        self._lijst("/dossiers/", self._naam("werkvoorraad"))

    @task(1)
    def volgende_pagina(self):
        if self.volgende:
            self._lijst(f"/dossiers/{self.volgende}", self._naam("werkvoorraad volgende pagina"))
        else:
            self.werkvoorraad()

    @task(3)
    def dossier_uit_lijst(self):
        if self.rijen:
            self._dossier(random.choice(self.rijen), self._naam("dossier uit werkvoorraad"))
        else:
            self.werkvoorraad()

    @task(2)
    def dossier_in_scope(self):
        self._dossier(f"/dossiers/{random.choice(self.account['dossiers'])}/", self._naam("dossier in scope"))

    @task(1)
    def inwoner(self):
        self._dossier(f"/inwoners/{random.choice(self.account['inwoners'])}/", self._naam("inwoner"))

    @task(1)
    def dossiers_zoeken(self):
        # The search posts (a BSN never goes into a URL): the form first, for its CSRF token.
        formulier = self.client.get("/dossiers/zoeken/", name=self._naam("dossiers zoeken (formulier)"))
        token = CSRF.search(formulier.text)
        with self.client.post(
            "/dossiers/zoeken/",
            data={
                "q": random.choice(self.account["zoektermen"]),
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            headers={"Referer": f"{self.host}/dossiers/zoeken/"},
            name=self._naam("dossiers zoeken"),
            catch_response=True,
        ) as antwoord:
            if antwoord.status_code != 200 or "/inloggen/" in antwoord.url:
                antwoord.failure(f"status {antwoord.status_code} op {antwoord.url}")
