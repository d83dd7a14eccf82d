"""Versioned rule data, the API, and functioneel beheer's matrix screen."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from accounts.models import Rol
from audit.models import Actie, AuditEvent
from organisaties.factories import gemeente
from regie import services
from regie.models import MatrixCel
from regie.regelset import regelset
from regie.stapeling import stapeling
from regie.toets import toets
from tests.conftest import ingelogde_client, maak_gebruiker
from toegang.fouten import Geweigerd

pytestmark = pytest.mark.django_db


@pytest.fixture
def beheerder(venlo):
    return maak_gebruiker(Rol.BEHEER, [venlo], is_staff=True)


def _vv_vt(peildatum):
    return next(b for b in stapeling(regelset(peildatum), ["42A03", "45L61"]) if b.regel == "MATRIX-VV-VT")


def test_a_change_from_a_later_date_does_not_change_todays_verdict(beheerder):
    vandaag = timezone.localdate()
    cel = MatrixCel.objects.get(rij__afkorting="VV", kolom__afkorting="VT")
    assert _vv_vt(vandaag).uitkomst == "toegestaan"
    later = vandaag + timedelta(days=30)
    services.cel_wijzigen(
        cel,
        uitkomst="niet_toegestaan",
        geldig_vanaf=later,
        door=beheerder,
        motivering="Vervoer naar vaktherapie valt onder de vaktherapie zelf.",
    )
    assert _vv_vt(vandaag).uitkomst == "toegestaan"
    nieuw = _vv_vt(later)
    assert nieuw.uitkomst == "niet_toegestaan"
    assert nieuw.versie == f"matrix VV×VT v{later.isoformat()}" and nieuw.zekerheid == "zeker"
    assert AuditEvent.objects.filter(actie=Actie.WIJZIGEN, reden__startswith="Vervoer naar").exists()


def test_toets_names_the_regelset_version_and_uses_the_peildatum(beheerder):
    vandaag = timezone.localdate()
    eerst = toets(
        productcode="42A03",
        geboortedatum=date(2015, 1, 1),
        gemeente=gemeente("0889"),
        ingangsdatum=vandaag,
        lopend=["45L61"],
    )
    cel = MatrixCel.objects.get(rij__afkorting="VV", kolom__afkorting="VT")
    services.cel_wijzigen(
        cel, uitkomst="niet_toegestaan", geldig_vanaf=vandaag + timedelta(days=1), door=beheerder, motivering="test"
    )
    daarna = toets(
        productcode="42A03",
        geboortedatum=date(2015, 1, 1),
        gemeente=gemeente("0889"),
        ingangsdatum=vandaag,
        lopend=["45L61"],
    )
    assert daarna.regelset_versie > eerst.regelset_versie
    assert daarna.uitkomst == eerst.uitkomst


def test_only_beheer_changes_the_matrix(venlo):
    cel = MatrixCel.objects.get(rij__afkorting="VV", kolom__afkorting="VT")
    with pytest.raises(Geweigerd):
        services.cel_bevestigen(cel, door=maak_gebruiker(Rol.CONSULENT, [venlo]), motivering="x")


def test_a_change_cannot_go_back_in_time(beheerder):
    cel = MatrixCel.objects.get(rij__afkorting="VV", kolom__afkorting="VT")
    with pytest.raises(Geweigerd):
        services.cel_wijzigen(
            cel, uitkomst="niet_toegestaan", geldig_vanaf=cel.geldig_vanaf, door=beheerder, motivering="x"
        )


def test_matrix_screen_lists_the_aanname_cells_and_confirms_one(beheerder):
    client = ingelogde_client(beheerder)
    tekst = client.get("/regie/matrix/").content.decode()
    assert "93 cellen wachten op bevestiging" in tekst
    cel = MatrixCel.objects.filter(zekerheid="aanname").first()
    response = client.post(f"/regie/matrix/{cel.pk}/", {"actie": "bevestigen", "motivering": "Zo lezen wij het."})
    assert response.status_code == 302
    cel.refresh_from_db()
    assert cel.bevestigd_door == beheerder
    assert "92 cellen wachten op bevestiging" in client.get("/regie/matrix/").content.decode()


def test_matrix_screen_refuses_a_change_without_motivering_or_in_the_past(beheerder):
    client = ingelogde_client(beheerder)
    cel = MatrixCel.objects.filter(zekerheid="aanname").first()
    gisteren = (timezone.localdate() - timedelta(days=1)).isoformat()
    response = client.post(
        f"/regie/matrix/{cel.pk}/",
        {"actie": "wijzigen", "uitkomst": "niet_toegestaan", "geldig_vanaf": gisteren, "motivering": ""},
    )
    assert response.status_code == 400
    tekst = response.content.decode()
    assert "Geef een motivering." in tekst and "terugwerkende kracht" in tekst
    assert MatrixCel.objects.filter(rij=cel.rij, kolom=cel.kolom).count() == 1


@pytest.mark.parametrize("rol", [Rol.CONSULENT, Rol.BACKOFFICE, Rol.REGIE])
def test_matrix_screen_is_for_beheer_only(rol, venlo):
    assert ingelogde_client(maak_gebruiker(rol, [venlo])).get("/regie/matrix/").status_code == 403


def test_api_toets(client_consulent):
    response = client_consulent.post(
        "/api/v1/regels/toets",
        {
            "productcode": "45L12",
            "geboortedatum": "2015-01-01",
            "gemeente": "0889",
            "ingangsdatum": "2026-12-01",
            "einddatum": "2027-06-01",
            "lopend": ["54L02"],
        },
        content_type="application/json",
    )
    assert response.status_code == 200
    data = response.json()
    assert data["uitkomst"] == "voorwaardelijk"
    assert {"regel", "uitkomst", "uitleg", "bron", "versie", "producten"} <= set(data["bevindingen"][0])


@pytest.mark.parametrize(
    ("vraag", "reden"),
    [
        ({"productcode": "99X99"}, "Onbekende productcode"),
        ({"gemeente": "Utrecht"}, "Onbekende gemeente"),
        ({"ingangsdatum": "2026-02-30"}, "ingangsdatum"),
        ({"einddatum": "2020-01-01"}, "De einddatum ligt vóór de ingangsdatum."),
    ],
)
def test_api_toets_bad_input_is_400_with_a_reason(client_consulent, vraag, reden):
    basis = {"productcode": "45L12", "geboortedatum": "2015-01-01", "gemeente": "0889", "ingangsdatum": "2026-12-01"}
    response = client_consulent.post("/api/v1/regels/toets", {**basis, **vraag}, content_type="application/json")
    assert response.status_code == 400
    assert reden in response.content.decode()


def test_openapi_documents_the_toets(client_consulent):
    schema = client_consulent.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    assert "/api/v1/regels/toets" in schema["paths"]
    assert "/api/v1/producten" in schema["paths"]
