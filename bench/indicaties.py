"""Bench step for the indicaties of the dossiers that reached one (verwijzing_indicatie)."""

import datetime
import json
from collections.abc import Iterator

from regie.termijnen import plus_maanden

from .core import Schaal, copy_rows, kans, verdeel
from .dossiers import (
    BESCHIKT,
    DAG,
    GEDEELTELIJK,
    GEDEELTELIJK_KANS,
    PGB_EXTRA,
    PGB_KANS,
    UUR,
    leeftijd_op,
    mijlpalen,
    select_dossiers,
)
from .organisaties import JEUGD, WMO, producten, staf

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
    rijen = select_dossiers(
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
