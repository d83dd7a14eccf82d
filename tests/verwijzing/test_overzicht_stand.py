"""The dossier page tells one story: the step at hand is the one the status names, with what it waits for; the
running deadline shows as the werkvoorraad shows it; the timeline speaks in names, not ids or codes."""

import re
from datetime import date, timedelta

import pytest

from accounts.models import Rol
from inwoners.factories import inwoner_in
from producten.factories import ContractFactory
from producten.models import Product
from tests.berichten.hulp import _toekenning
from tests.conftest import ingelogde_client, maak_gebruiker
from verwijzing.factories import DossierFactory, IndicatieFactory, aanvraag_dossier
from verwijzing.models import OPEN, Beschikking, Dossier, Matchingsverzoek, Ondertekening, Status, Toewijzing

pytestmark = pytest.mark.django_db
VANDAAG = date.today()


@pytest.fixture
def consulent(venlo):
    return maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True, domein_wmo=True)


def _html(client, dossier) -> str:
    response = client.get(f"/dossiers/{dossier.public_id}/")
    assert response.status_code == 200
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def _tekst(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _huidige_stap(html: str) -> str | None:
    """The text of the step marked aria-current, or None."""
    m = re.search(r'<li[^>]*aria-current="step"[^>]*>(.*?)</li>', html, re.S)
    return _tekst(m.group(1)).strip() if m else None


# Every status, and the step the page must mark as at hand (None: the dossier is done or ended).
HUIDIG = {
    Status.MELDING: "Melding: nu bezig",
    Status.ONDERZOEK: "Vraagverheldering: nu bezig",
    Status.INDICATIE: "Indicatie: nu bezig",
    Status.LEEFZORGPLAN: "Leefzorgplan: nu bezig",
    Status.ONDERTEKENING: "Ondertekening: nu bezig",
    Status.AANVRAAG: "Beschikking: nu bezig",
    Status.TOEGEKEND: "Toewijzing: nu bezig",
    Status.AFGEWEZEN: None,
    Status.AFGESLOTEN_VOORLIGGEND: None,
    Status.AFGESLOTEN_WLZ: None,
    Status.INGETROKKEN: None,
    Status.BUITEN_BEHANDELING: None,
}


def test_the_table_covers_every_status():
    assert set(HUIDIG) == set(Status)


@pytest.mark.parametrize("status", list(Status))
def test_the_step_at_hand_is_the_one_the_status_names(status, consulent, venlo):
    dossier = DossierFactory(gemeente=venlo, consulent=consulent, inwoner=inwoner_in(venlo), status=status)
    html = _html(ingelogde_client(consulent), dossier)
    huidig = _huidige_stap(html)
    verwacht = HUIDIG[status]
    if verwacht is None:
        assert huidig is None and "nu bezig" not in _tekst(html)
    else:
        assert huidig and huidig.startswith(verwacht), huidig
        assert _tekst(html).count("nu bezig") == 1
    # The same status word on the dossier page and in the werkvoorraad (open dossiers only are listed there).
    assert f"Status {Status(status).label}" in _tekst(html)
    if status in OPEN:
        assert str(Status(status).label) in _tekst(ingelogde_client(consulent).get("/dossiers/").content.decode())


def test_a_new_melding_is_at_the_melding_until_the_onderzoek_starts(consulent, venlo):
    dossier = DossierFactory(gemeente=venlo, consulent=consulent, inwoner=inwoner_in(venlo))
    html = _html(ingelogde_client(consulent), dossier)
    assert "Start vraagverheldering" in html
    assert _huidige_stap(html) == "Melding: nu bezig (de vraagverheldering is nog niet gestart)"
    assert "Vraagverheldering: nog te doen" in _tekst(html)


def test_a_sent_matchingsverzoek_is_detail_of_the_indicatie_step(consulent, venlo):
    dossier = DossierFactory(gemeente=venlo, consulent=consulent, inwoner=inwoner_in(venlo), status=Status.INDICATIE)
    indicatie = IndicatieFactory(dossier=dossier, matching=True)
    Matchingsverzoek.objects.create(
        dossier=dossier,
        indicatie=indicatie,
        product=indicatie.product,
        aanbieder=indicatie.aanbieder,
        status="verzonden",
        verzonden_op=VANDAAG,
        verzonden_door=consulent,
    )
    html = _html(ingelogde_client(consulent), dossier)
    assert _huidige_stap(html) == "Indicatie: nu bezig (matchingsverzoek verstuurd, wacht op antwoord)"
    assert "Indicatie: afgerond" not in _tekst(html) and "Matching: nu bezig" not in _tekst(html)


@pytest.mark.parametrize(
    ("dagen", "woord"), [(-3, "(te laat)"), (2, "(binnenkort)"), (30, "")], ids=["te-laat", "binnenkort", "op-tijd"]
)
def test_the_wmo_onderzoek_deadline_shows_on_the_dossier_page(dagen, woord, consulent, venlo):
    dossier = DossierFactory(gemeente=venlo, consulent=consulent, inwoner=inwoner_in(venlo), domein="wmo")
    Dossier.objects.filter(pk=dossier.pk).update(uiterlijk=VANDAAG + timedelta(days=dagen))
    tekst = _tekst(_html(ingelogde_client(consulent), dossier))
    regel = f"Onderzoek afronden uiterlijk {VANDAAG + timedelta(days=dagen):%d-%m-%Y}"
    assert regel in tekst
    na = tekst[tekst.index(regel) + len(regel) :].strip()
    if woord:
        assert na.startswith(woord)
    else:
        assert not na.startswith("(te laat)") and not na.startswith("(binnenkort)")


def test_the_timeline_names_the_aanbieder_of_a_toewijzing(
    venlo, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.TOEGANG_BERICHTEN_MAP = tmp_path
    dossier, backoffice = _toekenning(venlo, django_capture_on_commit_callbacks)
    t = Toewijzing.objects.select_related("aanbieder").get(dossier=dossier)
    html = _html(ingelogde_client(backoffice), dossier)
    tijdlijn = _tekst(html[html.index("Wat er gebeurde") :])
    assert f"Toewijzing {t.nummer}: 45L12 bij {t.aanbieder.naam}" in tijdlijn
    assert f"bij {t.aanbieder.agb_code}" not in tijdlijn


def _vastgesteld(venlo, capture):
    """A jeugd dossier with a beschikking vastgesteld and its PDF made, not yet sent; and its backoffice."""
    backoffice = maak_gebruiker(Rol.BACKOFFICE, [venlo])
    consulent = maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True)
    contract = ContractFactory(product=Product.objects.get(code="45L12"), gemeente=venlo)
    dossier = aanvraag_dossier(gemeente=venlo, consulent=consulent, aanbieder=contract.aanbieder)
    Ondertekening.objects.filter(dossier=dossier).update(naam="Petra Peters")
    client = ingelogde_client(backoffice)
    client.post(f"/dossiers/{dossier.public_id}/beschikking/", {"soort": "toekenning", "motivering": "Past."})
    with capture(execute=True):
        client.post(f"/dossiers/{dossier.public_id}/beschikking/vaststellen/")
    return dossier, client


def test_the_bekendmaking_proposes_whom_the_letter_is_addressed_to(venlo, django_capture_on_commit_callbacks):
    dossier, client = _vastgesteld(venlo, django_capture_on_commit_callbacks)
    html = _html(client, dossier)
    assert re.search(r'<input[^>]*name="bekendmaking-geadresseerden"[^>]*value="Petra Peters"', html), html


def test_a_failed_bekendmaking_is_announced_at_the_top_and_leads_to_its_errors(
    venlo, django_capture_on_commit_callbacks
):
    dossier, client = _vastgesteld(venlo, django_capture_on_commit_callbacks)
    b = Beschikking.objects.get(dossier=dossier)
    r = client.post(
        f"/dossiers/{dossier.public_id}/beschikking/{b.public_id}/bekendmaking/",
        {"bekendmaking-geadresseerden": "", "bekendmaking-kanaal": "post", "bekendmaking-verzonden_op": ""},
    )
    assert r.status_code == 400
    html = r.content.decode()
    main = html[html.index("<main") :]
    boven = main[: main.index('id="kop-stappen"')]
    assert 'role="alert"' in boven and 'href="#bekendmaking-fouten"' in boven  # seen before anything else
    assert 'id="bekendmaking-fouten"' in html  # the form's own summary, the link's target
    assert "#bekendmaking-fouten" in re.search(r'action="([^"]*bekendmaking/[^"]*)"', html).group(1)
