"""What the screens for verzoeken om toewijzing (315) show to whoever handles them in a gemeente — the
backoffice, or consulenten where the gemeente configures so (Gemeente.verzoek_*_door): the open verzoeken
with the clock that runs, overdue on top, and one verzoek with each product's advice and form.

The clock (OP274): every product is answered within 5 werkdagen of receipt by a 301 or a 319; a product
"in onderzoek" gets its final answer within 8 weeks of the verzoek's dagtekening."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property

from audit.models import Actie
from audit.services import record
from istandaard import geboortedatum as datumgebruik
from producten.models import Product
from regie.models import Uitkomst
from regie.regelset import regelset
from regie.termijnen import REGIO, plus_werkdagen

from . import op003
from .afwijking import gevraagd_tekst, omvang_in_woorden, zoals_gevraagd
from .cockpit import ANTWOORD_OP_VERZOEK
from .forms import antwoorden, antwoordformulier
from .models import TE_BEANTWOORDEN, AangevraagdProduct, Bericht, Richting, VerzoekStatus
from .toewijzingsverzoeken import advies, verwijzer_tekst, vraagt_gi

DEFINITIEF_BINNEN = timedelta(weeks=8)  # OP274, after a 319 "in onderzoek"


@dataclass
class Verzoek:
    bericht: Bericht
    taken: list[AangevraagdProduct]
    uiterlijk: date

    @property
    def client(self) -> dict:
        return self.taken[0].client

    @property
    def naam(self) -> str:
        naam = self.client.get("Naam") or {}
        achternaam = naam.get("Geslachtsnaam") or {}
        voornaam = naam.get("Voornamen") or naam.get("Voorletters")
        delen = (voornaam, achternaam.get("Voorvoegsel"), achternaam.get("Achternaam"))
        return " ".join(d for d in delen if d)

    @property
    def geboortedatum(self) -> date | None:
        return _datum((self.client.get("Geboortedatum") or {}).get("Datum"))

    @property
    def geboortedatum_weergave(self) -> str:
        """What the 315 says of the birth date (OP252: "onbekend", "maart 2010 (dag onbekend)"), never 01-01-1900."""
        gb = self.client.get("Geboortedatum") or {}
        return datumgebruik.weergave(self.geboortedatum, str(gb.get("DatumGebruik") or "")) or "–"

    @property
    def te_laat(self) -> bool:
        return self.uiterlijk < timezone.localdate()

    @cached_property
    def geen_berichtenverkeer(self) -> bool:
        """OP003: the client is marked; the verzoek is answered, but by letter, not by a 301 or 319."""
        return op003.gemarkeerde_client(self.client.get("Bsn", "")) is not None

    @property
    def wacht_op_antwoord(self) -> bool:
        return any(t.status == VerzoekStatus.OPEN for t in self.taken)


def _datum(waarde) -> date | None:
    """A date from the message (ISO text in the stored JSON), for showing as dd-mm-jjjj."""
    return date.fromisoformat(str(waarde)) if waarde else None


def uiterlijk(bericht: Bericht, taken: list[AangevraagdProduct], werkdagen: frozenset) -> date:
    if any(t.status == VerzoekStatus.OPEN for t in taken):  # a first answer is due
        ontvangen = timezone.localtime(bericht.aangemaakt_op).date()
        return plus_werkdagen(ontvangen, ANTWOORD_OP_VERZOEK, werkdagen)
    return (bericht.dagtekening or timezone.localtime(bericht.aangemaakt_op).date()) + DEFINITIEF_BINNEN


def _feestdagen() -> frozenset:
    return regelset(timezone.localdate()).feestdagen.get(REGIO, frozenset())


def _taken(user):
    return (
        AangevraagdProduct.objects.visible_to(user)
        .select_related("bericht__gemeente", "bericht__aanbieder", "toewijzing")
        .defer("bericht__xml")
        .order_by("bericht_id", "id")
    )


def open_verzoeken(user) -> list[Verzoek]:
    """Every verzoek with a product still to answer, overdue and soonest due first; one query."""
    groepen: dict[int, list[AangevraagdProduct]] = {}
    for taak in _taken(user).filter(status__in=TE_BEANTWOORDEN):
        groepen.setdefault(taak.bericht_id, []).append(taak)
    feestdagen = _feestdagen()
    verzoeken = [Verzoek(ts[0].bericht, ts, uiterlijk(ts[0].bericht, ts, feestdagen)) for ts in groepen.values()]
    return sorted(verzoeken, key=lambda v: (v.uiterlijk, v.bericht.pk))


ANTWOORDEN = ("toewijzen", "afwijzen", "onderzoek")


def _in_scope(user, pk: int):
    taken = _taken(user).filter(bericht_id=pk)
    if not taken.exists():
        if AangevraagdProduct.objects.filter(bericht_id=pk).exists():
            record(Actie.GEWEIGERD, object_type="berichten.bericht", object_id=str(pk), omschrijving="Buiten scope")
        raise Http404
    return taken


def taak(user, pk: int, taak_pk: int) -> AangevraagdProduct:
    """One product of a 315 for who handles it (the services lock it again); 404 for anyone else."""
    gevonden = _in_scope(user, pk).filter(pk=taak_pk).first()
    if gevonden is None:
        raise Http404
    return gevonden


def formulier(t: AangevraagdProduct, wat: str, **kwargs):
    """The form for one answer on this product, under a prefix of its own (several products on a page). Toewijzen
    knows the catalogue product and what was asked, for an explicit deviation (IV094)."""
    if wat == "toewijzen":
        kwargs.update(
            product=product_van(t), gevraagd={**zoals_gevraagd(t.gegevens), "tekst": gevraagd_tekst(t.gegevens)}
        )
    return antwoordformulier(wat, t.bericht.domein, gi_vraag=vraagt_gi(t), prefix=f"taak-{t.pk}-{wat}", **kwargs)


def product_van(t: AangevraagdProduct) -> Product | None:
    """The catalogue product a 315 product asks for, None when the catalogue has no such code."""
    code = (t.gegevens.get("Product") or {}).get("Code")
    return Product.objects.filter(code=code, domein=t.bericht.domein).first() if code else None


def verzoek(user, pk: int, gebonden=None) -> Verzoek:
    """One 315 with all its products (answered ones too) for who handles it; 404 for anyone else, the
    attempt audited. Each product gets its verwijzer, period and omvang in words; one still to answer also
    the rules module's advice (`advies`) and its answers (`antwoorden`, each with its own form, the
    suggested reden filled in); `gebonden` is a submitted form shown again with its errors."""
    taken = list(_in_scope(user, pk).order_by("id"))
    v = Verzoek(taken[0].bericht, taken, uiterlijk(taken[0].bericht, taken, _feestdagen()))
    for t in taken:
        p = t.gegevens
        omvang = p.get("Omvang") or {}
        t.verwijzer, t.advies, t.antwoorden, t.uitkomst = verwijzer_tekst(p), None, [], ""
        t.ingangsdatum = _datum(p.get("ToewijzingIngangsdatum"))
        t.einddatum = _datum(p.get("ToewijzingEinddatum"))
        t.omvang = (
            omvang_in_woorden(omvang.get("Volume", ""), omvang.get("Eenheid", ""), str(omvang.get("Frequentie", "")))
            if omvang
            else ""
        )
        t.budget = Decimal(int(p["Budget"])) / 100 if p.get("Budget") else None
        t.gevraagd = gevraagd_tekst(p)
        # After a toewijzing: where its 301 stands (a 315 may carry no address: then it waits, afgekeurd).
        t.bericht_301 = (
            t.toewijzing.berichten.filter(richting=Richting.UIT).order_by("-id").first() if t.toewijzing_id else None
        )
        eigen = gebonden is not None and gebonden.prefix.startswith(f"taak-{t.pk}-")
        if not t.te_beantwoorden and not eigen:  # a refusal ("al beantwoord") still shows
            continue
        t.advies = a = advies(t)
        t.uitkomst = Uitkomst(a.uitkomst).label if a.uitkomst in Uitkomst.values else ""
        voorstel = {"afwijzen": {"reden": a.reden, "gemeente": a.gemeente}}
        t.antwoorden = antwoorden(
            t,
            ANTWOORDEN,
            lambda wat, t=t, voorstel=voorstel: formulier(t, wat, initial=voorstel.get(wat)),
            lambda wat, t=t: reverse("berichten:toewijzingsverzoek-beantwoorden", args=[pk, t.pk, wat]),
            gebonden if eigen else None,
        )
    return v
