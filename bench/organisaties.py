"""Bench steps for the organisations the dossiers need: aanbieders with their type and contracts, and
the gemeenten's staff (consulenten per domain and backoffice) with their lidmaatschap.

Gebruikers get an unusable password ("!"): `python -m bench.locust` gives the accounts it logs in
with a known one through Django's own hasher (see bench/README.md).
"""

import datetime
import math
from collections.abc import Iterator

from .core import Schaal, copy_rows, moment
from .inwoners import ACHTERNAMEN, KERNEN, STRATEN, VOORNAMEN_MAN, VOORNAMEN_VROUW, _gemeente_ids, _lijst

JEUGD, WMO = "jeugd", "wmo"
DOMEINEN = (JEUGD, WMO)
CONSULENT, BACKOFFICE = "consulent", "backoffice"
# Gebruikers of the bench are recognised by this prefix (bench.<cbs>.<rol>.<n>).
GEBRUIKER_PREFIX = "bench."
# About one consulent per this many dossiers of a gemeente and domain (all years), at least two.
DOSSIERS_PER_CONSULENT = 2_500
BACKOFFICE_PER_GEMEENTE = 2
CONTRACT_VANAF = datetime.date(2020, 1, 1)

AANBIEDER_KOLOMMEN = (
    "naam",
    "agb_code",
    "kvk_nummer",
    "contactpunt_naam",
    "contactpunt_email",
    "contactpunt_telefoon",
)
AANBIEDERTYPE_KOLOMMEN = ("aanbieder_id", "domein", "type", "geldig_vanaf", "geldig_tot")
CONTRACT_KOLOMMEN = ("aanbieder_id", "gemeente_id", "product_id", "perceel", "geldig_vanaf", "geldig_tot")
GEBRUIKER_KOLOMMEN = (
    "password",
    "last_login",
    "is_superuser",
    "username",
    "first_name",
    "last_name",
    "email",
    "is_staff",
    "is_active",
    "date_joined",
    "rol",
    "domein_jeugd",
    "domein_wmo",
    "aanbieder_id",
)
LIDMAATSCHAP_KOLOMMEN = ("gebruiker_id", "gemeente_id", "team_id", "mag_hardheidsclausule_goedkeuren")

AANBIEDER_SOORT = {
    JEUGD: _lijst("Jeugdhulp, Gezinsbegeleiding, Kind en Jeugd, Jeugdzorg, Opvoedpunt, Ambulante Jeugdhulp"),
    WMO: _lijst("Thuiszorg, Begeleiding, Dagbesteding, Zorg en Welzijn, Wonen en Zorg, Thuishulp"),
}
# Jeugd: micro or regulier; Wmo: strategisch regionaal or basis lokaal (organisaties.models.AanbiederTypeSoort).
TYPEN = {JEUGD: ("regulier", "micro"), WMO: ("strategisch_regionaal", "basis_lokaal")}


def _aanbieder_domeinen(nummer: int) -> tuple[str, ...]:
    """Six in ten aanbieders work for Jeugd, three for Wmo, one for both: fixed by number, so the
    contracts step knows without a column for it."""
    rest = nummer % 10
    return (JEUGD,) if rest < 6 else (WMO,) if rest < 9 else (JEUGD, WMO)


def _aanbieder_rijen(schaal: Schaal) -> Iterator[tuple]:
    rng = schaal.rng("aanbieders")
    plaatsen = [kern for _, kernen in KERNEN.values() for kern, _, _ in kernen]
    for nummer in range(1, schaal.aanbieders + 1):
        domeinen = _aanbieder_domeinen(nummer)
        soort = rng.choice(AANBIEDER_SOORT[domeinen[0]])
        plaats = rng.choice(plaatsen)
        naam = f"{soort} {plaats}" if rng.random() < 0.5 else f"{soort} {rng.choice(STRATEN).split()[0]}"
        # AGB codes of the bench start with 98 (the first two digits are the zorgsoort in real codes).
        yield (
            f"{naam} {nummer}",
            f"98{nummer:06d}",
            f"{rng.randrange(10**7, 10**8)}",
            f"{rng.choice(VOORNAMEN_VROUW)} {rng.choice(ACHTERNAMEN)[1]}",
            f"toegang{nummer}@aanbieder.example.com",
            f"077{rng.randrange(10**7):07d}",
        )


def vul_aanbieders(cursor, schaal: Schaal) -> int:
    return copy_rows(cursor, "organisaties_aanbieder", AANBIEDER_KOLOMMEN, _aanbieder_rijen(schaal), schaal.chunk)


def _bench_aanbieders(cursor) -> list[tuple[int, int]]:
    """(id, nummer) of the aanbieders the bench made: nummer from the AGB code 98nnnnnn."""
    cursor.execute("SELECT id, agb_code FROM organisaties_aanbieder WHERE agb_code LIKE '98%' ORDER BY id")
    return [(pk, int(agb[2:])) for pk, agb in cursor.fetchall()]


def vul_aanbiedertypen(cursor, schaal: Schaal) -> int:
    rng = schaal.rng("aanbiedertypen")
    rijen = [
        (pk, domein, rng.choices(TYPEN[domein], cum_weights=(8, 10))[0], CONTRACT_VANAF, None)
        for pk, nummer in _bench_aanbieders(cursor)
        for domein in _aanbieder_domeinen(nummer)
    ]
    return copy_rows(cursor, "organisaties_aanbiedertype", AANBIEDERTYPE_KOLOMMEN, rijen, schaal.chunk)


def producten(cursor) -> list[tuple]:
    """(id, code, domein, eenheid, perceel, leeftijd_min, leeftijd_max, max_duur_maanden) of the
    products a consulent indicates directly (not those only reached through the bijzondere toegang)."""
    cursor.execute(
        """SELECT id, code, domein, eenheid, perceel, leeftijd_min, leeftijd_max, max_duur_maanden
           FROM producten_product WHERE NOT bijzondere_toegang ORDER BY code"""
    )
    return cursor.fetchall()


def _percelen(product_perceel: str, gebruikt_lokaal: bool) -> list[str]:
    if product_perceel == "lokaal":
        return ["lokaal"] if gebruikt_lokaal else []
    if product_perceel == "beide" and gebruikt_lokaal:
        return ["regionaal", "lokaal"]
    return ["regionaal"]


def _contract_rijen(cursor, schaal: Schaal) -> list[tuple]:
    """Every aanbieder holds contracts for a few products of its domain(s) in most gemeenten; every
    product a gemeente can buy (perceel) has at least two aanbieders there."""
    rng = schaal.rng("contracten")
    cursor.execute("SELECT id, gebruikt_perceel_lokaal FROM organisaties_gemeente ORDER BY id")
    gemeenten = cursor.fetchall()
    aanbieders = _bench_aanbieders(cursor)
    per_domein = {d: [pk for pk, nummer in aanbieders if d in _aanbieder_domeinen(nummer)] for d in DOMEINEN}
    catalogus = producten(cursor)
    contracten: set[tuple[int, int, int, str]] = set()
    for pk, nummer in aanbieders:
        for domein in _aanbieder_domeinen(nummer):
            eigen = [p for p in catalogus if p[2] == domein]
            for product in rng.sample(eigen, min(len(eigen), rng.randint(3, 10))):
                for gemeente_id, lokaal in gemeenten:
                    if rng.random() < 0.7:
                        for perceel in _percelen(product[4], lokaal):
                            contracten.add((pk, gemeente_id, product[0], perceel))
    for product in catalogus:
        kandidaten = per_domein[product[2]]
        for gemeente_id, lokaal in gemeenten:
            for perceel in _percelen(product[4], lokaal):
                aanwezig = sum(1 for pk in kandidaten if (pk, gemeente_id, product[0], perceel) in contracten)
                for pk in rng.sample(kandidaten, min(len(kandidaten), max(0, 2 - aanwezig))):
                    contracten.add((pk, gemeente_id, product[0], perceel))
    return [(*c, CONTRACT_VANAF, None) for c in sorted(contracten)]


def vul_contracten(cursor, schaal: Schaal) -> int:
    rijen = _contract_rijen(cursor, schaal)
    return copy_rows(cursor, "producten_contract", CONTRACT_KOLOMMEN, rijen, schaal.chunk)


def consulenten_per_domein(schaal: Schaal, cbs: str) -> int:
    gewicht = KERNEN[cbs][0] / sum(g for g, _ in KERNEN.values())
    return max(2, math.ceil(schaal.dossiers * gewicht / len(DOMEINEN) / DOSSIERS_PER_CONSULENT))


def gebruikersnaam(cbs: str, rol: str, nummer: int) -> str:
    return f"{GEBRUIKER_PREFIX}{cbs}.{rol}.{nummer:02d}"


def _gebruiker_rijen(schaal: Schaal) -> Iterator[tuple]:
    rng = schaal.rng("gebruikers")
    in_dienst = moment(schaal.peildatum.replace(year=schaal.peildatum.year - 6))
    for cbs in KERNEN:
        accounts = [(JEUGD, n) for n in range(1, consulenten_per_domein(schaal, cbs) + 1)]
        accounts += [(WMO, n) for n in range(1, consulenten_per_domein(schaal, cbs) + 1)]
        accounts += [(BACKOFFICE, n) for n in range(1, BACKOFFICE_PER_GEMEENTE + 1)]
        for soort, nummer in accounts:
            voornaam = rng.choice(rng.choice((VOORNAMEN_MAN, VOORNAMEN_VROUW)))
            voorvoegsel, achternaam = rng.choice(ACHTERNAMEN)
            rol = BACKOFFICE if soort == BACKOFFICE else CONSULENT
            yield (
                "!",  # unusable (Django's UNUSABLE_PASSWORD_PREFIX): no login until bench.locust sets one
                None,
                False,
                gebruikersnaam(cbs, soort, nummer),
                voornaam,
                f"{voorvoegsel} {achternaam}".strip(),
                "",
                False,
                True,
                in_dienst,
                rol,
                soort == JEUGD,
                soort == WMO,
                None,
            )


def vul_gebruikers(cursor, schaal: Schaal) -> int:
    return copy_rows(cursor, "accounts_gebruiker", GEBRUIKER_KOLOMMEN, _gebruiker_rijen(schaal), schaal.chunk)


def vul_lidmaatschappen(cursor, schaal: Schaal) -> int:
    ids = _gemeente_ids(cursor)
    cursor.execute(
        "SELECT id, username, rol FROM accounts_gebruiker WHERE username LIKE %s ORDER BY id", (GEBRUIKER_PREFIX + "%",)
    )
    rijen = [
        # The backoffice gives the gemeente's agreement under the hardheidsclausule.
        (pk, ids[naam.split(".")[1]], None, rol == BACKOFFICE)
        for pk, naam, rol in cursor.fetchall()
    ]
    return copy_rows(cursor, "accounts_lidmaatschap", LIDMAATSCHAP_KOLOMMEN, rijen, schaal.chunk)


def staf(cursor) -> tuple[dict[tuple[int, str], list[int]], dict[int, list[int]]]:
    """The bench consulenten per (gemeente_id, domein) and the backoffice per gemeente_id."""
    cursor.execute(
        """SELECT g.id, l.gemeente_id, g.rol, g.domein_jeugd, g.domein_wmo FROM accounts_gebruiker g
           JOIN accounts_lidmaatschap l ON l.gebruiker_id = g.id
           WHERE g.username LIKE %s ORDER BY g.id""",
        (GEBRUIKER_PREFIX + "%",),
    )
    consulenten: dict[tuple[int, str], list[int]] = {}
    backoffice: dict[int, list[int]] = {}
    for pk, gemeente_id, rol, jeugd, wmo in cursor.fetchall():
        if rol == BACKOFFICE:
            backoffice.setdefault(gemeente_id, []).append(pk)
            continue
        for domein, aan in ((JEUGD, jeugd), (WMO, wmo)):
            if aan:
                consulenten.setdefault((gemeente_id, domein), []).append(pk)
    return consulenten, backoffice
