"""Bench steps for the referral flow up to the aanvraag: dossiers and onderzoeken (verwijzing app
tables), and the milestones and helpers the later steps (`indicaties`, `leefzorgplannen`,
`toewijzingen`) share.

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
from collections.abc import Iterator
from dataclasses import dataclass

from regie.termijnen import bereken

from .core import Schaal, copy_rows, moment, stream_query, uuid4_from, verdeel
from .organisaties import JEUGD, WMO, staf

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


def select_dossiers(cursor, schaal: Schaal, statussen, extra: str = "", joins: str = "") -> Iterator[tuple]:
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
    rijen = select_dossiers(cursor, schaal, statussen)
    for d_id, status, domein, _g, _c, _i, aangemaakt, gewijzigd, aanvraag_op in rijen:
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
