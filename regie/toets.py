"""toets(): all findings for one proposed indicatie, the service the referral flow, the API and the
command line call. Reads the database only to resolve the gemeente and aanbieder and their
contract; the verdicts come from the pure functions on the snapshot valid on the peildatum."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q
from django.utils.translation import gettext as _

from istandaard import geboortedatum as datumgebruik
from organisaties.models import Aanbieder, Gemeente
from producten.models import Contract

from . import indicatie, stapeling, voorstelregels
from .bevinding import ERNST, Bevinding, eindoordeel
from .lopend import Lopend
from .models import Uitkomst
from .regelset import regelset


class OngeldigeInvoer(ValueError):
    """Bad input; the message is Dutch and meant for the user."""


def get_gemeente(waarde: str) -> Gemeente:
    """The gemeente by CBS code, name or slug."""
    gemeente = Gemeente.objects.filter(Q(cbs_code=waarde) | Q(naam__iexact=waarde) | Q(slug=waarde.lower())).first()
    if gemeente is None:
        raise OngeldigeInvoer(_("Onbekende gemeente: %(waarde)s.") % {"waarde": waarde})
    return gemeente


def get_aanbieder(agb: str) -> Aanbieder:
    """The aanbieder by AGB code."""
    aanbieder = Aanbieder.objects.filter(agb_code=agb).first()
    if aanbieder is None:
        raise OngeldigeInvoer(_("Onbekende aanbieder (AGB-code): %(agb)s.") % {"agb": agb})
    return aanbieder


def _datum(waarde: str, tekst: str) -> date:
    try:
        return date.fromisoformat(waarde)
    except ValueError:
        raise OngeldigeInvoer(
            _("Ongeldige datum %(waarde)s in %(tekst)s. Gebruik JJJJ-MM-DD.") % {"waarde": waarde, "tekst": tekst}
        ) from None


def lees_lopend(tekst: str, *, periode_verplicht: bool = False) -> Lopend:
    """`CODE[@AGB][:VAN[:TOT]]` (the command line's and the API's short form) as a `Lopend`."""
    delen = tekst.strip().split(":")
    code, _apenstaart, agb = delen[0].partition("@")
    if len(delen) > 3 or not code or (periode_verplicht and len(delen) != 3):
        vorm = "CODE[@AGB]:VAN:TOT" if periode_verplicht else "CODE[@AGB][:VAN[:TOT]]"
        raise OngeldigeInvoer(_("Ongeldige toewijzing %(tekst)s. Gebruik %(vorm)s.") % {"tekst": tekst, "vorm": vorm})
    van = _datum(delen[1], tekst) if len(delen) > 1 and delen[1] else None
    tot = _datum(delen[2], tekst) if len(delen) > 2 and delen[2] else None
    if van and tot and tot < van:
        raise OngeldigeInvoer(_("In %(tekst)s ligt de einddatum vóór de ingangsdatum.") % {"tekst": tekst})
    return Lopend(code=code.upper(), aanbieder_agb=agb, van=van, tot=tot)


def _als_lopend(waarde) -> Lopend:
    return waarde if isinstance(waarde, Lopend) else lees_lopend(waarde)


def _loopt_tijdens(lo: Lopend, van: date, tot: date | None) -> bool:
    return (lo.tot is None or lo.tot >= van) and (tot is None or lo.van is None or lo.van <= tot)


@dataclass
class Toetsresultaat:
    uitkomst: str
    bevindingen: list[Bevinding] = field(default_factory=list)
    regelset_versie: int = 0
    peildatum: date | None = None

    def als_dict(self) -> dict:
        return {
            "uitkomst": self.uitkomst,
            "bevindingen": [b.als_dict() for b in self.bevindingen],
            "regelset_versie": self.regelset_versie,
            "peildatum": self.peildatum.isoformat() if self.peildatum else None,
        }


def toets(
    *,
    productcode: str,
    geboortedatum: date,
    gemeente: Gemeente,
    geboortedatum_gebruik: str = "",
    ingangsdatum: date,
    einddatum: date | None = None,
    aanbieder: Aanbieder | None = None,
    lopend: list[str | Lopend] | tuple = (),
    eerder: list[str | Lopend] | tuple = (),
    verwijzer: str = "toegang",
    garantiefase_na: date | None = None,
    peildatum: date | None = None,
    bijzondere_toegang: bool = False,
    herindicatie: bool = False,
    verlenging: bool = False,
) -> Toetsresultaat:
    """`lopend`: what runs (codes, `CODE[@AGB][:VAN[:TOT]]` or `Lopend`); entries that end before the ingangsdatum
    or start after the einddatum do not stack. `eerder`: finished ones. `verwijzer`: who refers (JR-001)."""
    peildatum = peildatum or ingangsdatum
    if einddatum is not None and einddatum < ingangsdatum:
        raise OngeldigeInvoer(_("De einddatum ligt vóór de ingangsdatum."))
    if geboortedatum_gebruik not in ("", *datumgebruik.CODES):
        raise OngeldigeInvoer(_("Wat bekend is van de geboortedatum is 1, 2 of 3 (DatumGebruik), of leeg."))
    geboortedatum = datumgebruik.iv009(geboortedatum, geboortedatum_gebruik)  # IV009: unknown parts as 01 / 1900
    if geboortedatum > ingangsdatum:
        raise OngeldigeInvoer(_("De geboortedatum ligt na de ingangsdatum."))
    geldige_verwijzers = voorstelregels.regels()["verwijzers"]["waarden"]
    if verwijzer not in geldige_verwijzers:
        raise OngeldigeInvoer(
            _("Onbekende verwijzer: %(verwijzer)s. Kies uit %(keuzes)s.")
            % {"verwijzer": verwijzer, "keuzes": ", ".join(geldige_verwijzers)}
        )
    rs = regelset(peildatum)
    lopend = tuple(_als_lopend(w) for w in lopend)
    eerder = tuple(_als_lopend(w) for w in eerder)
    tegelijk = [lo.code for lo in lopend if _loopt_tijdens(lo, ingangsdatum, einddatum)]
    try:
        stapeling.check_codes(rs, [productcode, *(lo.code for lo in (*lopend, *eerder))])
    except stapeling.OnbekendProduct as fout:
        raise OngeldigeInvoer(str(fout)) from fout
    gecontracteerd = None
    if aanbieder is not None:
        gecontracteerd = (
            Contract.objects.filter(
                aanbieder=aanbieder,
                gemeente=gemeente,
                product__code=productcode,
                geldig_vanaf__lte=ingangsdatum,
            )
            .filter(Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=ingangsdatum))
            .exists()
        )
    voorstel = indicatie.Voorstel(
        productcode=productcode,
        geboortedatum=geboortedatum,
        geboortedatum_gebruik=geboortedatum_gebruik,
        gemeente_cbs=gemeente.cbs_code,
        ingangsdatum=ingangsdatum,
        einddatum=einddatum,
        aanbieder_gecontracteerd=gecontracteerd,
        aanbieder_agb=aanbieder.agb_code if aanbieder else "",
        bijzondere_toegang=bijzondere_toegang,
        herindicatie=herindicatie,
        verlenging=verlenging,
        gemeente_gebruikt_lokaal=gemeente.gebruikt_perceel_lokaal,
        lopend=lopend,
        eerder=eerder,
        verwijzer=verwijzer,
        garantiefase_na=garantiefase_na,
    )
    matrix = stapeling.stapeling(rs, [productcode, *tegelijk])
    bevindingen = _zonder_dubbele_stapeling(indicatie.controleer(rs, voorstel), matrix) + matrix
    return Toetsresultaat(eindoordeel(bevindingen), bevindingen, rs.versie, peildatum)


def _zonder_dubbele_stapeling(bevindingen: list[Bevinding], matrix: list[Bevinding]) -> list[Bevinding]:
    """S77 (two Perspectief 1, toelichting 7) repeats the matrix cell P1×P1 for the same pair: the consulent reads
    it once, as the matrix finding. S77 stays where it says more: niet toegestaan at the same aanbieder."""
    s77 = voorstelregels.regels()["perspectief1_dubbel"]["id"]
    paren = {frozenset(b.producten): ERNST[Uitkomst(b.uitkomst)] for b in matrix if b.regel.startswith("MATRIX-")}
    return [
        b
        for b in bevindingen
        if not (b.regel == s77 and ERNST[Uitkomst(b.uitkomst)] <= paren.get(frozenset(b.producten), -1))
    ]
