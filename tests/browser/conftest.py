"""Browser tests: Playwright drives the Debian Chromium against pytest-django's live server;
axe-core (npm, pinned in package-lock.json) checks WCAG 2.1 A and AA on every screen."""

import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django_otp.oath import totp
from playwright.sync_api import Error as PlaywrightError

from accounts.factories import WACHTWOORD, totp_apparaat

ROOT = Path(__file__).resolve().parents[2]
AXE = Axe.from_file(ROOT / "node_modules" / "axe-core" / "axe.min.js")
WCAG21AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}

# Live-server tests commit data and the database is flushed after each; serialized rollback restores
# what the migrations loaded (the seven gemeenten and the catalogue).
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


# What Chromium says when axe runs in a document that a just-clicked link is replacing.
NAVIGATIE_BEZIG = ("Execution context was destroyed", "reading 'documentElement'")


def assert_toegankelijk(page):
    """Run axe on the page once it has loaded; a click's navigation still under way is waited out, not failed."""
    for poging in range(3):
        page.wait_for_load_state("load")
        try:
            results = AXE.run(page, options=WCAG21AA)
            break
        except PlaywrightError as fout:
            if poging == 2 or not any(tekst in str(fout) for tekst in NAVIGATIE_BEZIG):
                raise
            page.wait_for_timeout(250)
    assert results.violations_count == 0, results.generate_report()


def ondertekenpost(smsmap: Path) -> tuple[str, str]:
    """The last signing link (its path, from the mail) and code (from the SMS folder) that went out."""
    from django.core import mail

    link = re.search(r"(/ondertekenen/\?t=[\w-]+)", mail.outbox[-1].body).group(1)
    code = re.search(r"Uw code: (\d{6})", sorted(smsmap.glob("sms-*.txt"))[-1].read_text()).group(1)
    return link, code


def code_voor(apparaat) -> str:
    return f"{totp(apparaat.bin_key, step=apparaat.step, t0=apparaat.t0, digits=apparaat.digits):06d}"


def inloggen(page, live_server, gebruiker, *, met_apparaat=True):
    """Log in through the real screens: password, then the TOTP code."""
    apparaat = gebruiker.totpdevice_set.filter(confirmed=True).first()
    if met_apparaat and apparaat is None:
        apparaat = totp_apparaat(gebruiker)
    page.goto(f"{live_server.url}/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(gebruiker.username)
    page.get_by_label("Wachtwoord").fill(WACHTWOORD)
    page.get_by_role("button", name="Inloggen").click()
    if met_apparaat:
        page.get_by_label("Code uit uw authenticator-app").fill(code_voor(apparaat))
        page.get_by_role("button", name="Bevestigen").click()
    return apparaat


@pytest.fixture
def pagina(page):
    page.set_default_timeout(15000)
    return page


@pytest.fixture
def toegekende_toewijzing(venlo, settings, tmp_path):
    """A Jeugd toekenning in Venlo (the backoffice decides) with its one toewijzing, not yet started; the
    berichten go to a folder of the test's own. Returns (dossier, toewijzing, consulent, backoffice)."""
    from accounts.models import Rol
    from organisaties.factories import AanbiederFactory
    from producten.factories import ContractFactory
    from producten.models import Product
    from tests.conftest import maak_gebruiker
    from verwijzing.factories import aanvraag_dossier, toekenning_vaststellen
    from verwijzing.models import Toewijzing

    settings.TOEGANG_BERICHTEN_MAP = tmp_path
    consulent = maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True)
    backoffice = maak_gebruiker(Rol.BACKOFFICE, [venlo])
    aanbieder = AanbiederFactory()
    ContractFactory(aanbieder=aanbieder, gemeente=venlo, product=Product.objects.get(code="45L12"))
    dossier = aanvraag_dossier(gemeente=venlo, consulent=consulent, aanbieder=aanbieder)
    toekenning_vaststellen(dossier=dossier, door=backoffice)
    t = Toewijzing.objects.get(dossier=dossier)
    assert t.laatste_wijziging == "nieuw" and t.einddatum is not None and not t.gestart_op
    return dossier, t, consulent, backoffice
