"""Hand-written example messages of every type the gemeente receives (docs/bronnen.md, iStandaarden: 302, 305,
307, 315, 317, 320 in both domains), written from header tot 302-319 and codelijsten of the standard, not by our code.

Each must be readable, valid for valideer (schema and rules) and give the expected values through
naar_dict. A conformant example our validation refuses is a defect in our definitions: that is how
the RetourCodes namespace and list-wrapper defects (JW302, JW320, WMO320), the one-line-only
Commentaar (JW315) and the ASCII-only Voorletters (WMO315) were found."""

from pathlib import Path

import pytest

from istandaard.validatie import valideer
from istandaard.xml import herken, lees, naar_dict

MAP = Path(__file__).parent / "voorbeelden"

# file -> (domein, nummer, {path in the naar_dict result: expected text}); paths use "/" and [i].
VERWACHT = {
    "JW302.xml": (  # 302: our JW301 returned with a rejected ToegewezenProduct (TR332, 9332)
        "jeugd",
        "302",
        {
            "Header/BerichtCode": "437",
            "Header/Afzender": "0983",  # retourheader: the heenbericht's header, copied unchanged
            "Header/Ontvanger": "73012345",
            "Header/BerichtIdentificatie/Identificatie": "JW301000412",
            "Header/IdentificatieRetour": "R2026-0088",
            "Client/Bsn": "999900043",
            "Client/RetourCodes/RetourCode[0]": "0200",
            "Client/Contactgegevens/Contact[0]/RetourCodes/RetourCode[0]": "0200",
            "Client/ToegewezenProducten/ToegewezenProduct[0]/ToewijzingNummer": "310077",
            "Client/ToegewezenProducten/ToegewezenProduct[0]/RetourCodes/RetourCode[0]": "9332",
        },
    ),
    "WMO302.xml": (  # IV028: an accepted 301 is answered with the header only, without RetourCodes
        "wmo",
        "302",
        {
            "Header/BerichtCode": "415",
            "Header/Afzender": "0984",
            "Header/BerichtIdentificatie/Identificatie": "WMO301-0031",
            "Header/DagtekeningRetour": "2026-04-08",
        },
    ),
    "JW305.xml": (  # 305
        "jeugd",
        "305",
        {
            "Header/BerichtCode": "438",
            "Header/Afzender": "73012345",  # header: from the aanbieder (AGB) to the gemeente (CBS)
            "Header/Ontvanger": "0983",
            "Client/Naam/Voornamen": "Thijs",
            "Client/StartProducten/StartProduct[0]/ToewijzingNummer": "310077",
            "Client/StartProducten/StartProduct[0]/Begindatum": "2026-04-02",
            "Client/StartProducten/StartProduct[0]/StatusAanlevering": "1",
        },
    ),
    "WMO305.xml": (  # 305, aspecifiek product (categorie only, IV075)
        "wmo",
        "305",
        {
            "Header/BerichtCode": "418",
            "Client/Bsn": "999900055",
            "Client/Naam/Geslachtsnaam/Voorvoegsel": "van",
            "Client/StartProducten/StartProduct[0]/Product/Categorie": "01",
        },
    ),
    "JW307.xml": (  # 307, reden 32 exists only in JZ588 (codelijst RedenBeeindiging)
        "jeugd",
        "307",
        {
            "Header/BerichtCode": "440",
            "Client/StopProducten/StopProduct[0]/RedenBeeindiging": "32",
            "Client/StopProducten/StopProduct[0]/Einddatum": "2026-06-30",
        },
    ),
    "WMO307.xml": (  # 307, reden 19 exists only in WMO588 (codelijst RedenBeeindiging)
        "wmo",
        "307",
        {
            "Header/BerichtCode": "420",
            "Client/StopProducten/StopProduct[0]/RedenBeeindiging": "19",
            "Client/StopProducten/StopProduct[0]/Begindatum": "2026-04-15",
        },
    ),
    "JW315.xml": (  # 315, with the Jeugd-only GezagsdragerBekend and a comment of two lines
        "jeugd",
        "315",
        {
            "Header/BerichtCode": "446",
            "Client/GezagsdragerBekend": "2",
            "Client/Commentaar": "Verwijzing huisarts d.d. 9 maart 2026.\nMoeder is bereikbaar na 15.00 uur.",
            "Client/AangevraagdeProducten/AangevraagdProduct[0]/ReferentieAanbieder": "VOT-00027-1",
            "Client/AangevraagdeProducten/AangevraagdProduct[0]/Verwijzer/Type": "02",
            "Client/AangevraagdeProducten/AangevraagdProduct[0]/Verwijzer/ZorgverlenerCode": "01004567",
        },
    ),
    "WMO315.xml": (  # 315 after an open beschikking (IV052, CD043), a name with diacritics
        "wmo",
        "315",
        {
            "Header/BerichtCode": "444",
            "Header/Ontvanger": "1507",  # Horst aan de Maas (CBS-gemeentecodes)
            "Client/Naam/Voorletters": "Ç",
            "Client/AangevraagdeProducten/AangevraagdProduct[0]/BeschikkingNummer": "2026114",
            "Client/AangevraagdeProducten/AangevraagdProduct[0]/BeschikkingIngangsdatum": "2026-05-01",
            "Client/AangevraagdeProducten/AangevraagdProduct[0]/Verwijzer/Type": "01",
        },
    ),
    "JW317.xml": (  # 317: oprekken of an existing toewijzing plus a new product
        "jeugd",
        "317",
        {
            "Header/BerichtCode": "486",
            "Client/Bsn": "999900043",
            "Client/Verzoek/RedenVerzoek": "2",
            "Client/Verzoek/TeWijzigenProducten/TeWijzigenProduct[0]/Einddatum": "2026-12-31",
            "Client/Verzoek/NieuweProducten/NieuwProduct[0]/Omvang/Volume": "120",
        },
    ),
    "WMO317.xml": (  # 317: one toewijzing unchanged, a new generiek budget
        "wmo",
        "317",
        {
            "Header/BerichtCode": "480",
            "Client/Verzoek/ReferentieAanbieder": "VOW-WMO-0003",
            "Client/Verzoek/OngewijzigdeProducten/OngewijzigdProduct[0]/ToewijzingNummer": "52014",
            "Client/Verzoek/NieuweProducten/NieuwProduct[0]/Budget": "360000",
        },
    ),
    "JW320.xml": (  # 319/retourheader: our JW319 (woonplaatsbeginsel) returned, ReferentieAanbieder unknown (TR355)
        "jeugd",
        "320",
        {
            "Header/BerichtCode": "489",
            "Header/Afzender": "0983",
            "Antwoord/RedenAfwijzingVerzoek": "8",
            "Antwoord/Woonplaatsbeginsel/Gemeente": "1894",
            "Antwoord/Woonplaatsbeginsel/RetourCodes/RetourCode[0]": "0200",
            "Antwoord/RetourCodes/RetourCode[0]": "9355",
        },
    ),
    "WMO320.xml": (  # IV028/IV033: a technical rejection, header with 0001 and the XsltVersie
        "wmo",
        "320",
        {
            "Header/BerichtCode": "483",
            "Header/XsltVersie": "1.0.0",
            "Header/RetourCodes/RetourCode[0]": "0001",
        },
    ),
}


def _waarde(gegevens: dict, pad: str):
    for deel in pad.split("/"):
        naam, _, index = deel.partition("[")
        gegevens = gegevens[naam]
        if index:
            gegevens = gegevens[int(index.rstrip("]"))]
    return gegevens


def test_there_is_an_example_of_every_incoming_type():
    soorten = {f"{'JW' if d == 'jeugd' else 'WMO'}{n}" for d, n, _ in VERWACHT.values()}
    assert soorten == {f"{p}{n}" for p in ("JW", "WMO") for n in ("302", "305", "307", "315", "317", "320")}
    assert sorted(p.name for p in MAP.glob("*.xml")) == sorted(VERWACHT)


@pytest.mark.parametrize("naam", sorted(VERWACHT))
def test_a_hand_written_example_parses_and_validates(naam):
    inhoud = (MAP / naam).read_bytes()
    # OP192: UTF-8 without BOM, CR/LF line ends
    assert not inhoud.startswith(b"\xef\xbb\xbf") and inhoud.startswith(b"<?xml")
    assert b"\r\n" in inhoud and b"\n" not in inhoud.replace(b"\r\n", b""), "CR/LF only"
    inhoud.decode("utf-8")
    domein, nummer, velden = VERWACHT[naam]
    assert herken(lees(inhoud)) == (domein, nummer)
    uitslag = valideer(inhoud)
    assert uitslag.geldig, [b.als_dict() for b in uitslag.bevindingen]
    _d, _n, gegevens = naar_dict(lees(inhoud))
    assert gegevens == uitslag.gegevens
    for pad, verwacht in velden.items():
        assert _waarde(gegevens, pad) == verwacht, pad


@pytest.mark.parametrize(
    ("naam", "oud", "nieuw", "bron"),
    [
        ("JW302.xml", b"<jw302:RetourCode>9332<", b"<jw302:RetourCode>9999<", "codelijst RetourCode: not a retourcode"),
        (
            "JW305.xml",
            b"<jw305:StatusAanlevering>1<",
            b"<jw305:StatusAanlevering>4<",
            "codelijsten StatusAanlevering/JaNee COD467",
        ),
        (
            "WMO307.xml",
            b"<wmo307:RedenBeeindiging>19<",
            b"<wmo307:RedenBeeindiging>32<",
            "codelijst RedenBeeindiging: 32 is Jeugd-only",
        ),
        (
            "WMO315.xml",
            b"<wmo315:Raamcontract>",
            b"<wmo315:GezagsdragerBekend>1</wmo315:GezagsdragerBekend><wmo315:Raamcontract>",
            "iWmo-berichten: no GezagsdragerBekend in Wmo (and not there)",
        ),
        ("JW320.xml", b"<jw320:Gemeente>1894<", b"<jw320:Gemeente>894<", "header LDT_Gemeente 4 digits"),
    ],
)
def test_a_broken_example_is_refused_by_the_schema(naam, oud, nieuw, bron):
    """The examples are valid because the schema checks them, not because it checks nothing."""
    inhoud = (MAP / naam).read_bytes()
    assert oud in inhoud
    uitslag = valideer(inhoud.replace(oud, nieuw, 1))
    assert uitslag.schemafout and not uitslag.geldig, bron
