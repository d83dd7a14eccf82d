"""Segment 1 is "alleen toegankelijk via bijzondere toegang" (Handboek verwijzers jeugdhulp §2.8 (r. 3819–3820),
JR-003): a property of the consulent's membership of a gemeente, set by functioneel beheer, that the indicatie
flow passes to the rules module."""

from datetime import date
from decimal import Decimal

import pytest

from accounts.models import Lidmaatschap, Rol
from accounts.permissions import heeft_bijzondere_toegang
from inwoners.factories import inwoner_in
from producten.models import Product
from tests.accounts.test_beheer_scope import _beheerder, _lidmaatschappen, _nieuw_account, _url
from tests.conftest import ingelogde_client, maak_gebruiker
from toegang.fouten import Geweigerd
from verwijzing.factories import DossierFactory
from verwijzing.indicatie import indicatie_voorstellen
from verwijzing.models import Status

pytestmark = pytest.mark.django_db


def _consulent(gemeente, *, bijzondere_toegang: bool, rol=Rol.CONSULENT):
    gebruiker = maak_gebruiker(rol, [gemeente], domein_jeugd=True)
    Lidmaatschap.objects.filter(gebruiker=gebruiker).update(bijzondere_toegang=bijzondere_toegang)
    return gebruiker


# (rol, bijzondere toegang on the membership, in the dossier's gemeente, verwacht, bron)
WIE = [
    (Rol.CONSULENT, True, True, True, "consulent of the bijzondere toegang, Handboek verwijzers jeugdhulp §2.8"),
    (Rol.CONSULENT, False, True, False, "an ordinary consulent: segment 1 blocked, Handboek verwijzers jeugdhulp §2.8"),
    (Rol.CONSULENT, True, False, False, "bijzondere toegang holds per gemeente"),
    (Rol.BACKOFFICE, True, True, False, "only a consulent indicates"),
]


@pytest.mark.parametrize(("rol", "vlag", "eigen_gemeente", "verwacht", "bron"), WIE)
def test_heeft_bijzondere_toegang(rol, vlag, eigen_gemeente, verwacht, bron, venlo, beesel):
    gebruiker = _consulent(venlo, bijzondere_toegang=vlag, rol=rol)
    assert heeft_bijzondere_toegang(gebruiker, venlo if eigen_gemeente else beesel) is verwacht, bron


@pytest.mark.parametrize(("vlag", "mag"), [(True, True), (False, False)])
def test_segment_1_is_indicated_through_the_membership(vlag, mag, venlo):
    """Handboek verwijzers jeugdhulp §2.8 (r. 3819–3820): 50L70 only via the bijzondere toegang."""
    consulent = _consulent(venlo, bijzondere_toegang=vlag)
    dossier = DossierFactory(
        gemeente=venlo,
        consulent=consulent,
        status=Status.INDICATIE,
        inwoner=inwoner_in(venlo, geboortedatum=date(2012, 3, 1)),
    )
    gegevens = {
        "product": Product.objects.get(code="50L70"),
        "volume": None,  # no eenheid in the catalogue: the amount per aanbieder (producten.eenheden.BEDRAG)
        "frequentie": "",
        "budget": Decimal("12345.00"),
        "ingangsdatum": date(2026, 12, 1),
        "einddatum": date(2027, 8, 31),
        "aanbieder": None,
        "bekostiging": "zin",
    }
    if mag:
        indicatie = indicatie_voorstellen(
            door=consulent, dossier=dossier, gegevens=gegevens, motivering="Behandeling met verblijf nodig."
        )
        assert not any(b["regel"] == "BIJZONDERE-TOEGANG" for b in indicatie.bevindingen)
    else:
        with pytest.raises(Geweigerd) as fout:
            indicatie_voorstellen(door=consulent, dossier=dossier, gegevens=gegevens)
        assert {b.regel for b in fout.value.bevindingen} == {"BIJZONDERE-TOEGANG"}


def test_functioneel_beheer_sets_it_on_the_membership(venlo):
    account = maak_gebruiker(Rol.CONSULENT, [venlo], username="consulent.venlo")
    client = ingelogde_client(_beheerder([venlo], username="beheer.venlo"))
    assert 'name="lidmaatschappen-0-bijzondere_toegang"' in client.get(_url(account, "change")).content.decode()
    data = _nieuw_account(username="consulent.venlo") | _lidmaatschappen(account)
    data["lidmaatschappen-0-bijzondere_toegang"] = "on"
    assert client.post(_url(account, "change"), data).status_code == 302
    assert account.lidmaatschappen.get().bijzondere_toegang


@pytest.mark.parametrize(("vlag", "geblokkeerd"), [(True, False), (False, True)])
def test_the_live_check_on_the_form_says_what_saving_will_say(vlag, geblokkeerd, venlo):
    """The findings beside the indicatie form (htmx) pass the membership's bijzondere toegang as saving does."""
    consulent = _consulent(venlo, bijzondere_toegang=vlag)
    dossier = DossierFactory(
        gemeente=venlo,
        consulent=consulent,
        status=Status.INDICATIE,
        inwoner=inwoner_in(venlo, geboortedatum=date(2012, 3, 1)),
    )
    product = Product.objects.get(code="50L70")
    antwoord = ingelogde_client(consulent).post(
        f"/dossiers/{dossier.public_id}/indicatie/toets/",
        # the rules need only product and ingangsdatum: the amount still to be typed does not hide them
        {"product": product.pk, "ingangsdatum": "01-12-2026", "einddatum": "31-08-2027"},
    )
    assert antwoord.status_code == 200
    assert ("alleen toegankelijk via de bijzondere toegang" in antwoord.content.decode()) is geblokkeerd


@pytest.mark.parametrize(("vlag", "opgeslagen"), [(True, True), (False, False)])
def test_segment_1_is_indicated_on_the_form_with_its_amount(vlag, opgeslagen, venlo):
    """§2.8 (r. 3819–3820) through the form: 50L70 has no catalogue eenheid, so the consulent of the bijzondere toegang
    enters the amount per aanbieder (keuze BEDRAG, producten/eenheden.py); an ordinary consulent is refused."""
    consulent = _consulent(venlo, bijzondere_toegang=vlag)
    dossier = DossierFactory(
        gemeente=venlo,
        consulent=consulent,
        status=Status.INDICATIE,
        inwoner=inwoner_in(venlo, geboortedatum=date(2012, 3, 1)),
    )
    antwoord = ingelogde_client(consulent).post(
        f"/dossiers/{dossier.public_id}/indicatie/",
        {
            "product": Product.objects.get(code="50L70").pk,
            "ingangsdatum": "01-12-2026",
            "einddatum": "31-08-2027",
            "budget": "12345.00",
            "bekostiging": "zin",
            "motivering": "Behandeling met verblijf nodig.",
        },
    )
    assert (antwoord.status_code == 302) is opgeslagen
    indicaties = list(dossier.indicaties.values_list("volume", "budget"))
    assert indicaties == ([(None, Decimal("12345.00"))] if opgeslagen else [])
