"""A verzoek om toewijzing (315) becomes a task per product for whoever handles 315s in the gemeente,
answered by a 301 (with the ReferentieAanbieder, IV097) or a 319 (afgewezen with its reden; woonplaatsbeginsel
names the gemeente; in onderzoek once) — iJw OP274, TR377."""

from datetime import date, timedelta

import pytest

from berichten.inkomend import bericht_ontvangen
from berichten.models import AangevraagdProduct, Bericht
from inwoners.bsn import nde_bsn
from istandaard.validatie import valideer
from istandaard.xml import lees, naar_dict, naar_xml
from organisaties.factories import gemeente
from producten.factories import ContractFactory
from producten.models import Product
from tests.berichten.hulp import _vot
from tests.conftest import ingelogde_client
from verwijzing.models import Dossier, Status, Toewijzing

pytestmark = pytest.mark.django_db
VANDAAG = date.today()


def test_a_315_becomes_a_task_with_a_316_receipt(omgeving, django_capture_on_commit_callbacks):
    _venlo, aanbieder, _bo = omgeving
    with django_capture_on_commit_callbacks(execute=True):
        bericht = bericht_ontvangen(_vot(aanbieder), kanaal="map")
    assert bericht.status == "ontvangen"
    (taak,) = AangevraagdProduct.objects.all()
    assert (taak.referentie, taak.status) == ("REF-1", "open")
    assert Bericht.objects.get(soort="JW316").status == "verzonden"
    dubbel = bericht_ontvangen(_vot(aanbieder, identificatie="V2"), kanaal="map")
    assert "9347" in {f["retourcode"] for f in dubbel.fouten}  # TR347: ReferentieAanbieder not unique


def test_honoured_it_is_a_dossier_without_onderzoek_and_a_301_with_the_referentie(
    omgeving, django_capture_on_commit_callbacks
):
    _venlo, aanbieder, backoffice = omgeving
    bericht = bericht_ontvangen(_vot(aanbieder), kanaal="map")
    taak = AangevraagdProduct.objects.get()
    client = ingelogde_client(backoffice)
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(
            f"/berichten/verzoeken/{bericht.pk}/{taak.pk}/toewijzen/",
            {
                f"taak-{taak.pk}-toewijzen-motivering": "Huisarts verwijst.",
                f"taak-{taak.pk}-toewijzen-keuze": "zoals_gevraagd",
                f"taak-{taak.pk}-toewijzen-gi_instemming": "geen",
            },
            follow=True,
        )
    assert "Het verzoek is beantwoord." in r.content.decode()
    t = Toewijzing.objects.get()
    assert (t.referentie_aanbieder, t.dossier.status) == ("REF-1", Status.TOEGEKEND)
    assert not Dossier.objects.filter(onderzoek__isnull=False).exists()  # no onderzoek was needed
    assert t.inwoner.bsn == nde_bsn(4242) and "Huisarts" in t.verwijzer
    jw301 = Bericht.objects.get(soort="JW301")
    _d, _n, g = naar_dict(lees(bytes(jw301.xml)))
    assert g["Client"]["ToegewezenProducten"]["ToegewezenProduct"][0]["ReferentieAanbieder"] == "REF-1"
    # the 315 carried no address: the 301 cannot be valid until the backoffice registers one (TR061)
    assert jw301.status == "afgekeurd" and {f["regel"] for f in jw301.fouten} & {"TR061", "TR006"}


@pytest.mark.parametrize(
    ("wat", "data", "verwacht"),
    [
        ("afwijzen", {"reden": "3"}, {"VerzoekAntwoord": "1", "RedenAfwijzingVerzoek": "3"}),
        ("afwijzen", {"reden": "8", "gemeente": "0984"}, {"VerzoekAntwoord": "1", "RedenAfwijzingVerzoek": "8"}),
        ("onderzoek", {}, {"VerzoekAntwoord": "2"}),
    ],
)
def test_a_319_answers_the_verzoek(omgeving, wat, data, verwacht, django_capture_on_commit_callbacks):
    _venlo, aanbieder, backoffice = omgeving
    bericht = bericht_ontvangen(_vot(aanbieder), kanaal="map")
    taak = AangevraagdProduct.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        ingelogde_client(backoffice).post(
            f"/berichten/verzoeken/{bericht.pk}/{taak.pk}/{wat}/",
            {f"taak-{taak.pk}-{wat}-{k}": v for k, v in data.items()},
        )
    antwoord = Bericht.objects.get(soort="JW319")
    assert antwoord.status == "verzonden" and valideer(bytes(antwoord.xml)).geldig
    _d, _n, g = naar_dict(lees(bytes(antwoord.xml)))
    assert {k: g["Antwoord"][k] for k in verwacht} == verwacht
    if data.get("reden") == "8":
        assert g["Antwoord"]["Woonplaatsbeginsel"]["Gemeente"] == "0984"  # OP359 / TR377


def test_refusals_say_why(omgeving):
    from berichten import toewijzingsverzoeken
    from toegang.fouten import Geweigerd

    _venlo, aanbieder, backoffice = omgeving
    bericht_ontvangen(_vot(aanbieder), kanaal="map")
    taak = AangevraagdProduct.objects.get()
    with pytest.raises(Geweigerd, match="reden"):
        toewijzingsverzoeken.toewijzingsverzoek_met_319_beantwoorden(door=backoffice, taak=taak, antwoord="1")
    with pytest.raises(Geweigerd, match="verantwoordelijke gemeente"):
        toewijzingsverzoeken.toewijzingsverzoek_met_319_beantwoorden(
            door=backoffice, taak=taak, antwoord="1", reden="8"
        )
    toewijzingsverzoeken.toewijzingsverzoek_met_319_beantwoorden(door=backoffice, taak=taak, antwoord="2")
    with pytest.raises(Geweigerd, match="TR360"):
        toewijzingsverzoeken.toewijzingsverzoek_met_319_beantwoorden(door=backoffice, taak=taak, antwoord="2")


def test_a_320_acknowledges_our_319(omgeving, django_capture_on_commit_callbacks):
    from berichten import toewijzingsverzoeken

    _venlo, aanbieder, backoffice = omgeving
    bericht_ontvangen(_vot(aanbieder), kanaal="map")
    with django_capture_on_commit_callbacks(execute=True):
        ons = toewijzingsverzoeken.toewijzingsverzoek_met_319_beantwoorden(
            door=backoffice, taak=AangevraagdProduct.objects.get(), antwoord="2"
        )
    kop = naar_dict(lees(bytes(ons.xml)))[2]["Header"]
    kop |= {
        "BerichtCode": "489",
        "IdentificatieRetour": "R320",
        "DagtekeningRetour": VANDAAG,
        "XsdVersieRetour": kop["XsdVersie"],
    }
    retour = bericht_ontvangen(naar_xml("jeugd", "320", {"Header": kop}), kanaal="map")
    ons.refresh_from_db()
    assert (retour.status, retour.retour_van_id, ons.status) == ("verwerkt", ons.pk, "retour_ontvangen")


@pytest.mark.parametrize(
    ("geval", "reden", "bron"),
    [
        ("passend", "", "no blocking finding: no reden suggested"),
        ("geen_contract", "3", "regie CONTRACT (niet toegestaan) → WJ759 3 geen contract"),
        ("te_oud", "9", "regie LEEFTIJD-MAX (41A15: 0-5 jaar) → WJ759 9 leeftijdsgrens"),
        (
            "andere_gemeente",
            "8",
            "Handboek verwijzers jeugdhulp §2.2 woonplaatsbeginsel: BRP address in another gemeente → 8 (OP359)",
        ),
    ],
)
def test_the_rules_module_suggests_the_reden_afwijzing(omgeving, geval, reden, bron):
    """The 319's RedenAfwijzingVerzoek from the rules module's findings; shown on the task."""
    from berichten.toewijzingsverzoeken import advies
    from inwoners.factories import inwoner_in

    venlo, aanbieder, backoffice = omgeving
    if geval == "geen_contract":
        aanbieder.contracten.all().delete()
    xml = _vot(aanbieder)
    if geval == "te_oud":  # 41A15 is for 0 to 5 years; the client is 11
        ContractFactory(product=Product.objects.get(code="41A15"), gemeente=venlo, aanbieder=aanbieder)
        xml = xml.replace(b"45L12", b"41A15").replace(b">45</", b">41</")
    if geval == "andere_gemeente":
        inwoner_in(gemeente("0889"), bsn=nde_bsn(4242))
    bericht = bericht_ontvangen(xml, kanaal="map")
    taak = AangevraagdProduct.objects.get()
    a = advies(taak)
    assert a.reden == reden, (bron, [(b.regel, b.uitkomst) for b in a.bevindingen], a.uitleg)
    if geval == "andere_gemeente":
        assert a.gemeente == "0889"
    pagina = ingelogde_client(backoffice).get(f"/berichten/verzoeken/{bericht.pk}/").content.decode()
    if reden:
        assert f'<option value="{reden}" selected>' in pagina


@pytest.mark.parametrize(
    ("verwijzer", "gi", "toegewezen", "bron"),
    [
        ({"Type": "02", "ZorgverlenerCode": "01234567"}, "", False, "huisarts, nothing recorded: refused"),
        ({"Type": "02", "ZorgverlenerCode": "01234567"}, "geen", True, "no maatregel"),
        ({"Type": "02", "ZorgverlenerCode": "01234567"}, "gi", True, "maatregel, the GI agrees"),
        ({"Type": "04", "ZorgverlenerCode": "01234567"}, "", True, "the GI itself verwijst"),
    ],
)
def test_a_jeugd_315_needs_the_gi_question_answered(omgeving, verwijzer, gi, toegewezen, bron):
    """Handboek verwijzers jeugdhulp §1.2 (r. 3084–3094): no acceptance without the GI's instemming under a
    maatregel."""
    from berichten import toewijzingsverzoeken
    from toegang.fouten import Geweigerd

    _venlo, aanbieder, backoffice = omgeving
    xml = _vot(aanbieder)
    if verwijzer["Type"] == "04":
        xml = xml.replace(b"<ijw:Type>02</ijw:Type>", b"<ijw:Type>04</ijw:Type>")
    bericht_ontvangen(xml, kanaal="map")
    taak = AangevraagdProduct.objects.get()
    if toegewezen:
        toewijzingsverzoeken.toewijzingsverzoek_honoreren(
            door=backoffice, taak=taak, motivering="Verwezen.", gi_instemming=gi
        )
        assert Toewijzing.objects.count() == 1, bron
    else:
        with pytest.raises(Geweigerd, match="kinderbeschermingsmaatregel"):
            toewijzingsverzoeken.toewijzingsverzoek_honoreren(
                door=backoffice, taak=taak, motivering="Verwezen.", gi_instemming=gi
            )
        assert not Toewijzing.objects.exists(), bron


def test_the_task_says_when_the_client_is_still_in_a_garantiefase(omgeving, django_capture_on_commit_callbacks):
    """Handboek verwijzers jeugdhulp §1.1.2.2.2.1 en §1.2: the backoffice checks the garantiefase (same aanbieder, same
    segment)."""
    from berichten import toewijzingsverzoeken
    from berichten.toewijzingsverzoeken import advies

    _venlo, aanbieder, backoffice = omgeving
    bericht_ontvangen(_vot(aanbieder), kanaal="map")
    toewijzingsverzoeken.toewijzingsverzoek_honoreren(
        door=backoffice, taak=AangevraagdProduct.objects.get(), motivering="Verwezen.", gi_instemming="geen"
    )
    eerder = Toewijzing.objects.get()
    Toewijzing.objects.filter(pk=eerder.pk).update(
        ingangsdatum=VANDAAG - timedelta(days=300), einddatum=VANDAAG - timedelta(days=30)
    )
    bericht_ontvangen(_vot(aanbieder, referentie="REF-2", identificatie="V2"), kanaal="map")
    tweede = AangevraagdProduct.objects.get(referentie="REF-2")
    assert f"toewijzing {eerder.nummer}" in advies(tweede).garantiefase


def test_back_and_resubmit_of_a_315_answer_sends_one_319_and_returns_to_the_verzoek(
    omgeving, django_capture_on_commit_callbacks
):
    """The answer forms carry a one-time token: a resubmit leads to the first answer's result, not an error."""
    _venlo, aanbieder, backoffice = omgeving
    bericht = bericht_ontvangen(_vot(aanbieder), kanaal="map")
    taak = AangevraagdProduct.objects.get()
    client = ingelogde_client(backoffice)
    data = {f"taak-{taak.pk}-onderzoek-form_token": "0d5c1b8e-64b2-4b7e-9c2a-3f4c5a6b7c8d"}
    with django_capture_on_commit_callbacks(execute=True):
        eerste = client.post(f"/berichten/verzoeken/{bericht.pk}/{taak.pk}/onderzoek/", data)
        tweede = client.post(f"/berichten/verzoeken/{bericht.pk}/{taak.pk}/onderzoek/", data)
    assert eerste.status_code == tweede.status_code == 302
    assert tweede["Location"] == eerste["Location"] == f"/berichten/verzoeken/{bericht.pk}/"
    assert Bericht.objects.filter(soort="JW319").count() == 1
    assert "al verstuurd" in client.get(tweede["Location"]).content.decode()
