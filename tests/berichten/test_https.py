"""The HTTPS transport against a local test server with certificates made at test time (mutual TLS):
push is idempotent by name, pull receives and acknowledges, and without a client certificate nothing
goes through."""

import pytest

from berichten.inkomend import berichten_ophalen
from berichten.models import Bericht
from berichten.transport import HttpsTransport, TransportFout
from tests.berichten.hulp import _start
from verwijzing.models import Toewijzing

pytestmark = pytest.mark.django_db


def test_push_is_idempotent_and_pull_updates_the_toewijzing(toegewezen, https, server):
    from berichten.transport import transport

    ons = Bericht.objects.get(soort="JW301")  # sent to the folder when the fixture decided it
    t = transport()
    naam = t.verstuur(ons)
    assert t.verstuur(ons) == naam and https.uit[naam] == bytes(ons.xml)  # the same twice: one message
    ons.xml = bytes(ons.xml) + b"<!-- anders -->"
    with pytest.raises(TransportFout, match="andere inhoud"):
        t.verstuur(ons)
    https.in_["start.xml"] = _start(toegewezen, identificatie="H1")
    (ontvangen,) = berichten_ophalen()
    assert ontvangen.status == "verwerkt" and https.in_ == {}
    assert Toewijzing.objects.get().gestart_op is not None


def test_without_a_client_certificate_nothing_goes_through(server, tmp_path):
    nep, cert = server
    import ssl

    transport = HttpsTransport(nep.url, cert["ca"], cert["cert"], cert["key"])
    transport.context = ssl.create_default_context(cafile=cert["ca"])  # no client certificate
    with pytest.raises(TransportFout):
        transport.ophalen()
