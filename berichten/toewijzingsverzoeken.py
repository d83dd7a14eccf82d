"""Verzoeken om toewijzing (315): each product becomes a task for whoever handles 315s in the gemeente
(the backoffice, or consulenten where the gemeente configures so), answered by a 301 (through
verwijzing's service) or a 319: afgewezen with its RedenAfwijzingVerzoek — 8 woonplaatsbeginsel names
the responsible gemeente (OP359, Jeugd only) — or in onderzoek (OP274)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import Actie
from audit.services import record
from inwoners.models import Betrokkenheid, Inwoner
from istandaard.definities.structuur import soort as soort_van
from istandaard.opbouw import header
from producten.models import Product
from regie import garantiefase as garantiefase_regel
from regie.toets import OngeldigeInvoer, toets
from toegang.fouten import Geweigerd
from verwijzing.beschikking.beslisser import eis_verzoekbehandelaar
from verwijzing.indicatie import zonder_herhaalde_garantiefase
from verwijzing.lopend import garantiefase_kandidaten, historie
from verwijzing.verzoek import toewijzingsverzoek_toekennen

from .afwijking import Afwijking, afwijking_toetsen, afwijking_vastleggen, toewijzingseenheid_van, zoals_gevraagd
from .models import (
    TE_BEANTWOORDEN,
    AangevraagdProduct,
    Bericht,
    BerichtStatus,
    Richting,
    VerzoekStatus,
    Verzoektaak,
    Wijzigingsverzoek,
)
from .outbox import bericht_plaatsen, volgende_identificatie

VERWIJZER = {
    "01": "Gemeente",
    "02": "Huisarts",
    "03": "Jeugdarts",
    "04": "Gecertificeerde instelling",
    "05": "Medisch specialist",
    "06": "Zelfverwijzer",
    "08": "Rechter of Officier van Justitie",
}


def verwijzer_tekst(product: dict) -> str:
    """Who referred, as the toewijzing and the screens name it: type, name, zorgverlenercode."""
    v = product.get("Verwijzer") or {}
    delen = (VERWIJZER.get(v.get("Type"), ""), v.get("Naam", ""), v.get("ZorgverlenerCode", ""))
    return " ".join(x for x in delen if x)


# RedenAfwijzingVerzoek (WJ759, iStandaarden iJw/iWmo 3.2, codelijsten) suggested by the rules module's findings on the
# requested product; the backoffice decides. Choice: a stapeling is 6, no contract 3, outside the
# contract's perceel or duration 4 (past niet binnen contract), an age limit 9; other findings suggest none.
REDEN_VAN_REGEL = (
    ("MATRIX-", "6"),
    ("JR-LOGEREN", "6"),
    ("CONTRACT", "3"),
    ("PERCEEL-", "4"),
    ("DUUR-MAX", "4"),
    ("LEEFTIJD-", "9"),
    ("JEUGD-18PLUS", "9"),
    ("WMO-18MIN", "9"),
)


# WJ759 (iStandaarden iJw/iWmo 3.2, codelijsten): another gemeente is responsible for the client. Jeugd answers
# with 8 and names that gemeente (OP359, TR377); the Wmo with 5 (its 319 has no Woonplaatsbeginsel).
REDEN_WOONPLAATSBEGINSEL = "8"
REDEN_ANDERE_GEMEENTE = "5"


@dataclass
class Advies:
    uitkomst: str  # the rules module's eindoordeel, or "" when it could not judge
    bevindingen: list  # regie Bevinding objects
    reden: str  # suggested RedenAfwijzingVerzoek, "" for none
    gemeente: str  # for reden 8: the responsible gemeente's CBS code
    uitleg: str = ""
    garantiefase: str = ""  # "mogelijk garantiefase" (JR-066): the client may return in an earlier traject
    garantiefase_bron: str = garantiefase_regel.BRON


def advies(taak: AangevraagdProduct) -> Advies:
    """The rules module on one requested product, for the backoffice deciding on it: a blocking finding
    suggests its RedenAfwijzingVerzoek. A client whose BRP address lies in another of our gemeenten: for
    Jeugd 8 woonplaatsbeginsel with that gemeente (Handboek verwijzers jeugdhulp §2.2; OP359: answer within 2
    weeks and name the responsible gemeente, TR377), for the Wmo 5 andere gemeente (WJ759; the WMO319 has no
    Woonplaatsbeginsel class)."""
    b, p, client = taak.bericht, taak.gegevens, taak.client
    inwoner = Inwoner.objects.filter(bsn=client["Bsn"]).first()
    if inwoner is not None:
        adres = inwoner.adressen.filter(soort="01").select_related("gemeente").first()
        if adres and adres.gemeente_id and adres.gemeente_id != b.gemeente_id:
            uitleg = _("Het BRP-adres ligt in %(gemeente)s.") % {"gemeente": adres.gemeente.naam}
            if b.domein == "jeugd":
                return Advies("", [], REDEN_WOONPLAATSBEGINSEL, adres.gemeente.cbs_code, uitleg)
            return Advies("", [], REDEN_ANDERE_GEMEENTE, "", uitleg)
    code = (p.get("Product") or {}).get("Code")
    product = Product.objects.filter(code=code, domein=b.domein).first() if code else None
    if product is None:
        return Advies("", [], "", "", "Dit product staat niet in de catalogus.")
    ingangsdatum = date.fromisoformat(str(p["ToewijzingIngangsdatum"]))
    try:
        resultaat = toets(
            productcode=product.code,
            geboortedatum=date.fromisoformat(str(client["Geboortedatum"]["Datum"])),
            geboortedatum_gebruik=str(client["Geboortedatum"].get("DatumGebruik") or ""),
            gemeente=b.gemeente,
            ingangsdatum=ingangsdatum,
            einddatum=date.fromisoformat(str(p["ToewijzingEinddatum"])) if p.get("ToewijzingEinddatum") else None,
            aanbieder=b.aanbieder,
            peildatum=timezone.localdate(),
            **(historie(inwoner, ingangsdatum) if inwoner is not None else {}),
        )
    except OngeldigeInvoer as fout:
        return Advies("", [], "", "", str(fout))
    resultaat = zonder_herhaalde_garantiefase(resultaat)  # the garantiefase is the advice's own flag (JR-066)
    blokkerend = [x for x in resultaat.bevindingen if x.uitkomst == "niet_toegestaan"]
    reden = next((r for x in blokkerend for prefix, r in REDEN_VAN_REGEL if x.regel.startswith(prefix)), "")
    return Advies(
        resultaat.uitkomst, resultaat.bevindingen, reden, "", garantiefase=garantiefase(b, inwoner, product, p)
    )


def garantiefase(b: Bericht, inwoner, product, p: dict) -> str:
    """JR-066 (Handboek verwijzers jeugdhulp §1.1.2.2.2.1 (r. 1886–1894)): on every verzoek the backoffice
    checks whether the client returns within the garantiefase of an earlier traject at the same aanbieder in
    the same segment; then the verwijzer judges "same hulpvraag" and that toewijzing is stretched (JR-065)
    instead of a new one being made. The one rule of `regie.garantiefase`, on this gemeente's own
    toewijzingen in this domain."""
    kandidaten = garantiefase_kandidaten(
        inwoner,
        gemeente=b.gemeente,
        domein=b.domein,
        product=product,
        aanbieder=b.aanbieder,
        datum=date.fromisoformat(str(p["ToewijzingIngangsdatum"])),
    )
    return " ".join(garantiefase_regel.melding(a) for a in kandidaten)


def verzoek_onderhanden(bericht: Bericht, bsn: str) -> bool:
    """TR374: a verzoek (315 product or 317) of this aanbieder for this client is pending until it is answered with
    an afwijzing or a toewijzing; "in onderzoek" is still pending."""
    eigen = {
        "bericht__afzender": bericht.afzender,
        "bericht__gemeente": bericht.gemeente,
        "status__in": TE_BEANTWOORDEN,
    }
    return (
        Wijzigingsverzoek.objects.filter(bericht__inwoner__bsn=bsn, **eigen).exists()
        or AangevraagdProduct.objects.filter(client__Bsn=bsn, **eigen).exists()
    )


def toewijzingsverzoek_toetsen(uitslag, bericht: Bericht) -> dict[str, str]:
    """The rules of a 315 that need stored data, as path -> retourcode (0200 = no remark; IV028 paths of the 316).
    TR374: no new verzoek while one of this aanbieder for this client is pending; each AangevraagdProduct is a
    verzoek, so each carries the code."""
    client = uitslag.gegevens["Client"]
    if not verzoek_onderhanden(bericht, client["Bsn"]):
        return {}
    producten = (client.get("AangevraagdeProducten") or {}).get("AangevraagdProduct", [])
    return {f"AangevraagdeProducten/AangevraagdProduct[{i + 1}]": "9374" for i in range(len(producten))}


def toewijzingsverzoek_registreren(bericht: Bericht, gegevens: dict) -> None:
    """Called when a 315 passed the rules: one task per product, each with the client it is for (so the
    task lists need not parse the message)."""
    client = json.loads(json.dumps(gegevens["Client"], cls=DjangoJSONEncoder))
    producten = client.pop("AangevraagdeProducten")["AangevraagdProduct"]
    for p in producten:
        AangevraagdProduct.objects.create(
            bericht=bericht, referentie=p["ReferentieAanbieder"], gegevens=p, client=client
        )


def _inwoner(bericht: Bericht, client: dict, door) -> Inwoner:
    """The client by BSN; a 315 may come for someone the toegang has never seen (and may carry no
    address): then the inwoner is registered from the message."""
    naam = client["Naam"]["Geslachtsnaam"]
    inwoner, nieuw = Inwoner.objects.get_or_create(
        bsn=client["Bsn"],
        defaults={
            # OP252/IV009: a (partly) unknown birth date is kept as the message gives it, with what is known.
            "geboortedatum": date.fromisoformat(str(client["Geboortedatum"]["Datum"])),
            "geboortedatum_gebruik": str(client["Geboortedatum"].get("DatumGebruik") or ""),
            "geslacht": client["Geslacht"],
            "geslachtsnaam": naam["Achternaam"],
            "voorvoegsel": naam.get("Voorvoegsel", ""),
            "voornamen": client["Naam"].get("Voornamen", ""),
        },
    )
    Betrokkenheid.objects.get_or_create(
        inwoner=inwoner,
        gemeente=bericht.gemeente,
        defaults={"reden": "melding", "door": door, "toelichting": f"{bericht.soort} {bericht.identificatie}"},
    )
    if nieuw:
        record(Actie.AANMAKEN, inwoner, gebruiker=door, omschrijving=f"Geregistreerd uit {bericht.soort}")
    return inwoner


# Handboek verwijzers jeugdhulp §1.2 (r. 3084–3094): under a kinderbeschermingsmaatregel only the GI decides on
# jeugdhulp; a verwijzing by anyone else is accepted only with the GI's instemming. Recorded on every Jeugd 315 that a
# GI (Verwijzer Type 04) did not send itself.
GI_INSTEMMING = {"geen": "geen kinderbeschermingsmaatregel", "gi": "maatregel: de GI stemt in"}


def vraagt_gi(taak: AangevraagdProduct) -> bool:
    """A Jeugd verwijzing by anyone but the GI itself (Verwijzer Type 04) asks about a maatregel."""
    return taak.bericht.domein == "jeugd" and (taak.gegevens.get("Verwijzer") or {}).get("Type") != "04"


def toewijzingsverzoek_beantwoorden(*, door, taak: AangevraagdProduct, wat: str, gegevens: dict):
    """One product answered from its form: toewijzen (a 301), afwijzen (319 with 1) or onderzoek (319 with 2)."""
    if wat == "toewijzen":
        return toewijzingsverzoek_honoreren(
            door=door,
            taak=taak,
            motivering=gegevens["motivering"],
            gi_instemming=gegevens.get("gi_instemming", ""),
            afwijking=gegevens.get("afwijking"),
        )
    return met_319(toewijzingsverzoek_met_319_beantwoorden, door=door, taak=taak, wat=wat, gegevens=gegevens)


def met_319(service, *, door, taak, wat: str, gegevens: dict) -> Bericht:
    """A form's afwijzen (VerzoekAntwoord 1, with its reden, gemeente and toelichting) or onderzoek (2)
    through the task's own 319 `service` (315 product or whole 317)."""
    return service(
        door=door,
        taak=taak,
        antwoord="1" if wat == "afwijzen" else "2",
        reden=gegevens.get("reden", ""),
        gemeente_cbs=gegevens.get("gemeente", ""),
        toelichting=gegevens.get("toelichting", ""),
    )


@transaction.atomic
def toewijzingsverzoek_honoreren(
    *, door, taak: AangevraagdProduct, motivering: str, gi_instemming: str = "", afwijking: Afwijking | None = None
):
    """One requested product granted: a toewijzing (and its 301) through verwijzing's service. By default exactly
    as asked — period, and Volume, Eenheid and Frequentie one to one (as OP348 for a 317), never the catalogue's
    unit on the requested volume (IV042). An `afwijking` is the handler's explicit choice (IV094): validated as a
    whole, its motivering kept with the toekenning and audited beside what was asked."""
    taak = (
        AangevraagdProduct.objects.select_for_update(of=("self",))
        .select_related("bericht__gemeente", "bericht__aanbieder")
        .get(pk=taak.pk)
    )
    if not taak.te_beantwoorden:
        raise Geweigerd(_("Dit verzoek is al beantwoord."))
    b, p = taak.bericht, taak.gegevens
    if vraagt_gi(taak) and gi_instemming not in GI_INSTEMMING:
        raise Geweigerd(
            _(
                "Leg vast of er een kinderbeschermingsmaatregel is; zo ja, dan alleen met instemming van de GI "
                "(Handboek verwijzers jeugdhulp §1.2 (r. 3088–3094))."
            )
        )
    if not motivering.strip():  # before the GI's note is added to it
        raise Geweigerd(_("Motiveer de toewijzing."))
    if gi_instemming in GI_INSTEMMING:
        motivering = f"{motivering.strip()} (GI: {GI_INSTEMMING[gi_instemming]})"
    client = taak.client
    code = (p.get("Product") or {}).get("Code")
    product = Product.objects.filter(code=code, domein=b.domein).first()
    if product is None:
        raise Geweigerd(_("Dit product staat niet in de catalogus; wijs het verzoek af of neem het in onderzoek."))
    keuze = zoals_gevraagd(p) if afwijking is None else afwijking_toetsen(afwijking, product)
    if afwijking is not None:
        motivering = f"{motivering.strip()} (afwijking van de aanvraag: {afwijking.motivering.strip()})"
    toewijzing = toewijzingsverzoek_toekennen(
        door=door,
        gemeente=b.gemeente,
        domein=b.domein,
        inwoner=_inwoner(b, client, door),
        product=product,
        aanbieder=b.aanbieder,
        ingangsdatum=keuze["ingangsdatum"],
        einddatum=keuze["einddatum"],
        volume=keuze["volume"],
        frequentie=keuze["frequentie"],
        eenheid=toewijzingseenheid_van(keuze["eenheid"], product, gevraagd=afwijking is None),
        budget=(int(p["Budget"]) / 100) if p.get("Budget") and afwijking is None else None,
        referentie=taak.referentie,
        verwijzer=verwijzer_tekst(p),
        motivering=motivering,
    )
    if afwijking is not None:
        afwijking_vastleggen(door=door, taak=taak, afwijking=afwijking, keuze=keuze)
    taak.status, taak.toewijzing = VerzoekStatus.TOEGEWEZEN, toewijzing
    taak.save(update_fields=["status", "toewijzing"])
    sluit_als_beantwoord(b)
    return toewijzing


@transaction.atomic
def toewijzingsverzoek_met_319_beantwoorden(
    *, door, taak: AangevraagdProduct, antwoord: str, reden: str = "", gemeente_cbs: str = "", toelichting: str = ""
) -> Bericht:
    """A 319 on one product: antwoord 1 (afgewezen, with its reden) or 2 (in onderzoek; only once, TR360)."""
    taak = (
        AangevraagdProduct.objects.select_for_update(of=("self",))
        .select_related("bericht__gemeente", "bericht__aanbieder")
        .get(pk=taak.pk)
    )
    bericht = verzoektaak_met_319_beantwoorden(
        door=door,
        taak=taak,
        antwoord=antwoord,
        reden=reden,
        gemeente_cbs=gemeente_cbs,
        toelichting=toelichting,
        eis=eis_verzoekbehandelaar,
        # The 319 is about this client: for an OP003 client it is kept but never leaves (berichten.outbox).
        inwoner=Inwoner.objects.filter(bsn=taak.client["Bsn"]).first(),
    )
    sluit_als_beantwoord(taak.bericht)
    return bericht


def verzoektaak_met_319_beantwoorden(
    *, door, taak: Verzoektaak, antwoord: str, reden: str, gemeente_cbs: str, eis, toelichting: str = "", inwoner=None
) -> Bericht:
    """The 319 on a locked task — a 315 product or a whole 317 — by whom `eis` admits: refused when it
    was answered already, or "in onderzoek" a second time (TR360); the task records its answer. Only
    an afwijzing carries a reden (CD086); the toelichting goes into the audit trail with it."""
    b = taak.bericht
    eis(door, b.gemeente, b.domein)
    if not taak.te_beantwoorden:
        raise Geweigerd(_("Dit verzoek is al beantwoord."))
    if antwoord == "2" and taak.status == VerzoekStatus.IN_ONDERZOEK:
        raise Geweigerd(_("Dit verzoek is al in onderzoek (TR360)."))
    afwijzing = antwoord == "1"
    bericht = antwoordbericht_plaatsen(
        door=door,
        heen=b,
        referentie=taak.referentie,
        antwoord=antwoord,
        reden=reden if afwijzing else "",
        gemeente_cbs=gemeente_cbs if afwijzing else "",
        toelichting=toelichting,
        inwoner=inwoner,
    )
    taak.status = VerzoekStatus.AFGEWEZEN if antwoord == "1" else VerzoekStatus.IN_ONDERZOEK
    taak.antwoord = bericht
    taak.save(update_fields=["status", "antwoord"])
    return bericht


def antwoordbericht_plaatsen(
    *,
    door,
    heen: Bericht,
    referentie: str,
    antwoord: str,
    reden: str,
    gemeente_cbs: str,
    toelichting: str = "",
    inwoner=None,
) -> Bericht:
    """The antwoordbericht on a 315 product or a whole 317 (iStandaarden iJw/iWmo 3.2, bericht 319): 1 afgewezen with
    its RedenAfwijzingVerzoek (CD085) — 8 woonplaatsbeginsel names the gemeente (TR377, Jeugd only) — or
    2 in onderzoek (CD086: no reden). Validated before it is stored; one that fails is refused."""
    if antwoord == "1" and not reden:
        raise Geweigerd(_("Kies de reden van de afwijzing."))
    if reden == REDEN_WOONPLAATSBEGINSEL and (heen.domein != "jeugd" or not gemeente_cbs):
        raise Geweigerd(_("Bij het woonplaatsbeginsel noemt u de verantwoordelijke gemeente (alleen Jeugd)."))
    if reden == REDEN_WOONPLAATSBEGINSEL and gemeente_cbs == heen.gemeente.cbs_code:
        raise Geweigerd(
            _("Bij het woonplaatsbeginsel noemt u de andere gemeente die verantwoordelijk is, niet uw eigen gemeente.")
        )
    b = heen
    soort = soort_van(b.domein, "319")
    identificatie = volgende_identificatie(soort, b.gemeente.cbs_code)
    antwoord_dict = {
        "ReferentieAanbieder": referentie,
        "VerzoekAntwoord": antwoord,
        "RedenAfwijzingVerzoek": reden or None,
        "Woonplaatsbeginsel": {"Gemeente": gemeente_cbs} if reden == "8" else None,
    }
    gegevens = {
        "Header": header(
            b.domein,
            "319",
            afzender=b.gemeente.cbs_code,
            ontvanger=b.aanbieder.agb_code,
            identificatie=identificatie,
            dagtekening=timezone.localdate(),
        ),
        "Antwoord": antwoord_dict,
    }
    bericht = Bericht(
        richting=Richting.UIT,
        soort=soort,
        domein=b.domein,
        gemeente=b.gemeente,
        aanbieder=b.aanbieder,
        inwoner=inwoner or b.inwoner,
        afzender=b.gemeente.cbs_code,
        identificatie=identificatie,
        dagtekening=timezone.localdate(),
        retour_van=None,
    )
    waarom = " – ".join(x for x in (f"reden {reden}" if reden else "", toelichting.strip()) if x)
    return bericht_plaatsen(
        bericht,
        gegevens,
        door=door,
        reden=waarom,
        omschrijving=f"{soort} op verzoek {referentie}",
        ongeldig_weigeren=True,
    )


def sluit_als_beantwoord(bericht: Bericht) -> None:
    """The 315 is done (verwerkt, its 5-werkdagen clock stops) once every product has its answer; a
    319 "in onderzoek" is an answer too (OP274), its final answer follows within 8 weeks."""
    if (
        bericht.status == BerichtStatus.ONTVANGEN
        and not bericht.aangevraagde_producten.filter(status=VerzoekStatus.OPEN).exists()
    ):
        bericht.status = BerichtStatus.VERWERKT
        bericht.save(update_fields=["status"])
