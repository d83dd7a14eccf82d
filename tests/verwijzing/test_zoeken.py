"""The dossier search: by name (achternaam, partnernaam), BSN, dossiernummer and toewijzingnummer, in scope,
audited without the term, never through a URL (the workplace walk: "there is no search over dossiers")."""

import logging

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Rol
from audit.models import Actie, AuditEvent
from inwoners.factories import inwoner_in
from organisaties.factories import AanbiederFactory
from producten.factories import ContractFactory
from producten.models import Product
from tests.conftest import ingelogde_client, maak_gebruiker
from verwijzing.factories import DossierFactory, aanvraag_dossier, toekenning_vaststellen
from verwijzing.models import Status, Toewijzing
from verwijzing.zoeken import dossiers_zoeken

pytestmark = pytest.mark.django_db

URL = "/dossiers/zoeken/"


@pytest.fixture
def jeugdconsulent(venlo):
    return maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True)


def _toegekend(gemeente, consulent, inwoner):
    aanbieder = AanbiederFactory()
    ContractFactory(aanbieder=aanbieder, gemeente=gemeente, product=Product.objects.get(code="45L12"))
    dossier = aanvraag_dossier(gemeente=gemeente, consulent=consulent, aanbieder=aanbieder, inwoner=inwoner)
    toekenning_vaststellen(dossier=dossier, door=maak_gebruiker(Rol.BACKOFFICE, [gemeente]))
    return dossier


def _gevonden(client, q) -> str:
    response = client.post(URL, {"q": q})
    assert response.status_code == 200, response.content[:500]
    return response.content.decode()


def test_search_finds_by_name_bsn_dossiernummer_toewijzingnummer(jeugdconsulent, venlo):
    client = ingelogde_client(jeugdconsulent)
    inwoner = inwoner_in(venlo, geslachtsnaam="Verhoeven", voornamen="Sanne")
    ander = inwoner_in(venlo, geslachtsnaam="Janssen")
    gesloten = DossierFactory(gemeente=venlo, consulent=jeugdconsulent, inwoner=inwoner, status=Status.INGETROKKEN)
    toegekend = _toegekend(venlo, jeugdconsulent, inwoner)
    van_ander = DossierFactory(gemeente=venlo, consulent=jeugdconsulent, inwoner=ander)
    toewijzing = Toewijzing.objects.get(dossier=toegekend)

    tekst = _gevonden(client, "verho")  # the start of the achternaam, any case
    assert f"/dossiers/{gesloten.public_id}/" in tekst and f"/dossiers/{toegekend.public_id}/" in tekst
    assert f"/dossiers/{van_ander.public_id}/" not in tekst
    assert f'href="/inwoners/{inwoner.public_id}/">Sanne Verhoeven</a>' in tekst  # the way to the client's page
    assert "Ingetrokken" in tekst and "Beschikt: toegekend" in tekst
    assert gesloten.meldingsdatum.strftime("%d-%m-%Y") in tekst and f"Dossier {gesloten.pk}" in tekst

    tekst = _gevonden(client, f"{inwoner.bsn[:4]} {inwoner.bsn[4:]}")  # a BSN, as often typed with a space
    assert f"/dossiers/{gesloten.public_id}/" in tekst and f"/dossiers/{toegekend.public_id}/" in tekst
    assert f"/dossiers/{van_ander.public_id}/" not in tekst

    tekst = _gevonden(client, str(van_ander.pk))  # the dossiernummer
    assert f"/dossiers/{van_ander.public_id}/" in tekst and f"/dossiers/{gesloten.public_id}/" not in tekst

    resultaat = dossiers_zoeken(jeugdconsulent, zoekterm=str(toewijzing.nummer))  # the toewijzingnummer
    assert toegekend.pk in [r.nummer for r in resultaat.regels]


def test_search_finds_the_partnernaam_and_a_name_after_its_voorvoegsel(jeugdconsulent, venlo):
    getrouwd = inwoner_in(venlo, geslachtsnaam="Peeters", partnernaam="Hendrikx", naamgebruik="2")
    met_voorvoegsel = inwoner_in(venlo, voorvoegsel="van der", geslachtsnaam="Linden")
    a = DossierFactory(gemeente=venlo, consulent=jeugdconsulent, inwoner=getrouwd)
    b = DossierFactory(gemeente=venlo, consulent=jeugdconsulent, inwoner=met_voorvoegsel)
    assert [r.nummer for r in dossiers_zoeken(jeugdconsulent, zoekterm="hendrikx").regels] == [a.pk]
    assert [r.nummer for r in dossiers_zoeken(jeugdconsulent, zoekterm="Van der Lin").regels] == [b.pk]
    assert [r.nummer for r in dossiers_zoeken(jeugdconsulent, zoekterm="Linden").regels] == [b.pk]


def test_search_finds_a_voornaam_followed_by_an_achternaam(jeugdconsulent, venlo):
    """As a consulent types a client's name: "Noah Verbeek", "Jan van der Linden", "Maria Hendrikx"."""
    noah = DossierFactory(
        gemeente=venlo, consulent=jeugdconsulent, inwoner=inwoner_in(venlo, voornamen="Noah", geslachtsnaam="Verbeek")
    )
    jan = DossierFactory(
        gemeente=venlo,
        consulent=jeugdconsulent,
        inwoner=inwoner_in(venlo, voornamen="Jan Willem", voorvoegsel="van der", geslachtsnaam="Linden"),
    )
    maria = DossierFactory(
        gemeente=venlo,
        consulent=jeugdconsulent,
        inwoner=inwoner_in(venlo, voornamen="Maria", geslachtsnaam="Peeters", partnernaam="Hendrikx"),
    )
    for term, verwacht in [
        ("Noah Verbeek", [noah.pk]),
        ("noah verb", [noah.pk]),
        ("Jan van der Linden", [jan.pk]),
        ("Jan Willem Linden", [jan.pk]),
        ("Maria Hendrikx", [maria.pk]),
        ("Noah Linden", []),
    ]:
        assert [r.nummer for r in dossiers_zoeken(jeugdconsulent, zoekterm=term).regels] == verwacht, term


def test_search_stays_in_scope(jeugdconsulent, venlo, beesel):
    inwoner = inwoner_in(venlo, geslachtsnaam="Scheepers")
    eigen = DossierFactory(gemeente=venlo, consulent=jeugdconsulent, inwoner=inwoner)
    wmo = DossierFactory(
        gemeente=venlo, domein="wmo", consulent=maak_gebruiker(Rol.CONSULENT, [venlo], domein_wmo=True), inwoner=inwoner
    )
    elders = _toegekend(beesel, maak_gebruiker(Rol.CONSULENT, [beesel], domein_jeugd=True), inwoner)
    nummer_elders = Toewijzing.objects.get(dossier=elders).nummer
    for term in ("Scheepers", inwoner.bsn, str(wmo.pk), str(elders.pk), str(nummer_elders)):
        gevonden = {r.nummer for r in dossiers_zoeken(jeugdconsulent, zoekterm=term).regels}
        assert gevonden <= {eigen.pk}, term
        assert not gevonden & {wmo.pk, elders.pk}, term
    # The backoffice sees every domain of its gemeente, still not Beesel.
    backoffice = maak_gebruiker(Rol.BACKOFFICE, [venlo])
    assert {r.nummer for r in dossiers_zoeken(backoffice, zoekterm="Scheepers").regels} == {eigen.pk, wmo.pk}


def test_search_is_audited_without_bsn(jeugdconsulent, venlo):
    inwoner = inwoner_in(venlo, geslachtsnaam="Gommans")
    DossierFactory(gemeente=venlo, consulent=jeugdconsulent, inwoner=inwoner)
    client = ingelogde_client(jeugdconsulent)
    _gevonden(client, inwoner.bsn)
    _gevonden(client, "Gommans")
    bsn_event, naam_event = AuditEvent.objects.filter(actie=Actie.ZOEKEN).order_by("id")
    assert "bsn" in bsn_event.omschrijving and "1 resultaten" in bsn_event.omschrijving
    assert "naam" in naam_event.omschrijving
    for event in (bsn_event, naam_event):
        alles = f"{event.omschrijving} {event.reden} {event.gegevens} {event.object_id}"
        assert inwoner.bsn not in alles and "Gommans" not in alles
        assert event.gebruiker_id == jeugdconsulent.pk and event.object_type == "verwijzing.dossier"


def test_search_keeps_the_bsn_and_name_out_of_urls_and_logs(jeugdconsulent, venlo, caplog):
    inwoner = inwoner_in(venlo)
    dossier = DossierFactory(gemeente=venlo, consulent=jeugdconsulent, inwoner=inwoner)
    client = ingelogde_client(jeugdconsulent)
    with caplog.at_level(logging.DEBUG):
        response = client.get(URL, {"q": inwoner.bsn})  # a GET never searches
        assert f"/dossiers/{dossier.public_id}/" not in response.content.decode()
        assert not AuditEvent.objects.filter(actie=Actie.ZOEKEN).exists()
        tekst = _gevonden(client, inwoner.bsn)
    assert 'method="post"' in tekst and f"/dossiers/{dossier.public_id}/" in tekst
    assert inwoner.bsn not in caplog.text and inwoner.geslachtsnaam not in caplog.text


def test_search_refuses_an_empty_or_one_letter_term(jeugdconsulent):
    client = ingelogde_client(jeugdconsulent)
    for q, melding in (("", "Vul een achternaam, BSN"), ("a", "minstens twee letters")):
        response = client.post(URL, {"q": q})
        assert response.status_code == 400 and melding in response.content.decode()
    assert not AuditEvent.objects.filter(actie=Actie.ZOEKEN).exists()


@pytest.mark.parametrize("rol", [Rol.AANBIEDER, Rol.BEHEER, Rol.REGIE])
def test_search_is_for_consulent_and_backoffice_only(rol, venlo):
    if rol == Rol.AANBIEDER:
        gebruiker = maak_gebruiker(rol, [], aanbieder=AanbiederFactory())
    else:
        gebruiker = maak_gebruiker(rol, [venlo])
    assert ingelogde_client(gebruiker).get(URL).status_code == 403
    assert ingelogde_client(gebruiker).post(URL, {"q": "Jansen"}).status_code == 403


def test_search_limits_the_results_and_says_there_are_more(jeugdconsulent, venlo):
    for _ in range(3):
        DossierFactory(gemeente=venlo, consulent=jeugdconsulent, inwoner=inwoner_in(venlo, geslachtsnaam="Kessels"))
    resultaat = dossiers_zoeken(jeugdconsulent, zoekterm="Kessels", limiet=2)
    assert len(resultaat.regels) == 2 and resultaat.meer_dan_getoond
    assert not dossiers_zoeken(jeugdconsulent, zoekterm="Kessels", limiet=3).meer_dan_getoond


@pytest.mark.parametrize("term", ["Kuijpers", "123456782", "7"])
def test_search_query_count_is_constant(term, jeugdconsulent, venlo):
    client = ingelogde_client(jeugdconsulent)
    DossierFactory(gemeente=venlo, consulent=jeugdconsulent, inwoner=inwoner_in(venlo, geslachtsnaam="Kuijpers"))
    client.post(URL, {"q": term})
    with CaptureQueriesContext(connection) as weinig:
        client.post(URL, {"q": term})
    for _ in range(10):
        inwoner = inwoner_in(venlo, geslachtsnaam="Kuijpers")
        DossierFactory(gemeente=venlo, consulent=jeugdconsulent, inwoner=inwoner)
        DossierFactory(gemeente=venlo, consulent=jeugdconsulent, inwoner=inwoner, status=Status.AFGEWEZEN)
    with CaptureQueriesContext(connection) as veel:
        client.post(URL, {"q": term})
    assert len(veel) == len(weinig), "\n".join(q["sql"][:150] for q in veel.captured_queries)


def test_name_search_uses_the_prefix_index(jeugdconsulent):
    """On the bench's 300.000 inwoners a name search must not read every inwoner: the planner can serve the
    search's own SQL from the prefix index (forced here, as a handful of test rows favours a scan)."""
    from inwoners.models import Inwoner
    from verwijzing.zoeken import naam_filter

    # The inwoners alone: with a handful of rows the planner may as well start from the dossiers' gemeente.
    sql, params = Inwoner.objects.filter(naam_filter("Kuij", pad="")).values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(r[0] for r in cursor.fetchall())
    eigen_naam = "inwoner_geslachtsnaam_prefix" in plan or "inwoner_naam_volgorde" in plan
    assert eigen_naam and "inwoner_partnernaam_prefix" in plan, plan


def test_the_own_name_query_reads_the_name_order_index_in_the_result_order(jeugdconsulent, venlo):
    """A common name must not sort every inwoner who bears it: the own achternaam, in the search's own
    expressions, is served by the name-order index (inwoners migration 0009) as a range and in the order the
    search shows, so no sort is needed (forced off the table scans; the inwoners alone, as a handful of test
    rows lets the planner start anywhere)."""
    from django.db.models.functions import Upper

    from inwoners.models import Inwoner
    from verwijzing.zoeken import _binair

    DossierFactory(gemeente=venlo, consulent=jeugdconsulent, inwoner=inwoner_in(venlo, geslachtsnaam="Kuijpers"))
    qs = (
        Inwoner.objects.alias(naam_begin=_binair(Upper("geslachtsnaam")))
        .filter(naam_begin__startswith="KUIJ")
        .order_by(_binair(Upper("geslachtsnaam")), _binair("voornamen"), "id")
        .values("pk")[:51]
    )
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(r[0] for r in cursor.fetchall())
    assert "inwoner_naam_volgorde" in plan and "Index Cond" in plan and "Sort" not in plan, plan


def test_the_two_name_queries_merge_in_one_order(jeugdconsulent, venlo):
    """Own name and partner's name are asked separately; the page shows one list by achternaam, voornamen,
    then the newest melding, with a dossier found both ways once, and the limit over the whole."""
    namen = [
        ("Kessels", "", "Anna"),  # own name
        ("Arts", "Kessels", "Bea"),  # partner's name, sorts first by the own achternaam
        ("Kessels", "Kessels", "Cor"),  # both: once
        ("Kesselsma", "", "Dirk"),
        ("Zwart", "Kesselaar", "Eva"),
    ]
    for geslachtsnaam, partnernaam, voornaam in namen:
        inwoner = inwoner_in(
            venlo,
            geslachtsnaam=geslachtsnaam,
            partnernaam=partnernaam,
            naamgebruik="2" if partnernaam else "1",
            voornamen=voornaam,
        )
        DossierFactory(gemeente=venlo, consulent=jeugdconsulent, inwoner=inwoner)
    voornamen = [r.naam.split()[0] for r in dossiers_zoeken(jeugdconsulent, zoekterm="kessel").regels]
    assert voornamen == ["Bea", "Anna", "Cor", "Dirk", "Eva"]
    beperkt = dossiers_zoeken(jeugdconsulent, zoekterm="kessel", limiet=2)
    assert [r.naam.split()[0] for r in beperkt.regels] == ["Bea", "Anna"] and beperkt.meer_dan_getoond


def test_a_refused_term_says_no_search_ran_under_the_results_heading(jeugdconsulent):
    response = ingelogde_client(jeugdconsulent).post(URL, {"q": "a"})
    html = response.content.decode()
    regio = html[html.index('aria-labelledby="resultaten-kop"') : html.index("</section>")]
    assert 'id="resultaten-kop"' in regio  # the region keeps its name
    assert "Nog niet gezocht: de zoekterm is niet goed." in regio and 'href="#form-fouten"' in regio
    assert 'id="form-fouten"' in html


@pytest.mark.parametrize("rol", [Rol.CONSULENT, Rol.BACKOFFICE])
def test_the_start_page_links_to_the_dossier_search(rol, venlo):
    gebruiker = maak_gebruiker(rol, [venlo], domein_jeugd=True)
    html = ingelogde_client(gebruiker).get("/start/").content.decode()
    assert f'href="{URL}">Dossiers zoeken</a>' in html
