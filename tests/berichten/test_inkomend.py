"""Receiving 302, 305 and 307: what passes changes the toewijzing through verwijzing's services and is
answered (306/308); what breaks a rule gets the right retourcode and changes nothing; what fails the
schema is quarantined without a retour (IV032, iStandaarden iJw/iWmo 3.2, berichten)."""

from datetime import date, timedelta

import pytest

from berichten.inkomend import bericht_ontvangen
from berichten.models import Bericht
from istandaard.xml import lees, naar_dict, naar_xml
from tests.berichten.hulp import _start, _stop
from verwijzing.models import Toewijzing

pytestmark = pytest.mark.django_db
VANDAAG = date.today()


def _retouren(soort):
    return [naar_dict(lees(bytes(b.xml)))[2] for b in Bericht.objects.filter(soort=soort).order_by("id")]


def test_a_302_without_codes_accepts_our_301_and_releases_the_next(toegewezen, django_capture_on_commit_callbacks):
    ons = Bericht.objects.get(soort="JW301")
    kop = naar_dict(lees(bytes(ons.xml)))[2]["Header"]
    kop |= {
        "BerichtCode": "437",
        "IdentificatieRetour": "R1",
        "DagtekeningRetour": VANDAAG,
        "XsdVersieRetour": kop["XsdVersie"],
    }
    with django_capture_on_commit_callbacks(execute=True):
        bericht = bericht_ontvangen(naar_xml("jeugd", "302", {"Header": kop}), kanaal="map")
    ons.refresh_from_db()
    assert (bericht.status, bericht.retour_van_id, ons.status) == ("verwerkt", ons.pk, "retour_ontvangen")
    assert Toewijzing.objects.get().status == "verzonden"


def test_a_305_starts_the_care_and_is_answered_with_a_306(toegewezen, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        bericht = bericht_ontvangen(_start(toegewezen), kanaal="upload")
    t = Toewijzing.objects.get()
    assert (bericht.status, t.status, t.gestart_op) == ("verwerkt", "gestart", VANDAAG)
    (retour,) = _retouren("JW306")
    assert "Client" not in retour and "RetourCodes" not in retour["Header"]  # IV028: accepted
    assert Bericht.objects.get(soort="JW306").status == "verzonden"


@pytest.mark.parametrize(
    ("maak", "code", "bron"),
    [
        (lambda t: _start(t, nummer=t.nummer + 1000), "9019", "TR019: no such toewijzing"),
        (lambda t: _start(t, dagtekening=VANDAAG + timedelta(days=1)), "8848", "TR135: dagtekening in the future"),
        (lambda t: _start(t, status="3"), "9063", "TR063: delete without an earlier start"),
        (lambda t: _stop(t, VANDAAG), "9069", "TR382: a stop without an actual start"),
    ],
)
def test_rule_breaches_get_their_retourcode_and_change_nothing(toegewezen, maak, code, bron):
    bericht = bericht_ontvangen(maak(toegewezen), kanaal="map")
    assert bericht.status == "afgekeurd", bron
    assert code in {f["retourcode"] for f in bericht.fouten}, bericht.fouten
    t = Toewijzing.objects.get()
    assert (t.gestart_op, t.gestopt_op) == (None, None)
    retour = _retouren("JW306" if b"jw305" in bytes(bericht.xml) else "JW308")[-1]
    assert code in str(retour), bron


def test_another_aanbieders_305_is_9019(toegewezen):
    from organisaties.factories import AanbiederFactory

    ander = AanbiederFactory()
    toegewezen.aanbieder = ander  # the message comes from another AGB for our toewijzing number
    bericht = bericht_ontvangen(_start(toegewezen), kanaal="map")
    assert "9019" in {f["retourcode"] for f in bericht.fouten}
    assert Toewijzing.objects.get().gestart_op is None


def test_duplicate_identificatie_and_a_second_start_without_stop(toegewezen):
    bericht_ontvangen(_start(toegewezen, identificatie="X1"), kanaal="map")
    dubbel = bericht_ontvangen(_start(toegewezen, identificatie="X1", begin=VANDAAG - timedelta(days=1)), kanaal="map")
    assert "9056" in {f["retourcode"] for f in dubbel.fouten}  # TR056
    tweede = bericht_ontvangen(_start(toegewezen, identificatie="X2", begin=VANDAAG - timedelta(days=1)), kanaal="map")
    assert "9326" in {f["retourcode"] for f in tweede.fouten}  # TR326
    assert Toewijzing.objects.get().gestart_op == VANDAAG


def test_start_then_stop(toegewezen):
    bericht_ontvangen(_start(toegewezen, identificatie="S1"), kanaal="map")
    bericht = bericht_ontvangen(_stop(toegewezen, VANDAAG, identificatie="S2"), kanaal="map")
    t = Toewijzing.objects.get()
    assert (bericht.status, t.status, t.gestopt_op, t.reden_beeindiging) == ("verwerkt", "gestopt", VANDAAG, "31")


@pytest.mark.parametrize(
    "inhoud",
    [
        b"geen xml",
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
        b'<?xml version="1.0"?><jw305:Bericht xmlns:jw305="http://www.istandaarden.nl/ijw/3_2/jw305/schema"/>',
    ],
    ids=["geen-xml", "externe-entiteit", "schemafout"],
)
def test_what_fails_the_schema_is_quarantined_without_retour(toegewezen, inhoud):
    bericht = bericht_ontvangen(inhoud, kanaal="map")
    assert bericht.status == "quarantaine" and bericht.fouten[0]["retourcode"] == "StUF055"
    assert not Bericht.objects.filter(soort__in=["JW306", "JW308"]).exists()


def test_retourcodes_go_on_classes_not_on_list_wrappers():
    """IV028: a returned class carries RetourCodes (its own code, or 0200); a list wrapper such as
    AangevraagdeProducten is not a class and carries none (the 316 definition has no place for them)."""
    from berichten.retouren import _met_codes
    from istandaard.definities.structuur import BERICHTEN

    client = {
        "Bsn": "999990019",
        "AangevraagdeProducten": {"AangevraagdProduct": [{"ReferentieAanbieder": "A"}, {"ReferentieAanbieder": "B"}]},
    }
    uit = _met_codes(
        client, "Client", BERICHTEN["316"].typen, "", {"AangevraagdeProducten/AangevraagdProduct[2]": "9347"}
    )
    assert uit["RetourCodes"] == {"RetourCode": ["0200"]}
    assert "RetourCodes" not in uit["AangevraagdeProducten"]
    a, b = uit["AangevraagdeProducten"]["AangevraagdProduct"]
    assert (a["RetourCodes"]["RetourCode"], b["RetourCodes"]["RetourCode"]) == (["0200"], ["9347"])
