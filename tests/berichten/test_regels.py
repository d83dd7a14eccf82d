"""One negative test per condition, constraint and technical rule the validator checks inside a
message (iStandaarden iJw/iWmo 3.2, berichten), each starting from a valid message and breaking one thing."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from istandaard.regels import REGELS
from istandaard.validatie import valideer
from istandaard.xml import naar_xml
from tests.berichten.voorbeeld import jw301

VANDAAG = date.today()


def _product(g):
    return g["Client"]["ToegewezenProducten"]["ToegewezenProduct"][0]


def _contact(g):
    return g["Client"]["Contactgegevens"]["Contact"][0]


def budget_zonder_einde(g):
    p = _product(g)
    p.pop("Omvang"), p.pop("Einddatum")
    p["Budget"] = 10000


def per_week_zonder_einde(g):
    p = _product(g)
    p.pop("Einddatum")
    p["Omvang"] = {"Volume": 2, "Eenheid": "04", "Frequentie": "2"}


def omvang_en_budget(g):
    _product(g)["Budget"] = 100


def code_zonder_omvang(g):
    _product(g).pop("Omvang")


def geen_product_geen_budget(g):
    p = _product(g)
    p.pop("Product"), p.pop("Omvang")


def einde_voor_begin(g):
    _product(g)["Einddatum"] = _product(g)["Ingangsdatum"] - timedelta(days=1)


def reden_01(g):
    _product(g)["RedenWijziging"] = "01"


def verwijderd_met_looptijd(g):
    _product(g)["RedenWijziging"] = "13"


def etmaal_per_dag(g):
    _product(g)["Omvang"] = {"Volume": 1, "Eenheid": "14", "Frequentie": "1"}


def bsn_zonder_elfproef(g):
    g["Client"]["Bsn"] = "123456789"


def partnernaamgebruik(g):
    g["Client"]["Naam"]["NaamGebruik"] = "3"


def niet_natuurlijk(g):
    g["Client"]["Naam"]["NaamGebruik"] = "6"


def tolk_zonder_taal(g):
    g["Client"]["Communicatie"] = {"Vorm": "1"}


def nl_zonder_huis(g):
    _contact(g)["Adres"].pop("Huis")


def brp_zonder_postcode(g):
    _contact(g)["Adres"].pop("Postcode")
    _contact(g)["Telefoon"] = {"Telefoon01": {"Telefoonnummer": "0771234567", "Landnummer": "0031"}}


def postcode_met_spatie(g):
    _contact(g)["Adres"]["Postcode"] = "5911 AA"


def postcode_zonder_land(g):
    _contact(g)["Adres"].pop("LandCode")


def onbereikbaar(g):
    _contact(g)["Adres"] = {"Plaatsnaam": "Venlo"}


def alleen_tijdelijk_adres(g):
    _contact(g)["Soort"] = "04"


def dubbel_nummer(g):
    producten = g["Client"]["ToegewezenProducten"]["ToegewezenProduct"]
    producten.append({**producten[0], "Product": {"Categorie": "45", "Code": "45L13"}})


def overlappend_product(g):
    producten = g["Client"]["ToegewezenProducten"]["ToegewezenProduct"]
    producten.append({**producten[0], "ToewijzingNummer": 2})


def honderdtwintig_jaar(g):
    g["Client"]["Geboortedatum"]["Datum"] = date(VANDAAG.year - 121, 1, 1)


def datumgebruik_strijdig(g):
    g["Client"]["Geboortedatum"] = {"Datum": date(2014, 5, 14), "DatumGebruik": "1"}  # IV009: the day would be 01


def dagtekening_morgen(g):
    # Tomorrow as TR135 reckons it, at the moment the test runs: the module's VANDAAG is fixed at import,
    # and a run that passed midnight in between made "tomorrow" today (failed in a parallel run at 00:0x).
    g["Header"]["BerichtIdentificatie"]["Dagtekening"] = timezone.localdate() + timedelta(days=1)


def omvang_zonder_code(g):
    _product(g)["Product"] = {"Categorie": "45"}  # a category only, with the Omvang still there


def periode_bij_brp_adres(g):
    _contact(g)["Periode"] = {"Begindatum": VANDAAG - timedelta(days=30)}


def toegewezen_na_dagtekening(g):
    _product(g)["Toewijzingsdatum"] = VANDAAG + timedelta(days=1)
    g["Header"]["BerichtIdentificatie"]["Dagtekening"] = VANDAAG


GEVALLEN_301 = {
    "CD080": omvang_zonder_code,  # iStandaarden iJw/iWmo 3.2, bericht 301 ToegewezenProduct/Omvang
    "CD009": periode_bij_brp_adres,  # 301 Contact/Periode
    "TR134": toegewezen_na_dagtekening,  # technische regels, reading in istandaard/regels.py
    "CD075": budget_zonder_einde,
    "CD076": per_week_zonder_einde,
    "CD077": omvang_en_budget,
    "CD041": code_zonder_omvang,
    "CD079": geen_product_geen_budget,
    "CS003": einde_voor_begin,
    "CS336": reden_01,
    "CS335": verwijderd_met_looptijd,
    "CS338": etmaal_per_dag,
    "CS002": bsn_zonder_elfproef,
    "CS050": partnernaamgebruik,
    "CS318": niet_natuurlijk,
    "CD007": tolk_zonder_taal,
    "CD025": nl_zonder_huis,
    "CD034": brp_zonder_postcode,
    "CS089": postcode_met_spatie,
    "CD005": postcode_zonder_land,
    "TR006": onbereikbaar,
    "TR061": alleen_tijdelijk_adres,
    "TR101": dubbel_nummer,
    "TR302": overlappend_product,
    "TR002": honderdtwintig_jaar,
    "CS139": datumgebruik_strijdig,
    "TR135": dagtekening_morgen,
}


def _xml(domein, nummer, g):
    return naar_xml(domein, nummer, g)


@pytest.mark.parametrize("regel", sorted(GEVALLEN_301))
def test_each_rule_rejects_its_case_in_a_jw301(regel):
    g = jw301()
    GEVALLEN_301[regel](g)
    uitslag = valideer(_xml("jeugd", "301", g))
    assert not uitslag.schemafout, uitslag.bevindingen
    gevonden = {b.regel for b in uitslag.bevindingen}
    assert regel in gevonden, uitslag.bevindingen
    verwacht = "8848" if regel == "TR135" else "0001"
    assert {b.retourcode for b in uitslag.bevindingen if b.regel == regel} == {verwacht}


def _header(code, van_gemeente=False):
    g = jw301()["Header"]
    g["BerichtCode"] = code
    if not van_gemeente:
        g["Afzender"], g["Ontvanger"] = "12345678", "0983"
    return g


def _stop(**extra):
    product = {"ToewijzingNummer": 1, "Begindatum": VANDAAG, "RedenBeeindiging": "31", "Einddatum": VANDAAG}
    return {
        "Header": _header("440"),
        "Client": {
            "Bsn": "999990019",
            "Geboortedatum": {"Datum": date(2014, 5, 1)},
            "Geslacht": "1",
            "Naam": {"Geslachtsnaam": {"Achternaam": "Jansen"}},
            "StopProducten": {"StopProduct": [{**product, "StatusAanlevering": "1", **extra}]},
        },
    }


def _antwoord(**antwoord):
    return {"Header": _header("488", van_gemeente=True), "Antwoord": {"ReferentieAanbieder": "R1", **antwoord}}


def _vot(verwijzer, **extra):
    product = {"ReferentieAanbieder": "R1", "Product": {"Categorie": "45", "Code": "45L12"}}
    product |= {"ToewijzingIngangsdatum": VANDAAG, "Omvang": {"Volume": 1, "Eenheid": "82", "Frequentie": "6"}}
    return {
        "Header": _header("446"),
        "Client": {
            "Bsn": "999990019",
            "Geboortedatum": {"Datum": date(2014, 5, 1)},
            "Geslacht": "1",
            "Naam": {"Geslachtsnaam": {"Achternaam": "Jansen"}},
            "AangevraagdeProducten": {"AangevraagdProduct": [{**product, "Verwijzer": verwijzer, **extra}]},
        },
    }


GEVALLEN_ANDERE = [
    ("CS058", "307", _stop(StatusAanlevering="2")),
    ("TR134", "307", _stop(Einddatum=VANDAAG + timedelta(days=1), Begindatum=VANDAAG)),
    ("TR018", "307", _stop(Einddatum=VANDAAG - timedelta(days=1))),
    ("CD085", "319", _antwoord(VerzoekAntwoord="1")),
    ("CD085", "319", _antwoord(VerzoekAntwoord="2", RedenAfwijzingVerzoek="3")),
    ("TR377", "319", _antwoord(VerzoekAntwoord="1", RedenAfwijzingVerzoek="8")),
    ("CD066", "315", _vot({"Type": "02", "Naam": "Dokter", "ZorgverlenerCode": "01234567"})),
    ("CD066", "315", _vot({"Type": "02"})),
    ("CD066", "315", _vot({"Type": "06", "ZorgverlenerCode": "01234567"})),
    ("CD043", "315", _vot({"Type": "06"}, BeschikkingNummer=12)),
]


@pytest.mark.parametrize(
    ("regel", "nummer", "gegevens"), GEVALLEN_ANDERE, ids=[f"{r}-{n}" for r, n, _ in GEVALLEN_ANDERE]
)
def test_rules_of_the_other_messages(regel, nummer, gegevens):
    uitslag = valideer(_xml("jeugd", nummer, gegevens))
    assert not uitslag.schemafout, uitslag.bevindingen
    assert regel in {b.regel for b in uitslag.bevindingen}


def test_the_valid_variants_pass():
    assert valideer(_xml("jeugd", "307", _stop())).geldig
    assert valideer(_xml("jeugd", "319", _antwoord(VerzoekAntwoord="2"))).geldig
    assert valideer(_xml("jeugd", "315", _vot({"Type": "02", "ZorgverlenerCode": "01234567"}))).geldig


def test_every_rule_has_a_negative_test():
    getest = set(GEVALLEN_301) | {r for r, _n, _g in GEVALLEN_ANDERE}
    assert getest == set(REGELS)


@pytest.mark.parametrize(
    ("breek", "bron"),
    [
        (lambda g: g["Client"].update(Bsn="12345"), "LDT_BurgerServicenummer [0-9]{9}"),
        (lambda g: _product(g).update(ToewijzingNummer=1_000_000_000), "LDT_Nummer ≤ 999 999 999"),
        (lambda g: g["Header"]["BerichtIdentificatie"].update(Identificatie="1234567890123"), "≤ 12 tekens"),
        (lambda g: _product(g)["Omvang"].update(Eenheid="02"), "Eenheid WJ756 heeft geen 02"),
        (lambda g: g["Header"].update(BerichtCode="414"), "BerichtCode 436 voor JW301"),
        (lambda g: g["Client"].pop("ToegewezenProducten"), "ToegewezenProducten 1..1"),
    ],
)
def test_schema_errors_are_controleniveau_1(breek, bron):
    g = jw301()
    breek(g)
    uitslag = valideer(_xml("jeugd", "301", g))
    assert uitslag.schemafout, bron
    assert {b.retourcode for b in uitslag.bevindingen} == {"StUF055"}
