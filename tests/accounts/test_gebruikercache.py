"""accounts/cache.py: the logged-in user, his memberships and the session come from the cache, and every
change to an account, a membership or a gemeente reaches the next page at once."""

import pytest
from django.contrib.auth import HASH_SESSION_KEY
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts import cache as gebruikercache
from accounts.models import Lidmaatschap, Rol
from inwoners.factories import inwoner_in
from tests.conftest import ingelogde_client, maak_gebruiker
from verwijzing.factories import DossierFactory

pytestmark = pytest.mark.django_db

ACCOUNT_TABELLEN = ('"django_session"', '"accounts_gebruiker"', '"accounts_lidmaatschap"')


def _tabellen(queries) -> set[str]:
    return {t for q in queries.captured_queries for t in ACCOUNT_TABELLEN if f"FROM {t}" in q["sql"]}


@pytest.fixture
def consulent(venlo, beesel):
    return maak_gebruiker(Rol.CONSULENT, [venlo, beesel], domein_jeugd=True, first_name="Anna", last_name="Smit")


@pytest.fixture
def beesel_dossier(beesel):
    behandelaar = maak_gebruiker(Rol.CONSULENT, [beesel], domein_jeugd=True)
    return DossierFactory(inwoner=inwoner_in(beesel), gemeente=beesel, domein="jeugd", consulent=behandelaar)


def test_a_second_page_reads_no_session_user_or_membership_from_the_database(consulent):
    client = ingelogde_client(consulent)
    with CaptureQueriesContext(connection) as eerste:
        assert client.get("/dossiers/").status_code == 200
    with CaptureQueriesContext(connection) as tweede:
        assert client.get("/dossiers/").status_code == 200
    assert _tabellen(eerste) == {'"accounts_gebruiker"', '"accounts_lidmaatschap"'}
    assert _tabellen(tweede) == set()
    assert len(tweede) == len(eerste) - 2


def test_a_removed_membership_takes_effect_on_the_next_page(consulent, beesel, beesel_dossier):
    client = ingelogde_client(consulent)
    pad = f"/dossiers/{beesel_dossier.public_id}/"
    assert client.get(pad).status_code == 200
    Lidmaatschap.objects.get(gebruiker=consulent, gemeente=beesel).delete()
    assert client.get(pad).status_code == 404


def test_a_new_membership_takes_effect_on_the_next_page(venlo, beesel, beesel_dossier):
    gebruiker = maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True)
    client = ingelogde_client(gebruiker)
    pad = f"/dossiers/{beesel_dossier.public_id}/"
    assert client.get(pad).status_code == 404
    Lidmaatschap.objects.create(gebruiker=gebruiker, gemeente=beesel)
    assert client.get(pad).status_code == 200


def test_a_deactivated_account_is_logged_out_on_the_next_page(consulent):
    client = ingelogde_client(consulent)
    assert client.get("/dossiers/").status_code == 200
    consulent.is_active = False
    consulent.save()
    antwoord = client.get("/dossiers/")
    assert antwoord.status_code == 302 and antwoord.url.startswith("/inloggen/")


def test_a_changed_password_ends_the_other_sessions(consulent):
    client = ingelogde_client(consulent)
    assert client.get("/dossiers/").status_code == 200
    consulent.set_password("Een-heel-nieuw-wachtwoord-2026")
    consulent.save()
    antwoord = client.get("/dossiers/")
    assert antwoord.status_code == 302 and antwoord.url.startswith("/inloggen/")


def test_a_changed_gemeente_drops_the_entries_of_its_members(consulent, venlo):
    ingelogde_client(consulent).get("/dossiers/")
    assert cache.get(gebruikercache._key(consulent.pk)) is not None
    venlo.beschikking_wmo_door = Rol.BACKOFFICE
    venlo.save()
    assert cache.get(gebruikercache._key(consulent.pk)) is None


def test_an_entry_serves_only_the_session_hash_it_was_stored_with(consulent, venlo):
    """An entry under the same id with another hash (a reused id, a password changed outside the ORM) is
    never served: the user comes from the database."""
    client = ingelogde_client(consulent)
    vreemde = maak_gebruiker(Rol.CONSULENT, [venlo], first_name="Vreemde", last_name="Gast")
    vreemde._toegang_lidmaatschappen = ()
    cache.set(gebruikercache._key(consulent.pk), ("een-andere-hash", vreemde), 60)
    tekst = client.get("/dossiers/").content.decode()
    assert "Anna Smit" in tekst and "Vreemde" not in tekst
    opgeslagen_hash, gebruiker = cache.get(gebruikercache._key(consulent.pk))
    assert gebruiker.pk == consulent.pk and opgeslagen_hash == client.session[HASH_SESSION_KEY]


def test_a_failing_cache_falls_back_to_the_database(consulent, monkeypatch):
    client = ingelogde_client(consulent)

    def kapot(*args, **kwargs):
        raise ConnectionError("cache weg")

    monkeypatch.setattr(gebruikercache.cache, "get", kapot)
    monkeypatch.setattr(gebruikercache.cache, "set", kapot)
    monkeypatch.setattr(gebruikercache.cache, "delete_many", kapot)
    assert client.get("/dossiers/").status_code == 200
    consulent.first_name = "Annemiek"
    consulent.save()  # the entry cannot be dropped: logged, and the save itself succeeds
    assert "Annemiek" in client.get("/dossiers/").content.decode()
