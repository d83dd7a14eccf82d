"""A form token per render makes posts idempotent: two concurrent posts with the same token give one row."""

import threading
import uuid

import pytest
from django.db import connections

from accounts.models import Rol
from inwoners.factories import inwoner_in
from tests.conftest import ingelogde_client, maak_gebruiker
from verwijzing.models import Dossier


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_concurrent_posts_with_the_same_token_give_one_dossier(venlo):
    consulent = maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True)
    inwoner = inwoner_in(venlo, voor=consulent)
    token = str(uuid.uuid4())
    data = {
        "gemeente": venlo.pk,
        "domein": "jeugd",
        "meldingsdatum": "2026-11-20",
        "kanaal": "telefoon",
        "melder": "ouder",
        "hulpvraag": "Zorgen",
        "form_token": token,
    }
    clients = [ingelogde_client(consulent) for _ in range(2)]
    start = threading.Barrier(2)
    antwoorden = []

    def post(client):
        try:
            start.wait()
            antwoorden.append(client.post(f"/dossiers/melding/{inwoner.public_id}/", data))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert Dossier.objects.count() == 1
    assert [a.status_code for a in antwoorden] == [302, 302]
    dossier = Dossier.objects.get()
    assert {a["Location"] for a in antwoorden} == {f"/dossiers/{dossier.public_id}/"}


@pytest.mark.django_db
def test_a_new_render_gets_a_new_token(venlo):
    consulent = maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True)
    inwoner = inwoner_in(venlo, voor=consulent)
    client = ingelogde_client(consulent)
    eerste = client.get(f"/dossiers/melding/{inwoner.public_id}/").content.decode()
    tweede = client.get(f"/dossiers/melding/{inwoner.public_id}/").content.decode()
    token = lambda html: html.split('name="form_token" value="')[1].split('"')[0]  # noqa: E731
    assert token(eerste) != token(tweede)
