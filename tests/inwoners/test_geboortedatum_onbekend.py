"""A (partly) unknown birth date on the inwoner (iJw/iWmo OP252, IV009, CS139): the consulent says what is known,
it is kept as the standard carries it (unknown parts 01 / 1900), and every screen shows what is known, never
01-01-1900."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from inwoners.factories import InwonerFactory, inwoner_in
from inwoners.models import Inwoner
from tests.inwoners.test_zoeken_en_registreren import GOED

pytestmark = pytest.mark.django_db
D = date.fromisoformat


# (what the consulent types, what he chooses, stored date, stored DatumGebruik, what the detail page shows, source)
REGISTRATIES = [
    ("2012-03-04", "", "2012-03-04", "", "04-03-2012", "OP252-bekend"),
    ("2012-03-14", "1", "2012-03-01", "1", "maart 2012 (dag onbekend)", "OP252-IV009-dag-onbekend"),
    ("2012-07-14", "2", "2012-01-01", "2", "2012 (dag en maand onbekend)", "OP252-IV009-dag-en-maand-onbekend"),
    ("", "3", "1900-01-01", "3", "onbekend", "OP252-IV009-geheel-onbekend"),
    ("2012-03-04", "3", "1900-01-01", "3", "onbekend", "OP252-IV009-onbekend-wint-van-een-getypte-datum"),
]


@pytest.mark.parametrize(
    ("getypt", "gebruik", "datum", "opgeslagen", "getoond"),
    [r[:5] for r in REGISTRATIES],
    ids=[r[5] for r in REGISTRATIES],
)
def test_registering_an_inwoner_with_a_partly_unknown_birth_date(
    client_consulent, venlo, getypt, gebruik, datum, opgeslagen, getoond
):
    velden = {**GOED, "geboortedatum": getypt, "geboortedatum_gebruik": gebruik}
    response = client_consulent.post("/inwoners/nieuw/", {**velden, "gemeente": venlo.pk, "woongemeente": venlo.pk})
    assert response.status_code == 302, response.content.decode()[:2000]
    inwoner = Inwoner.objects.get(bsn=GOED["bsn"])
    assert (inwoner.geboortedatum, inwoner.geboortedatum_gebruik) == (D(datum), opgeslagen)
    tekst = client_consulent.get(f"/inwoners/{inwoner.public_id}/").content.decode()
    assert getoond in tekst
    assert "01-01-1900" not in tekst and "1900" not in tekst


def test_an_empty_birth_date_needs_the_choice_onbekend(client_consulent, venlo):
    """OP252: an unknown birth date is said, not left out by accident."""
    velden = {**GOED, "geboortedatum": "", "geboortedatum_gebruik": "", "gemeente": venlo.pk, "woongemeente": venlo.pk}
    response = client_consulent.post("/inwoners/nieuw/", velden)
    assert response.status_code == 400
    assert "Niets: de geboortedatum is onbekend" in response.content.decode()
    assert not Inwoner.objects.exists()


def test_the_form_offers_the_choice_in_dutch(client_consulent):
    html = client_consulent.get("/inwoners/nieuw/").content.decode()
    for tekst in (
        "Welk deel van de datum is bekend?",
        "Alleen de maand en het jaar (de dag is onbekend)",
        "Alleen het jaar (dag en maand zijn onbekend)",
        "Niets: de geboortedatum is onbekend",
    ):
        assert tekst in html


@pytest.mark.parametrize(
    ("velden", "datum", "gebruik"),
    [
        ({"geboortedatum": "", "geboortedatum_gebruik": "3"}, "1900-01-01", "3"),
        ({"geboortedatum": "2011-05-20", "geboortedatum_gebruik": "2"}, "2011-01-01", "2"),
        ({"geboortedatum": "2011-05-20", "geboortedatum_gebruik": ""}, "2011-05-20", ""),
    ],
    ids=["OP252-corrigeren-naar-onbekend", "OP252-corrigeren-naar-jaar", "OP252-corrigeren-naar-bekend"],
)
def test_correcting_the_birth_date(client_consulent, consulent, venlo, velden, datum, gebruik):
    inwoner = inwoner_in(venlo, voor=consulent, geboortedatum=D("2011-05-20"))
    data = {"naamgebruik": "1", "bron": "consulent", "reden": "Paspoort gezien", **velden}
    response = client_consulent.post(f"/inwoners/{inwoner.public_id}/wijzigen/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    inwoner.refresh_from_db()
    assert (inwoner.geboortedatum, inwoner.geboortedatum_gebruik) == (D(datum), gebruik)
    if gebruik:
        assert "geboortedatum_gebruik" in inwoner.herkomst
    # the correction form shows an unknown birth date as an empty field, never 01-01-1900
    assert "1900-01-01" not in client_consulent.get(f"/inwoners/{inwoner.public_id}/wijzigen/").content.decode()


@pytest.mark.parametrize(
    ("datum", "gebruik"),
    [("2010-03-14", "1"), ("2010-03-01", "2"), ("2010-01-01", "3"), ("1900-01-02", "3")],
    ids=["CS139-dag-niet-01", "CS139-maand-niet-01", "CS139-onbekend-niet-1900", "CS139-onbekend-dag-02"],
)
def test_the_database_keeps_date_and_datumgebruik_in_agreement(datum, gebruik):
    with pytest.raises(IntegrityError), transaction.atomic():
        InwonerFactory(geboortedatum=D(datum), geboortedatum_gebruik=gebruik)


# (birth date, DatumGebruik, peildatum, leeftijden, jeugdige)
LEEFTIJDEN = [
    ("2008-06-15", "", "2026-06-14", (17, 17), True),
    ("2008-06-01", "1", "2026-06-14", (17, 18), None),  # June 2008: 18 from 1 to 30 June 2026
    ("2008-06-01", "1", "2026-07-01", (18, 18), False),
    ("2008-01-01", "2", "2026-06-14", (17, 18), None),
    ("2008-01-01", "2", "2025-12-30", (16, 17), True),
    ("1900-01-01", "3", "2026-06-14", None, None),
]


@pytest.mark.parametrize(
    ("datum", "gebruik", "peildatum", "leeftijden", "jeugdige"),
    LEEFTIJDEN,
    ids=[f"OP252-{g or 'bekend'}-{p}" for _d, g, p, _l, _j in LEEFTIJDEN],
)
def test_the_age_from_what_is_known(datum, gebruik, peildatum, leeftijden, jeugdige):
    inwoner = Inwoner(geboortedatum=D(datum), geboortedatum_gebruik=gebruik)
    assert inwoner.leeftijden_op(D(peildatum)) == leeftijden
    assert inwoner.is_jeugdige_op(D(peildatum)) is jeugdige


def test_the_detail_page_says_leeftijd_onbekend(client_consulent, consulent, venlo):
    inwoner = inwoner_in(venlo, voor=consulent, geboortedatum=D("1900-01-01"), geboortedatum_gebruik="3")
    tekst = client_consulent.get(f"/inwoners/{inwoner.public_id}/").content.decode()
    assert "leeftijd onbekend" in tekst and "volwassene" not in tekst


@pytest.mark.parametrize(
    ("datum", "gebruik", "gezocht", "gevonden"),
    [
        ("2012-03-04", "", "2012-03-04", True),
        ("2012-03-01", "1", "2012-03-17", True),
        ("2012-03-01", "1", "2012-04-01", False),
        ("2012-01-01", "2", "2012-11-30", True),
        ("1900-01-01", "3", "1900-01-01", False),
    ],
    ids=[
        "OP252-zoeken-bekend",
        "OP252-zoeken-in-de-maand",
        "OP252-zoeken-andere-maand",
        "OP252-zoeken-in-het-jaar",
        "OP252-zoeken-onbekend-is-geen-1900",
    ],
)
def test_searching_by_birth_date_finds_who_may_be_born_then(
    client_consulent, consulent, venlo, datum, gebruik, gezocht, gevonden
):
    inwoner = inwoner_in(venlo, voor=consulent, geboortedatum=D(datum), geboortedatum_gebruik=gebruik)
    tekst = client_consulent.post("/inwoners/zoeken/", {"geboortedatum": gezocht}).content.decode()
    assert (str(inwoner.public_id) in tekst) is gevonden
