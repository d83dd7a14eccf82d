"""The conditions, constraints and technical rules inside one message that an XSD cannot express
(iStandaarden iJw/iWmo 3.2, berichten: controleniveau 2, retourcode 0001; TR135 is controleniveau 4, 8848).

Each rule is a small function over the message as a dict; REGELS maps the rule's code to it. Rules
that need stored data (TR019, TR056, TR326…) are checked when a message is processed, not here.

`regels_toetsen` runs every rule on every message sent or received, so what many rules walk (the product-like
classes, the contacts) is collected once per message (`_Bericht`), not once per rule."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache, partial

from django.utils import timezone
from stdnum.nl import bsn as stdnum_bsn

from . import geboortedatum


@dataclass(frozen=True)
class Afwijking:
    regel: str
    pad: str
    uitleg: str
    retourcode: str = "0001"

    def als_dict(self) -> dict:
        return {"regel": self.regel, "pad": self.pad, "uitleg": self.uitleg, "retourcode": self.retourcode}


def _d(waarde) -> date | None:
    if waarde is None or waarde == "":
        return None
    return waarde if isinstance(waarde, date) else date.fromisoformat(str(waarde))


def _lijst(waarde) -> list:
    if waarde in (None, ""):
        return []
    return waarde if isinstance(waarde, list) else [waarde]


class _Bericht(dict):
    """The message dict (a shallow copy) with the walks that many rules share, made once (in `regels_toetsen`)."""

    __slots__ = ("_contacten", "_producten")

    def __init__(self, gegevens: dict):
        super().__init__(gegevens)
        self._producten = self._contacten = None


def _producten(g: dict) -> Iterator[tuple[str, dict]] | list[tuple[str, dict]]:
    if type(g) is _Bericht:
        if g._producten is None:
            g._producten = list(_producten_van(g))
        return g._producten
    return _producten_van(g)


def _producten_van(g: dict) -> Iterator[tuple[str, dict]]:
    """Every product-like class with its path: ToegewezenProduct, AangevraagdProduct, TeWijzigen/Nieuw."""
    client = g.get("Client") or {}
    for i, p in enumerate(_lijst((client.get("ToegewezenProducten") or {}).get("ToegewezenProduct"))):
        yield f"Client/ToegewezenProducten/ToegewezenProduct[{i + 1}]", p
    for i, p in enumerate(_lijst((client.get("AangevraagdeProducten") or {}).get("AangevraagdProduct"))):
        yield f"Client/AangevraagdeProducten/AangevraagdProduct[{i + 1}]", p
    verzoek = client.get("Verzoek") or {}
    for groep, naam in (("TeWijzigenProducten", "TeWijzigenProduct"), ("NieuweProducten", "NieuwProduct")):
        for i, p in enumerate(_lijst((verzoek.get(groep) or {}).get(naam))):
            yield f"Client/Verzoek/{groep}/{naam}[{i + 1}]", p


def _einde(p: dict):
    return _d(p.get("Einddatum") or p.get("ToewijzingEinddatum"))


def cd075(g, domein):
    for pad, p in _producten(g):
        if p.get("Budget") not in (None, "") and _einde(p) is None:
            yield pad, "Einddatum is verplicht als Budget gevuld is."


def cd076(g, domein):
    for pad, p in _producten(g):
        if (p.get("Omvang") or {}).get("Frequentie") == "2" and _einde(p) is None:
            yield pad, "Einddatum is verplicht bij Frequentie 2 (per week)."


def cd077(g, domein):
    for pad, p in _producten(g):
        if p.get("Budget") not in (None, "") and p.get("Omvang"):
            yield pad, "Omvang moet leeg zijn als Budget gevuld is."


def cd041(g, domein):
    """Omvang mandatory when Product/Code is filled — on every product class, our own 301 too: a budget goes out
    only without a code (CD041 with CD077; verwijzing.omvang sends a product without an eenheid as an amount)."""
    for pad, p in _producten(g):
        if (p.get("Product") or {}).get("Code") and not p.get("Omvang"):
            yield pad, "Omvang is verplicht als Product/Code gevuld is."


def cd080(g, domein):
    """Omvang empty when there is no Product/Code — for products ending after 2020-12-31 or open-ended
    (iStandaarden iJw/iWmo 3.2, bericht 301, ToegewezenProduct/Omvang)."""
    for pad, p in _producten(g):
        if "TeWijzigen" in pad:
            continue  # no Product element: its product is the toewijzing's (TR375/TR411/TR412, on processing)
        einde = _einde(p)
        if (
            p.get("Omvang")
            and not (p.get("Product") or {}).get("Code")
            and (einde is None or einde > date(2020, 12, 31))
        ):
            yield pad, "Omvang moet leeg zijn als er geen productcode is."


def cd079(g, domein):
    for pad, p in _producten(g):
        if "TeWijzigen" in pad:
            continue  # no Product element: its product is the toewijzing's
        if p.get("Budget") in (None, "") and not p.get("Product"):
            yield pad, "Product is verplicht als Budget leeg is."


def cs003(g, domein):
    for pad, p in _producten(g):
        begin = _d(p.get("Ingangsdatum") or p.get("ToewijzingIngangsdatum") or p.get("GewensteIngangsdatum"))
        if begin and _einde(p) and _einde(p) < begin:
            yield pad, "Einddatum ligt vóór de ingangsdatum."
    for pad, c in _contacten(g):  # CS003 on Contact/Periode too (bericht 301, Contact Periode_OpenPeriode)
        periode = c.get("Periode") or {}
        begin, einde = _d(periode.get("Begindatum")), _d(periode.get("Einddatum"))
        if begin and einde and einde < begin:
            yield f"{pad}/Periode", "De einddatum van de periode ligt vóór de begindatum."


def cs336(g, domein):
    for pad, p in _producten(g):
        if p.get("RedenWijziging") == "01":
            yield pad, "RedenWijziging 01 (vervallen) mag niet worden gebruikt."


def cs335(g, domein):
    for pad, p in _producten(g):
        if p.get("RedenWijziging") == "13" and _einde(p) != _d(p.get("Ingangsdatum")):
            yield pad, "RedenWijziging 13 (verwijderd) vraagt einddatum gelijk aan ingangsdatum."


def cs338(g, domein):
    for pad, p in _producten(g):
        omvang = p.get("Omvang") or {}
        if omvang.get("Eenheid") in {"14", "16", "83", "84"} and omvang.get("Frequentie") not in {"2", "4", "6"}:
            yield pad, "Bij eenheid etmaal, dagdeel, euro's of stuks (inspanning) is de frequentie 2, 4 of 6."


@lru_cache(maxsize=4096)
def _bsn_geldig(bsn: str) -> bool:
    return stdnum_bsn.is_valid(bsn)


def cs002(g, domein):
    bsn = (g.get("Client") or {}).get("Bsn")
    if bsn and not _bsn_geldig(str(bsn)):
        yield "Client/Bsn", "Het BSN voldoet niet aan de elfproef."


def _personen(g) -> Iterator[tuple[str, dict]]:
    """The client and each Relatie: the classes with a Naam and a Geboortedatum (CS050, CS139)."""
    client = g.get("Client") or {}
    yield "Client", client
    for i, r in enumerate(_lijst((client.get("Relaties") or {}).get("Relatie"))):
        yield f"Client/Relaties/Relatie[{i + 1}]", r


def cs050(g, domein):
    """Client and Relatie (bericht 301, Client and Relatie Naam_VolledigeNaam)."""
    for pad, persoon in _personen(g):
        naam = persoon.get("Naam") or {}
        gebruik = naam.get("NaamGebruik")
        if gebruik is None:
            continue
        if naam.get("Partnernaam") and gebruik not in {"1", "2", "3", "4"}:
            yield f"{pad}/Naam/NaamGebruik", "Met een partnernaam is NaamGebruik 1 tot en met 4."
        if not naam.get("Partnernaam") and gebruik not in {"1", "6"}:
            yield f"{pad}/Naam/NaamGebruik", "Zonder partnernaam is NaamGebruik 1 of 6."


def cs318(g, domein):
    if ((g.get("Client") or {}).get("Naam") or {}).get("NaamGebruik") == "6":
        yield "Client/Naam/NaamGebruik", "NaamGebruik 6 (niet-natuurlijk persoon) kan niet voor de cliënt."


def cd007(g, domein):
    com = (g.get("Client") or {}).get("Communicatie")
    if com and (com.get("Vorm") == "1") != bool(com.get("Taal")):
        yield "Client/Communicatie", "Taal is verplicht bij een tolk taal (Vorm 1), en alleen dan gevuld."


def _contacten(g) -> Iterator[tuple[str, dict]] | list[tuple[str, dict]]:
    if type(g) is _Bericht:
        if g._contacten is None:
            g._contacten = list(_contacten_van(g))
        return g._contacten
    return _contacten_van(g)


def _contacten_van(g) -> Iterator[tuple[str, dict]]:
    client = g.get("Client") or {}
    for i, c in enumerate(_lijst((client.get("Contactgegevens") or {}).get("Contact"))):
        yield f"Client/Contactgegevens/Contact[{i + 1}]", c
    for i, r in enumerate(_lijst((client.get("Relaties") or {}).get("Relatie"))):
        if r.get("Contact"):
            yield f"Client/Relaties/Relatie[{i + 1}]/Contact", r["Contact"]


def cd009(g, domein):
    """Contact/Periode only for an address of Soort 04 (tijdelijk adres; iStandaarden iJw/iWmo 3.2, bericht 301
    Contact/Periode)."""
    for pad, c in _contacten(g):
        if c.get("Periode") and c.get("Soort") != "04":
            yield pad, "Een periode hoort alleen bij een tijdelijk adres (soort 04)."


def cd025(g, domein):
    for pad, c in _contacten(g):
        adres = c.get("Adres") or {}
        if adres.get("LandCode") == "NL" and not adres.get("Huis"):
            yield pad, "Huis is verplicht bij een Nederlands adres."


def cd034(g, domein):
    for pad, c in _contacten(g):
        if c.get("Adres") and c.get("Soort") in {"01", "03"} and not c["Adres"].get("Postcode"):
            yield pad, "Postcode is verplicht bij een BRP- of verblijfadres."


POSTCODE_NL = re.compile(r"[1-9][0-9]{3}[A-Z]{2}")


def cs089(g, domein):
    for pad, c in _contacten(g):
        adres = c.get("Adres") or {}
        postcode = adres.get("Postcode")
        if adres.get("LandCode") == "NL" and postcode and not POSTCODE_NL.fullmatch(str(postcode)):
            yield pad, "Een Nederlandse postcode is vier cijfers en twee hoofdletters, zonder spatie."


def cd005(g, domein):
    for pad, c in _contacten(g):
        adres = c.get("Adres") or {}
        if adres.get("Postcode") and not adres.get("LandCode"):
            yield pad, "LandCode is verplicht als Postcode gevuld is."
        if adres.get("LandCode") and not adres.get("Postcode"):  # "... anders leeg laten"
            yield pad, "LandCode blijft leeg als er geen postcode is."


def tr006(g, domein):
    for pad, c in _contacten(g):
        adres = c.get("Adres") or {}
        if not c.get("Telefoon") and not (adres.get("Huis") and adres.get("Postcode")):
            yield pad, "Een contact heeft een telefoonnummer en/of huisnummer met postcode."


def tr061(g, domein):
    client = g.get("Client") or {}
    if "Contactgegevens" not in client:
        return
    soorten = {c.get("Soort") for c in _lijst((client.get("Contactgegevens") or {}).get("Contact"))}
    if not soorten & {"01", "02", "03"}:
        yield "Client/Contactgegevens", "Er is ten minste één BRP-, correspondentie- of verblijfadres."


def cs058(g, domein):
    client = g.get("Client") or {}
    for groep, naam in (("StartProducten", "StartProduct"), ("StopProducten", "StopProduct")):
        for i, p in enumerate(_lijst((client.get(groep) or {}).get(naam))):
            if p.get("StatusAanlevering") not in {"1", "3"}:
                yield f"Client/{groep}/{naam}[{i + 1}]", "StatusAanlevering is 1 (nieuw) of 3 (verwijderen)."


def tr018(g, domein):
    client = g.get("Client") or {}
    for i, p in enumerate(_lijst((client.get("StopProducten") or {}).get("StopProduct"))):
        if _d(p.get("Einddatum")) and _d(p.get("Begindatum")) and _d(p["Einddatum"]) < _d(p["Begindatum"]):
            yield f"Client/StopProducten/StopProduct[{i + 1}]", "Einddatum ligt vóór de begindatum."


def cd085(g, domein):
    a = g.get("Antwoord") or {}
    if a.get("VerzoekAntwoord") == "1" and not a.get("RedenAfwijzingVerzoek"):
        yield "Antwoord/RedenAfwijzingVerzoek", "Een afgewezen verzoek heeft een reden."
    if a.get("VerzoekAntwoord") == "2" and a.get("RedenAfwijzingVerzoek"):
        yield "Antwoord/RedenAfwijzingVerzoek", "Bij 'in onderzoek' is er (nog) geen reden van afwijzing (CD086)."


def tr377(g, domein):
    a = g.get("Antwoord") or {}
    if domein == "jeugd" and (a.get("RedenAfwijzingVerzoek") == "8") != bool(a.get("Woonplaatsbeginsel")):
        yield "Antwoord/Woonplaatsbeginsel", "De verantwoordelijke gemeente staat er alleen bij reden 8 (TR377/TR409)."


def cd043(g, domein):
    for pad, p in _producten(g):
        if "AangevraagdProduct" in pad and bool(p.get("BeschikkingNummer")) != bool(p.get("BeschikkingIngangsdatum")):
            yield pad, "BeschikkingIngangsdatum is verplicht als, en alleen als, BeschikkingNummer gevuld is."


def cd066(g, domein):
    for pad, p in _producten(g):
        v = p.get("Verwijzer") or {}
        if not v:
            continue
        arts = v.get("Type") in {"02", "03", "04", "05"}
        if arts and v.get("ZorgverlenerCode") and v.get("Naam"):
            yield pad, "Met een zorgverlenerscode blijft de naam van de verwijzer leeg (CD066)."
        if arts and not v.get("ZorgverlenerCode") and not v.get("Naam"):
            yield pad, "Zonder zorgverlenerscode is de naam van de verwijzer verplicht (CD067)."
        if not arts and v.get("ZorgverlenerCode"):
            yield pad, "Alleen een huisarts, jeugdarts, GI of medisch specialist heeft een zorgverlenerscode (CD068)."


def tr002(g, domein):
    """At most 120 years before the dagtekening, unless the birth date is onbekend: DatumGebruik 3 with
    01-01-1900 (IV009). A known year (DatumGebruik 1 or 2) is still checked."""
    dag = _d(((g.get("Header") or {}).get("BerichtIdentificatie") or {}).get("Dagtekening"))
    gb = (g.get("Client") or {}).get("Geboortedatum") or {}
    geboren = _d(gb.get("Datum"))
    if geboortedatum.is_onbekend(geboren, str(gb.get("DatumGebruik") or "")):
        return
    if dag and geboren and geboren < date(dag.year - 120, dag.month, min(dag.day, 28)):
        yield "Client/Geboortedatum", "De geboortedatum ligt meer dan 120 jaar vóór de dagtekening."


def cs139(g, domein):
    """Datum and DatumGebruik agree: the unknown parts are 01 (dag, maand) or 1900 (jaar) (IV009, OP252)."""
    gb = (g.get("Client") or {}).get("Geboortedatum") or {}
    geboren, gebruik = _d(gb.get("Datum")), str(gb.get("DatumGebruik") or "")
    if geboren and not geboortedatum.cs139_klopt(geboren, gebruik):
        yield "Client/Geboortedatum", "De geboortedatum past niet bij DatumGebruik (onbekende delen zijn 01 of 1900)."


_record = partial(json.dumps, sort_keys=True, default=str)  # a class's whole content, nested classes included


def tr101(g, domein):
    client = g.get("Client") or {}
    nummers = [p.get("ToewijzingNummer") for _pad, p in _producten(g) if p.get("ToewijzingNummer") not in (None, "")]
    if len(nummers) != len({str(n) for n in nummers}):
        yield "Client/ToegewezenProducten", "Een toewijzingnummer komt twee keer voor."
    soorten = [c.get("Soort") for c in _lijst((client.get("Contactgegevens") or {}).get("Contact"))]
    if len(soorten) != len(set(soorten)):
        yield "Client/Contactgegevens", "Een adressoort komt twee keer voor."
    verzoek = client.get("Verzoek") or {}
    genoemd = [
        str(p.get("ToewijzingNummer"))
        for groep, naam in (
            ("OngewijzigdeProducten", "OngewijzigdProduct"),
            ("TeWijzigenProducten", "TeWijzigenProduct"),
        )
        for p in _lijst((verzoek.get(groep) or {}).get(naam))
    ]
    if len(genoemd) != len(set(genoemd)):
        yield "Client/Verzoek", "Een toewijzingnummer staat twee keer in het verzoek."
    for groep, naam in (("StartProducten", "StartProduct"), ("StopProducten", "StopProduct")):
        # IV008: the logical key of a start or stop is ToewijzingNummer, Product and Begindatum
        sleutels = [
            (str(p.get("ToewijzingNummer")), repr(sorted((p.get("Product") or {}).items())), str(p.get("Begindatum")))
            for p in _lijst((client.get(groep) or {}).get(naam))
        ]
        if len(sleutels) != len(set(sleutels)):
            yield (
                f"Client/{groep}",
                "Een product met hetzelfde toewijzingnummer en dezelfde begindatum staat er twee keer.",
            )
    # AangevraagdProduct (315): its ReferentieAanbieder read as its logical key (IV097, TR347).
    aangevraagd = _lijst((client.get("AangevraagdeProducten") or {}).get("AangevraagdProduct"))
    referenties = [str(p.get("ReferentieAanbieder")) for p in aangevraagd]
    if len(referenties) != len(set(referenties)):
        yield "Client/AangevraagdeProducten", "Een ReferentieAanbieder komt twee keer voor."
    # Relatie and NieuwProduct, whose logical key is not at hand: the same record twice (docs/keuzes.md).
    relaties = [_record(r) for r in _lijst((client.get("Relaties") or {}).get("Relatie"))]
    if len(relaties) != len(set(relaties)):
        yield "Client/Relaties", "Een relatie komt twee keer voor."
    nieuw = [_record(p) for p in _lijst((verzoek.get("NieuweProducten") or {}).get("NieuwProduct"))]
    if len(nieuw) != len(set(nieuw)):
        yield "Client/Verzoek/NieuweProducten", "Een nieuw product staat twee keer in het verzoek."


def product_sleutel(product: dict | None) -> str | None:
    """TR302/TR361/TR386/TR410: a product by its code, else its categorie; None (generic) overlaps with every one."""
    product = product or {}
    return product.get("Code") or product.get("Categorie") or None


def overlappend(perioden: list[tuple[str, str | None, date, date]]) -> Iterator[str]:
    """The paths of (path, key, begin, end) that overlap an earlier one with the same key, or any one where a key is
    None (no product: overlaps with everything)."""
    gezien: list[tuple[str | None, date, date]] = []
    for pad, sleutel, begin, einde in perioden:
        if any((s is None or sleutel is None or s == sleutel) and begin <= e and b <= einde for s, b, e in gezien):
            yield pad
        gezien.append((sleutel, begin, einde))


def tr302(g, domein):
    """Same product only with non-overlapping periods (TR302 in a 301, TR386 in a 315): by code, else categorie; one
    without a product overlaps with every product. Deleted ones (RedenWijziging 13 or 01, einde = ingang) do not
    count."""
    perioden = []
    for pad, p in _producten(g):
        begin = _d(p.get("Ingangsdatum") or p.get("ToewijzingIngangsdatum"))
        if not begin or ("ToegewezenProduct" not in pad and "AangevraagdProduct" not in pad):
            continue
        if p.get("RedenWijziging") in {"13", "01"} and _einde(p) == begin:
            continue
        perioden.append((pad, product_sleutel(p.get("Product")), begin, _einde(p) or date.max))
    for pad in overlappend(perioden):
        yield pad, "Dit product komt al voor in een overlappende periode."


# TR134 "date ≤ dagtekening" (iStandaarden iJw/iWmo 3.2, technische regels, XSLT level). The document does not list the
# elements; reading chosen: what reports something that already happened — the Toewijzingsdatum of a 301 (the
# decision), the Begindatum of a 305 start and the Einddatum of a 307 stop. Planned dates (ingangsdatum,
# einddatum of a toewijzing, a gewenste ingangsdatum) may lie in the future.
TR134_DATUMS = (
    ("ToegewezenProducten", "ToegewezenProduct", "Toewijzingsdatum"),
    ("StartProducten", "StartProduct", "Begindatum"),
    ("StopProducten", "StopProduct", "Einddatum"),
)


def tr134(g, domein):
    dag = _d(((g.get("Header") or {}).get("BerichtIdentificatie") or {}).get("Dagtekening"))
    client = g.get("Client") or {}
    if not dag:
        return
    for groep, naam, veld in TR134_DATUMS:
        for i, p in enumerate(_lijst((client.get(groep) or {}).get(naam))):
            datum = _d(p.get(veld))
            if datum and datum > dag:
                yield f"Client/{groep}/{naam}[{i + 1}]/{veld}", f"{veld} ligt na de dagtekening van het bericht."


def tr135(g, domein):
    dag = _d(((g.get("Header") or {}).get("BerichtIdentificatie") or {}).get("Dagtekening"))
    if dag and dag > timezone.localdate():
        yield "Header/BerichtIdentificatie/Dagtekening", "De dagtekening ligt in de toekomst."


REGELS: dict[str, tuple[Callable, str]] = {
    "CD005": (cd005, "0001"),
    "CD007": (cd007, "0001"),
    "CD025": (cd025, "0001"),
    "CD034": (cd034, "0001"),
    "CD041": (cd041, "0001"),
    "CD043": (cd043, "0001"),
    "CD066": (cd066, "0001"),
    "CD075": (cd075, "0001"),
    "CD076": (cd076, "0001"),
    "CD077": (cd077, "0001"),
    "CD079": (cd079, "0001"),
    "CD080": (cd080, "0001"),
    "CD009": (cd009, "0001"),
    "CD085": (cd085, "0001"),
    "CS002": (cs002, "0001"),
    "CS003": (cs003, "0001"),
    "CS050": (cs050, "0001"),
    "CS058": (cs058, "0001"),
    "CS089": (cs089, "0001"),
    "CS318": (cs318, "0001"),
    "CS335": (cs335, "0001"),
    "CS336": (cs336, "0001"),
    "CS338": (cs338, "0001"),
    "CS139": (cs139, "0001"),
    "TR002": (tr002, "0001"),
    "TR006": (tr006, "0001"),
    "TR018": (tr018, "0001"),
    "TR061": (tr061, "0001"),
    "TR101": (tr101, "0001"),
    "TR302": (tr302, "0001"),
    "TR134": (tr134, "0001"),
    "TR377": (tr377, "0001"),
    "TR135": (tr135, "8848"),
}


def regels_toetsen(gegevens: dict, domein: str) -> list[Afwijking]:
    g = _Bericht(gegevens)
    uit = []
    for code, (regel, retourcode) in REGELS.items():
        for pad, uitleg in regel(g, domein):
            uit.append(Afwijking(code, pad, uitleg, retourcode))
    return uit
