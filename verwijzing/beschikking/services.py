"""The beschikking on the aanvraag: concept and horen, vaststellen (which makes the toewijzingen) and the
bekendmaking (docs/bronnen.md, beschikking)."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import Actie
from audit.services import record
from toegang.fouten import Geweigerd

from ..budget import budgetten_vastleggen
from ..models import (
    Bekostiging,
    Beschikking,
    BeschikkingSoort,
    BeschikkingStatus,
    RenderStatus,
    Status,
    Verzendkanaal,
)
from ..overgang import lock_dossier
from ..tasks import maak_beschikking_pdf
from ..toewijzing import toewijzingen_maken
from .beslisser import eis_beslisser
from .beslistermijn import bezwaar_tot, werk_bij


def render_pdf_after_commit(beschikking) -> None:
    """The PDF is made in the background once the decision is committed (never for a rolled-back one)."""
    transaction.on_commit(lambda: maak_beschikking_pdf.delay(beschikking.pk), robust=True)


def _beslisser(door, dossier) -> None:
    eis_beslisser(door, dossier.gemeente, dossier.domein)


def niet_toe_te_kennen(dossier, indicaties) -> list[str]:
    huidig = dossier.matchingsverzoeken.huidig_per_indicatie()
    passend = {indicatie_id for indicatie_id, verzoek in huidig.items() if verzoek.afgerond}
    bezwaren = []
    for indicatie in indicaties:
        code = indicatie.product.code
        if not indicatie.geldig:
            bezwaren.append(
                _("%(code)s: niet toegestaan en de hardheidsclausule is niet goedgekeurd.") % {"code": code}
            )
        if indicatie.bekostiging == Bekostiging.ZIN and indicatie.aanbieder_id is None:
            bezwaren.append(_("%(code)s: zorg in natura zonder aanbieder.") % {"code": code})
        # An aanbieder that declines gets no beschikking.
        if indicatie.bekostiging == Bekostiging.ZIN and indicatie.matching_nodig and indicatie.pk not in passend:
            bezwaren.append(
                _("%(code)s: de aanbieder heeft het matchingsgesprek niet als passend teruggemeld.") % {"code": code}
            )
    return bezwaren


@transaction.atomic
def beschikking_opstellen(
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
    dossier = lock_dossier(dossier, "inwoner")
    _beslisser(door, dossier)
    if dossier.status != Status.AANVRAAG:
        raise Geweigerd(_("Een beschikking volgt op de aanvraag: het ondertekende leefzorgplan."))
    if soort not in BeschikkingSoort.values:
        raise Geweigerd(_("Kies toekenning, gedeeltelijke toekenning of afwijzing."))
    alle = list(dossier.indicaties.select_related("product").order_by("id"))
    gekozen = [i for i in alle if i.pk in {t.pk for t in toegekend}]
    if soort == BeschikkingSoort.TOEKENNING and len(gekozen) != len(alle):
        raise Geweigerd(
            _("Een toekenning kent alle aangevraagde producten toe; kies anders een gedeeltelijke toekenning.")
        )
    if soort == BeschikkingSoort.GEDEELTELIJK and not (0 < len(gekozen) < len(alle)):
        raise Geweigerd(_("Een gedeeltelijke toekenning kent een deel van de producten toe: kies welke."))
    if soort == BeschikkingSoort.AFWIJZING and gekozen:
        raise Geweigerd(_("Een afwijzing kent niets toe."))
    bezwaren = niet_toe_te_kennen(dossier, gekozen)
    if bezwaren:
        raise Geweigerd(_("Dit kan niet worden toegekend: %(bezwaren)s") % {"bezwaren": " ".join(bezwaren)})
    if not motivering.strip():
        raise Geweigerd(_("Motiveer de beschikking (Awb 3:46)."))
    if soort != BeschikkingSoort.TOEKENNING:
        if horen_op and horen_op > timezone.localdate():
            raise Geweigerd(_("De datum waarop de zienswijze is gevraagd, ligt in de toekomst."))
        gehoord = horen_op is not None and zienswijze.strip()
        if not gehoord and not horen_niet_nodig.strip():
            raise Geweigerd(
                _(
                    "Hoor de aanvrager vóór een (gedeeltelijke) afwijzing (Awb 4:7): leg de zienswijze vast, "
                    "of waarom horen niet nodig is."
                )
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
def beschikking_vaststellen(*, door, beschikking) -> Beschikking:
    """The decision. Its moment is the toewijzingsdatum/-tijd (IV013); a toekenning creates the
    toewijzingen and sends `toewijzing_vastgesteld` for each, inside this transaction; the PDF is made
    in the background after commit."""
    dossier = lock_dossier(beschikking.dossier, "inwoner")
    beschikking = Beschikking.objects.select_for_update().get(pk=beschikking.pk)
    _beslisser(door, dossier)
    if beschikking.status != BeschikkingStatus.CONCEPT:
        raise Geweigerd(_("Deze beschikking is al vastgesteld."))
    if dossier.status != Status.AANVRAAG:
        raise Geweigerd(_("Het dossier wacht niet (meer) op een beschikking."))
    moment = timezone.now()
    # The budget of each granted indicatie as decided, with its tarief and indicatiewijze (regie.budget).
    toegekend = list(beschikking.toegekend.select_related("product").order_by("id"))
    beschikking.budgetten = budgetten_vastleggen(toegekend, dossier.gemeente)
    beschikking.status = BeschikkingStatus.VASTGESTELD
    beschikking.vastgesteld_door, beschikking.vastgesteld_op = door, moment
    beschikking.render_status, beschikking.render_voortgang = RenderStatus.WACHTRIJ, 0
    beschikking.save()
    if beschikking.soort == BeschikkingSoort.AFWIJZING:
        dossier.afwijzen()
    else:
        dossier.toekennen()
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
        toewijzingen_maken(beschikking, moment)
    render_pdf_after_commit(beschikking)
    return beschikking


@transaction.atomic
def bekendmaking_vastleggen(*, door, beschikking, geadresseerden: str, kanaal: str, verzonden_op: date) -> Beschikking:
    """The bekendmaking (Awb 3:41, BK-02/BK-03): to whom, how and when it was sent."""
    beschikking = Beschikking.objects.select_for_update().select_related("dossier__gemeente").get(pk=beschikking.pk)
    _beslisser(door, beschikking.dossier)
    if beschikking.status != BeschikkingStatus.VASTGESTELD:
        raise Geweigerd(_("Alleen een vastgestelde, nog niet verzonden beschikking kan worden bekendgemaakt."))
    if beschikking.render_status != RenderStatus.KLAAR:
        raise Geweigerd(_("De PDF van de beschikking is nog niet klaar."))
    if kanaal not in Verzendkanaal.values:
        raise Geweigerd(_("Kies hoe de beschikking is verzonden."))
    if not geadresseerden.strip():
        raise Geweigerd(_("Vul de geadresseerde(n) in."))
    if verzonden_op > timezone.localdate() or verzonden_op < timezone.localtime(beschikking.vastgesteld_op).date():
        raise Geweigerd(_("De verzenddatum ligt in de toekomst of vóór de dagtekening."))
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
