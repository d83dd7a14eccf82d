"""Enrolment that a stolen password cannot do: an authenticator app is linked only after the activation link
that beheer sends out of band (by e-mail), for a short while, and again only after a reset by beheer."""

import re

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.factories import WACHTWOORD, totp_apparaat
from accounts.models import Rol
from audit.models import Actie, AuditEvent
from tests.conftest import ingelogde_client, maak_gebruiker

pytestmark = pytest.mark.django_db
NIEUW = "Een-lang-nieuw-wachtwoord-2026"


def _code(apparaat):
    return f"{totp(apparaat.bin_key, step=apparaat.step, t0=apparaat.t0, digits=apparaat.digits):06d}"


def _beheerder(venlo):
    beheerder = maak_gebruiker(Rol.BEHEER, [venlo], is_staff=True, username="beheer.venlo")
    beheerder.groups.add(Group.objects.get(name="Functioneel beheer"))
    return ingelogde_client(beheerder)


def _link_sturen(venlo, account, actie, capture):
    with capture(execute=True):
        antwoord = _beheerder(venlo).post(
            "/beheer/accounts/gebruiker/", {"action": actie, "_selected_action": [account.pk], "index": 0}
        )
    assert antwoord.status_code == 302
    return re.search(r"http://testserver(/inloggen/activeren/\?\S+)", mail.outbox[-1].body).group(1)


def _activeren(client, link):
    stap = client.get(link)
    assert stap.status_code == 302 and "t=" not in stap["Location"]
    return client.post(stap["Location"], {"new_password1": NIEUW, "new_password2": NIEUW})


def test_a_password_alone_cannot_link_an_app(venlo):
    """The probe: the password of an account without an authenticator app reached the enrolment page."""
    gebruiker = maak_gebruiker(Rol.BACKOFFICE, [venlo])
    client = Client()
    assert client.post("/inloggen/", {"username": gebruiker.username, "password": WACHTWOORD}).status_code == 302
    koppelen = client.get("/inloggen/app-koppelen/")
    assert koppelen.status_code == 403
    assert "activeringslink" in koppelen.content.decode()
    assert client.post("/inloggen/app-koppelen/", {"code": "123456"}).status_code == 403
    assert not TOTPDevice.objects.filter(user=gebruiker).exists()
    assert client.get("/api/v1/producten").status_code == 403
    assert client.get("/start/")["Location"] == "/inloggen/code/"
    assert AuditEvent.objects.filter(actie=Actie.GEWEIGERD, omschrijving__startswith="App koppelen").exists()


def test_the_activation_link_lets_the_new_account_link_its_app(venlo, django_capture_on_commit_callbacks):
    gebruiker = maak_gebruiker(Rol.CONSULENT, [venlo], email="nieuw@venlo.example")
    link = _link_sturen(venlo, gebruiker, "activeringslink_versturen", django_capture_on_commit_callbacks)
    client = Client()
    assert _activeren(client, link).status_code == 302
    # Logged in with the new password; the app may be linked now.
    assert client.get("/start/")["Location"] == "/inloggen/code/"
    assert client.get("/inloggen/code/")["Location"] == "/inloggen/app-koppelen/"
    assert client.get("/inloggen/app-koppelen/").status_code == 200
    apparaat = TOTPDevice.objects.get(user=gebruiker, confirmed=False)
    assert client.post("/inloggen/app-koppelen/", {"code": _code(apparaat)}).status_code == 302
    assert client.get("/start/").status_code == 200
    assert TOTPDevice.objects.get(user=gebruiker).confirmed
    # The link is spent.
    assert "al gebruikt of verlopen" in Client().get(link, follow=True).content.decode()


def test_the_right_to_link_lasts_fifteen_minutes(venlo, django_capture_on_commit_callbacks):
    gebruiker = maak_gebruiker(Rol.CONSULENT, [venlo], email="nieuw@venlo.example")
    link = _link_sturen(venlo, gebruiker, "activeringslink_versturen", django_capture_on_commit_callbacks)
    client = Client()
    _activeren(client, link)
    with time_machine.travel(timezone.now() + timezone.timedelta(minutes=16)):
        assert client.get("/inloggen/app-koppelen/").status_code in {302, 403}
        assert not TOTPDevice.objects.filter(user=gebruiker, confirmed=True).exists()


def test_an_account_with_an_app_cannot_link_another_without_a_reset(venlo, django_capture_on_commit_callbacks):
    gebruiker = maak_gebruiker(Rol.CONSULENT, [venlo], email="c@venlo.example")
    apparaat = totp_apparaat(gebruiker)
    client = Client()
    client.post("/inloggen/", {"username": gebruiker.username, "password": WACHTWOORD})
    assert client.get("/inloggen/app-koppelen/")["Location"] == "/inloggen/code/"
    # A new password through the link keeps the app: the code step follows, no new app.
    link = _link_sturen(venlo, gebruiker, "activeringslink_versturen", django_capture_on_commit_callbacks)
    nieuw = Client()
    _activeren(nieuw, link)
    assert nieuw.get("/inloggen/app-koppelen/")["Location"] == "/inloggen/code/"
    assert nieuw.post("/inloggen/code/", {"code": _code(apparaat)}).status_code == 302
    # Beheer's reset removes the app and sends a link: then a new app may be linked.
    gebruiker.refresh_from_db()
    link = _link_sturen(venlo, gebruiker, "app_opnieuw_laten_koppelen", django_capture_on_commit_callbacks)
    assert not TOTPDevice.objects.filter(user=gebruiker).exists()
    opnieuw = Client()
    _activeren(opnieuw, link)
    assert opnieuw.get("/inloggen/app-koppelen/").status_code == 200
    ontkoppeld = AuditEvent.objects.get(actie=Actie.VERWIJDEREN, object_id=str(gebruiker.pk))
    assert ontkoppeld.gebruikersnaam == "beheer.venlo" and "ontkoppeld" in ontkoppeld.omschrijving


def test_the_old_password_stops_and_a_login_does_not_spend_the_waiting_link(venlo, django_capture_on_commit_callbacks):
    """The walk: a login with the old password spent the link in the mailbox (Django's reset token hashes
    last_login), and the old password kept working after beheer's reset."""
    from django.utils import timezone

    gebruiker = maak_gebruiker(Rol.REGIE, [venlo], email="r@venlo.example")
    link = _link_sturen(venlo, gebruiker, "activeringslink_versturen", django_capture_on_commit_callbacks)
    assert Client().post("/inloggen/", {"username": gebruiker.username, "password": WACHTWOORD}).status_code == 200
    Gebruiker = type(gebruiker)
    Gebruiker.objects.filter(pk=gebruiker.pk).update(last_login=timezone.now())  # any login on the way
    assert _activeren(Client(), link).status_code == 302


def test_a_newer_link_voids_the_older(venlo, django_capture_on_commit_callbacks):
    gebruiker = maak_gebruiker(Rol.REGIE, [venlo], email="r@venlo.example")
    eerste = _link_sturen(venlo, gebruiker, "activeringslink_versturen", django_capture_on_commit_callbacks)
    tweede = _link_sturen(venlo, gebruiker, "activeringslink_versturen", django_capture_on_commit_callbacks)
    assert "al gebruikt of verlopen" in Client().get(eerste, follow=True).content.decode()
    assert _activeren(Client(), tweede).status_code == 302


def test_each_enrolment_shows_a_fresh_secret(venlo, django_capture_on_commit_callbacks):
    gebruiker = maak_gebruiker(Rol.REGIE, [venlo], email="r@venlo.example")
    link = _link_sturen(venlo, gebruiker, "activeringslink_versturen", django_capture_on_commit_callbacks)
    client = Client()
    _activeren(client, link)
    client.get("/inloggen/app-koppelen/")
    eerste = TOTPDevice.objects.get(user=gebruiker, confirmed=False).key
    link = _link_sturen(venlo, gebruiker, "activeringslink_versturen", django_capture_on_commit_callbacks)
    opnieuw = Client()
    _activeren(opnieuw, link)
    opnieuw.get("/inloggen/app-koppelen/")
    assert TOTPDevice.objects.get(user=gebruiker, confirmed=False).key != eerste


def test_the_first_applicatiebeheerder_gets_its_link_from_the_command_line(
    settings, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    settings.TOEGANG_BASIS_URL = "https://toegang.example"
    maak_gebruiker(Rol.APPLICATIEBEHEER, [], username="eerste", email="eerste@regio.example", domein_jeugd=False)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("activeringslink", "eerste")
    (bericht,) = mail.outbox
    assert bericht.to == ["eerste@regio.example"] and "https://toegang.example/inloggen/activeren/?u=" in bericht.body
    assert AuditEvent.objects.filter(omschrijving="Activeringslink verstuurd", gebruikersnaam="").exists()


def test_the_second_step_redirects_are_never_cached(venlo):
    """The walk: Back after linking the app replayed cached 302s between /inloggen/app-koppelen/ and
    /inloggen/code/ until the browser gave up (ERR_TOO_MANY_REDIRECTS)."""
    gebruiker = maak_gebruiker(Rol.REGIE, [venlo])
    client = Client()
    client.post("/inloggen/", {"username": gebruiker.username, "password": WACHTWOORD})
    for pad in ("/start/", "/inloggen/code/", "/inloggen/app-koppelen/"):
        assert "no-store" in client.get(pad).get("Cache-Control", ""), pad
