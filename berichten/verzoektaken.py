"""What the screens for verzoeken om toewijzing (315) show to whoever handles them in a gemeente — the
backoffice, or consulenten where the gemeente configures so (Gemeente.verzoek_*_door): the open verzoeken
with the clock that runs, overdue on top, and one verzoek with each product's advice and form.

The clock (OP274): every product is answered within 5 werkdagen of receipt by a 301 or a 319; a product
"in onderzoek" gets its final answer within 8 weeks of the verzoek's dagtekening."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.http import Http404
from django.utils import timezone

from audit.models import Actie
from audit.services import record
from regie.regelset import regelset
from regie.termijnen import REGIO, plus_werkdagen

from .forms import VerzoekForm
from .models import AangevraagdProduct, Bericht, VerzoekStatus
from .verzoeken import advies, verwijzer_tekst

ANTWOORD_WERKDAGEN = 5  # OP274
DEFINITIEF_BINNEN = timedelta(weeks=8)  # OP274, after a 319 "in onderzoek"
TE_BEANTWOORDEN = (VerzoekStatus.OPEN, VerzoekStatus.IN_ONDERZOEK)


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
    def te_laat(self) -> bool:
        return self.uiterlijk < timezone.localdate()

    @property
    def wacht_op_antwoord(self) -> bool:
        return any(t.status == VerzoekStatus.OPEN for t in self.taken)


def _datum(waarde) -> date | None:
    """A date from the message (ISO text in the stored JSON), for showing as dd-mm-jjjj."""
    return date.fromisoformat(str(waarde)) if waarde else None


def uiterlijk(bericht: Bericht, taken: list[AangevraagdProduct], werkdagen: frozenset) -> date:
    if any(t.status == VerzoekStatus.OPEN for t in taken):
        ontvangen = timezone.localtime(bericht.aangemaakt_op).date()
        return plus_werkdagen(ontvangen, ANTWOORD_WERKDAGEN, werkdagen)
    return (bericht.dagtekening or timezone.localtime(bericht.aangemaakt_op).date()) + DEFINITIEF_BINNEN


def _feestdagen() -> frozenset:
    return regelset(timezone.localdate()).feestdagen.get(REGIO, frozenset())


def _taken(user):
    return (
        AangevraagdProduct.objects.visible_to(user)
        .select_related("bericht__gemeente", "bericht__aanbieder")
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


def verzoek(user, pk: int, gebonden: VerzoekForm | None = None) -> Verzoek:
    """One 315 with all its products (answered ones too) for who handles it; 404 for anyone else, the
    attempt audited. Each product gets its verwijzer as text; one still to answer also the rules module's
    advice (`advies`) and its form (`form`) with the suggested reden filled in; `gebonden` is a submitted
    form shown again with its errors."""
    taken = list(_taken(user).filter(bericht_id=pk))
    if not taken:
        if AangevraagdProduct.objects.filter(bericht_id=pk).exists():
            record(Actie.GEWEIGERD, object_type="berichten.bericht", object_id=str(pk), omschrijving="Buiten scope")
        raise Http404
    v = Verzoek(taken[0].bericht, taken, uiterlijk(taken[0].bericht, taken, _feestdagen()))
    for t in taken:
        t.verwijzer, t.advies, t.form = verwijzer_tekst(t.gegevens), None, None
        t.ingangsdatum = _datum(t.gegevens.get("ToewijzingIngangsdatum"))
        t.einddatum = _datum(t.gegevens.get("ToewijzingEinddatum"))
        eigen = gebonden is not None and gebonden.prefix == f"taak-{t.pk}"
        if t.status not in TE_BEANTWOORDEN and not eigen:  # a refusal ("al beantwoord") still shows
            continue
        t.advies = a = advies(t)
        if eigen:
            form = gebonden
        else:
            form = VerzoekForm(prefix=f"taak-{t.pk}", initial={"reden": a.reden, "gemeente": a.gemeente})
        if t.bericht.domein != "jeugd" or (t.gegevens.get("Verwijzer") or {}).get("Type") == "04":
            form.fields.pop("gi_instemming", None)  # only a Jeugd verwijzing by someone other than the GI
        t.form = form
    return v
