"""Indicatie samenstellen: the rules module's findings are stored with their version; rood blocks except
through the hardheidsclausule (Handboek verwijzers jeugdhulp §2.9 (r. 4165–4166)); voorwaardelijk needs a motivering;
the form enforces what a toewijzing needs (iJw CD075-CD078)."""

from datetime import date

import pytest

from accounts.models import Lidmaatschap, Rol
from audit.models import Actie, AuditEvent
from inwoners.factories import inwoner_in
from organisaties.factories import AanbiederFactory
from producten.factories import ContractFactory
from producten.models import Product
from tests.conftest import ingelogde_client, maak_gebruiker
from toegang.fouten import Geweigerd
from verwijzing.factories import DossierFactory
from verwijzing.indicatie import hardheidsclausule_goedkeuren, indicatie_voorstellen
from verwijzing.models import Indicatie, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def consulent(venlo):
    return maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True)


@pytest.fixture
def dossier(consulent, venlo):
    return DossierFactory(
        gemeente=venlo,
        consulent=consulent,
        status=Status.INDICATIE,
        inwoner=inwoner_in(venlo, geboortedatum=date(2015, 3, 1)),
    )


def _gegevens(code, **extra):
    return {
        "product": Product.objects.get(code=code),
        "volume": 1,
        "frequentie": "6",
        "budget": None,
        "ingangsdatum": date(2026, 12, 1),
        "einddatum": date(2027, 8, 31),
        "aanbieder": None,
        "bekostiging": "zin",
        **extra,
    }


def test_an_allowed_indicatie_is_stored_with_its_findings_and_version(consulent, dossier):
    indicatie = indicatie_voorstellen(door=consulent, dossier=dossier, gegevens=_gegevens("45L12"))
    assert indicatie.uitkomst == "toegestaan"
    assert indicatie.regelset_versie >= 1
    assert any(b["regel"] == "MATCHINGSGESPREK" for b in indicatie.bevindingen)
    assert AuditEvent.objects.filter(actie=Actie.AANMAKEN, object_id=str(indicatie.pk)).exists()


def test_rood_blocks_and_says_why(consulent, dossier):
    indicatie_voorstellen(door=consulent, dossier=dossier, gegevens=_gegevens("45L12"))
    with pytest.raises(Geweigerd, match="Niet toegestaan: .*vaktherapie") as fout:
        indicatie_voorstellen(door=consulent, dossier=dossier, gegevens=_gegevens("45L61"))
    # In Venlo vaktherapie is also outside the perceel (Handboek verwijzers jeugdhulp §2.3 (r. 3644–3660)): both reasons
    # are given.
    assert {b.regel for b in fout.value.bevindingen} == {"MATRIX-VT-P1", "PERCEEL-LOKAAL"}
    assert Indicatie.objects.count() == 1


def test_voorwaardelijk_needs_a_motivering(consulent, dossier):
    indicatie_voorstellen(door=consulent, dossier=dossier, gegevens=_gegevens("45L12"))
    with pytest.raises(Geweigerd, match="motiveer"):
        indicatie_voorstellen(door=consulent, dossier=dossier, gegevens=_gegevens("54L02"))
    indicatie = indicatie_voorstellen(
        door=consulent,
        dossier=dossier,
        gegevens=_gegevens("54L02"),
        motivering="Behandeldoelen verschillen wezenlijk; andere aanbieder.",
    )
    assert indicatie.uitkomst == "voorwaardelijk"


def test_hardheidsclausule_needs_client_verwijzer_and_a_second_person(consulent, dossier, venlo):
    indicatie_voorstellen(door=consulent, dossier=dossier, gegevens=_gegevens("45L12"))
    with pytest.raises(Geweigerd, match="akkoord van cliënt en verwijzer"):
        indicatie_voorstellen(
            door=consulent,
            dossier=dossier,
            gegevens=_gegevens("45L61"),
            hardheidsclausule=True,
            motivering="Uitzondering",
        )
    indicatie = indicatie_voorstellen(
        door=consulent,
        dossier=dossier,
        gegevens=_gegevens("45L61"),
        hardheidsclausule=True,
        akkoord_client=True,
        akkoord_verwijzer=True,
        motivering="Vaktherapie naast P1 is hier de enige weg.",
    )
    assert indicatie.hardheidsclausule and not indicatie.geldig
    with pytest.raises(Geweigerd, match="tweede persoon"):
        hardheidsclausule_goedkeuren(door=consulent, indicatie=indicatie, motivering="ok")
    collega = maak_gebruiker(Rol.BACKOFFICE, [venlo])
    with pytest.raises(Geweigerd, match="geen bevoegdheid"):
        hardheidsclausule_goedkeuren(door=collega, indicatie=indicatie, motivering="ok")
    Lidmaatschap.objects.filter(gebruiker=collega).update(mag_hardheidsclausule_goedkeuren=True)
    collega = type(collega).objects.get(pk=collega.pk)  # memberships are cached per user object, like Django's perms
    indicatie = hardheidsclausule_goedkeuren(door=collega, indicatie=indicatie, motivering="Gemeente akkoord.")
    assert indicatie.geldig and indicatie.hardheid_goedgekeurd_door == collega


def test_indicatie_only_in_the_indicatie_state(consulent, venlo):
    dossier = DossierFactory(gemeente=venlo, consulent=consulent, status=Status.MELDING, inwoner=inwoner_in(venlo))
    with pytest.raises(Geweigerd, match="na het onderzoek"):
        indicatie_voorstellen(door=consulent, dossier=dossier, gegevens=_gegevens("45L12"))


def test_a_wmo_product_in_a_jeugd_dossier_is_refused(consulent, dossier):
    with pytest.raises(Geweigerd, match="domein"):
        indicatie_voorstellen(door=consulent, dossier=dossier, gegevens=_gegevens("01B04"))


BASIS = {"product": "", "ingangsdatum": "2026-12-01", "einddatum": "2027-08-31", "bekostiging": "zin"}


@pytest.mark.parametrize(
    ("code", "wijziging", "veld", "melding"),
    [
        ("45L12", {"einddatum": "2026-11-01"}, "einddatum", "De einddatum ligt vóór de ingangsdatum."),
        ("44A07", {"volume": "7", "frequentie": "2", "einddatum": ""}, "einddatum", "einddatum verplicht (iJw CD076)"),
        (
            "45L12",
            {"budget": "1000", "einddatum": "", "bekostiging": "pgb"},
            "einddatum",
            "einddatum verplicht (iJw CD075)",
        ),
        ("44A07", {"volume": "7", "frequentie": "2", "budget": "100"}, "budget", "niet allebei (iJw CD077/CD078)"),
        ("44A07", {}, "volume", "Vul het volume in"),
    ],
)
def test_form_errors_beside_the_field(code, wijziging, veld, melding, consulent, dossier):
    client = ingelogde_client(consulent)
    data = {**BASIS, "product": Product.objects.get(code=code).pk, **wijziging}
    response = client.post(f"/dossiers/{dossier.public_id}/indicatie/", data)
    assert response.status_code == 400
    tekst = response.content.decode()
    assert melding in tekst and f'id="id_{veld}_error"' in tekst
    assert not Indicatie.objects.exists()


def test_rules_findings_appear_beside_their_field(consulent, dossier, venlo):
    """An aanbieder not contracted, an age outside the range, a rood stapeling: each beside its field."""
    client = ingelogde_client(consulent)
    aanbieder = AanbiederFactory()
    data = {
        **BASIS,
        "product": Product.objects.get(code="44L09").pk,
        "volume": "7",
        "frequentie": "2",
        "aanbieder": aanbieder.pk,
    }
    response = client.post(f"/dossiers/{dossier.public_id}/indicatie/", data)
    tekst = response.content.decode()
    assert response.status_code == 400
    # The list offers only contracted aanbieders; one posted anyway is refused beside its field.
    assert 'id="id_aanbieder_error"' in tekst and "niet gecontracteerd voor dit product" in tekst
    del data["aanbieder"]
    tekst = client.post(f"/dossiers/{dossier.public_id}/indicatie/", data).content.decode()
    assert 'id="id_ingangsdatum_error"' in tekst and "Zelfstandig wonen training is vanaf 16 jaar" in tekst
    ContractFactory(aanbieder=aanbieder, gemeente=venlo, product=Product.objects.get(code="45L12"))
    response = client.post(
        f"/dossiers/{dossier.public_id}/indicatie/",
        {**BASIS, "product": Product.objects.get(code="45L12").pk, "aanbieder": aanbieder.pk},
    )
    assert response.status_code == 302
    response = client.post(
        f"/dossiers/{dossier.public_id}/indicatie/", {**BASIS, "product": Product.objects.get(code="45L61").pk}
    )
    tekst = response.content.decode()
    assert 'id="id_product_error"' in tekst and "naast vaktherapie wordt geen andere jeugdhulp ingezet" in tekst


def test_live_findings_partial(consulent, dossier):
    client = ingelogde_client(consulent)
    response = client.post(
        f"/dossiers/{dossier.public_id}/indicatie/toets/",
        {**BASIS, "product": Product.objects.get(code="44A90").pk, "volume": "2", "frequentie": "6"},
        HTTP_HX_REQUEST="true",
    )
    tekst = response.content.decode()
    assert response.status_code == 200 and "<html" not in tekst
    assert "Naast logeren wordt altijd" in tekst or "ambulante hulp" in tekst
    assert not Indicatie.objects.exists()
