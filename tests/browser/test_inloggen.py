import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Rol
from tests.browser.conftest import assert_toegankelijk, inloggen
from tests.conftest import maak_gebruiker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_login_page_is_accessible_and_asks_for_the_second_step(pagina, live_server):
    pagina.goto(f"{live_server.url}/inloggen/")
    assert pagina.title() == "Inloggen · Toegang"
    assert pagina.get_by_text("code uit uw authenticator-app").is_visible()
    assert_toegankelijk(pagina)


def test_login_with_totp_reaches_the_start_page(pagina, live_server, venlo):
    gebruiker = maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True)
    inloggen(pagina, live_server, gebruiker)
    pagina.wait_for_url(f"{live_server.url}/start/")
    assert pagina.get_by_role("heading", level=1).inner_text().startswith("Welkom")
    assert_toegankelijk(pagina)


def test_wrong_code_is_refused_with_a_message(pagina, live_server, venlo):
    gebruiker = maak_gebruiker(Rol.BACKOFFICE, [venlo])
    from accounts.factories import totp_apparaat

    totp_apparaat(gebruiker)
    pagina.goto(f"{live_server.url}/inloggen/")
    pagina.get_by_label("Gebruikersnaam").fill(gebruiker.username)
    pagina.get_by_label("Wachtwoord").fill("Toegang-test-2026!")
    pagina.get_by_role("button", name="Inloggen").click()
    pagina.get_by_label("Code uit uw authenticator-app").fill("000000")
    pagina.get_by_role("button", name="Bevestigen").click()
    assert pagina.get_by_text("Deze code is onjuist of verlopen").first.is_visible()
    assert_toegankelijk(pagina)


def _activeringslink(live_server, gebruiker) -> str:
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    from accounts.tokens import activeringstoken

    uidb64 = urlsafe_base64_encode(force_bytes(gebruiker.pk))
    return f"{live_server.url}/inloggen/activeren/?u={uidb64}&t={activeringstoken.make_token(gebruiker)}"


def test_a_password_alone_cannot_link_an_app(pagina, live_server, venlo):
    gebruiker = maak_gebruiker(Rol.REGIE, [venlo])
    inloggen(pagina, live_server, gebruiker, met_apparaat=False)
    pagina.wait_for_url(f"{live_server.url}/inloggen/app-koppelen/")
    pagina.get_by_role("alert").get_by_text("alleen met de activeringslink").wait_for()
    assert pagina.get_by_role("img").count() == 0
    assert_toegankelijk(pagina)


def test_the_activation_link_sets_the_password_and_links_the_app(pagina, live_server, venlo):
    gebruiker = maak_gebruiker(Rol.REGIE, [venlo], username="nieuwe.collega")
    link = _activeringslink(live_server, gebruiker)
    pagina.goto(link)
    assert "t=" not in pagina.url
    pagina.get_by_role("heading", name="Wachtwoord instellen").wait_for()
    assert_toegankelijk(pagina)
    pagina.get_by_label("Nieuw wachtwoord", exact=True).fill("kort")
    pagina.get_by_label("Herhaal het nieuwe wachtwoord").fill("anders")
    pagina.keyboard.press("Enter")
    pagina.get_by_text("De twee wachtwoorden zijn niet gelijk.").first.wait_for()
    assert_toegankelijk(pagina)
    nieuw = "Een-lang-nieuw-wachtwoord-2026"
    pagina.get_by_label("Nieuw wachtwoord", exact=True).fill(nieuw)
    pagina.get_by_label("Herhaal het nieuwe wachtwoord").fill(nieuw)
    pagina.keyboard.press("Enter")
    pagina.wait_for_url(f"{live_server.url}/inloggen/app-koppelen/")
    assert pagina.get_by_role("img", name="QR-code om Toegang aan uw authenticator-app toe te voegen").is_visible()
    assert_toegankelijk(pagina)
    apparaat = TOTPDevice.objects.get(user=gebruiker, confirmed=False)
    code = f"{totp(apparaat.bin_key, step=apparaat.step, t0=apparaat.t0, digits=apparaat.digits):06d}"
    pagina.get_by_label("Code uit uw authenticator-app").fill(code)
    pagina.get_by_role("button", name="Koppelen").click()
    pagina.wait_for_url(f"{live_server.url}/start/")
    assert TOTPDevice.objects.get(user=gebruiker).confirmed
    # The link is spent.
    pagina.goto(link)
    pagina.get_by_role("alert").get_by_text("Deze link is al gebruikt of verlopen").wait_for()
    assert_toegankelijk(pagina)


def test_lockout_screen_after_five_failures(pagina, live_server, venlo):
    gebruiker = maak_gebruiker(Rol.CONSULENT, [venlo])
    for _ in range(6):
        pagina.goto(f"{live_server.url}/inloggen/")
        pagina.get_by_label("Gebruikersnaam").fill(gebruiker.username)
        pagina.get_by_label("Wachtwoord").fill("fout-wachtwoord")
        pagina.get_by_role("button", name="Inloggen").click()
    pagina.get_by_role("heading", name="Account tijdelijk geblokkeerd").wait_for()
    assert_toegankelijk(pagina)
