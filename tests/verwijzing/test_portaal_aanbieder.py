"""The aanbieder's portal speaks from the aanbieder's side: a request waiting for it is "Te beantwoorden" (not
the gemeente's "Verzonden"), an answered one "Beantwoord: passend" or "niet passend"; the request page leads
back to the list; the address shows its postcode as written (5911 CM)."""

from datetime import date, timedelta

import pytest

from accounts.models import Rol
from tests.conftest import ingelogde_client, maak_gebruiker
from tests.verwijzing.test_matching import _indicatie, aanbieder, consulent  # noqa: F401 (fixtures)
from verwijzing.indicatie import matchingsverzoek_beantwoorden, matchingsverzoek_sturen

pytestmark = pytest.mark.django_db


def test_the_portal_labels_requests_from_the_aanbieders_side(consulent, venlo, aanbieder):  # noqa: F811
    indicatie = _indicatie(consulent, venlo, aanbieder)
    indicatie.dossier.inwoner.adressen.update(postcode="5911CM")
    open_ = matchingsverzoek_sturen(door=consulent, indicatie=indicatie)
    tweede = _indicatie(consulent, venlo, aanbieder, code="45L13")
    beantwoord = matchingsverzoek_sturen(door=consulent, indicatie=tweede)
    medewerker = maak_gebruiker(Rol.AANBIEDER, [], aanbieder=aanbieder)
    matchingsverzoek_beantwoorden(
        door=medewerker,
        verzoek=beantwoord,
        passend=False,
        gesprek_op=date.today() - timedelta(days=1),
        gesprek_vorm="aan_tafel",
        reden_niet_passend="Geen plek.",
    )
    client = ingelogde_client(medewerker)
    lijst = client.get("/portaal/").content.decode()
    assert "Te beantwoorden" in lijst and "Beantwoord: niet passend" in lijst
    assert ">Verzonden<" not in lijst and "Geretourneerd" not in lijst
    pagina = client.get(f"/portaal/verzoeken/{open_.public_id}/").content.decode()
    assert 'href="/portaal/"' in pagina and "Terug naar de matchingsverzoeken" in pagina
    assert "Te beantwoorden" in pagina
    assert "5911 CM" in pagina and "5911CM" not in pagina
