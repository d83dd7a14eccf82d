"""Toewijzingen: the number sequence, the `toewijzing_vastgesteld` signal (exactly once on commit, none
on rollback), oprekken (OP380), the garantiefase (JR-065), a new number for a changed omvang (IV066),
the Wmo 1A verlenging as a new indicatie (02C02/07C02) and the herindicatie as a new dossier."""

import threading
from datetime import date, timedelta

import pytest
from django.db import connection, transaction

from accounts.models import Rol
from audit.models import Actie, AuditEvent
from organisaties.factories import gemeente
from producten.factories import ContractFactory
from producten.models import Product
from tests.conftest import ingelogde_client, jaren_geleden, maak_gebruiker
from toegang.fouten import Geweigerd
from verwijzing.beschikking.services import beschikking_opstellen, beschikking_vaststellen
from verwijzing.factories import aanvraag_dossier
from verwijzing.indicatie import indicatie_toetsen
from verwijzing.melding import herindicatie_starten
from verwijzing.models import TOEWIJZINGNUMMER_MAX, Dossier, Nummerreeks, Status, Toewijzing
from verwijzing.signals import toewijzing_vastgesteld
from verwijzing.toewijzing import (
    garantiefase_toewijzen,
    omvang_wijzigen,
    toewijzing_intrekken,
    toewijzing_oprekken,
    toewijzing_verwijderen,
    volgend_nummer,
)

pytestmark = pytest.mark.django_db
VANDAAG = date.today()


def _jeugdige(gem, jaren=9):
    from inwoners.factories import inwoner_in

    return inwoner_in(gem, geboortedatum=jaren_geleden(jaren, VANDAAG))


def _toegekend(gem, *, domein="jeugd", code="45L12", jaren=9):
    consulent = maak_gebruiker(Rol.CONSULENT, [gem], domein_jeugd=True, domein_wmo=True)
    backoffice = maak_gebruiker(Rol.BACKOFFICE, [gem])
    contract = ContractFactory(product=Product.objects.get(code=code), gemeente=gem)
    dossier = aanvraag_dossier(
        gemeente=gem,
        consulent=consulent,
        domein=domein,
        producten=(code,),
        aanbieder=contract.aanbieder,
        inwoner=_jeugdige(gem, jaren) if domein == "jeugd" else None,
    )
    beslisser = backoffice if domein == "jeugd" else consulent
    b = beschikking_opstellen(
        door=beslisser, dossier=dossier, soort="toekenning", toegekend=list(dossier.indicaties.all()), motivering="x"
    )
    beschikking_vaststellen(door=beslisser, beschikking=b)
    return Toewijzing.objects.get(dossier=dossier), beslisser, consulent


@pytest.fixture
def signalen():
    ontvangen = []

    def ontvanger(sender, toewijzing, wijziging, **kwargs):
        ontvangen.append((toewijzing.nummer, wijziging))

    toewijzing_vastgesteld.connect(ontvanger)
    yield ontvangen
    toewijzing_vastgesteld.disconnect(ontvanger)


def test_numbers_run_per_gemeente_and_domain():
    """IV013 / iStandaarden iJw/iWmo 3.2, bericht 301: a toewijzingnummer is unique per gemeente (and here per
    domain)."""
    venlo, beesel = gemeente("0983"), gemeente("0889")
    with transaction.atomic():
        assert [volgend_nummer(venlo, "jeugd") for _ in range(3)] == [1, 2, 3]
        assert volgend_nummer(venlo, "wmo") == 1
        assert volgend_nummer(beesel, "jeugd") == 1
    assert Nummerreeks.objects.get(gemeente=venlo, domein="jeugd").laatste == 3


def test_the_sequence_stops_at_nine_digits():
    venlo = gemeente("0983")
    Nummerreeks.objects.create(gemeente=venlo, domein="jeugd", laatste=TOEWIJZINGNUMMER_MAX - 1)
    with transaction.atomic():
        assert volgend_nummer(venlo, "jeugd") == 999_999_999
        with pytest.raises(Geweigerd, match="vol"):
            volgend_nummer(venlo, "jeugd")


def test_exactly_one_signal_on_commit(signalen):
    t, _b, _c = _toegekend(gemeente("0983"))
    assert signalen == [(t.nummer, "nieuw")]
    assert t.status == "klaar_voor_verzending"


def test_no_signal_survives_a_rollback():
    """The signal is sent inside the transaction: what a receiver writes there rolls back with the
    toewijzing, and what it defers to on_commit never runs."""
    venlo = gemeente("0983")
    consulent = maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True)
    backoffice = maak_gebruiker(Rol.BACKOFFICE, [venlo])
    dossier = aanvraag_dossier(gemeente=venlo, consulent=consulent, inwoner=_jeugdige(venlo))
    b = beschikking_opstellen(
        door=backoffice, dossier=dossier, soort="toekenning", toegekend=list(dossier.indicaties.all()), motivering="x"
    )
    na_commit = []

    def ontvanger(sender, toewijzing, wijziging, **kwargs):
        AuditEvent.objects.create(actie=Actie.AANMAKEN, object_type="test.outbox", object_id=str(toewijzing.pk))
        transaction.on_commit(lambda: na_commit.append(toewijzing.nummer))

    toewijzing_vastgesteld.connect(ontvanger)
    try:
        with pytest.raises(RuntimeError), transaction.atomic():
            beschikking_vaststellen(door=backoffice, beschikking=b)
            assert AuditEvent.objects.filter(object_type="test.outbox").count() == 1
            raise RuntimeError("iets anders faalt na het besluit")
    finally:
        toewijzing_vastgesteld.disconnect(ontvanger)
    assert not AuditEvent.objects.filter(object_type="test.outbox").exists()
    assert not Toewijzing.objects.exists()
    assert na_commit == []
    assert Dossier.objects.get(pk=dossier.pk).status == Status.AANVRAAG
    assert not Nummerreeks.objects.filter(laatste__gt=0).exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_decisions_at_once_never_share_a_number():
    venlo = gemeente("0983")
    nummers, fouten = [], []

    def neem():
        try:
            with transaction.atomic():
                nummers.append(volgend_nummer(venlo, "jeugd"))
        except Exception as fout:  # pragma: no cover - reported below
            fouten.append(fout)
        finally:
            connection.close()

    draden = [threading.Thread(target=neem) for _ in range(6)]
    for d in draden:
        d.start()
    for d in draden:
        d.join()
    assert not fouten
    assert sorted(nummers) == [1, 2, 3, 4, 5, 6]


def test_oprekken_keeps_the_number_op380(signalen):
    t, beslisser, _c = _toegekend(gemeente("0983"))
    nieuw_einde = t.einddatum + timedelta(days=60)
    toewijzing_oprekken(door=beslisser, toewijzing=t, einddatum=nieuw_einde, reden="Doelen nog niet bereikt.")
    t.refresh_from_db()
    assert (t.einddatum, t.laatste_wijziging) == (nieuw_einde, "oprekken")
    assert Toewijzing.objects.count() == 1
    assert signalen[-1] == (t.nummer, "oprekken")


@pytest.mark.parametrize(
    ("code", "domein", "jaren", "fout", "bron"),
    [
        (
            "02A02",
            "wmo",
            40,
            "nieuwe indicatie",
            "Handboek Maatwerkdiensten Wmo §5 segment 1A (r. 700–710): verlenging 1A is een aparte indicatie 02C02",
        ),
        (
            "54L51",
            "jeugd",
            9,
            "niet toegestaan",
            "Handboek verwijzers jeugdhulp §3.4.7 (r. 11125–11135): verlenging en herindicatie niet mogelijk",
        ),
    ],
)
def test_a_verlenging_the_product_does_not_allow_is_refused(code, domein, jaren, fout, bron):
    t, beslisser, _c = _toegekend(gemeente("0983"), domein=domein, code=code, jaren=jaren)
    with pytest.raises(Geweigerd, match=fout):
        toewijzing_oprekken(door=beslisser, toewijzing=t, einddatum=t.einddatum + timedelta(days=30), reden="x")
    t.refresh_from_db()
    assert t.laatste_wijziging == "nieuw", bron


def test_oprekken_needs_a_later_date_a_reason_and_the_right_person():
    t, beslisser, consulent = _toegekend(gemeente("0983"))
    with pytest.raises(Geweigerd, match="na de huidige einddatum"):
        toewijzing_oprekken(door=beslisser, toewijzing=t, einddatum=t.einddatum, reden="x")
    with pytest.raises(Geweigerd, match="Motiveer"):
        toewijzing_oprekken(door=beslisser, toewijzing=t, einddatum=t.einddatum + timedelta(days=1), reden=" ")
    with pytest.raises(Geweigerd, match="niet beschikken"):
        toewijzing_oprekken(door=consulent, toewijzing=t, einddatum=t.einddatum + timedelta(days=1), reden="x")


def test_no_garantiefase_for_a_product_without_one():
    t, beslisser, _c = _toegekend(gemeente("0983"), code="54L51")  # Dyslexie behandeling
    with pytest.raises(Geweigerd, match="geen garantiefase"):
        garantiefase_toewijzen(door=beslisser, toewijzing=t, reden="x")


def test_a_changed_omvang_is_a_new_number_iv066(signalen):
    t, beslisser, _c = _toegekend(gemeente("0983"))
    per = t.ingangsdatum + timedelta(days=30)
    nieuw = omvang_wijzigen(
        door=beslisser, toewijzing=t, ingangsdatum=per, volume=4, frequentie="2", reden="Meer uren."
    )
    t.refresh_from_db()
    assert nieuw.nummer != t.nummer and nieuw.vervangt == t
    assert t.einddatum == per - timedelta(days=1) and t.laatste_wijziging == "beeindigd"
    assert (nieuw.ingangsdatum, nieuw.volume, nieuw.frequentie) == (per, 4, "2")
    assert signalen[-2:] == [(t.nummer, "beeindigd"), (nieuw.nummer, "nieuw")]
    # the new number, audited as the beslisser's act (also outside a request)
    assert AuditEvent.objects.filter(actie=Actie.AANMAKEN, object_id=str(nieuw.pk), gebruiker_id=beslisser.pk).exists()
    with pytest.raises(Geweigerd, match="al vervangen"):
        omvang_wijzigen(door=beslisser, toewijzing=t, ingangsdatum=per, volume=5, frequentie="2", reden="x")


def test_a_herindicatie_is_a_new_dossier_linked_to_the_toewijzing_and_wmo_needs_no_matching():
    """Handboek Maatwerkdiensten Wmo §2 (r. 126–128): no matchingsgesprek for a Wmo herindicatie."""
    t, _beslisser, consulent = _toegekend(gemeente("0983"), domein="wmo", code="02A02", jaren=40)
    nieuw = herindicatie_starten(door=consulent, toewijzing=t)
    assert nieuw.herindicatie_van == t and nieuw.status == Status.MELDING and nieuw.inwoner_id == t.inwoner_id
    with pytest.raises(Geweigerd, match="al een herindicatie"):
        herindicatie_starten(door=consulent, toewijzing=t)
    Dossier.objects.filter(pk=nieuw.pk).update(status=Status.INDICATIE)
    nieuw.refresh_from_db()
    resultaat = indicatie_toetsen(
        dossier=nieuw,
        gegevens={"product": Product.objects.get(code="02A02"), "ingangsdatum": VANDAAG + timedelta(days=10)},
    )
    matching = next(b for b in resultaat.bevindingen if b.regel.startswith("MATCHING"))
    assert matching.extra["matchingsgesprek"] is False


@pytest.mark.parametrize(
    ("toestand", "bron"),
    [
        ("verwijderd", "RedenWijziging 13 / CS335, OP087: a deleted toewijzing never was valid"),
        ("vervangen", "IV066: a new omvang is a new toewijzing; the old one ended"),
    ],
)
@pytest.mark.parametrize("wijziging", ["oprekken", "garantiefase", "omvang", "intrekken", "verwijderen"])
def test_only_an_actual_toewijzing_changes(toestand, bron, wijziging):
    t, beslisser, _c = _toegekend(gemeente("0983"))
    if toestand == "verwijderd":
        toewijzing_verwijderen(door=beslisser, toewijzing=t, reden="Dubbel ingevoerd.")
    else:
        omvang_wijzigen(
            door=beslisser,
            toewijzing=t,
            ingangsdatum=t.ingangsdatum + timedelta(days=30),
            volume=4,
            frequentie="2",
            reden="Meer uren.",
        )
    t.refresh_from_db()
    voor = (t.einddatum, t.laatste_wijziging, Toewijzing.objects.count())
    doe = {
        "oprekken": lambda: toewijzing_oprekken(
            door=beslisser, toewijzing=t, einddatum=t.einddatum + timedelta(days=60), reden="x"
        ),
        "garantiefase": lambda: garantiefase_toewijzen(door=beslisser, toewijzing=t, reden="x"),
        "omvang": lambda: omvang_wijzigen(
            door=beslisser,
            toewijzing=t,
            ingangsdatum=t.ingangsdatum + timedelta(days=1),
            volume=9,
            frequentie="2",
            reden="x",
        ),
        "intrekken": lambda: toewijzing_intrekken(door=beslisser, toewijzing=t, einddatum=t.ingangsdatum, reden="x"),
        "verwijderen": lambda: toewijzing_verwijderen(door=beslisser, toewijzing=t, reden="x"),
    }[wijziging]
    with pytest.raises(
        Geweigerd,
        match="verwijderd: zij heeft nooit gegolden" if toestand == "verwijderd" else "al vervangen door toewijzing",
    ):
        doe()
    t.refresh_from_db()
    assert (t.einddatum, t.laatste_wijziging, Toewijzing.objects.count()) == voor, bron


# (original frequentie, new volume, new frequentie, days after the ingangsdatum, same number?, RedenWijziging)
OMVANG = [
    pytest.param(
        "6", 20, "6", 0, True, "04", id="IV066-omvang_wijzigen-frequentie6-meer-vanaf-ingangsdatum-zelfde-nummer"
    ),
    pytest.param(
        "6", 5, "6", 0, True, "05", id="IV066-omvang_wijzigen-frequentie6-minder-vanaf-ingangsdatum-zelfde-nummer"
    ),
    pytest.param("6", 20, "6", 30, False, "05", id="IV066-omvang_wijzigen-frequentie6-vanaf-later-nieuw-nummer"),
    pytest.param("2", 4, "2", 30, False, "05", id="IV066-omvang_wijzigen-per-week-nieuw-nummer"),
    pytest.param("6", 4, "2", 0, None, None, id="IV066-omvang_wijzigen-andere-frequentie-vanaf-ingangsdatum-geweigerd"),
]


@pytest.mark.parametrize(("oud", "volume", "frequentie", "dagen", "zelfde", "reden_wijziging"), OMVANG)
def test_a_frequentie6_volume_from_the_ingangsdatum_stays_on_its_number_iv066(
    oud, volume, frequentie, dagen, zelfde, reden_wijziging
):
    """iStandaarden iJw 3.2 IV066/OP033x1: the Volume of a toewijzing with Frequentie 6 (totaal binnen de
    geldigheidsduur) changes on the same ToewijzingNummer when it holds from the original ingangsdatum; the 301
    sends it with a RedenWijziging. Any other change of omvang, or one from a later date, ends the number (the
    old one's RedenWijziging 05) and makes a new one."""
    t, beslisser, _c = _toegekend(gemeente("0983"))
    Toewijzing.objects.filter(pk=t.pk).update(volume=10, frequentie=oud)
    t.refresh_from_db()
    gezonden = []

    def ontvanger(sender, toewijzing, wijziging, reden_wijziging="", **kwargs):
        gezonden.append((toewijzing.nummer, reden_wijziging or {"beeindigd": "05"}.get(wijziging, "")))

    toewijzing_vastgesteld.connect(ontvanger)
    try:
        wijzig = dict(door=beslisser, toewijzing=t, volume=volume, frequentie=frequentie, reden="Afgesproken.")
        if zelfde is None:
            with pytest.raises(Geweigerd, match="na de ingangsdatum"):
                omvang_wijzigen(**wijzig, ingangsdatum=t.ingangsdatum)
            return
        uit = omvang_wijzigen(**wijzig, ingangsdatum=t.ingangsdatum + timedelta(days=dagen))
    finally:
        toewijzing_vastgesteld.disconnect(ontvanger)
    t.refresh_from_db()
    assert (uit.nummer == t.nummer) is zelfde
    assert (t.nummer, reden_wijziging) in gezonden
    if zelfde:
        assert Toewijzing.objects.filter(dossier=t.dossier).count() == 1
        assert (t.volume, t.frequentie, t.einddatum, t.laatste_wijziging) == (volume, "6", uit.einddatum, "nieuw")
        assert AuditEvent.objects.filter(actie=Actie.WIJZIGEN, object_id=str(t.pk), reden="Afgesproken.").exists()
    else:
        assert uit.vervangt == t and (uit.volume, uit.frequentie) == (volume, frequentie)


@pytest.mark.parametrize(
    ("dagen", "melding"),
    [
        pytest.param(
            0, "Het volume is gewijzigd op hetzelfde toewijzingnummer.", id="IV066-omvang_wijzigen-scherm-zelfde-nummer"
        ),
        pytest.param(
            30, "De omvang is gewijzigd: er is een nieuwe toewijzing.", id="IV066-omvang_wijzigen-scherm-nieuw-nummer"
        ),
    ],
)
def test_the_screen_says_whether_the_number_stayed_iv066(dagen, melding):
    """iStandaarden iJw 3.2 IV066: the beslisser reads which of the two happened."""
    t, beslisser, _c = _toegekend(gemeente("0983"))
    Toewijzing.objects.filter(pk=t.pk).update(volume=10, frequentie="6")
    pagina = f"/dossiers/{t.dossier.public_id}/toewijzing/{t.public_id}/"
    gegevens = {
        "omvang-ingangsdatum": (t.ingangsdatum + timedelta(days=dagen)).isoformat(),
        "omvang-volume": "12",
        "omvang-frequentie": "6",
        "omvang-reden": "Afgesproken met de aanbieder.",
    }
    antwoord = ingelogde_client(beslisser).post(f"{pagina}omvang/", gegevens, follow=True)
    assert melding in antwoord.content.decode()
