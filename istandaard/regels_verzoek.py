"""Rules within one message added for incoming verzoeken (315/317) and the external lists (iStandaarden iJw/iWmo
3.2, regels): controleniveau 2 (retourcode 0001) and the externe-bron rules TR378 (S300) and TR381 (S329). Run with
`regels.REGELS` by `toetsen` (istandaard.validatie); the same small functions over the message as a dict."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from django.utils import timezone

from .codelijsten import cbs_gemeente_geldig
from .regels import (
    Afwijking,
    _Bericht,
    _d,
    _einde,
    _lijst,
    _personen,
    _producten,
    overlappend,
    product_sleutel,
    regels_toetsen,
)


def _dagtekening(g) -> date | None:
    return _d(((g.get("Header") or {}).get("BerichtIdentificatie") or {}).get("Dagtekening"))


def cs139(g, domein):
    """DatumGebruik agrees with Datum: 1 (day unknown) 01-MM-EEJJ, 2 (day and month unknown) 01-01-EEJJ, 3 (unknown)
    01-01-1900 (bericht 301, Client and Relatie Geboortedatum)."""
    for pad, persoon in _personen(g):
        geboorte = persoon.get("Geboortedatum") or {}
        datum, gebruik = _d(geboorte.get("Datum")), geboorte.get("DatumGebruik")
        if datum is None or gebruik in (None, ""):
            continue
        past = {
            "1": datum.day == 1,
            "2": (datum.month, datum.day) == (1, 1),
            "3": datum == date(1900, 1, 1),
        }.get(str(gebruik), True)
        if not past:
            yield f"{pad}/Geboortedatum", "DatumGebruik en de geboortedatum passen niet bij elkaar."


def tr383(g, domein):
    """ReferentieAanbieder unique for every AangevraagdProduct within the message (315)."""
    gezien = set()
    for pad, p in _producten(g):
        if "AangevraagdProduct" not in pad:
            continue
        if p.get("ReferentieAanbieder") in gezien:
            yield pad, "Deze ReferentieAanbieder staat al bij een ander aangevraagd product."
        gezien.add(p.get("ReferentieAanbieder"))


def _verzoek_groep(g, groep: str, naam: str) -> list:
    return _lijst((((g.get("Client") or {}).get("Verzoek") or {}).get(groep) or {}).get(naam))


def tr352(g, domein):
    """A verzoek om wijziging has at least one OngewijzigdProduct or TeWijzigenProduct (317)."""
    if "Verzoek" in (g.get("Client") or {}) and not (
        _verzoek_groep(g, "OngewijzigdeProducten", "OngewijzigdProduct")
        or _verzoek_groep(g, "TeWijzigenProducten", "TeWijzigenProduct")
    ):
        yield (
            "Client/Verzoek",
            "Een verzoek om wijziging noemt ten minste één bestaand (ongewijzigd of te wijzigen) product.",
        )


def tr353(g, domein):
    """A verzoek om wijziging has at least one TeWijzigenProduct or NieuwProduct (317)."""
    if "Verzoek" in (g.get("Client") or {}) and not (
        _verzoek_groep(g, "TeWijzigenProducten", "TeWijzigenProduct")
        or _verzoek_groep(g, "NieuweProducten", "NieuwProduct")
    ):
        yield "Client/Verzoek", "Een verzoek om wijziging wijzigt ten minste één product of vraagt een nieuw product."


# TR380 "Vullen met een datum die groter is dan de dagtekening van het bericht" (317). The rule text names no element;
# reading chosen: NieuwProduct/GewensteIngangsdatum. A TeWijzigenProduct may start on or before the dagtekening when it
# changes the whole period (TR357), and OP343 (a VOW in time, before the gewenste ingangsdatum) refers to TR380.
def tr380(g, domein):
    dag = _dagtekening(g)
    for i, p in enumerate(_verzoek_groep(g, "NieuweProducten", "NieuwProduct")):
        gewenst = _d(p.get("GewensteIngangsdatum"))
        if dag and gewenst and gewenst <= dag:
            yield (
                f"Client/Verzoek/NieuweProducten/NieuwProduct[{i + 1}]",
                "De gewenste ingangsdatum van een nieuw product ligt na de dagtekening.",
            )


def tr410(g, domein):
    """A product occurs more than once among the NieuwProducten only with non-overlapping periods (317): from the
    GewensteIngangsdatum to the Einddatum."""
    perioden = []
    for i, p in enumerate(_verzoek_groep(g, "NieuweProducten", "NieuwProduct")):
        begin = _d(p.get("GewensteIngangsdatum"))
        if begin:
            pad = f"Client/Verzoek/NieuweProducten/NieuwProduct[{i + 1}]"
            perioden.append((pad, product_sleutel(p.get("Product")), begin, _einde(p) or date.max))
    for pad in overlappend(perioden):
        yield pad, "Dit product komt al voor in een overlappende periode."


# TR381 (externe bron, S329): the Standaardproductcodelijst Jeugdwet codes a product as its categorie's two digits,
# a letter and two digits (45A53 in categorie 45). The Wmo has no national product code list (each gemeente's own),
# so only Jeugd is checked.
def tr381(g, domein):
    if domein != "jeugd":
        return
    client = g.get("Client") or {}
    start_stop = [
        (f"Client/{groep}/{naam}[{i + 1}]", p)
        for groep, naam in (("StartProducten", "StartProduct"), ("StopProducten", "StopProduct"))
        for i, p in enumerate(_lijst((client.get(groep) or {}).get(naam)))
    ]
    for pad, p in [*_producten(g), *start_stop]:
        product = p.get("Product") or {}
        if (
            product.get("Code")
            and product.get("Categorie")
            and not str(product["Code"]).startswith(product["Categorie"])
        ):
            yield pad, "De productcode hoort niet bij de productcategorie."


def _gemeente_in_kop(g) -> str | None:
    kop = g.get("Header") or {}
    return next((kop[k] for k in ("Afzender", "Ontvanger") if re.fullmatch(r"[0-9]{4}", str(kop.get(k, "")))), None)


def tr378(g, domein):
    """The gemeentecode exists in the CBS list valid on the (Toewijzing)Ingangsdatum; on the dagtekening where the
    message has none (externe bron, S300). Our own copy of the CBS list: istandaard/codelijsten/cbs_gemeenten.yaml."""
    code = _gemeente_in_kop(g)
    if code is None:
        return
    datums = [
        _d(p.get("Ingangsdatum") or p.get("ToewijzingIngangsdatum") or p.get("GewensteIngangsdatum"))
        for _pad, p in _producten(g)
    ]
    datums = [d for d in datums if d] or [_dagtekening(g) or timezone.localdate()]
    if not any(cbs_gemeente_geldig(code, d) for d in datums):
        yield "Header", "De gemeentecode staat niet in de CBS-lijst van gemeenten."
    woonplaats = ((g.get("Antwoord") or {}).get("Woonplaatsbeginsel") or {}).get("Gemeente")
    if woonplaats and not cbs_gemeente_geldig(str(woonplaats), _dagtekening(g) or timezone.localdate()):
        yield "Antwoord/Woonplaatsbeginsel", "De gemeentecode staat niet in de CBS-lijst van gemeenten."


REGELS_VERZOEK: dict[str, tuple[Callable, str]] = {
    "CS139": (cs139, "0001"),
    "TR352": (tr352, "0001"),
    "TR353": (tr353, "0001"),
    "TR380": (tr380, "0001"),
    "TR383": (tr383, "0001"),
    "TR410": (tr410, "0001"),
    "TR378": (tr378, "S300"),
    "TR381": (tr381, "S329"),
}


def toetsen(gegevens: dict, domein: str) -> list[Afwijking]:
    """Every rule within one message: those of `regels` and these."""
    uit = regels_toetsen(gegevens, domein)
    g = _Bericht(gegevens)
    for code, (regel, retourcode) in REGELS_VERZOEK.items():
        for pad, uitleg in regel(g, domein):
            uit.append(Afwijking(code, pad, uitleg, retourcode))
    return uit
