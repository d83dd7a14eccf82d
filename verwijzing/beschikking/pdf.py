"""The beschikking as a PDF: WeasyPrint from a versioned template, PDF/UA-1, language nl.

`CHECKLIST` maps every element of the legal minimum (docs/bronnen.md, beschikking) to where the template
carries it, or says why it is out of scope here. The tests walk this table. Two renders of the same
beschikking are byte-identical: the PDF depends only on stored data and the template version
(dagtekening and metadata come from the moment of the decision, never from the clock)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from audit.models import Actie
from audit.services import record
from inwoners.aanhef import aanhef
from toegang.pdf import pdf_van_sjabloon

from .. import omvang
from ..leefzorgplan.tekenaars import wie_tekent
from ..models import Bekostiging, Beschikking, BeschikkingSoort, BeschikkingStatus, RenderStatus
from .beslistermijn import bezwaar_tot


@dataclass(frozen=True)
class Element:
    id: str
    element: str
    geldt: str  # T toekenning, A afwijzing, W Wmo, J Jeugd (docs/bronnen.md, beschikking "Applies")
    blok: str  # the template block (id="...") that carries it, or "" when out of scope
    buiten_scope: str = ""


CHECKLIST: tuple[Element, ...] = (
    Element("BK-01", "Bevoegd bestuursorgaan, namens het college (mandaat)", "TAWJ", "ondertekening"),
    Element("BK-02", "Geadresseerd aan de aanvrager(s)", "TAWJ", "geadresseerde"),
    Element("BK-03", "Dagtekening; verzenddatum vastgelegd bij de bekendmaking", "TAWJ", "dagtekening"),
    Element("BK-04", "Verwijzing naar de aanvraag (datum van ontvangst) en het onderwerp", "TAWJ", "aanvraag"),
    Element("BK-05", "Het besluit (dictum), per aangevraagde voorziening", "TAWJ", "dictum"),
    Element("BK-06", "Wettelijke grondslag: wet en artikel, verordening", "TAWJ", "grondslag"),
    Element("BK-07", "Motivering in de beschikking zelf", "TAWJ", "motivering"),
    Element("BK-08", "Bezwaarclausule: wie, binnen zes weken, bij welk orgaan (adres)", "TAWJ", "bezwaar"),
    Element("BK-09", "Wat een bezwaarschrift bevat; voorlopige voorziening", "TAWJ", "bezwaar-inhoud"),
    Element(
        "BK-10",
        "Wmo: een aanvraag krijgt altijd een beschikking",
        "TAW",
        "",
        "Procesregel, geen tekstelement: het dossier kan na de aanvraag alleen via een beschikking verder.",
    ),
    Element("BK-T1", "Welke voorziening (productcode) en de omvang", "TWJ", "dictum"),
    Element("BK-T2", "Resultaat en doelen", "TWJ", "doelen"),
    Element("BK-T3", "Ingangsdatum en einddatum", "TWJ", "dictum"),
    Element("BK-T4", "Vorm: zorg in natura of persoonsgebonden budget", "TWJ", "dictum"),
    Element("BK-T5", "Zorg in natura: de aanbieder", "TWJ", "dictum"),
    Element(
        "BK-T6",
        "PGB: tarief, omvang, totaalbudget, periode",
        "TWJ",
        "",
        "PGB-bedragen en -tarieven zijn nog niet in de catalogus (Jeugdwet art. 8.1.1, Wmo 2015 art. 2.3.6: "
        "lokaal niet gevonden).",
    ),
    Element("BK-T7", "PGB: uitbetaling via de SVB, plichten budgethouder", "TWJ", "", "Hoort bij BK-T6; later."),
    Element("BK-T8", "Wmo: eigen bijdrage via het CAK", "TW", "eigen-bijdrage"),
    Element("BK-T9", "Jeugd: geen eigen bijdrage", "TJ", "eigen-bijdrage"),
    Element("BK-T10", "Plichten van de cliënt: wijzigingen doorgeven, meewerken aan evaluatie", "T", "plichten"),
    Element("BK-A1", "Dictum afgewezen per aangevraagde voorziening", "A", "dictum"),
    Element("BK-A2", "Wmo: motivering langs de onderzoekselementen (art. 2.3.2 lid 4)", "AW", "onderzoek"),
    Element("BK-A3", "Jeugd: motivering langs het stappenplan van de CRvB", "AJ", "onderzoek"),
    Element("BK-A4", "Horen vóór afwijzing (Awb 4:7): zienswijze gevraagd op", "A", "horen"),
    Element("BK-A5", "PGB geweigerd: welke voorwaarde ontbreekt", "A", "", "Hoort bij BK-T6 (PGB); later."),
    Element("BK-A6", "Bezwaarclausule ook bij afwijzing", "A", "bezwaar"),
    Element(
        "BK-A7",
        "Buiten behandeling stellen (Awb 4:5)",
        "A",
        "",
        "Een eigen besluitsoort: het dossier gaat naar 'buiten behandeling gesteld' met de reden.",
    ),
)


# Grondslag (BK-06). The local verordeningen as far as docs/bronnen.md, verordeningen found them; where a
# gemeente's verordening was not found (NF) the letter names it generically. Keys: CBS code.
VERORDENING = {
    ("0983", "jeugd"): "Verordening jeugdhulp en maatschappelijke ondersteuning Venlo 2022",
    ("0983", "wmo"): "Verordening jeugdhulp en maatschappelijke ondersteuning Venlo 2022",
    ("0984", "jeugd"): "Verordening Sociaal Domein 2025 gemeente Venray",
    ("0984", "wmo"): "Verordening Sociaal Domein 2025 gemeente Venray",
    ("1507", "jeugd"): "Verordening sociaal domein gemeente Horst aan de Maas",
    ("1507", "wmo"): "Verordening sociaal domein gemeente Horst aan de Maas",
    ("1894", "jeugd"): "Verordening jeugdhulp 2020 Peel en Maas",
    ("1894", "wmo"): "Verordening maatschappelijke ondersteuning gemeente Peel en Maas",
    ("0907", "wmo"): "Verordening maatschappelijke ondersteuning gemeente Gennep",
}
WET = {
    "jeugd": ("Jeugdwet", "artikel 2.3, eerste lid"),
    "wmo": ("Wet maatschappelijke ondersteuning 2015", "artikel 2.3.5"),
}


def grondslag(gemeente, domein: str) -> list[str]:
    wet, artikel = WET[domein]
    lokaal = VERORDENING.get((gemeente.cbs_code, domein))
    if lokaal is None:
        soort = "jeugdhulp" if domein == "jeugd" else "maatschappelijke ondersteuning"
        lokaal = f"de Verordening {soort} van de gemeente {gemeente.naam}"
    return [f"{artikel} van de {wet}", lokaal, "de Algemene wet bestuursrecht"]


def _geadresseerden(dossier, getekend, peildatum) -> list[tuple[str, object]]:
    """Who the letter is addressed to, as (name, person): those who signed the leefzorgplan digitally; for a
    plan signed on paper, those who had to sign (for a child under 12 the gezaghebbenden, never the child
    alone; `tekenaars.wie_tekent`); the inwoner when nobody is known."""
    inwoner = dossier.inwoner
    if getekend:
        return [(o.naam, o.relatie or inwoner) for o in getekend]
    relaties = {r.pk: r for r in inwoner.relaties.select_related("persoon")}
    personen = [
        (t.naam, relaties[t.relatie_id] if t.relatie_id else inwoner)
        for t in wie_tekent(dossier, peildatum)
        if t.relatie_id is None or t.relatie_id in relaties
    ]
    return personen or [(inwoner.volledige_naam, inwoner)]


def bijzin(reden: str) -> str:
    """A reason typed as a sentence ("De aanvrager heeft ...") read after "omdat": lower-case first letter,
    one closing full stop. An abbreviation or name in capitals ("CJG", "Wmo") keeps its capital."""
    reden = reden.strip().rstrip(".")
    if not reden:
        return ""
    eerste = reden.split()[0]
    if eerste[:1].isupper() and not eerste[1:2].isupper():
        reden = reden[:1].lower() + reden[1:]
    return f"{reden}."


def omvang_in_brief(beschikking: Beschikking, indicatie) -> str:
    """The omvang the letter names: for a product granted in natura that of the toewijzing the decision made (the
    first one for the indicatie: the 301 carries exactly this), else the indicatie's. Never changes after the
    decision, so a render is repeatable."""
    eerste = beschikking.toewijzingen.filter(indicatie=indicatie).order_by("id").first()
    return omvang.in_beschikking(indicatie, eerste, besloten=True)


def context(beschikking: Beschikking) -> dict:
    """Everything the letter shows, from stored data only."""
    dossier = beschikking.dossier
    inwoner = dossier.inwoner
    moment = timezone.localtime(beschikking.vastgesteld_op)
    toegekend = set(beschikking.toegekend.values_list("pk", flat=True))
    regels = []
    for indicatie in dossier.indicaties.select_related("product", "aanbieder").order_by("id"):
        regels.append(
            {
                "indicatie": indicatie,
                "toegekend": indicatie.pk in toegekend,
                "omvang": omvang_in_brief(beschikking, indicatie),
            }
        )
    getekend = list(
        dossier.ondertekeningen.filter(getekend_op__isnull=False, vervallen=False)
        .select_related("relatie__persoon")
        .order_by("id")
    )
    geadresseerden = _geadresseerden(dossier, getekend, moment.date())
    # A child's letter goes to those who hold gezag; the letter then says whom it is about.
    namens = dossier.domein == "jeugd" and all(persoon is not inwoner for _naam, persoon in geadresseerden)
    laatste = dossier.leefzorgplanversies.order_by("-versie").first()
    adres = inwoner.adressen.filter(soort="01").first()
    beslisser = beschikking.vastgesteld_door
    return {
        "b": beschikking,
        "dossier": dossier,
        "gemeente": dossier.gemeente,
        "inwoner": inwoner,
        "adres": adres,
        "aanvragers": [naam for naam, _persoon in geadresseerden],
        "aanhef": aanhef([persoon for _naam, persoon in geadresseerden]),
        "ouders_van": inwoner.volledige_naam if namens else "",
        "horen_reden": bijzin(beschikking.horen_niet_nodig),
        "dagtekening": moment.date(),
        # The letter names the last day to object, counted from its dagtekening as the day of bekendmaking:
        # the PDF is made before the sending is recorded and never changes afterwards, and it goes out on the
        # day it is dated (the recorded bekendmaking keeps the actual date, services.bekendmaking_vastleggen).
        "bezwaar_tot": bezwaar_tot(moment.date()),
        "kenmerk": f"{dossier.gemeente.cbs_code}-{dossier.pk}-{beschikking.pk}",
        "regels": regels,
        "toekenning": beschikking.soort != BeschikkingSoort.AFWIJZING,
        "afwijzing": beschikking.soort != BeschikkingSoort.TOEKENNING,
        "grondslag": grondslag(dossier.gemeente, dossier.domein),
        "onderzoek": getattr(dossier, "onderzoek", None),
        "doelen": [{**d, "termijn": date.fromisoformat(d["termijn"])} for d in (laatste.doelen if laatste else [])],
        "wmo": dossier.domein == "wmo",
        "zin": Bekostiging.ZIN,
        "beslisser": (beslisser.get_full_name() or beslisser.username) if beslisser else "",
        "functie": beslisser.functietitel if beslisser else "",
        "aangemaakt": moment.isoformat(timespec="seconds"),
    }


def render(beschikking: Beschikking) -> bytes:
    return pdf_van_sjabloon(f"verwijzing/beschikking/{beschikking.sjabloon}.html", context(beschikking))


def _voortgang(beschikking_id: int, status: str, procent: int, fout: str = "") -> None:
    Beschikking.objects.filter(pk=beschikking_id).update(
        render_status=status, render_voortgang=procent, render_fout=fout[:300]
    )


def render_and_store(beschikking_id: int) -> str:
    """The Celery task's work: render, then store the PDF and its hash. Progress is visible on the
    dossier page. Rendering again gives the same bytes, so a duplicate task changes nothing."""
    beschikking = Beschikking.objects.select_related("dossier__inwoner", "dossier__gemeente").get(pk=beschikking_id)
    if beschikking.status == BeschikkingStatus.CONCEPT:
        return "concept"
    _voortgang(beschikking_id, RenderStatus.BEZIG, 20)
    try:
        pdf = render(beschikking)
    except Exception as fout:  # a failed render must show on the page, not vanish into a log
        _voortgang(beschikking_id, RenderStatus.FOUT, 0, f"{type(fout).__name__}")
        raise
    _voortgang(beschikking_id, RenderStatus.BEZIG, 80)
    with transaction.atomic():
        Beschikking.objects.filter(pk=beschikking_id).update(
            pdf=pdf,
            pdf_sha256=hashlib.sha256(pdf).hexdigest(),
            render_status=RenderStatus.KLAAR,
            render_voortgang=100,
            render_fout="",
        )
        record(Actie.WIJZIGEN, beschikking, omschrijving=f"PDF gemaakt ({len(pdf)} bytes)")
    return RenderStatus.KLAAR
