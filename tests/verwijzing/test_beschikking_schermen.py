"""The screens after the aanvraag: beschikking concept and vaststellen, PDF status and download, the
bekendmaking, the termijn notices, the toewijzing changes and the herindicatie. Each GET writes its read
event, each POST its change event; out of scope is a 404; the werkvoorraad pages by keyset."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Rol
from audit.models import Actie, AuditEvent
from inwoners.factories import inwoner_in
from organisaties.factories import gemeente
from producten.factories import ContractFactory
from producten.models import Product
from tests.conftest import ingelogde_client, jaren_geleden, maak_gebruiker
from verwijzing.factories import DossierFactory, aanvraag_dossier
from verwijzing.models import Beschikking, Dossier, Status, Toewijzing

pytestmark = pytest.mark.django_db
VANDAAG = date.today()


@pytest.fixture
def mensen(venlo):
    consulent = maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True, domein_wmo=True)
    backoffice = maak_gebruiker(Rol.BACKOFFICE, [venlo])
    return consulent, backoffice


@pytest.fixture
def dossier(venlo, mensen):
    contract = ContractFactory(product=Product.objects.get(code="45L12"), gemeente=venlo)
    return aanvraag_dossier(
        gemeente=venlo,
        consulent=mensen[0],
        aanbieder=contract.aanbieder,
        inwoner=inwoner_in(venlo, geboortedatum=jaren_geleden(9, VANDAAG)),
    )


def _events(actie, object_type=None):
    qs = AuditEvent.objects.filter(actie=actie)
    return qs.filter(object_type=object_type).count() if object_type else qs.count()


def _beschik(client, dossier, capture):
    r = client.post(
        f"/dossiers/{dossier.public_id}/beschikking/",
        {"soort": "toekenning", "motivering": "De hulp past bij de hulpvraag."},
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    with capture(execute=True):
        assert client.post(f"/dossiers/{dossier.public_id}/beschikking/vaststellen/").status_code == 302
    return Beschikking.objects.get(dossier=dossier)


def test_backoffice_composes_decides_downloads_and_sends_a_jeugd_beschikking(
    dossier, mensen, django_capture_on_commit_callbacks
):
    client = ingelogde_client(mensen[1])
    lezen = _events(Actie.LEZEN)
    pagina = client.get(f"/dossiers/{dossier.public_id}/beschikking/")
    assert pagina.status_code == 200 and "Beschikking opstellen" in pagina.content.decode()
    assert _events(Actie.LEZEN) == lezen + 1
    b = _beschik(client, dossier, django_capture_on_commit_callbacks)
    assert b.status == "vastgesteld" and b.render_status == "klaar"
    tekst = client.get(f"/dossiers/{dossier.public_id}/").content.decode()
    # The toewijzing is given; whether its 301 went out is the bericht's own status (as the cockpit says).
    assert "Download de beschikking (PDF)" in tekst and "Toegewezen" in tekst
    lezen = _events(Actie.LEZEN, "verwijzing.beschikking")
    pdf = client.get(f"/dossiers/{dossier.public_id}/beschikking/{b.public_id}/pdf/")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF-")
    assert pdf["Cache-Control"] == "no-store"
    assert dossier.inwoner.geslachtsnaam not in pdf["Content-Disposition"]
    assert _events(Actie.LEZEN, "verwijzing.beschikking") == lezen + 1
    status = client.get(f"/dossiers/{dossier.public_id}/beschikking/{b.public_id}/status/")
    assert "hx-get" not in status.content.decode()  # ready: polling stops
    r = client.post(
        f"/dossiers/{dossier.public_id}/beschikking/{b.public_id}/bekendmaking/",
        {
            "bekendmaking-geadresseerden": "De ouders",
            "bekendmaking-kanaal": "post",
            "bekendmaking-verzonden_op": VANDAAG.isoformat(),
        },
        follow=True,
    )
    assert "de bezwaartermijn loopt" in r.content.decode()
    b.refresh_from_db()
    assert b.status == "bekendgemaakt"


def test_the_status_partial_polls_while_the_pdf_is_made(dossier, mensen):
    client = ingelogde_client(mensen[1])
    client.post(f"/dossiers/{dossier.public_id}/beschikking/", {"soort": "toekenning", "motivering": "x"})
    client.post(f"/dossiers/{dossier.public_id}/beschikking/vaststellen/")  # no on_commit here: still queued
    b = Beschikking.objects.get(dossier=dossier)
    tekst = client.get(f"/dossiers/{dossier.public_id}/beschikking/{b.public_id}/status/").content.decode()
    assert "hx-get" in tekst and "<progress" in tekst
    assert client.get(f"/dossiers/{dossier.public_id}/beschikking/{b.public_id}/pdf/").status_code == 404


def test_a_consulent_cannot_issue_a_jeugd_beschikking_and_sees_no_button(dossier, mensen):
    client = ingelogde_client(mensen[0])
    assert client.get(f"/dossiers/{dossier.public_id}/beschikking/").status_code == 403
    assert "Beschikking opstellen" not in client.get(f"/dossiers/{dossier.public_id}/").content.decode()


def test_the_form_shows_the_reason_beside_the_form_and_saves_nothing(dossier, mensen):
    client = ingelogde_client(mensen[1])
    r = client.post(f"/dossiers/{dossier.public_id}/beschikking/", {"soort": "afwijzing", "motivering": "Netwerk."})
    assert r.status_code == 400
    assert "Hoor de aanvrager" in r.content.decode()
    r = client.post(f"/dossiers/{dossier.public_id}/beschikking/", {"soort": "", "motivering": ""})
    assert r.status_code == 400 and "Motiveer de beschikking" in r.content.decode()
    assert not Beschikking.objects.exists()


def test_out_of_scope_beschikking_routes_are_404(dossier, mensen, django_capture_on_commit_callbacks):
    b = _beschik(ingelogde_client(mensen[1]), dossier, django_capture_on_commit_callbacks)
    beesel = maak_gebruiker(Rol.BACKOFFICE, [gemeente("0889")])
    client = ingelogde_client(beesel)
    for pad in ("beschikking/", f"beschikking/{b.public_id}/pdf/", f"beschikking/{b.public_id}/status/"):
        assert client.get(f"/dossiers/{dossier.public_id}/{pad}").status_code == 404, pad
    aanbieder = maak_gebruiker(Rol.AANBIEDER, [], aanbieder=Toewijzing.objects.get().aanbieder)
    assert (
        ingelogde_client(aanbieder).get(f"/dossiers/{dossier.public_id}/beschikking/{b.public_id}/pdf/").status_code
        == 404
    )


def test_termijn_screens_change_the_deadline_and_report_errors(dossier, mensen):
    client = ingelogde_client(mensen[0])
    r = client.post(
        f"/dossiers/{dossier.public_id}/termijn/opschorten/",
        {
            "opschorten-grond": "4:15-1a",
            "opschorten-vanaf": VANDAAG.isoformat(),
            "opschorten-medegedeeld_op": VANDAAG.isoformat(),
            "opschorten-reden": "Aanvulling gevraagd",
        },
        follow=True,
    )
    assert "De beslistermijn is opgeschort." in r.content.decode()
    assert Dossier.objects.get(pk=dossier.pk).uiterlijk is None
    # a refusal and a bad date come back on the dossier page, on the form itself (400), nothing changed
    r = client.post(
        f"/dossiers/{dossier.public_id}/termijn/verlengen/",
        {"verlengen-tot": "2099-01-01", "verlengen-medegedeeld_op": VANDAAG.isoformat(), "verlengen-reden": "x"},
    )
    assert r.status_code == 400 and "beëindig eerst de opschorting" in r.content.decode()
    assert 'id="verlengen-fouten"' in r.content.decode()
    r = client.post(f"/dossiers/{dossier.public_id}/termijn/hervatten/", {"hervatten-tot": "31-02-2026"})
    assert r.status_code == 400 and "Vul een bestaande datum in." in r.content.decode()
    assert 'aria-invalid="true"' in r.content.decode()
    assert Dossier.objects.get(pk=dossier.pk).uiterlijk is None
    assert client.post(f"/dossiers/{dossier.public_id}/termijn/iets/", {}).status_code == 404


def test_toewijzing_changes_and_herindicatie_through_the_dossier_page(
    dossier, mensen, django_capture_on_commit_callbacks
):
    _beschik(ingelogde_client(mensen[1]), dossier, django_capture_on_commit_callbacks)
    t = Toewijzing.objects.get()
    backoffice = ingelogde_client(mensen[1])
    pagina = f"/dossiers/{dossier.public_id}/toewijzing/{t.public_id}/"
    # the dossier page links to the toewijzing's own page, which holds the change forms
    assert pagina in backoffice.get(f"/dossiers/{dossier.public_id}/").content.decode()
    r = backoffice.get(pagina)
    assert r.status_code == 200 and 'name="oprekken-einddatum"' in r.content.decode()
    assert AuditEvent.objects.filter(actie=Actie.LEZEN, object_id=str(t.pk), omschrijving="Toewijzing bekeken").exists()
    # a bad form comes back on that page with its errors on the fields, nothing changed
    r = backoffice.post(pagina + "oprekken/", {"oprekken-einddatum": "", "oprekken-reden": ""})
    assert r.status_code == 400 and 'aria-invalid="true"' in r.content.decode() and 'role="alert"' in r.content.decode()
    nieuw = (t.einddatum + timedelta(days=30)).isoformat()
    r = backoffice.post(
        pagina + "oprekken/",
        {"oprekken-einddatum": nieuw, "oprekken-reden": "Doelen nog niet bereikt."},
        follow=True,
    )
    assert "hetzelfde toewijzingnummer" in r.content.decode()
    t.refresh_from_db()
    assert t.einddatum.isoformat() == nieuw
    # the consulent may not change a Jeugd toewijzing (that is a beschikking): no forms, and a POST is refused
    consulent = ingelogde_client(mensen[0])
    assert 'name="garantiefase-reden"' not in consulent.get(pagina).content.decode()
    r = consulent.post(pagina + "garantiefase/", {"garantiefase-reden": "x"})
    assert r.status_code == 400 and "niet beschikken" in r.content.decode()
    # ... but starts the herindicatie
    r = consulent.post(f"/dossiers/{dossier.public_id}/toewijzing/{t.public_id}/herindicatie/start/", follow=True)
    assert "Herindicatie gestart" in r.content.decode()
    assert Dossier.objects.filter(herindicatie_van=t, status=Status.MELDING).count() == 1


def test_werkvoorraad_pages_by_keyset_with_a_constant_query_count(venlo, mensen):
    consulent = mensen[0]
    client = ingelogde_client(consulent)
    for dagen in range(3):
        DossierFactory(
            gemeente=venlo,
            consulent=consulent,
            domein="wmo",
            inwoner=inwoner_in(venlo),
            meldingsdatum=VANDAAG - timedelta(days=dagen),
        )
    client.get("/dossiers/")
    with CaptureQueriesContext(connection) as weinig:
        client.get("/dossiers/")
    for dagen in range(60):
        DossierFactory(
            gemeente=venlo,
            consulent=consulent,
            domein="wmo" if dagen % 2 else "jeugd",
            inwoner=inwoner_in(venlo),
            meldingsdatum=VANDAAG - timedelta(days=dagen),
        )
    with CaptureQueriesContext(connection) as veel:
        eerste = client.get("/dossiers/").content.decode()
    assert len(veel) == len(weinig)
    assert "Volgende pagina" in eerste
    from verwijzing.selectors import werkvoorraad

    gezien, cursor = [], None
    while True:
        pagina = werkvoorraad(consulent, na=cursor)
        gezien += [r.dossier_id for r in pagina.regels]
        if not pagina.volgende:
            break
        cursor = pagina.volgende
    alle = list(Dossier.objects.visible_to(consulent).order_by("uiterlijk", "id").values_list("pk", "uiterlijk"))
    assert sorted(gezien) == sorted(pk for pk, _ in alle) and len(gezien) == len(set(gezien)) == 63
    datums = [Dossier.objects.get(pk=pk).uiterlijk for pk in gezien]
    met = [d for d in datums if d]
    assert met == sorted(met) and datums[len(met) :] == [None] * (len(datums) - len(met))  # nulls last


def test_backoffice_werkvoorraad_lists_aanvragen_and_beschikkingen_to_send(
    dossier, mensen, django_capture_on_commit_callbacks
):
    client = ingelogde_client(mensen[1])
    tekst = client.get("/dossiers/").content.decode()
    assert "Aanvragen die wachten op een beschikking" in tekst and dossier.inwoner.volledige_naam in tekst
    _beschik(client, dossier, django_capture_on_commit_callbacks)
    tekst = client.get("/dossiers/").content.decode()
    assert "Vastgestelde beschikkingen om te verzenden" in tekst


def test_intrekken_and_verwijderen_on_the_toewijzing_page(dossier, mensen, django_capture_on_commit_callbacks):
    _beschik(ingelogde_client(mensen[1]), dossier, django_capture_on_commit_callbacks)
    t = Toewijzing.objects.get()
    backoffice = ingelogde_client(mensen[1])
    pagina = f"/dossiers/{dossier.public_id}/toewijzing/{t.public_id}/"
    tekst = backoffice.get(pagina).content.decode()
    assert 'name="intrekken-reden_wijziging"' in tekst and "09 Overstap naar andere aanbieder" in tekst
    assert 'name="verwijderen-reden"' in tekst  # not started yet
    eind = t.ingangsdatum + timedelta(days=20)
    with django_capture_on_commit_callbacks(execute=True):
        r = backoffice.post(
            pagina + "intrekken/",
            {"intrekken-einddatum": eind.isoformat(), "intrekken-reden_wijziging": "09", "intrekken-reden": "Overstap"},
            follow=True,
        )
    assert "ingetrokken" in r.content.decode()
    t.refresh_from_db()
    assert (t.einddatum, t.laatste_wijziging) == (eind, "ingetrokken")
    r = backoffice.post(pagina + "verwijderen/", {"verwijderen-reden": ""})
    assert r.status_code == 400 and "Geef de reden van het verwijderen." in r.content.decode()


def test_the_beschikking_page_reads_the_toewijzingen_once_whatever_the_number_of_indicaties(dossier, mensen):
    """Each indicatie's omvang as the beschikking names it (verwijzing.omvang.in_beschikking) comes from one read
    of the dossier's toewijzingen, not a query per indicatie. PGB indicaties: no toewijzing is being priced."""
    from verwijzing.factories import IndicatieFactory

    client = ingelogde_client(mensen[1])
    pad = f"/dossiers/{dossier.public_id}/beschikking/"
    IndicatieFactory(dossier=dossier, bekostiging="pgb", volume=None, frequentie="", budget=1000)
    client.get(pad)
    with CaptureQueriesContext(connection) as weinig:
        assert client.get(pad).status_code == 200
    for _ in range(4):
        IndicatieFactory(dossier=dossier, bekostiging="pgb", volume=None, frequentie="", budget=1000)
    with CaptureQueriesContext(connection) as veel:
        assert client.get(pad).status_code == 200
    assert len(veel) == len(weinig), "\n".join(q["sql"][:120] for q in veel.captured_queries)
