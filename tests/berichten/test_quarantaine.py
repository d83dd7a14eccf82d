"""One bad file never stops the intake. Every byte is read by one hardened parser; whatever
the parser or the validator makes of a file, it goes into quarantine with its reason, for the gemeente
it is addressed to, and the files after it are received: through the folder (`ophalen`, the beat task),
the upload screen and the API. Over 25 MB (OP179) nothing of the body is kept."""

import io
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from lxml import etree

from accounts.models import Rol
from audit.models import Actie, AuditEvent
from berichten.models import Bericht
from istandaard.xml import KOP_BYTES, MAX_BYTES, OnleesbaarBericht, lees
from organisaties.factories import gemeente
from tests.berichten.hulp import _gif, _start
from tests.conftest import ingelogde_client, maak_gebruiker
from verwijzing.models import Toewijzing

pytestmark = pytest.mark.django_db


def _map_in(settings) -> Path:
    map_in = Path(settings.TOEGANG_BERICHTEN_MAP) / "in"
    map_in.mkdir(parents=True, exist_ok=True)
    return map_in


def _api(gebruiker):
    from django_otp import DEVICE_ID_SESSION_KEY
    from rest_framework.test import APIClient

    from accounts.factories import totp_apparaat

    client = APIClient()
    client.force_login(gebruiker)
    sessie = client.session
    sessie[DEVICE_ID_SESSION_KEY] = totp_apparaat(gebruiker).persistent_id
    sessie.save()
    return client


def _xml_bytes_in_db(bericht) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT octet_length(xml) FROM berichten_bericht WHERE id = %s", [bericht.pk])
        return cursor.fetchone()[0]


# --- the parser ---------------------------------------------------------------------------------


def test_the_parser_refuses_a_doctype_wherever_it_stands():
    laat = b'<?xml version="1.0"?><!--' + b"x" * 4000 + b'--><!DOCTYPE a SYSTEM "a.dtd"><a>b</a>'
    for inhoud in (laat, b"<!DOCTYPE a><a/>", b'<!DOCTYPE a PUBLIC "-//x" "http://example.org/a.dtd"><a/>'):
        with pytest.raises(OnleesbaarBericht, match="DOCTYPE"):
            lees(inhoud)
    with pytest.raises(OnleesbaarBericht, match="entiteit"):
        lees(b"<a>&onbekend;</a>")


def test_a_validator_that_gives_up_is_a_reason_not_an_exception(toegewezen):
    """XSD validation of a tree holding an entity reference raises XMLSchemaValidateError in libxml2."""
    from istandaard.validatie import _uitslag

    los = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True)
    root = etree.fromstring(_gif(_start(toegewezen)), los)
    with pytest.raises(OnleesbaarBericht, match="schema kon het bericht niet controleren"):
        _uitslag(root, "jeugd", "305", {})


def test_every_xml_parse_in_the_project_uses_the_hardened_options():
    """Siblings: every lxml parser in the project is built with istandaard.xml's HARDENED options, every
    parse names such a parser (lxml's default one resolves entities), and no other XML library is used."""
    wortel = Path(__file__).resolve().parents[2]
    gevonden = []
    for pad in wortel.rglob("*.py"):
        deel = pad.relative_to(wortel).parts
        if deel[0] in {".venv", "node_modules", "tests"} or "site-packages" in deel:
            continue
        tekst = pad.read_text(encoding="utf-8")
        for m in re.finditer(r"etree\.(\w*Parser|iterparse|parse|XML|fromstring|fromstringlist)\((.*)", tekst):
            soort, rest = m.groups()
            if soort.endswith("Parser") and "**HARDENED" in rest:
                continue
            if soort in {"parse", "XML", "fromstring"} and re.search(r",\s*(PARSER|parser)\b", rest):
                continue
            gevonden.append(f"{'/'.join(deel)}: {m.group(0)}")
        andere = re.search(r"^\s*(from xml\.(dom|etree|sax|parsers)\b|import xml\.)|defusedxml|minidom", tekst, re.M)
        if andere and "from xml.sax.saxutils import quoteattr" not in tekst:  # quoting only, no parsing
            gevonden.append("/".join(deel))
    assert gevonden == []


# --- the folder ---------------------------------------------------------------------------------


def test_a_poison_file_sorted_first_does_not_stop_the_folder(toegewezen, settings):
    from berichten.tasks import berichten_ophalen

    map_in = _map_in(settings)
    (map_in / "a-gif.xml").write_bytes(_gif(_start(toegewezen, identificatie="G1")))
    (map_in / "b-start.xml").write_bytes(_start(toegewezen, identificatie="M1"))
    assert berichten_ophalen() == 2
    assert Toewijzing.objects.get().gestart_op is not None
    assert Bericht.objects.get(soort="JW305", identificatie="M1").status == "verwerkt"
    gif = Bericht.objects.get(status="quarantaine")
    assert any("DOCTYPE" in f["uitleg"] for f in gif.fouten), gif.fouten
    assert (gif.kanaal, gif.gemeente.cbs_code, gif.soort) == ("map", "0983", "JW305")
    assert list(map_in.glob("*.xml")) == []
    assert (map_in / "quarantaine" / f"{gif.pk}-a-gif.xml").exists()
    assert (map_in / "verwerkt" / "b-start.xml").exists()
    assert berichten_ophalen() == 0  # nothing left to stumble over every minute


def test_the_cockpit_button_gets_past_a_poison_file(toegewezen, settings):
    map_in = _map_in(settings)
    (map_in / "a-gif.xml").write_bytes(_gif(_start(toegewezen, identificatie="G2")))
    (map_in / "b-start.xml").write_bytes(_start(toegewezen, identificatie="K2"))
    kantoor = ingelogde_client(maak_gebruiker(Rol.BACKOFFICE, [gemeente("0983")]))
    r = kantoor.post("/berichten/ophalen/", follow=True)
    assert "2 bericht(en) uit de map opgehaald." in r.content.decode()
    assert Toewijzing.objects.get().gestart_op is not None


def test_a_file_over_25_mb_in_the_folder_is_refused_by_its_size(toegewezen, settings, monkeypatch):
    import berichten.inkomend

    gelezen = []
    echt = getattr(berichten.inkomend, "te_groot_weigeren", None)
    monkeypatch.setattr(
        berichten.inkomend,
        "te_groot_weigeren",
        lambda kop, **kw: gelezen.append(len(kop)) or echt(kop, **kw),
        raising=False,
    )
    map_in = _map_in(settings)
    groot = _start(toegewezen, identificatie="T1")
    groot = groot.replace(b"</jw305:Bericht>", b"<!--" + b"x" * (MAX_BYTES + 1 - len(groot)) + b"--></jw305:Bericht>")
    (map_in / "a-groot.xml").write_bytes(groot)
    (map_in / "b-start.xml").write_bytes(_start(toegewezen, identificatie="M3"))
    groot_bericht, start = berichten.inkomend.berichten_ophalen()
    assert start.status == "verwerkt" and groot_bericht.status == "quarantaine"
    assert _xml_bytes_in_db(groot_bericht) == 0
    assert groot_bericht.grootte == len(groot) and gelezen == [KOP_BYTES]  # only the head was read
    assert "25 MB" in groot_bericht.fouten[0]["uitleg"] and groot_bericht.fouten[0]["regel"] == "OP179"
    assert groot_bericht.gemeente.cbs_code == "0983"  # its header still says whose it is


def test_a_failure_outside_the_validator_leaves_the_file_and_the_next_still_goes(toegewezen, settings, monkeypatch):
    import berichten.inkomend

    echt = berichten.inkomend.bericht_ontvangen

    def bericht_ontvangen(inhoud, **kw):
        if b"STUK" in inhoud:
            raise RuntimeError("de database is weg")
        return echt(inhoud, **kw)

    monkeypatch.setattr(berichten.inkomend, "bericht_ontvangen", bericht_ontvangen)
    map_in = _map_in(settings)
    (map_in / "a-stuk.xml").write_bytes(_start(toegewezen, identificatie="STUK"))
    (map_in / "b-start.xml").write_bytes(_start(toegewezen, identificatie="M4"))
    (ontvangen,) = berichten.inkomend.berichten_ophalen()
    assert ontvangen.identificatie == "M4" and [p.name for p in map_in.glob("*.xml")] == ["a-stuk.xml"]


def test_a_validator_bug_quarantines_the_file(toegewezen, monkeypatch):
    import berichten.inkomend

    def kapot(inhoud):
        raise KeyError("Bsn")

    monkeypatch.setattr(berichten.inkomend, "valideer", kapot)
    bericht = berichten.inkomend.bericht_ontvangen(_start(toegewezen), kanaal="map")
    assert bericht.status == "quarantaine" and "KeyError" in bericht.fouten[0]["uitleg"]


# --- the upload screen --------------------------------------------------------------------------


def test_the_upload_screen_quarantines_a_poison_file_with_its_reason_and_takes_the_next(toegewezen):
    kantoor = ingelogde_client(maak_gebruiker(Rol.BACKOFFICE, [gemeente("0983")]))
    r = kantoor.post(
        "/berichten/upload/",
        {"bestand": SimpleUploadedFile("gif.xml", _gif(_start(toegewezen, identificatie="U1")))},
        follow=True,
    )
    tekst = r.content.decode()
    assert r.status_code == 200 and "staat in quarantaine" in tekst and "DOCTYPE" in tekst
    r = kantoor.post(
        "/berichten/upload/",
        {"bestand": SimpleUploadedFile("a.xml", _start(toegewezen, identificatie="U2"))},
        follow=True,
    )
    assert "Het bericht is ontvangen" in r.content.decode()
    assert Toewijzing.objects.get().gestart_op is not None


def test_the_upload_screen_names_the_schema_error(toegewezen):
    kantoor = ingelogde_client(maak_gebruiker(Rol.BACKOFFICE, [gemeente("0983")]))
    fout = _start(toegewezen).replace(b"<jw305:Geslacht>", b"<jw305:Onzin>1</jw305:Onzin><jw305:Geslacht>")
    r = kantoor.post("/berichten/upload/", {"bestand": SimpleUploadedFile("a.xml", fout)}, follow=True)
    assert "Onzin" in r.content.decode()  # the XSD's own finding, not only "voldoet niet aan het schema"


def test_an_upload_over_25_mb_is_refused_and_not_stored(toegewezen):
    kantoor = ingelogde_client(maak_gebruiker(Rol.BACKOFFICE, [gemeente("0983")]))
    groot = _start(toegewezen, identificatie="U3") + b"<!--" + b"x" * (50 * 1024 * 1024) + b"-->"
    r = kantoor.post("/berichten/upload/", {"bestand": SimpleUploadedFile("groot.xml", groot)}, follow=True)
    bericht = Bericht.objects.get(status="quarantaine")
    assert _xml_bytes_in_db(bericht) == 0 and bericht.kanaal == "upload"
    assert "25 MB" in r.content.decode()
    assert bericht.gemeente.cbs_code == "0983"


def test_the_upload_limit_stops_reading_the_file_past_25_mb():
    from django.core.files.uploadhandler import StopUpload

    from berichten.views import BegrensdeUpload

    h = BegrensdeUpload()
    h.handle_raw_input(None, {}, MAX_BYTES + 10, b"x")
    h.new_file("bestand", "a.xml", "application/xml", None)
    stuk = b"x" * (1024 * 1024)
    for i in range(25):
        assert h.receive_data_chunk(stuk, i * len(stuk)) == stuk
    with pytest.raises(StopUpload):
        h.receive_data_chunk(b"x", MAX_BYTES)
    assert h.te_groot and len(h.kop) == KOP_BYTES


# --- the API ------------------------------------------------------------------------------------


def test_the_api_quarantines_a_poison_file_and_takes_the_next(toegewezen):
    client = _api(maak_gebruiker(Rol.BACKOFFICE, [gemeente("0983")]))
    r = client.post("/api/v1/berichten", _gif(_start(toegewezen, identificatie="A1")), content_type="application/xml")
    assert r.status_code == 400 and r.json()["status"] == "quarantaine"
    assert any("DOCTYPE" in f["uitleg"] for f in r.json()["bevindingen"])
    r = client.post("/api/v1/berichten", _start(toegewezen, identificatie="A2"), content_type="application/xml")
    assert r.status_code == 202 and r.json()["status"] == "verwerkt"


def test_the_api_refuses_a_body_over_25_mb_without_keeping_it(toegewezen):
    client = _api(maak_gebruiker(Rol.BACKOFFICE, [gemeente("0983")]))
    xml = _start(toegewezen, identificatie="A3")
    groot = xml + b" " * (MAX_BYTES + 1 - len(xml))
    r = client.post("/api/v1/berichten", groot, content_type="application/xml")
    bericht = Bericht.objects.get(status="quarantaine")
    assert _xml_bytes_in_db(bericht) == 0 and bericht.grootte == MAX_BYTES + 1 and bericht.kanaal == "api"
    assert r.status_code == 413 and r.json()["status"] == "quarantaine"
    assert bericht.gemeente.cbs_code == "0983"


def test_the_api_reads_no_further_than_the_header_when_the_length_is_over_the_limit():
    from types import SimpleNamespace

    from berichten.api import XMLParser

    stroom = io.BytesIO(b"x" * (MAX_BYTES + 100))
    verzoek = SimpleNamespace(META={"CONTENT_LENGTH": str(MAX_BYTES + 100)})
    uit = XMLParser().parse(stroom, "application/xml", {"request": verzoek})
    assert stroom.tell() == KOP_BYTES and (len(uit.kop), uit.grootte) == (KOP_BYTES, MAX_BYTES + 100)


# --- who sees a quarantined file ----------------------------------------------------------------


def test_a_quarantined_file_belongs_to_the_gemeente_it_is_addressed_to(toegewezen):
    from berichten.inkomend import bericht_ontvangen

    gif = bericht_ontvangen(_gif(_start(toegewezen, identificatie="S1")), kanaal="map")
    venlo = ingelogde_client(maak_gebruiker(Rol.BACKOFFICE, [gemeente("0983")]))
    beesel = ingelogde_client(maak_gebruiker(Rol.BACKOFFICE, [gemeente("0889")]))
    beheer = ingelogde_client(maak_gebruiker(Rol.APPLICATIEBEHEER))
    assert gif.gemeente.cbs_code == "0983"
    assert f"/berichten/{gif.pk}/" in venlo.get("/berichten/?status=quarantaine").content.decode()
    assert venlo.get(f"/berichten/{gif.pk}/").status_code == 200
    assert beesel.get(f"/berichten/{gif.pk}/").status_code == 404
    assert beheer.get(f"/berichten/{gif.pk}/").status_code == 404


def test_a_file_without_a_readable_ontvanger_is_for_the_applicatiebeheer_only(toegewezen):
    from berichten.inkomend import bericht_ontvangen

    kapot = bericht_ontvangen(b"<?xml version='1.0'?><geen-bericht>", kanaal="map")
    # The header is there but names no gemeente of ours: addressed to no one either.
    vreemd = bericht_ontvangen(_gif(_start(toegewezen).replace(b">0983<", b">9999<")), kanaal="map")
    assert kapot.gemeente is None and vreemd.gemeente is None
    venlo = ingelogde_client(maak_gebruiker(Rol.BACKOFFICE, [gemeente("0983")]))
    beheer = ingelogde_client(maak_gebruiker(Rol.APPLICATIEBEHEER))
    assert venlo.get(f"/berichten/{kapot.pk}/").status_code == 404
    lijst = beheer.get("/berichten/").content.decode()
    assert f"/berichten/{kapot.pk}/" in lijst and f"/berichten/{vreemd.pk}/" in lijst
    assert "JW301" not in lijst.split("<tbody")[1]  # the gemeenten's own messages stay theirs
    assert "Uploaden" not in lijst  # read-only
    voor = AuditEvent.objects.filter(actie=Actie.LEZEN, object_id=str(vreemd.pk)).count()
    assert "Achternaam" in beheer.get(f"/berichten/{vreemd.pk}/").content.decode()
    assert AuditEvent.objects.filter(actie=Actie.LEZEN, object_id=str(vreemd.pk)).count() == voor + 1
    assert beheer.post("/berichten/ophalen/").status_code == 403
    assert beheer.post("/berichten/upload/", {"bestand": SimpleUploadedFile("a.xml", b"x")}).status_code == 403
    assert "/berichten/" in beheer.get("/start/").content.decode()


def test_a_quarantined_retour_is_for_the_gemeente_that_sent_the_heenbericht(toegewezen):
    """A 302 answers our 301: its header (copied from the 301) names the gemeente as Afzender."""
    from berichten.inkomend import bericht_ontvangen
    from istandaard.xml import lees as lees_xml
    from istandaard.xml import naar_dict, naar_xml

    ons = Bericht.objects.get(soort="JW301")
    kop = naar_dict(lees_xml(bytes(ons.xml)))[2]["Header"]
    kop |= {
        "BerichtCode": "437",
        "IdentificatieRetour": "R1",
        "DagtekeningRetour": kop["BerichtIdentificatie"]["Dagtekening"],
    }
    kop["XsdVersieRetour"] = kop["XsdVersie"]
    retour = naar_xml("jeugd", "302", {"Header": kop}).replace(b"</jw302:Header>", b"<jw302:Onzin/></jw302:Header>")
    bericht = bericht_ontvangen(retour, kanaal="map")
    assert bericht.status == "quarantaine" and bericht.soort == "JW302" and bericht.gemeente.cbs_code == "0983"


def test_an_upload_addressed_to_another_gemeente_is_refused_even_when_it_fails(toegewezen):
    beesel = ingelogde_client(maak_gebruiker(Rol.BACKOFFICE, [gemeente("0889")]))
    r = beesel.post(
        "/berichten/upload/",
        {"bestand": SimpleUploadedFile("gif.xml", _gif(_start(toegewezen, identificatie="Z8")))},
        follow=True,
    )
    assert "gemeente waarvoor u niet werkt" in r.content.decode()
    assert not Bericht.objects.filter(status="quarantaine").exists()


def test_the_https_pull_reads_a_message_no_further_than_the_limit(toegewezen, https):
    from berichten.inkomend import berichten_ophalen

    xml = _start(toegewezen, identificatie="H2")
    https.in_["a-groot.xml"] = xml + b" " * (MAX_BYTES + 10 - len(xml))
    https.in_["b-start.xml"] = _start(toegewezen, identificatie="H3")
    groot, start = berichten_ophalen()
    assert _xml_bytes_in_db(groot) == 0 and groot.status == "quarantaine" and groot.gemeente.cbs_code == "0983"
    assert start.status == "verwerkt" and https.in_ == {}  # both acknowledged: the refused one is kept as a row


def test_the_upload_still_checks_the_csrf_token(toegewezen):
    """The size limit goes in before the CSRF check reads the body; the check itself still runs."""
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.cookies = ingelogde_client(maak_gebruiker(Rol.BACKOFFICE, [gemeente("0983")])).cookies
    r = client.post("/berichten/upload/", {"bestand": SimpleUploadedFile("a.xml", _start(toegewezen))})
    assert r.status_code == 403 and not Bericht.objects.filter(richting="in").exists()


def test_an_unaddressed_upload_says_where_it_went():
    """The walk: a non-XML upload said "staat in quarantaine", but that row is the applicatiebeheerder's."""
    kantoor = ingelogde_client(maak_gebruiker(Rol.BACKOFFICE, [gemeente("0983")]))
    r = kantoor.post("/berichten/upload/", {"bestand": SimpleUploadedFile("a.txt", b"geen xml")}, follow=True)
    tekst = r.content.decode()
    assert "staat het in quarantaine bij applicatiebeheer" in tekst
    assert Bericht.objects.get(status="quarantaine").gemeente is None
