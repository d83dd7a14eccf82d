"""Eligibility of one proposed indicatie: leeftijd, bijzondere toegang, perceel, contract, duur,
matchingsgesprek, garantiefase and the 18-/18+ transition. Each check is a small pure function
returning findings; `controleer` runs them all."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from inwoners.models import leeftijd_op

from . import onbekende_geboortedatum, voorstelregels
from .bevinding import Bevinding
from .lopend import Lopend
from .models import Uitkomst
from .regelset import ProductInfo, Regelset
from .termijnen import plus_maanden
from .voorstelregels import verjaardag

MEERDERJARIG = 18


@dataclass(frozen=True)
class Voorstel:
    productcode: str
    geboortedatum: date
    gemeente_cbs: str
    ingangsdatum: date
    einddatum: date | None = None
    aanbieder_gecontracteerd: bool | None = None  # None: no aanbieder given
    aanbieder_agb: str = ""
    bijzondere_toegang: bool = False
    herindicatie: bool = False
    verlenging: bool = False
    gemeente_gebruikt_lokaal: bool = True
    # What runs beside it and what ran before (code, aanbieder, period), who refers, and the end of an earlier
    # traject whose garantiefase may cover this one.
    lopend: tuple[Lopend, ...] = ()
    eerder: tuple[Lopend, ...] = ()
    verwijzer: str = "toegang"
    garantiefase_na: date | None = None
    geboortedatum_gebruik: str = ""  # iJw DatumGebruik: "" known, 1 dag, 2 dag en maand, 3 all unknown (OP252)


def _versie(rs: Regelset) -> str:
    return f"catalogus/regelset {rs.versie}"


def leeftijd(rs: Regelset, p: ProductInfo, v: Voorstel) -> list[Bevinding]:
    """The product's age limits; on a (partly) unknown birth date see regie.onbekende_geboortedatum (OP252)."""
    grenzen = " ".join(
        t
        for t in (
            f"vanaf {p.leeftijd_min} jaar" if p.leeftijd_min is not None else "",
            f"tot {p.leeftijd_max} jaar" if p.leeftijd_max is not None else "",
        )
        if t
    )
    return onbekende_geboortedatum.toepassen(
        _leeftijd, rs, p, v, heeft_leeftijdsgrens=_eigen_grens(p, v), grens_tekst=f"{p.naam} is {grenzen}."
    )


def _eigen_grens(p: ProductInfo, v: Voorstel) -> bool:
    return p.leeftijd_min is not None or (p.leeftijd_max is not None and not voorstelregels.strafrecht(v))


def _leeftijd(rs: Regelset, p: ProductInfo, v: Voorstel) -> list[Bevinding]:
    bron = f"{p.leeftijd_bron or p.bron} ({p.naam})"
    uit = []
    op_start = leeftijd_op(v.geboortedatum, v.ingangsdatum)
    if p.leeftijd_min is not None and op_start < p.leeftijd_min:
        uit.append(
            Bevinding(
                "LEEFTIJD-MIN",
                Uitkomst.NIET_TOEGESTAAN,
                f"{p.naam} is vanaf {p.leeftijd_min} jaar; op de ingangsdatum is de inwoner {op_start}.",
                bron,
                (p.code,),
                _versie(rs),
            )
        )
    # JR-022: jeugdhulp under a strafrechtelijke beslissing has no age limit.
    if p.leeftijd_max is not None and not voorstelregels.strafrecht(v):
        grens = verjaardag(v.geboortedatum, p.leeftijd_max)
        uitzondering = (
            voorstelregels.na_leeftijdsgrens(rs, p, v, grens)
            if v.einddatum is not None and op_start < p.leeftijd_max and v.einddatum >= grens
            else None
        )
        if uitzondering is not None:
            uit.append(uitzondering)
        elif op_start >= p.leeftijd_max:
            uit.append(
                Bevinding(
                    "LEEFTIJD-MAX",
                    Uitkomst.NIET_TOEGESTAAN,
                    f"{p.naam} is tot {p.leeftijd_max} jaar; op de ingangsdatum is de inwoner {op_start}.",
                    bron,
                    (p.code,),
                    _versie(rs),
                )
            )
        elif v.einddatum is not None and v.einddatum >= grens:
            uit.append(
                Bevinding(
                    "LEEFTIJD-MAX-EINDDATUM",
                    Uitkomst.NIET_TOEGESTAAN,
                    f"{p.naam} is tot {p.leeftijd_max} jaar: de einddatum is uiterlijk "
                    f"{grens - timedelta(days=1):%d-%m-%Y}, "
                    f"de dag vóór de {p.leeftijd_max}e verjaardag.",
                    bron,
                    (p.code,),
                    _versie(rs),
                )
            )
    return uit


def achttien(rs: Regelset, p: ProductInfo, v: Voorstel) -> list[Bevinding]:
    """The 18-/18+ transition: Jeugdwet until 18, then Wmo/Zvw (verlengde jeugdhulp by exception); on a (partly)
    unknown birth date see regie.onbekende_geboortedatum (OP252)."""
    tekst = (
        "tot 18 jaar gaat de Jeugdwet voor, Wmo alleen als de Jeugdwet niet voorziet."
        if p.domein == "wmo"
        else "jeugdhulp is tot 18 jaar; daarna gaan Wmo en Zvw voor (verlengde jeugdhulp alleen als de "
        "voorwaarden daarvoor gelden)."
    )
    # One "leeftijd onbekend" per product: a product with its own limit already has it from `leeftijd`.
    heeft_grens = not _eigen_grens(p, v) and (
        p.domein == "wmo" or (p.domein == "jeugd" and p.leeftijd_max is None and not voorstelregels.strafrecht(v))
    )
    return onbekende_geboortedatum.toepassen(_achttien, rs, p, v, heeft_leeftijdsgrens=heeft_grens, grens_tekst=tekst)


def _achttien(rs: Regelset, p: ProductInfo, v: Voorstel) -> list[Bevinding]:
    op_start = leeftijd_op(v.geboortedatum, v.ingangsdatum)
    bron = "Handboek verwijzers jeugdhulp §1.1.1.3 (r. 474–981); Handboek Maatwerkdiensten Wmo §4 (r. 290–299)"
    if p.domein == "wmo" and op_start < MEERDERJARIG:
        return [
            Bevinding(
                "WMO-18MIN",
                Uitkomst.VOORWAARDELIJK,
                f"De inwoner is {op_start}: tot 18 jaar gaat de Jeugdwet voor. Wmo alleen als de "
                "Jeugdwet niet voorziet (bijvoorbeeld beschermd wonen vanaf 17).",
                bron,
                (p.code,),
                _versie(rs),
            )
        ]
    if (
        p.domein == "jeugd"
        and p.leeftijd_max is None
        and v.einddatum is not None
        and v.einddatum >= verjaardag(v.geboortedatum, MEERDERJARIG)
        and op_start < MEERDERJARIG
        and not voorstelregels.strafrecht(v)
    ):
        grens = voorstelregels.na_achttien(rs, p, v)
        return [
            Bevinding(
                "JEUGD-18PLUS",
                Uitkomst.VOORWAARDELIJK,
                "De einddatum ligt na de 18e verjaardag: vanaf 18 gaan Wmo en Zvw voor; verlengde "
                "jeugdhulp alleen als de voorwaarden daarvoor gelden. Bereid de overgang vanaf 16 voor.",
                bron,
                (p.code,),
                _versie(rs),
            )
        ] + ([grens] if grens else [])
    return []


def toegang(rs: Regelset, p: ProductInfo, v: Voorstel) -> list[Bevinding]:
    if p.bijzondere_toegang and not v.bijzondere_toegang:
        return [
            Bevinding(
                "BIJZONDERE-TOEGANG",
                Uitkomst.NIET_TOEGESTAAN,
                f"{p.naam} (segment 1) is alleen toegankelijk via de bijzondere toegang.",
                "Handboek verwijzers jeugdhulp §2.8 (r. 3813–3830)",
                (p.code,),
                _versie(rs),
            )
        ]
    return []


def perceel(rs: Regelset, p: ProductInfo, v: Voorstel) -> list[Bevinding]:
    if p.perceel == "lokaal" and not v.gemeente_gebruikt_lokaal:
        return [
            Bevinding(
                "PERCEEL-LOKAAL",
                Uitkomst.NIET_TOEGESTAAN,
                f"{p.naam} is alleen lokaal ingekocht en deze gemeente gebruikt het lokale perceel niet.",
                "Handboek verwijzers jeugdhulp §2.3 (r. 3644–3660)",
                (p.code,),
                _versie(rs),
            )
        ]
    return []


def contract(rs: Regelset, p: ProductInfo, v: Voorstel) -> list[Bevinding]:
    if v.aanbieder_gecontracteerd is False:
        return [
            Bevinding(
                "CONTRACT",
                Uitkomst.NIET_TOEGESTAAN,
                f"Aanbieder {v.aanbieder_agb} heeft geen contract voor {p.code} in deze gemeente op de ingangsdatum.",
                "Raamovereenkomst / nadere overeenkomst (contracten in Toegang)",
                (p.code,),
                _versie(rs),
            )
        ]
    return []


def duur(rs: Regelset, p: ProductInfo, v: Voorstel) -> list[Bevinding]:
    """Maximum durations are mostly guidelines (Handboek verwijzers jeugdhulp §3.4.2, r. 8548–8550, §3.4.3 r. 9141–9144,
    §3.4.5 r. 10348–10351): warn, the consulent motivates."""
    if p.max_duur_maanden and v.einddatum and v.einddatum >= plus_maanden(v.ingangsdatum, p.max_duur_maanden):
        return [
            Bevinding(
                "DUUR-MAX",
                Uitkomst.VOORWAARDELIJK,
                f"De periode is langer dan de maximale duur van {p.max_duur_maanden} maanden voor {p.naam}; "
                "motiveer waarom.",
                p.duur_bron or p.bron,
                (p.code,),
                _versie(rs),
            )
        ]
    return []


MATCHING_UITLEG = {
    "vereist": "Een matchingsgesprek is nodig (binnen 5 werkdagen na aanmelding).",
    "niet_vereist": "Voor dit product is geen matchingsgesprek nodig.",
    "consulent_bepaalt": "Geen matchingsgesprek, tenzij de consulent het nodig acht.",
    "onduidelijk": "Of een matchingsgesprek nodig is, laat het handboek open; de regio kiest: wel een gesprek "
    "(uitgangspunt 'altijd een matchingsgesprek', Handboek verwijzers jeugdhulp §1.1.2.3.2 (r. 2073–2149)).",
}


def matchingsgesprek(rs: Regelset, p: ProductInfo, v: Voorstel) -> list[Bevinding]:
    if p.domein == "wmo" and v.herindicatie:
        return [
            Bevinding(
                "MATCHING-WMO-HERINDICATIE",
                Uitkomst.TOEGESTAAN,
                "Bij een Wmo-herindicatie is geen matchingsgesprek nodig.",
                "Handboek Maatwerkdiensten Wmo §2 (r. 126–128)",
                (p.code,),
                _versie(rs),
                extra={"matchingsgesprek": False},
            )
        ]
    nodig = p.matchingsgesprek in {"vereist", "onduidelijk"}
    return [
        Bevinding(
            "MATCHINGSGESPREK",
            Uitkomst.TOEGESTAAN,
            MATCHING_UITLEG[p.matchingsgesprek],
            p.matchingsgesprek_bron or p.bron,
            (p.code,),
            _versie(rs),
            onduidelijk=p.matchingsgesprek == "onduidelijk",
            extra={"matchingsgesprek": nodig},
        )
    ]


def garantiefase(rs: Regelset, p: ProductInfo, v: Voorstel) -> list[Bevinding]:
    if p.garantiefase_maanden:
        return [
            Bevinding(
                "GARANTIEFASE",
                Uitkomst.TOEGESTAAN,
                f"Na het einde geldt een garantiefase van {p.garantiefase_maanden} maanden bij dezelfde "
                "aanbieder; die rekt de toewijzing op.",
                p.garantiefase_bron,
                (p.code,),
                _versie(rs),
            )
        ]
    return []


def verlenging(rs: Regelset, p: ProductInfo, v: Voorstel) -> list[Bevinding]:
    """A verlenging follows the product's own rule in the catalogue (e.g. dyslexie: 'verlenging en
    herindicatie niet mogelijk', Handboek verwijzers jeugdhulp §3.4.7 (r. 11475–11477); logeren: 'eenmalig verlengen met
    8 maanden')."""
    uit = []
    if v.verlenging and p.verlenging:
        regel = p.verlenging.lower()
        # "geen automatisme", "besluit consulent", "alleen in uitzonderingssituaties": allowed once the
        # consulent weighs and motivates it.
        uitkomst = Uitkomst.NIET_TOEGESTAAN if "niet mogelijk" in regel else Uitkomst.VOORWAARDELIJK
        uit.append(
            Bevinding(
                "VERLENGING", uitkomst, f"Verlenging van {p.naam}: {p.verlenging}.", p.bron, (p.code,), _versie(rs)
            )
        )
    # Wmo verlenging 1A (02C02/07C02): 1 tot 12 volle maanden; langer alleen bij uitzondering (Handboek Maatwerkdiensten
    # Wmo §5 segment 1A (r. 700–710)).
    if p.code in {"02C02", "07C02"} and v.einddatum and v.einddatum >= plus_maanden(v.ingangsdatum, 12):
        uit.append(
            Bevinding(
                "VERLENGING-1A-MAX",
                Uitkomst.VOORWAARDELIJK,
                "Een verlenging 1A is 1 tot 12 volle maanden; langer alleen in een uitzonderlijke situatie, "
                "besluit en motivering van de consulent.",
                "Handboek Maatwerkdiensten Wmo §5 segment 1A (r. 700–710)",
                (p.code,),
                _versie(rs),
            )
        )
    return uit


CONTROLES = (
    toegang,
    leeftijd,
    achttien,
    perceel,
    contract,
    duur,
    verlenging,
    matchingsgesprek,
    garantiefase,
    *voorstelregels.CONTROLES,
)


def controleer(rs: Regelset, v: Voorstel) -> list[Bevinding]:
    p = rs.producten[v.productcode]
    bevindingen: list[Bevinding] = []
    for controle in CONTROLES:
        bevindingen.extend(controle(rs, p, v))
    return bevindingen
