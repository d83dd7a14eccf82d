"""Routing of what arrives (iStandaarden iJw/iWmo 3.2): a message for a gemeente we do not serve is
quarantined and reported to its sender outside the berichtenverkeer (OP090x2), not answered with S300
(TR378: an invalid gemeentecode); only what an aanbieder sends passes the direction check."""

import pytest
from django.core import mail

from berichten.inkomend import bericht_ontvangen
from berichten.models import Bericht
from istandaard.xml import naar_xml
from tests.berichten import berichtfabriek
from tests.berichten.hulp import _start

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "cbs, status, retour",
    [
        pytest.param("0363", "quarantaine", False, id="OP090x2-gemeente-we-do-not-serve-quarantine-and-mail"),
        pytest.param("0983", "verwerkt", True, id="OP090x2-our-gemeente-answered-with-306"),
    ],
)
def test_op090x2_a_message_for_a_gemeente_we_do_not_serve(
    toegewezen, django_capture_on_commit_callbacks, cbs, status, retour
):
    mail.outbox.clear()
    inhoud = _start(toegewezen, identificatie="G1").replace(b">0983<", f">{cbs}<".encode())
    with django_capture_on_commit_callbacks(execute=True):
        bericht = bericht_ontvangen(inhoud, kanaal="map")
    assert bericht.status == status
    assert "S300" not in {f["retourcode"] for f in bericht.fouten}  # TR378 is for an invalid code only
    assert Bericht.objects.filter(soort="JW306").exists() == retour
    if not retour:
        assert bericht.gemeente is None and bericht.fouten[0]["regel"] == "OP090x2"
        (melding,) = mail.outbox
        assert melding.to == [toegewezen.aanbieder.contactpunt_email]
        assert "OP090x2" in melding.body and "0363" in melding.body
        assert toegewezen.__class__.objects.get(pk=toegewezen.pk).gestart_op is None  # nothing of ours changed


def test_tr378_a_code_that_is_no_gemeente_at_all_is_quarantined_as_s300(toegewezen, django_capture_on_commit_callbacks):
    """TR378 (S300) is for an invalid gemeentecode (not in the CBS list); a valid one we do not serve is OP090x2."""
    inhoud = _start(toegewezen, identificatie="G2").replace(b">0983<", b">0999<")
    with django_capture_on_commit_callbacks(execute=True):
        bericht = bericht_ontvangen(inhoud, kanaal="map")
    assert bericht.status == "quarantaine" and bericht.gemeente is None
    assert [(f["regel"], f["retourcode"]) for f in bericht.fouten] == [("TR378", "S300")]


RICHTING = [
    pytest.param(domein, nummer, door_gemeente, id=f"RICHTING-{domein}-{nummer}")
    for domein in ("jeugd", "wmo")
    for nummer, door_gemeente in (
        ("301", True),
        ("319", True),
        ("306", True),
        ("308", True),
        ("316", True),
        ("318", True),
        ("302", False),
        ("305", False),
    )
]


@pytest.mark.parametrize("domein, nummer, door_gemeente", RICHTING)
def test_only_what_an_aanbieder_sends_passes_the_direction_check(toegewezen, domein, nummer, door_gemeente):
    """A gemeente-direction 306 (or 308/316/318, 301, 319) is quarantined with RICHTING; a 302 or 305 the
    aanbieder sends passes on (and is judged by its own rules)."""
    inhoud = naar_xml(
        domein,
        nummer,
        berichtfabriek.bericht(
            domein, nummer, **({"uitkomst": "akkoord"} if nummer in berichtfabriek.RETOUR_OP else {})
        ),
    )
    bericht = bericht_ontvangen(inhoud, kanaal="map")
    richting = bericht.status == "quarantaine" and bericht.fouten[0]["regel"] == "RICHTING"
    assert richting == door_gemeente
    if door_gemeente:
        assert bericht.gemeente.cbs_code == berichtfabriek.GEMEENTE  # for the gemeente it names, not S300
        assert not Bericht.objects.filter(richting="uit", retour_van=bericht).exists()


def test_door_gemeente_follows_the_header_of_each_message_type():
    """The gemeente sends 301, 319 and the retouren on the aanbieder's heenberichten (IV028)."""
    from berichten.inkomend import door_gemeente
    from istandaard.definities.structuur import BERICHTEN

    assert {n for n in BERICHTEN if door_gemeente(n)} == {"301", "319", "306", "308", "316", "318"}


def test_op090x2_the_sender_the_transport_knows_hears_it(toegewezen, django_capture_on_commit_callbacks):
    """OP090x2: where the transport knows the sender, that aanbieder is told, not the one the header names."""
    from organisaties.factories import AanbiederFactory

    echt = AanbiederFactory()
    mail.outbox.clear()
    inhoud = _start(toegewezen, identificatie="G2").replace(b">0983<", b">0999<")
    with django_capture_on_commit_callbacks(execute=True):
        bericht = bericht_ontvangen(inhoud, kanaal="https", afzender_agb=echt.agb_code)
    assert bericht.status == "quarantaine" and bericht.aanbieder == echt
    (melding,) = mail.outbox
    assert melding.to == [echt.contactpunt_email]
