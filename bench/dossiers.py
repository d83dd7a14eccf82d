"""Bench steps for the referral flow up to the aanvraag: dossiers, onderzoeken, indicaties,
leefzorgplan versions and ondertekeningen (verwijzing app tables).

A dossier stores when it was made (aangemaakt_op), when it entered its current status (gewijzigd_op;
for a beschikt dossier the moment of the decision) and the aanvraag date. The moments in between
(onderzoek afgerond, indicatie, leefzorgplan, ter ondertekening) follow from those three by fixed
fractions of the time between melding and aanvraag (`mijlpalen`), so every later step finds the
same moments from the dossier row alone and the stages never run out of order.

The deadline a dossier shows in the werkvoorraad (Dossier.uiterlijk) is computed as
verwijzing.beschikking.beslistermijn.huidige_termijn does: the term valid on its start date from regie_termijn
and the Algemene termijnenwet shift over regie_feestdag, with regie.termijnen.bereken itself. The
bench makes no opschortingen or verlengingen, so that is the whole computation.
"""

import datetime
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass

from regie.termijnen import bereken, plus_maanden

from .core import Schaal, copy_rows, kans, moment, stream_query, uuid4_from, verdeel
from .organisaties import JEUGD, WMO, producten, staf

DAG = datetime.timedelta(days=1)
UUR = datetime.timedelta(hours=1)
MEERDERJARIG = 18

OPEN = ("melding", "onderzoek", "indicatie", "leefzorgplan", "ondertekening", "aanvraag")
BESCHIKT = ("toegekend", "afgewezen")
AFGESLOTEN = ("afgesloten_voorliggend", "afgesloten_wlz", "ingetrokken", "buiten_behandeling")
# Per thousand dossiers (all years): most were granted, about one in nine is still open.
STATUS_PROMILLE = {
    "toegekend": 780,
    "afgewezen": 25,
    "afgesloten_voorliggend": 45,
    "afgesloten_wlz": 10,
    "ingetrokken": 20,
    "buiten_behandeling": 5,
    "melding": 20,
    "onderzoek": 35,
    "indicatie": 20,
    "leefzorgplan": 15,
    "ondertekening": 10,
    "aanvraag": 15,
}
# Days from the melding to entering an open status, and how long it has been there at most.
BEREIK = {
    "melding": (0, 0),
    "onderzoek": (3, 14),
    "indicatie": (15, 50),
    "leefzorgplan": (20, 60),
    "ondertekening": (30, 75),
    "aanvraag": (35, 90),
}
VERBLIJF = {
    "melding": 14,
    "onderzoek": 60,
    "indicatie": 30,
    "leefzorgplan": 30,
    "ondertekening": 21,
    "aanvraag": {JEUGD: 63, WMO: 21},  # some beyond the beslistermijn: the werkvoorraad shows them late
}
AFGESLOTEN_NA = (5, 70)  # days from melding to closing without a beschikking
BESLUIT_BINNEN = {JEUGD: 56, WMO: 14}  # days from aanvraag to the decision (within the legal term)
POGINGEN = 20
JAREN = 5  # decisions and closings spread over the five years before the peildatum
# When a stage was reached, as a fraction of the time from melding to aanvraag (or to the current status).
FRACTIE = {
    "onderzoek": 0.12,
    "onderzoek_af": 0.45,
    "indicatie": 0.5,
    "leefzorgplan": 0.68,
    "ondertekening": 0.85,
    "aanvraag": 1.0,
}
STAP = {"onderzoek": 1, "indicatie": 2, "leefzorgplan": 3, "ondertekening": 4, "aanvraag": 5}
# The last signature (the aanvraag) is put at 11:00 UTC on aanvraag_op.
AANVRAAG_SECONDEN = 4 * 3600

# kans() questions several steps must answer alike.
GEDEELTELIJK = 1
PGB_EXTRA = 2
GEDEELTELIJK_KANS = 0.06
PGB_KANS = 0.06


def aanvraag_moment(aanvraag_op: datetime.date) -> datetime.datetime:
    return moment(aanvraag_op, AANVRAAG_SECONDEN)


def mijlpalen(
    status: str, aangemaakt: datetime.datetime, gewijzigd: datetime.datetime, aanvraag_op: datetime.date | None
) -> dict[str, datetime.datetime]:
    """The moments a dossier reached each stage, from its row: onderzoek (started), onderzoek_af,
    indicatie, leefzorgplan, ondertekening (offered), aanvraag (last signature) and besluit."""
    if status == "melding":
        return {}
    if status in AFGESLOTEN:
        span = gewijzigd - aangemaakt
        uit = {"onderzoek": aangemaakt + span * 0.2}
        if status in ("afgesloten_voorliggend", "afgesloten_wlz"):
            uit["onderzoek_af"] = aangemaakt + span * 0.85
        return uit
    if aanvraag_op is not None:
        anker, bereikt = aanvraag_moment(aanvraag_op), "aanvraag"
    else:
        anker, bereikt = gewijzigd, status
    span = anker - aangemaakt
    grens = FRACTIE[bereikt]
    uit = {}
    for stap, fractie in FRACTIE.items():
        if fractie <= grens and (stap != "onderzoek_af" or STAP[bereikt] >= STAP["indicatie"]):
            uit[stap] = aangemaakt + span * (fractie / grens)
    if status in BESCHIKT:
        uit["besluit"] = gewijzigd
    return uit


@dataclass(frozen=True)
class _Termijn:
    """What regie.termijnen.bereken reads of a term (as regie.regelset.TermijnInfo offers it)."""

    soort: str
    aantal: int
    eenheid: str
    wettelijk: bool
    bron: str
    versie: str


class Termijnen:
    """The terms of regie_termijn (every version) and the holiday lists of regie_feestdag."""

    def __init__(self, cursor):
        cursor.execute(
            """SELECT soort, aantal, eenheid, wettelijk, bron, geldig_vanaf, geldig_tot FROM regie_termijn
               WHERE soort IN ('wmo-onderzoek', 'wmo-beschikking', 'jeugd-beschikking') ORDER BY geldig_vanaf"""
        )
        self.versies: dict[str, list] = {}
        for soort, aantal, eenheid, wettelijk, bron, vanaf, tot in cursor.fetchall():
            termijn = _Termijn(soort, aantal, eenheid, wettelijk, bron, f"termijn {soort} v{vanaf.isoformat()}")
            self.versies.setdefault(soort, []).append((vanaf, tot, termijn))
        cursor.execute("SELECT lijst, datum FROM regie_feestdag")
        lijsten: dict[str, set] = {}
        for lijst, datum in cursor.fetchall():
            lijsten.setdefault(lijst, set()).add(datum)
        self.feestdagen = {k: frozenset(v) for k, v in lijsten.items()}

    def uiterlijk(self, soort: str, vanaf: datetime.date) -> datetime.date | None:
        """As huidige_termijn: the term valid on `vanaf` (None without one), counted by bereken."""
        for begin, eind, termijn in self.versies.get(soort, ()):
            if begin <= vanaf and (eind is None or eind >= vanaf):
                return datetime.date.fromisoformat(bereken(termijn, vanaf, self.feestdagen).uiterlijk)
        return None


def huidige_uiterlijk(
    termijnen: Termijnen, status: str, domein: str, meldingsdatum: datetime.date, aanvraag_op
) -> datetime.date | None:
    if status == "aanvraag":
        return termijnen.uiterlijk(f"{domein}-beschikking", aanvraag_op)
    if status in ("melding", "onderzoek") and domein == WMO:
        return termijnen.uiterlijk("wmo-onderzoek", meldingsdatum)
    return None


def leeftijd_op(geboortedatum: datetime.date, peildatum: datetime.date) -> int:
    """As inwoners.models.leeftijd_op (not imported: that module needs Django)."""
    jaren = peildatum.year - geboortedatum.year
    if (peildatum.month, peildatum.day) < (geboortedatum.month, geboortedatum.day):
        jaren -= 1
    return jaren


def volledige_naam(voornamen, voorvoegsel, geslachtsnaam, partner_voorvoegsel, partnernaam, naamgebruik) -> str:
    """As Inwoner.volledige_naam."""
    eigen = " ".join(p for p in (voorvoegsel, geslachtsnaam) if p)
    partner = " ".join(p for p in (partner_voorvoegsel, partnernaam) if p)
    achternaam = {"2": partner, "3": f"{partner}-{eigen}", "4": f"{eigen}-{partner}"}.get(naamgebruik, eigen)
    return f"{voornamen} {achternaam}".strip()


# --- dossiers --------------------------------------------------------------------------------------

DOSSIER_KOLOMMEN = (
    "public_id",
    "inwoner_id",
    "gemeente_id",
    "domein",
    "status",
    "consulent_id",
    "meldingsdatum",
    "kanaal",
    "melder",
    "melder_naam",
    "hulpvraag",
    "gezag_en_vertegenwoordiging",
    "clientondersteuning_aangeboden",
    "persoonlijk_plan_aangeboden",
    "ontvangstbevestiging_op",
    "reden_afsluiting",
    "aanvraag_op",
    "uiterlijk",
    "herindicatie_van_id",
    "aangemaakt_op",
    "gewijzigd_op",
)
HULPVRAGEN = {
    JEUGD: (
        "Zorgen over gedrag thuis en op school.",
        "Driftbuien en slecht slapen; ouders lopen vast in de opvoeding.",
        "Angstklachten, wil niet meer naar school.",
        "Vermoeden van dyslexie; leesachterstand ondanks extra hulp op school.",
        "Ouders in scheiding; kind zit klem tussen beide ouders.",
        "Somberheid en terugtrekken, weinig contact met leeftijdgenoten.",
        "Ontwikkelingsachterstand; ouders zoeken dagbehandeling.",
    ),
    WMO: (
        "Redt het huishouden niet meer na een heupoperatie.",
        "Geheugenproblemen; partner kan de zorg niet meer alleen dragen.",
        "Wil langer thuis blijven wonen; traplift en hulp bij het huishouden gevraagd.",
        "Eenzaam sinds het overlijden van de partner; zoekt dagbesteding.",
        "Psychische klachten, schulden; begeleiding bij de administratie gevraagd.",
        "Mantelzorger overbelast; vraagt om respijtzorg.",
        "Rolstoelgebruiker; vervoer naar de dagbesteding nodig.",
    ),
}
KANALEN = ("telefoon", "loket", "email", "brief", "digitaal")
KANAAL_GEWICHT = (40, 70, 85, 88, 100)
MELDERS = {
    JEUGD: (("ouder", 50), ("huisarts", 70), ("school", 85), ("netwerk", 90), ("inwoner", 95), ("anders", 100)),
    WMO: (("inwoner", 55), ("netwerk", 80), ("huisarts", 95), ("anders", 100)),
}
MELDER_NAMEN = {
    "huisarts": ("Huisartsenpraktijk De Linde", "Huisartsen Maasveld", "Jeugdarts GGD Limburg-Noord"),
    "school": ("Basisschool De Wissel", "Dendron College", "Raayland College", "BS De Regenboog"),
    "netwerk": ("Buurvrouw", "Dochter", "Zoon", "Mantelzorger"),
    "anders": ("Wijkverpleging", "Politie", "Veilig Thuis"),
}
REDEN_AFSLUITING = {
    "afgesloten_voorliggend": "Opgelost met een voorliggende voorziening en het eigen netwerk.",
    "afgesloten_wlz": "De inwoner heeft een Wlz-indicatie gekregen.",
    "ingetrokken": "De inwoner heeft de melding ingetrokken.",
    "buiten_behandeling": "De gevraagde gegevens kwamen niet binnen de hersteltermijn (Awb 4:5).",
}
STATUSSEN = list(STATUS_PROMILLE)
STATUS_GEWICHTEN = []
for _gewicht in STATUS_PROMILLE.values():
    STATUS_GEWICHTEN.append((STATUS_GEWICHTEN[-1] if STATUS_GEWICHTEN else 0) + _gewicht)


def _inwoners_met_gemeente(cursor, schaal: Schaal) -> Iterator[tuple]:
    return stream_query(
        cursor,
        """SELECT i.id, i.geboortedatum, a.gemeente_id FROM inwoners_inwoner i
           JOIN inwoners_adres a ON a.inwoner_id = i.id AND a.soort = '01' AND a.einddatum IS NULL
           ORDER BY i.id""",
        chunk=schaal.chunk,
    )


def _tijdlijn(rng, schaal: Schaal, status: str, geboortedatum: datetime.date):
    """(domein, meldingsdatum, aanvraag_op, gewijzigd_op) for a dossier with this status."""
    peildatum = schaal.peildatum
    venster = (peildatum - peildatum.replace(year=peildatum.year - JAREN)).days
    aanvraag_op = None
    if status in OPEN:
        anker = peildatum - DAG * rng.randint(0, VERBLIJF[status][JEUGD] if status == "aanvraag" else VERBLIJF[status])
        melding = anker - DAG * rng.randint(*BEREIK[status])
        domein = JEUGD if leeftijd_op(geboortedatum, melding) < MEERDERJARIG else WMO
        if status == "aanvraag":
            if domein == WMO:  # a shorter term, so a shorter wait in the werkvoorraad
                anker = peildatum - DAG * rng.randint(0, VERBLIJF["aanvraag"][WMO])
                melding = anker - DAG * rng.randint(*BEREIK[status])
            aanvraag_op = anker
            gewijzigd = aanvraag_moment(anker)
        else:
            gewijzigd = moment(anker, rng.randrange(6 * 3600))
    elif status in BESCHIKT:
        besluit = peildatum - DAG * rng.randint(0, venster)
        bereik = rng.randint(*BEREIK["aanvraag"])
        wacht = rng.randint(1, BESLUIT_BINNEN[JEUGD])
        domein = JEUGD if leeftijd_op(geboortedatum, besluit - DAG * (wacht + bereik)) < MEERDERJARIG else WMO
        wacht = min(wacht, BESLUIT_BINNEN[domein])
        aanvraag_op = besluit - DAG * wacht
        melding = aanvraag_op - DAG * bereik
        gewijzigd = moment(besluit, AANVRAAG_SECONDEN + rng.randrange(3600, 4 * 3600))
    else:
        sluiting = peildatum - DAG * rng.randint(0, venster)
        melding = sluiting - DAG * rng.randint(*AFGESLOTEN_NA)
        domein = JEUGD if leeftijd_op(geboortedatum, melding) < MEERDERJARIG else WMO
        gewijzigd = moment(sluiting, rng.randrange(6 * 3600))
    return domein, melding, aanvraag_op, gewijzigd


def _dossier_rijen(cursor, schaal: Schaal, ctx: dict) -> Iterator[tuple]:
    rng = schaal.rng("dossiers")
    per_inwoner = verdeel(rng, schaal.dossiers, ctx["inwoners"])
    consulenten, termijnen = ctx["consulenten"], ctx["termijnen"]
    for index, (inwoner_id, geboortedatum, gemeente_id) in enumerate(_inwoners_met_gemeente(cursor, schaal)):
        for _ in range(per_inwoner[index]):
            # A young child cannot have a history from before its birth: draw again (status and dates).
            for _poging in range(POGINGEN):
                status = rng.choices(STATUSSEN, cum_weights=STATUS_GEWICHTEN)[0]
                domein, melding, aanvraag_op, gewijzigd = _tijdlijn(rng, schaal, status, geboortedatum)
                if melding >= geboortedatum + 14 * DAG:
                    break
            else:  # born days before the peildatum: a fresh melding
                status, aanvraag_op, domein = "melding", None, JEUGD
                melding = min(schaal.peildatum, max(geboortedatum, schaal.peildatum - DAG * rng.randint(0, 10)))
                gewijzigd = moment(melding, rng.randrange(6 * 3600))
            aangemaakt = moment(melding, rng.randrange(6 * 3600))
            gewijzigd = max(gewijzigd, aangemaakt)
            melder = _kies(rng, MELDERS[domein])
            wmo = domein == WMO
            yield (
                uuid4_from(rng),
                inwoner_id,
                gemeente_id,
                domein,
                status,
                rng.choice(consulenten[gemeente_id, domein]),
                melding,
                rng.choices(KANALEN, cum_weights=KANAAL_GEWICHT)[0],
                melder,
                rng.choice(MELDER_NAMEN[melder]) if melder in MELDER_NAMEN else "",
                rng.choice(HULPVRAGEN[domein]),
                "" if wmo else "Beide ouders hebben gezamenlijk het gezag.",
                rng.random() < 0.7,
                wmo and rng.random() < 0.6,
                min(melding + DAG * rng.randint(0, 3), schaal.peildatum) if wmo else None,
                REDEN_AFSLUITING.get(status, ""),
                aanvraag_op,
                huidige_uiterlijk(termijnen, status, domein, melding, aanvraag_op),
                None,
                aangemaakt,
                gewijzigd,
            )


def _kies(rng, drempels) -> str:
    worp = rng.randrange(100)
    return next(waarde for waarde, grens in drempels if worp < grens)


def vul_dossiers(cursor, schaal: Schaal) -> int:
    cursor.execute(
        """SELECT count(*) FROM inwoners_inwoner i
           JOIN inwoners_adres a ON a.inwoner_id = i.id AND a.soort = '01' AND a.einddatum IS NULL"""
    )
    ctx = {"inwoners": cursor.fetchone()[0], "consulenten": staf(cursor)[0], "termijnen": Termijnen(cursor)}
    rijen = _dossier_rijen(cursor, schaal, ctx)
    return copy_rows(cursor, "verwijzing_dossier", DOSSIER_KOLOMMEN, rijen, schaal.chunk)


def _dossiers(cursor, schaal: Schaal, statussen, extra: str = "", joins: str = "") -> Iterator[tuple]:
    """id, status, domein, gemeente_id, consulent_id, inwoner_id, aangemaakt_op, gewijzigd_op,
    aanvraag_op (and `extra` columns) of the dossiers in these statuses, in id order."""
    return stream_query(
        cursor,
        f"""SELECT d.id, d.status, d.domein, d.gemeente_id, d.consulent_id, d.inwoner_id, d.aangemaakt_op,
                   d.gewijzigd_op, d.aanvraag_op{extra}
            FROM verwijzing_dossier d {joins} WHERE d.status = ANY(%s) ORDER BY d.id""",
        (list(statussen),),
        chunk=schaal.chunk,
    )


# --- onderzoeken -----------------------------------------------------------------------------------

ONDERZOEK_KOLOMMEN = (
    "dossier_id",
    "hulpvraag",
    "beperkingen",
    "eigen_kracht",
    "sociaal_netwerk",
    "voorliggend",
    "wlz",
    "bekostiging",
    "advies_externen",
    "conclusie",
    "afgerond_op",
    "gewijzigd_op",
)
VERSLAG = {
    JEUGD: (
        "Ouders willen handvatten bij het gedrag van hun kind.",
        "Driftbuien, slecht slapen, conflicten op school.",
        "Ouders zijn gemotiveerd en nemen deel aan gesprekken.",
        "Grootouders helpen twee middagen per week.",
        "Opvoedcursus bij het CJG gevolgd; onvoldoende.",
        "Geen Wlz-indicatie te verwachten.",
        "Ambulante jeugdhulp is passend.",
    ),
    WMO: (
        "Kan het huishouden en de administratie niet meer zelfstandig.",
        "Beperkte mobiliteit; vermoeidheid.",
        "Doet de lichte taken zelf; motivatie goed.",
        "Kinderen wonen op afstand; buren helpen af en toe.",
        "Algemene voorziening (boodschappendienst) benut; onvoldoende.",
        "Geen blijvende behoefte aan permanent toezicht: geen Wlz.",
        "Een maatwerkvoorziening is nodig.",
    ),
}
ALLE_STATUSSEN = (*OPEN, *BESCHIKT, *AFGESLOTEN)


def _onderzoek_rijen(cursor, schaal: Schaal) -> Iterator[tuple]:
    rng = schaal.rng("onderzoeken")
    statussen = [s for s in ALLE_STATUSSEN if s != "melding"]
    for d_id, status, domein, _g, _c, _i, aangemaakt, gewijzigd, aanvraag_op in _dossiers(cursor, schaal, statussen):
        m = mijlpalen(status, aangemaakt, gewijzigd, aanvraag_op)
        af = m.get("onderzoek_af")
        tekst = VERSLAG[domein]
        # In progress (or closed before the end): the later fields are still empty.
        gevuld = 7 if af else rng.randint(1, 5)
        velden = [t if n < gevuld else "" for n, t in enumerate(tekst)]
        yield (
            d_id,
            *velden[:6],
            ("pgb" if rng.random() < 0.08 else "zin") if af else "",
            "Advies van de huisarts meegenomen." if rng.random() < 0.1 else "",
            velden[6],
            af,
            af or m["onderzoek"] + UUR,
        )


def vul_onderzoeken(cursor, schaal: Schaal) -> int:
    return copy_rows(cursor, "verwijzing_onderzoek", ONDERZOEK_KOLOMMEN, _onderzoek_rijen(cursor, schaal), schaal.chunk)


# --- indicaties ------------------------------------------------------------------------------------

INDICATIE_KOLOMMEN = (
    "dossier_id",
    "product_id",
    "volume",
    "frequentie",
    "budget",
    "ingangsdatum",
    "einddatum",
    "aanbieder_id",
    "bekostiging",
    "uitkomst",
    "bevindingen",
    "regelset_versie",
    "motivering",
    "hardheidsclausule",
    "akkoord_client",
    "akkoord_verwijzer",
    "hardheid_goedgekeurd_door_id",
    "hardheid_goedgekeurd_op",
    "aangemaakt_door_id",
    "aangemaakt_op",
)
MET_INDICATIE = ("indicatie", "leefzorgplan", "ondertekening", "aanvraag", *BESCHIKT)
# Share of the toewijzingen that replace an earlier one of the same indicatie (a changed omvang, IV066).
VERVANGINGEN = 0.13
HARDHEID_KANS = 0.01
# What the rules module stored: no matchingsgesprek needed (so no Matchingsverzoek rows are needed
# for the leefzorgplan or the beschikking), and for a hardheidsclausule the age rule that blocked it.
MATCHING = {"regel": "MATCHING", "uitkomst": "toegestaan", "uitleg": "Geen matchingsgesprek nodig.", "bron": "bench"}
BEVINDINGEN = json.dumps([{**MATCHING, "producten": [], "extra": {"matchingsgesprek": False}}])
BEVINDINGEN_HARDHEID = json.dumps(
    [
        {
            "regel": "LEEFTIJD",
            "uitkomst": "niet_toegestaan",
            "uitleg": "Buiten de leeftijdsgrens van het product.",
            "bron": "bench",
            "producten": [],
        },
        {**MATCHING, "producten": [], "extra": {"matchingsgesprek": False}},
    ]
)
DUUR_MAANDEN = (3, 6, 6, 12, 12, 12, 24)


def omvang(rng, eenheid: str) -> tuple[int | None, str, str | None]:
    """(volume, frequentie, budget) as a consulent would indicate it for this eenheid (CD075-CD078)."""
    if eenheid in ("uur", "dagdeel"):
        return rng.randint(1, 6), "2", None
    if eenheid == "enkele_reis":
        return rng.randint(2, 10), "2", None
    if eenheid == "etmaal":
        return rng.randint(4, 30), "4", None
    if eenheid == "maand":
        return 1, "4", None
    if eenheid in ("traject", "jaartraject"):
        return 1, "6", None
    return None, "", f"{rng.randint(5, 50) * 100}.00"


def toegekende_ketens(schaal: Schaal, toegekend: int) -> int:
    """How many zorg-in-natura indicaties the granted dossiers get (each starts one toewijzing)."""
    if schaal.toewijzingen <= toegekend:
        return schaal.toewijzingen
    return max(toegekend, schaal.toewijzingen - round(schaal.toewijzingen * VERVANGINGEN))


class _Catalogus:
    """Products per gemeente, domain and age that have an aanbieder under contract there."""

    def __init__(self, cursor):
        self.producten = producten(cursor)
        cursor.execute("SELECT gemeente_id, product_id, aanbieder_id FROM producten_contract ORDER BY id")
        self.aanbieders: dict[tuple[int, int], list[int]] = {}
        for gemeente_id, product_id, aanbieder_id in cursor.fetchall():
            lijst = self.aanbieders.setdefault((gemeente_id, product_id), [])
            if aanbieder_id not in lijst:
                lijst.append(aanbieder_id)
        self._cache: dict = {}

    def keuze(self, gemeente_id: int, domein: str, leeftijd: int) -> list[tuple]:
        sleutel = (gemeente_id, domein, min(leeftijd, 99) if domein == JEUGD else None)
        if sleutel not in self._cache:
            self._cache[sleutel] = [
                p
                for p in self.producten
                if p[2] == domein
                and (gemeente_id, p[0]) in self.aanbieders
                and (domein == WMO or ((p[5] is None or leeftijd >= p[5]) and (p[6] is None or leeftijd < p[6])))
            ]
        if not self._cache[sleutel]:
            raise ValueError(f"geen product met contract voor gemeente {gemeente_id}, {domein}, leeftijd {leeftijd}")
        return self._cache[sleutel]


def _indicatie_rijen(cursor, schaal: Schaal, ctx: dict) -> Iterator[tuple]:
    rng = schaal.rng("indicaties")
    catalogus: _Catalogus = ctx["catalogus"]
    backoffice = ctx["backoffice"]
    ketens = verdeel(rng, toegekende_ketens(schaal, ctx["toegekend"]), ctx["toegekend"], minimum=1)
    volgnummer = 0
    rijen = _dossiers(
        cursor,
        schaal,
        MET_INDICATIE,
        extra=", i.geboortedatum",
        joins="JOIN inwoners_inwoner i ON i.id = d.inwoner_id",
    )
    for d_id, status, domein, gemeente_id, consulent_id, _i, aangemaakt, gewijzigd, aanvraag_op, geboren in rijen:
        m = mijlpalen(status, aangemaakt, gewijzigd, aanvraag_op)
        # (bekostiging, toegekend?) per indicatie, in the order of their ids.
        if status == "toegekend":
            zin = ketens[volgnummer]
            volgnummer += 1
            soorten = ["zin"] * zin
            if zin == 0 or kans(schaal.seed, d_id, PGB_EXTRA) < PGB_KANS:
                soorten.append("pgb")
            if kans(schaal.seed, d_id, GEDEELTELIJK) < GEDEELTELIJK_KANS:
                soorten.append("zin")  # the last one: not granted in the gedeeltelijke toekenning
        else:
            soorten = ["pgb" if rng.random() < 0.08 else "zin" for _ in range(rng.choice((1, 1, 2, 2, 3)))]
        besluit = m.get("besluit")
        basis = besluit.date() if besluit else m["indicatie"].date() + DAG * rng.randint(14, 45)
        for n, bekostiging in enumerate(soorten):
            ingang = basis + DAG * rng.randint(0, 21)
            leeftijd = leeftijd_op(geboren, ingang)
            kandidaten = catalogus.keuze(gemeente_id, domein, leeftijd)
            product_id, _code, _domein, eenheid, _perceel, _min, _max, max_duur = rng.choice(kandidaten)
            maanden = rng.choice(DUUR_MAANDEN)
            if max_duur:
                maanden = min(maanden, max_duur)
            einde = plus_maanden(ingang, maanden) - DAG
            volume, frequentie, budget = omvang(rng, eenheid)
            hardheid = rng.random() < HARDHEID_KANS
            # Only while the dossier is at the indicatie can the gemeente's agreement still be pending.
            goedgekeurd = hardheid and (status != "indicatie" or rng.random() < 0.5)
            gemaakt = m["indicatie"] + n * 10 * datetime.timedelta(minutes=1)
            yield (
                d_id,
                product_id,
                volume,
                frequentie,
                budget,
                ingang,
                einde,
                rng.choice(catalogus.aanbieders[gemeente_id, product_id]) if bekostiging == "zin" else None,
                bekostiging,
                "niet_toegestaan" if hardheid else "toegestaan",
                BEVINDINGEN_HARDHEID if hardheid else BEVINDINGEN,
                ctx["regelset_versie"],
                "Passend bij de hulpvraag en de conclusie van het onderzoek.",
                hardheid,
                hardheid,
                hardheid,
                rng.choice(backoffice[gemeente_id]) if goedgekeurd else None,
                gemaakt + UUR if goedgekeurd else None,
                consulent_id,
                gemaakt,
            )
    if volgnummer != ctx["toegekend"]:
        raise RuntimeError(f"{volgnummer} toegekende dossiers gelezen, {ctx['toegekend']} geteld")


def vul_indicaties(cursor, schaal: Schaal) -> int:
    cursor.execute("SELECT count(*) FROM verwijzing_dossier WHERE status = 'toegekend'")
    toegekend = cursor.fetchone()[0]
    cursor.execute("SELECT coalesce(max(nummer), 1) FROM regie_regelsetversie")
    regelset_versie = cursor.fetchone()[0]
    ctx = {
        "toegekend": toegekend,
        "regelset_versie": regelset_versie,
        "catalogus": _Catalogus(cursor),
        "backoffice": staf(cursor)[1],
    }
    rijen = _indicatie_rijen(cursor, schaal, ctx)
    return copy_rows(cursor, "verwijzing_indicatie", INDICATIE_KOLOMMEN, rijen, schaal.chunk)


# --- leefzorgplan versions and ondertekeningen ----------------------------------------------------

LEEFZORGPLAN_KOLOMMEN = (
    "dossier_id",
    "versie",
    "secties",
    "doelen",
    "inhoud_hash",
    "aangemaakt_door_id",
    "aangemaakt_op",
)
# The keys of verwijzing.leefzorgplan.secties.JEUGD_SECTIES and OVERGANG_18 (a test compares them).
JEUGD_SECTIES = (
    "voorstel",
    "extra_advies",
    "uw_verhaal",
    "besproken",
    "afgesproken_aanbieder",
    "wat_moet_u_doen",
    "bekostiging",
)
OVERGANG_18 = "overgang_18"
SECTIE_TEKST = "Besproken met de inwoner en vastgelegd in het gesprek."
DOELEN = {
    JEUGD: (
        ("opvoeding", "Rust in huis", "Minder ruzie aan tafel"),
        ("onderwijs_werk", "Weer elke dag naar school", "Volledige schoolweken"),
        ("gezondheid", "Beter slapen", "Vijf nachten per week doorslapen"),
    ),
    WMO: (
        ("huishouden", "Een schoon en veilig huis", "Wekelijks schoongemaakt"),
        ("sociaal", "Meer contact met anderen", "Twee keer per week naar de dagbesteding"),
        ("financien", "Grip op de administratie", "Geen achterstanden meer"),
    ),
}
MET_LEEFZORGPLAN = ("leefzorgplan", "ondertekening", "aanvraag", *BESCHIKT)


def inhoud_hash(secties: dict, doelen: list[dict]) -> str:
    """As verwijzing.leefzorgplan.secties.inhoud_hash (a test compares the two)."""
    canoniek = json.dumps({"secties": secties, "doelen": doelen}, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canoniek.encode()).hexdigest()


def versie_moment(m: dict) -> datetime.datetime:
    return m["leefzorgplan"] + 2 * UUR


def _leefzorgplan_rijen(cursor, schaal: Schaal, wmo_secties: dict[int, list[str]]) -> Iterator[tuple]:
    rng = schaal.rng("leefzorgplannen")
    rijen = _dossiers(
        cursor,
        schaal,
        MET_LEEFZORGPLAN,
        extra=", i.geboortedatum",
        joins="JOIN inwoners_inwoner i ON i.id = d.inwoner_id",
    )
    for d_id, status, domein, gemeente_id, consulent_id, _i, aangemaakt, gewijzigd, aanvraag_op, geboren in rijen:
        m = mijlpalen(status, aangemaakt, gewijzigd, aanvraag_op)
        gemaakt = versie_moment(m)
        if domein == WMO:
            sleutels = wmo_secties[gemeente_id]
        else:
            sleutels = list(JEUGD_SECTIES)
            if leeftijd_op(geboren, gemaakt.date()) >= 16:
                sleutels.append(OVERGANG_18)
        secties = {k: ("" if k == "extra_advies" else SECTIE_TEKST) for k in sleutels}
        termijn = (gemaakt.date() + DAG * rng.randint(180, 365)).isoformat()
        doelen = [
            {"leefgebied": a, "doel": b, "resultaat": c, "termijn": termijn}
            for a, b, c in rng.sample(DOELEN[domein], rng.randint(1, 3))
        ]
        yield (
            d_id,
            1,
            json.dumps(secties, ensure_ascii=False),
            json.dumps(doelen, ensure_ascii=False),
            inhoud_hash(secties, doelen),
            consulent_id,
            gemaakt,
        )


def vul_leefzorgplannen(cursor, schaal: Schaal) -> int:
    # Per gemeente the keys of its own Wmo leefzorgplan format (Gemeente.wmo_leefzorgplan_secties).
    cursor.execute("SELECT id, wmo_leefzorgplan_secties FROM organisaties_gemeente")
    wmo_secties = {pk: [sleutel for sleutel, _kop in secties] for pk, secties in cursor.fetchall()}
    rijen = _leefzorgplan_rijen(cursor, schaal, wmo_secties)
    return copy_rows(cursor, "verwijzing_leefzorgplanversie", LEEFZORGPLAN_KOLOMMEN, rijen, schaal.chunk)


ONDERTEKENING_KOLOMMEN = (
    "dossier_id",
    "versie_id",
    "versie_hash",
    "rol",
    "naam",
    "relatie_id",
    "methode",
    "betrouwbaarheid",
    "token_hash",
    "code_hash",
    "pogingen",
    "verloopt_op",
    "getekend_op",
    "vervallen",
    "aangemaakt_op",
)
ONDERTEKEN_DAGEN = 14  # verwijzing.leefzorgplan.ondertekening.ONDERTEKEN_DAGEN
MET_ONDERTEKENING = ("ondertekening", "aanvraag", *BESCHIKT)


def _relatie_naam(voornamen, voorvoegsel, geslachtsnaam) -> str:
    return " ".join(p for p in (voornamen, voorvoegsel, geslachtsnaam) if p)


def _ondertekening_rijen(cursor, schaal: Schaal) -> Iterator[tuple]:
    """Who signs as verwijzing.leefzorgplan.tekenaars.wie_tekent decides (the Jeugdwet's consent ages; for Wmo
    the inwoner: the bench has no vertegenwoordigers of adults), on the day the plan was offered."""
    rng = schaal.rng("ondertekeningen")
    grens = moment(schaal.peildatum)
    rijen = _dossiers(
        cursor,
        schaal,
        MET_ONDERTEKENING,
        extra=""", v.id, v.inhoud_hash, i.geboortedatum, i.voornamen, i.voorvoegsel, i.geslachtsnaam,
                   i.partner_voorvoegsel, i.partnernaam, i.naamgebruik,
                   r1.id, r1.voornamen, r1.voorvoegsel, r1.geslachtsnaam,
                   r2.id, r2.voornamen, r2.voorvoegsel, r2.geslachtsnaam""",
        joins="""JOIN verwijzing_leefzorgplanversie v ON v.dossier_id = d.id AND v.versie = 1
                 JOIN inwoners_inwoner i ON i.id = d.inwoner_id
                 LEFT JOIN inwoners_relatie r1 ON r1.inwoner_id = i.id AND r1.nummer = 1 AND r1.gezaghebbend
                 LEFT JOIN inwoners_relatie r2 ON r2.inwoner_id = i.id AND r2.nummer = 2 AND r2.gezaghebbend""",
    )
    for rij in rijen:
        d_id, status, domein, _g, _c, _i, aangemaakt, gewijzigd, aanvraag_op, versie_id, versie_hash = rij[:11]
        geboren, *naam = rij[11:18]
        ouders = [(rij[18 + 4 * k], _relatie_naam(*rij[19 + 4 * k : 22 + 4 * k])) for k in (0, 1)]
        ouders = [(pk, n) for pk, n in ouders if pk is not None]
        m = mijlpalen(status, aangemaakt, gewijzigd, aanvraag_op)
        aangeboden = m["ondertekening"]
        zelf = ("jeugdige" if domein == JEUGD else "inwoner", volledige_naam(*naam), None)
        if domein == WMO:
            tekenaars = [zelf]
        else:
            leeftijd = leeftijd_op(geboren, aangeboden.date())
            gezag = [("gezaghebbende", n, pk) for pk, n in ouders]
            # Without registered gezaghebbenden (an adult now, a minor then) the jeugdige signs.
            tekenaars = [zelf] if leeftijd >= 16 or not gezag else ([zelf, *gezag] if leeftijd >= 12 else gezag)
        laatste = len(tekenaars) - 1
        for n, (rol, wie, relatie_id) in enumerate(tekenaars):
            if m.get("aanvraag"):
                getekend = m["aanvraag"] - (laatste - n) * UUR  # the last signature is the aanvraag
            else:  # still waiting; with several signers the first may have signed already
                vroeg = aangeboden + DAG
                getekend = vroeg if n < laatste and vroeg <= grens and rng.random() < 0.3 else None
            yield (
                d_id,
                versie_id,
                versie_hash,
                rol,
                wie,
                relatie_id,
                "link_code",
                "laag",
                f"{rng.getrandbits(256):064x}",
                f"{rng.getrandbits(256):064x}",
                0,
                aangeboden + ONDERTEKEN_DAGEN * DAG,
                getekend,
                False,
                aangeboden,
            )


def vul_ondertekeningen(cursor, schaal: Schaal) -> int:
    rijen = _ondertekening_rijen(cursor, schaal)
    return copy_rows(cursor, "verwijzing_ondertekening", ONDERTEKENING_KOLOMMEN, rijen, schaal.chunk)
