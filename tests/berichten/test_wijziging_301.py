"""What a 301 carries for a changed toewijzing: the moment of the change (IV013) and no stale ReferentieAanbieder
(IV097); after an honoured 317, that verzoek's referentie on every product (IV093, TR379)."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from berichten.inkomend import bericht_ontvangen
from berichten.models import Bericht, Wijzigingsverzoek
from berichten.wijzigingsverzoeken import wijzigingsverzoek_honoreren
from istandaard.xml import lees, naar_dict
from organisaties.factories import gemeente
from producten.eenheden import IJW_EENHEID
from tests.berichten.hulp import _nieuw, _toekenning, _vow, _wijzig
from verwijzing.models import Toewijzing
from verwijzing.toewijzing import omvang_wijzigen, toewijzing_intrekken, toewijzing_oprekken, toewijzing_verwijderen

pytestmark = pytest.mark.django_db
OUD = timezone.make_aware(datetime(2024, 1, 2, 9, 30))


def _intrekken(t, door):
    toewijzing_intrekken(door=door, toewijzing=t, einddatum=t.ingangsdatum + timedelta(days=10), reden="x")


def _oprekken(t, door):
    toewijzing_oprekken(door=door, toewijzing=t, einddatum=t.einddatum + timedelta(days=30), reden="x")


def _verwijderen(t, door):
    toewijzing_verwijderen(door=door, toewijzing=t, reden="x")


def _omvang(t, door):
    per = t.ingangsdatum + timedelta(days=30)
    omvang_wijzigen(door=door, toewijzing=t, ingangsdatum=per, volume=4, frequentie="2", reden="Meer uren.")


def _producten(bericht) -> dict[str, dict]:
    _d, _n, g = naar_dict(lees(bytes(bericht.xml)))
    return {p["ToewijzingNummer"]: p for p in g["Client"]["ToegewezenProducten"]["ToegewezenProduct"]}


@pytest.mark.parametrize(
    "wijzig",
    [
        pytest.param(_intrekken, id="IV013-IV097-intrekken"),
        pytest.param(_oprekken, id="IV013-IV097-oprekken"),
        pytest.param(_verwijderen, id="IV013-IV097-verwijderen"),
        pytest.param(_omvang, id="IV013-IV097-omvang_wijzigen"),
    ],
)
def test_iv013_iv097_a_change_carries_its_own_moment_and_no_old_referentie(
    settings, tmp_path, django_capture_on_commit_callbacks, wijzig
):
    """iStandaarden iJw 3.2 IV013: Toewijzingsdatum/-tijd is the moment the gemeente decided, the most recent one
    is the actual toewijzing (an older one is ignored by the aanbieder). IV097: ReferentieAanbieder only in the 301
    that answers the aanbieder's verzoek; a change the gemeente makes by itself answers none."""
    settings.TOEGANG_BERICHTEN_MAP = tmp_path
    dossier, beslisser = _toekenning(gemeente("0983"), django_capture_on_commit_callbacks)
    t = Toewijzing.objects.get(dossier=dossier)
    Toewijzing.objects.filter(pk=t.pk).update(toewijzingsmoment=OUD, referentie_aanbieder="VOT-oud")
    t.refresh_from_db()
    voor = timezone.now().replace(microsecond=0)
    with django_capture_on_commit_callbacks(execute=True):
        wijzig(t, beslisser)
    p = _producten(Bericht.objects.filter(soort="JW301").latest("pk"))[str(t.nummer)]
    moment = datetime.fromisoformat(f"{p['Toewijzingsdatum']}T{p['Toewijzingstijd']}")
    assert timezone.make_aware(moment) >= voor  # not the old 02-01-2024 09:30
    assert "RedenWijziging" in p and "ReferentieAanbieder" not in p


@pytest.mark.parametrize(
    "soort",
    [
        pytest.param("ongewijzigd", id="IV093-TR379-ongewijzigd_product_met_nieuw_product"),
        pytest.param("gewijzigd", id="IV093-TR379-te_wijzigen_product"),
    ],
)
def test_iv093_tr379_the_301_answering_a_317_carries_its_referentie_on_every_product(
    lopend, django_capture_on_commit_callbacks, soort
):
    """iStandaarden iJw 3.2 IV093: the 301 that honours a verzoek om wijziging holds every toewijzing, each with the
    verzoek's ReferentieAanbieder — an OngewijzigdProduct as well; TR379: the aanbieder matches that 301 to its
    317 by this referentie."""
    t, backoffice = lopend
    if soort == "ongewijzigd":
        vow = _vow(t, referentie="VOW-9", ongewijzigd=[t.nummer], nieuw=[_nieuw()])
    else:
        vow = _vow(t, referentie="VOW-9", te_wijzigen=[_wijzig(t, Einddatum=t.einddatum + timedelta(days=60))])
    with django_capture_on_commit_callbacks(execute=True):
        bericht_ontvangen(vow, kanaal="map")
    voor = set(Bericht.objects.filter(soort="JW301").values_list("pk", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        wijzigingsverzoek_honoreren(door=backoffice, taak=Wijzigingsverzoek.objects.get(), motivering="Nodig.")
    (uit,) = Bericht.objects.filter(soort="JW301").exclude(pk__in=voor)
    producten = _producten(uit)
    assert str(t.nummer) in producten and len(producten) == (2 if soort == "ongewijzigd" else 1)
    assert {p.get("ReferentieAanbieder") for p in producten.values()} == {"VOW-9"}


@pytest.mark.parametrize(
    "groep,omvang",
    [
        pytest.param("te_wijzigen", {"Volume": "2", "Eenheid": "16", "Frequentie": "4"}, id="OP348-IV093-dagdelen"),
        pytest.param("nieuw", {"Volume": "4", "Eenheid": "14", "Frequentie": "6"}, id="OP348-IV093-etmalen_nieuw"),
        pytest.param("nieuw", {"Volume": "10", "Eenheid": "04", "Frequentie": "2"}, id="OP348-IV093-uren_nieuw"),
    ],
)
def test_op348_iv093_an_honoured_317_keeps_the_requested_eenheid_and_frequentie(
    lopend, django_capture_on_commit_callbacks, groep, omvang
):
    """iStandaarden iJw 3.2 OP348/IV093: an honoured verzoek om wijziging is followed one to one — the 301 carries
    the Omvang as asked ("2 dagdelen per maand" stays that, never "2 uur"; "4 etmalen" never "4 stuks (output)")."""
    t, backoffice = lopend
    vanaf = t.ingangsdatum + timedelta(days=30)
    if groep == "te_wijzigen":
        vow = _vow(t, te_wijzigen=[_wijzig(t, GewensteIngangsdatum=vanaf, Omvang=omvang)])
    else:
        vow = _vow(t, ongewijzigd=[t.nummer], nieuw=[{**_nieuw(), "Omvang": omvang}])
    with django_capture_on_commit_callbacks(execute=True):
        bericht_ontvangen(vow, kanaal="map")
    with django_capture_on_commit_callbacks(execute=True):
        wijzigingsverzoek_honoreren(door=backoffice, taak=Wijzigingsverzoek.objects.get(), motivering="Nodig.")
    nieuw = Toewijzing.objects.exclude(pk=t.pk).get()
    p = _producten(Bericht.objects.filter(soort="JW301").latest("pk"))[str(nieuw.nummer)]
    assert p["Omvang"] == omvang


@pytest.mark.parametrize(
    "later,zelfde_nummer",
    [
        pytest.param(False, True, id="IV066-IV093-frequentie6_vanaf_de_ingangsdatum_zelfde_nummer"),
        pytest.param(True, False, id="IV066-frequentie6_vanaf_later_nieuw_nummer"),
    ],
)
def test_iv066_iv093_a_frequentie6_volume_changes_on_the_same_number_from_the_ingangsdatum(
    lopend, django_capture_on_commit_callbacks, later, zelfde_nummer
):
    """iStandaarden iJw 3.2 IV066: the volume of a toewijzing with Frequentie 6 (totaal binnen de geldigheidsduur)
    may change on the same ToewijzingNummer; a 317 asking that from the original ingangsdatum is honoured on that
    number (IV093), not refused as a new omvang that must start later."""
    t, backoffice = lopend
    Toewijzing.objects.filter(pk=t.pk).update(volume=10, frequentie="6")
    t.refresh_from_db()
    omvang = {"Volume": 20, "Eenheid": IJW_EENHEID[t.eenheid].eenheid, "Frequentie": "6"}
    vanaf = t.ingangsdatum + timedelta(days=30) if later else t.ingangsdatum
    with django_capture_on_commit_callbacks(execute=True):
        bericht_ontvangen(_vow(t, te_wijzigen=[_wijzig(t, GewensteIngangsdatum=vanaf, Omvang=omvang)]), kanaal="map")
    with django_capture_on_commit_callbacks(execute=True):
        wijzigingsverzoek_honoreren(door=backoffice, taak=Wijzigingsverzoek.objects.get(), motivering="Nodig.")
    producten = _producten(Bericht.objects.filter(soort="JW301").latest("pk"))
    assert (Toewijzing.objects.count() == 1) is zelfde_nummer
    if zelfde_nummer:
        p = producten[str(t.nummer)]
        verwacht = ("20", "12", t.ingangsdatum.isoformat())
        assert (p["Omvang"]["Volume"], p["RedenWijziging"], p["Ingangsdatum"]) == verwacht


def test_tr379_iv097_the_first_301_after_an_honoured_317_carries_its_referentie_no_more(
    lopend, django_capture_on_commit_callbacks
):
    """iStandaarden iJw 3.2 IV097/TR379: ReferentieAanbieder only in the 301 that answers the verzoek. The next 301,
    caused by the gemeente's own change (here oprekken), resends the products without the 317's referentie — the
    aanbieder would refuse an answered referentie."""
    t, backoffice = lopend
    with django_capture_on_commit_callbacks(execute=True):
        bericht_ontvangen(_vow(t, referentie="VOW-9", ongewijzigd=[t.nummer], nieuw=[_nieuw()]), kanaal="map")
    with django_capture_on_commit_callbacks(execute=True):
        wijzigingsverzoek_honoreren(door=backoffice, taak=Wijzigingsverzoek.objects.get(), motivering="Nodig.")
    antwoord = Bericht.objects.filter(soort="JW301").latest("pk")
    assert {p.get("ReferentieAanbieder") for p in _producten(antwoord).values()} == {"VOW-9"}
    Bericht.objects.filter(pk=antwoord.pk).update(status="retour_ontvangen")  # its 302 came back
    t.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        _oprekken(t, backoffice)
    volgende = Bericht.objects.filter(soort="JW301").latest("pk")
    assert volgende.pk != antwoord.pk
    producten = _producten(volgende)
    assert len(producten) == 2 and all("ReferentieAanbieder" not in p for p in producten.values())
