"""toets(): all findings for one proposed indicatie, the service the referral flow, the API and the
command line call. Reads the database only to resolve the gemeente and aanbieder and their
contract; the verdicts come from the pure functions on the snapshot valid on the peildatum."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q
from django.utils.translation import gettext as _

from organisaties.models import Aanbieder, Gemeente
from producten.models import Contract

from . import indicatie, stapeling
from .bevinding import Bevinding, eindoordeel
from .lopend import Lopend, codes
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
    ingangsdatum: date,
    einddatum: date | None = None,
    aanbieder: Aanbieder | None = None,
    lopend: list[str | Lopend] | tuple = (),
    peildatum: date | None = None,
    bijzondere_toegang: bool = False,
    herindicatie: bool = False,
    verlenging: bool = False,
) -> Toetsresultaat:
    peildatum = peildatum or ingangsdatum
    if einddatum is not None and einddatum < ingangsdatum:
        raise OngeldigeInvoer(_("De einddatum ligt vóór de ingangsdatum."))
    if geboortedatum > ingangsdatum:
        raise OngeldigeInvoer(_("De geboortedatum ligt na de ingangsdatum."))
    rs = regelset(peildatum)
    lopend = codes(lopend)
    try:
        stapeling.check_codes(rs, [productcode, *lopend])
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
        gemeente_cbs=gemeente.cbs_code,
        ingangsdatum=ingangsdatum,
        einddatum=einddatum,
        aanbieder_gecontracteerd=gecontracteerd,
        aanbieder_agb=aanbieder.agb_code if aanbieder else "",
        bijzondere_toegang=bijzondere_toegang,
        herindicatie=herindicatie,
        verlenging=verlenging,
        gemeente_gebruikt_lokaal=gemeente.gebruikt_perceel_lokaal,
    )
    bevindingen = indicatie.controleer(rs, voorstel) + stapeling.stapeling(rs, [productcode, *lopend])
    return Toetsresultaat(eindoordeel(bevindingen), bevindingen, rs.versie, peildatum)
