"""Bench steps for inwoners, their BRP-adres and, for jeugdigen, two ouders (inwoners app tables).

Names, streets and kernen are short lists of our own rather than Faker's, so the data set does not
change when Faker's word lists do.
"""

import datetime
import json
import unicodedata
from collections.abc import Iterator
from itertools import accumulate, islice

from inwoners.bsn import geldige_bsns

from .core import Schaal, copy_rows, jeugdige_geboren_na, stream_query, uuid4_from

# Values of inwoners.codes (AdresSoort.BRP, SoortRelatie.OUDER, Geslacht, Herkomst.BRP), written out
# because that module imports Django and the generator runs without a configured Django.
ADRES_BRP = "01"
RELATIE_OUDER = "10"
MAN, VROUW, ONBEKEND = "1", "2", "0"
HERKOMST_BRP = "brp"

# The demo and the tests use 9999xxxxx; the bench stays out of that range so both can share a server.
BSN_PREFIX = "99"
BSN_GERESERVEERD = "9999"

# Per gemeente (CBS code): its weight (about its number of inhabitants) and its kernen with their
# postcode digits and weight. The first kern matches inwoners.factories.KERNEN (a test checks it).
KERNEN: dict[str, tuple[int, list[tuple[str, tuple[str, ...], int]]]] = {
    "0889": (13_700, [("Reuver", ("5953",), 7), ("Beesel", ("5954",), 3)]),
    "0893": (
        13_300,
        [
            ("Bergen (L.)", ("5854",), 4),
            ("Well", ("5855",), 2),
            ("Afferden", ("5851",), 2),
            ("Siebengewald", ("5853",), 2),
            ("Wellerlooi", ("5856",), 1),
        ],
    ),
    "0907": (
        17_300,
        [
            ("Gennep", ("6591", "6592"), 9),
            ("Ottersum", ("6595",), 3),
            ("Milsbeek", ("6596",), 2),
            ("Heijen", ("6598",), 2),
        ],
    ),
    "1507": (
        43_500,
        [
            ("Horst", ("5961", "5962"), 14),
            ("Sevenum", ("5975",), 6),
            ("Grubbenvorst", ("5971",), 5),
            ("America", ("5966",), 3),
            ("Hegelsom", ("5963",), 2),
            ("Lottum", ("5973",), 2),
            ("Meerlo", ("5864",), 2),
        ],
    ),
    "1894": (
        45_000,
        [
            ("Panningen", ("5981",), 10),
            ("Maasbree", ("5993",), 6),
            ("Baarlo", ("5991",), 6),
            ("Helden", ("5988",), 4),
            ("Kessel", ("5995",), 4),
            ("Grashoek", ("5985",), 2),
            ("Beringe", ("5986",), 2),
        ],
    ),
    "0983": (
        102_500,
        [
            ("Venlo", ("5911", "5912", "5913", "5914", "5915", "5916"), 40),
            ("Blerick", ("5921", "5922", "5923", "5924", "5925", "5926"), 25),
            ("Tegelen", ("5931", "5932"), 18),
            ("Belfeld", ("5951",), 5),
            ("Velden", ("5941",), 4),
            ("Arcen", ("5944",), 3),
            ("Steyl", ("5935",), 2),
        ],
    ),
    "0984": (
        45_300,
        [
            ("Venray", ("5801", "5802", "5803", "5804"), 30),
            ("Oostrum", ("5807",), 2),
            ("Ysselsteyn", ("5813",), 2),
            ("Wanssum", ("5861",), 2),
            ("Merselo", ("5815",), 1),
            ("Oirlo", ("5808",), 1),
            ("Leunen", ("5809",), 1),
        ],
    ),
}


def _lijst(tekst: str) -> list[str]:
    """A word list written as comma-separated text: a hundred names read better so than one per line."""
    return [woord.strip() for woord in tekst.split(",")]


# Dutch postcodes skip F, I, O, Q, U, Y and never end in SA, SD or SS.
POSTCODE_LETTERS = [a + b for a in "ABCDEGHJKLMNPRSTVWXZ" for b in "ABCDEGHJKLMNPRSTVWXZ"]
POSTCODE_LETTERS = [p for p in POSTCODE_LETTERS if p not in {"SA", "SD", "SS"}]

VOORNAMEN_MAN = _lijst(
    "Jan, Johannes, Petrus, Hendrikus, Wilhelmus, Theodorus, Hubertus, Gerardus, Martinus, Jozef, Leon, Sjef, "
    "Harrie, Ger, Frans, Piet, Mark, Peter, Rob, Paul, Erik, Jeroen, Bas, Tom, Tim, Niels, Rick, Stefan, Luuk, "
    "Daan, Sem, Lars, Thijs, Bram, Noah, Finn, Levi, Luca, Mees, Jesse, Milan, Ruben, Joep, Stijn, Koen, Twan, "
    "Hein, Wim, Toon, Mathieu"
)
VOORNAMEN_VROUW = _lijst(
    "Maria, Johanna, Wilhelmina, Hendrika, Elisabeth, Anna, Catharina, Gertruda, Petronella, Mia, Truus, Annie, "
    "Lies, Els, Marian, Ingrid, Monique, Anja, Sandra, Linda, Chantal, Kim, Lotte, Sanne, Anouk, Lisa, Eva, Femke, "
    "Iris, Noor, Emma, Julia, Sophie, Tess, Zoë, Nina, Fenna, Saar, Roos, Lieke, Fleur, Isa, Evi, Yara, Maud, Loes, "
    "Ilse, Marloes, Manon"
)
ACHTERNAMEN_ZONDER_VOORVOEGSEL = _lijst(
    "Janssen, Peeters, Hendriks, Jacobs, Smeets, Verheijen, Gielen, Vullings, Hermans, Theelen, Wijnen, Linders, "
    "Geurts, Coenen, Cox, Maessen, Hoeymakers, Verstappen, Vermeulen, Willems, Thijssen, Keijsers, Peters, Joosten, "
    "Wilms, Bouten, Kurstjens, Hesen, Jenniskens, Titulaer, Hagens, Classens, Driessen, Houben, Lemmen, Martens, "
    "Goossens, Gommans, Seelen, Jansen, Bakker, Visser, Smits, Meulendijks, Arts, Poels, Jeurissen, Michiels, "
    "Rutten, Kessels, Nabben, Verbeek, Ramakers, Gubbels, Timmermans, Lenssen, Claessens, Custers, Hoebergen, "
    "Steeghs, Vossen"
)
ACHTERNAMEN = [
    *(("", naam) for naam in ACHTERNAMEN_ZONDER_VOORVOEGSEL),
    ("van", "Rijn"),
    ("van der", "Linden"),
    ("van den", "Broek"),
    ("de", "Vries"),
    ("van", "Dijk"),
    ("van de", "Ven"),
    ("van den", "Beuken"),
    ("van", "Kessel"),
    ("van", "Lier"),
    ("van der", "Heijden"),
    ("de", "Jong"),
    ("van", "Helden"),
    ("van", "Rens"),
    ("van de", "Kerkhof"),
    ("van", "Enckevort"),
    ("van", "Dinther"),
    ("van der", "Zanden"),
    ("de", "Wit"),
    ("van", "Ool"),
    ("van", "Bree"),
]
STRATEN = _lijst(
    "Kerkstraat, Dorpstraat, Molenstraat, Schoolstraat, Stationsstraat, Nieuwstraat, Julianastraat, "
    "Wilhelminastraat, Beatrixstraat, Emmastraat, Parallelweg, Hoofdstraat, Maasstraat, Lindelaan, Eikenlaan, "
    "Beukenlaan, Kastanjelaan, Berkenlaan, Populierenstraat, Irisstraat, Tulpstraat, Rozenstraat, Merelstraat, "
    "Lijsterstraat, Peelstraat, Meerweg, Markt, Veldstraat, Kloosterstraat, Kapelstraat, Poststraat, Steenstraat, "
    "Zandweg, Heideweg, Broekweg, Oranjestraat, Prins Bernhardstraat, Burgemeester Gielenstraat, "
    "Pastoor Vullinghsstraat, Sint Jozefstraat, Groenstraat, Hofstraat, Mgr. Nolensstraat, Spoorstraat, "
    "Wilgenstraat, Vlasstraat, Weverstraat, Koppelweg, Maasboulevard, Kazernestraat, Grotestraat, Bosweg, "
    "Lange Kamp, Smidsstraat, Akkerweg"
)

INWONER_KOLOMMEN = (
    "public_id",
    "bsn",
    "voornamen",
    "voorvoegsel",
    "geslachtsnaam",
    "partner_voorvoegsel",
    "partnernaam",
    "naamgebruik",
    "geboortedatum",
    "geslacht",
    "telefoon",
    "email",
    "herkomst",
    "laatste_relatienummer",
    "aangemaakt_op",
    "gewijzigd_op",
)
ADRES_KOLOMMEN = (
    "inwoner_id",
    "soort",
    "straatnaam",
    "huisnummer",
    "huisletter",
    "toevoeging",
    "aanduiding",
    "postcode",
    "plaats",
    "landcode",
    "gemeente_id",
    "begindatum",
    "einddatum",
    "herkomst",
)
RELATIE_KOLOMMEN = (
    "inwoner_id",
    "nummer",
    "soort",
    "volgorde",
    "gezaghebbend",
    "wettelijk_vertegenwoordiger",
    "contactpersoon",
    "persoon_id",
    "organisatienaam",
    "voornamen",
    "voorvoegsel",
    "geslachtsnaam",
    "geboortedatum",
    "geslacht",
    "telefoon",
    "email",
    "adres",
    "herkomst",
)

JEUGDIGEN_AANDEEL = 1 / 3
OUDERS_PER_JEUGDIGE = 2
DAG = datetime.timedelta(days=1)
BRP_VELDEN = ("bsn", "voornamen", "voorvoegsel", "geslachtsnaam", "geboortedatum", "geslacht")


def bench_bsns() -> Iterator[str]:
    """Valid BSNs of the 99 range in increasing order, without the 9999 range of demo and tests."""
    return (bsn for bsn in geldige_bsns(prefix=BSN_PREFIX) if not bsn.startswith(BSN_GERESERVEERD))


def _herkomst(telefoon: bool, email: bool) -> str:
    # What the BRP delivers is BRP; contact details come from the inwoner (as the app records it).
    herkomst = dict.fromkeys(BRP_VELDEN, HERKOMST_BRP)
    if telefoon:
        herkomst["telefoon"] = "inwoner"
    if email:
        herkomst["email"] = "inwoner"
    return json.dumps(herkomst)


HERKOMST = {(t, e): _herkomst(t, e) for t in (False, True) for e in (False, True)}


def _voornamen(rng, geslacht: str) -> str:
    namen = VOORNAMEN_MAN if geslacht == MAN else VOORNAMEN_VROUW
    return " ".join(rng.sample(namen, rng.choice((1, 1, 2, 2, 3))))


def _telefoon(rng) -> str:
    return f"06{rng.randrange(10**8):08d}"


def _inwoner_rijen(schaal: Schaal) -> Iterator[tuple]:
    rng = schaal.rng("inwoners")
    peildatum = schaal.peildatum
    grens = jeugdige_geboren_na(peildatum)
    oudste = peildatum.replace(year=peildatum.year - 95)
    # Registered in the six years before the peildatum, last changed up to 90 days later: never after it.
    wijzigtermijn = 90 * 24 * 3600
    eind_registratie = datetime.datetime.combine(peildatum, datetime.time(), datetime.UTC)
    begin_registratie = eind_registratie.replace(year=peildatum.year - 6)
    registratie_seconden = int((eind_registratie - begin_registratie).total_seconds()) - wijzigtermijn
    aantal = 0
    for bsn in islice(bench_bsns(), schaal.inwoners):
        aantal += 1
        jeugdige = rng.random() < JEUGDIGEN_AANDEEL
        if jeugdige:
            geboortedatum = grens + DAG * rng.randint(1, (peildatum - grens).days - 1)
        else:
            geboortedatum = oudste + DAG * rng.randint(0, (grens - oudste).days)
        geslacht = rng.choices((MAN, VROUW, ONBEKEND), cum_weights=(499, 998, 1000))[0]
        voornamen = _voornamen(rng, VROUW if geslacht == ONBEKEND else geslacht)
        voorvoegsel, geslachtsnaam = rng.choice(ACHTERNAMEN)
        partner_voorvoegsel = partnernaam = ""
        naamgebruik = "1"
        if not jeugdige and rng.random() < 0.25:
            partner_voorvoegsel, partnernaam = rng.choice(ACHTERNAMEN)
            # CS050: with a partnernaam any of 1-4, without one only 1 (the check constraint).
            naamgebruik = rng.choices("1234", cum_weights=(60, 75, 85, 100))[0]
        leeftijd = (peildatum - geboortedatum).days // 365
        telefoon = _telefoon(rng) if leeftijd >= 12 and rng.random() < 0.5 else ""
        email = ""
        if not jeugdige and rng.random() < 0.3:
            lokaal = f"{voornamen.split()[0]}.{voorvoegsel}{geslachtsnaam}".lower().replace(" ", "")
            # EmailValidator takes ASCII only: Zoë becomes zoe.
            lokaal = unicodedata.normalize("NFKD", lokaal).encode("ascii", "ignore").decode()
            email = f"{lokaal}{rng.randrange(100)}@example.com"
        aangemaakt = begin_registratie + datetime.timedelta(seconds=rng.randrange(registratie_seconden))
        gewijzigd = aangemaakt + datetime.timedelta(seconds=rng.randrange(wijzigtermijn))
        yield (
            uuid4_from(rng),
            bsn,
            voornamen,
            voorvoegsel,
            geslachtsnaam,
            partner_voorvoegsel,
            partnernaam,
            naamgebruik,
            geboortedatum,
            geslacht,
            telefoon,
            email,
            HERKOMST[bool(telefoon), bool(email)],
            # The relaties step gives every jeugdige ouders 1 and 2; the counter must say so or the app
            # would hand out number 1 again (iJw OP071: numbers are never reused).
            OUDERS_PER_JEUGDIGE if jeugdige else 0,
            aangemaakt,
            gewijzigd,
        )
    if aantal < schaal.inwoners:  # raised inside the COPY, so nothing of this step is kept
        raise ValueError(f"de 99-reeks heeft maar {aantal} geldige BSN's buiten 9999")


def vul_inwoners(cursor, schaal: Schaal) -> int:
    return copy_rows(cursor, "inwoners_inwoner", INWONER_KOLOMMEN, _inwoner_rijen(schaal), schaal.chunk)


def _gemeente_ids(cursor) -> dict[str, int]:
    cursor.execute("SELECT cbs_code, id FROM organisaties_gemeente")
    ids = dict(cursor.fetchall())
    ontbrekend = sorted(set(KERNEN) - set(ids))
    if ontbrekend:
        raise RuntimeError(f"gemeenten ontbreken in de database (migraties?): {', '.join(ontbrekend)}")
    return ids


def _adres_rijen(cursor, schaal: Schaal, ids: dict[str, int]) -> Iterator[tuple]:
    rng = schaal.rng("adressen")
    cbs_codes = list(KERNEN)
    gemeente_gewichten = list(accumulate(KERNEN[cbs][0] for cbs in cbs_codes))
    kern_gewichten = {cbs: list(accumulate(k[2] for k in KERNEN[cbs][1])) for cbs in cbs_codes}
    oudste_inschrijving = schaal.peildatum.replace(year=schaal.peildatum.year - 40)
    rijen = stream_query(cursor, "SELECT id, geboortedatum FROM inwoners_inwoner ORDER BY id", chunk=schaal.chunk)
    for inwoner_id, geboortedatum in rijen:
        cbs = rng.choices(cbs_codes, cum_weights=gemeente_gewichten)[0]
        plaats, postcodes, _ = rng.choices(KERNEN[cbs][1], cum_weights=kern_gewichten[cbs])[0]
        huisletter = rng.choice("ABC") if rng.random() < 0.05 else ""
        toevoeging = rng.choice(("1", "2", "3", "BIS")) if rng.random() < 0.03 else ""
        inschrijving = oudste_inschrijving + DAG * rng.randint(0, (schaal.peildatum - oudste_inschrijving).days)
        yield (
            inwoner_id,
            ADRES_BRP,
            rng.choice(STRATEN),
            rng.randint(1, 150),
            huisletter,
            toevoeging,
            "BY" if rng.random() < 0.001 else "",
            rng.choice(postcodes) + rng.choice(POSTCODE_LETTERS),
            plaats,
            "NL",
            ids[cbs],
            max(geboortedatum, inschrijving),
            None,
            HERKOMST_BRP,
        )


def vul_adressen(cursor, schaal: Schaal) -> int:
    ids = _gemeente_ids(cursor)  # before the COPY starts: the connection cannot query during it
    return copy_rows(cursor, "inwoners_adres", ADRES_KOLOMMEN, _adres_rijen(cursor, schaal, ids), schaal.chunk)


def _relatie_rijen(cursor, schaal: Schaal) -> Iterator[tuple]:
    rng = schaal.rng("relaties")
    rijen = stream_query(
        cursor,
        "SELECT id, voorvoegsel, geslachtsnaam, geboortedatum FROM inwoners_inwoner"
        " WHERE geboortedatum > %s ORDER BY id",
        (jeugdige_geboren_na(schaal.peildatum),),
        chunk=schaal.chunk,
    )
    for inwoner_id, voorvoegsel, geslachtsnaam, geboortedatum in rijen:
        # Moeder (1) and vader (2), both with gezag and so wettelijk vertegenwoordiger; the vader
        # carries the child's geslachtsnaam, as is most common, and is about the moeder's age.
        moeder_voorvoegsel, moeder_naam = rng.choice(ACHTERNAMEN)
        moeder_geboren = geboortedatum - DAG * rng.randint(20 * 365, 42 * 365)
        vader_geboren = moeder_geboren - DAG * rng.randint(-3 * 365, 6 * 365)
        for nummer, geslacht, voorv, naam, geboren in (
            (1, VROUW, moeder_voorvoegsel, moeder_naam, moeder_geboren),
            (2, MAN, voorvoegsel, geslachtsnaam, vader_geboren),
        ):
            yield (
                inwoner_id,
                nummer,
                RELATIE_OUDER,
                nummer,
                True,
                True,
                True,
                None,
                "",
                _voornamen(rng, geslacht),
                voorv,
                naam,
                geboren,
                geslacht,
                _telefoon(rng),
                "",
                "",
                HERKOMST_BRP,
            )


def vul_relaties(cursor, schaal: Schaal) -> int:
    return copy_rows(cursor, "inwoners_relatie", RELATIE_KOLOMMEN, _relatie_rijen(cursor, schaal), schaal.chunk)
