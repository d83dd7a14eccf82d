"""IV094 (iStandaarden iJw/iWmo 3.2): the 301 that answers a verzoek om toewijzing (315) carries what was asked —
the period and the Omvang one to one — unless the handler explicitly chooses otherwise, with a motivering. IV042:
an Omvang's Volume, Eenheid (WJ756) and Frequentie (WMO757) belong together, so a deviation chooses all three and
the requested volume never goes out in the catalogue's unit. Pure rules plus the audit of a deviation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from audit.models import Actie
from audit.services import record
from producten.eenheden import (
    CATALOGUS_EENHEID,
    IJW_EENHEID,
    PER_WEEK,
    WJ756,
    IStandaardEenheid,
    OnbekendeEenheid,
    omvangregel,
    toewijzingseenheid,
)
from toegang.fouten import Geweigerd
from verwijzing.models import Frequentie
from verwijzing.omvang import euro


def omvang_in_woorden(volume, eenheid: str, frequentie: str) -> str:
    """An Omvang as the message carries it (WJ756 Eenheid, WMO757 Frequentie) in words: "1 stuks (output)
    totaal binnen de geldigheidsduur"."""
    woorden = [str(volume), str(WJ756.get(eenheid, eenheid or ""))]
    if eenheid == "83" and str(volume).isdigit():  # Euro's: the Volume is eurocent (IV042), e.g. a trajectprijs
        woorden = [euro(int(volume))]
    if frequentie in Frequentie.values:
        woorden.append(str(Frequentie(frequentie).label))
    return " ".join(w for w in woorden if w)


@dataclass(frozen=True)
class Afwijking:
    """IV094 (iStandaarden iJw/iWmo 3.2): the gemeente may answer a 315 with a 301 that differs from what was
    asked, but only as the handler's explicit choice with its motivering. The Omvang is chosen as a whole —
    Volume, Eenheid (WJ756) and Frequentie belong together (IV042) — and the period may differ too."""

    ingangsdatum: date
    einddatum: date | None
    volume: int
    eenheid: str  # WJ756
    frequentie: str  # WMO757
    motivering: str

    def tekst(self) -> str:
        tot = f"{self.einddatum:%d-%m-%Y}" if self.einddatum else "…"
        return f"{omvang_in_woorden(self.volume, self.eenheid, self.frequentie)}, {self.ingangsdatum:%d-%m-%Y} – {tot}"


# IV094/IV042: the Omvang a handler may choose instead of the requested one is one the product's catalogue eenheid
# can go out in (producten.eenheden: OMVANGREGELS, and the stored units of that same eenheid, e.g. a traject as
# 1 stuk (82) or as its trajectprijs (83)); its Frequentie one that unit allows; a Frequentie per week asks an
# einddatum (CD076), as does a unit whose rule says so.
MAX_VOLUME = 99_999_999  # LDT_Volume


def eenheden_voor(product) -> dict[str, IStandaardEenheid]:
    """WJ756 code -> its rule, for every unit the product's catalogue eenheid can go out in."""
    catalogus = product.eenheid or ""
    regels = [omvangregel(catalogus)]
    regels += [r for naam, r in IJW_EENHEID.items() if naam == catalogus or CATALOGUS_EENHEID.get(naam) == catalogus]
    return {r.eenheid: r for r in regels}


def omvang_fouten(product, *, volume, eenheid: str, frequentie: str, einddatum: date | None) -> dict[str, str]:
    """Field -> Dutch message for a chosen Omvang that does not hold together (IV042, CS338, CD076); {} when it
    does. Volume, Eenheid and Frequentie are given all three or not at all: never one beside the request's others."""
    if volume in (None, "") or not eenheid or not frequentie:
        fout = _("Geef volume, eenheid en frequentie samen op: zij horen bij elkaar (IV042).")
        return {
            v: fout
            for v, w in (("volume", volume), ("eenheid", eenheid), ("frequentie", frequentie))
            if w in (None, "")
        }
    try:
        regels = eenheden_voor(product)
    except OnbekendeEenheid:
        return {"eenheid": _("Dit product heeft geen eenheid die in een toewijzing past.")}
    regel = regels.get(eenheid)
    if regel is None:
        namen = ", ".join(str(WJ756.get(c, c)) for c in regels)
        return {
            "eenheid": _("Deze eenheid past niet bij %(code)s; kies: %(namen)s.")
            % {"code": product.code, "namen": namen}
        }
    fouten = {}
    if frequentie not in regel.frequenties:
        fouten["frequentie"] = _("Deze frequentie past niet bij de gekozen eenheid (CS338).")
    if not 0 < int(volume) <= MAX_VOLUME:
        fouten["volume"] = _("Het volume ligt tussen 1 en 99.999.999.")
    if einddatum is None and (frequentie == PER_WEEK or regel.einddatum_verplicht):
        fouten["einddatum"] = _("Bij deze omvang is een einddatum verplicht (CD076).")
    return fouten


def zoals_gevraagd(p: dict) -> dict:
    """What the 315 asks for one product: its period and its Omvang one to one (WJ756 Eenheid)."""
    omvang = p.get("Omvang") or {}
    return {
        "ingangsdatum": date.fromisoformat(str(p["ToewijzingIngangsdatum"])),
        "einddatum": date.fromisoformat(str(p["ToewijzingEinddatum"])) if p.get("ToewijzingEinddatum") else None,
        "volume": int(omvang["Volume"]) if omvang else None,
        "eenheid": str(omvang.get("Eenheid", "")),
        "frequentie": str(omvang.get("Frequentie", "")),
    }


def gevraagd_tekst(p: dict) -> str:
    """What was asked, in words: the omvang (or the budget) and the period."""
    k = zoals_gevraagd(p)
    wat = omvang_in_woorden(k["volume"], k["eenheid"], k["frequentie"]) if k["volume"] is not None else ""
    if not wat and p.get("Budget"):
        wat = _("budget %(bedrag)s") % {"bedrag": euro(int(p["Budget"]))}
    tot = f"{k['einddatum']:%d-%m-%Y}" if k["einddatum"] else "…"
    return f"{wat}, {k['ingangsdatum']:%d-%m-%Y} – {tot}".lstrip(", ")


def gevraagd_gegevens(p: dict) -> dict:
    return keuze_gegevens(zoals_gevraagd(p))


def keuze_gegevens(k: dict) -> dict:
    return {
        **k,
        "ingangsdatum": k["ingangsdatum"].isoformat(),
        "einddatum": k["einddatum"] and k["einddatum"].isoformat(),
    }


def afwijking_toetsen(a: Afwijking, product) -> dict:
    """The handler's deviation, refused unless it is motivated and its Omvang and period hold together."""
    if not a.motivering.strip():
        raise Geweigerd(_("Motiveer waarom u afwijkt van de aanvraag (IV094)."))
    if a.einddatum is not None and a.einddatum < a.ingangsdatum:
        raise Geweigerd(_("De einddatum ligt voor de ingangsdatum."))
    fouten = omvang_fouten(product, volume=a.volume, eenheid=a.eenheid, frequentie=a.frequentie, einddatum=a.einddatum)
    if fouten:
        raise Geweigerd(" ".join(dict.fromkeys(str(f) for f in fouten.values())))
    return {
        "ingangsdatum": a.ingangsdatum,
        "einddatum": a.einddatum,
        "volume": a.volume,
        "eenheid": a.eenheid,
        "frequentie": a.frequentie,
    }


def toewijzingseenheid_van(wj756: str, product, *, gevraagd: bool) -> str:
    """The unit the toewijzing stores for the chosen Eenheid; "" without an Omvang (the indicatie's own applies).
    A requested Eenheid no stored unit has is refused, never replaced by the catalogue's unit (IV042)."""
    if not wj756:
        return ""
    try:
        return toewijzingseenheid(wj756, product.eenheid)
    except OnbekendeEenheid:
        if gevraagd:
            raise Geweigerd(
                _(
                    "De gevraagde eenheid %(eenheid)s kan niet worden toegewezen; wijk af van de aanvraag of wijs "
                    "het verzoek af."
                )
                % {"eenheid": WJ756.get(wj756, wj756)}
            ) from None
        raise Geweigerd(_("Deze eenheid kan niet worden toegewezen.")) from None


def afwijking_vastleggen(*, door, taak, afwijking: Afwijking, keuze: dict) -> None:
    """The deviation in the audit trail: its motivering as the reason, what was asked beside what was granted."""
    p = taak.gegevens
    record(
        Actie.WIJZIGEN,
        taak,
        gebruiker=door,
        reden=afwijking.motivering.strip(),
        omschrijving=(
            f"Toegewezen met afwijking van verzoek {taak.referentie}: gevraagd {gevraagd_tekst(p)}, "
            f"toegewezen {afwijking.tekst()} (IV094)"
        )[:300],
        gegevens={"gevraagd": gevraagd_gegevens(p), "toegewezen": keuze_gegevens(keuze)},
    )
