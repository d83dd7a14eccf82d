"""The behandelend consulent: set at the melding, handed on by the team (a colleague of the same gemeente and
domain, or the gemeente's backoffice), only to an active consulent of that gemeente and domain; audited with
the reason; refused in Dutch otherwise."""

import pytest

from accounts.models import Rol
from audit.models import Actie, AuditEvent
from inwoners.factories import inwoner_in
from tests.conftest import ingelogde_client, maak_gebruiker
from toegang.fouten import Geweigerd
from verwijzing.behandelaar import behandelaar_wijzigen, behandelaars
from verwijzing.factories import DossierFactory
from verwijzing.models import Dossier, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(venlo, beesel):
    return {
        "eigen": maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True, first_name="Anna", last_name="Aarts"),
        "collega": maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True, first_name="Bram", last_name="Bos"),
        "wmo": maak_gebruiker(
            Rol.CONSULENT, [venlo], domein_jeugd=False, domein_wmo=True, first_name="Cas", last_name="Coenen"
        ),
        "backoffice": maak_gebruiker(Rol.BACKOFFICE, [venlo]),
        "beesel": maak_gebruiker(Rol.CONSULENT, [beesel], domein_jeugd=True, first_name="Dirk", last_name="Dekkers"),
        "oud": maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True, is_active=False, last_name="Oud"),
        "regie": maak_gebruiker(Rol.REGIE, [venlo]),
    }


@pytest.fixture
def dossier(venlo, team):
    return DossierFactory(gemeente=venlo, domein="jeugd", consulent=team["eigen"], inwoner=inwoner_in(venlo))


def test_the_melding_sets_the_behandelaar(dossier, team):
    assert dossier.consulent == team["eigen"]


@pytest.mark.parametrize(
    ("door", "naar", "fout"),
    [
        ("eigen", "collega", None),  # hand on to a colleague
        ("collega", "collega", None),  # take over a colleague's dossier (cover during leave)
        ("backoffice", "collega", None),  # the werkverdeler at the backoffice
        ("wmo", "collega", "Alleen een consulent of de backoffice"),  # other domain: not in scope
        ("beesel", "collega", "Alleen een consulent of de backoffice"),  # other gemeente
        ("regie", "collega", "Alleen een consulent of de backoffice"),
        ("eigen", "wmo", "geen actieve consulent van deze gemeente voor dit domein"),
        ("eigen", "beesel", "geen actieve consulent van deze gemeente voor dit domein"),
        ("eigen", "backoffice", "geen actieve consulent van deze gemeente voor dit domein"),
        ("eigen", "oud", "geen actieve consulent van deze gemeente voor dit domein"),
        ("eigen", "eigen", "al de behandelaar"),
    ],
)
def test_who_may_hand_on_a_dossier_and_to_whom(dossier, team, door, naar, fout):
    if fout is None:
        behandelaar_wijzigen(door=team[door], dossier=dossier, behandelaar=team[naar], reden="Verlof")
        assert Dossier.objects.get(pk=dossier.pk).consulent == team[naar]
        return
    with pytest.raises(Geweigerd, match=fout):
        behandelaar_wijzigen(door=team[door], dossier=dossier, behandelaar=team[naar], reden="Verlof")
    assert Dossier.objects.get(pk=dossier.pk).consulent == team["eigen"]
    assert not AuditEvent.objects.filter(actie=Actie.WIJZIGEN, object_id=str(dossier.pk)).exists()


def test_a_reason_is_required(dossier, team):
    with pytest.raises(Geweigerd, match="Geef de reden van de wijziging."):
        behandelaar_wijzigen(door=team["eigen"], dossier=dossier, behandelaar=team["collega"], reden="  ")


def test_a_closed_dossier_keeps_its_behandelaar(venlo, team):
    dicht = DossierFactory(
        gemeente=venlo, domein="jeugd", consulent=team["eigen"], status=Status.INGETROKKEN, inwoner=inwoner_in(venlo)
    )
    with pytest.raises(Geweigerd, match="afgesloten dossier"):
        behandelaar_wijzigen(door=team["eigen"], dossier=dicht, behandelaar=team["collega"], reden="Verlof")


def test_the_change_is_audited_with_the_reason(dossier, team):
    behandelaar_wijzigen(door=team["backoffice"], dossier=dossier, behandelaar=team["collega"], reden="Verlof Anna")
    event = AuditEvent.objects.get(actie=Actie.WIJZIGEN, object_id=str(dossier.pk))
    assert event.reden == "Verlof Anna" and event.gebruiker_id == team["backoffice"].pk
    assert event.gegevens == {"behandelaar": {"oud": team["eigen"].pk, "nieuw": team["collega"].pk}}
    assert event.omschrijving == "Behandelaar Anna Aarts → Bram Bos"  # the consulenten's names, ids in gegevens


def test_the_timeline_names_the_consulenten_and_gives_the_reason(dossier, team):
    behandelaar_wijzigen(door=team["backoffice"], dossier=dossier, behandelaar=team["collega"], reden="Verlof")
    html = ingelogde_client(team["collega"]).get(f"/dossiers/{dossier.public_id}/").content.decode()
    tijdlijn = html[html.index("Wat er gebeurde") :]
    assert "Behandelaar Anna Aarts → Bram Bos (reden: Verlof)" in tijdlijn
    assert f"Behandelaar {team['eigen'].pk} →" not in tijdlijn


def test_eligible_are_the_active_consulenten_of_gemeente_and_domain(venlo, team):
    assert list(behandelaars(venlo, "jeugd")) == [team["eigen"], team["collega"]]
    assert list(behandelaars(venlo, "wmo")) == [team["wmo"]]


def test_the_page_offers_the_team_and_redirects_to_the_dossier(dossier, team):
    client = ingelogde_client(team["eigen"])
    pagina = f"/dossiers/{dossier.public_id}/behandelaar/"
    tekst = client.get(pagina).content.decode()
    assert '<option value="" selected>Kies een consulent</option>' in tekst and "---------" not in tekst
    assert "Bram Bos" in tekst and "Cas Coenen" not in tekst and "Dirk Dekkers" not in tekst
    assert AuditEvent.objects.filter(actie=Actie.LEZEN, object_id=str(dossier.pk)).exists()
    r = client.post(pagina, {"behandelaar": "", "reden": ""})
    tekst = r.content.decode()
    assert r.status_code == 400
    assert "Kies de consulent die het dossier gaat behandelen." in tekst and "Geef de reden van de wijziging." in tekst
    r = client.post(pagina, {"behandelaar": team["wmo"].pk, "reden": "Verlof"})
    assert r.status_code == 400 and "Kies een consulent uit de lijst." in r.content.decode()
    r = client.post(pagina, {"behandelaar": team["collega"].pk, "reden": "Verlof"})
    assert r.status_code == 302 and r["Location"] == f"/dossiers/{dossier.public_id}/"
    assert "Bram Bos behandelt nu dit dossier." in client.get(r["Location"]).content.decode()
    assert Dossier.objects.get(pk=dossier.pk).consulent == team["collega"]


def test_out_of_scope_the_page_is_404(dossier, team):
    assert ingelogde_client(team["beesel"]).get(f"/dossiers/{dossier.public_id}/behandelaar/").status_code == 404
    assert ingelogde_client(team["regie"]).get(f"/dossiers/{dossier.public_id}/behandelaar/").status_code == 403
