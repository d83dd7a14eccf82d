"""The one scoping mechanism and the permissions held per gemeente."""

import pytest

from accounts.models import Lidmaatschap, Rol
from accounts.permissions import mag_beschikken, mag_hardheidsclausule_goedkeuren
from inwoners.factories import InwonerFactory, RelatieFactory, geregistreerd_door, inwoner_in
from inwoners.models import Betrokkenheid, Inwoner
from organisaties.factories import AanbiederFactory, gemeente
from tests.conftest import maak_gebruiker
from verwijzing.factories import DossierFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def inwoners(venlo, beesel):
    """Each with a Jeugd dossier in the gemeente where it lives, but "elders": no dossier anywhere."""
    w = {"venlo": inwoner_in(venlo), "beesel": inwoner_in(beesel), "elders": inwoner_in(None)}
    for naam, g in (("venlo", venlo), ("beesel", beesel)):
        DossierFactory(inwoner=w[naam], gemeente=g, domein="jeugd", consulent=maak_gebruiker(Rol.CONSULENT, [g]))
    return w


@pytest.mark.parametrize(
    ("rol", "ziet"),
    [
        (Rol.CONSULENT, {"venlo"}),
        (Rol.BACKOFFICE, {"venlo"}),
        (Rol.REGIE, set()),  # aggregates only, never client data
        (Rol.BEHEER, set()),  # products and accounts, never client data
    ],
)
def test_visible_to_per_role(rol, ziet, inwoners, venlo):
    """The full table per role and its sources: tests/inwoners/test_wie_ziet_wie.py."""
    gebruiker = maak_gebruiker(rol, [venlo])
    zichtbaar = set(Inwoner.objects.visible_to(gebruiker).values_list("pk", flat=True))
    assert zichtbaar == {inwoners[n].pk for n in ziet}


def test_aanbieder_sees_no_inwoner_without_a_toewijzing(inwoners):
    gebruiker = maak_gebruiker(Rol.AANBIEDER, [], aanbieder=AanbiederFactory())
    assert not Inwoner.objects.visible_to(gebruiker).exists()


def test_consulent_of_several_gemeenten_sees_each(inwoners, venlo, beesel):
    gebruiker = maak_gebruiker(Rol.CONSULENT, [venlo, beesel])
    assert set(Inwoner.objects.visible_to(gebruiker)) == {inwoners["venlo"], inwoners["beesel"]}


def test_the_responsible_gemeentes_dossier_brings_an_inwoner_from_elsewhere_into_scope(inwoners, venlo):
    """Woonplaatsbeginsel (Handboek verwijzers jeugdhulp §2.2 (r. 3553–3557)): after a move for
    verblijf the original gemeente stays responsible, so scope follows the dossier of the responsible
    gemeente, not the address. A Betrokkenheid of the gemeente alone is a record, not a ground to see."""
    consulent = maak_gebruiker(Rol.CONSULENT, [venlo])
    Betrokkenheid.objects.create(inwoner=inwoners["elders"], gemeente=venlo, reden="melding", door=consulent)
    assert set(Inwoner.objects.visible_to(consulent)) == {inwoners["venlo"]}
    DossierFactory(inwoner=inwoners["elders"], gemeente=venlo, domein="jeugd", consulent=consulent)
    assert set(Inwoner.objects.visible_to(consulent)) == {inwoners["venlo"], inwoners["elders"]}


def test_no_duplicates_when_dossiers_relatie_and_toegangsgrond_all_match(inwoners, venlo):
    consulent = maak_gebruiker(Rol.CONSULENT, [venlo])
    venlo_inwoner = inwoners["venlo"]
    DossierFactory(inwoner=venlo_inwoner, gemeente=venlo, domein="jeugd", consulent=consulent)
    kind = inwoner_in(venlo)
    DossierFactory(inwoner=kind, gemeente=venlo, domein="jeugd", consulent=consulent)
    RelatieFactory(inwoner=kind, persoon=venlo_inwoner, soort="10")
    geregistreerd_door(venlo_inwoner, consulent, venlo)
    assert Inwoner.objects.visible_to(consulent).filter(pk=venlo_inwoner.pk).count() == 1


def test_inactive_or_anonymous_users_see_nothing(inwoners, venlo):
    from django.contrib.auth.models import AnonymousUser

    gebruiker = maak_gebruiker(Rol.CONSULENT, [venlo], is_active=False)
    assert not Inwoner.objects.visible_to(gebruiker).exists()
    assert not Inwoner.objects.visible_to(AnonymousUser()).exists()
    assert InwonerFactory  # factories stay importable for the bench generator


# Handboek Maatwerkdiensten Wmo §2 (r. 120–121): the backoffice issues the Jeugd beschikking, the
# consulent the Wmo beschikking; configurable per gemeente.
BESCHIKKEN = [
    # (rol, domeinen, gemeente-instelling jeugd, wmo, domein, verwacht, bron)
    (Rol.BACKOFFICE, (), "backoffice", "consulent", "jeugd", True, "Handboek Maatwerkdiensten Wmo §2 (r. 120–121)"),
    (
        Rol.CONSULENT,
        ("jeugd",),
        "backoffice",
        "consulent",
        "jeugd",
        False,
        "Handboek Maatwerkdiensten Wmo §2 (r. 120–121)",
    ),
    (Rol.CONSULENT, ("wmo",), "backoffice", "consulent", "wmo", True, "Handboek Maatwerkdiensten Wmo §2 (r. 120–121)"),
    (Rol.BACKOFFICE, (), "backoffice", "consulent", "wmo", False, "Handboek Maatwerkdiensten Wmo §2 (r. 120–121)"),
    (Rol.CONSULENT, ("jeugd",), "backoffice", "consulent", "wmo", False, "consulent Jeugd only"),
    (Rol.CONSULENT, ("jeugd",), "consulent", "consulent", "jeugd", True, "per-gemeente configuration"),
    (Rol.BACKOFFICE, (), "backoffice", "backoffice", "wmo", True, "per-gemeente configuration"),
    (Rol.REGIE, (), "backoffice", "consulent", "jeugd", False, "regie never decides"),
]


@pytest.mark.parametrize(("rol", "domeinen", "jeugd_door", "wmo_door", "domein", "verwacht", "bron"), BESCHIKKEN)
def test_who_issues_the_beschikking(rol, domeinen, jeugd_door, wmo_door, domein, verwacht, bron, venlo):
    venlo.beschikking_jeugd_door, venlo.beschikking_wmo_door = jeugd_door, wmo_door
    venlo.save()
    gebruiker = maak_gebruiker(rol, [venlo], domein_jeugd="jeugd" in domeinen, domein_wmo="wmo" in domeinen)
    assert mag_beschikken(gebruiker, venlo, domein) is verwacht, bron


def test_beschikking_only_in_own_gemeente(venlo):
    gebruiker = maak_gebruiker(Rol.BACKOFFICE, [venlo])
    assert mag_beschikken(gebruiker, gemeente("0889"), "jeugd") is False


def test_hardheidsclausule_permission_is_held_per_gemeente(venlo, beesel):
    """Handboek verwijzers jeugdhulp §2.9 (r. 4165–4166): the gemeente's agreement to the hardheidsclausule needs the
    permission."""
    gebruiker = maak_gebruiker(Rol.BACKOFFICE, [venlo, beesel])
    Lidmaatschap.objects.filter(gebruiker=gebruiker, gemeente=venlo).update(mag_hardheidsclausule_goedkeuren=True)
    assert mag_hardheidsclausule_goedkeuren(gebruiker, venlo) is True
    assert mag_hardheidsclausule_goedkeuren(gebruiker, beesel) is False


def test_aanbieder_account_is_bound_to_one_aanbieder(venlo):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        maak_gebruiker(Rol.AANBIEDER, [])
    with pytest.raises(IntegrityError), transaction.atomic():
        maak_gebruiker(Rol.CONSULENT, [venlo], aanbieder=AanbiederFactory())
