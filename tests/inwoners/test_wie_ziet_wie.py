"""Who sees whom. Least privilege (AVG art. 5 lid 1 sub c): a consulent sees the persons of
his own domain's dossiers, their relaties, the persons he registered himself and those he opened through
the reasoned out-of-scope step. Per user, not per gemeente: "he" registered or opened them, and a colleague
takes the same reasoned step. The backoffice works for every domain of its gemeenten (it decides Jeugd
beschikkingen, Handboek Maatwerkdiensten Wmo §2 (r. 120–121), and handles 315s, Handboek verwijzers jeugdhulp
§1.1.2.2.2.1 (r. 1886–1892)): the persons of all its gemeenten's dossiers and their relaties; it starts no melding, so
it opens nobody. Where a person lives (BRP) gives no access: the gemeente responsible under the woonplaatsbeginsel owns
the dossier (Handboek verwijzers jeugdhulp §2.2, r. 3553–3557)."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Rol
from audit.models import Actie, AuditEvent
from inwoners import models as inwoner_models  # Toegangsgrond through the module: this file also runs at 9a05024
from inwoners import services
from inwoners.factories import InwonerFactory, RelatieFactory, inwoner_in
from inwoners.models import Inwoner
from organisaties.factories import AanbiederFactory, gemeente
from tests.conftest import ingelogde_client, maak_gebruiker
from toegang.fouten import Geweigerd
from verwijzing.factories import DossierFactory, IndicatieFactory

pytestmark = pytest.mark.django_db

BRON_CONSULENT = "least privilege: own domain's dossiers + their relaties + registered/opened by him (AVG art. 5.1.c)"
BRON_BACKOFFICE = (
    "Handboek Maatwerkdiensten Wmo §2 (r. 120–121), Handboek verwijzers jeugdhulp §1.1.2.2.2.1 (r. 1886–1892): "
    "backoffice works for all domains of its gemeenten"
)

# role → (user kwargs, the persons of the world below it sees, source)
ROLLEN = {
    "consulent Jeugd": (
        {"rol": Rol.CONSULENT, "domein_jeugd": True, "domein_wmo": False},
        {"kind", "ouder", "geplaatst", "zelf_geregistreerd", "zelf_geopend"},
        BRON_CONSULENT,
    ),
    "consulent Wmo": (
        {"rol": Rol.CONSULENT, "domein_jeugd": False, "domein_wmo": True},
        {"volwassene", "partner", "zelf_geregistreerd", "zelf_geopend"},
        BRON_CONSULENT,
    ),
    "consulent beide": (
        {"rol": Rol.CONSULENT, "domein_jeugd": True, "domein_wmo": True},
        {"kind", "ouder", "geplaatst", "volwassene", "partner", "zelf_geregistreerd", "zelf_geopend"},
        BRON_CONSULENT,
    ),
    "backoffice": (
        {"rol": Rol.BACKOFFICE},
        {"kind", "ouder", "geplaatst", "volwassene", "partner"},
        BRON_BACKOFFICE,
    ),
    "aanbieder": (
        {"rol": Rol.AANBIEDER},
        set(),  # even with an indicatie at its organisation: the 301 and the Format carry what it needs
        "Memo Plan van aanpak Jeugd en Wmo, kopje Leefzorgplan (r. 35–36) "
        "(no leefzorgplan or dossier to the aanbieder)",
    ),
    "regie": ({"rol": Rol.REGIE}, set(), "regie sees aggregates only"),
    "beheer": ({"rol": Rol.BEHEER}, set(), "functioneel beheer: products and accounts, no client data"),
    "applicatiebeheer": ({"rol": Rol.APPLICATIEBEHEER}, set(), "regional accounts: sees no client data"),
}


@pytest.fixture
def wereld(venlo, beesel):
    """Venlo's people: a child with a Jeugd dossier and a parent (relatie), an adult with a Wmo dossier and a
    partner (relatie), a child placed in Beesel whose Jeugd dossier stays Venlo's (woonplaatsbeginsel), and
    people who merely live in Venlo, or whom a colleague registered or opened."""
    jeugd = maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True)
    wmo = maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=False, domein_wmo=True)
    w = {
        "kind": inwoner_in(venlo),
        "ouder": inwoner_in(venlo),
        "geplaatst": inwoner_in(beesel),
        "volwassene": inwoner_in(venlo, geslachtsnaam="Wmovolwassene"),
        "partner": inwoner_in(beesel),
        "partner_van_ouder": inwoner_in(venlo, geslachtsnaam="Partnervanouder"),
        "buurman": inwoner_in(venlo),
        "van_collega": inwoner_in(venlo),
        "beesel_dossier": inwoner_in(venlo),
        "zelf_geopend": inwoner_in(beesel),
    }
    kind = DossierFactory(inwoner=w["kind"], gemeente=venlo, domein="jeugd", consulent=jeugd)
    DossierFactory(inwoner=w["geplaatst"], gemeente=venlo, domein="jeugd", consulent=jeugd)
    DossierFactory(inwoner=w["volwassene"], gemeente=venlo, domein="wmo", consulent=wmo)
    DossierFactory(inwoner=w["beesel_dossier"], gemeente=beesel, domein="jeugd", consulent=jeugd)
    RelatieFactory(inwoner=w["kind"], persoon=w["ouder"], soort="10")
    RelatieFactory(inwoner=w["volwassene"], persoon=w["partner"], soort="12")
    # Only the relaties of a dossier's person, not the relaties of those relaties.
    RelatieFactory(inwoner=w["ouder"], persoon=w["partner_van_ouder"], soort="12")
    services.open_voor_melding(jeugd, gemeente=venlo, bsn=w["van_collega"].bsn, reden="Melding van school")
    w["_aanbieder"] = AanbiederFactory()
    IndicatieFactory(dossier=kind, aanbieder=w["_aanbieder"])
    return w


@pytest.mark.parametrize("rol", list(ROLLEN))
def test_who_sees_whom_per_role(rol, wereld, venlo):
    kwargs, ziet, bron = ROLLEN[rol]
    if kwargs["rol"] == Rol.AANBIEDER:
        gebruiker = maak_gebruiker(aanbieder=wereld["_aanbieder"], domein_jeugd=False, **kwargs)
    else:
        gebruiker = maak_gebruiker(gemeenten=[venlo], **kwargs)
    if kwargs["rol"] == Rol.CONSULENT:  # only a consulent registers and takes the reasoned step
        wereld["zelf_geregistreerd"] = services.inwoner_registreren(
            gebruiker,
            gemeente=venlo,
            gegevens={"bsn": "999990019", "geslachtsnaam": "Zelf", "geboortedatum": date(2012, 3, 4)},
            brp_adres={
                "straatnaam": "Parade",
                "huisnummer": 1,
                "postcode": "5911AB",
                "plaats": "Venlo",
                "gemeente": venlo,
            },
        )
        services.open_voor_melding(gebruiker, gemeente=venlo, bsn=wereld["zelf_geopend"].bsn, reden="Huisarts belt")
    namen = {i.pk: naam for naam, i in wereld.items() if isinstance(i, Inwoner)}
    zichtbaar = {namen[pk] for pk in Inwoner.objects.visible_to(gebruiker).values_list("pk", flat=True)}
    assert zichtbaar == ziet, f"{rol}: {bron}"


def test_a_toegangsgrond_counts_only_for_a_consulent_and_only_while_he_works_for_its_gemeente(venlo, beesel):
    inwoner = inwoner_in(beesel)
    consulent = maak_gebruiker(Rol.CONSULENT, [venlo, beesel], domein_jeugd=True)
    backoffice = maak_gebruiker(Rol.BACKOFFICE, [venlo])
    for gebruiker in (consulent, backoffice):
        inwoner_models.Toegangsgrond.objects.create(inwoner=inwoner, gebruiker=gebruiker, gemeente=beesel)
    assert list(Inwoner.objects.visible_to(consulent)) == [inwoner]
    assert not Inwoner.objects.visible_to(backoffice).exists()  # the backoffice opens nobody
    consulent.lidmaatschappen.filter(gemeente=beesel).delete()
    consulent.__dict__.pop("_toegang_lidmaatschappen", None)  # a queryset delete does not reach the cached user
    assert not Inwoner.objects.visible_to(consulent).exists()


def test_a_jeugd_consulent_does_not_see_wmo_adults(wereld, venlo):
    """The hole: the inwoner scope ignored the domain; a Jeugd consulent saw Wmo adults' BSN and address."""
    jeugd = ingelogde_client(maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True))
    volwassene = wereld["volwassene"]
    assert jeugd.get(f"/inwoners/{volwassene.public_id}/").status_code == 404
    assert jeugd.get(f"/api/v1/inwoners/{volwassene.public_id}").status_code == 404
    lijst = jeugd.get("/api/v1/inwoners").content.decode()
    assert volwassene.bsn not in lijst and wereld["kind"].bsn in lijst
    gevonden = jeugd.post("/inwoners/zoeken/", {"geslachtsnaam": "Wmovolwassene"}).content.decode()
    assert "Geen inwoner gevonden" in gevonden
    assert AuditEvent.objects.filter(actie=Actie.GEWEIGERD, object_id=str(volwassene.pk)).exists()


def test_a_jeugd_consulent_sees_the_parents_of_his_client_but_not_their_relaties(wereld, venlo):
    jeugd = maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True)
    client = ingelogde_client(jeugd)
    kind = client.get(f"/inwoners/{wereld['kind'].public_id}/").content.decode()
    assert f'href="/inwoners/{wereld["ouder"].public_id}/"' in kind
    ouder = client.get(f"/inwoners/{wereld['ouder'].public_id}/")
    assert ouder.status_code == 200
    tekst = ouder.content.decode()
    assert "Partnervanouder" not in tekst  # a relatie of a relatie: no name
    assert "Inwoner die u niet kunt inzien" in tekst
    assert client.get(f"/inwoners/{wereld['partner_van_ouder'].public_id}/").status_code == 404


GOED = {
    "bsn": "999990019",
    "voornamen": "Sanne",
    "geslachtsnaam": "Dijk",
    "geboortedatum": "2012-03-04",
    "geslacht": "2",
    "straatnaam": "Raadhuisplein",
    "huisnummer": "1",
    "postcode": "5801 BE",
    "plaats": "Venray",
}


def test_registering_someone_from_venray_needs_the_reasoned_step_and_venray_does_not_see_it(consulent, venlo):
    """The hole: a Venlo consulent registered a person living in Venray without a reason, after which Venray
    staff saw the record."""
    venray = gemeente("0984")
    client = ingelogde_client(consulent)
    zonder = client.post("/inwoners/nieuw/", {**GOED, "gemeente": venlo.pk, "woongemeente": venray.pk})
    assert zonder.status_code == 400
    assert "Deze inwoner woont buiten uw gemeenten. Geef een reden op" in zonder.content.decode()
    assert 'id="id_reden_error"' in zonder.content.decode()
    assert not Inwoner.objects.exists()

    reden = "Pleegkind uit Venray, Venlo blijft verantwoordelijk (woonplaatsbeginsel)"
    met = client.post("/inwoners/nieuw/", {**GOED, "gemeente": venlo.pk, "woongemeente": venray.pk, "reden": reden})
    assert met.status_code == 302
    inwoner = Inwoner.objects.get(bsn="999990019")
    event = AuditEvent.objects.get(actie=Actie.BUITEN_SCOPE)
    assert (event.reden, event.gebruiker_id, event.object_id) == (reden, consulent.pk, str(inwoner.pk))
    assert client.get(met["Location"]).status_code == 200

    for gebruiker in (
        maak_gebruiker(Rol.CONSULENT, [venray], domein_jeugd=True, domein_wmo=True),
        maak_gebruiker(Rol.BACKOFFICE, [venray]),
        maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True, domein_wmo=True),  # a colleague: per user
    ):
        assert not Inwoner.objects.visible_to(gebruiker).exists()
        assert ingelogde_client(gebruiker).get(f"/inwoners/{inwoner.public_id}/").status_code == 404


def test_the_service_also_refuses_registering_from_elsewhere_without_a_reason(consulent, venlo):
    with pytest.raises(Geweigerd, match="Geef een reden op"):
        services.inwoner_registreren(
            consulent,
            gemeente=venlo,
            gegevens={"bsn": "999990019", "geslachtsnaam": "Dijk", "geboortedatum": "2012-03-04"},
            brp_adres={"straatnaam": "X", "huisnummer": 1, "postcode": "6511AA", "plaats": "Nijmegen"},
        )
    assert not Inwoner.objects.exists()


def test_registering_someone_from_ones_own_gemeente_needs_no_reason_and_shows_only_to_oneself(consulent, venlo):
    client = ingelogde_client(consulent)
    gegevens = {**GOED, "postcode": "5911 AB", "plaats": "Venlo", "gemeente": venlo.pk, "woongemeente": venlo.pk}
    assert client.post("/inwoners/nieuw/", gegevens).status_code == 302
    inwoner = Inwoner.objects.get(bsn="999990019")
    assert not AuditEvent.objects.filter(actie=Actie.BUITEN_SCOPE).exists()
    assert list(Inwoner.objects.visible_to(consulent)) == [inwoner]  # no dossier yet: still his
    collega = maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True, domein_wmo=True)
    assert not Inwoner.objects.visible_to(collega).exists()


def test_a_resident_without_a_dossier_is_reached_only_through_the_reasoned_step(consulent, venlo):
    """A new client: search by BSN is the way in; someone in one's own gemeente without a dossier of one's
    domain is out of scope too, so the same reasoned step opens him, for this consulent only."""
    nieuw = inwoner_in(venlo, geslachtsnaam="Nieuwenhuis")
    client = ingelogde_client(consulent)
    tekst = client.post("/inwoners/zoeken/", {"bsn": nieuw.bsn}).content.decode()
    assert "Openen voor nieuwe melding" in tekst and "Nieuwenhuis" not in tekst
    assert client.get(f"/inwoners/{nieuw.public_id}/").status_code == 404
    reden = "Moeder belt het loket: zorgen over haar zoon"
    antwoord = client.post("/inwoners/buiten-gemeente/", {"bsn": nieuw.bsn, "gemeente": venlo.pk, "reden": reden})
    assert antwoord.status_code == 302
    assert client.get(f"/inwoners/{nieuw.public_id}/").status_code == 200
    assert AuditEvent.objects.get(actie=Actie.BUITEN_SCOPE).reden == reden
    collega = maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True, domein_wmo=True)
    assert not Inwoner.objects.visible_to(collega).exists()
    # The colleague takes the same step and gets his own ground (no clash with the first one).
    services.open_voor_melding(collega, gemeente=venlo, bsn=nieuw.bsn, reden="Overdracht van de casus")
    assert list(Inwoner.objects.visible_to(collega)) == [nieuw]


def test_after_the_step_a_melding_starts_and_the_dossier_keeps_the_person_in_scope(consulent, venlo):
    from verwijzing.melding import dossier_openen

    nieuw = inwoner_in(venlo)
    services.open_voor_melding(consulent, gemeente=venlo, bsn=nieuw.bsn, reden="Huisarts belt")
    dossier_openen(
        door=consulent,
        inwoner=nieuw,
        gemeente=venlo,
        domein="wmo",
        meldingsdatum=nieuw.aangemaakt_op.date(),
        kanaal="telefoon",
        melder="huisarts",
        hulpvraag="Hulp bij het huishouden",
    )
    inwoner_models.Toegangsgrond.objects.all().delete()
    wmo = maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=False, domein_wmo=True)
    jeugd = maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True)
    assert list(Inwoner.objects.visible_to(consulent)) == [nieuw]
    assert list(Inwoner.objects.visible_to(wmo)) == [nieuw]
    assert not Inwoner.objects.visible_to(jeugd).exists()


def test_a_list_through_the_scope_keeps_its_query_count(venlo):
    """The scope is subqueries, not joins: a page of the API list costs the same for 3 or 30 persons."""
    consulent = maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True)
    client = ingelogde_client(consulent)

    def personen(n):
        for _ in range(n):
            kind = InwonerFactory()
            DossierFactory(inwoner=kind, gemeente=venlo, domein="jeugd", consulent=consulent)
            RelatieFactory(inwoner=kind, persoon=inwoner_in(venlo), soort="10")
            inwoner_in(venlo, voor=consulent)

    personen(1)
    client.get("/api/v1/inwoners")  # the session's first page reads the account (accounts/cache.py)
    with CaptureQueriesContext(connection) as weinig:
        assert client.get("/api/v1/inwoners").status_code == 200
    personen(10)
    with CaptureQueriesContext(connection) as veel:
        antwoord = client.get("/api/v1/inwoners")
    assert antwoord.content.decode().count('"bsn"') >= 30
    assert len(veel) == len(weinig)
