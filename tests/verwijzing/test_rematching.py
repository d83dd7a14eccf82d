"""Only the aanbieders that may deliver (Handboek verwijzers jeugdhulp §1.1.2.3 (r. 1993–2069),
§2.3 (r. 3644–3670)), and re-matching after a niet passend (§1.1.2.3.2 (r. 2073–2172))."""

import re
from datetime import date, timedelta

import pytest

from accounts.models import Rol
from audit.models import Actie, AuditEvent
from inwoners.factories import inwoner_in
from organisaties.factories import AanbiederFactory, gemeente
from producten.factories import ContractFactory
from producten.models import Product
from tests.conftest import ingelogde_client, maak_gebruiker
from tests.indicaties import gecontracteerd as _gecontracteerd
from tests.indicaties import indicatie_gegevens
from toegang.fouten import Geweigerd
from verwijzing.factories import DossierFactory
from verwijzing.forms.indicatie import IndicatieForm
from verwijzing.indicatie import indicatie_voorstellen, matchingsverzoek_beantwoorden, matchingsverzoek_sturen
from verwijzing.leefzorgplan.plan import leefzorgplan_starten
from verwijzing.matching import (
    indicatie_intrekken,
    indicatie_wijzigen,
    matchingsbesluit_nemen,
    matchingsverzoek_opnieuw,
)
from verwijzing.models import Dossier, Indicatie, Matchingsbesluit, Matchingsverzoek, Status, VerzoekStatus

pytestmark = pytest.mark.django_db
START = date(2026, 12, 1)
GISTEREN = date.today() - timedelta(days=1)


@pytest.fixture
def consulent(venlo):
    return maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True, domein_wmo=True)


def _dossier(gemeente, consulent, status=Status.INDICATIE):
    return DossierFactory(
        gemeente=gemeente,
        consulent=consulent,
        status=status,
        inwoner=inwoner_in(gemeente, geboortedatum=date(2015, 3, 1)),
    )


def _gegevens(aanbieder, code="45L12", **anders):
    return indicatie_gegevens(aanbieder, code, ingangsdatum=START, einddatum=date(2027, 8, 31), **anders)


def _antwoord(verzoek, passend: bool, **anders):
    medewerker = maak_gebruiker(Rol.AANBIEDER, [], aanbieder=verzoek.aanbieder)
    return matchingsverzoek_beantwoorden(
        door=medewerker,
        verzoek=verzoek,
        passend=passend,
        gesprek_op=GISTEREN,
        gesprek_vorm="aan_tafel",
        verwachte_startdatum=START if passend else None,
        reden_niet_passend="" if passend else "Geen plek in de groep",
        **anders,
    )


# --- §2: only the aanbieders that may deliver ----------------------------------------------------------

# (gemeente, contract, in the list): Handboek verwijzers jeugdhulp §2.3 (r. 3644–3670): the region uses the regionale
# perceel, all but Venlo also the lokale; §1.1.2.3 (r. 1993–1998): a contracted aanbieder, on the ingangsdatum.
LEVERBAAR = [
    pytest.param("0983", {"perceel": "regionaal"}, True, id="HV-2.3-venlo-regionaal"),
    pytest.param("0983", {"perceel": "lokaal"}, False, id="HV-2.3-venlo-gebruikt-lokaal-niet"),
    pytest.param("0889", {"perceel": "lokaal"}, True, id="HV-2.3-beesel-lokaal"),
    pytest.param("0889", {"perceel": "regionaal"}, True, id="HV-2.3-beesel-regionaal-vrije-keuze"),
    pytest.param("0983", {"geldig_tot": START - timedelta(days=1)}, False, id="HV-1.1.2.3-contract-afgelopen"),
    pytest.param("0983", {"geldig_vanaf": START + timedelta(days=1)}, False, id="HV-1.1.2.3-contract-nog-niet"),
    pytest.param("0983", {"product_code": "45L13"}, False, id="HV-1.1.2.3-ander-product"),
    pytest.param("0983", {"gemeente_cbs": "0889"}, False, id="HV-1.1.2.3-andere-gemeente"),
    pytest.param("0983", None, False, id="HV-1.1.2.3-geen-contract-(Wmo-aanbieder)"),
]


@pytest.mark.parametrize("cbs, contract, verwacht", LEVERBAAR)
def test_the_aanbieder_list_follows_product_gemeente_and_ingangsdatum(cbs, contract, verwacht):
    plaats = gemeente(cbs)
    aanbieder = AanbiederFactory()
    if contract is not None:
        contract = dict(contract)
        ContractFactory(
            aanbieder=aanbieder,
            gemeente=gemeente(contract.pop("gemeente_cbs", cbs)),
            product=Product.objects.get(code=contract.pop("product_code", "45L12")),
            **contract,
        )
    data = {"product": Product.objects.get(code="45L12").pk, "ingangsdatum": START.isoformat()}
    form = IndicatieForm(data, domein="jeugd", gemeente=plaats)
    assert (aanbieder in form.fields["aanbieder"].queryset) is verwacht
    # and the service refuses what the list does not offer
    consulent = maak_gebruiker(Rol.CONSULENT, [plaats], domein_jeugd=True)
    dossier = _dossier(plaats, consulent)
    if verwacht:
        indicatie_voorstellen(door=consulent, dossier=dossier, gegevens=_gegevens(aanbieder))
    else:
        with pytest.raises(Geweigerd, match="niet gecontracteerd|geen contract"):
            indicatie_voorstellen(door=consulent, dossier=dossier, gegevens=_gegevens(aanbieder))


# (contracted?, motivering, refusal or None): Handboek verwijzers jeugdhulp §1.1.2.3.1 (r. 2028–2069), the separate
# route niet gecontracteerd aanbod with its own motivering.
NGA = [
    pytest.param(
        False, "Alleen deze aanbieder biedt EMDR voor jonge kinderen", None, id="HV-1.1.2.3.1-nga-gemotiveerd"
    ),
    pytest.param(False, "  ", "Motiveer het niet gecontracteerde aanbod", id="HV-1.1.2.3.1-nga-zonder-motivering"),
    pytest.param(True, "Liever deze", "kies de gewone route", id="HV-1.1.2.3.1-gecontracteerd-niet-via-nga"),
]


@pytest.mark.parametrize("gecontracteerd, motivering, weigering", NGA)
def test_niet_gecontracteerd_aanbod_only_through_its_own_route(consulent, venlo, gecontracteerd, motivering, weigering):
    aanbieder = _gecontracteerd(venlo) if gecontracteerd else AanbiederFactory()
    dossier = _dossier(venlo, consulent)
    route = {"niet_gecontracteerd": True, "motivering_niet_gecontracteerd": motivering}
    if weigering:
        with pytest.raises(Geweigerd, match=weigering):
            indicatie_voorstellen(door=consulent, dossier=dossier, gegevens=_gegevens(aanbieder), **route)
        return
    indicatie = indicatie_voorstellen(door=consulent, dossier=dossier, gegevens=_gegevens(aanbieder), **route)
    assert indicatie.niet_gecontracteerd and indicatie.motivering_niet_gecontracteerd == motivering
    assert "CONTRACT" not in [b["regel"] for b in indicatie.bevindingen]


def test_the_form_offers_the_nga_route_with_its_motivering(client_consulent, consulent, venlo):
    """No JS: the route is a choice on the form; its aanbieder and motivering are required with it."""
    dossier = _dossier(venlo, consulent)
    url = f"/dossiers/{dossier.public_id}/indicatie/"
    basis = {
        "product": Product.objects.get(code="45L12").pk,
        "ingangsdatum": "2026-12-01",
        "einddatum": "2027-08-31",  # a traject needs one
        "bekostiging": "zin",
    }
    tekst = client_consulent.post(url, {**basis, "aanbieder_route": "niet_gecontracteerd"}).content.decode()
    assert "Kies de aanbieder van het niet gecontracteerde aanbod." in tekst and "Motiveer waarom" in tekst
    nga = AanbiederFactory()
    response = client_consulent.post(
        url,
        {
            **basis,
            "aanbieder_route": "niet_gecontracteerd",
            "aanbieder_niet_gecontracteerd": nga.pk,
            "motivering_niet_gecontracteerd": "Geen gecontracteerde aanbieder biedt dit",
        },
    )
    assert response.status_code == 302
    assert Indicatie.objects.get(dossier=dossier).aanbieder == nga


# --- §4: re-matching ---------------------------------------------------------------------------------


def _niet_passend(consulent, venlo):
    eerste = _gecontracteerd(venlo, "Eerste aanbieder")
    tweede = _gecontracteerd(venlo, "Tweede aanbieder")
    indicatie = indicatie_voorstellen(door=consulent, dossier=_dossier(venlo, consulent), gegevens=_gegevens(eerste))
    verzoek = _antwoord(matchingsverzoek_sturen(door=consulent, indicatie=indicatie), passend=False)
    return indicatie, verzoek, tweede


# (what follows the niet passend, may the plan start): Handboek verwijzers jeugdhulp §1.1.2.3.2 (r. 2097–2113, 2149).
NA_NIET_PASSEND = [
    pytest.param("niets", False, id="HV-1.1.2.3.2-niet-passend-wacht"),
    pytest.param("tweede-passend", True, id="HV-1.1.2.3.2-tweede-aanbieder-passend"),
    pytest.param("tweede-open", False, id="HV-1.1.2.3.2-tweede-aanbieder-nog-open"),
    pytest.param("tweede-niet-passend", False, id="HV-1.1.2.3.2-tweede-ook-niet-passend"),
    pytest.param("leveringsplicht", True, id="HV-1.1.2.3.2-gemeente-besluit-leveringsplicht"),
    pytest.param("andere-aanbieder", False, id="HV-1.1.2.3.2-gemeente-besluit-andere-aanbieder"),
    pytest.param("nieuwe-indicatie-en-intrekken", True, id="HV-1.1.2.3.2-oude-indicatie-ingetrokken"),
]


@pytest.mark.parametrize("vervolg, klaar", NA_NIET_PASSEND)
def test_the_plan_waits_only_for_the_current_verzoek_per_indicatie(consulent, venlo, vervolg, klaar):
    indicatie, verzoek, tweede = _niet_passend(consulent, venlo)
    dossier = indicatie.dossier
    if vervolg.startswith("tweede"):
        nieuw = matchingsverzoek_opnieuw(door=consulent, indicatie=indicatie, aanbieder=tweede)
        if vervolg != "tweede-open":
            _antwoord(nieuw, passend=vervolg == "tweede-passend")
    elif vervolg in ("leveringsplicht", "andere-aanbieder"):
        besluit = vervolg.replace("-", "_")
        matchingsbesluit_nemen(door=consulent, verzoek=verzoek, besluit=besluit, reden="Overlegd met de aanbieder")
    elif vervolg == "nieuwe-indicatie-en-intrekken":
        # the workplace's path: a second indicatie for the second aanbieder, the first withdrawn
        tweede_indicatie = indicatie_voorstellen(
            door=consulent, dossier=dossier, gegevens=_gegevens(tweede), motivering="Vervangt de eerste"
        )
        _antwoord(matchingsverzoek_sturen(door=consulent, indicatie=tweede_indicatie), passend=True)
        indicatie_intrekken(door=consulent, indicatie=indicatie, reden="Naar de tweede aanbieder")
    if klaar:
        assert leefzorgplan_starten(door=consulent, dossier=dossier).status == Status.LEEFZORGPLAN
    else:
        with pytest.raises(Geweigerd, match="wacht op het antwoord|meldde niet passend"):
            leefzorgplan_starten(door=consulent, dossier=dossier)


# (situation, refusal): who may send to another aanbieder, and when (Handboek verwijzers jeugdhulp §1.1.2.3.2).
OPNIEUW_GEWEIGERD = [
    pytest.param("nog-open", "nadat de aanbieder niet passend", id="HV-1.1.2.3.2-eerst-het-antwoord"),
    pytest.param("passend", "nadat de aanbieder niet passend", id="HV-1.1.2.3.2-passend-blijft"),
    pytest.param("zelfde-aanbieder", "Kies een andere aanbieder", id="HV-1.1.2.3.2-andere-aanbieder"),
    pytest.param("ongecontracteerd", "niet gecontracteerd", id="HV-1.1.2.3-ook-de-tweede-gecontracteerd"),
    pytest.param("andere-gemeente", "", id="rechten-consulent-van-de-gemeente"),
    pytest.param("leveringsplicht", "levert", id="HV-1.1.2.3.2-besluit-leveringsplicht-staat"),
]


@pytest.mark.parametrize("situatie, weigering", OPNIEUW_GEWEIGERD)
def test_sending_to_another_aanbieder_is_refused_when_it_does_not_fit(consulent, venlo, beesel, situatie, weigering):
    eerste = _gecontracteerd(venlo, "Eerste aanbieder")
    indicatie = indicatie_voorstellen(door=consulent, dossier=_dossier(venlo, consulent), gegevens=_gegevens(eerste))
    verzoek = matchingsverzoek_sturen(door=consulent, indicatie=indicatie)
    if situatie != "nog-open":
        verzoek = _antwoord(verzoek, passend=situatie == "passend")
    andere, door = _gecontracteerd(venlo, "Tweede aanbieder"), consulent
    if situatie == "zelfde-aanbieder":
        andere = eerste
    elif situatie == "ongecontracteerd":
        andere = AanbiederFactory()
    elif situatie == "andere-gemeente":
        door = maak_gebruiker(Rol.CONSULENT, [beesel], domein_jeugd=True)
    elif situatie == "leveringsplicht":
        matchingsbesluit_nemen(door=consulent, verzoek=verzoek, besluit="leveringsplicht", reden="Acceptatieplicht")
    with pytest.raises(Geweigerd, match=weigering):
        matchingsverzoek_opnieuw(door=door, indicatie=indicatie, aanbieder=andere)
    assert Matchingsverzoek.objects.filter(indicatie=indicatie).count() == 1  # nothing half-saved


def test_another_aanbieder_gets_the_verzoek_and_it_is_audited(consulent, venlo):
    indicatie, verzoek, tweede = _niet_passend(consulent, venlo)
    nieuw = matchingsverzoek_opnieuw(door=consulent, indicatie=indicatie, aanbieder=tweede)
    assert (nieuw.aanbieder, nieuw.status) == (tweede, VerzoekStatus.VERZONDEN)
    indicatie.refresh_from_db()
    assert indicatie.aanbieder == tweede
    assert AuditEvent.objects.filter(object_id=str(indicatie.pk), omschrijving__startswith="Andere aanbieder").exists()


# (dossier status, allowed): withdraw or change an indicatie before the plan is signed (Handboek verwijzers jeugdhulp
# §1.1.3 (r. 2238–2246): the signed plan is the aanvraag).
VOOR_ONDERTEKENING = [
    pytest.param(Status.INDICATIE, True, id="HV-1.1.3-indicatie"),
    pytest.param(Status.LEEFZORGPLAN, True, id="HV-1.1.3-leefzorgplan"),
    pytest.param(Status.ONDERTEKENING, True, id="HV-1.1.3-ter-ondertekening"),
    pytest.param(Status.AANVRAAG, False, id="HV-1.1.3-getekend-is-aanvraag"),
]


@pytest.mark.parametrize("status, toegestaan", VOOR_ONDERTEKENING)
@pytest.mark.parametrize("actie", ["intrekken", "wijzigen"])
def test_withdraw_or_change_an_indicatie_before_the_plan_is_signed(consulent, venlo, status, toegestaan, actie):
    aanbieder = _gecontracteerd(venlo)
    dossier = _dossier(venlo, consulent)
    indicatie = indicatie_voorstellen(door=consulent, dossier=dossier, gegevens=_gegevens(aanbieder))
    verzoek = matchingsverzoek_sturen(door=consulent, indicatie=indicatie)
    Dossier.objects.filter(pk=dossier.pk).update(status=status)

    def doe():
        if actie == "intrekken":
            return indicatie_intrekken(door=consulent, indicatie=indicatie, reden="Gezin wil eerst iets anders")
        gegevens = _gegevens(aanbieder, volume=2)
        return indicatie_wijzigen(door=consulent, indicatie=indicatie, gegevens=gegevens, reden="Meer nodig")

    if not toegestaan:
        with pytest.raises(Geweigerd, match="niet is ondertekend"):
            doe()
        return
    nieuw = doe()
    dossier.refresh_from_db()
    verzoek.refresh_from_db()
    assert dossier.status == Status.INDICATIE  # the plan waits for the matching again
    assert verzoek.status == VerzoekStatus.INGETROKKEN
    assert list(dossier.indicaties.all()) == ([] if actie == "intrekken" else [nieuw])
    assert Indicatie.alle.get(pk=indicatie.pk).ingetrokken_op is not None
    # the aanbieder can no longer answer the withdrawn verzoek
    with pytest.raises(Geweigerd, match="ingetrokken"):
        _antwoord(verzoek, passend=True)


# (verwachte startdatum - ingangsdatum in days, refused): the aanbieder's verwachte startdatum cannot lie before the
# indicatie's start (Handboek verwijzers jeugdhulp §1.1.2.3.2 (r. 2097–2113): "de verwachte startdatum" of the
# help; the reading chosen: not before the indicatie starts).
STARTDATUM = [
    pytest.param(-1, True, id="HV-1.1.2.3.2-start-voor-ingangsdatum"),
    pytest.param(0, False, id="HV-1.1.2.3.2-start-op-ingangsdatum"),
    pytest.param(10, False, id="HV-1.1.2.3.2-start-na-ingangsdatum"),
]


@pytest.mark.parametrize("dagen, geweigerd", STARTDATUM)
def test_the_portal_refuses_a_verwachte_startdatum_before_the_ingangsdatum(consulent, venlo, dagen, geweigerd):
    aanbieder = _gecontracteerd(venlo)
    indicatie = indicatie_voorstellen(door=consulent, dossier=_dossier(venlo, consulent), gegevens=_gegevens(aanbieder))
    verzoek = matchingsverzoek_sturen(door=consulent, indicatie=indicatie)
    client = ingelogde_client(maak_gebruiker(Rol.AANBIEDER, [], aanbieder=aanbieder))
    response = client.post(
        f"/portaal/verzoeken/{verzoek.public_id}/",
        {
            "passend": "ja",
            "gesprek_op": GISTEREN.isoformat(),
            "gesprek_vorm": "aan_tafel",
            "verwachte_startdatum": (START + timedelta(days=dagen)).isoformat(),
        },
    )
    verzoek.refresh_from_db()
    if geweigerd:
        assert response.status_code == 400
        assert "De verwachte startdatum ligt vóór de ingangsdatum van de indicatie (01-12-2026)." in (
            response.content.decode()
        )
        assert verzoek.status == VerzoekStatus.VERZONDEN
    else:
        assert response.status_code == 302 and verzoek.status == VerzoekStatus.PASSEND


# (besluit, reden, refusal): the gemeente's decision after a niet passend is recorded with its reason
# (Handboek verwijzers jeugdhulp §1.1.2.3.2 (r. 2103–2113)).
BESLUIT = [
    pytest.param("leveringsplicht", "Acceptatieplicht, APvE algemene eis 2", None, id="HV-1.1.2.3.2-leveringsplicht"),
    pytest.param("andere_aanbieder", "Wachtlijst te lang", None, id="HV-1.1.2.3.2-andere-aanbieder"),
    pytest.param("leveringsplicht", " ", "reden van het besluit", id="HV-1.1.2.3.2-besluit-zonder-reden"),
    pytest.param("", "Iets", "Kies het besluit", id="HV-1.1.2.3.2-geen-besluit"),
]


@pytest.mark.parametrize("besluit, reden, weigering", BESLUIT)
def test_the_gemeentes_decision_when_no_aanbieder_fits(consulent, venlo, besluit, reden, weigering):
    _indicatie, verzoek, _tweede = _niet_passend(consulent, venlo)
    if weigering:
        with pytest.raises(Geweigerd, match=weigering):
            matchingsbesluit_nemen(door=consulent, verzoek=verzoek, besluit=besluit, reden=reden)
        return
    verzoek = matchingsbesluit_nemen(door=consulent, verzoek=verzoek, besluit=besluit, reden=reden)
    assert (verzoek.besluit, verzoek.besluit_reden, verzoek.besluit_door) == (besluit, reden, consulent)
    omschrijving = f"Besluit gemeente: {Matchingsbesluit(besluit).label}"  # the label, not the code
    assert AuditEvent.objects.filter(object_id=str(verzoek.pk), omschrijving=omschrijving).exists()


def test_the_dossier_offers_the_actions_that_fit_the_state(client_consulent, consulent, venlo):
    """The screens: a link per indicatie on the dossier; on the matching page another aanbieder and the gemeente's
    decision only after a niet passend; withdrawing until the plan is signed."""
    indicatie, verzoek, tweede = _niet_passend(consulent, venlo)
    dossier = indicatie.dossier
    pagina = f"/dossiers/{dossier.public_id}/indicatie/{indicatie.pk}/"
    assert pagina in client_consulent.get(f"/dossiers/{dossier.public_id}/").content.decode()
    tekst = client_consulent.get(pagina).content.decode()
    assert "Andere aanbieder vragen" in tekst and "Besluit van de gemeente" in tekst and "Indicatie intrekken" in tekst
    keuzes = tekst.split('id="id_opnieuw-aanbieder"')[1].split("</select>")[0]
    assert "Tweede aanbieder" in keuzes and "Eerste aanbieder" not in keuzes  # already asked
    response = client_consulent.post(pagina + "besluit/", {"besluit-besluit": "andere_aanbieder"})
    assert response.status_code == 400 and "Geef de reden van het besluit." in response.content.decode()
    besluit = {"besluit-besluit": "andere_aanbieder", "besluit-reden": "Wachtlijst te lang"}
    assert client_consulent.post(pagina + "besluit/", besluit).status_code == 302
    tekst = client_consulent.get(pagina).content.decode()
    assert "Besluit vastleggen" not in tekst and "Wachtlijst te lang" in tekst and "Andere aanbieder vragen" in tekst
    assert (
        "niet passend; Niet passend: een andere aanbieder zoeken"
        in client_consulent.get(f"/dossiers/{dossier.public_id}/").content.decode()
    )
    response = client_consulent.post(pagina + "opnieuw/", {"opnieuw-aanbieder_route": "gecontracteerd"})
    assert response.status_code == 400 and "Kies de andere aanbieder." in response.content.decode()
    response = client_consulent.post(
        pagina + "opnieuw/", {"opnieuw-aanbieder_route": "gecontracteerd", "opnieuw-aanbieder": tweede.pk}
    )
    assert response.status_code == 302
    tekst = client_consulent.get(pagina).content.decode()
    assert "Andere aanbieder vragen" not in tekst and "Tweede aanbieder: Verzonden (huidig verzoek)" in tekst
    response = client_consulent.post(pagina + "intrekken/", {"intrekken-reden": "Gezin kiest voorliggend"})
    assert response.status_code == 302
    assert not dossier.indicaties.exists()
    assert Matchingsverzoek.objects.get(indicatie=indicatie, aanbieder=tweede).status == VerzoekStatus.INGETROKKEN
    for route in ("matching", "matchingsbesluit-nemen", "matchingsverzoek-opnieuw", "indicatie-intrekken"):
        assert AuditEvent.objects.filter(route=f"verwijzing:{route}").exists(), route


# (another contracted aanbieder for the product?, what the matching page offers after a niet passend): Handboek
# verwijzers jeugdhulp §1.1.2.3.2 (r. 2097–2113) another aanbieder or the gemeente's decision; §1.1.2.3 (r. 1993–2069)
# the route niet gecontracteerd aanbod.
ANDERE_AANBIEDER = [
    pytest.param(True, True, id="HV-1.1.2.3.2-een-tweede-gecontracteerde-in-de-lijst"),
    pytest.param(False, False, id="HV-1.1.2.3.2-geen-gecontracteerde-dan-de-uitwegen"),
]


@pytest.mark.parametrize(("tweede_gecontracteerd", "lijst"), ANDERE_AANBIEDER)
def test_no_empty_list_of_other_aanbieders(client_consulent, consulent, venlo, tweede_gecontracteerd, lijst):
    eerste = _gecontracteerd(venlo, "Eerste aanbieder")
    if tweede_gecontracteerd:
        _gecontracteerd(venlo, "Tweede aanbieder")
    AanbiederFactory(naam="Zonder contract")
    indicatie = indicatie_voorstellen(door=consulent, dossier=_dossier(venlo, consulent), gegevens=_gegevens(eerste))
    _antwoord(matchingsverzoek_sturen(door=consulent, indicatie=indicatie), passend=False)
    pagina = f"/dossiers/{indicatie.dossier.public_id}/indicatie/{indicatie.pk}/"
    tekst = client_consulent.get(pagina).content.decode()
    assert "Andere aanbieder vragen" in tekst
    assert ('id="id_opnieuw-aanbieder"' in tekst) is lijst
    uitleg = f"Er is geen andere aanbieder met een contract voor 45L12 op {START:%d-%m-%Y}."
    assert (uitleg in tekst) is not lijst
    if lijst:
        return
    for uitweg in ("niet gecontracteerd aanbod", 'href="#kop-besluit"', 'href="#kop-intrekken"', "wijzigen/"):
        assert uitweg in tekst.split('id="geen-gecontracteerde"')[1].split("</div>")[0], uitweg
    response = client_consulent.post(pagina + "opnieuw/", {"opnieuw-aanbieder_route": "gecontracteerd"})
    fouten = response.content.decode()
    assert response.status_code == 400 and "Motiveer waarom geen gecontracteerde aanbieder" in fouten
    assert 'id="id_opnieuw-aanbieder"' not in fouten and "Zonder contract" in fouten


def test_changing_an_indicatie_on_its_screen_replaces_it(client_consulent, consulent, venlo):
    aanbieder = _gecontracteerd(venlo)
    dossier = _dossier(venlo, consulent)
    indicatie = indicatie_voorstellen(door=consulent, dossier=dossier, gegevens=_gegevens(aanbieder))
    url = f"/dossiers/{dossier.public_id}/indicatie/{indicatie.pk}/wijzigen/"
    tekst = client_consulent.get(url).content.decode()
    assert 'value="2026-12-01"' in tekst or "01-12-2026" in tekst  # prefilled
    data = {
        "product": indicatie.product_id,
        "ingangsdatum": "2026-12-01",
        "einddatum": "2027-11-30",  # a traject: no volume, a later end
        "aanbieder_route": "gecontracteerd",
        "aanbieder": aanbieder.pk,
        "bekostiging": "zin",
    }
    response = client_consulent.post(url, data)
    assert response.status_code == 400 and "Geef de reden van de wijziging." in response.content.decode()
    response = client_consulent.post(url, {**data, "reden_wijziging": "Meer tijd nodig"})
    (nieuw,) = dossier.indicaties.all()
    assert response.status_code == 302 and response["Location"].endswith(f"/indicatie/{nieuw.pk}/")
    assert nieuw.einddatum == date(2027, 11, 30) and Indicatie.alle.get(pk=indicatie.pk).vervangen_door == nieuw
    assert AuditEvent.objects.filter(route="verwijzing:indicatie-wijzigen", actie=Actie.LEZEN).exists()
    assert AuditEvent.objects.filter(route="verwijzing:indicatie-wijzigen", actie=Actie.AANMAKEN).exists()


def test_the_aanbieder_list_follows_the_product_live(client_consulent, consulent, venlo):
    """Progressive enhancement: the rules' live check also swaps the aanbieder options (htmx out of band)."""
    maasland, peel = _gecontracteerd(venlo), _gecontracteerd(venlo, "Jeugdzorg De Peel", code="45L13")
    dossier = _dossier(venlo, consulent)
    tekst = client_consulent.post(
        f"/dossiers/{dossier.public_id}/indicatie/toets/",
        {"product": Product.objects.get(code="45L13").pk, "ingangsdatum": "2026-12-01"},
    ).content.decode()
    opties = re.search(r'<select[^>]*id="id_aanbieder" hx-swap-oob="outerHTML"[^>]*>(.*?)</select>', tekst, re.S).group(
        1
    )
    assert peel.naam in opties and maasland.naam not in opties


def test_a_refused_change_leaves_everything_as_it_was(consulent, venlo):
    """Nothing half-saved: the new indicatie is refused (an uncontracted aanbieder), so the old one, its open verzoek
    and the plan's step stay (Handboek verwijzers jeugdhulp §1.1.2.3 (r. 1993–1998))."""
    aanbieder = _gecontracteerd(venlo)
    dossier = _dossier(venlo, consulent)
    indicatie = indicatie_voorstellen(door=consulent, dossier=dossier, gegevens=_gegevens(aanbieder))
    verzoek = matchingsverzoek_sturen(door=consulent, indicatie=indicatie)
    Dossier.objects.filter(pk=dossier.pk).update(status=Status.LEEFZORGPLAN)
    with pytest.raises(Geweigerd, match="niet gecontracteerd"):
        indicatie_wijzigen(
            door=consulent, indicatie=indicatie, gegevens=_gegevens(AanbiederFactory()), reden="Andere aanbieder"
        )
    dossier.refresh_from_db()
    verzoek.refresh_from_db()
    assert list(dossier.indicaties.all()) == [indicatie] and dossier.status == Status.LEEFZORGPLAN
    assert verzoek.status == VerzoekStatus.VERZONDEN


@pytest.mark.parametrize(
    "dagen_geleden,te_laat",
    [
        pytest.param(0, False, id="HV-1.1.2.3.2-matchingsgesprek-binnen-5-werkdagen"),
        pytest.param(20, True, id="HV-1.1.2.3.2-matchingsgesprek-te-laat"),
    ],
)
def test_the_matching_page_names_the_open_verzoeks_deadline_and_flags_it_late(
    client_consulent, consulent, venlo, dagen_geleden, te_laat
):
    """Handboek verwijzers jeugdhulp §1.1.2.3.2: the matchingsgesprek within 5 werkdagen of the verzoek. The
    matching page says by when, and "(te laat)" once past, as the werkvoorraad and the dossier do."""
    indicatie = indicatie_voorstellen(
        door=consulent, dossier=_dossier(venlo, consulent), gegevens=_gegevens(_gecontracteerd(venlo))
    )
    verzoek = matchingsverzoek_sturen(door=consulent, indicatie=indicatie)
    verzonden = date.today() - timedelta(days=dagen_geleden)
    Matchingsverzoek.objects.filter(pk=verzoek.pk).update(verzonden_op=verzonden)
    tekst = client_consulent.get(f"/dossiers/{indicatie.dossier.public_id}/indicatie/{indicatie.pk}/").content.decode()
    assert f"verzonden op {verzonden:%d-%m-%Y}, matchingsgesprek uiterlijk" in tekst
    assert ("(te laat)" in tekst) == te_laat
