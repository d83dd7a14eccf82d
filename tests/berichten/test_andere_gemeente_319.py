"""A 315 for a client another gemeente is responsible for (iStandaarden iJw/iWmo 3.2): Jeugd answers with a 319
reden 8 woonplaatsbeginsel naming that gemeente (OP359, TR377); the Wmo with reden 5 andere gemeente (WJ759; the
WMO319 has no Woonplaatsbeginsel). Through the real intake and the backoffice's answer."""

from datetime import date, timedelta

import pytest

from berichten import toewijzingsverzoeken
from berichten.inkomend import bericht_ontvangen
from berichten.models import AangevraagdProduct
from inwoners.bsn import nde_bsn
from inwoners.factories import inwoner_in
from istandaard.xml import lees, naar_dict, naar_xml
from organisaties.factories import gemeente
from toegang.fouten import Geweigerd

pytestmark = pytest.mark.django_db
VANDAAG = date.today()
BSN = nde_bsn(4243)
PRODUCT = {"jeugd": {"Categorie": "45", "Code": "45L12"}, "wmo": {"Categorie": "02", "Code": "02A01"}}
CODE = {"jeugd": "446", "wmo": "444"}


def _vot(domein: str, aanbieder) -> bytes:
    product = {
        "ReferentieAanbieder": "REF-W",
        "Product": PRODUCT[domein],
        "ToewijzingIngangsdatum": VANDAAG + timedelta(days=7),
        "ToewijzingEinddatum": VANDAAG + timedelta(days=200),
        "Omvang": {"Volume": 1, "Eenheid": "82", "Frequentie": "6"},
        "Verwijzer": {"Type": "01"},
    }
    kop = {
        "BerichtCode": CODE[domein],
        "BerichtVersie": 3,
        "BerichtSubversie": 2,
        "Afzender": aanbieder.agb_code,
        "Ontvanger": "0983",
        "BerichtIdentificatie": {"Identificatie": "W1", "Dagtekening": VANDAAG},
        "XsdVersie": {"BasisschemaXsdVersie": "1.0.0", "BerichtXsdVersie": "1.0.0"},
    }
    client = {
        "Bsn": BSN,
        "Geboortedatum": {"Datum": date(1960, 3, 3) if domein == "wmo" else date(2015, 3, 3)},
        "Geslacht": "2",
        "Naam": {"Geslachtsnaam": {"Achternaam": "Verhuisd"}},
        "AangevraagdeProducten": {"AangevraagdProduct": [product]},
    }
    return naar_xml(domein, "315", {"Header": kop, "Client": client})


@pytest.mark.parametrize(
    "domein, woont_in, reden, verantwoordelijk",
    [
        pytest.param("jeugd", "0889", "8", "0889", id="OP359-TR377-jeugd-other-gemeente-reden-8-names-it"),
        pytest.param("wmo", "0889", "5", None, id="WJ759-wmo-other-gemeente-reden-5-no-woonplaatsbeginsel"),
        pytest.param("jeugd", "0983", "", None, id="OP359-jeugd-own-client-no-reden"),
    ],
)
def test_a_315_for_a_client_of_another_gemeente_gets_its_319(
    omgeving, django_capture_on_commit_callbacks, domein, woont_in, reden, verantwoordelijk
):
    _venlo, aanbieder, backoffice = omgeving
    inwoner_in(gemeente(woont_in), bsn=BSN)
    bericht_ontvangen(_vot(domein, aanbieder), kanaal="map")
    taak = AangevraagdProduct.objects.get()
    a = toewijzingsverzoeken.advies(taak)
    assert (a.reden, a.gemeente or None) == (reden, verantwoordelijk)
    if not reden:
        return
    with django_capture_on_commit_callbacks(execute=True):
        ons = toewijzingsverzoeken.toewijzingsverzoek_met_319_beantwoorden(
            door=backoffice, taak=taak, antwoord="1", reden=a.reden, gemeente_cbs=a.gemeente
        )
    antwoord = naar_dict(lees(bytes(ons.xml)))[2]["Antwoord"]
    assert antwoord["RedenAfwijzingVerzoek"] == reden
    assert (antwoord.get("Woonplaatsbeginsel") or {}).get("Gemeente") == verantwoordelijk


@pytest.mark.parametrize(
    "reden, gemeente_cbs, geweigerd",
    [
        pytest.param("8", "0983", True, id="OP359-reden-8-naming-our-own-gemeente-refused"),
        pytest.param("8", "", True, id="TR377-reden-8-without-gemeente-refused"),
        pytest.param("8", "0889", False, id="TR377-reden-8-with-the-other-gemeente"),
        pytest.param("3", "0889", False, id="TR409-another-reden-carries-no-woonplaatsbeginsel"),
    ],
)
def test_reden_8_names_the_other_responsible_gemeente(omgeving, reden, gemeente_cbs, geweigerd):
    _venlo, aanbieder, backoffice = omgeving
    bericht_ontvangen(_vot("jeugd", aanbieder), kanaal="map")
    taak = AangevraagdProduct.objects.get()

    def antwoorden():
        return toewijzingsverzoeken.toewijzingsverzoek_met_319_beantwoorden(
            door=backoffice, taak=taak, antwoord="1", reden=reden, gemeente_cbs=gemeente_cbs
        )

    if geweigerd:
        with pytest.raises(Geweigerd):
            antwoorden()
    else:
        antwoord = naar_dict(lees(bytes(antwoorden().xml)))[2]["Antwoord"]
        assert antwoord["RedenAfwijzingVerzoek"] == reden
        assert ("Woonplaatsbeginsel" in antwoord) == (reden == "8")
