"""Rules that weigh a proposed indicatie against what runs beside it (`lopend`), what ran before (`eerder`),
who refers and the inwoner's age: herindicatie, dyslexie 27 maanden, Perspectief 1 twice (toelichting 7),
medicijncontrole after behandeling, drangtraject, the limits past 18, Wmo verlenging and meerwerk.
The numbers, codes and sources are data (regie/data/voorstelregels.yaml, one block per handbook id);
each function here is small and pure."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

from . import garantiefase
from .bevinding import Bevinding
from .laden import lees
from .lopend import Lopend
from .models import Uitkomst
from .regelset import ProductInfo, Regelset
from .termijnen import plus_maanden

TOEGANG = "toegang"


@lru_cache(maxsize=1)
def regels() -> dict:
    """The rule data file (static, part of the release)."""
    return lees("voorstelregels.yaml")


def _b(rs: Regelset, regel: str, uitkomst, uitleg: str, bron: str, codes, onduidelijk: bool = False) -> Bevinding:
    return Bevinding(regel, uitkomst, uitleg, bron, tuple(codes), f"regelset {rs.versie}", onduidelijk=onduidelijk)


def _datum(d: date) -> str:
    return f"{d:%d-%m-%Y}"


def _overlapt(lo: Lopend, van: date, tot: date | None) -> bool:
    """Whether a lopend entry runs during [van, tot] (unknown ends count as running)."""
    if lo.tot is not None and lo.tot < van:
        return False
    return not (tot is not None and lo.van is not None and lo.van > tot)


def _afgelopen(v) -> list[Lopend]:
    """What ran before: `eerder`, and `lopend` entries that ended before the ingangsdatum."""
    return [*v.eerder, *(lo for lo in v.lopend if lo.tot is not None and lo.tot < v.ingangsdatum)]


def verjaardag(geboortedatum: date, jaren: int) -> date:
    if geboortedatum.month == 2 and geboortedatum.day == 29:
        return date(geboortedatum.year + jaren, 3, 1)
    return plus_maanden(geboortedatum, 12 * jaren)


# --- JR-067: "herindicatie niet mogelijk" blocks a herindicatie too ---------------------------------------------


def herindicatie(rs: Regelset, p: ProductInfo, v) -> list[Bevinding]:
    regel = regels()["herindicatie"]
    tekst = (p.verlenging or "").lower()
    is_herindicatie = v.herindicatie or any(e.code == p.code for e in _afgelopen(v))
    if not (is_herindicatie and "herindicatie" in tekst and "niet mogelijk" in tekst):
        return []
    return [
        _b(
            rs,
            regel["id"],
            Uitkomst.NIET_TOEGESTAAN,
            f"Een herindicatie van {p.naam} is niet mogelijk: {p.verlenging}.",
            regel["bronnen"].get(p.code, p.bron),
            [p.code],
        )
    ]


# --- Dyslexie: 27 maanden in totaal is een grens -------------------------------------------------------------


def dyslexie_totaal(rs: Regelset, p: ProductInfo, v) -> list[Bevinding]:
    regel = regels()["dyslexie_totaal"]
    if p.code not in regel["producten"] or v.einddatum is None:
        return []
    starts = [v.ingangsdatum] + [
        lo.van for lo in (*v.lopend, *v.eerder) if lo.code in regel["producten"] and lo.van is not None
    ]
    begin = min(starts)
    grens = plus_maanden(begin, regel["maanden"])
    if v.einddatum < grens:
        return []
    return [
        _b(
            rs,
            regel["id"],
            Uitkomst.NIET_TOEGESTAAN,
            f"Diagnostiek en behandeling van dyslexie duren samen hoogstens {regel['maanden']} maanden vanaf "
            f"{_datum(begin)}: de einddatum is uiterlijk {_datum(grens - timedelta(days=1))}.",
            regel["bron"],
            [p.code],
        )
    ]


# --- S77 / toelichting 7: two Perspectief 1 indicaties ----------------------------------------------------------


def perspectief1_dubbel(rs: Regelset, p: ProductInfo, v) -> list[Bevinding]:
    regel = regels()["perspectief1_dubbel"]
    if p.code not in regel["producten"]:
        return []
    uit = []
    for lo in v.lopend:
        if lo.code not in regel["producten"] or not _overlapt(lo, v.ingangsdatum, v.einddatum):
            continue
        if v.aanbieder_agb and lo.aanbieder_agb and v.aanbieder_agb == lo.aanbieder_agb:
            uit.append(
                _b(
                    rs,
                    regel["id"],
                    Uitkomst.NIET_TOEGESTAAN,
                    f"Twee indicaties Perspectief 1 tegelijk ({p.code} en {lo.code}) kunnen niet bij dezelfde "
                    f"aanbieder ({lo.aanbieder_agb}).",
                    regel["bron"],
                    [p.code, lo.code],
                )
            )
        else:
            uit.append(
                _b(
                    rs,
                    regel["id"],
                    Uitkomst.VOORWAARDELIJK,
                    f"Twee indicaties Perspectief 1 tegelijk ({p.code} en {lo.code}): alleen bij twee verschillende "
                    "aanbieders én gericht op verschillende gezinsleden of op school en thuis. Bevestig dat.",
                    regel["bron"],
                    [p.code, lo.code],
                )
            )
    return uit


# --- S66: medicijncontrole only after the behandeling -----------------------------------------------------------


def medicijncontrole(rs: Regelset, p: ProductInfo, v) -> list[Bevinding]:
    regel = regels()["medicijncontrole"]
    mc, behandeling = regel["product"], set(regel["behandeling"])
    uit = []
    if p.code == mc:
        for lo in v.lopend:
            if lo.code in behandeling and _overlapt(lo, v.ingangsdatum, v.einddatum):
                uit.append(
                    _b(
                        rs,
                        regel["id"],
                        Uitkomst.NIET_TOEGESTAAN,
                        f"Medicijncontrole wordt pas toegekend als de behandeling ({lo.code}) is afgesloten, niet "
                        "ernaast.",
                        regel["bron"],
                        [p.code, lo.code],
                    )
                )
    elif p.code in behandeling:
        for lo in v.lopend:
            if lo.code != mc or not _overlapt(lo, v.ingangsdatum, v.einddatum):
                continue
            if v.aanbieder_agb and lo.aanbieder_agb and v.aanbieder_agb != lo.aanbieder_agb:
                uitkomst = Uitkomst.TOEGESTAAN
                uitleg = (
                    f"De lopende medicijncontrole mag doorlopen bij de eerdere aanbieder ({lo.aanbieder_agb}), "
                    "omdat de nieuwe behandeling bij een andere aanbieder start."
                )
            elif v.aanbieder_agb and lo.aanbieder_agb:
                uitkomst = Uitkomst.NIET_TOEGESTAAN
                uitleg = (
                    "Behandeling en medicijncontrole bij dezelfde aanbieder gaan niet samen: de medicijncontrole hoort "
                    "bij de behandeling. Beëindig de medicijncontrole."
                )
            else:
                uitkomst = Uitkomst.VOORWAARDELIJK
                uitleg = (
                    "Een lopende medicijncontrole mag alleen doorlopen als de nieuwe behandeling bij een andere "
                    "aanbieder start; bevestig dat."
                )
            uit.append(_b(rs, regel["id"], uitkomst, uitleg, regel["bron"], [p.code, lo.code]))
    return uit


# --- JR-004: drangtraject only by the gemeentelijke toegang -----------------------------------------------------


def drangtraject(rs: Regelset, p: ProductInfo, v) -> list[Bevinding]:
    regel = regels()["drangtraject"]
    if p.code not in regel["producten"] or v.verwijzer == regel["verwijzer"]:
        return []
    return [
        _b(
            rs,
            regel["id"],
            Uitkomst.NIET_TOEGESTAAN,
            f"Een {p.naam.lower()} zet alleen de gemeentelijke toegang in, niet een andere verwijzer.",
            regel["bron"],
            [p.code],
        )
    ]


# --- Past 18: afronden (S12), verlengde jeugdhulp (JR-020), strafrecht (JR-022) ---------------------------------


def strafrecht(v) -> bool:
    return v.verwijzer == regels()["strafrecht"]["verwijzer"]


def strafrecht_bevinding(rs: Regelset, p: ProductInfo, v) -> list[Bevinding]:
    regel = regels()["strafrecht"]
    if p.domein != "jeugd" or not strafrecht(v):
        return []
    return [
        _b(
            rs,
            regel["id"],
            Uitkomst.TOEGESTAAN,
            "Jeugdhulp in het kader van een strafrechtelijke beslissing of jeugdreclassering heeft geen "
            "leeftijdsgrens.",
            regel["bron"],
            [p.code],
        )
    ]


def na_leeftijdsgrens(rs: Regelset, p: ProductInfo, v, grens: date) -> Bevinding | None:
    """A product with an age limit whose einddatum passes it: the exception that applies, if any (None: the
    limit stands)."""
    afronden, verlengd = regels()["afronden_na_18"], regels()["verlengde_jeugdhulp"]
    if p.code in afronden["producten"] and p.leeftijd_max == 18:
        laatste = plus_maanden(grens, afronden["maanden"])
        if v.einddatum < laatste:
            return _b(
                rs,
                afronden["id"],
                Uitkomst.VOORWAARDELIJK,
                f"{p.naam} mag tot {afronden['maanden']} maanden na de 18e verjaardag doorlopen om het traject af te "
                "ronden, alleen als het binnen die tijd wordt afgerond; daarna gaat de Wmo voor.",
                afronden["bron"],
                [p.code],
            )
        return None
    if p.code in verlengd["producten"]:
        tot = verjaardag(v.geboortedatum, verlengd["tot"])
        if v.einddatum < tot:
            return _b(
                rs,
                verlengd["id"],
                Uitkomst.VOORWAARDELIJK,
                f"Na {p.leeftijd_max} jaar alleen als verlengde jeugdhulp, tot uiterlijk "
                f"{_datum(tot - timedelta(days=1))}: de hulp liep al vóór 18 en voortzetting is nodig, vóór 18 is "
                "bepaald dat die nodig is, of binnen 6 maanden na het einde blijkt die opnieuw nodig. Motiveer welke.",
                verlengd["bron"],
                [p.code],
            )
    return None


def na_achttien(rs: Regelset, p: ProductInfo, v) -> Bevinding | None:
    """A jeugd product without an age limit whose einddatum passes the 18th birthday: a limit from the
    verlengde jeugdhulp rules, or None (the general 18-/18+ finding applies)."""
    afronden, verlengd = regels()["afronden_na_18"], regels()["verlengde_jeugdhulp"]
    tot = verjaardag(v.geboortedatum, verlengd["tot"])
    if v.einddatum >= tot:
        return _b(
            rs,
            verlengd["id"],
            Uitkomst.NIET_TOEGESTAAN,
            f"Verlengde jeugdhulp loopt tot uiterlijk de dag vóór de {verlengd['tot']}e verjaardag "
            f"({_datum(tot - timedelta(days=1))}).",
            verlengd["bron"],
            [p.code],
        )
    if p.code in verlengd["begeleiding"]:
        achttien = verjaardag(v.geboortedatum, 18)
        laatste = plus_maanden(achttien, afronden["maanden"])
        if v.einddatum < laatste:
            return _b(
                rs,
                afronden["id"],
                Uitkomst.VOORWAARDELIJK,
                f"{p.naam} mag tot {afronden['maanden']} maanden na de 18e verjaardag doorlopen om het traject af te "
                "ronden; daarna gaat de Wmo voor.",
                afronden["bron"],
                [p.code],
                onduidelijk=True,
            )
        return _b(
            rs,
            verlengd["id"],
            Uitkomst.NIET_TOEGESTAAN,
            f"{p.naam} is begeleiding: dat kan na 18 geen verlengde jeugdhulp zijn (de Wmo gaat voor); alleen "
            f"afronden tot uiterlijk {_datum(laatste - timedelta(days=1))}.",
            verlengd["bron"],
            [p.code],
            onduidelijk=True,
        )
    return None


# --- WR-034: Wmo verlenging in whole months, 1 to 12 ------------------------------------------------------------


def hele_maanden(van: date, tot: date) -> int | None:
    """The number of whole months from `van` to `tot` inclusive, or None when it is no whole number."""
    for n in range(1, 121):
        einde = plus_maanden(van, n) - timedelta(days=1)
        if einde == tot:
            return n
        if einde > tot:
            return None
    return None


def wmo_verlenging(rs: Regelset, p: ProductInfo, v) -> list[Bevinding]:
    regel = regels()["wmo_verlenging"]
    if p.code not in regel["producten"]:
        return []
    if v.einddatum is None:
        uitleg = "Een verlenging 1A is altijd een aantal volle maanden: geef een einddatum."
    else:
        n = hele_maanden(v.ingangsdatum, v.einddatum)
        if n is not None and n >= regel["min_maanden"]:
            return []
        uitleg = (
            f"Een verlenging 1A is altijd {regel['min_maanden']} tot {regel['max_maanden']} volle maanden: eindig op "
            f"{_datum(plus_maanden(v.ingangsdatum, 1) - timedelta(days=1))}, "
            f"{_datum(plus_maanden(v.ingangsdatum, 2) - timedelta(days=1))} enzovoort."
        )
    return [_b(rs, regel["id"], Uitkomst.NIET_TOEGESTAAN, uitleg, regel["bron"], [p.code])]


# --- WR-038..WR-041: meerwerk 1B; WR-036: no new meerwerk 1A -----------------------------------------------------


def meerwerk_1b(rs: Regelset, p: ProductInfo, v) -> list[Bevinding]:
    regel = regels()["meerwerk_1b"]
    if p.code != regel["product"]:
        return []
    bronnen, uit = regel["bronnen"], []

    def niet(regel_id: str, uitleg: str) -> None:
        uit.append(_b(rs, regel_id, Uitkomst.NIET_TOEGESTAAN, uitleg, bronnen[regel_id], [p.code]))

    eerder = [lo for lo in (*v.lopend, *v.eerder) if lo.code == p.code]
    if len(eerder) >= regel["max_keer"]:
        niet("WR-041", "Meerwerk 1B kan maar één keer worden geïndiceerd; er is al meerwerk 1B geweest of lopend.")
    if v.einddatum is None or v.einddatum >= plus_maanden(v.ingangsdatum, regel["max_maanden"]):
        niet("WR-041", f"Meerwerk 1B duurt hoogstens {regel['max_maanden']} maanden: geef een einddatum daarbinnen.")
    trajecten = [lo for lo in v.lopend if lo.code == regel["traject"] and lo.van is not None]
    if trajecten:
        start = min(lo.van for lo in trajecten)
        uiterlijk = plus_maanden(start, regel["aanvraag_binnen_maanden"])
        if rs.peildatum > uiterlijk:
            niet(
                "WR-039",
                f"Meerwerk 1B wordt uiterlijk {regel['aanvraag_binnen_maanden']} maanden na de start van het traject "
                f"1B ({_datum(start)}) aangevraagd, dus uiterlijk {_datum(uiterlijk)}.",
            )
    uit.append(
        _b(
            rs,
            "WR-038",
            Uitkomst.VOORWAARDELIJK,
            "Meerwerk 1B alleen bij een life-event met behoorlijke impact dat de doelen vertraagt, of ter overbrugging "
            "van een wachtlijst elders (Zvw-behandeling). Bevestig de grond."
            + ("" if trajecten else " Controleer ook dat de aanvraag binnen 5 maanden na de start van 1B valt."),
            bronnen["WR-038"],
            [p.code],
        )
    )
    bedrag = next((t.bedrag for t in rs.tarieven.get(regel["traject"], []) if t.bedrag is not None), None)
    per_maand = (
        f"€ {bedrag / regel['doorlooptijd_maanden']:.2f}".replace(".", ",")
        if bedrag is not None
        else f"het trajecttarief 1B gedeeld door {regel['doorlooptijd_maanden']}"
    )
    uit.append(
        _b(
            rs,
            "WR-040",
            Uitkomst.TOEGESTAAN,
            f"Meerwerk 1B wordt per maand geïndiceerd, tegen {per_maand} per maand.",
            bronnen["WR-040"],
            [p.code],
        )
    )
    return uit


def meerwerk_1a(rs: Regelset, p: ProductInfo, v) -> list[Bevinding]:
    regel = regels()["meerwerk_1a"]
    vanaf = regel["vanaf"]
    if p.code not in regel["producten"] or (v.ingangsdatum < vanaf and rs.peildatum < vanaf):
        return []
    return [
        _b(
            rs,
            regel["id"],
            Uitkomst.NIET_TOEGESTAAN,
            f"Vanaf {_datum(vanaf)} wordt geen nieuw meerwerk 1A meer geïndiceerd; eerder afgegeven meerwerk loopt "
            "door tot de einddatum. Na die einddatum beslist de consulent over een verlenging 1A.",
            regel["bron"],
            [p.code],
        )
    ]


# --- JR-065: inside the garantiefase of an ended traject -------------------------------------------------------


def _afgesloten(p: ProductInfo, aanbieder_agb: str, einde: date) -> garantiefase.Afgesloten:
    return garantiefase.Afgesloten(
        nummer=0,
        code=p.code,
        naam=p.naam,
        aanbieder_agb=aanbieder_agb,
        aanbieder_naam="",
        segment=p.segment,
        traject=bool(p.garantiefase_maanden),
        einde=einde,
    )


def garantiefase_na(rs: Regelset, p: ProductInfo, v) -> list[Bevinding]:
    """JR-065 as the command line and the API ask it, decided by the one rule (regie.garantiefase: within 6
    months after the end, same aanbieder, same segment, trajecten only): the end given as `garantiefase_na`
    (of this product at this aanbieder), else the earlier trajecten in `eerder`."""
    regel = regels()["garantiefase"]
    if v.garantiefase_na is not None:
        eerder = [_afgesloten(p, v.aanbieder_agb, v.garantiefase_na)]
    else:
        eerder = [
            _afgesloten(rs.producten[e.code], e.aanbieder_agb, e.tot)
            for e in _afgelopen(v)
            if e.tot is not None and e.code in rs.producten
        ]
    gevonden = garantiefase.kandidaten(eerder, aanbieder_agb=v.aanbieder_agb, segment=p.segment, datum=v.ingangsdatum)
    return [
        _b(
            rs,
            regel["id"],
            Uitkomst.VOORWAARDELIJK,
            f"De ingangsdatum valt in de garantiefase van {garantiefase.MAANDEN} maanden na het einde van "
            f"{a.code} op {_datum(a.einde)} (tot en met {_datum(garantiefase.loopt_tot(a.einde))}): de aanbieder "
            "neemt de cliënt terug binnen hetzelfde traject en de toewijzing wordt opgerekt, zonder nieuwe "
            "indicatie. Motiveer waarom toch een nieuwe indicatie nodig is.",
            regel["bron"],
            [p.code],
        )
        for a in gevonden[:1]
    ]


CONTROLES = (
    herindicatie,
    dyslexie_totaal,
    perspectief1_dubbel,
    medicijncontrole,
    drangtraject,
    strafrecht_bevinding,
    wmo_verlenging,
    meerwerk_1b,
    meerwerk_1a,
    garantiefase_na,
)
