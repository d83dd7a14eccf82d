"""The berichten cockpit in the browser: list, filter, detail with XML; axe on each screen."""

import pytest

from accounts.models import Rol
from organisaties.factories import gemeente
from tests.berichten.hulp import _gif, _start, _toekenning, _vow, _wijzig
from tests.browser.conftest import assert_toegankelijk, inloggen
from tests.conftest import maak_gebruiker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_backoffice_follows_a_jw301_in_the_cockpit(pagina, live_server, settings, tmp_path):
    settings.TOEGANG_BERICHTEN_MAP = tmp_path
    venlo = gemeente("0983")

    class Direct:  # on a live server the commits are real: on_commit runs by itself
        def __call__(self, execute=True):
            from contextlib import nullcontext

            return nullcontext()

    _toekenning(venlo, Direct())
    inloggen(pagina, live_server, maak_gebruiker(Rol.BACKOFFICE, [venlo]))
    pagina.get_by_role("link", name="Berichtencockpit (iJw/iWmo)").click()
    pagina.get_by_role("cell", name="Verzonden").first.wait_for()
    assert_toegankelijk(pagina)
    pagina.locator("#id_soort").select_option("JW301")
    pagina.get_by_role("button", name="Filteren").click()
    pagina.get_by_role("link", name=re_301()).first.click()
    pagina.get_by_role("heading", name="XML").wait_for()
    assert "jw301:ToegewezenProduct" in pagina.content()
    assert_toegankelijk(pagina)


def re_301():
    import re

    return re.compile(r"^JW301 \d{12}$")


def test_backoffice_honours_a_verzoek_om_wijziging(pagina, live_server, settings, tmp_path):
    """A 317 dropped in the folder: picked up from the cockpit, compared with the current toewijzing,
    honoured — a gewijzigde beschikking and a 301 with RedenWijziging 12."""
    from datetime import timedelta

    from berichten.models import Bericht, Wijzigingsverzoek
    from verwijzing.models import Toewijzing

    settings.TOEGANG_BERICHTEN_MAP = tmp_path
    venlo = gemeente("0983")

    class Direct:
        def __call__(self, execute=True):
            from contextlib import nullcontext

            return nullcontext()

    dossier, backoffice = _toekenning(venlo, Direct())
    t = Toewijzing.objects.get(dossier=dossier)
    Bericht.objects.filter(soort="JW301").update(status="retour_ontvangen")
    (tmp_path / "in").mkdir(parents=True, exist_ok=True)
    later = t.einddatum + timedelta(days=60)
    (tmp_path / "in" / "JW317-vow.xml").write_bytes(_vow(t, te_wijzigen=[_wijzig(t, Einddatum=later)]))

    inloggen(pagina, live_server, backoffice)
    pagina.get_by_role("link", name="Berichtencockpit (iJw/iWmo)").click()
    pagina.get_by_role("button", name="Nieuwe berichten ophalen").click()
    pagina.get_by_role("link", name="JW317 W1").first.click()
    pagina.get_by_role("heading", name="Verzoek om wijziging VOW-1: Te behandelen").wait_for()
    assert pagina.get_by_role("cell", name=f"Toewijzing {t.nummer}:").count() == 1
    assert_toegankelijk(pagina)
    pagina.get_by_label("Motivering").fill("De doelen vragen meer tijd.")
    pagina.get_by_role("button", name="Honoreren (gewijzigde beschikking, 301)").click()
    pagina.get_by_text("Het verzoek is gehonoreerd").wait_for()
    assert_toegankelijk(pagina)
    t.refresh_from_db()
    assert (t.einddatum, t.laatste_wijziging) == (later, "op_verzoek")
    assert Wijzigingsverzoek.objects.get().status == "toegewezen"


def test_an_uploaded_poison_file_names_its_reason_and_the_next_upload_is_received(
    pagina, live_server, settings, tmp_path
):
    """A file with a DOCTYPE past the first 2 KB goes into quarantine with its reason on the
    screen (not a 500), and the valid message uploaded after it is received; the quarantined file is the
    gemeente's own to read, read-only for who has no gemeente."""
    from berichten.models import Bericht
    from verwijzing.models import Toewijzing

    settings.TOEGANG_BERICHTEN_MAP = tmp_path
    venlo = gemeente("0983")

    class Direct:
        def __call__(self, execute=True):
            from contextlib import nullcontext

            return nullcontext()

    dossier, backoffice = _toekenning(venlo, Direct())
    t = Toewijzing.objects.select_related("aanbieder", "inwoner").get(dossier=dossier)
    (tmp_path / "gif.xml").write_bytes(_gif(_start(t, identificatie="B1")))
    (tmp_path / "goed.xml").write_bytes(_start(t, identificatie="B2"))

    inloggen(pagina, live_server, backoffice)
    pagina.get_by_role("link", name="Berichtencockpit (iJw/iWmo)").click()
    pagina.get_by_label("Bericht (XML)").set_input_files(str(tmp_path / "gif.xml"))
    pagina.get_by_role("button", name="Uploaden").click()
    pagina.get_by_text("staat in quarantaine").wait_for()
    assert "DOCTYPE" in pagina.content()
    assert_toegankelijk(pagina)
    gif = Bericht.objects.get(status="quarantaine")
    pagina.get_by_role("link", name=f"JW305 {gif.identificatie}").click()
    pagina.get_by_role("heading", name="Bevindingen en retourcodes").wait_for()
    assert_toegankelijk(pagina)
    pagina.get_by_role("link", name="Terug naar de cockpit").click()
    pagina.get_by_label("Bericht (XML)").set_input_files(str(tmp_path / "goed.xml"))
    pagina.get_by_role("button", name="Uploaden").click()
    pagina.get_by_text("Het bericht is ontvangen").wait_for()
    assert Toewijzing.objects.get(pk=t.pk).gestart_op is not None


def test_the_applicatiebeheer_reads_the_quarantine_that_belongs_to_no_gemeente(pagina, live_server):
    from berichten.inkomend import bericht_ontvangen

    kapot = bericht_ontvangen(b"<?xml version='1.0'?><geen-bericht>", kanaal="map")
    inloggen(pagina, live_server, maak_gebruiker(Rol.APPLICATIEBEHEER))
    pagina.get_by_role("link", name="Berichten in quarantaine zonder gemeente").click()
    pagina.get_by_role("link", name=f"? {kapot.identificatie}").click()
    pagina.get_by_role("heading", name="XML").wait_for()
    assert "geen-bericht" in pagina.content()
    assert_toegankelijk(pagina)
