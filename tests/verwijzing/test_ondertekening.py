"""Ondertekening: who signs (Jeugdwet consent rules), a one-time expiring link with a code sent
separately (folder sender), the hash of the signed version, and the signed plan as the aanvraag."""

import re
from datetime import date, timedelta

import pytest
import time_machine
from django.test import Client

from accounts.models import Rol
from audit.models import Actie, AuditEvent
from inwoners.factories import RelatieFactory, inwoner_in
from tests.conftest import ingelogde_client, maak_gebruiker
from verwijzing import services
from verwijzing.factories import DossierFactory
from verwijzing.models import Dossier, Ondertekening, Status
from verwijzing.ondertekening import wie_tekent

pytestmark = pytest.mark.django_db
VANDAAG = date.today()


@pytest.fixture
def consulent(venlo):
    return maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True, domein_wmo=True)


@pytest.fixture
def postmap(tmp_path, settings):
    settings.TOEGANG_BERICHTEN_MAP = tmp_path
    return tmp_path / "ondertekening"


def _jaren_geleden(jaren):
    return VANDAAG.replace(year=VANDAAG.year - jaren) - timedelta(days=10)


def _dossier(consulent, venlo, *, leeftijd, domein="jeugd", ouders=2):
    inwoner = inwoner_in(venlo, geboortedatum=_jaren_geleden(leeftijd))
    for _ in range(ouders):
        RelatieFactory(inwoner=inwoner, soort="10", gezaghebbend=True)
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
    from verwijzing.leefzorgplan import secties_voor

    toegestaan = {k for k, _ in secties_voor(dossier, VANDAAG)}
    services.sla_leefzorgplan_op(
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


def test_the_whole_signing(consulent, venlo, postmap):
    dossier = _dossier(consulent, venlo, leeftijd=16)
    (ondertekening,) = services.bied_ter_ondertekening(door=consulent, dossier=dossier, basis_url="http://toegang")
    assert Dossier.objects.get(pk=dossier.pk).status == Status.ONDERTEKENING
    berichten = {p.name.split("-")[0]: p.read_text() for p in postmap.iterdir()}
    token = re.search(r"/ondertekenen/([^/]+)/", berichten["link"]).group(1)
    code = re.search(r"Uw code is (\d{6})", berichten["code"]).group(1)
    assert code not in berichten["link"]  # the code travels separately

    client = Client()
    assert "Vul de code in" in client.get(f"/ondertekenen/{token}/").content.decode()
    response = client.post(f"/ondertekenen/{token}/", {"code": "000000" if code != "000000" else "111111"})
    assert response.status_code == 400 and "Deze code klopt niet." in response.content.decode()
    response = client.post(f"/ondertekenen/{token}/", {"code": code})
    assert "Ik heb het plan gelezen en onderteken het" in response.content.decode()
    assert AuditEvent.objects.filter(actie=Actie.LEZEN, route="ondertekenen").exists()
    response = client.post(f"/ondertekenen/{token}/", {"code": code, "tekenen": "1"})
    assert "U heeft het leefzorgplan ondertekend" in response.content.decode()
    ondertekening.refresh_from_db()
    assert ondertekening.getekend_op and ondertekening.versie_hash == dossier.leefzorgplanversies.get().inhoud_hash
    assert (ondertekening.methode, ondertekening.betrouwbaarheid) == ("link_code", "laag")
    dossier.refresh_from_db()
    assert dossier.status == Status.AANVRAAG and dossier.aanvraag_op == date.today()  # the beslistermijn starts
    # A link works once.
    assert client.get(f"/ondertekenen/{token}/").status_code == 410


def test_all_signers_must_sign_before_the_aanvraag(consulent, venlo, postmap):
    dossier = _dossier(consulent, venlo, leeftijd=13)
    ondertekeningen = services.bied_ter_ondertekening(door=consulent, dossier=dossier, basis_url="http://t")
    assert len(ondertekeningen) == 3
    berichten = sorted(postmap.iterdir(), key=lambda p: p.stat().st_mtime_ns)
    links = [
        re.search(r"/ondertekenen/([^/]+)/", p.read_text()).group(1) for p in berichten if p.name.startswith("link")
    ]
    codes = [re.search(r"Uw code is (\d{6})", p.read_text()).group(1) for p in berichten if p.name.startswith("code")]
    for token, code in list(zip(links, codes, strict=True))[:2]:
        services.onderteken(token=token, code=code)
    assert Dossier.objects.get(pk=dossier.pk).status == Status.ONDERTEKENING
    services.onderteken(token=links[2], code=codes[2])
    assert Dossier.objects.get(pk=dossier.pk).status == Status.AANVRAAG


def test_an_expired_link_is_refused(consulent, venlo, postmap):
    dossier = _dossier(consulent, venlo, leeftijd=16)
    services.bied_ter_ondertekening(door=consulent, dossier=dossier, basis_url="http://t")
    token = re.search(r"/ondertekenen/([^/]+)/", next(postmap.glob("link-*")).read_text()).group(1)
    with time_machine.travel(date.today() + timedelta(days=15)):
        response = Client().get(f"/ondertekenen/{token}/")
    assert response.status_code == 410 and "verlopen" in response.content.decode()


def test_five_wrong_codes_block_the_link(consulent, venlo, postmap):
    dossier = _dossier(consulent, venlo, leeftijd=16)
    services.bied_ter_ondertekening(door=consulent, dossier=dossier, basis_url="http://t")
    token = re.search(r"/ondertekenen/([^/]+)/", next(postmap.glob("link-*")).read_text()).group(1)
    code = re.search(r"Uw code is (\d{6})", next(postmap.glob("code-*")).read_text()).group(1)
    fout = "000000" if code != "000000" else "111111"
    for _ in range(5):
        with pytest.raises(services.Geweigerd):
            services.onderteken(token=token, code=fout)
    with pytest.raises(services.Geweigerd, match="niet \\(meer\\) geldig"):
        services.onderteken(token=token, code=code)


def test_a_changed_plan_needs_a_new_signature(consulent, venlo, postmap):
    dossier = _dossier(consulent, venlo, leeftijd=16)
    services.bied_ter_ondertekening(door=consulent, dossier=dossier, basis_url="http://t")
    token = re.search(r"/ondertekenen/([^/]+)/", next(postmap.glob("link-*")).read_text()).group(1)
    code = re.search(r"Uw code is (\d{6})", next(postmap.glob("code-*")).read_text()).group(1)
    services.terug_naar_leefzorgplan(door=consulent, dossier=dossier, reden="Doel aangescherpt")
    assert Ondertekening.objects.get().vervallen
    with pytest.raises(services.Geweigerd):
        services.onderteken(token=token, code=code)


def test_a_jeugdige_under_16_without_gezaghebbenden_cannot_be_offered(consulent, venlo, postmap):
    dossier = _dossier(consulent, venlo, leeftijd=10, ouders=0)
    with pytest.raises(services.Geweigerd, match="gezaghebbenden"):
        services.bied_ter_ondertekening(door=consulent, dossier=dossier, basis_url="http://t")
    assert Dossier.objects.get(pk=dossier.pk).status == Status.LEEFZORGPLAN


def test_an_incomplete_plan_cannot_be_offered(consulent, venlo):
    dossier = DossierFactory(gemeente=venlo, consulent=consulent, status=Status.LEEFZORGPLAN, inwoner=inwoner_in(venlo))
    services.sla_leefzorgplan_op(door=consulent, dossier=dossier, secties={"voorstel": "x"}, doelen=[])
    with pytest.raises(services.Geweigerd, match="nog niet compleet"):
        services.bied_ter_ondertekening(door=consulent, dossier=dossier, basis_url="http://t")


def test_offering_through_the_screen(consulent, venlo, postmap):
    dossier = _dossier(consulent, venlo, leeftijd=16)
    response = ingelogde_client(consulent).post(f"/dossiers/{dossier.public_id}/ondertekening/")
    assert response.status_code == 302
    assert Dossier.objects.get(pk=dossier.pk).status == Status.ONDERTEKENING
