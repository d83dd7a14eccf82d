import pytest

from accounts.models import Rol
from regie.models import MatrixCel
from tests.browser.conftest import assert_toegankelijk, inloggen
from tests.conftest import maak_gebruiker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_beheer_confirms_an_aanname_cell(pagina, live_server, venlo):
    beheerder = maak_gebruiker(Rol.BEHEER, [venlo], is_staff=True)
    inloggen(pagina, live_server, beheerder)
    pagina.get_by_role("link", name="Stapelingsmatrix: aannames bevestigen").click()
    pagina.get_by_text("93 cellen wachten op bevestiging.").wait_for()
    assert_toegankelijk(pagina)
    cel = MatrixCel.objects.filter(zekerheid="aanname").order_by("rij__volgorde", "kolom__volgorde").first()
    pagina.get_by_role("link", name=f"{cel.rij.label} × {cel.kolom.label}").click()
    pagina.get_by_role("button", name="Vastleggen").click()
    pagina.get_by_text("Geef een motivering.").first.wait_for()
    assert_toegankelijk(pagina)
    pagina.get_by_label("Motivering").fill("Zo lezen de consulenten het; bevestigd in het regio-overleg.")
    pagina.get_by_role("button", name="Vastleggen").click()
    pagina.get_by_text("92 cellen wachten op bevestiging.").wait_for()
    cel.refresh_from_db()
    assert cel.bevestigd_door_id == beheerder.pk
