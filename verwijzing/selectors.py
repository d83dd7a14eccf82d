"""Reads of dossiers, always through the scope; the werkvoorraad with its next deadline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from regie.regelset import regelset
from regie.termijnen import bereken

from .models import OPEN, Dossier


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


def werkvoorraad(gebruiker, *, limiet: int = 100) -> list[Regel]:
    """Open dossiers in scope, oldest melding first (keyset-friendly index on gemeente, status,
    meldingsdatum, id); the Wmo-onderzoek deadline is 6 weken after the melding (Wmo 2015 art. 2.3.2)."""
    dossiers = (
        Dossier.objects.visible_to(gebruiker)
        .filter(status__in=OPEN)
        .select_related("inwoner", "gemeente")
        .order_by("meldingsdatum", "id")[:limiet]
    )
    rs = regelset(timezone.localdate())
    termijn = rs.termijnen.get("wmo-onderzoek")
    regels = []
    for dossier in dossiers:
        if dossier.domein == "wmo" and termijn:
            uiterlijk = date.fromisoformat(bereken(termijn, dossier.meldingsdatum, rs.feestdagen).uiterlijk)
            regels.append(Regel(dossier, uiterlijk, termijn.naam))
        else:
            regels.append(Regel(dossier, None, ""))
    return sorted(regels, key=lambda r: (r.uiterlijk is None, r.uiterlijk or date.max))
