"""Demo dossiers further along the flow, built through the services a consulent and the backoffice use:
every status, toekenningen whose 301s go out, care started and stopped by a 305 and a 307 from the aanbieder,
and a verzoek om wijziging (317) waiting. Venlo and Venray get the whole range in both domains, the other
gemeenten a toekenning each."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.conf import settings
from django.utils import timezone

from accounts.models import Gebruiker
from berichten.inkomend import bericht_ontvangen
from inwoners.models import Inwoner
from istandaard.opbouw import header
from istandaard.xml import naar_xml
from organisaties.models import Gemeente
from producten.eenheden import IJW_EENHEID
from producten.models import Contract, Product
from verwijzing.behandelaar import behandelaar_wijzigen
from verwijzing.beschikking.services import beschikking_opstellen, beschikking_vaststellen
from verwijzing.factories import (
    DOEL,
    VERSLAG,
    DossierFactory,
    IndicatieFactory,
    aanvraag_dossier,
    toekenning_vaststellen,
)
from verwijzing.indicatie import matchingsverzoek_sturen
from verwijzing.leefzorgplan.ondertekening import ter_ondertekening_aanbieden
from verwijzing.leefzorgplan.plan import leefzorgplan_opslaan, leefzorgplan_starten
from verwijzing.leefzorgplan.secties import secties_voor
from verwijzing.melding import dossier_afsluiten
from verwijzing.models import Dossier, Matchingsverzoek, Status, Toewijzing
from verwijzing.onderzoek import onderzoek_afronden, onderzoek_opslaan

# Venlo's second Jeugd consulent (demo/gegevens.py makes the account): the backoffice hands him part of the work.
COLLEGA = "consulent2.jeugd.venlo"
RIJK = ("0983", "0984")  # Venlo and Venray: every status in both domains
PRODUCT = {"jeugd": "45L12", "wmo": "01B04"}
# Venlo's Jeugd matchingsverzoek went out this many days ago: past its 5 werkdagen, so "te laat" shows.
MATCHING_TE_LAAT = 14
# The statuses built before a beschikking, in flow order.
VOOR_BESCHIKKING = (Status.INDICATIE, Status.LEEFZORGPLAN, Status.ONDERTEKENING)


def maak_werk() -> None:
    for gemeente in Gemeente.objects.order_by("cbs_code"):
        inwoners = {"jeugd": _vrije_inwoners(gemeente, jeugd=True), "wmo": _vrije_inwoners(gemeente, jeugd=False)}
        if gemeente.cbs_code not in RIJK:
            _toekenning(gemeente, "jeugd", next(inwoners["jeugd"]), start=True)
            continue
        for domein in ("jeugd", "wmo"):
            for status in VOOR_BESCHIKKING:
                _tot(gemeente, domein, next(inwoners[domein]), status)
            if domein == "wmo":
                # A Wmo aanvraag waiting for the Wmo consulent's beschikking (Jeugd ones come from gegevens.py).
                _aanvraag(gemeente, domein, next(inwoners[domein]))
            _toekenning(gemeente, domein, next(inwoners[domein]), start=True)
            gestopt = _toekenning(gemeente, domein, next(inwoners[domein]), start=True)
            _stop(gestopt)
            gewijzigd = _toekenning(gemeente, domein, next(inwoners[domein]), start=False)
            if domein == "jeugd":
                _wijzigingsverzoek(gewijzigd)
            _afwijzing(gemeente, domein, next(inwoners[domein]))
            _afsluiting(gemeente, domein, next(inwoners[domein]))
    _werkverdeling()


def _werkverdeling() -> None:
    """Venlo's Jeugd team divides its aanvragen (the steps before them stay with the consulent the demo's walk
    follows): every other one goes to the colleague, through the service the team uses, so "Mijn werkvoorraad"
    and "Team" differ for both."""
    venlo = Gemeente.objects.get(cbs_code="0983")
    backoffice = Gebruiker.objects.get(username=f"backoffice.{venlo.slug}")
    collega = Gebruiker.objects.get(username=COLLEGA)
    dossiers = Dossier.objects.filter(
        gemeente=venlo,
        domein="jeugd",
        status=Status.AANVRAAG,
        consulent=_consulent(venlo, "jeugd"),
    ).order_by("id")
    for dossier in list(dossiers)[::2]:
        behandelaar_wijzigen(door=backoffice, dossier=dossier, behandelaar=collega, reden="Nieuwe werkverdeling")


def _vrije_inwoners(gemeente, *, jeugd: bool) -> Iterator[Inwoner]:
    """Inwoners of the gemeente without a dossier, youngsters for Jeugd (with their parents holding gezag)."""
    vandaag = timezone.localdate()
    achttien = vandaag.replace(year=vandaag.year - 18)
    qs = Inwoner.objects.filter(adressen__gemeente=gemeente, dossiers__isnull=True).order_by("bsn")
    qs = qs.filter(geboortedatum__gt=achttien) if jeugd else qs.filter(geboortedatum__lte=achttien)
    return iter(list(qs))


def _consulent(gemeente, domein: str) -> Gebruiker:
    return Gebruiker.objects.get(username=f"consulent.{domein}.{gemeente.slug}")


def _beslisser(gemeente, domein: str) -> Gebruiker:
    """The backoffice decides on Jeugd, the Wmo consulent on Wmo."""
    naam = f"backoffice.{gemeente.slug}" if domein == "jeugd" else f"consulent.wmo.{gemeente.slug}"
    return Gebruiker.objects.get(username=naam)


def _contract(gemeente, domein: str) -> Contract:
    return Contract.objects.filter(product__code=PRODUCT[domein], gemeente=gemeente).order_by("id").first()


def _tot(gemeente, domein: str, inwoner, status: str) -> Dossier:
    """A dossier taken from onderzoek up to `status` by the consulent's own steps."""
    consulent = _consulent(gemeente, domein)
    dossier = DossierFactory(
        inwoner=inwoner,
        gemeente=gemeente,
        domein=domein,
        consulent=consulent,
        status=Status.ONDERZOEK,
        meldingsdatum=timezone.localdate() - datetime.timedelta(days=20),
    )
    onderzoek_opslaan(door=consulent, dossier=dossier, gegevens=dict(VERSLAG[domein]))
    dossier = onderzoek_afronden(door=consulent, dossier=dossier)
    # In the indicatie step a Jeugd dossier waits for the aanbieder's matchingsgesprek.
    wacht = status == Status.INDICATIE and domein == "jeugd"
    if status == Status.INDICATIE and not wacht:
        return dossier
    indicatie = IndicatieFactory(
        dossier=dossier,
        product=Product.objects.get(code=PRODUCT[domein]),
        aanbieder=_contract(gemeente, domein).aanbieder,
        matching=wacht,
    )
    if wacht:
        matchingsverzoek_sturen(door=consulent, indicatie=indicatie)
        if gemeente.cbs_code == "0983":
            # Sent long ago and still unanswered: the portal and the werkvoorraad show it as late.
            verzonden = timezone.localdate() - datetime.timedelta(days=MATCHING_TE_LAAT)
            Matchingsverzoek.objects.filter(indicatie=indicatie).update(verzonden_op=verzonden)
        return dossier
    dossier = leefzorgplan_starten(door=consulent, dossier=dossier)
    vandaag = timezone.localdate()
    secties = {sleutel: f"{kop}: besproken met de inwoner." for sleutel, kop in secties_voor(dossier, vandaag)}
    doelen = [{**DOEL[domein], "termijn": (vandaag + datetime.timedelta(days=180)).isoformat()}]
    leefzorgplan_opslaan(door=consulent, dossier=dossier, secties=secties, doelen=doelen)
    if status == Status.ONDERTEKENING:
        ter_ondertekening_aanbieden(door=consulent, dossier=dossier, basis_url=settings.TOEGANG_BASIS_URL)
    return Dossier.objects.get(pk=dossier.pk)


def _aanvraag(gemeente, domein: str, inwoner, *, ingangsdatum: datetime.date | None = None) -> Dossier:
    """A dossier with its signed aanvraag; `ingangsdatum` backdates the care asked for (care that already
    started needs a toewijzing that began on or before the 305's dagtekening, TR134)."""
    dossier = aanvraag_dossier(
        gemeente=gemeente,
        consulent=_consulent(gemeente, domein),
        domein=domein,
        producten=(PRODUCT[domein],),
        aanbieder=_contract(gemeente, domein).aanbieder,
        inwoner=inwoner,
        doel=DOEL[domein],
        meldingsdatum=timezone.localdate() - datetime.timedelta(days=40),
    )
    if ingangsdatum:
        dossier.indicaties.update(ingangsdatum=ingangsdatum, einddatum=ingangsdatum + datetime.timedelta(days=180))
    return dossier


def _toekenning(gemeente, domein: str, inwoner, *, start: bool) -> Toewijzing:
    """A toekenning: its toewijzing's 301 goes to the aanbieder; with `start`, the aanbieder's 305 came back."""
    begin = timezone.localdate() - datetime.timedelta(days=21) if start else None
    dossier = _aanvraag(gemeente, domein, inwoner, ingangsdatum=begin)
    beslisser = _beslisser(gemeente, domein)
    toekenning_vaststellen(dossier=dossier, door=beslisser, motivering="De ondersteuning is passend en noodzakelijk.")
    toewijzing = Toewijzing.objects.select_related("aanbieder", "inwoner", "dossier").get(dossier=dossier)
    if start:
        product = {"ToewijzingNummer": toewijzing.nummer, "Begindatum": toewijzing.ingangsdatum}
        _ontvang(toewijzing, "305", "StartProducten", "StartProduct", product | {"StatusAanlevering": "1"})
    return toewijzing


def _stop(toewijzing: Toewijzing) -> None:
    """The aanbieder's 307: the care that started three weeks ago stopped yesterday."""
    product = {
        "ToewijzingNummer": toewijzing.nummer,
        "Begindatum": toewijzing.ingangsdatum,
        "RedenBeeindiging": "31",
        "Einddatum": timezone.localdate() - datetime.timedelta(days=1),
        "StatusAanlevering": "1",
    }
    _ontvang(toewijzing, "307", "StopProducten", "StopProduct", product)


def _ontvang(toewijzing: Toewijzing, nummer: str, lijst: str, element: str, product: dict) -> None:
    inwoner = toewijzing.inwoner
    client = {
        "Bsn": inwoner.bsn,
        "Geboortedatum": {"Datum": inwoner.geboortedatum},
        "Geslacht": inwoner.geslacht,
        "Naam": {"Geslachtsnaam": {"Achternaam": inwoner.geslachtsnaam}},
        lijst: {element: [product]},
    }
    _stuur(toewijzing, nummer, client)


def _stuur(toewijzing: Toewijzing, nummer: str, client: dict) -> None:
    domein = toewijzing.dossier.domein
    kop = header(
        domein,
        nummer,
        afzender=toewijzing.aanbieder.agb_code,
        ontvanger=toewijzing.dossier.gemeente.cbs_code,
        identificatie=f"DEMO{nummer}-{toewijzing.pk}",
        dagtekening=timezone.localdate(),
    )
    bericht_ontvangen(naar_xml(domein, nummer, {"Header": kop, "Client": client}), kanaal="demo")


def _wijzigingsverzoek(toewijzing: Toewijzing) -> None:
    """A 317: the aanbieder asks for three more months; it waits for the gemeente's answer (319)."""
    product = {
        "ToewijzingNummer": toewijzing.nummer,
        "GewensteIngangsdatum": toewijzing.ingangsdatum,
        "Einddatum": toewijzing.einddatum + datetime.timedelta(days=91),
        "Omvang": {
            "Volume": toewijzing.volume,
            "Eenheid": IJW_EENHEID[toewijzing.eenheid].eenheid,
            "Frequentie": toewijzing.frequentie,
        },
    }
    verzoek = {
        "ReferentieAanbieder": f"DEMO-VOW-{toewijzing.pk}",
        "RedenVerzoek": "2",
        "TeWijzigenProducten": {"TeWijzigenProduct": [product]},
    }
    _stuur(toewijzing, "317", {"Bsn": toewijzing.inwoner.bsn, "Verzoek": verzoek})


# An afwijzing whose onderzoek, motivering and reason for not hearing tell one story: a voorliggende
# (Jeugd) or algemene (Wmo) voorziening answers the question, on facts the aanvrager gave himself.
AFWIJZING = {
    "jeugd": {
        "voorliggend": "De opvoedcursus van het CJG past bij de vraag en is nog niet gevolgd.",
        "conclusie": "Geen jeugdhulp nodig: de opvoedcursus van het CJG is toereikend.",
        "motivering": "De opvoedcursus van het Centrum voor Jeugd en Gezin is een voorliggende voorziening "
        "die bij de hulpvraag past. Jeugdhulp is daarom niet nodig.",
    },
    "wmo": {
        "voorliggend": "De algemene voorziening Schoon in huis doet het schoonmaakwerk en is betaalbaar.",
        "conclusie": "Geen maatwerkvoorziening nodig: de algemene voorziening is toereikend.",
        "motivering": "De algemene voorziening Schoon in huis lost het probleem met het schoonmaken op en is "
        "voor u betaalbaar. Een maatwerkvoorziening is daarom niet nodig.",
    },
}
HOREN_NIET_NODIG = "Het besluit berust alleen op gegevens die de aanvrager zelf heeft gegeven (Awb artikel 4:7)."


def _afwijzing(gemeente, domein: str, inwoner) -> None:
    tekst = AFWIJZING[domein]
    verslag = {**VERSLAG[domein], "voorliggend": tekst["voorliggend"], "conclusie": tekst["conclusie"]}
    dossier = aanvraag_dossier(
        gemeente=gemeente,
        consulent=_consulent(gemeente, domein),
        domein=domein,
        producten=(PRODUCT[domein],),
        aanbieder=_contract(gemeente, domein).aanbieder,
        inwoner=inwoner,
        verslag=verslag,
        doel=DOEL[domein],
        meldingsdatum=timezone.localdate() - datetime.timedelta(days=40),
    )
    beslisser = _beslisser(gemeente, domein)
    beschikking = beschikking_opstellen(
        door=beslisser,
        dossier=dossier,
        soort="afwijzing",
        toegekend=[],
        motivering=tekst["motivering"],
        horen_niet_nodig=HOREN_NIET_NODIG,
    )
    beschikking_vaststellen(door=beslisser, beschikking=beschikking)


def _afsluiting(gemeente, domein: str, inwoner) -> None:
    consulent = _consulent(gemeente, domein)
    dossier = DossierFactory(
        inwoner=inwoner,
        gemeente=gemeente,
        domein=domein,
        consulent=consulent,
        meldingsdatum=timezone.localdate() - datetime.timedelta(days=30),
    )
    dossier_afsluiten(door=consulent, dossier=dossier, soort="voorliggend", reden="Hulp via het wijkteam volstaat.")
