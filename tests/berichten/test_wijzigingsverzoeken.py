"""A verzoek om wijziging (317): checked against the stored toewijzingen (TR304, TR347, TR349, TR350,
TR351, TR374; iStandaarden iJw/iWmo 3.2, bericht 317), answered with a 318 at once, then one backoffice task answered as
a whole (OP348): granted → a gewijzigde beschikking and one 301 with RedenWijziging 12 and the
ReferentieAanbieder (IV093); or a 319 afgewezen / in onderzoek (319)."""

import io
from datetime import date, timedelta

import pytest
from pypdf import PdfReader

from berichten.inkomend import bericht_ontvangen
from berichten.models import Bericht, Wijzigingsverzoek
from berichten.wijzigingsverzoeken import wijzigingsverzoek_honoreren, wijzigingsverzoek_met_319_beantwoorden
from istandaard.xml import lees, naar_dict
from producten.eenheden import IJW_EENHEID
from tests.berichten.hulp import _nieuw, _vow, _wijzig
from tests.conftest import ingelogde_client
from toegang.fouten import Geweigerd
from verwijzing.models import Beschikking, Toewijzing

pytestmark = pytest.mark.django_db
VANDAAG = date.today()


def _codes(bericht) -> set[str]:
    return {f["retourcode"] for f in bericht.fouten}


def test_a_317_becomes_one_task_with_a_318_receipt(lopend, django_capture_on_commit_callbacks):
    t, _bo = lopend
    with django_capture_on_commit_callbacks(execute=True):
        bericht = bericht_ontvangen(
            _vow(t, te_wijzigen=[_wijzig(t, Einddatum=t.einddatum + timedelta(days=90))]), kanaal="map"
        )
    assert bericht.status == "ontvangen" and bericht.inwoner_id == t.inwoner_id
    taak = Wijzigingsverzoek.objects.get()
    assert (taak.referentie, taak.status) == ("VOW-1", "open")
    retour = Bericht.objects.get(soort="JW318")
    assert retour.status == "verzonden" and retour.retour_van_id == bericht.pk


@pytest.mark.parametrize(
    ("geval", "code", "bron"),
    [
        ("onbekende_bsn", "8187", "iStandaarden iJw/iWmo 3.2, bericht 317 TR304: BSN not known"),
        ("niet_alles", "9349", "317 TR349: every actual toewijzing in Ongewijzigd or TeWijzigen"),
        ("ongewijzigd_onbekend", "9350", "317 TR350: OngewijzigdProduct is an actual toewijzing"),
        ("te_wijzigen_onbekend", "9351", "317 TR351: TeWijzigenProduct is an actual toewijzing"),
        ("referentie_dubbel", "9347", "317 TR347: ReferentieAanbieder unique per aanbieder"),
        ("al_onderhanden", "9374", "315/317 TR374, OP350: no second verzoek while one is pending"),
    ],
)
def test_a_317_that_breaks_a_rule_gets_its_code_and_changes_nothing(
    lopend, django_capture_on_commit_callbacks, geval, code, bron
):
    t, _bo = lopend
    later = _wijzig(t, Einddatum=t.einddatum + timedelta(days=90))
    if geval in {"referentie_dubbel", "al_onderhanden"}:
        bericht_ontvangen(_vow(t, te_wijzigen=[later]), kanaal="map")
    xml = {
        "onbekende_bsn": lambda: _vow(t, te_wijzigen=[later], bsn="999990019"),
        "niet_alles": lambda: _vow(t, ongewijzigd=[999_999], nieuw=[_nieuw()]),  # TR352 keeps (one listed)
        "ongewijzigd_onbekend": lambda: _vow(t, ongewijzigd=[t.nummer, 999_999], nieuw=[_nieuw()]),  # TR353 keeps
        "te_wijzigen_onbekend": lambda: _vow(
            t, ongewijzigd=[t.nummer], te_wijzigen=[{**later, "ToewijzingNummer": 999_999}]
        ),
        "referentie_dubbel": lambda: _vow(t, identificatie="W2", te_wijzigen=[later]),
        "al_onderhanden": lambda: _vow(t, referentie="VOW-2", identificatie="W2", te_wijzigen=[later]),
    }[geval]()
    taken = Wijzigingsverzoek.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        bericht = bericht_ontvangen(xml, kanaal="map")
    assert bericht.status == "afgekeurd" and code in _codes(bericht), bron
    assert Wijzigingsverzoek.objects.count() == taken
    # the 318 carries the code on the class it belongs to (IV028)
    retour = Bericht.objects.filter(soort="JW318", retour_van=bericht).get()
    assert code.encode() in bytes(retour.xml)
    t.refresh_from_db()
    assert t.laatste_wijziging == "nieuw"


def test_granted_it_is_a_gewijzigde_beschikking_and_one_301_with_reden_12(lopend, django_capture_on_commit_callbacks):
    t, backoffice = lopend
    nieuwe_eind = t.einddatum + timedelta(days=90)
    with django_capture_on_commit_callbacks(execute=True):
        bericht_ontvangen(_vow(t, te_wijzigen=[_wijzig(t, Einddatum=nieuwe_eind)], nieuw=[_nieuw()]), kanaal="map")
    taak = Wijzigingsverzoek.objects.get()
    voor = Bericht.objects.filter(soort="JW301").count()
    with django_capture_on_commit_callbacks(execute=True):
        beschikking = wijzigingsverzoek_honoreren(
            door=backoffice, taak=taak, motivering="De situatie thuis is veranderd."
        )
    t.refresh_from_db()
    assert (t.einddatum, t.laatste_wijziging, t.referentie_aanbieder) == (nieuwe_eind, "op_verzoek", "VOW-1")
    erbij = Toewijzing.objects.get(product__code="54L01")
    assert erbij.referentie_aanbieder == "VOW-1" and erbij.nummer != t.nummer
    assert beschikking.wijzigt == Beschikking.objects.exclude(pk=beschikking.pk).get()
    beschikking.refresh_from_db()
    assert beschikking.render_status == "klaar"
    tekst = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(bytes(beschikking.pdf))).pages)
    assert "wij wijzigen de toegekende hulp" in tekst and "Dit besluit wijzigt ons besluit van" in tekst
    assert "54L01" in tekst and "45L12" in tekst  # the dictum: the changed and the new product
    (uit,) = Bericht.objects.filter(soort="JW301").order_by("-pk")[
        : Bericht.objects.filter(soort="JW301").count() - voor
    ]
    _d, _n, g = naar_dict(lees(bytes(uit.xml)))
    producten = {p["ToewijzingNummer"]: p for p in g["Client"]["ToegewezenProducten"]["ToegewezenProduct"]}
    assert producten[str(t.nummer)]["RedenWijziging"] == "12"  # IV093
    assert "RedenWijziging" not in producten[str(erbij.nummer)]  # IV099: a new toewijzing carries none
    assert {p["ReferentieAanbieder"] for p in producten.values()} == {"VOW-1"}
    taak.refresh_from_db()
    assert taak.status == "toegewezen" and taak.bericht.status == "verwerkt"


def test_a_changed_omvang_is_a_new_number_from_the_gewenste_ingangsdatum(lopend, django_capture_on_commit_callbacks):
    t, backoffice = lopend
    vanaf, eind = t.ingangsdatum + timedelta(days=30), t.einddatum
    omvang = {"Volume": 2, "Eenheid": IJW_EENHEID[t.eenheid].eenheid, "Frequentie": t.frequentie}
    with django_capture_on_commit_callbacks(execute=True):
        bericht_ontvangen(_vow(t, te_wijzigen=[_wijzig(t, GewensteIngangsdatum=vanaf, Omvang=omvang)]), kanaal="map")
    with django_capture_on_commit_callbacks(execute=True):
        wijzigingsverzoek_honoreren(
            door=backoffice, taak=Wijzigingsverzoek.objects.get(), motivering="Meer hulp nodig."
        )
    t.refresh_from_db()
    nieuw = Toewijzing.objects.get(vervangt=t)
    assert t.einddatum == vanaf - timedelta(days=1)  # IV066: the old one ends the day before
    assert (nieuw.volume, nieuw.ingangsdatum, nieuw.einddatum) == (2, vanaf, eind)


def test_a_refused_change_changes_nothing_and_a_319_answers_the_whole_verzoek(
    lopend, django_capture_on_commit_callbacks
):
    t, backoffice = lopend
    andere_start = _wijzig(t, GewensteIngangsdatum=t.ingangsdatum + timedelta(days=3))
    with django_capture_on_commit_callbacks(execute=True):
        bericht_ontvangen(_vow(t, te_wijzigen=[andere_start]), kanaal="map")
    taak = Wijzigingsverzoek.objects.get()
    beschikkingen = Beschikking.objects.count()
    with pytest.raises(Geweigerd, match="ingangsdatum"):
        wijzigingsverzoek_honoreren(door=backoffice, taak=taak, motivering="x")
    assert Beschikking.objects.count() == beschikkingen
    with django_capture_on_commit_callbacks(execute=True):
        onderzoek = wijzigingsverzoek_met_319_beantwoorden(door=backoffice, taak=taak, antwoord="2")
    with pytest.raises(Geweigerd, match="TR360"):
        wijzigingsverzoek_met_319_beantwoorden(door=backoffice, taak=taak, antwoord="2")
    with django_capture_on_commit_callbacks(execute=True):
        afwijzing = wijzigingsverzoek_met_319_beantwoorden(door=backoffice, taak=taak, antwoord="1", reden="7")
    _d, _n, g = naar_dict(lees(bytes(afwijzing.xml)))
    assert (g["Antwoord"]["ReferentieAanbieder"], g["Antwoord"]["VerzoekAntwoord"]) == ("VOW-1", "1")
    assert (
        Bericht.objects.get(pk=onderzoek.pk).status == "verzonden"
        and Bericht.objects.get(pk=afwijzing.pk).status == "verzonden"
    )
    taak.refresh_from_db()
    assert taak.status == "afgewezen"


def test_the_backoffice_answers_a_317_in_the_cockpit(lopend, django_capture_on_commit_callbacks):
    t, backoffice = lopend
    with django_capture_on_commit_callbacks(execute=True):
        bericht = bericht_ontvangen(
            _vow(t, te_wijzigen=[_wijzig(t, Einddatum=t.einddatum + timedelta(days=30))]), kanaal="map"
        )
    client = ingelogde_client(backoffice)
    pagina = client.get(f"/berichten/{bericht.pk}/").content.decode()
    assert "Verzoek om wijziging" in pagina and str(t.nummer) in pagina
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(
            f"/berichten/{bericht.pk}/wijziging/honoreren/",
            {"wijziging-honoreren-motivering": "Akkoord met de verlenging."},
            follow=True,
        )
    assert "gewijzigde beschikking" in r.content.decode()
    assert Wijzigingsverzoek.objects.get().status == "toegewezen"
