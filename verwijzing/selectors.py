"""Reads of dossiers, always through the scope; the werkvoorraad with its next deadline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from regie.regelset import regelset
from regie.termijnen import bereken

from .models import OPEN, Dossier, Status


@dataclass
class Regel:
    dossier: Dossier
    uiterlijk: date | None
    termijn: str

    @property
    def stand(self) -> str:
        if self.uiterlijk is None:
            return "geen"
        vandaag = timezone.localdate()
        if self.uiterlijk < vandaag:
            return "te-laat"
        return "bijna" if (self.uiterlijk - vandaag).days <= 5 else "op-tijd"


def _termijn(dossier: Dossier, rs) -> tuple[date | None, str]:
    """The deadline that runs now: after the aanvraag the beslistermijn (Jeugd Awb 4:13, 8 weken; Wmo
    2015 art. 2.3.5, 2 weken — from the aanvraag, the signed leefzorgplan); before it, for Wmo, the
    onderzoek (6 weken after the melding, art. 2.3.2). Jeugd has no legal term before the aanvraag."""
    if dossier.status == Status.AANVRAAG and dossier.aanvraag_op:
        soort, vanaf = ("jeugd-beschikking" if dossier.domein == "jeugd" else "wmo-beschikking"), dossier.aanvraag_op
    elif dossier.domein == "wmo":
        soort, vanaf = "wmo-onderzoek", dossier.meldingsdatum
    else:
        return None, ""
    termijn = rs.termijnen.get(soort)
    if termijn is None:
        return None, ""
    return date.fromisoformat(bereken(termijn, vanaf, rs.feestdagen).uiterlijk), termijn.naam


def werkvoorraad(gebruiker, *, limiet: int = 100) -> list[Regel]:
    """Open dossiers in scope (keyset-friendly index on gemeente, status, meldingsdatum, id), the nearest
    deadline on top."""
    dossiers = (
        Dossier.objects.visible_to(gebruiker)
        .filter(status__in=OPEN)
        .select_related("inwoner", "gemeente")
        .order_by("meldingsdatum", "id")[:limiet]
    )
    rs = regelset(timezone.localdate())
    regels = [Regel(dossier, *_termijn(dossier, rs)) for dossier in dossiers]
    return sorted(regels, key=lambda r: (r.uiterlijk is None, r.uiterlijk or date.max))
