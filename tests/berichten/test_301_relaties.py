"""The 301's Relaties follow the rules in istandaard.relaties, one table per rule naming its source
(iStandaarden iJw/iWmo 3.2); then whole 301s built from inwoners with relaties pass the codec's own
validation (XSD and the rules inside a message) and hold only current relaties."""

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from inwoners.codes import AdresSoort, SoortRelatie
from inwoners.factories import AdresFactory, RelatieFactory, inwoner_in
from inwoners.models import Relatie
from istandaard.opbouw import client_301, header
from istandaard.relaties import (
    RELATIEREGELS,
    adres_ontleden,
    gaat_mee,
    iv045_naam,
    op001_niet_de_client,
    op002_gezagsdrager,
    op002x2_heeft_zelf_gezag,
    op076_contactpersoon,
    op130_bereikbaar,
    wettelijk_vertegenwoordiger,
)
from istandaard.validatie import valideer_geschreven
from istandaard.xml import schrijf
from organisaties.factories import gemeente
from tests.conftest import jaren_geleden

VANDAAG = date(2026, 3, 1)
CLIENT = SimpleNamespace(pk=1, bsn="999990019")


def _relatie(**anders):
    velden = {
        "persoon_id": None,
        "persoon": None,
        "soort": "10",
        "gezaghebbend": False,
        "wettelijk_vertegenwoordiger": False,
        "contactpersoon": False,
        "beeindigd_op": None,
    }
    return SimpleNamespace(**{**velden, **anders})


def test_every_rule_names_its_source_and_says_what_it_asks():
    assert set(RELATIEREGELS) >= {"OP001", "OP002", "OP002x2", "OP076", "OP130", "IV045"}
    for code, regel in RELATIEREGELS.items():
        assert regel.code == code and regel.bron.startswith(("iJw", "iWmo")) and regel.inhoud
        assert set(regel.domeinen) <= {"jeugd", "wmo"}


# OP001 (iJw 3.2, bedrijfsregel OP001): the jeugdige is the client, never his own relatie.
@pytest.mark.parametrize(
    ("relatie", "gaat"),
    [
        (_relatie(), True),
        (_relatie(persoon_id=2, persoon=SimpleNamespace(pk=2, bsn="999990020")), True),
        (_relatie(persoon_id=1, persoon=SimpleNamespace(pk=1, bsn=CLIENT.bsn)), False),  # his own record
        (_relatie(persoon_id=3, persoon=SimpleNamespace(pk=3, bsn=CLIENT.bsn)), False),  # a double of him
    ],
)
def test_op001_the_client_is_never_his_own_relatie(relatie, gaat):
    assert op001_niet_de_client(relatie, CLIENT) is gaat


# OP002 (iJw 3.2, bedrijfsregel OP002): the gezagsdrager goes in the Jeugd; OP002x2: not when the
# jeugdige holds gezag himself.
@pytest.mark.parametrize(
    ("domein", "gezag", "zelf_gezag", "gaat"),
    [
        ("jeugd", True, False, True),
        ("jeugd", False, False, False),
        ("jeugd", True, True, False),  # OP002x2
        ("wmo", True, False, False),  # no gezagsdrager rule in the Wmo
    ],
)
def test_op002_the_gezagsdrager_of_a_jeugdige_goes(domein, gezag, zelf_gezag, gaat):
    assert op002_gezagsdrager(_relatie(gezaghebbend=gezag), domein, client_heeft_zelf_gezag=zelf_gezag) is gaat


@pytest.mark.parametrize(
    ("geboortedatum", "zelf"),
    [
        (date(2018, 3, 1), False),  # 8
        (date(2008, 3, 2), False),  # 17, 18 tomorrow
        (date(2008, 3, 1), True),  # 18 today
        (date(2004, 1, 1), True),  # 22: verlengde jeugdhulp
    ],
)
def test_op002x2_from_18_the_jeugdige_holds_gezag_himself(geboortedatum, zelf):
    assert op002x2_heeft_zelf_gezag(geboortedatum, VANDAAG) is zelf


# OP076 (iJw/iWmo 3.2, bedrijfsregel OP076): a contactpersoon goes with the soort of his relatie.
@pytest.mark.parametrize(
    ("relatie", "gaat"),
    [
        (_relatie(contactpersoon=True, soort="17"), True),
        (_relatie(contactpersoon=True, soort=""), False),  # no soort: not sent as a bare contactpersoon
        (_relatie(contactpersoon=False, soort="17"), False),
    ],
)
def test_op076_a_contactpersoon_goes_with_his_soort(relatie, gaat):
    assert op076_contactpersoon(relatie) is gaat


# iWmo 3.2, bericht 301 (Client/Relaties): the wettelijk vertegenwoordiger in the Wmo.
@pytest.mark.parametrize(
    ("domein", "vertegenwoordiger", "gaat"),
    [("wmo", True, True), ("wmo", False, False), ("jeugd", True, False)],
)
def test_the_wettelijk_vertegenwoordiger_goes_in_the_wmo(domein, vertegenwoordiger, gaat):
    assert wettelijk_vertegenwoordiger(_relatie(wettelijk_vertegenwoordiger=vertegenwoordiger), domein) is gaat


@pytest.mark.parametrize(
    ("relatie", "domein", "gaat"),
    [
        (_relatie(gezaghebbend=True), "jeugd", True),
        (_relatie(gezaghebbend=True, beeindigd_op=VANDAAG), "jeugd", False),  # ended: history only
        (_relatie(), "jeugd", False),  # an ouder without gezag who is no contactpersoon
        (_relatie(contactpersoon=True, soort="19"), "wmo", True),
        (_relatie(gezaghebbend=True, persoon_id=1, persoon=SimpleNamespace(pk=1, bsn=CLIENT.bsn)), "jeugd", False),
    ],
)
def test_which_relaties_go_at_all(relatie, domein, gaat):
    assert gaat_mee(relatie, CLIENT, domein, client_heeft_zelf_gezag=False) is gaat


TELEFOON = {"Telefoon01": {"Telefoonnummer": "0612345678", "Landnummer": "0031"}}
ADRES = adres_ontleden("Markt 1, 5911 AA Venlo")
NAAM = {"Geslachtsnaam": {"Achternaam": "Jansen"}, "NaamGebruik": "1"}


# OP130 (iJw/iWmo 3.2, bedrijfsregel OP130): a name and a full address and/or a telephone number.
@pytest.mark.parametrize(
    ("naam", "contact", "gaat"),
    [
        (NAAM, {"Soort": "01", "Telefoon": TELEFOON}, True),
        (NAAM, {"Soort": "01", "Adres": ADRES}, True),
        (NAAM, {"Soort": "01", "Adres": ADRES, "Telefoon": TELEFOON}, True),
        (NAAM, {"Soort": "01", "Adres": {**ADRES, "Postcode": None}}, False),  # not a full address
        (NAAM, {"Soort": "01", "Emailadres": "a@voorbeeld.example"}, False),  # e-mail alone is not enough
        (None, {"Soort": "01", "Telefoon": TELEFOON}, False),  # no name
    ],
)
def test_op130_a_relatie_needs_a_name_and_an_address_or_telephone(naam, contact, gaat):
    assert op130_bereikbaar(naam, contact) is gaat


def _huis(nummer, letter=None, toevoeging=None):
    return {"Huisnummer": nummer, "Huisletter": letter, "HuisnummerToevoeging": toevoeging}


@pytest.mark.parametrize(
    ("tekst", "huis", "postcode", "plaats"),
    [
        ("Markt 1, 5911 AA Venlo", _huis(1), "5911AA", "Venlo"),
        ("Lange Kerkstraat 12a, 5911AB Venlo", _huis(12, "a"), "5911AB", "Venlo"),
        ("Parade 7-2 5911 CC Venlo", _huis(7, toevoeging="2"), "5911CC", "Venlo"),
        ("Markt 1, Venlo", None, None, None),  # no postcode: not full
        ("Rue de la Paix 3, 75002 Paris", None, None, None),  # not a Dutch address
        ("", None, None, None),
    ],
)
def test_an_address_on_one_line_is_read_as_the_301s_adres(tekst, huis, postcode, plaats):
    adres = adres_ontleden(tekst)
    if huis is None:
        assert adres is None
    else:
        gelezen = (adres["Huis"], adres["Postcode"], adres["Plaatsnaam"], adres["LandCode"])
        assert gelezen == (huis, postcode, plaats, "NL")


# IV045 (iJw/iWmo 3.2, invulinstructie IV045): an organisation as voogd.
@pytest.mark.parametrize(
    ("organisatie", "achternaam"),
    [("GI Limburg", "GI Limburg"), ("  Jeugdbescherming Zuid  ", "Jeugdbescherming Zuid"), ("X" * 250, "X" * 200)],
)
def test_iv045_an_organisation_is_named_with_naamgebruik_6(organisatie, achternaam):
    assert iv045_naam(organisatie) == {"Geslachtsnaam": {"Achternaam": achternaam}, "NaamGebruik": "6"}


# The whole 301, built from the database and checked by the codec.


def _301(inwoner, domein="jeugd", peildatum=None):
    peildatum = peildatum or date.today()
    code = "45L12" if domein == "jeugd" else "01B04"
    t = SimpleNamespace(
        pk=1,
        nummer=1,
        referentie_aanbieder="",
        product=SimpleNamespace(categorie=code[:2], code=code),
        toewijzingsmoment=timezone.now(),
        ingangsdatum=peildatum,
        einddatum=peildatum + timedelta(days=90),
        budget=None,
        volume=5,
        eenheid="uur",
        frequentie="2",
    )
    kop = header(domein, "301", afzender="0983", ontvanger="12345678", identificatie="1", dagtekening=peildatum)
    gegevens = {
        "Header": kop,
        "Client": client_301(inwoner, [t], {}, domein, peildatum=peildatum),
    }
    uitslag = valideer_geschreven(schrijf(domein, "301", gegevens))
    assert uitslag.geldig, uitslag
    return gegevens["Client"].get("Relaties") and gegevens["Client"]["Relaties"]["Relatie"] or []


@pytest.mark.django_db
def test_a_jw301_holds_both_gezagsdragers_and_never_the_child_or_an_ended_relatie():
    venlo = gemeente("0983")
    kind = inwoner_in(venlo, geboortedatum=jaren_geleden(8, date.today()), voornamen="Sem")
    moeder = inwoner_in(venlo, geboortedatum=jaren_geleden(38, date.today()), telefoon="0611111111")
    RelatieFactory(inwoner=kind, soort=SoortRelatie.OUDER, gezaghebbend=True, persoon=moeder, telefoon="")
    RelatieFactory(
        inwoner=kind, soort=SoortRelatie.OUDER, gezaghebbend=True, telefoon="", adres="Markt 1, 5911 AA Venlo"
    )
    RelatieFactory(inwoner=kind, soort=SoortRelatie.OUDER, gezaghebbend=False, telefoon="0622222222")  # no gezag
    RelatieFactory(inwoner=kind, soort=SoortRelatie.OUDER, gezaghebbend=True, beeindigd_op=date.today())  # ended
    RelatieFactory(inwoner=kind, soort=SoortRelatie.PLEEGOUDER, gezaghebbend=True, telefoon="", email="p@v.example")

    relaties = _301(kind)
    assert [r["Nummer"] for r in relaties] == ["1", "2"]  # OP002; 3 has no gezag, 4 ended, 5 unreachable (OP130)
    assert relaties[0]["Naam"]["Geslachtsnaam"]["Achternaam"] == moeder.geslachtsnaam
    assert relaties[0]["Contact"]["Adres"]["Postcode"] == moeder.adressen.get().postcode.replace(" ", "")
    assert relaties[1]["Contact"]["Adres"]["Straatnaam"] == "Markt" and relaties[1]["Contact"]["Telefoon"] is None
    assert all(r["Naam"]["Voornamen"] != "Sem" for r in relaties)  # OP001
    assert Relatie.alle.filter(inwoner=kind).count() == 5


@pytest.mark.django_db
def test_a_gi_as_voogd_goes_with_naamgebruik_6_and_no_birth_date():
    kind = inwoner_in(gemeente("0983"), geboortedatum=jaren_geleden(8, date.today()))
    RelatieFactory(
        inwoner=kind,
        soort=SoortRelatie.VOOGD,
        gezaghebbend=True,
        voornamen="",
        geslachtsnaam="",
        organisatienaam="GI Limburg",
        telefoon="0773000000",
    )
    (voogd,) = _301(kind)
    assert voogd["Naam"] == {"Geslachtsnaam": {"Achternaam": "GI Limburg"}, "NaamGebruik": "6"}  # IV045
    assert voogd["Geboortedatum"] is None and voogd["Geslacht"] is None and voogd["Soort"] == "11"


@pytest.mark.django_db
def test_an_adult_in_verlengde_jeugdhulp_gets_no_gezagsdrager_but_keeps_his_contactpersoon():
    jongere = inwoner_in(gemeente("0983"), geboortedatum=jaren_geleden(19, date.today()))
    RelatieFactory(inwoner=jongere, gezaghebbend=True)  # recorded while he was a minor
    RelatieFactory(inwoner=jongere, soort=SoortRelatie.FAMILIELID, contactpersoon=True, volgorde=1)
    (contact,) = _301(jongere)
    assert (contact["Nummer"], contact["Soort"], contact["Volgorde"]) == ("2", "17", 1)  # OP002x2, OP076


@pytest.mark.django_db
def test_a_wmo301_holds_the_vertegenwoordiger_and_the_contactpersoon_not_a_gezaghebbende():
    inwoner = inwoner_in(gemeente("0889"), geboortedatum=jaren_geleden(80, date.today()))
    RelatieFactory(inwoner=inwoner, soort=SoortRelatie.MENTOR, wettelijk_vertegenwoordiger=True)
    RelatieFactory(inwoner=inwoner, soort=SoortRelatie.KIND, contactpersoon=True, volgorde=1)
    RelatieFactory(inwoner=inwoner, soort=SoortRelatie.BUUR)  # neither: stays at the toegang
    relaties = _301(inwoner, "wmo")
    assert [(r["Nummer"], r["Soort"]) for r in relaties] == [("1", "15"), ("2", "16")]


@pytest.mark.django_db
def test_a_relatie_that_is_an_inwoner_brings_his_own_brp_adres():
    venlo = gemeente("0983")
    kind = inwoner_in(venlo, geboortedatum=jaren_geleden(8, date.today()))
    vader = inwoner_in(venlo, telefoon="")
    vader.adressen.all().delete()
    AdresFactory(inwoner=vader, soort=AdresSoort.VERBLIJF, gemeente=venlo)
    RelatieFactory(inwoner=kind, gezaghebbend=True, persoon=vader, telefoon="")
    (relatie,) = _301(kind)
    assert relatie["Contact"]["Adres"]["Huis"]["Huisnummer"] == vader.adressen.get().huisnummer


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("telefoon", "adres", "geldig"),
    [
        ("0612345678", "", True),
        ("", "Markt 1, 5911 AA Venlo", True),
        ("", "Markt 1, Venlo", False),  # OP130: no full address and no telephone
        ("", "", False),
    ],
)
def test_op130_the_relatie_form_asks_for_a_telephone_or_a_full_address(telefoon, adres, geldig):
    from inwoners.relatieforms import RelatieForm

    data = {"soort": "10", "geslachtsnaam": "Jansen", "gezaghebbend": "on", "herkomst": "inwoner"}
    form = RelatieForm({**data, "telefoon": telefoon, "adres": adres}, gebruiker=None, nieuw=True)
    assert form.is_valid() is geldig
    if not geldig:
        assert "volledig adres" in form.errors["telefoon"][0]
