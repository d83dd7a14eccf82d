"""Hostile input: each is rejected with its reason and changes nothing."""

import pytest

from berichten.inkomend import bericht_ontvangen
from berichten.models import Bericht
from tests.berichten.hulp import _start
from verwijzing.models import Toewijzing

pytestmark = pytest.mark.django_db

LACH = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i else "&lol;" * 10}">'.encode() for i in range(9)
    )
    + b"]><lolz>&lol8;</lolz>"
)


@pytest.mark.parametrize(
    ("maak", "reden"),
    [
        (lambda t: b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>', "DOCTYPE"),
        (lambda t: LACH, "DOCTYPE"),
        (lambda t: b"<a>" + b" " * (50 * 1024 * 1024) + b"</a>", "25 MB"),
        (lambda t: _start(t).replace(b"istandaarden.nl/ijw/3_2/jw305", b"example.org/jw305"), "Onbekend berichttype"),
        (lambda t: _start(t).replace(b">438<", b">436<"), "BerichtCode"),
        (lambda t: _start(t)[:-40], "Geen geldige XML"),
    ],
    ids=["xxe", "billion-laughs", "50mb", "namespace", "berichtcode", "afgekapt"],
)
def test_hostile_input_is_quarantined_with_its_reason(toegewezen, maak, reden):
    bericht = bericht_ontvangen(maak(toegewezen), kanaal="map")
    assert bericht.status == "quarantaine"
    assert any(reden in f["uitleg"] for f in bericht.fouten), bericht.fouten
    assert Toewijzing.objects.get().gestart_op is None
    assert not Bericht.objects.filter(soort__in=["JW306", "JW308"]).exists()
