"""Shared test set-up: real PostgreSQL (settings.test), Debian Chromium for browser tests."""

import os
import shutil

import pytest
from django.test import Client

from accounts.factories import GebruikerFactory, totp_apparaat
from accounts.models import Rol
from organisaties.factories import gemeente

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test body
# are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings, tmp_path_factory):
    """Under the demo settings (tests/test_flow_demo.py): the SQLite test database in a file, as the demo
    itself runs, not Django's default shared-cache in-memory database. In memory, the live server's
    threads and the test share one connection object (Django hands it to them), and Playwright's
    greenlet opens a second one on the same shared cache: two requests at once (an htmx check still in
    flight when a form is posted) interleave their transactions and savepoints on the one connection,
    and a read beside a write fails at once with "database table is locked" (shared-cache locks do not
    wait for the busy timeout). That made the demo flow fail about once in three full runs, more under
    load. With a file every thread has its own connection, writers wait up to the settings' timeout,
    and IMMEDIATE transactions take the write lock at BEGIN so no reader has to upgrade and deadlock."""
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.sqlite3":
        db.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.mktemp("sqlite") / "test.sqlite3")
        db.setdefault("OPTIONS", {})["transaction_mode"] = "IMMEDIATE"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Make the serialized test database (gemeenten and catalogue from the migrations) visible to
    every connection object. Playwright's sync API runs tests in a greenlet with its own context, and
    Django keeps connections per context: a connection made there lacks the serialized contents, so a
    live-server test's serialized rollback would silently restore nothing and the next test would
    find no gemeenten."""
    from django.db import connections
    from django.db.backends.base.base import BaseDatabaseWrapper

    inhoud = getattr(connections["default"], "_test_serialized_contents", None)
    if inhoud is not None:
        BaseDatabaseWrapper._test_serialized_contents = inhoud
    if connections["default"].vendor == "sqlite":
        # Under the demo settings (tests/test_flow_demo.py) Django flushes the throwaway test database
        # with DELETE, which the append-only trigger refuses; PostgreSQL flushes with TRUNCATE, which
        # it allows. The trigger itself is tested on a real demo database (tests/test_demo_smoke.py).
        with django_db_blocker.unblock(), connections["default"].cursor() as cursor:
            cursor.execute("DROP TRIGGER IF EXISTS audit_auditevent_no_delete")
            cursor.execute("DROP TRIGGER IF EXISTS audit_auditzegel_no_delete")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    chromium = os.environ.get("TOEGANG_CHROMIUM") or shutil.which("chromium")
    if not chromium:
        pytest.fail("Chromium ontbreekt: installeer het Debian-pakket chromium (./bin/test doet dat als root).")
    return {
        **browser_type_launch_args,
        "executable_path": chromium,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(autouse=True)
def _lege_cache():
    """Every test starts with an empty cache (sessions, accounts/cache.py): a test database is rolled back
    without the signals that would drop entries."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def venlo(db):
    return gemeente("0983")


@pytest.fixture
def beesel(db):
    return gemeente("0889")


def jaren_geleden(jaren: int, vanaf):
    """The same day `jaren` years before `vanaf`; 28 February for 29 February (date.replace(year=…) fails on
    that day once every four years)."""
    from dateutil.relativedelta import relativedelta

    return vanaf - relativedelta(years=jaren)


def maak_gebruiker(rol=Rol.CONSULENT, gemeenten=(), **kwargs):
    return GebruikerFactory(rol=rol, gemeenten=list(gemeenten), **kwargs)


@pytest.fixture
def consulent(venlo):
    return maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True, domein_wmo=True)


def ingelogde_client(gebruiker) -> Client:
    """A client whose session has passed both password and TOTP (as after a real login)."""
    client = Client()
    client.force_login(gebruiker)
    apparaat = (
        totp_apparaat(gebruiker)
        if not gebruiker.totpdevice_set.filter(confirmed=True).exists()
        else gebruiker.totpdevice_set.filter(confirmed=True).first()
    )
    session = client.session
    session["otp_device_id"] = apparaat.persistent_id
    session.save()
    return client


@pytest.fixture
def client_consulent(consulent):
    return ingelogde_client(consulent)
