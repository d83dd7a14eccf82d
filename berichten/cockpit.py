"""What the berichten cockpit shows: every message with its state and the clock that really runs —
ours or the aanbieder's — with overdue ones on top, and the diff of a 301 against the previous one."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date

from django.db.models import Q
from django.utils import timezone

from audit.models import Actie
from audit.services import record
from istandaard.definities.typen import RETOURCODES
from regie.regelset import regelset
from regie.termijnen import REGIO, plus_werkdagen
from toegang.links import link
from verwijzing.models import Toewijzing

from .models import Bericht, BerichtStatus, Richting, Wijzigingsverzoek

ANTWOORD_OP_VERZOEK = 5  # werkdagen: a 301 or 319 on a 315 product (OP274) or a whole 317 (OP346)

# (richting, nummer, status) -> (werkdagen, wiens klok, wat) — OP090 (retour ≤ 3 wd), OP274/OP346
# (answer on a 315/317 ≤ 5 wd).
KLOKKEN = {
    (Richting.UIT, "301", BerichtStatus.VERZONDEN): (3, "aanbieder", "302 verwacht"),
    (Richting.UIT, "319", BerichtStatus.VERZONDEN): (3, "aanbieder", "320 verwacht"),
    (Richting.IN, "315", BerichtStatus.ONTVANGEN): (ANTWOORD_OP_VERZOEK, "gemeente", "301 of 319 sturen"),
    (Richting.IN, "317", BerichtStatus.ONTVANGEN): (ANTWOORD_OP_VERZOEK, "gemeente", "301 of 319 sturen"),
    # Our own retourberichten (OP090): made at once on arrival, so a clock shows only while one is not
    # out yet — a transport failure, or our own validation refused it.
    **{
        (Richting.UIT, nummer, status): (3, "gemeente", "retour versturen")
        for nummer in ("306", "308", "316", "318")
        for status in (BerichtStatus.KLAAR, BerichtStatus.VERZENDEN, BerichtStatus.AFGEKEURD)
    },
}


@dataclass
class Regel:
    bericht: Bericht
    uiterlijk: date | None
    wie: str
    wat: str

    @property
    def te_laat(self) -> bool:
        return bool(self.uiterlijk and self.uiterlijk < timezone.localdate())


def regels(berichten) -> list[Regel]:
    rs = regelset(timezone.localdate())
    werkdagen = rs.feestdagen.get(REGIO, frozenset())
    uit = []
    for b in berichten:
        klok = KLOKKEN.get((b.richting, b.soort[-3:], b.status))
        if klok:
            vanaf = timezone.localtime(b.verzonden_op or b.aangemaakt_op).date()
            uit.append(Regel(b, plus_werkdagen(vanaf, klok[0], werkdagen), klok[1], klok[2]))
        else:
            uit.append(Regel(b, None, "", ""))
    return sorted(uit, key=lambda r: (not r.te_laat, r.uiterlijk is None, r.uiterlijk or date.max, -r.bericht.pk))


def uitleg(fouten: list[dict]) -> list[dict]:
    """Each finding with the Dutch text of its retourcode (iStandaarden iJw/iWmo 3.2, codelijst RetourCode)."""
    return [{**f, "betekenis": RETOURCODES.get(f.get("retourcode", ""), "")} for f in fouten]


def vorige_301(*, gebruiker, bericht: Bericht) -> Bericht | None:
    """The 301 before this one for the same client at the same aanbieder, from the same gemeente (each
    gemeente is its own opdrachtgever, OP087), within what the user may see; its read is audited."""
    if bericht.richting != Richting.UIT or not bericht.soort.endswith("301") or bericht.gemeente_id is None:
        return None
    vorige = (
        Bericht.objects.visible_to(gebruiker)
        .filter(
            richting=Richting.UIT,
            soort=bericht.soort,
            gemeente_id=bericht.gemeente_id,
            inwoner_id=bericht.inwoner_id,
            aanbieder_id=bericht.aanbieder_id,
        )
        .filter(pk__lt=bericht.pk)
        .order_by("-pk")
        .first()
    )
    if vorige is not None:
        record(
            Actie.LEZEN,
            vorige,
            gebruiker=gebruiker,
            omschrijving=f"{vorige.soort} {vorige.identificatie} met XML vergeleken met {bericht.identificatie}",
        )
    return vorige


def verschil(oud: Bericht, nieuw: Bericht) -> str:
    a = bytes(oud.xml).decode("utf-8").splitlines()
    b = bytes(nieuw.xml).decode("utf-8").splitlines()
    return "\n".join(difflib.unified_diff(a, b, f"{oud.identificatie}", f"{nieuw.identificatie}", lineterm="", n=1))


@dataclass
class ToewijzingVanBericht:
    """A toewijzing the message carries, with its own status and a link to its dossier (in scope only)."""

    nummer: int
    product: str
    status: str
    dossier_url: str
    naam: str


def toewijzingen_van(*, gebruiker, bericht: Bericht) -> list[ToewijzingVanBericht]:
    """The toewijzingen of the message that the user may see, each linked to its dossier; the status is
    the toewijzing's own (Toewijzing.status_tekst), so it reads as on the dossier page."""
    welke = Q(berichten=bericht)
    nummers = _genoemd_in_317(bericht)
    if nummers:
        # A verzoek om wijziging names the toewijzingen it is about by number (for this client, at this aanbieder).
        welke |= Q(
            gemeente_id=bericht.gemeente_id,
            aanbieder_id=bericht.aanbieder_id,
            inwoner_id=bericht.inwoner_id,
            nummer__in=nummers,
        )
    rijen = (
        Toewijzing.objects.visible_to(gebruiker)
        .filter(welke)
        .distinct()
        .select_related("product", "dossier__inwoner")
        .order_by("nummer")
    )
    return [
        ToewijzingVanBericht(
            t.nummer,
            f"{t.product.code} {t.product.naam}",
            t.status_tekst,
            link("verwijzing:dossier", public_id=t.dossier.public_id),
            t.dossier.inwoner.volledige_naam,
        )
        for t in rijen
    ]


def _genoemd_in_317(bericht: Bericht) -> list[int]:
    """The toewijzing numbers a received 317 lists (unchanged and to change)."""
    if bericht.richting != Richting.IN or not bericht.soort.endswith("317") or bericht.inwoner_id is None:
        return []
    taak = Wijzigingsverzoek.objects.filter(bericht=bericht).only("gegevens").first()
    verzoek = taak.gegevens if taak else {}
    nummers = []
    groepen = (("OngewijzigdeProducten", "OngewijzigdProduct"), ("TeWijzigenProducten", "TeWijzigenProduct"))
    for groep, element in groepen:
        for product in (verzoek.get(groep) or {}).get(element, []):
            if str(product.get("ToewijzingNummer", "")).isdigit():
                nummers.append(int(product["ToewijzingNummer"]))
    return nummers
