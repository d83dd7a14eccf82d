"""The beschikking: concept, horen, vaststellen (which makes the toewijzingen), bekendmaking, and the
notices on the beslistermijn (opschorting Awb 4:15, verlenging Awb 4:14). docs/bronnen.md, beschikking."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.permissions import mag_beschikken
from audit.models import Actie
from audit.services import record
from regie.regelset import regelset
from regie.termijnen import bereken
from toegang.fouten import Geweigerd

from .beslisser import eis_beslisser
from .beslistermijn import beslistermijn, werk_bij
from .models import (
    Bekostiging,
    Beschikking,
    BeschikkingSoort,
    BeschikkingStatus,
    Dossier,
    MededelingSoort,
    OpschortingGrond,
    RenderStatus,
    Status,
    Termijnmededeling,
    Verzendkanaal,
)
from .toewijzing import maak_toewijzingen


def _beslisser(door, dossier) -> None:
    eis_beslisser(door, dossier.gemeente, dossier.domein)


def _vergrendeld(dossier) -> Dossier:
    return Dossier.objects.select_for_update().select_related("gemeente", "inwoner").get(pk=dossier.pk)


def _niet_toe_te_kennen(dossier, indicaties) -> list[str]:
    passend = set(dossier.matchingsverzoeken.filter(status="passend").values_list("indicatie_id", flat=True))
    bezwaren = []
    for indicatie in indicaties:
        code = indicatie.product.code
        if not indicatie.geldig:
            bezwaren.append(f"{code}: niet toegestaan en de hardheidsclausule is niet goedgekeurd.")
        if indicatie.bekostiging == Bekostiging.ZIN and indicatie.aanbieder_id is None:
            bezwaren.append(f"{code}: zorg in natura zonder aanbieder.")
        # An aanbieder that declines gets no beschikking.
        if indicatie.bekostiging == Bekostiging.ZIN and indicatie.matching_nodig and indicatie.pk not in passend:
            bezwaren.append(f"{code}: de aanbieder heeft het matchingsgesprek niet als passend teruggemeld.")
    return bezwaren


@transaction.atomic
def stel_op(
    *,
    door,
    dossier,
    soort: str,
    toegekend: list,
    motivering: str,
    horen_op: date | None = None,
    zienswijze: str = "",
    horen_niet_nodig: str = "",
) -> Beschikking:
    """Draft (or redraft) the beschikking. A toekenning grants every indicatie, a gedeeltelijke
    toekenning some, an afwijzing none; an afwijzing needs horen first (Awb 4:7) or the reason it is
    not needed; every beschikking needs its motivering (Awb 3:46, BK-07)."""
    dossier = _vergrendeld(dossier)
    _beslisser(door, dossier)
    if dossier.status != Status.AANVRAAG:
        raise Geweigerd("Een beschikking volgt op de aanvraag: het ondertekende leefzorgplan.")
    if soort not in BeschikkingSoort.values:
        raise Geweigerd("Kies toekenning, gedeeltelijke toekenning of afwijzing.")
    alle = list(dossier.indicaties.select_related("product").order_by("id"))
    gekozen = [i for i in alle if i.pk in {t.pk for t in toegekend}]
    if soort == BeschikkingSoort.TOEKENNING and len(gekozen) != len(alle):
        raise Geweigerd(
            "Een toekenning kent alle aangevraagde producten toe; kies anders een gedeeltelijke toekenning."
        )
    if soort == BeschikkingSoort.GEDEELTELIJK and not (0 < len(gekozen) < len(alle)):
        raise Geweigerd("Een gedeeltelijke toekenning kent een deel van de producten toe: kies welke.")
    if soort == BeschikkingSoort.AFWIJZING and gekozen:
        raise Geweigerd("Een afwijzing kent niets toe.")
    bezwaren = _niet_toe_te_kennen(dossier, gekozen)
    if bezwaren:
        raise Geweigerd("Dit kan niet worden toegekend: " + " ".join(bezwaren))
    if not motivering.strip():
        raise Geweigerd("Motiveer de beschikking (Awb 3:46).")
    if soort != BeschikkingSoort.TOEKENNING:
        if horen_op and horen_op > timezone.localdate():
            raise Geweigerd("De datum waarop de zienswijze is gevraagd, ligt in de toekomst.")
        gehoord = horen_op is not None and zienswijze.strip()
        if not gehoord and not horen_niet_nodig.strip():
            raise Geweigerd(
                "Hoor de aanvrager vóór een (gedeeltelijke) afwijzing (Awb 4:7): leg de zienswijze vast, "
                "of waarom horen niet nodig is."
            )
    dossier.beschikkingen.filter(status=BeschikkingStatus.CONCEPT).delete()
    beschikking = Beschikking.objects.create(
        dossier=dossier,
        soort=soort,
        motivering=motivering.strip(),
        horen_op=horen_op,
        zienswijze=zienswijze.strip(),
        horen_niet_nodig=horen_niet_nodig.strip(),
        sjabloon=settings.TOEGANG_BESCHIKKING_SJABLOON,
        opgesteld_door=door,
    )
    beschikking.toegekend.set(gekozen)
    record(Actie.AANMAKEN, beschikking, gebruiker=door, omschrijving=f"Concept-beschikking: {soort}")
    return beschikking


@transaction.atomic
def stel_vast(*, door, beschikking) -> Beschikking:
    """The decision. Its moment is the toewijzingsdatum/-tijd (IV013); a toekenning creates the
    toewijzingen and sends `toewijzing_vastgesteld` for each, inside this transaction; the PDF is made
    in the background after commit."""
    dossier = _vergrendeld(beschikking.dossier)
    beschikking = Beschikking.objects.select_for_update().get(pk=beschikking.pk)
    _beslisser(door, dossier)
    if beschikking.status != BeschikkingStatus.CONCEPT:
        raise Geweigerd("Deze beschikking is al vastgesteld.")
    if dossier.status != Status.AANVRAAG:
        raise Geweigerd("Het dossier wacht niet (meer) op een beschikking.")
    moment = timezone.now()
    beschikking.status = BeschikkingStatus.VASTGESTELD
    beschikking.vastgesteld_door, beschikking.vastgesteld_op = door, moment
    beschikking.render_status, beschikking.render_voortgang = RenderStatus.WACHTRIJ, 0
    beschikking.save()
    if beschikking.soort == BeschikkingSoort.AFWIJZING:
        dossier.wijs_af()
    else:
        dossier.ken_toe()
    dossier.save()
    werk_bij(dossier)
    record(
        Actie.WIJZIGEN,
        dossier,
        gebruiker=door,
        reden=beschikking.motivering,
        omschrijving=f"Beschikking vastgesteld: {beschikking.soort}; status aanvraag → {dossier.status}",
    )
    if beschikking.soort != BeschikkingSoort.AFWIJZING:
        maak_toewijzingen(beschikking, moment)
    from .tasks import maak_beschikking_pdf

    transaction.on_commit(lambda: maak_beschikking_pdf.delay(beschikking.pk), robust=True)
    return beschikking


def bezwaar_tot(verzonden_op: date) -> date:
    """Awb 6:7/6:8: six weeks from the day after verzending, with the Atw shift."""
    rs = regelset(verzonden_op)
    return date.fromisoformat(bereken(rs.termijnen["bezwaartermijn"], verzonden_op, rs.feestdagen).uiterlijk)


@transaction.atomic
def maak_bekend(*, door, beschikking, geadresseerden: str, kanaal: str, verzonden_op: date) -> Beschikking:
    """The bekendmaking (Awb 3:41, BK-02/BK-03): to whom, how and when it was sent."""
    beschikking = Beschikking.objects.select_for_update().select_related("dossier__gemeente").get(pk=beschikking.pk)
    _beslisser(door, beschikking.dossier)
    if beschikking.status != BeschikkingStatus.VASTGESTELD:
        raise Geweigerd("Alleen een vastgestelde, nog niet verzonden beschikking kan worden bekendgemaakt.")
    if beschikking.render_status != RenderStatus.KLAAR:
        raise Geweigerd("De PDF van de beschikking is nog niet klaar.")
    if kanaal not in Verzendkanaal.values:
        raise Geweigerd("Kies hoe de beschikking is verzonden.")
    if not geadresseerden.strip():
        raise Geweigerd("Vul de geadresseerde(n) in.")
    if verzonden_op > timezone.localdate() or verzonden_op < timezone.localtime(beschikking.vastgesteld_op).date():
        raise Geweigerd("De verzenddatum ligt in de toekomst of vóór de dagtekening.")
    beschikking.geadresseerden, beschikking.verzendkanaal = geadresseerden.strip(), kanaal
    beschikking.verzonden_op, beschikking.status = verzonden_op, BeschikkingStatus.BEKENDGEMAAKT
    beschikking.save(update_fields=["geadresseerden", "verzendkanaal", "verzonden_op", "status"])
    record(
        Actie.WIJZIGEN,
        beschikking,
        gebruiker=door,
        omschrijving=f"Bekendgemaakt {kanaal} op {verzonden_op:%d-%m-%Y}; "
        f"bezwaar tot {bezwaar_tot(verzonden_op):%d-%m-%Y}",
    )
    return beschikking


def _termijnbeheerder(door, dossier) -> None:
    if mag_beschikken(door, dossier.gemeente, dossier.domein):
        return
    if door.pk == dossier.consulent_id:
        return
    raise Geweigerd("Alleen de consulent van het dossier of wie beschikt, kan de beslistermijn aanpassen.")


@transaction.atomic
def schort_op(*, door, dossier, grond: str, vanaf: date, reden: str, medegedeeld_op: date) -> Termijnmededeling:
    """Awb 4:15: the beslistermijn stands still from `vanaf` until the opschorting is ended."""
    dossier = _vergrendeld(dossier)
    _termijnbeheerder(door, dossier)
    if dossier.status != Status.AANVRAAG:
        raise Geweigerd("Opschorten kan alleen terwijl de beslistermijn loopt.")
    if grond not in OpschortingGrond.values:
        raise Geweigerd("Kies de grond van de opschorting (Awb 4:15).")
    if not reden.strip():
        raise Geweigerd("Geef de reden van de opschorting.")
    if dossier.termijnmededelingen.filter(soort=MededelingSoort.OPSCHORTING, tot__isnull=True).exists():
        raise Geweigerd("Er loopt al een opschorting; beëindig die eerst.")
    if vanaf < dossier.aanvraag_op or vanaf > timezone.localdate() or medegedeeld_op > timezone.localdate():
        raise Geweigerd("De opschorting begint na de aanvraag en niet in de toekomst.")
    m = Termijnmededeling.objects.create(
        dossier=dossier,
        soort=MededelingSoort.OPSCHORTING,
        grond=grond,
        vanaf=vanaf,
        medegedeeld_op=medegedeeld_op,
        reden=reden.strip(),
        door=door,
    )
    werk_bij(dossier)
    record(Actie.WIJZIGEN, dossier, gebruiker=door, reden=reden, omschrijving=f"Beslistermijn opgeschort ({grond})")
    return m


@transaction.atomic
def beeindig_opschorting(*, door, dossier, tot: date) -> Termijnmededeling:
    dossier = _vergrendeld(dossier)
    _termijnbeheerder(door, dossier)
    m = dossier.termijnmededelingen.filter(soort=MededelingSoort.OPSCHORTING, tot__isnull=True).first()
    if m is None:
        raise Geweigerd("Er loopt geen opschorting.")
    if tot < m.vanaf or tot > timezone.localdate():
        raise Geweigerd("De opschorting eindigt na haar begin en niet in de toekomst.")
    m.tot = tot
    m.save(update_fields=["tot"])
    werk_bij(dossier)
    record(Actie.WIJZIGEN, dossier, gebruiker=door, omschrijving=f"Opschorting beëindigd op {tot:%d-%m-%Y}")
    return m


@transaction.atomic
def verleng(*, door, dossier, tot: date, reden: str, medegedeeld_op: date) -> Termijnmededeling:
    """Awb 4:14: the aanvrager is told before the term ends, with a new date (Wmo: 'zo kort mogelijk',
    Jeugd: 'redelijk'); docs/keuzes.md, termijnen."""
    dossier = _vergrendeld(dossier)
    _termijnbeheerder(door, dossier)
    if dossier.status != Status.AANVRAAG:
        raise Geweigerd("Verlengen kan alleen terwijl de beslistermijn loopt.")
    termijn = beslistermijn(dossier)
    if termijn.uiterlijk is None:
        raise Geweigerd("De termijn is opgeschort; beëindig eerst de opschorting.")
    if medegedeeld_op > termijn.uiterlijk:
        raise Geweigerd(
            f"Een verlenging moet vóór het einde van de termijn ({termijn.uiterlijk:%d-%m-%Y}) zijn medegedeeld."
        )
    if medegedeeld_op > timezone.localdate():
        raise Geweigerd("De datum van de mededeling ligt in de toekomst.")
    if tot <= termijn.uiterlijk:
        raise Geweigerd(f"De nieuwe datum moet na {termijn.uiterlijk:%d-%m-%Y} liggen.")
    if not reden.strip():
        raise Geweigerd("Geef de reden van de verlenging.")
    m = Termijnmededeling.objects.create(
        dossier=dossier,
        soort=MededelingSoort.VERLENGING,
        vanaf=termijn.uiterlijk,
        tot=tot,
        medegedeeld_op=medegedeeld_op,
        reden=reden.strip(),
        door=door,
    )
    werk_bij(dossier)
    record(
        Actie.WIJZIGEN, dossier, gebruiker=door, reden=reden, omschrijving=f"Beslistermijn verlengd tot {tot:%d-%m-%Y}"
    )
    return m
