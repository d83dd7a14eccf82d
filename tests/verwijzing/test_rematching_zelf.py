"""An indicatie never runs beside itself. What runs beside a proposal includes the dossier's own indicaties
(verwijzing/lopend.py), but when the indicatie is asked again — sent to another aanbieder after a niet passend
(Handboek verwijzers jeugdhulp §1.1.2.3.2 (r. 2097–2113)), or changed on its wijzigen screen — the stapeling rules
(Handboek verwijzers jeugdhulp §2.9, stapelingsmatrix) weigh it against the other indicaties and toewijzingen, not
against itself: Duurzaam × Duurzaam (niet toegestaan) would otherwise refuse every second aanbieder."""

from datetime import date, timedelta

import pytest
from django.utils.html import escape

from accounts.models import Rol
from inwoners.factories import inwoner_in
from producten.models import Product
from tests.conftest import ingelogde_client, maak_gebruiker
from tests.indicaties import gecontracteerd, indicatie_gegevens
from verwijzing.factories import DossierFactory
from verwijzing.indicatie import (
    indicatie_toetsen,
    indicatie_voorstellen,
    matchingsverzoek_beantwoorden,
    matchingsverzoek_sturen,
)
from verwijzing.matching import matchingsverzoek_opnieuw
from verwijzing.models import Status, VerzoekStatus

pytestmark = pytest.mark.django_db
START = date(2026, 12, 1)


def _eigen(bevindingen, code) -> list:
    """The stapeling findings that weigh the product against itself."""
    return [b["regel"] for b in bevindingen if list(b["producten"]) == [code, code]]


def _indicatie(venlo, code):
    consulent = maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True)
    dossier = DossierFactory(
        gemeente=venlo,
        consulent=consulent,
        status=Status.INDICATIE,
        inwoner=inwoner_in(venlo, geboortedatum=date(2015, 3, 1)),
    )
    eerste = gecontracteerd(venlo, "Eerste aanbieder", code=code)
    gegevens = indicatie_gegevens(eerste, code, ingangsdatum=START, einddatum=START + timedelta(days=270))
    indicatie = indicatie_voorstellen(door=consulent, dossier=dossier, gegevens=gegevens)
    assert _eigen(indicatie.bevindingen, code) == []
    return consulent, indicatie


# (product, its stapeling with itself in the matrix, source)
PRODUCTEN = [
    pytest.param("45L12", "MATRIX-P1-P1", id="HV-2.9-perspectief-1-voorwaardelijk"),
    pytest.param("45L02", "MATRIX-DZ-DZ", id="HV-2.9-duurzaam-niet-toegestaan"),
]


@pytest.mark.parametrize(("code", "regel"), PRODUCTEN)
def test_another_aanbieder_is_asked_without_weighing_the_indicatie_against_itself(venlo, code, regel):
    consulent, indicatie = _indicatie(venlo, code)
    verzoek = matchingsverzoek_sturen(door=consulent, indicatie=indicatie)
    matchingsverzoek_beantwoorden(
        door=maak_gebruiker(Rol.AANBIEDER, [], aanbieder=verzoek.aanbieder),
        verzoek=verzoek,
        passend=False,
        gesprek_op=date.today() - timedelta(days=1),
        gesprek_vorm="aan_tafel",
        verwachte_startdatum=None,
        reden_niet_passend="Geen plek in de groep",
    )
    tweede = gecontracteerd(venlo, "Tweede aanbieder", code=code)
    nieuw = matchingsverzoek_opnieuw(door=consulent, indicatie=indicatie, aanbieder=tweede)
    assert (nieuw.aanbieder, nieuw.status) == (tweede, VerzoekStatus.VERZONDEN)
    indicatie.refresh_from_db()
    assert regel not in _eigen(indicatie.bevindingen, code)
    assert indicatie.uitkomst == "toegestaan", indicatie.bevindingen


@pytest.mark.parametrize(("code", "regel"), PRODUCTEN)
def test_the_live_check_on_the_wijzigen_screen_leaves_the_indicatie_itself_out(venlo, code, regel):
    consulent, indicatie = _indicatie(venlo, code)
    dossier = indicatie.dossier
    client = ingelogde_client(consulent)
    vraag = {"product": Product.objects.get(code=code).pk, "ingangsdatum": START.isoformat()}
    url = f"/dossiers/{dossier.public_id}/indicatie/toets/"
    wijzigen = f"http://testserver/dossiers/{dossier.public_id}/indicatie/{indicatie.pk}/wijzigen/"
    gegevens = {"product": Product.objects.get(code=code), "ingangsdatum": START}
    bevindingen = indicatie_toetsen(dossier=dossier, gegevens=gegevens).bevindingen
    (uitleg,) = [b.uitleg[:60] for b in bevindingen if b.regel == regel]  # the panel drops line references
    # composing another indicatie of the same product in this dossier: the first one runs beside it (the panel
    # shows the finding's explanation)
    antwoord = client.post(url, vraag, HTTP_HX_REQUEST="true").content.decode()
    assert escape(uitleg) in antwoord
    # the page the request came from proves nothing: only the explicit field names the indicatie being changed
    antwoord = client.post(url, vraag, HTTP_HX_REQUEST="true", HTTP_HX_CURRENT_URL=wijzigen).content.decode()
    assert escape(uitleg) in antwoord
    # the wijzigen screen names it in its live check: it is not weighed against itself, as saving the change does not
    pagina = client.get(wijzigen).content.decode()
    assert f"""hx-vals='{{"wijzigt": "{indicatie.pk}"}}'""" in pagina
    antwoord = client.post(url, {**vraag, "wijzigt": indicatie.pk}, HTTP_HX_REQUEST="true").content.decode()
    assert escape(uitleg) not in antwoord


def test_the_live_check_refuses_an_indicatie_of_another_dossier(venlo):
    """The id comes from the browser: one that is not this dossier's is not found, never left out silently."""
    consulent, indicatie = _indicatie(venlo, PRODUCTEN[0].values[0])
    _c, ander = _indicatie(venlo, PRODUCTEN[0].values[0])
    client = ingelogde_client(consulent)
    vraag = {"product": indicatie.product.pk, "ingangsdatum": START.isoformat()}
    url = f"/dossiers/{indicatie.dossier.public_id}/indicatie/toets/"
    for wijzigt in (ander.pk, "x"):
        assert client.post(url, {**vraag, "wijzigt": wijzigt}, HTTP_HX_REQUEST="true").status_code == 404
