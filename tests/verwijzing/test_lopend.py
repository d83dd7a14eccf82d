"""Lopend means running: one definition for stapeling, herindicatie and 315 — the
toewijzingen actual on the peildatum (not ended: the 307's Einddatum, else the einddatum; not deleted,
RedenWijziging 13 / OP087; not replaced, IV066) plus this dossier's own indicaties. And the flag
"mogelijk garantiefase" on a new aanvraag in the toegang (JR-066)."""

from datetime import date, timedelta

import pytest

from accounts.models import Rol
from organisaties.factories import gemeente
from producten.factories import ContractFactory
from producten.models import Product
from regie.lopend import Lopend
from tests.conftest import ingelogde_client, jaren_geleden, maak_gebruiker
from verwijzing.beschikking.services import beschikking_opstellen, beschikking_vaststellen
from verwijzing.factories import DossierFactory, IndicatieFactory, aanvraag_dossier
from verwijzing.indicatie import indicatie_toetsen
from verwijzing.lopend import afgesloten, get_lopend
from verwijzing.melding import herindicatie_starten
from verwijzing.models import Dossier, Status, Toewijzing
from verwijzing.toewijzing import (
    garantiefase_toewijzen,
    omvang_wijzigen,
    start_registreren,
    stop_registreren,
    toewijzing_intrekken,
    toewijzing_verwijderen,
)

pytestmark = pytest.mark.django_db
VANDAAG = date.today()
D = timedelta(days=1)


def _toegekend(code="45L12"):
    """A toegekend Jeugd dossier in Venlo with one toewijzing of `code`, its beslisser and consulent."""
    from inwoners.factories import inwoner_in

    venlo = gemeente("0983")
    consulent = maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True)
    backoffice = maak_gebruiker(Rol.BACKOFFICE, [venlo])
    contract = ContractFactory(product=Product.objects.get(code=code), gemeente=venlo)
    dossier = aanvraag_dossier(
        gemeente=venlo,
        consulent=consulent,
        producten=(code,),
        aanbieder=contract.aanbieder,
        inwoner=inwoner_in(venlo, geboortedatum=jaren_geleden(9, VANDAAG)),
    )
    b = beschikking_opstellen(
        door=backoffice, dossier=dossier, soort="toekenning", toegekend=list(dossier.indicaties.all()), motivering="x"
    )
    beschikking_vaststellen(door=backoffice, beschikking=b)
    return Toewijzing.objects.get(dossier=dossier), backoffice, consulent


def _periode(t, van, tot):
    Toewijzing.objects.filter(pk=t.pk).update(ingangsdatum=van, einddatum=tot)
    t.refresh_from_db()


def _nieuw_dossier(t, consulent):
    return DossierFactory(gemeente=t.gemeente, consulent=consulent, inwoner=t.inwoner, status=Status.INDICATIE)


def _matrix(dossier, code, ingangsdatum, aanbieder=None):
    resultaat = indicatie_toetsen(
        dossier=dossier,
        gegevens={"product": Product.objects.get(code=code), "ingangsdatum": ingangsdatum, "aanbieder": aanbieder},
    )
    return {b.regel for b in resultaat.bevindingen}, resultaat


def _beeindigd(t, beslisser):
    _periode(t, VANDAAG - 400 * D, VANDAAG - 200 * D)


def _gestopt_307(t, beslisser):
    _periode(t, VANDAAG - 300 * D, VANDAAG + 60 * D)
    stop_registreren(toewijzing=t, einddatum=VANDAAG - 200 * D, reden="02", bericht_omschrijving="JW307")


def _ingetrokken(t, beslisser):
    _periode(t, VANDAAG - 400 * D, VANDAAG + 60 * D)
    toewijzing_intrekken(door=beslisser, toewijzing=t, einddatum=VANDAAG - 200 * D, reden="Doelen behaald.")


def _verwijderd(t, beslisser):
    toewijzing_verwijderen(door=beslisser, toewijzing=t, reden="Dubbel ingevoerd.")


def _in_garantiefase_venster(t, beslisser):
    _periode(t, VANDAAG - 300 * D, VANDAAG - 30 * D)


# (what happened to the earlier P1 toewijzing, runs beside a new P1 indicatie?, source)
GEVALLEN = [
    (None, True, "an actual toewijzing runs: Handboek verwijzers jeugdhulp §2.9 (stapelingsmatrix)"),
    (_beeindigd, False, "ended before the new indicatie starts: not running (lopend = running)"),
    (_gestopt_307, False, "care stopped by a 307 (Einddatum): the end of care (JR-064, iJw 307)"),
    (_ingetrokken, False, "ingetrokken: einddatum vervroegd (RedenWijziging 05, OP033x1)"),
    (_verwijderd, False, "verwijderd: never valid, no longer counts (RedenWijziging 13, CS335, OP087)"),
    (_in_garantiefase_venster, False, "ended 30 days ago, inside the garantiefase: ended, flagged instead (JR-066)"),
]


@pytest.mark.parametrize(("toestand", "lopend", "bron"), GEVALLEN, ids=lambda x: getattr(x, "__name__", None))
def test_only_an_actual_toewijzing_runs_beside_a_new_indicatie(toestand, lopend, bron):
    t, beslisser, consulent = _toegekend("45L12")
    if toestand:
        toestand(t, beslisser)
    regels, _r = _matrix(_nieuw_dossier(t, consulent), "45L12", VANDAAG + 7 * D)
    assert ("MATRIX-P1-P1" in regels) is lopend, bron


def test_a_perspectief_1_that_ended_in_2027_does_not_stack_on_a_new_one_in_2029():
    """The reported case: the child whose Perspectief 1 ended in 2027 got MATRIX-P1-P1 on a new indicatie in 2029."""
    t, _b, consulent = _toegekend("45L12")
    _periode(t, date(2027, 1, 4), date(2027, 6, 30))
    regels, _r = _matrix(_nieuw_dossier(t, consulent), "45L12", date(2029, 3, 1))
    assert "MATRIX-P1-P1" not in regels


@pytest.mark.parametrize(
    ("overlap", "bron"),
    [
        (False, "the herindicatie starts the day after the predecessor's end"),
        (True, "the herindicatie is composed to start while its predecessor still runs: it takes over"),
    ],
)
def test_a_herindicatie_of_duurzaam_is_not_blocked_by_its_own_predecessor(overlap, bron):
    """DZ×DZ: Duurzaam next to Duurzaam is niet toegestaan (Handboek verwijzers jeugdhulp §2.9, PR-16),
    but a herindicatie (JR-067: long-term forms such as Duurzaam are always possible) follows its toewijzing."""
    t, _b, consulent = _toegekend("45L02")
    _periode(t, VANDAAG - 300 * D, VANDAAG + 60 * D)
    Dossier.objects.filter(pk=t.dossier_id).update(status=Status.TOEGEKEND)
    nieuw = herindicatie_starten(door=consulent, toewijzing=t)
    Dossier.objects.filter(pk=nieuw.pk).update(status=Status.INDICATIE)
    nieuw.refresh_from_db()
    start = VANDAAG + 30 * D if overlap else t.einddatum + D
    regels, resultaat = _matrix(nieuw, "45L02", start)
    assert "MATRIX-DZ-DZ" not in regels and resultaat.uitkomst != "niet_toegestaan", bron
    assert "JR-066" not in regels, "a herindicatie continues its toewijzing: no return, no garantiefase flag"
    # not a herindicatie: the same overlap is a stapeling
    if overlap:
        regels, _r = _matrix(_nieuw_dossier(t, consulent), "45L02", start)
        assert "MATRIX-DZ-DZ" in regels


def test_indicaties_count_only_in_their_own_dossier_until_they_have_a_toewijzing():
    """Lopend: "plus this dossier's own indicaties"; another open dossier's indicatie runs once toegewezen."""
    t, beslisser, consulent = _toegekend("45L12")
    toewijzing_verwijderen(door=beslisser, toewijzing=t, reden="Dubbel ingevoerd.")
    eigen, ander = _nieuw_dossier(t, consulent), _nieuw_dossier(t, consulent)
    IndicatieFactory(dossier=ander, product=Product.objects.get(code="45L12"))
    assert "MATRIX-P1-P1" not in _matrix(eigen, "45L12", VANDAAG + 7 * D)[0]
    IndicatieFactory(dossier=eigen, product=Product.objects.get(code="45L12"))
    assert "MATRIX-P1-P1" in _matrix(eigen, "45L12", VANDAAG + 7 * D)[0]


def _vervangen(t, beslisser):
    omvang_wijzigen(
        door=beslisser, toewijzing=t, ingangsdatum=t.ingangsdatum + 30 * D, volume=2, frequentie="6", reden="x"
    )
    return Toewijzing.objects.get(vervangt=t)


def _toekomst(t, beslisser):
    _periode(t, VANDAAG + 200 * D, VANDAAG + 400 * D)
    return t


def _opgerekt_garantiefase(t, beslisser):
    _periode(t, VANDAAG - 300 * D, VANDAAG - 30 * D)
    garantiefase_toewijzen(door=beslisser, toewijzing=t, reden="Terugval, zelfde hulpvraag.")
    t.refresh_from_db()
    return t


@pytest.mark.parametrize(
    ("toestand", "bron"),
    [
        (_vervangen, "IV066: the replaced number ended; only its successor runs, once"),
        (_toekomst, "a toewijzing that starts later runs too, with its period for the overlap"),
        (_opgerekt_garantiefase, "JR-065: a toewijzing stretched for the garantiefase runs again"),
    ],
    ids=lambda x: getattr(x, "__name__", None),
)
def test_the_selector_gives_code_aanbieder_and_period(toestand, bron):
    t, beslisser, _c = _toegekend("45L12")
    loopt = toestand(t, beslisser)
    assert get_lopend(t.inwoner, VANDAAG + 7 * D) == [
        Lopend("45L12", t.aanbieder.agb_code, loopt.ingangsdatum, loopt.einddatum)
    ], bron


# (days since the end of the earlier traject, same aanbieder?, flagged?, source)
@pytest.mark.parametrize(
    ("dagen", "zelfde_aanbieder", "gevlagd", "bron"),
    [
        (30, True, True, "JR-066: ended in the last 6 months, same aanbieder, same segment"),
        (30, False, False, "JR-064: the garantiefase is at the same aanbieder"),
        (250, True, False, "JR-064: more than 6 months after the end"),
    ],
)
def test_a_new_aanvraag_in_the_toegang_is_flagged_mogelijk_garantiefase(dagen, zelfde_aanbieder, gevlagd, bron):
    """Handboek verwijzers jeugdhulp §1.1.2.2.2.1 (r. 1886–1894): on every aanvraag, also through the toegang."""
    from organisaties.factories import AanbiederFactory

    t, _b, consulent = _toegekend("45L12")
    _periode(t, VANDAAG - 300 * D, VANDAAG - dagen * D)
    aanbieder = t.aanbieder if zelfde_aanbieder else AanbiederFactory()
    dossier = _nieuw_dossier(t, consulent)
    regels, resultaat = _matrix(dossier, "45L12", VANDAAG + D, aanbieder)
    assert ("JR-066" in regels) is gevlagd, bron
    if gevlagd:
        (vlag,) = [b for b in resultaat.bevindingen if b.regel == "JR-066"]
        assert vlag.uitkomst == "voorwaardelijk" and resultaat.uitkomst != "toegestaan"
        assert f"toewijzing {t.nummer}" in vlag.uitleg and f"{t.einddatum:%d-%m-%Y}" in vlag.uitleg
        # beside the findings while composing (no aanbieder chosen yet: any aanbieder's traject is shown)
        tekst = (
            ingelogde_client(consulent)
            .post(
                f"/dossiers/{dossier.public_id}/indicatie/toets/",
                {"product": Product.objects.get(code="45L12").pk, "ingangsdatum": f"{VANDAAG + D:%Y-%m-%d}"},
                HTTP_HX_REQUEST="true",
            )
            .content.decode()
        )
        assert "Mogelijk garantiefase" in tekst and "Handboek verwijzers jeugdhulp §1.1.2.2.2.1" in tekst


def _start(t, dag):
    start_registreren(toewijzing=t, begindatum=VANDAAG + dag * D, bericht_omschrijving="JW305")


def _stop(t, dag, reden):
    stop_registreren(toewijzing=t, einddatum=VANDAAG + dag * D, reden=reden, bericht_omschrijving="JW307")


# (what the aanbieder reported as (soort, day relative to today, RedenBeeindiging), runs on today + 7?, status shown)
START_STOP = [
    pytest.param([("start", -300, "")], True, "Zorg gestart", id="OP377-gestart-loopt"),
    pytest.param(
        [("start", -300, ""), ("stop", -200, "20")],
        True,
        "Zorg tijdelijk gestopt",
        id="OP377-tijdelijke-stop-loopt-door",
    ),
    pytest.param(
        [("start", -300, ""), ("stop", -200, "02")], False, "Zorg gestopt", id="OP377-definitieve-stop-eindigt"
    ),
    pytest.param(
        [("start", -300, ""), ("stop", -200, "20"), ("stop", -200, "02")],
        False,
        "Zorg gestopt",
        id="OP378-tijdelijk-dan-definitief-eindigt",
    ),
    pytest.param(
        [("start", -300, ""), ("stop", -200, "20"), ("start", -150, "")],
        True,
        "Zorg gestart",
        id="OP379-tijdelijk-dan-herstart",
    ),
    pytest.param(
        [("start", -300, ""), ("stop", -200, "20"), ("start", -150, ""), ("stop", -100, "02")],
        False,
        "Zorg gestopt",
        id="OP379-herstart-dan-definitief-eindigt",
    ),
]


@pytest.mark.parametrize(("meldingen", "lopend", "status"), START_STOP)
def test_a_temporary_stop_does_not_end_the_toewijzing(meldingen, lopend, status):
    """iStandaarden iJw 3.2 OP377-OP379: a StopProduct with RedenBeeindiging 20 is a temporary stop; after it
    the care resumes with a new StartProduct on the same toewijzing (OP379) or a definitive stop follows
    (OP378). Only a definitive stop ends the care; the screens still say "tijdelijk gestopt"."""
    t, _b, _c = _toegekend("45L12")
    _periode(t, VANDAAG - 300 * D, VANDAAG + 60 * D)
    for soort, dag, reden in meldingen:
        _start(t, dag) if soort == "start" else _stop(t, dag, reden)
    t.refresh_from_db()
    verwacht = [Lopend("45L12", t.aanbieder.agb_code, t.ingangsdatum, t.einddatum)] if lopend else []
    assert get_lopend(t.inwoner, VANDAAG + 7 * D) == verwacht
    assert t.status_tekst == status
    # the garantiefase counts from the end of care: a temporarily stopped toewijzing has not ended yet
    einde = afgesloten(t).einde
    assert einde == (t.einddatum if lopend else t.gestopt_op)
