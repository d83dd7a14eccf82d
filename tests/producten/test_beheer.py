"""Functioneel beheer edits the catalogue in the admin; every change is kept with who and when."""

import pytest

from accounts.models import Rol
from producten.models import Tarief
from tests.conftest import ingelogde_client, maak_gebruiker

pytestmark = pytest.mark.django_db


def test_beheer_changes_a_tariff_and_history_keeps_who_and_when(venlo):
    from django.contrib.auth.models import Group

    beheerder = maak_gebruiker(Rol.BEHEER, [venlo], is_staff=True)
    beheerder.groups.add(Group.objects.get(name="Functioneel beheer"))
    client = ingelogde_client(beheerder)
    tarief = Tarief.objects.get(product__code="44A07", soort="regulier")
    url = f"/beheer/producten/tarief/{tarief.pk}/change/"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "product": tarief.product_id,
            "soort": "regulier",
            "aanbieder": "",
            "bedrag": "55.10",
            "geldig_vanaf": tarief.geldig_vanaf.isoformat(),
            "geldig_tot": "",
            "bron": tarief.bron,
        },
    )
    assert response.status_code == 302, response.content[:2000]
    tarief.refresh_from_db()
    assert str(tarief.bedrag) == "55.10"
    laatste = tarief.history.latest()
    assert laatste.history_user == beheerder and laatste.history_date is not None


@pytest.mark.parametrize("rol", [Rol.CONSULENT, Rol.BACKOFFICE, Rol.REGIE])
def test_other_roles_cannot_reach_the_admin(rol, venlo):
    client = ingelogde_client(maak_gebruiker(rol, [venlo]))
    assert client.get("/beheer/producten/tarief/").status_code == 302  # to the admin login


def test_beheer_cannot_see_client_data(venlo):
    beheerder = maak_gebruiker(Rol.BEHEER, [venlo], is_staff=True)
    client = ingelogde_client(beheerder)
    assert client.get("/inwoners/zoeken/").status_code == 403
    assert client.get("/api/v1/inwoners").status_code == 403
