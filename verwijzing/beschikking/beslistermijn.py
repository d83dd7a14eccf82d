"""The beslistermijn on an aanvraag and the deadline that runs now (docs/bronnen.md, termijnen).

Jeugd: 8 weken (Awb 4:13); Wmo: 2 weken (Wmo 2015 art. 2.3.5), both from the aanvraag (the
signed leefzorgplan), with the Atw shift. An opschorting (Awb 4:15) moves the end by its length in
days; a running one (no end yet) stops the clock. A verlenging (Awb 4:14) is a notice sent before the
term ended, with the new date. Before the aanvraag a Wmo dossier has the 6-week onderzoek."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import timezone

from regie.regelset import regelset
from regie.termijnen import bereken

from ..models import MededelingSoort, Status


@dataclass(frozen=True)
class Beslistermijn:
    naam: str
    wettelijk: date  # the legal end without opschorting or verlenging (after the Atw shift)
    uiterlijk: date | None  # the end that holds now; None while an opschorting runs
    opgeschort_dagen: int = 0
    opgeschort_sinds: date | None = None
    verlengd_tot: date | None = None
    verschoven: bool = False
    bron: str = ""
    mededelingen: list = field(default_factory=list)


def _soort(dossier) -> str:
    return "jeugd-beschikking" if dossier.domein == "jeugd" else "wmo-beschikking"


def beslistermijn(dossier, mededelingen=None, rs=None, vandaag: date | None = None) -> Beslistermijn | None:
    """The beslistermijn of a dossier with an aanvraag; None before the aanvraag."""
    if not dossier.aanvraag_op:
        return None
    rs = rs or regelset(dossier.aanvraag_op)
    termijn = rs.termijnen[_soort(dossier)]
    basis = bereken(termijn, dossier.aanvraag_op, rs.feestdagen)
    wettelijk = date.fromisoformat(basis.uiterlijk)
    if mededelingen is None:
        mededelingen = list(dossier.termijnmededelingen.all())
    vandaag = vandaag or timezone.localdate()
    dagen, sinds, verlengd = 0, None, None
    for m in mededelingen:
        if m.soort == MededelingSoort.OPSCHORTING:
            if m.tot is None:
                sinds = m.vanaf
            else:
                dagen += (m.tot - m.vanaf).days + 1
        elif m.soort == MededelingSoort.VERLENGING:
            verlengd = max(verlengd or m.tot, m.tot)
    uiterlijk = (verlengd or wettelijk) + timedelta(days=dagen)
    return Beslistermijn(
        naam=termijn.naam,
        wettelijk=wettelijk,
        uiterlijk=None if sinds else uiterlijk,
        opgeschort_dagen=dagen,
        opgeschort_sinds=sinds,
        verlengd_tot=verlengd,
        verschoven=basis.verschoven,
        bron=termijn.bron,
        mededelingen=mededelingen,
    )


def huidige_termijn(dossier, rs=None) -> tuple[date | None, str]:
    """The deadline that runs now, as the werkvoorraad orders on it (stored on Dossier.uiterlijk)."""
    if dossier.status == Status.AANVRAAG:
        termijn = beslistermijn(dossier, rs=rs)
        return (termijn.uiterlijk, termijn.naam) if termijn else (None, "")
    if dossier.status in {Status.MELDING, Status.ONDERZOEK} and dossier.domein == "wmo":
        rs = rs or regelset(dossier.meldingsdatum)
        termijn = rs.termijnen.get("wmo-onderzoek")
        if termijn is None:
            return None, ""
        return date.fromisoformat(bereken(termijn, dossier.meldingsdatum, rs.feestdagen).uiterlijk), termijn.naam
    return None, ""


def werk_bij(dossier) -> None:
    """Store the deadline that runs now; called by every service that changes what it depends on."""
    uiterlijk, _naam = huidige_termijn(dossier)
    if dossier.uiterlijk != uiterlijk:
        dossier.uiterlijk = uiterlijk
        type(dossier).objects.filter(pk=dossier.pk).update(uiterlijk=uiterlijk)


def bezwaar_tot(bekendmaking: date) -> date:
    """The last day to object: six weeks from the day after bekendmaking (Awb 6:7, 6:8 lid 1), moved by the
    Algemene termijnenwet to the next day that is no Saturday, Sunday or holiday."""
    rs = regelset(bekendmaking)
    return date.fromisoformat(bereken(rs.termijnen["bezwaartermijn"], bekendmaking, rs.feestdagen).uiterlijk)
