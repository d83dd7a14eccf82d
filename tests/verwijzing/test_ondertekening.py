"""Ondertekening: who signs (Jeugdwet consent rules), a one-time expiring link by e-mail with a code sent
separately by SMS, the hash of the signed version, and the signed plan as the aanvraag."""

import email
import email.policy
import hashlib
import json
import re
import socket
import threading
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
import time_machine
import yaml
from django.core import mail
from django.test import Client
from django.utils import timezone

from accounts.models import Rol
from audit.models import Actie, AuditEvent
from inwoners.factories import RelatieFactory, inwoner_in
from inwoners.models import Inwoner
from tests.conftest import ingelogde_client, jaren_geleden, maak_gebruiker
from toegang.fouten import Geweigerd
from verwijzing.factories import DossierFactory
from verwijzing.leefzorgplan.ondertekening import (
    ONDERTEKEN_SESSIE,
    code_controleren,
    leefzorgplan_ondertekenen,
    link_inwisselen,
    ter_ondertekening_aanbieden,
)
from verwijzing.leefzorgplan.plan import leefzorgplan_heropenen, leefzorgplan_opslaan
from verwijzing.leefzorgplan.tekenaars import mobiel_nummer, wie_tekent
from verwijzing.models import Dossier, Ondertekening, Status

pytestmark = pytest.mark.django_db
VANDAAG = date.today()


@pytest.fixture
def consulent(venlo):
    return maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True, domein_wmo=True)


class Post:
    """What went out: the mails (pytest-django's locmem outbox) and the SMS files, each in sending order."""

    def __init__(self, map_: Path):
        self.map = map_

    def links(self) -> list[str]:
        return [re.search(r"https?://\S+", m.body).group(0) for m in mail.outbox]

    def codes(self) -> list[str]:
        return [re.search(r"Uw code: (\d{6})", p.read_text()).group(1) for p in sorted(self.map.glob("sms-*.txt"))]


@pytest.fixture
def post(tmp_path, settings):
    settings.TOEGANG_SMSMAP = tmp_path / "sms"
    return Post(settings.TOEGANG_SMSMAP)


def _token(tekst: str) -> str:
    return re.search(r"/ondertekenen/\?t=([\w-]+)", tekst).group(1)


def _openen(client, link: str, **kwargs):
    """The inwoner opens the mailed link (a page that changes nothing, so a mail scanner spends nothing) and
    presses its button: only then is the token exchanged."""
    pagina = client.get(link)
    assert pagina.status_code == 200 and "Leefzorgplan openen" in pagina.content.decode()
    return client.post("/ondertekenen/", {"t": _token(link)}, **kwargs)


def _jaren_geleden(jaren):
    return jaren_geleden(jaren, VANDAAG) - timedelta(days=10)


def _dossier(consulent, venlo, *, leeftijd, domein="jeugd", ouders=2):
    inwoner = inwoner_in(venlo, geboortedatum=_jaren_geleden(leeftijd), email="inwoner@voorbeeld.example")
    for n in range(ouders):
        RelatieFactory(inwoner=inwoner, soort="10", gezaghebbend=True, email=f"ouder{n}@voorbeeld.example")
    dossier = DossierFactory(
        gemeente=venlo, consulent=consulent, status=Status.LEEFZORGPLAN, domein=domein, inwoner=inwoner
    )
    secties = {
        s: "tekst"
        for s in (
            "voorstel",
            "uw_verhaal",
            "besproken",
            "afgesproken_aanbieder",
            "wat_moet_u_doen",
            "bekostiging",
            "overgang_18",
            "ondersteuningsvraag",
            "onderzoek",
            "maatwerkvoorziening",
            "eigen_bijdrage",
            "evaluatie",
        )
    }
    from verwijzing.leefzorgplan.secties import secties_voor

    toegestaan = {k for k, _ in secties_voor(dossier, VANDAAG)}
    leefzorgplan_opslaan(
        door=consulent,
        dossier=dossier,
        secties={k: v for k, v in secties.items() if k in toegestaan},
        doelen=[
            {
                "leefgebied": "opvoeding",
                "doel": "Rust",
                "resultaat": "Minder ruzie",
                "termijn": (VANDAAG + timedelta(days=90)).isoformat(),
            }
        ],
    )
    return dossier


# (leeftijd, domein, verwacht, bron)
WIE = [
    (10, "jeugd", ["gezaghebbende", "gezaghebbende"], "under 12: the gezaghebbenden (Jeugdwet 7.3.4)"),
    (13, "jeugd", ["jeugdige", "gezaghebbende", "gezaghebbende"], "12-15: jeugdige and gezaghebbenden"),
    (16, "jeugd", ["jeugdige"], "from 16: the jeugdige"),
    (40, "wmo", ["inwoner"], "Wmo: the inwoner"),
]


@pytest.mark.parametrize(("leeftijd", "domein", "verwacht", "bron"), WIE)
def test_who_signs(leeftijd, domein, verwacht, bron, consulent, venlo):
    dossier = _dossier(consulent, venlo, leeftijd=leeftijd, domein=domein)
    assert [t.rol for t in wie_tekent(dossier, VANDAAG)] == verwacht, bron


def test_the_whole_signing(consulent, venlo, post):
    dossier = _dossier(consulent, venlo, leeftijd=16)
    (ondertekening,) = ter_ondertekening_aanbieden(door=consulent, dossier=dossier, basis_url="http://toegang")
    assert Dossier.objects.get(pk=dossier.pk).status == Status.ONDERTEKENING
    (link,), (code,) = post.links(), post.codes()
    assert code not in mail.outbox[0].body  # the code travels separately

    client = Client()
    assert "Vul de code in" in _openen(client, link, follow=True).content.decode()
    response = client.post("/ondertekenen/", {"code": "000000" if code != "000000" else "111111"})
    assert response.status_code == 400 and "Deze code klopt niet." in response.content.decode()
    response = client.post("/ondertekenen/", {"code": code})
    assert "Ik heb het plan gelezen en onderteken het" in response.content.decode()
    assert AuditEvent.objects.filter(actie=Actie.LEZEN, route="ondertekenen").exists()
    response = client.post("/ondertekenen/", {"code": code, "tekenen": "1"})
    assert "U heeft het leefzorgplan ondertekend" in response.content.decode()
    ondertekening.refresh_from_db()
    assert ondertekening.getekend_op and ondertekening.versie_hash == dossier.leefzorgplanversies.get().inhoud_hash
    assert (ondertekening.methode, ondertekening.betrouwbaarheid) == ("link_code", "laag")
    dossier.refresh_from_db()
    assert dossier.status == Status.AANVRAAG and dossier.aanvraag_op == date.today()  # the beslistermijn starts
    # A link works once, and the session ends with the signature.
    assert _openen(client, link).status_code == 410
    assert client.get("/ondertekenen/").status_code == 410


def test_the_plan_to_sign_shows_its_goal_dates_as_dd_mm_jjjj(consulent, venlo, post):
    """The workplace walk (finding 5): the inwoner read the doel's termijn as an ISO date."""
    dossier = _dossier(consulent, venlo, leeftijd=16)
    ter_ondertekening_aanbieden(door=consulent, dossier=dossier, basis_url="http://toegang")
    (link,), (code,) = post.links(), post.codes()
    client = Client()
    _openen(client, link)
    tekst = client.post("/ondertekenen/", {"code": code}).content.decode()
    termijn = VANDAAG + timedelta(days=90)
    assert f"uiterlijk {termijn:%d-%m-%Y}" in tekst and termijn.isoformat() not in tekst


def test_all_signers_must_sign_before_the_aanvraag(consulent, venlo, post):
    dossier = _dossier(consulent, venlo, leeftijd=13)
    ondertekeningen = ter_ondertekening_aanbieden(door=consulent, dossier=dossier, basis_url="http://t")
    assert len(ondertekeningen) == 3
    links, codes = [_token(link) for link in post.links()], post.codes()
    for token, code in list(zip(links, codes, strict=True))[:2]:
        leefzorgplan_ondertekenen(ondertekening_id=link_inwisselen(token).pk, code=code)
    assert Dossier.objects.get(pk=dossier.pk).status == Status.ONDERTEKENING
    leefzorgplan_ondertekenen(ondertekening_id=link_inwisselen(links[2]).pk, code=codes[2])
    assert Dossier.objects.get(pk=dossier.pk).status == Status.AANVRAAG


def test_an_expired_link_is_refused(consulent, venlo, post):
    dossier = _dossier(consulent, venlo, leeftijd=16)
    ter_ondertekening_aanbieden(door=consulent, dossier=dossier, basis_url="http://t")
    token = _token(post.links()[0])
    with time_machine.travel(date.today() + timedelta(days=15)):
        response = _openen(Client(), f"/ondertekenen/?t={token}")
    assert response.status_code == 410 and "verlopen" in response.content.decode()


def test_five_wrong_codes_block_the_link(consulent, venlo, post):
    dossier = _dossier(consulent, venlo, leeftijd=16)
    ter_ondertekening_aanbieden(door=consulent, dossier=dossier, basis_url="http://t")
    token = _token(post.links()[0])
    code = post.codes()[0]
    fout = "000000" if code != "000000" else "111111"
    ondertekening_id = link_inwisselen(token).pk
    for _ in range(5):
        with pytest.raises(Geweigerd):
            leefzorgplan_ondertekenen(ondertekening_id=ondertekening_id, code=fout)
    with pytest.raises(Geweigerd, match="niet \\(meer\\) geldig"):
        leefzorgplan_ondertekenen(ondertekening_id=ondertekening_id, code=code)


def test_a_changed_plan_needs_a_new_signature(consulent, venlo, post):
    dossier = _dossier(consulent, venlo, leeftijd=16)
    ter_ondertekening_aanbieden(door=consulent, dossier=dossier, basis_url="http://t")
    token = _token(post.links()[0])
    code = post.codes()[0]
    ondertekening_id = link_inwisselen(token).pk
    leefzorgplan_heropenen(door=consulent, dossier=dossier, reden="Doel aangescherpt")
    assert Ondertekening.objects.get().vervallen
    with pytest.raises(Geweigerd):
        leefzorgplan_ondertekenen(ondertekening_id=ondertekening_id, code=code)


def test_a_jeugdige_under_16_without_gezaghebbenden_cannot_be_offered(consulent, venlo, post):
    dossier = _dossier(consulent, venlo, leeftijd=10, ouders=0)
    with pytest.raises(Geweigerd, match="gezaghebbenden"):
        ter_ondertekening_aanbieden(door=consulent, dossier=dossier, basis_url="http://t")
    assert Dossier.objects.get(pk=dossier.pk).status == Status.LEEFZORGPLAN


def test_an_incomplete_plan_cannot_be_offered(consulent, venlo):
    dossier = DossierFactory(gemeente=venlo, consulent=consulent, status=Status.LEEFZORGPLAN, inwoner=inwoner_in(venlo))
    leefzorgplan_opslaan(door=consulent, dossier=dossier, secties={"voorstel": "x"}, doelen=[])
    with pytest.raises(Geweigerd, match="nog niet compleet"):
        ter_ondertekening_aanbieden(door=consulent, dossier=dossier, basis_url="http://t")


def test_offering_through_the_screen(consulent, venlo, post):
    dossier = _dossier(consulent, venlo, leeftijd=16)
    response = ingelogde_client(consulent).post(f"/dossiers/{dossier.public_id}/ondertekening/")
    assert response.status_code == 302
    assert Dossier.objects.get(pk=dossier.pk).status == Status.ONDERTEKENING


def _log_formaten() -> dict[str, str]:
    """The gunicorn --access-logformat of every way Toegang is served."""
    wortel = Path(__file__).resolve().parents[2]
    compose = yaml.safe_load((wortel / "docker-compose.yml").read_text())["services"]["web"]["command"]
    cmd = next(r for r in (wortel / "Dockerfile").read_text().splitlines() if r.startswith("CMD"))
    argumenten = json.loads(cmd[3:])
    return {
        "docker-compose.yml": re.search(r"--access-logformat '([^']*)'", compose).group(1).replace('\\"', '"'),
        "bin/demo": re.search(r"--access-logformat '([^']*)'", (wortel / "bin/demo").read_text()).group(1),
        "Dockerfile": argumenten[argumenten.index("--access-logformat") + 1],
    }


def test_the_link_token_stays_out_of_the_access_log(consulent, venlo, post):
    """187 access-log lines carried signing tokens. The line gunicorn writes for the link as sent
    (each configured format, rendered by gunicorn itself) must not contain the token."""
    from gunicorn.config import Config
    from gunicorn.glogging import Logger

    dossier = _dossier(consulent, venlo, leeftijd=16)
    ter_ondertekening_aanbieden(door=consulent, dossier=dossier, basis_url="https://toegang.example")
    link = post.links()[0]
    token = re.search(r"[\w-]{43}", link).group(0)  # secrets.token_urlsafe(32)
    deel = urlsplit(link)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"{deel.path}?{deel.query}" if deel.query else deel.path,
        "PATH_INFO": deel.path,
        "QUERY_STRING": deel.query,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_REFERER": "-",
    }
    antwoord = SimpleNamespace(status="302 Found", headers=[], sent=0)
    logger = Logger(Config())
    for bron, formaat in _log_formaten().items():
        regel = formaat % logger.atoms(antwoord, SimpleNamespace(headers=[]), environ, timedelta(milliseconds=3))
        assert "/ondertekenen/" in regel, bron
        assert token not in regel, f"{bron} logs the signing token: {regel}"


def test_the_link_is_exchanged_for_a_short_lived_session_and_works_once(consulent, venlo, post):
    dossier = _dossier(consulent, venlo, leeftijd=16)
    ter_ondertekening_aanbieden(door=consulent, dossier=dossier, basis_url="http://toegang")
    link = post.links()[0]
    token = _token(link)
    inwoner = Client()
    # A mail scanner fetching the link first spends nothing.
    assert Client().get(link).status_code == 200 and not Ondertekening.objects.get().link_gebruikt_op
    response = _openen(inwoner, link)
    assert response.status_code == 302 and response["Location"] == "/ondertekenen/"  # no token left in the URL
    assert response["Referrer-Policy"] == "no-referrer"
    pagina = inwoner.get("/ondertekenen/")
    assert pagina.status_code == 200 and "Vul de code in" in pagina.content.decode()
    assert token not in pagina.content.decode()
    assert Ondertekening.objects.get().link_gebruikt_op
    assert AuditEvent.objects.filter(omschrijving__contains="ingewisseld").count() == 1
    # The same browser opening its link again goes on; anyone else holding a copy is refused.
    assert _openen(inwoner, link)["Location"] == "/ondertekenen/"
    ander = Client()
    response = _openen(ander, link)
    assert response.status_code == 410 and "Deze link is al gebruikt" in response.content.decode()
    assert ander.get("/ondertekenen/").status_code == 410
    # The session entry is short-lived.
    with time_machine.travel(timezone.now() + ONDERTEKEN_SESSIE + timedelta(minutes=1)):
        response = inwoner.get("/ondertekenen/")
    assert response.status_code == 410 and "vraag uw consulent om een nieuwe link" in response.content.decode()


def test_the_code_is_stored_as_a_keyed_hash(consulent, venlo, post, settings):
    """An unsalted SHA-256 of a 6-digit code is reversed by a table of one million hashes."""
    dossier = _dossier(consulent, venlo, leeftijd=16)
    ter_ondertekening_aanbieden(door=consulent, dossier=dossier, basis_url="http://t")
    opgeslagen = Ondertekening.objects.get().code_hash
    tabel = {hashlib.sha256(f"{n:06d}".encode()).hexdigest() for n in range(10**6)}
    assert opgeslagen not in tabel
    # Keyed with the server secret: with another key the right code no longer matches.
    token = _token(post.links()[0])
    code = post.codes()[0]
    ondertekening_id = link_inwisselen(token).pk
    settings.SECRET_KEY = "een-andere-sleutel-" + "x" * 40
    with pytest.raises(Geweigerd, match="klopt niet"):
        code_controleren(ondertekening_id=ondertekening_id, code=code)


def _vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Ontvanger:
    def __init__(self):
        self.berichten = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.berichten.append((envelope.rcpt_tos, envelope.content))
        return "250 OK"


def test_the_link_goes_by_mail_through_a_real_smtp_server_and_the_code_by_sms(consulent, venlo, post, settings):
    """Django's mail framework over SMTP (a server the test starts) carries the link; the SMS
    gateway carries the code; neither carries a name, a BSN or what the plan is about."""
    from aiosmtpd.controller import Controller

    ontvanger = _Ontvanger()
    server = Controller(ontvanger, hostname="127.0.0.1", port=_vrije_poort())
    server.start()
    try:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", server.port, False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        dossier = _dossier(consulent, venlo, leeftijd=16)
        ter_ondertekening_aanbieden(door=consulent, dossier=dossier, basis_url="http://toegang")
    finally:
        server.stop()
    ((aan, ruw),) = ontvanger.berichten
    bericht = email.message_from_bytes(ruw, policy=email.policy.default)
    tekst = bericht.get_content()
    assert aan == ["inwoner@voorbeeld.example"] and bericht["To"] == "inwoner@voorbeeld.example"
    assert bericht["Subject"] == "Een plan om te ondertekenen"
    link = re.search(r"http://toegang/ondertekenen/\?t=[\w-]+", tekst).group(0)
    inwoner = dossier.inwoner
    (code,) = post.codes()
    for geheim in (inwoner.bsn, inwoner.geslachtsnaam, inwoner.voornamen, "leefzorgplan", "Leefzorgplan", code):
        assert geheim not in tekst and geheim not in bericht["Subject"]
    (sms,) = post.map.glob("sms-*.txt")
    assert sms.read_text() == f"Aan: {inwoner.telefoon.replace('06', '+316', 1)}\n\nUw code: {code}\n"
    assert "ondertekening" not in {p.name for p in settings.TOEGANG_BERICHTEN_MAP.iterdir()}
    # The mailed link and the SMS code together sign.
    client = Client()
    _openen(client, link)
    client.post("/ondertekenen/", {"code": code, "tekenen": "1"})
    assert Dossier.objects.get(pk=dossier.pk).status == Status.AANVRAAG


class _Gateway(BaseHTTPRequestHandler):
    ontvangen: list = []
    status = 200

    def do_POST(self):  # noqa: N802 (http.server's name)
        lengte = int(self.headers["Content-Length"])
        self.ontvangen.append((self.path, self.headers["Authorization"], json.loads(self.rfile.read(lengte))))
        self.send_response(self.status)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def sms_gateway(settings):
    _Gateway.ontvangen, _Gateway.status = [], 200
    server = HTTPServer(("127.0.0.1", 0), _Gateway)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.TOEGANG_SMS_GATEWAY = "verwijzing.leefzorgplan.verzenders.HttpGateway"
    settings.TOEGANG_SMS_URL = f"http://127.0.0.1:{server.server_port}/sms"
    settings.TOEGANG_SMS_TOKEN = "geheim-token"
    yield _Gateway
    server.shutdown()
    server.server_close()


def test_production_sends_the_code_by_an_http_gateway(consulent, venlo, sms_gateway):
    dossier = _dossier(consulent, venlo, leeftijd=16)
    ter_ondertekening_aanbieden(door=consulent, dossier=dossier, basis_url="http://t")
    ((pad, autorisatie, inhoud),) = sms_gateway.ontvangen
    assert (pad, autorisatie) == ("/sms", "Bearer geheim-token")
    assert inhoud["to"] == "+316" + dossier.inwoner.telefoon[2:]
    assert re.fullmatch(r"Uw code: \d{6}", inhoud["body"])


def test_a_refusing_gateway_offers_nothing_and_says_so(consulent, venlo, sms_gateway):
    sms_gateway.status = 500
    dossier = _dossier(consulent, venlo, leeftijd=16)
    response = ingelogde_client(consulent).post(f"/dossiers/{dossier.public_id}/ondertekening/", follow=True)
    assert "Het versturen van de link of de code lukte niet" in response.content.decode()
    assert Dossier.objects.get(pk=dossier.pk).status == Status.LEEFZORGPLAN
    assert not Ondertekening.objects.exists()


@pytest.mark.parametrize(
    ("adres", "telefoon", "ontbreekt"),
    [
        ("", "0612345678", "een e-mailadres"),
        ("inwoner@voorbeeld.example", "0773000000", "een mobiel nummer"),  # a landline takes no SMS
        ("", "", "een e-mailadres en een mobiel nummer"),
    ],
)
def test_without_email_or_mobile_the_consulent_is_refused_with_the_reason(
    consulent, venlo, post, adres, telefoon, ontbreekt
):
    dossier = _dossier(consulent, venlo, leeftijd=40, domein="wmo", ouders=0)
    Inwoner.objects.filter(pk=dossier.inwoner_id).update(email=adres, telefoon=telefoon)
    response = ingelogde_client(consulent).post(f"/dossiers/{dossier.public_id}/ondertekening/", follow=True)
    pagina = response.content.decode()
    assert "Digitaal ondertekenen kan niet" in pagina and f"ontbreekt {ontbreekt}" in pagina
    assert "op papier ondertekenen" in pagina
    assert Dossier.objects.get(pk=dossier.pk).status == Status.LEEFZORGPLAN
    assert not mail.outbox and not list(post.map.glob("*"))


def test_the_signers_contact_details():
    assert mobiel_nummer("06-1234 5678") == "+31612345678"
    assert mobiel_nummer("+31 6 12345678") == "+31612345678"
    assert mobiel_nummer("0031612345678") == "+31612345678"
    assert mobiel_nummer("0773000000") == ""
    assert mobiel_nummer("") == ""
