"""Intrekken and verwijderen on the toewijzing page in the browser.

The beslisser (the backoffice, for Jeugd) ends a toewijzing earlier with a RedenWijziging of its choice,
or deletes one that never started (RedenWijziging 13, einddatum = ingangsdatum, CS335); both go out as a
JW301 on the same number. The refusals (an einddatum before the ingangsdatum, deleting after the
aanbieder reported a start) come back on the form, announced, with status 400 and nothing changed. A
Jeugd consulent sees the toewijzing but gets no forms, and a forged post is refused. Forms are filled
from the keyboard (Tab, type-ahead in the select, Enter on the button), axe checks every screen."""

from datetime import date, timedelta

import pytest

from berichten.models import Bericht
from istandaard.validatie import valideer
from istandaard.xml import lees, naar_dict
from tests.browser.conftest import assert_toegankelijk, inloggen
from verwijzing.toewijzing import start_registreren

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

INTREKKEN_DATUM = "Nieuwe (eerdere) einddatum"
REDEN_WIJZIGING = "Reden wijziging (gaat mee in de 301)"
MOTIVERING_INTREKKING = "Motivering intrekking"
REDEN_VERWIJDEREN = "Reden verwijderen"


@pytest.fixture
def toegekend(toegekende_toewijzing):
    dossier, t, consulent, backoffice = toegekende_toewijzing
    assert _berichten(t) == 1  # the toekenning's own 301
    return dossier, t, consulent, backoffice


def _berichten(t) -> int:
    return Bericht.objects.filter(richting="uit", soort="JW301", toewijzingen=t).count()


def _product_in_laatste_301(t) -> dict:
    """The ToegewezenProduct for this toewijzing in the newest JW301 that carries it."""
    bericht = Bericht.objects.filter(richting="uit", soort="JW301", toewijzingen=t).order_by("-pk").first()
    inhoud = bytes(bericht.xml)
    assert valideer(inhoud).geldig
    _d, _n, g = naar_dict(lees(inhoud))
    producten = g["Client"]["ToegewezenProducten"]["ToegewezenProduct"]
    (product,) = [p for p in producten if p["ToewijzingNummer"] == str(t.nummer)]
    return product


def _pagina_url(live_server, dossier, t) -> str:
    return f"{live_server.url}/dossiers/{dossier.public_id}/toewijzing/{t.public_id}/"


def _focus(pagina) -> str:
    return pagina.evaluate("document.activeElement.id || document.activeElement.textContent.trim()")


def _vul_datum_en_tab_verder(pagina, veld, datum: date) -> None:
    """A native date input takes its digits in the order of the browser's language (dd-mm-jjjj or
    mm/dd/yyyy), so the value is filled as ISO date; then Tab walks through its segments (day, month,
    year) and on to the next field, as a keyboard user leaves it."""
    veld.fill(datum.isoformat())
    assert veld.input_value() == datum.isoformat()
    for _segment in range(4):
        if _focus(pagina) != veld.get_attribute("id"):
            break
        pagina.keyboard.press("Tab")


def _intrekken_per_toetsenbord(pagina, einddatum: date, reden_code: str, motivering: str) -> None:
    """Fill the intrekken form from the keyboard: the date, Tab to the RedenWijziging (type-ahead on
    its code), Tab to the motivering, Tab to the button. Leaves the focus on the button."""
    _vul_datum_en_tab_verder(pagina, pagina.get_by_label(INTREKKEN_DATUM, exact=True), einddatum)
    assert _focus(pagina) == "id_intrekken-reden_wijziging"
    pagina.keyboard.type(reden_code)
    assert pagina.get_by_label(REDEN_WIJZIGING).input_value() == reden_code
    pagina.keyboard.press("Tab")
    assert _focus(pagina) == "id_intrekken-reden"
    pagina.keyboard.type(motivering)
    pagina.keyboard.press("Tab")
    assert _focus(pagina) == "Intrekken"


def _verwijderen_per_toetsenbord(pagina, reden: str) -> None:
    pagina.get_by_label(REDEN_VERWIJDEREN, exact=True).focus()
    pagina.keyboard.type(reden)
    pagina.keyboard.press("Tab")
    assert _focus(pagina) == "Verwijderen"


def _post_naar(pagina, actie: str):
    return pagina.expect_response(lambda r: r.request.method == "POST" and r.url.endswith(f"/{actie}/"))


def test_the_beslisser_withdraws_a_toewijzing_by_keyboard_with_another_reden_wijziging(pagina, live_server, toegekend):
    dossier, t, _consulent, backoffice = toegekend
    ingang, oude_einddatum = t.ingangsdatum, t.einddatum
    nieuw = ingang + timedelta(days=30)

    inloggen(pagina, live_server, backoffice)
    pagina.goto(f"{live_server.url}/dossiers/{dossier.public_id}/")
    pagina.get_by_role("link", name=f"Toewijzing {t.nummer} bekijken of wijzigen").click()
    pagina.get_by_role("heading", name="Intrekken (eerder beëindigen)").wait_for()
    assert pagina.get_by_label(REDEN_WIJZIGING).input_value() == "05"  # the default
    assert_toegankelijk(pagina)

    _intrekken_per_toetsenbord(pagina, nieuw, "09", "Cliënt stapt over naar een andere aanbieder.")
    with _post_naar(pagina, "intrekken") as antwoord, pagina.expect_navigation():
        pagina.keyboard.press("Enter")
    assert antwoord.value.status == 302  # to the dossier

    pagina.get_by_role("status").filter(has_text="De toewijzing is ingetrokken: de einddatum is vervroegd.").wait_for()
    rij = pagina.get_by_role("row").filter(has_text=f"Toewijzing {t.nummer} bekijken of wijzigen")
    assert f"{ingang:%d-%m-%Y} – {nieuw:%d-%m-%Y}" in rij.inner_text()
    assert "Ingetrokken: einddatum vervroegd" in rij.inner_text()
    assert_toegankelijk(pagina)

    t.refresh_from_db()
    assert (t.einddatum, t.laatste_wijziging) == (nieuw, "ingetrokken")
    assert t.einddatum != oude_einddatum
    assert _berichten(t) == 2
    product = _product_in_laatste_301(t)
    assert (product["RedenWijziging"], product["Einddatum"]) == ("09", nieuw.isoformat())
    assert product["Ingangsdatum"] == ingang.isoformat()

    # The toewijzing page itself shows the new period and what changed.
    rij.get_by_role("link", name=f"Toewijzing {t.nummer} bekijken of wijzigen").click()
    gegevens = pagina.locator("dl.toegang-gegevens")
    gegevens.wait_for()
    assert f"{ingang:%d-%m-%Y} – {nieuw:%d-%m-%Y}" in gegevens.inner_text()
    assert "Ingetrokken: einddatum vervroegd" in gegevens.inner_text()
    assert_toegankelijk(pagina)


def test_an_einddatum_before_the_ingangsdatum_is_refused_on_the_form(pagina, live_server, toegekend):
    dossier, t, _consulent, backoffice = toegekend
    voor = (t.einddatum, t.laatste_wijziging, t.gewijzigd_op)

    inloggen(pagina, live_server, backoffice)
    pagina.goto(_pagina_url(live_server, dossier, t))
    _intrekken_per_toetsenbord(pagina, t.ingangsdatum - timedelta(days=1), "03", "Contract loopt af.")
    with _post_naar(pagina, "intrekken") as antwoord, pagina.expect_navigation():
        pagina.keyboard.press("Enter")
    assert antwoord.value.status == 400

    melding = pagina.get_by_role("alert").filter(has_text="Het formulier bevat fouten")
    melding.wait_for()
    assert "De einddatum ligt niet vóór de ingangsdatum" in melding.inner_text()
    # The alert sits in the intrekken form, and what was typed is kept for the correction.
    formulier = pagina.locator("form").filter(has=pagina.get_by_role("button", name="Intrekken"))
    assert formulier.get_by_role("alert").count() == 1
    assert pagina.get_by_label(REDEN_WIJZIGING).input_value() == "03"
    assert (
        pagina.get_by_label(INTREKKEN_DATUM, exact=True).input_value()
        == (t.ingangsdatum - timedelta(days=1)).isoformat()
    )
    assert_toegankelijk(pagina)

    t.refresh_from_db()
    assert (t.einddatum, t.laatste_wijziging, t.gewijzigd_op) == voor
    assert _berichten(t) == 1


def test_verwijderen_before_a_start_sends_reden_wijziging_13(pagina, live_server, toegekend):
    dossier, t, _consulent, backoffice = toegekend
    ingang = t.ingangsdatum

    inloggen(pagina, live_server, backoffice)
    pagina.goto(_pagina_url(live_server, dossier, t))
    pagina.get_by_role("heading", name="Verwijderen (heeft nooit gegolden)").wait_for()
    _verwijderen_per_toetsenbord(pagina, "Dubbel toegewezen.")
    with _post_naar(pagina, "verwijderen") as antwoord, pagina.expect_navigation():
        pagina.keyboard.press("Enter")
    assert antwoord.value.status == 302

    pagina.get_by_role("status").filter(has_text="De toewijzing is verwijderd.").wait_for()
    # Ended: the dossier offers the toewijzing to look at, no longer to change.
    rij = pagina.get_by_role("row").filter(has_text=f"Toewijzing {t.nummer} bekijken")
    assert f"{ingang:%d-%m-%Y} – {ingang:%d-%m-%Y}" in rij.inner_text()
    assert rij.get_by_role("link", name=f"Toewijzing {t.nummer} bekijken", exact=True).count() == 1
    assert_toegankelijk(pagina)

    t.refresh_from_db()
    assert (t.einddatum, t.laatste_wijziging) == (ingang, "verwijderd")
    assert _berichten(t) == 2
    product = _product_in_laatste_301(t)
    assert product["RedenWijziging"] == "13"
    assert product["Einddatum"] == product["Ingangsdatum"] == ingang.isoformat()  # CS335

    # A deleted toewijzing has no change forms left.
    pagina.goto(_pagina_url(live_server, dossier, t))
    pagina.locator("dl.toegang-gegevens").wait_for()
    assert pagina.locator("main form").count() == 0
    assert_toegankelijk(pagina)


def test_after_a_reported_start_verwijderen_is_refused_and_intrekken_respects_the_start(pagina, live_server, toegekend):
    dossier, t, _consulent, backoffice = toegekend
    start = t.ingangsdatum + timedelta(days=5)

    inloggen(pagina, live_server, backoffice)
    pagina.goto(_pagina_url(live_server, dossier, t))
    pagina.get_by_role("heading", name="Verwijderen (heeft nooit gegolden)").wait_for()
    # The aanbieder's 305 arrives while the page is open.
    start_registreren(toewijzing=t, begindatum=start, bericht_omschrijving="JW305 (test)")
    t.refresh_from_db()
    voor = (t.einddatum, t.laatste_wijziging, t.gewijzigd_op)

    _verwijderen_per_toetsenbord(pagina, "Dubbel toegewezen.")
    with _post_naar(pagina, "verwijderen") as antwoord, pagina.expect_navigation():
        pagina.keyboard.press("Enter")
    assert antwoord.value.status == 400
    melding = pagina.get_by_role("alert").filter(has_text="Het formulier bevat fouten")
    melding.wait_for()
    assert "De aanbieder is al gestart met deze toewijzing; trek haar in in plaats van verwijderen." in (
        melding.inner_text()
    )
    assert_toegankelijk(pagina)
    t.refresh_from_db()
    assert (t.einddatum, t.laatste_wijziging, t.gewijzigd_op) == voor
    assert _berichten(t) == 1

    # Intrekken to a day before the reported start is refused as well: delivered care stays covered.
    _intrekken_per_toetsenbord(pagina, start - timedelta(days=1), "05", "Herbeoordeling.")
    with _post_naar(pagina, "intrekken") as antwoord, pagina.expect_navigation():
        pagina.keyboard.press("Enter")
    assert antwoord.value.status == 400
    melding = pagina.get_by_role("alert").filter(has_text="Het formulier bevat fouten")
    melding.wait_for()
    assert "De aanbieder is al gestart; de einddatum ligt niet vóór die start." in melding.inner_text()
    t.refresh_from_db()
    assert (t.einddatum, t.laatste_wijziging, t.gewijzigd_op) == voor
    assert _berichten(t) == 1

    # Opened afresh, the page shows the start and no longer offers verwijderen; intrekken stays.
    pagina.goto(_pagina_url(live_server, dossier, t))
    assert f"gestart op {start:%d-%m-%Y}" in pagina.locator("dl.toegang-gegevens").inner_text()
    assert pagina.get_by_role("heading", name="Intrekken (eerder beëindigen)").count() == 1
    assert pagina.get_by_role("heading", name="Verwijderen (heeft nooit gegolden)").count() == 0
    assert pagina.get_by_role("button", name="Verwijderen").count() == 0
    assert_toegankelijk(pagina)


FORM_POSTEN = """([adres, velden]) => {
    const form = document.createElement("form");
    form.method = "post";
    form.action = adres;
    const csrf = document.querySelector("input[name=csrfmiddlewaretoken]").value;
    for (const [naam, waarde] of Object.entries({csrfmiddlewaretoken: csrf, ...velden})) {
        const input = document.createElement("input");
        input.type = "hidden";
        input.name = naam;
        input.value = waarde;
        form.appendChild(input);
    }
    document.body.appendChild(form);
    form.submit();
}"""


def test_a_jeugd_consulent_sees_the_toewijzing_without_forms_and_a_forged_post_is_refused(
    pagina, live_server, toegekend
):
    dossier, t, consulent, _backoffice = toegekend
    voor = (t.einddatum, t.laatste_wijziging, t.gewijzigd_op)

    inloggen(pagina, live_server, consulent)
    pagina.goto(f"{live_server.url}/dossiers/{dossier.public_id}/")
    assert pagina.get_by_role("link", name=f"Toewijzing {t.nummer} bekijken of wijzigen").count() == 0
    pagina.get_by_role("link", name=f"Toewijzing {t.nummer} bekijken", exact=True).click()
    pagina.get_by_role("heading", name=f"Toewijzing {t.nummer}:").wait_for()
    assert f"{t.ingangsdatum:%d-%m-%Y} – {t.einddatum:%d-%m-%Y}" in pagina.locator("dl.toegang-gegevens").inner_text()
    assert pagina.locator("main form").count() == 0
    for knop in ("Oprekken", "Omvang wijzigen", "Intrekken", "Verwijderen"):
        assert pagina.get_by_role("button", name=knop).count() == 0
    assert pagina.get_by_label(INTREKKEN_DATUM, exact=True).count() == 0
    assert_toegankelijk(pagina)

    # Posting the forms anyway (the CSRF token from the logout form) is refused by the service.
    velden = {
        "intrekken": {
            "intrekken-einddatum": (t.ingangsdatum + timedelta(days=30)).isoformat(),
            "intrekken-reden_wijziging": "09",
            "intrekken-reden": "Overstap.",
        },
        "verwijderen": {"verwijderen-reden": "Dubbel."},
    }
    for actie, data in velden.items():
        with _post_naar(pagina, actie) as antwoord, pagina.expect_navigation():
            pagina.evaluate(FORM_POSTEN, [f"{_pagina_url(live_server, dossier, t)}{actie}/", data])
        assert antwoord.value.status == 400
        melding = pagina.get_by_role("alert").filter(has_text="Het formulier bevat fouten")
        melding.wait_for()
        assert "U mag in deze gemeente niet beschikken voor dit domein." in melding.inner_text()
        assert_toegankelijk(pagina)
        t.refresh_from_db()
        assert (t.einddatum, t.laatste_wijziging, t.gewijzigd_op) == voor
        assert _berichten(t) == 1


def test_the_page_title_names_only_the_toewijzing(pagina, live_server, toegekend):
    dossier, t, _consulent, backoffice = toegekend
    inloggen(pagina, live_server, backoffice)
    pagina.goto(_pagina_url(live_server, dossier, t))
    pagina.get_by_role("heading", name="Intrekken (eerder beëindigen)").wait_for()
    assert pagina.title() == f"Toewijzing {t.nummer} · Toegang"
