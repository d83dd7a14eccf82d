"""Production security settings, proven: TOTP for every role, lockout after 5 failures for 15
minutes, session expiry after 15 minutes idle (frozen time where needed)."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp

from accounts.factories import WACHTWOORD, totp_apparaat
from accounts.models import Rol
from audit.models import Actie, AuditEvent
from organisaties.factories import AanbiederFactory
from tests.conftest import ingelogde_client, maak_gebruiker

pytestmark = pytest.mark.django_db


def _code(apparaat):
    return f"{totp(apparaat.bin_key, step=apparaat.step, t0=apparaat.t0, digits=apparaat.digits):06d}"


@pytest.mark.parametrize("rol", list(Rol))
def test_every_role_must_complete_totp(rol, venlo):
    extra = {"aanbieder": AanbiederFactory()} if rol == Rol.AANBIEDER else {}
    gebruiker = maak_gebruiker(rol, [] if rol == Rol.AANBIEDER else [venlo], **extra)
    apparaat = totp_apparaat(gebruiker)
    client = Client()
    response = client.post("/inloggen/", {"username": gebruiker.username, "password": WACHTWOORD})
    assert response.status_code == 302
    # Browser: every page sends the user to the code step until it is done.
    assert client.get("/start/")["Location"] == "/inloggen/code/"
    # API: 403 with a reason.
    api = client.get("/api/v1/producten")
    assert api.status_code == 403
    assert "Tweestapsverificatie" in api.json()["detail"]
    response = client.post("/inloggen/code/", {"code": _code(apparaat)})
    assert response.status_code == 302
    assert client.get("/start/").status_code == 200
    assert client.get("/api/v1/producten").status_code == 200


def test_wrong_code_keeps_the_user_out(venlo):
    gebruiker = maak_gebruiker(Rol.BACKOFFICE, [venlo])
    totp_apparaat(gebruiker)
    client = Client()
    client.post("/inloggen/", {"username": gebruiker.username, "password": WACHTWOORD})
    response = client.post("/inloggen/code/", {"code": "000000"})
    assert response.status_code == 400
    assert "onjuist of verlopen" in response.content.decode()
    assert client.get("/start/").status_code == 302
    assert AuditEvent.objects.filter(actie=Actie.TWEEFACTOR, omschrijving="Code geweigerd").exists()


def test_lockout_after_five_failures_for_fifteen_minutes(venlo):
    gebruiker = maak_gebruiker(Rol.CONSULENT, [venlo])
    start = timezone.now()
    with time_machine.travel(start, tick=False) as reis:
        client = Client()
        for _ in range(5):
            response = client.post("/inloggen/", {"username": gebruiker.username, "password": "fout-wachtwoord"})
        # The sixth attempt, even with the right password, is refused.
        response = client.post("/inloggen/", {"username": gebruiker.username, "password": WACHTWOORD})
        assert response.status_code == 429
        assert "15 minuten geblokkeerd" in response.content.decode()
        reis.shift(datetime.timedelta(minutes=14))
        response = Client().post("/inloggen/", {"username": gebruiker.username, "password": WACHTWOORD})
        assert response.status_code == 429
        reis.shift(datetime.timedelta(minutes=2))
        response = Client().post("/inloggen/", {"username": gebruiker.username, "password": WACHTWOORD})
        assert response.status_code == 302
    assert AuditEvent.objects.filter(actie=Actie.INLOGGEN_MISLUKT).count() >= 5


def test_four_failures_do_not_lock(venlo):
    gebruiker = maak_gebruiker(Rol.CONSULENT, [venlo])
    client = Client()
    for _ in range(4):
        client.post("/inloggen/", {"username": gebruiker.username, "password": "fout"})
    response = client.post("/inloggen/", {"username": gebruiker.username, "password": WACHTWOORD})
    assert response.status_code == 302


def test_session_expires_after_fifteen_minutes_idle(venlo):
    gebruiker = maak_gebruiker(Rol.CONSULENT, [venlo])
    start = timezone.now()
    with time_machine.travel(start, tick=False) as reis:
        client = ingelogde_client(gebruiker)
        assert client.get("/start/").status_code == 200
        reis.shift(datetime.timedelta(minutes=14))
        assert client.get("/start/").status_code == 200  # activity renews the session
        reis.shift(datetime.timedelta(minutes=14))
        assert client.get("/start/").status_code == 200
        reis.shift(datetime.timedelta(minutes=16))
        response = client.get("/start/")
        assert response.status_code == 302
        assert response["Location"].startswith("/inloggen/")


def _sessie_schrijft(client) -> bool:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get("/start/").status_code == 200
    return any(q["sql"].startswith('UPDATE "django_session"') for q in queries.captured_queries)


def test_a_page_read_moves_the_idle_timeout_on_at_most_once_a_minute(venlo):
    """toegang.sessie: no session write per page, yet continuous work never runs into the 15 minutes."""
    gebruiker = maak_gebruiker(Rol.CONSULENT, [venlo])
    start = timezone.now()
    with time_machine.travel(start, tick=False) as reis:
        client = ingelogde_client(gebruiker)
        assert not _sessie_schrijft(client)  # the login started the minute
        reis.shift(datetime.timedelta(seconds=30))
        assert not _sessie_schrijft(client)
        reis.shift(datetime.timedelta(seconds=31))
        assert _sessie_schrijft(client)
        for _ in range(20):  # twenty minutes of a page every 50 seconds: still logged in
            reis.shift(datetime.timedelta(seconds=50))
            assert client.get("/start/").status_code == 200
        reis.shift(datetime.timedelta(minutes=15, seconds=1))
        assert client.get("/start/").status_code == 302


def test_demo_settings_may_switch_2fa_off_and_say_so(client, settings):
    settings.TOEGANG_2FA_VERPLICHT = False
    response = client.get("/inloggen/")
    assert "tweestapsverificatie staat uit" in response.content.decode()
