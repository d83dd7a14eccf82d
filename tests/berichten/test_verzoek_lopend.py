"""The verzoek om toewijzing (315) reads what runs and the garantiefase as the toegang does: the one selector
(`verwijzing.lopend`) and the one rule (`regie.garantiefase`, JR-064–JR-066)."""

from datetime import date, timedelta

import pytest

from berichten import toewijzingsverzoeken
from berichten.inkomend import bericht_ontvangen
from berichten.models import AangevraagdProduct
from berichten.toewijzingsverzoeken import advies
from producten.models import Product
from tests.berichten.hulp import _vot
from tests.conftest import ingelogde_client
from verwijzing.models import Toewijzing
from verwijzing.toewijzing import stop_registreren, toewijzing_verwijderen

pytestmark = pytest.mark.django_db
VANDAAG = date.today()
D = timedelta(days=1)


def _periode(t, van, tot, **velden):
    Toewijzing.objects.filter(pk=t.pk).update(ingangsdatum=van, einddatum=tot, **velden)
    t.refresh_from_db()


def _verwijderd(t, backoffice):
    toewijzing_verwijderen(door=backoffice, toewijzing=t, reden="Dubbel ingevoerd.")


def _gestopt_kort_geleden(t, backoffice):
    _periode(t, VANDAAG - 300 * D, VANDAAG + 100 * D)
    stop_registreren(toewijzing=t, einddatum=VANDAAG - 30 * D, reden="02", bericht_omschrijving="JW307")


def _gestopt_lang_geleden(t, backoffice):
    _periode(t, VANDAAG - 300 * D, VANDAAG - 10 * D)
    stop_registreren(toewijzing=t, einddatum=VANDAAG - 200 * D, reden="02", bericht_omschrijving="JW307")


def _geeindigd(t, backoffice):
    _periode(t, VANDAAG - 300 * D, VANDAAG - 30 * D)


def _lang_geeindigd(t, backoffice):
    _periode(t, VANDAAG - 500 * D, VANDAAG - 250 * D)


def _pleegzorg(t, backoffice):
    """Pleegzorg (segment 2) is no traject: the catalogue names no garantiefase for it."""
    _periode(t, VANDAAG - 300 * D, VANDAAG - 30 * D, product=Product.objects.get(code="44A07"))


def _loopt(t, backoffice):
    """As granted: from next week on."""


# (what happened to the earlier toewijzing, runs beside the requested product?, flagged garantiefase?, source)
GEVALLEN = [
    (_loopt, True, False, "an actual toewijzing runs: Handboek verwijzers jeugdhulp §2.9 (stapelingsmatrix)"),
    (_verwijderd, False, False, "verwijderd: never valid, no longer counts (RedenWijziging 13, CS335, OP087)"),
    (_gestopt_kort_geleden, False, True, "307 Einddatum 30 days ago: care ended, inside the 6 months (JR-064/066)"),
    (_gestopt_lang_geleden, False, False, "307 Einddatum 200 days ago: the 6 months count from it (JR-064)"),
    (_geeindigd, False, True, "ended 30 days ago, same aanbieder and segment (JR-066)"),
    (_lang_geeindigd, False, False, "ended 250 days ago: after the 6 months (JR-064, JR-068)"),
    (_pleegzorg, False, False, "no traject, no garantiefase in the catalogue (no 6-month default)"),
]


@pytest.mark.parametrize(
    ("toestand", "lopend", "gevlagd", "bron"), GEVALLEN, ids=lambda x: getattr(x, "__name__", None)
)
def test_the_315_advice_uses_the_one_definition_of_lopend_and_garantiefase(omgeving, toestand, lopend, gevlagd, bron):
    _venlo, aanbieder, backoffice = omgeving
    bericht_ontvangen(_vot(aanbieder), kanaal="map")
    toewijzingsverzoeken.toewijzingsverzoek_honoreren(
        door=backoffice, taak=AangevraagdProduct.objects.get(), motivering="Verwezen.", gi_instemming="geen"
    )
    eerder = Toewijzing.objects.get()
    toestand(eerder, backoffice)
    xml = _vot(aanbieder, referentie="REF-2", identificatie="V2")
    if toestand is _pleegzorg:  # a return for the same Pleegzorg
        xml = xml.replace(b"45L12", b"44A07").replace(b">45</", b">44</")
    bericht = bericht_ontvangen(xml, kanaal="map")
    a = advies(AangevraagdProduct.objects.get(referentie="REF-2"))
    assert any(b.regel.startswith("MATRIX-") for b in a.bevindingen) is lopend, bron
    assert (f"toewijzing {eerder.nummer}" in a.garantiefase) is gevlagd, (bron, a.garantiefase)
    if gevlagd:
        assert "Mogelijk garantiefase" in a.garantiefase
        pagina = ingelogde_client(backoffice).get(f"/berichten/verzoeken/{bericht.pk}/").content.decode()
        assert a.garantiefase in pagina.replace("&#x27;", "'") and "jeugdhulp §1.1.2.2.2.1" in pagina
