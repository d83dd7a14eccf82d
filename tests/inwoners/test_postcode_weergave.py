"""A Dutch postcode shows as people write it, "5911 CM", on the inwoner page (and, through the same property,
in the letter and the portal), while it stays stored without the space that the 301 needs."""

import pytest

from accounts.models import Rol
from inwoners.factories import inwoner_in
from inwoners.models import postcode_weergave
from tests.conftest import ingelogde_client, maak_gebruiker
from verwijzing.factories import DossierFactory


@pytest.mark.parametrize(
    ("opgeslagen", "getoond"),
    [("5911CM", "5911 CM"), ("5911 cm", "5911 CM"), ("5911CB", "5911 CB"), ("B-1000", "B-1000"), ("", "")],
)
def test_a_dutch_postcode_shows_with_its_space(opgeslagen, getoond):
    assert postcode_weergave(opgeslagen) == getoond


@pytest.mark.django_db
def test_the_inwoner_page_shows_the_postcode_with_its_space(venlo):
    consulent = maak_gebruiker(Rol.CONSULENT, [venlo], domein_wmo=True)
    inwoner = inwoner_in(venlo)
    inwoner.adressen.update(postcode="5911CM")
    DossierFactory(gemeente=venlo, consulent=consulent, domein="wmo", inwoner=inwoner)  # in the consulent's scope
    tekst = ingelogde_client(consulent).get(f"/inwoners/{inwoner.public_id}/").content.decode()
    assert "5911 CM" in tekst and "5911CM" not in tekst
    assert inwoner.adressen.get().postcode == "5911CM"  # stored as the 301 needs it
