"""The berichten cockpit: backoffice only and per gemeente, every XML view audited, filters, the clock
with overdue on top, retourcodes explained, the 301 diff, resend and cancel with a reason, the upload
and the API (both within the user's gemeenten), and the folder pickup."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Rol
from audit.models import Actie, AuditEvent
from berichten.inkomend import berichten_ophalen
from berichten.models import Bericht
from organisaties.factories import gemeente
from tests.berichten.hulp import _start
from tests.conftest import ingelogde_client, maak_gebruiker
from verwijzing.models import Toewijzing

pytestmark = pytest.mark.django_db


@pytest.fixture
def kantoor():
    return ingelogde_client(maak_gebruiker(Rol.BACKOFFICE, [gemeente("0983")]))


def test_only_the_backoffice_of_the_gemeente_sees_messages(toegewezen, kantoor):
    bericht = Bericht.objects.get(soort="JW301")
    assert kantoor.get("/berichten/").status_code == 200
    consulent = ingelogde_client(maak_gebruiker(Rol.CONSULENT, [gemeente("0983")], domein_jeugd=True))
    assert consulent.get("/berichten/").status_code == 403
    beesel = ingelogde_client(maak_gebruiker(Rol.BACKOFFICE, [gemeente("0889")]))
    assert beesel.get(f"/berichten/{bericht.pk}/").status_code == 404
    voor = AuditEvent.objects.filter(actie=Actie.LEZEN, object_type="berichten.bericht").count()
    tekst = kantoor.get(f"/berichten/{bericht.pk}/").content.decode()
    assert "jw301:Bericht" in tekst
    assert AuditEvent.objects.filter(actie=Actie.LEZEN, object_type="berichten.bericht").count() == voor + 1


def test_overdue_302_on_top_and_filters(toegewezen, kantoor):
    bericht = Bericht.objects.get(soort="JW301")
    Bericht.objects.filter(pk=bericht.pk).update(verzonden_op=timezone.now() - timedelta(days=10))
    tekst = kantoor.get("/berichten/").content.decode()
    assert "302 verwacht (aanbieder)" in tekst and "te laat" in tekst
    assert "JW301" not in kantoor.get("/berichten/?soort=JW305").content.decode().split("<tbody")[1]
    assert "JW301" in kantoor.get(f"/berichten/?aanbieder={bericht.aanbieder.agb_code}").content.decode()


def test_retourcodes_are_explained_and_upload_is_scoped(toegewezen, kantoor):
    from django.core.files.uploadedfile import SimpleUploadedFile

    xml = _start(toegewezen, nummer=toegewezen.nummer + 5)
    r = kantoor.post("/berichten/upload/", {"bestand": SimpleUploadedFile("a.xml", xml)}, follow=True)
    assert "Afgekeurd" in r.content.decode()
    fout = Bericht.objects.get(soort="JW305")
    assert (
        "Het regie bericht kan niet gekoppeld worden aan een toewijzing."
        in kantoor.get(f"/berichten/{fout.pk}/").content.decode()
    )
    beesel = ingelogde_client(maak_gebruiker(Rol.BACKOFFICE, [gemeente("0889")]))
    r = beesel.post(
        "/berichten/upload/",
        {"bestand": SimpleUploadedFile("a.xml", _start(toegewezen, identificatie="Z9"))},
        follow=True,
    )
    assert "gemeente waarvoor u niet werkt" in r.content.decode()
    assert not Bericht.objects.filter(identificatie="Z9").exists()


def test_cancel_and_resend_need_a_reason_and_are_audited(toegewezen, kantoor, django_capture_on_commit_callbacks):
    bericht = Bericht.objects.get(soort="JW301")
    Bericht.objects.filter(pk=bericht.pk).update(status="klaar", verzonden_op=None)  # stuck, never sent
    assert (
        "Geef een reden"
        in kantoor.post(f"/berichten/{bericht.pk}/annuleer/", {"reden": ""}, follow=True).content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        kantoor.post(f"/berichten/{bericht.pk}/opnieuw/", {"reden": "Vastgelopen"})
    assert Bericht.objects.get(pk=bericht.pk).status == "verzonden"
    assert AuditEvent.objects.filter(actie=Actie.WIJZIGEN, reden="Vastgelopen").exists()
    r = kantoor.post(f"/berichten/{bericht.pk}/annuleer/", {"reden": "x"})
    assert r.status_code == 400 and 'role="alert"' in r.content.decode() and "kan niet meer" in r.content.decode()
    assert Bericht.objects.get(pk=bericht.pk).status == "verzonden"  # refused on the form, nothing changed


def test_the_api_takes_xml_within_scope(toegewezen):
    from rest_framework.test import APIClient

    from accounts.factories import totp_apparaat

    gebruiker = maak_gebruiker(Rol.BACKOFFICE, [gemeente("0983")])
    client = APIClient()
    client.force_login(gebruiker)
    sessie = client.session
    from django_otp import DEVICE_ID_SESSION_KEY

    sessie[DEVICE_ID_SESSION_KEY] = totp_apparaat(gebruiker).persistent_id
    sessie.save()
    r = client.post("/api/v1/berichten", _start(toegewezen, identificatie="API1"), content_type="application/xml")
    assert r.status_code == 202 and r.json()["status"] == "verwerkt"
    r = client.post("/api/v1/berichten", b"<kapot", content_type="application/xml")
    assert r.status_code == 400 and r.json()["status"] == "quarantaine"
    assert Toewijzing.objects.get().gestart_op is not None


def test_the_folder_in_is_picked_up_once(toegewezen, settings):
    from pathlib import Path

    map_in = Path(settings.TOEGANG_BERICHTEN_MAP) / "in"
    map_in.mkdir(parents=True)
    (map_in / "start.xml").write_bytes(_start(toegewezen, identificatie="M1"))
    (ontvangen,) = berichten_ophalen()
    assert ontvangen.status == "verwerkt" and not list(map_in.glob("*.xml"))
    assert berichten_ophalen() == []


def test_the_cockpit_button_picks_up_the_folder(toegewezen, kantoor, settings):
    from pathlib import Path

    map_in = Path(settings.TOEGANG_BERICHTEN_MAP) / "in"
    map_in.mkdir(parents=True)
    (map_in / "start.xml").write_bytes(_start(toegewezen, identificatie="K1"))
    r = kantoor.post("/berichten/ophalen/", follow=True)
    assert "1 bericht(en) uit de map opgehaald." in r.content.decode()
    assert Toewijzing.objects.get().gestart_op is not None


@pytest.mark.parametrize(
    ("richting", "soort", "status", "klok", "bron"),
    [
        ("uit", "JW301", "verzonden", (3, "aanbieder", "302 verwacht"), "iStandaarden iJw/iWmo 3.2 OP090: 302 ≤ 3 wd"),
        ("uit", "JW319", "verzonden", (3, "aanbieder", "320 verwacht"), "OP090"),
        ("in", "JW315", "ontvangen", (5, "gemeente", "301 of 319 sturen"), "OP274: answer ≤ 5 wd"),
        ("in", "WMO317", "ontvangen", (5, "gemeente", "301 of 319 sturen"), "OP344/OP346"),
        ("uit", "JW306", "klaar", (3, "gemeente", "retour versturen"), "OP090: our retour ≤ 3 wd"),
        ("uit", "WMO318", "afgekeurd", (3, "gemeente", "retour versturen"), "OP090"),
        ("uit", "JW316", "verzenden", (3, "gemeente", "retour versturen"), "OP090"),
        ("uit", "JW306", "verzonden", None, "sent: no clock runs"),
        ("in", "JW315", "verwerkt", None, "answered: the clock stopped"),
        ("in", "JW305", "verwerkt", None, "nothing owed on a 305 after its 306"),
    ],
)
def test_which_clock_runs_for_whom(richting, soort, status, klok, bron):
    from berichten.cockpit import KLOKKEN

    assert KLOKKEN.get((richting, soort.removeprefix("JW").removeprefix("WMO"), status)) == klok, bron


def test_an_unsent_retour_of_ours_shows_our_overdue_clock(toegewezen, kantoor):
    heen = Bericht.objects.get(soort="JW301")
    retour = Bericht.objects.create(
        richting="uit",
        soort="JW306",
        domein="jeugd",
        gemeente=heen.gemeente,
        aanbieder=heen.aanbieder,
        afzender="0983",
        identificatie="000000000099",
        dagtekening=timezone.localdate(),
        xml=b"<x/>",
        status="afgekeurd",
    )
    Bericht.objects.filter(pk=retour.pk).update(aangemaakt_op=timezone.now() - timedelta(days=10))
    tekst = kantoor.get("/berichten/").content.decode()
    assert "retour versturen (gemeente)" in tekst
    rijen = tekst.split("<tbody")[1].split("</tr>")
    assert "JW306" in rijen[0] or "JW306" in rijen[1]  # overdue ones on top
