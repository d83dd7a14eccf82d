"""Leefzorgplan: only after the matchingsgesprek; sections per domain (Jeugd Handboek verwijzers jeugdhulp §1.1.3 (r.
2191–2205) plus the 18-/18+ section from 16, Handboek verwijzers jeugdhulp §1.1.1.3.3 (r. 725–734); Wmo per gemeente,
Handboek Maatwerkdiensten Wmo §2 (r. 133–141)); SMART doelen; versions with a hash; never for an aanbieder (Memo Plan
van aanpak Jeugd en Wmo, kopje Leefzorgplan)."""

from datetime import date, timedelta

import pytest

from accounts.models import Rol
from inwoners.factories import inwoner_in
from organisaties.factories import AanbiederFactory
from producten.factories import ContractFactory
from producten.models import Product
from tests.conftest import ingelogde_client, maak_gebruiker
from toegang.fouten import Geweigerd
from verwijzing.factories import DossierFactory
from verwijzing.indicatie import indicatie_voorstellen, matchingsverzoek_beantwoorden, matchingsverzoek_sturen
from verwijzing.leefzorgplan.plan import leefzorgplan_opslaan, leefzorgplan_starten
from verwijzing.leefzorgplan.secties import secties_voor
from verwijzing.models import Dossier, Status

pytestmark = pytest.mark.django_db
TOEKOMST = (date.today() + timedelta(days=120)).isoformat()


@pytest.fixture
def consulent(venlo):
    return maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True, domein_wmo=True)


def _met_indicatie(consulent, venlo, code="45L12", domein="jeugd", geboren=date(2012, 1, 1)):
    aanbieder = AanbiederFactory()
    ContractFactory(aanbieder=aanbieder, gemeente=venlo, product=Product.objects.get(code=code))
    dossier = DossierFactory(
        gemeente=venlo,
        consulent=consulent,
        status=Status.INDICATIE,
        domein=domein,
        inwoner=inwoner_in(venlo, geboortedatum=geboren),
    )
    indicatie = indicatie_voorstellen(
        door=consulent,
        dossier=dossier,
        gegevens={
            "product": Product.objects.get(code=code),
            "volume": 1,
            "frequentie": "6",
            "budget": None,
            "ingangsdatum": date(2026, 12, 1),
            "einddatum": date(2027, 8, 31),
            "aanbieder": aanbieder,
            "bekostiging": "zin",
        },
    )
    return dossier, indicatie, aanbieder


def test_not_before_the_matchingsgesprek_came_back_passend(consulent, venlo):
    dossier, indicatie, aanbieder = _met_indicatie(consulent, venlo)
    with pytest.raises(Geweigerd, match="nog geen matchingsverzoek verstuurd"):
        leefzorgplan_starten(door=consulent, dossier=dossier)
    verzoek = matchingsverzoek_sturen(door=consulent, indicatie=indicatie)
    matchingsverzoek_beantwoorden(
        door=maak_gebruiker(Rol.AANBIEDER, [], aanbieder=aanbieder),
        verzoek=verzoek,
        passend=True,
        gesprek_op=date.today(),
        gesprek_vorm="aan_tafel",
        verwachte_startdatum=date(2026, 12, 7),
    )
    leefzorgplan_starten(door=consulent, dossier=dossier)
    assert Dossier.objects.get(pk=dossier.pk).status == Status.LEEFZORGPLAN


def test_wmo_3a_needs_no_matchingsgesprek_first(consulent, venlo):
    dossier, _, _ = _met_indicatie(consulent, venlo, code="01B04", domein="wmo", geboren=date(1950, 1, 1))
    leefzorgplan_starten(door=consulent, dossier=dossier)
    assert Dossier.objects.get(pk=dossier.pk).status == Status.LEEFZORGPLAN


def test_no_leefzorgplan_without_an_indicatie(consulent, venlo):
    dossier = DossierFactory(gemeente=venlo, consulent=consulent, status=Status.INDICATIE, inwoner=inwoner_in(venlo))
    with pytest.raises(Geweigerd, match="nog geen indicatie"):
        leefzorgplan_starten(door=consulent, dossier=dossier)


# (domein, geboren, verwacht extra sectie, bron)
SECTIES = [
    (
        "jeugd",
        date(2012, 1, 1),
        None,
        "Handboek verwijzers jeugdhulp §1.1.3 (r. 2191–2205): six sections plus bekostiging",
    ),
    (
        "jeugd",
        date(2009, 1, 1),
        "overgang_18",
        "from 16: Overgang 18- naar 18+ (Handboek verwijzers jeugdhulp §1.1.1.3.3 (r. 725–734))",
    ),
]


@pytest.mark.parametrize(("domein", "geboren", "extra", "bron"), SECTIES)
def test_jeugd_sections(domein, geboren, extra, bron, consulent, venlo):
    dossier = DossierFactory(
        gemeente=venlo, consulent=consulent, domein=domein, inwoner=inwoner_in(venlo, geboortedatum=geboren)
    )
    sleutels = [s for s, _ in secties_voor(dossier, date(2026, 11, 25))]
    assert sleutels[:6] == [
        "voorstel",
        "extra_advies",
        "uw_verhaal",
        "besproken",
        "afgesproken_aanbieder",
        "wat_moet_u_doen",
    ], bron
    assert "bekostiging" in sleutels
    assert (extra in sleutels) if extra else ("overgang_18" not in sleutels)


def test_wmo_sections_are_configured_per_gemeente(consulent, venlo):
    dossier = DossierFactory(gemeente=venlo, consulent=consulent, domein="wmo", inwoner=inwoner_in(venlo))
    sleutels = [s for s, _ in secties_voor(dossier, date(2026, 11, 25))]
    assert {"eigen_bijdrage", "evaluatie"} <= set(sleutels)  # Handboek Maatwerkdiensten Wmo §2 (r. 133–141)
    venlo.wmo_leefzorgplan_secties = [*venlo.wmo_leefzorgplan_secties, ["mantelzorg", "Mantelzorg"]]
    venlo.save()
    dossier.gemeente.refresh_from_db()
    assert "mantelzorg" in [s for s, _ in secties_voor(dossier, date(2026, 11, 25))]


def test_versions_with_a_hash_and_smart_doelen(consulent, venlo):
    dossier = DossierFactory(gemeente=venlo, consulent=consulent, status=Status.LEEFZORGPLAN, inwoner=inwoner_in(venlo))
    doel = {
        "leefgebied": "opvoeding",
        "doel": "Rustiger avonden",
        "resultaat": "Drie avonden per week geen driftbui",
        "termijn": TOEKOMST,
    }
    eerste = leefzorgplan_opslaan(door=consulent, dossier=dossier, secties={"voorstel": "P1 midden"}, doelen=[doel])
    zelfde = leefzorgplan_opslaan(door=consulent, dossier=dossier, secties={"voorstel": "P1 midden"}, doelen=[doel])
    assert zelfde.pk == eerste.pk  # nothing changed: no new version
    tweede = leefzorgplan_opslaan(
        door=consulent, dossier=dossier, secties={"voorstel": "P1 midden, 9 mnd"}, doelen=[doel]
    )
    assert (eerste.versie, tweede.versie) == (1, 2) and eerste.inhoud_hash != tweede.inhoud_hash
    with pytest.raises(Geweigerd, match="niet SMART"):
        leefzorgplan_opslaan(door=consulent, dossier=dossier, secties={}, doelen=[{"doel": "x"}])
    with pytest.raises(Geweigerd, match="niet in de toekomst"):
        leefzorgplan_opslaan(door=consulent, dossier=dossier, secties={}, doelen=[{**doel, "termijn": "2020-01-01"}])


def test_the_screen_saves_a_version_and_an_aanbieder_never_sees_it(consulent, venlo):
    dossier = DossierFactory(gemeente=venlo, consulent=consulent, status=Status.LEEFZORGPLAN, inwoner=inwoner_in(venlo))
    client = ingelogde_client(consulent)
    data = {
        "voorstel": "Perspectief 1 midden",
        "doel-TOTAL_FORMS": "3",
        "doel-INITIAL_FORMS": "0",
        "doel-0-leefgebied": "opvoeding",
        "doel-0-doel": "Rust",
        "doel-0-resultaat": "Minder ruzie",
        "doel-0-termijn": TOEKOMST,
    }
    response = client.post(f"/dossiers/{dossier.public_id}/leefzorgplan/", data)
    assert response.status_code == 302
    assert dossier.leefzorgplanversies.get().doelen[0]["doel"] == "Rust"
    response = client.post(f"/dossiers/{dossier.public_id}/leefzorgplan/", {**data, "doel-0-resultaat": ""})
    assert response.status_code == 400 and "Een SMART-doel heeft" in response.content.decode()
    aanbieder = ingelogde_client(maak_gebruiker(Rol.AANBIEDER, [], aanbieder=AanbiederFactory()))
    assert aanbieder.get(f"/dossiers/{dossier.public_id}/leefzorgplan/").status_code == 403


def test_each_version_is_a_pdf_for_the_inwoner_never_for_an_aanbieder(consulent, venlo):
    import io

    from pypdf import PdfReader

    from audit.models import Actie, AuditEvent

    dossier = DossierFactory(gemeente=venlo, consulent=consulent, status=Status.LEEFZORGPLAN, inwoner=inwoner_in(venlo))
    doel = {"leefgebied": "opvoeding", "doel": "Rustiger avonden", "resultaat": "Geen driftbui", "termijn": TOEKOMST}
    leefzorgplan_opslaan(door=consulent, dossier=dossier, secties={"voorstel": "Perspectief 1"}, doelen=[doel])
    client = ingelogde_client(consulent)
    response = client.get(f"/dossiers/{dossier.public_id}/leefzorgplan/1/pdf/")
    assert response["Content-Type"] == "application/pdf" and response["Cache-Control"] == "no-store"
    assert client.get(f"/dossiers/{dossier.public_id}/leefzorgplan/1/pdf/").content == response.content  # stable
    lezer = PdfReader(io.BytesIO(response.content))
    tekst = " ".join(" ".join(p.extract_text().split()) for p in lezer.pages)
    for stuk in (
        "Leefzorgplan van",
        dossier.inwoner.volledige_naam,
        "Voorstel van de gemeente",
        "Perspectief 1",
        "Rustiger avonden",
        "Opvoeding en gezin",
        "Nog niet ondertekend",
        "aanbieder krijgt het niet",
    ):
        assert stuk in tekst, stuk
    assert lezer.trailer["/Root"]["/Lang"] == "nl"
    assert AuditEvent.objects.filter(actie=Actie.LEZEN, object_type="verwijzing.leefzorgplanversie").exists()
    assert client.get(f"/dossiers/{dossier.public_id}/leefzorgplan/2/pdf/").status_code == 404
    aanbieder = ingelogde_client(maak_gebruiker(Rol.AANBIEDER, [], aanbieder=AanbiederFactory()))
    assert aanbieder.get(f"/dossiers/{dossier.public_id}/leefzorgplan/1/pdf/").status_code == 403
