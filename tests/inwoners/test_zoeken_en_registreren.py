"""Search within scope by POST, the out-of-scope step, and registration with Dutch errors."""

import logging

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Rol
from audit.models import Actie, AuditEvent
from inwoners.factories import RelatieFactory, inwoner_in
from inwoners.models import Adres, Betrokkenheid, Inwoner
from tests.conftest import ingelogde_client, jaren_geleden, maak_gebruiker

pytestmark = pytest.mark.django_db


def test_search_by_bsn_finds_an_inwoner_in_scope(client_consulent, consulent, venlo):
    inwoner = inwoner_in(venlo, voor=consulent)
    response = client_consulent.post("/inwoners/zoeken/", {"bsn": inwoner.bsn})
    assert response.status_code == 200
    assert inwoner.volledige_naam in response.content.decode()
    event = AuditEvent.objects.get(actie=Actie.ZOEKEN)
    assert inwoner.bsn not in event.omschrijving and "bsn" in event.omschrijving


def test_search_by_name_and_geboortedatum(client_consulent, consulent, venlo):
    inwoner = inwoner_in(venlo, voor=consulent, geslachtsnaam="Verhoeven")
    ander = inwoner_in(venlo, voor=consulent, geslachtsnaam="Janssen")
    response = client_consulent.post(
        "/inwoners/zoeken/", {"geslachtsnaam": "verhoe", "geboortedatum": inwoner.geboortedatum.isoformat()}
    )
    tekst = response.content.decode()
    # Each hit links to its inwoner's page. Not the names: the logged-in consulent's random Faker name
    # is on the page too, and one like "Janssens" or "Verhoeven" made this test fail or pass by chance.
    assert f"/inwoners/{inwoner.public_id}/" in tekst
    assert f"/inwoners/{ander.public_id}/" not in tekst


@pytest.mark.parametrize(
    ("data", "melding"),
    [
        ({"bsn": "123456789"}, "de elfproef klopt niet"),
        ({"bsn": "1234"}, "precies 9 cijfers"),
        ({"geboortedatum": "2999-01-01"}, "De geboortedatum ligt in de toekomst."),
        ({"geboortedatum": "2020-02-30"}, "Vul een bestaande datum in"),
        ({}, "Vul een BSN, een achternaam of een geboortedatum in."),
    ],
)
def test_bad_search_input_gets_a_dutch_message(client_consulent, data, melding):
    response = client_consulent.post("/inwoners/zoeken/", data)
    assert response.status_code == 400
    assert melding in response.content.decode()
    assert not AuditEvent.objects.filter(actie=Actie.ZOEKEN).exists()


def test_search_is_post_only_so_no_bsn_reaches_a_url(client_consulent, venlo, caplog):
    inwoner = inwoner_in(venlo)
    with caplog.at_level(logging.DEBUG):
        client_consulent.get("/inwoners/zoeken/", {"bsn": inwoner.bsn})  # a GET ignores the query
        response = client_consulent.post("/inwoners/zoeken/", {"bsn": inwoner.bsn})
        client_consulent.post("/inwoners/zoeken/", {"bsn": "123456789"})
    assert inwoner.bsn not in response.content.decode().split("<form")[0]
    assert inwoner.bsn not in caplog.text and "123456789" not in caplog.text
    assert inwoner.geslachtsnaam not in caplog.text


def test_exact_bsn_outside_scope_offers_only_the_melding_step(client_consulent, beesel):
    elders = inwoner_in(beesel, geslachtsnaam="Buitenmans")
    response = client_consulent.post("/inwoners/zoeken/", {"bsn": elders.bsn})
    tekst = response.content.decode()
    assert "valt buiten uw gemeente(n)" in tekst
    assert "Buitenmans" not in tekst  # nothing of the person is shown before the reasoned step
    assert "Openen voor nieuwe melding" in tekst


def test_name_search_never_reaches_outside_scope(client_consulent, beesel):
    inwoner_in(beesel, geslachtsnaam="Buitenmans")
    tekst = client_consulent.post("/inwoners/zoeken/", {"geslachtsnaam": "Buitenmans"}).content.decode()
    assert "Geen inwoner gevonden" in tekst and "buiten uw gemeente" not in tekst


def test_out_of_scope_step_needs_a_reason_and_is_audited(client_consulent, consulent, beesel, venlo):
    elders = inwoner_in(beesel)
    response = client_consulent.post(
        "/inwoners/buiten-gemeente/", {"bsn": elders.bsn, "gemeente": venlo.pk, "reden": ""}
    )
    assert response.status_code == 400
    assert "Geef een reden op." in response.content.decode()
    assert not Betrokkenheid.objects.exists()

    reden = "Melding huisarts: jeugdige verblijft in Venlo in een pleeggezin"
    response = client_consulent.post(
        "/inwoners/buiten-gemeente/", {"bsn": elders.bsn, "gemeente": venlo.pk, "reden": reden}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/inwoners/{elders.public_id}/"
    assert Betrokkenheid.objects.get(inwoner=elders, gemeente=venlo).toelichting == reden
    event = AuditEvent.objects.get(actie=Actie.BUITEN_SCOPE)
    assert (event.reden, event.gebruiker_id, event.object_id) == (reden, consulent.pk, str(elders.pk))
    assert client_consulent.get(response["Location"]).status_code == 200


def test_backoffice_cannot_take_the_out_of_scope_step(venlo, beesel):
    backoffice = ingelogde_client(maak_gebruiker(Rol.BACKOFFICE, [venlo]))
    elders = inwoner_in(beesel)
    response = backoffice.post("/inwoners/buiten-gemeente/", {"bsn": elders.bsn, "gemeente": venlo.pk, "reden": "x"})
    assert response.status_code == 403
    assert not Betrokkenheid.objects.exists()


GOED = {
    "bsn": "999990019",
    "voornamen": "Sanne",
    "voorvoegsel": "van",
    "geslachtsnaam": "Dijk",
    "geboortedatum": "2012-03-04",
    "geslacht": "2",
    "telefoon": "0612345678",
    "email": "",
    "straatnaam": "Parade",
    "huisnummer": "12",
    "huisletter": "",
    "toevoeging": "",
    "postcode": "5911 ab",
    "plaats": "Venlo",
    "woongemeente": "",  # filled in per test: a woongemeente outside one's own gemeenten needs a reason
}


def test_registering_an_inwoner_stores_everything_and_audits(client_consulent, venlo):
    response = client_consulent.post("/inwoners/nieuw/", {**GOED, "gemeente": venlo.pk, "woongemeente": venlo.pk})
    assert response.status_code == 302
    inwoner = Inwoner.objects.get(bsn="999990019")
    assert inwoner.herkomst["geslachtsnaam"] == "consulent"
    adres = Adres.objects.get(inwoner=inwoner)
    assert (adres.soort, adres.postcode, adres.gemeente) == ("01", "5911AB", venlo)
    assert Betrokkenheid.objects.filter(inwoner=inwoner, gemeente=venlo, reden="geregistreerd").exists()
    assert AuditEvent.objects.filter(actie=Actie.AANMAKEN, object_id=str(inwoner.pk)).exists()


@pytest.mark.parametrize(
    ("wijziging", "veld", "melding"),
    [
        ({"bsn": "123456789"}, "bsn", "de elfproef klopt niet"),
        ({"geboortedatum": "2999-12-31"}, "geboortedatum", "De geboortedatum ligt in de toekomst."),
        ({"postcode": "59111"}, "postcode", "Een Nederlandse postcode heeft de vorm 1234 AB."),
        ({"huisnummer": "twaalf"}, "huisnummer", "Een huisnummer bestaat uit cijfers."),
        ({"geslachtsnaam": ""}, "geslachtsnaam", "Dit veld is vereist."),
    ],
)
def test_wrong_input_gives_a_message_beside_the_field_and_stores_nothing(
    client_consulent, venlo, wijziging, veld, melding
):
    response = client_consulent.post("/inwoners/nieuw/", {**GOED, **wijziging, "gemeente": venlo.pk})
    assert response.status_code == 400
    tekst = response.content.decode()
    assert melding in tekst
    assert f'id="id_{veld}_error"' in tekst and 'aria-invalid="true"' in tekst
    assert not Inwoner.objects.exists() and not Adres.objects.exists()


def test_duplicate_bsn_points_to_search(client_consulent, venlo):
    inwoner_in(venlo, bsn="999990019")
    response = client_consulent.post("/inwoners/nieuw/", {**GOED, "gemeente": venlo.pk, "woongemeente": venlo.pk})
    assert response.status_code == 400
    assert "Er is al een inwoner met dit BSN" in response.content.decode()
    assert Inwoner.objects.count() == 1


def test_a_consulent_registers_only_for_own_gemeente(client_consulent, beesel):
    response = client_consulent.post("/inwoners/nieuw/", {**GOED, "gemeente": beesel.pk})
    assert response.status_code == 400
    assert not Inwoner.objects.exists()


@pytest.mark.parametrize("rol", [Rol.REGIE, Rol.BEHEER])
def test_roles_without_client_data_cannot_search(rol, venlo):
    client = ingelogde_client(maak_gebruiker(rol, [venlo]))
    assert client.get("/inwoners/zoeken/").status_code == 403
    assert client.post("/api/v1/inwoners/zoeken", {"bsn": "999990019"}).status_code == 403


def test_search_page_query_count_is_constant(client_consulent, consulent, venlo):
    for _ in range(3):
        inwoner_in(venlo, voor=consulent, geslachtsnaam="Peters")
    client_consulent.get("/inwoners/zoeken/")  # the session's first page reads the account (accounts/cache.py)
    with CaptureQueriesContext(connection) as weinig:
        client_consulent.post("/inwoners/zoeken/", {"geslachtsnaam": "Peters"})
    for _ in range(30):
        inwoner_in(venlo, voor=consulent, geslachtsnaam="Peters")
    with CaptureQueriesContext(connection) as veel:
        response = client_consulent.post("/inwoners/zoeken/", {"geslachtsnaam": "Peters"})
    assert response.content.decode().count("/inwoners/") > 30
    assert len(veel) == len(weinig)


def test_detail_page_query_count_is_constant(client_consulent, consulent, venlo):
    from inwoners import services

    inwoner = inwoner_in(venlo, voor=consulent)
    services.relatie_toevoegen(consulent, inwoner, soort="10", geslachtsnaam="A")
    services.relatie_toevoegen(consulent, inwoner, soort="10", persoon=inwoner_in(venlo, voor=consulent))
    client_consulent.get("/inwoners/zoeken/")  # the session's first page reads the account (accounts/cache.py)
    with CaptureQueriesContext(connection) as weinig:
        assert client_consulent.get(f"/inwoners/{inwoner.public_id}/").status_code == 200
    for n in range(10):
        services.relatie_toevoegen(consulent, inwoner, soort="10", geslachtsnaam=f"B{n}")
        services.relatie_toevoegen(consulent, inwoner, soort="12", persoon=inwoner_in(venlo, voor=consulent))
        RelatieFactory(inwoner=inwoner, nummer=100 + n, soort="12", persoon=inwoner_in(venlo))  # not his to see
    with CaptureQueriesContext(connection) as veel:
        assert client_consulent.get(f"/inwoners/{inwoner.public_id}/").status_code == 200
    assert len(veel) == len(weinig)


def _jaren_terug(jaren: int, dagen: int = 0) -> str:
    import datetime

    from django.utils import timezone

    vandaag = timezone.localdate()
    return (jaren_geleden(jaren, vandaag) - datetime.timedelta(days=dagen)).isoformat()


@pytest.mark.parametrize(
    ("geboortedatum", "geweigerd"),
    [
        ("0001-01-01", True),  # the probe's typing error
        ("1850-06-01", True),
        (_jaren_terug(120, dagen=1), True),  # a day over the limit
        (_jaren_terug(120), False),  # exactly 120 years: still possible
        (_jaren_terug(0), False),  # born today
    ],
)
def test_a_birth_date_lies_at_most_120_years_back(client_consulent, venlo, geboortedatum, geweigerd):
    """The geboortedatum had no lower bound (0001-01-01 and 1850 were accepted). Form, model and service refuse
    what no living person can have; an unknown birth date is another matter (iJw DatumGebruik)."""
    from inwoners.validators import valideer_niet_te_oud

    response = client_consulent.post(
        "/inwoners/nieuw/", {**GOED, "geboortedatum": geboortedatum, "gemeente": venlo.pk, "woongemeente": venlo.pk}
    )
    assert (response.status_code == 400) is geweigerd
    assert ("meer dan 120 jaar terug" in response.content.decode()) is geweigerd
    assert Inwoner.objects.filter(bsn="999990019").exists() is not geweigerd
    from datetime import date

    from django.core.exceptions import ValidationError

    if geweigerd:
        with pytest.raises(ValidationError):
            valideer_niet_te_oud(date.fromisoformat(geboortedatum))


def _woongemeente_select(html: str) -> str:
    begin = html.index('name="woongemeente"')
    return html[html.rindex("<select", 0, begin) : html.index("</select>", begin)]


def test_the_woongemeente_starts_at_the_users_own_gemeente_and_is_required(client_consulent, venlo):
    html = client_consulent.get("/inwoners/nieuw/").content.decode()
    select = _woongemeente_select(html)
    assert f'<option value="{venlo.pk}" selected>Venlo</option>' in select
    assert '<option value="buiten">Buiten de regio Noord-Limburg</option>' in select  # there, not chosen
    label = html[html.index('for="id_woongemeente"') : html.index("</label>", html.index('for="id_woongemeente"'))]
    assert "niet verplicht" not in label
    # Left untouched, the registration of a Venlo inwoner goes through.
    velden = {**GOED, "gemeente": venlo.pk, "woongemeente": str(venlo.pk)}
    assert client_consulent.post("/inwoners/nieuw/", velden).status_code == 302


def test_with_more_gemeenten_the_woongemeente_asks_to_choose(venlo, beesel):
    client = ingelogde_client(maak_gebruiker(Rol.CONSULENT, [venlo, beesel], domein_jeugd=True))
    select = _woongemeente_select(client.get("/inwoners/nieuw/").content.decode())
    assert '<option value="" selected>Kies de woongemeente</option>' in select
    response = client.post("/inwoners/nieuw/", {**GOED, "gemeente": venlo.pk, "woongemeente": ""})
    assert response.status_code == 400 and "Kies de woongemeente van de inwoner." in response.content.decode()


def test_outside_the_region_is_an_explicit_choice_that_needs_a_reason(client_consulent, venlo):
    velden = {**GOED, "gemeente": venlo.pk, "woongemeente": "buiten"}
    response = client_consulent.post("/inwoners/nieuw/", velden)
    assert response.status_code == 400 and "Deze inwoner woont buiten uw gemeenten" in response.content.decode()
    response = client_consulent.post("/inwoners/nieuw/", {**velden, "reden": "Pleeggezin buiten de regio"})
    assert response.status_code == 302
    assert Adres.objects.get(inwoner__bsn="999990019").gemeente is None
