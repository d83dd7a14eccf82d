"""A verzoek om wijziging (317) reads two things, each from its one definition: which toewijzingen it must list
(TR349) and may name (TR350/TR351) — exactly those our 301 carries (OP087, berichten.uitgaand) — and what runs
beside a changed or new product for the stapeling rules — `verwijzing.lopend`, as the 315 and the indicatie do."""

from datetime import date, timedelta

import pytest

from berichten.inkomend import bericht_ontvangen
from berichten.models import Bericht, Wijzigingsverzoek
from berichten.uitgaand import toewijzingen_in_301
from berichten.wijzigingsverzoeken import actuele_toewijzingen, wijzigingsverzoek_honoreren
from istandaard.xml import lees, naar_dict
from producten.eenheden import IJW_EENHEID
from tests.berichten.hulp import _nieuw, _toekenning, _vow, _wijzig
from toegang.fouten import Geweigerd
from verwijzing.models import Toewijzing
from verwijzing.toewijzing import stop_registreren

pytestmark = pytest.mark.django_db
VANDAAG = date.today()
D = timedelta(days=1)


def _codes(bericht) -> set[str]:
    return {f["retourcode"] for f in bericht.fouten}


def _nieuwe_omvang_later(t, backoffice, capture) -> Toewijzing:
    """IV066: a new omvang from 30 days after the start; the old toewijzing runs until the day before."""
    omvang = {"Volume": 2, "Eenheid": IJW_EENHEID[t.eenheid].eenheid, "Frequentie": t.frequentie}
    vanaf = t.ingangsdatum + 30 * D
    with capture(execute=True):
        bericht_ontvangen(_vow(t, te_wijzigen=[_wijzig(t, GewensteIngangsdatum=vanaf, Omvang=omvang)]), kanaal="map")
        wijzigingsverzoek_honoreren(door=backoffice, taak=Wijzigingsverzoek.objects.get(), motivering="Meer hulp.")
    return Toewijzing.objects.get(vervangt=t)


@pytest.mark.parametrize(
    ("noemt_oude", "codes"),
    [
        pytest.param(True, set(), id="TR349-vervangen-toewijzing-loopt-nog-en-staat-in-de-301-houdt"),
        pytest.param(False, {"9349"}, id="TR349-vervangen-toewijzing-weggelaten-breekt"),
    ],
)
def test_tr349_a_317_lists_what_our_301_carries(lopend, django_capture_on_commit_callbacks, noemt_oude, codes):
    """TR349/TR350 (iStandaarden iJw 3.2, bericht 317) with OP087: a toewijzing replaced by a new omvang from a later
    date still runs until its einddatum and is in our 301, so a 317 lists it and may name it."""
    t, backoffice = lopend
    nieuw = _nieuwe_omvang_later(t, backoffice, django_capture_on_commit_callbacks)
    laatste_301 = Bericht.objects.filter(soort="JW301").order_by("-id").first()
    _d, _n, g = naar_dict(lees(bytes(laatste_301.xml)))
    in_301 = {int(p["ToewijzingNummer"]) for p in g["Client"]["ToegewezenProducten"]["ToegewezenProduct"]}
    heen = Bericht.objects.filter(soort="JW317").first()
    assert {x.nummer for x in actuele_toewijzingen(heen, "jeugd", t.inwoner.bsn)} == in_301 == {t.nummer, nieuw.nummer}
    genoemd = [t.nummer, nieuw.nummer] if noemt_oude else [nieuw.nummer]
    bericht = bericht_ontvangen(
        _vow(t, referentie="VOW-2", identificatie="W2", ongewijzigd=genoemd, nieuw=[_nieuw()]), kanaal="map"
    )
    assert _codes(bericht) == codes, bericht.fouten


def test_the_301_and_the_317_share_one_selector(lopend):
    """OP087/TR349: one definition of "actual in the berichtenverkeer" for the 301's content and the 317's checks."""
    t, _bo = lopend
    heen = Bericht.objects.filter(soort="JW301").first()
    een = toewijzingen_in_301(
        gemeente_id=t.gemeente_id, aanbieder_id=t.aanbieder_id, domein="jeugd", inwoner_id=t.inwoner_id
    )
    assert list(actuele_toewijzingen(heen, "jeugd", t.inwoner.bsn)) == list(een) == [t]


def _gestopt(t2):
    """A 307 ended the care 20 days ago; the toewijzing itself still runs on paper (its einddatum is later)."""
    Toewijzing.objects.filter(pk=t2.pk).update(ingangsdatum=VANDAAG - 100 * D, einddatum=VANDAAG + 100 * D)
    stop_registreren(toewijzing=t2, einddatum=VANDAAG - 20 * D, reden="02", bericht_omschrijving="JW307")


def _loopt(t2):
    """As granted."""


@pytest.mark.parametrize(
    ("toestand", "toegewezen"),
    [
        pytest.param(_gestopt, True, id="LOPEND-317-door-307-gestopte-GGZ-loopt-niet-naast-nieuwe-GGZ-JR-064"),
        pytest.param(_loopt, False, id="LOPEND-317-lopende-GGZ-naast-nieuwe-GGZ-MATRIX-niet-toegestaan"),
    ],
)
def test_a_317_new_product_is_judged_beside_what_runs_by_the_one_definition(
    lopend, django_capture_on_commit_callbacks, toestand, toegewezen
):
    """Stapeling (Handboek verwijzers jeugdhulp §2.9, stapelingsmatrix): no GGZ 54L01 beside another GGZ. What runs is
    `verwijzing.lopend`, also at another aanbieder: care a 307 ended no longer runs (JR-064), even while that
    toewijzing's einddatum lies ahead."""
    t, backoffice = lopend
    dossier, _b = _toekenning(t.gemeente, django_capture_on_commit_callbacks, producten=("54L01",), inwoner=t.inwoner)
    t2 = Toewijzing.objects.get(dossier=dossier)
    assert t2.aanbieder_id != t.aanbieder_id
    toestand(t2)
    with django_capture_on_commit_callbacks(execute=True):
        bericht = bericht_ontvangen(_vow(t, ongewijzigd=[t.nummer], nieuw=[_nieuw()]), kanaal="map")
    assert bericht.status == "ontvangen", bericht.fouten
    taak = Wijzigingsverzoek.objects.get()
    if toegewezen:
        wijzigingsverzoek_honoreren(door=backoffice, taak=taak, motivering="GGZ erbij.")
        assert Toewijzing.objects.filter(product__code="54L01", aanbieder=t.aanbieder).exists()
    else:
        with pytest.raises(Geweigerd, match="54L01"):
            wijzigingsverzoek_honoreren(door=backoffice, taak=taak, motivering="GGZ erbij.")
