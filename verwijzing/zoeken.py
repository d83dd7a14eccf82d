"""Searching dossiers by inwoner name, BSN, dossiernummer or toewijzingnummer, always within the scope.

One text field: a number is looked up as a dossiernummer and a toewijzingnummer, and, when it is a valid
BSN (9 digits, elfproef), as a BSN too; anything else is the start of an achternaam (own name or partner's
name, optionally after its voorvoegsel). A name is matched from its start so the search uses the prefix
indexes on the inwoner's names (inwoners migration 0006); a substring search would read every inwoner.

A name search runs as two queries merged here: the own achternaam alone, which the name-order index
(inwoners migration 0009) serves in the result's order so the database stops after a page of matches
instead of reading and sorting every inwoner with that name (a common name in a large gemeente: thousands),
and all other alternatives (partner's name, voorvoegsel, voornaam), which are few."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Q
from django.db.models.functions import Collate, Upper
from stdnum.nl import bsn as stdnum_bsn

from audit.models import Actie
from audit.services import record
from organisaties.models import Domein
from toegang.links import link

from .historie import DossierRegel, dossier_regel
from .models import TOEWIJZINGNUMMER_MAX, Dossier, Toewijzing

MAX_RESULTATEN = 50
MAX_CIJFERS = 18  # a dossiernummer is a bigint; longer is no number we issue
NAAM = ("voornamen", "voorvoegsel", "geslachtsnaam", "partner_voorvoegsel", "partnernaam", "naamgebruik")


@dataclass
class ZoekRegel(DossierRegel):
    naam: str = ""
    inwoner_url: str = ""


@dataclass
class ZoekResultaat:
    regels: list[ZoekRegel] = field(default_factory=list)
    meer_dan_getoond: bool = False


def _getal(zoekterm: str) -> str | None:
    """The digits of a number typed with spaces, dots or dashes (as a BSN often is), or None."""
    cijfers = re.sub(r"[\s.\-]", "", zoekterm)
    return cijfers if re.fullmatch(rf"[0-9]{{1,{MAX_CIJFERS}}}", cijfers) else None


def _op_nummer(gebruiker, cijfers: str) -> tuple[list[int], list[str]]:
    """The ids of the dossiers this number may stand for, and what it was searched as (for the audit).
    One query: a union of index look-ups (an OR over them would scan every dossier in scope)."""
    getal = int(cijfers)
    soorten = ["dossiernummer"]
    kandidaten = Dossier.objects.filter(pk=getal).values_list("pk", flat=True)
    delen = []
    if getal <= TOEWIJZINGNUMMER_MAX:
        soorten.append("toewijzingnummer")
        # Every domain named, so the look-up uses the unique index (gemeente, domein, nummer).
        delen.append(
            Toewijzing.objects.visible_to(gebruiker)
            .filter(nummer=getal, domein__in=Domein.values)
            .values_list("dossier_id", flat=True)
        )
    if len(cijfers) == 9 and stdnum_bsn.is_valid(cijfers):
        soorten.append("bsn")
        delen.append(Dossier.objects.filter(inwoner__bsn=cijfers).values_list("pk", flat=True))
    return list(kandidaten.union(*delen)), soorten


def _achternaam(term: str, pad: str, *, eigen: bool = True) -> Q:
    """The start of the own (unless not `eigen`) or partner's achternaam; "van Dijk" also finds voorvoegsel
    "van" + "Dijk…"."""
    q = Q(**{f"{pad}partnernaam__istartswith": term})
    if eigen:
        q |= Q(**{f"{pad}geslachtsnaam__istartswith": term})
    woorden = term.split()
    for i in range(1, min(len(woorden), 4)):
        voor, naam = " ".join(woorden[:i]), " ".join(woorden[i:])
        q |= Q(**{f"{pad}voorvoegsel__iexact": voor, f"{pad}geslachtsnaam__istartswith": naam})
        q |= Q(**{f"{pad}partner_voorvoegsel__iexact": voor, f"{pad}partnernaam__istartswith": naam})
    return q


def naam_filter(zoekterm: str, pad: str = "inwoner__", *, eigen: bool = True) -> Q:
    """An achternaam (see _achternaam), or a voornaam followed by one, as a consulent types a client's name:
    "Noah Verbeek", "Jan van Dijk". Every alternative starts from an achternaam prefix, so the indexes serve it.
    Without `eigen`: all but the plain start of the own achternaam (the search's other query)."""
    q = _achternaam(zoekterm, pad, eigen=eigen)
    woorden = zoekterm.split()
    for i in range(1, min(len(woorden), 4)):
        voornaam, rest = " ".join(woorden[:i]), " ".join(woorden[i:])
        q |= Q(**{f"{pad}voornamen__istartswith": voornaam}) & _achternaam(rest, pad)
    return q


def _binair(expressie):
    """Byte order (PostgreSQL "C", SQLite BINARY): the name-order index's order, and Python's own order of
    str, so the two queries of a name search merge here exactly as the database sorts each."""
    return Collate(expressie, "C" if connection.vendor == "postgresql" else "BINARY")


def _geordend(qs, limiet: int) -> list[Dossier]:
    """At most `limiet` + 1 dossiers by achternaam, voornamen, inwoner, newest melding first."""
    return list(
        qs.select_related("inwoner", "gemeente")
        .only(
            "public_id",
            "domein",
            "status",
            "meldingsdatum",
            "gemeente__naam",
            "inwoner__public_id",
            *(f"inwoner__{veld}" for veld in NAAM),
        )
        .annotate(
            naam_volgorde=_binair(Upper("inwoner__geslachtsnaam")), voornamen_volgorde=_binair("inwoner__voornamen")
        )
        .order_by("naam_volgorde", "voornamen_volgorde", "inwoner_id", "-meldingsdatum", "-id")[: limiet + 1]
    )


def _volgorde(d: Dossier) -> tuple:
    return (d.naam_volgorde, d.voornamen_volgorde, d.inwoner_id, -d.meldingsdatum.toordinal(), -d.pk)


def dossiers_zoeken(gebruiker, *, zoekterm: str, limiet: int = MAX_RESULTATEN) -> ZoekResultaat:
    """The dossiers in scope that match, by name and then newest melding first; audited by what was searched
    for, never the term itself (a BSN or a name)."""
    zoekterm = zoekterm.strip()
    qs = Dossier.objects.visible_to(gebruiker)
    cijfers = _getal(zoekterm)
    if cijfers is not None:
        ids, soorten = _op_nummer(gebruiker, cijfers)
        gevonden = _geordend(qs.filter(pk__in=ids), limiet)
    else:
        soorten = ["naam"]
        eigen = qs.alias(naam_begin=_binair(Upper("inwoner__geslachtsnaam"))).filter(
            naam_begin__startswith=zoekterm.upper()
        )
        delen = {d.pk: d for d in _geordend(eigen, limiet)}
        delen.update((d.pk, d) for d in _geordend(qs.filter(naam_filter(zoekterm, eigen=False)), limiet))
        gevonden = sorted(delen.values(), key=_volgorde)[: limiet + 1]
    regels = [
        ZoekRegel(
            **vars(dossier_regel(d)),
            naam=d.inwoner.volledige_naam,
            inwoner_url=link("inwoners:detail", public_id=d.inwoner.public_id),
        )
        for d in gevonden[:limiet]
    ]
    resultaat = ZoekResultaat(regels=regels, meer_dan_getoond=len(gevonden) > limiet)
    record(
        Actie.ZOEKEN,
        object_type="verwijzing.dossier",
        omschrijving=f"Dossiers zoeken op {' of '.join(soorten)}: {len(regels)} resultaten",
    )
    return resultaat
