"""The berichten cockpit in the browser: list, filter, detail with XML; axe on each screen."""

import pytest

from accounts.models import Rol
from organisaties.factories import gemeente
from tests.browser.conftest import assert_toegankelijk, inloggen
from tests.conftest import maak_gebruiker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_backoffice_follows_a_jw301_in_the_cockpit(pagina, live_server, settings, tmp_path):
    from tests.berichten.test_uitgaand import _toekenning

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
