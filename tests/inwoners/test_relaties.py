"""Relaties and corrections of an inwoner's data: recorded on screens by a consulent in scope, each change
audited with who, what, why and its source (bron); an ended relatie no longer counts for signing."""

import uuid
from datetime import date, timedelta

import pytest
from django.urls import reverse

from accounts.models import Rol
from audit.models import Actie, AuditEvent
from inwoners import services
from inwoners.codes import AdresSoort, Herkomst, NaamGebruik, SoortRelatie
from inwoners.factories import RelatieFactory, inwoner_in
from inwoners.models import Adres, Inwoner, Relatie
from tests.conftest import ingelogde_client, jaren_geleden, maak_gebruiker
from toegang.fouten import Geweigerd
from verwijzing.factories import DossierFactory
from verwijzing.leefzorgplan.ondertekening import ter_ondertekening_aanbieden
from verwijzing.leefzorgplan.plan import leefzorgplan_opslaan
from verwijzing.leefzorgplan.secties import secties_voor
from verwijzing.models import Status

pytestmark = pytest.mark.django_db
VANDAAG = date.today()


def _relatie_post(**anders) -> dict:
    return {
        "token": str(uuid.uuid4()),
        "soort": SoortRelatie.OUDER,
        "voornamen": "Anna",
        "geslachtsnaam": "Jansen",
        "gezaghebbend": "on",
        "telefoon": "0612345678",
        "email": "anna@voorbeeld.example",
        "adres": "Markt 1, 5911 AA Venlo",
        "herkomst": Herkomst.INWONER,
        "reden": "Volgens moeder",
        **anders,
    }


def _url(naam, inwoner, **kwargs):
    return reverse(f"inwoners:{naam}", kwargs={"public_id": inwoner.public_id, **kwargs})


def _compleet_plan(consulent, dossier):
    toegestaan = {k for k, _ in secties_voor(dossier, VANDAAG)}
    leefzorgplan_opslaan(
        door=consulent,
        dossier=dossier,
        secties=dict.fromkeys(toegestaan, "tekst"),
        doelen=[
            {
                "leefgebied": "opvoeding",
                "doel": "Rust",
                "resultaat": "Minder ruzie",
                "termijn": (VANDAAG + timedelta(days=90)).isoformat(),
            }
        ],
    )


def test_a_child_registered_by_the_consulent_gets_both_parents_with_gezag_and_can_then_be_offered_for_signing(
    consulent, venlo, tmp_path, settings
):
    """The walk-through's finding: a 10-year-old registered by the consulent could never be signed for,
    because no screen recorded the gezaghebbenden."""
    settings.TOEGANG_SMSMAP = tmp_path / "sms"
    kind = inwoner_in(venlo, voor=consulent, geboortedatum=jaren_geleden(10, VANDAAG) - timedelta(days=5))
    dossier = DossierFactory(gemeente=venlo, consulent=consulent, status=Status.LEEFZORGPLAN, inwoner=kind)
    _compleet_plan(consulent, dossier)
    with pytest.raises(Geweigerd, match="gezaghebbenden"):
        ter_ondertekening_aanbieden(door=consulent, dossier=dossier, basis_url="http://t")

    client = ingelogde_client(consulent)
    assert client.get(_url("detail", kind)).content.decode().count(_url("relatie-toevoegen", kind)) == 1
    for voornaam, telefoon in (("Anna", "0612345678"), ("Bert", "0687654321")):
        antwoord = client.post(
            _url("relatie-toevoegen", kind),
            _relatie_post(voornamen=voornaam, telefoon=telefoon, email=f"{voornaam}@voorbeeld.example"),
        )
        assert antwoord.status_code == 302 and antwoord.url == _url("detail", kind)

    ouders = list(kind.relaties.all())
    assert [(r.voornamen, r.gezaghebbend, r.herkomst) for r in ouders] == [
        ("Anna", True, Herkomst.INWONER),
        ("Bert", True, Herkomst.INWONER),
    ]
    ondertekeningen = ter_ondertekening_aanbieden(door=consulent, dossier=dossier, basis_url="http://t")
    assert sorted(o.naam for o in ondertekeningen) == ["Anna Jansen", "Bert Jansen"]


def test_a_double_submit_of_the_same_form_makes_one_relatie(consulent, venlo):
    kind = inwoner_in(venlo, voor=consulent)
    client = ingelogde_client(consulent)
    formulier = client.get(_url("relatie-toevoegen", kind))
    assert formulier.status_code == 200 and 'name="token"' in formulier.content.decode()
    post = _relatie_post()
    eerste = client.post(_url("relatie-toevoegen", kind), post)
    tweede = client.post(_url("relatie-toevoegen", kind), post)
    assert eerste.status_code == tweede.status_code == 302
    assert Relatie.objects.filter(inwoner=kind).count() == 1
    assert AuditEvent.objects.filter(actie=Actie.AANMAKEN, object_type="inwoners.relatie").count() == 1


@pytest.mark.parametrize(
    ("data", "veld", "fout"),
    [
        ({"soort": ""}, "soort", "Kies de soort relatie."),
        ({"geslachtsnaam": ""}, "geslachtsnaam", "Vul een achternaam in, of de naam van de organisatie."),
        ({"herkomst": ""}, "herkomst", "Kies de bron van dit gegeven."),
        ({"telefoon": "bel mij"}, None, "Geef een telefoonnummer met alleen cijfers."),
    ],
)
def test_a_wrong_relatie_form_says_why_in_dutch_and_stores_nothing(consulent, venlo, data, veld, fout):
    kind = inwoner_in(venlo, voor=consulent)
    antwoord = ingelogde_client(consulent).post(_url("relatie-toevoegen", kind), _relatie_post(**data))
    assert antwoord.status_code == 400
    assert fout in antwoord.content.decode()
    assert not Relatie.alle.filter(inwoner=kind).exists()


@pytest.fixture
def buiten(beesel):
    return inwoner_in(beesel)


def _toevoegen(g, i):
    return services.relatie_toevoegen(g, i, soort=SoortRelatie.VOOGD, organisatienaam="GI Limburg", gezaghebbend=True)


def _wijzigen(g, i):
    relatie = RelatieFactory(inwoner=i, nummer=1)
    return services.relatie_wijzigen(g, relatie=relatie, gegevens={"gezaghebbend": False, "herkomst": Herkomst.BRP})


def _beeindigen(g, i):
    relatie = RelatieFactory(inwoner=i, nummer=1)
    return services.relatie_beeindigen(g, relatie=relatie, einddatum=VANDAAG, bron=Herkomst.BRP, reden="Overleden")


def _corrigeren(g, i):
    return services.inwoner_wijzigen(
        g, inwoner=i, gegevens={"telefoon": "0611112222"}, bron=Herkomst.INWONER, reden="Nieuw nummer"
    )


SERVICES = [
    pytest.param(_toevoegen, Actie.AANMAKEN, Herkomst.CONSULENT, id="relatie_toevoegen"),
    pytest.param(_wijzigen, Actie.WIJZIGEN, Herkomst.BRP, id="relatie_wijzigen"),
    pytest.param(_beeindigen, Actie.WIJZIGEN, Herkomst.BRP, id="relatie_beeindigen"),
    pytest.param(_corrigeren, Actie.WIJZIGEN, Herkomst.INWONER, id="inwoner_wijzigen"),
]


@pytest.mark.parametrize(("service", "actie", "bron"), SERVICES)
def test_each_change_is_audited_with_who_what_and_its_source(consulent, venlo, service, actie, bron):
    inwoner = inwoner_in(venlo, voor=consulent)
    voor = AuditEvent.objects.count()
    service(consulent, inwoner)
    event = AuditEvent.objects.order_by("-id").first()
    assert AuditEvent.objects.count() == voor + 1
    assert (event.actie, event.gebruiker_id, event.gegevens["bron"]) == (actie, consulent.pk, bron)


@pytest.mark.parametrize(("service", "actie", "bron"), SERVICES)
def test_outside_scope_or_role_each_change_is_refused_and_nothing_changes(
    consulent, venlo, buiten, service, actie, bron
):
    backoffice = maak_gebruiker(Rol.BACKOFFICE, [venlo])
    eigen = inwoner_in(venlo, voor=consulent)
    for gebruiker, inwoner in ((consulent, buiten), (backoffice, eigen)):
        voor = (AuditEvent.objects.count(), Inwoner.objects.get(pk=inwoner.pk).telefoon)
        with pytest.raises(Geweigerd):
            service(gebruiker, inwoner)
        assert (AuditEvent.objects.count(), Inwoner.objects.get(pk=inwoner.pk).telefoon) == voor
        assert not Relatie.alle.filter(inwoner=inwoner, organisatienaam="GI Limburg").exists()


def test_an_ended_relatie_no_longer_counts_but_stays_as_history(consulent, venlo):
    kind = inwoner_in(venlo, voor=consulent)
    client = ingelogde_client(consulent)
    client.post(_url("relatie-toevoegen", kind), _relatie_post())
    antwoord = client.post(
        _url("relatie-beeindigen", kind, nummer=1),
        {"einddatum": VANDAAG.isoformat(), "bron": Herkomst.CONSULENT, "reden": "Gezag beëindigd door de rechter"},
    )
    assert antwoord.status_code == 302
    assert not kind.relaties.exists()
    (relatie,) = Relatie.alle.filter(inwoner=kind)
    assert relatie.beeindigd_op == VANDAAG
    assert AuditEvent.objects.filter(reden="Gezag beëindigd door de rechter", object_id=str(relatie.pk)).exists()
    # The number is never reused (OP071).
    client.post(_url("relatie-toevoegen", kind), _relatie_post())
    assert kind.relaties.get().nummer == 2


def test_changing_a_relatie_keeps_its_number_and_records_the_gezag_source(consulent, venlo):
    kind = inwoner_in(venlo, voor=consulent)
    client = ingelogde_client(consulent)
    client.post(_url("relatie-toevoegen", kind), _relatie_post(herkomst=Herkomst.CONSULENT))
    formulier = client.get(_url("relatie-wijzigen", kind, nummer=1)).content.decode()
    assert 'value="Jansen"' in formulier
    antwoord = client.post(
        _url("relatie-wijzigen", kind, nummer=1), _relatie_post(gezaghebbend="", herkomst=Herkomst.BRP)
    )
    assert antwoord.status_code == 302
    relatie = kind.relaties.get()
    assert (relatie.nummer, relatie.gezaghebbend, relatie.herkomst) == (1, False, Herkomst.BRP)
    event = AuditEvent.objects.filter(actie=Actie.WIJZIGEN, object_id=str(relatie.pk)).get()
    assert event.gegevens == {"bron": "brp", "gezag": False, "velden": ["gezaghebbend", "herkomst"]}


def test_a_consulent_corrects_naamgebruik_contact_and_an_address_by_soort(consulent, venlo):
    inwoner = inwoner_in(venlo, voor=consulent, geslachtsnaam="Verbeek")  # no voorvoegsel between the names
    antwoord = ingelogde_client(consulent).post(
        _url("inwoner-wijzigen", inwoner),
        {
            "naamgebruik": NaamGebruik.PARTNER_EIGEN,
            "partnernaam": "Smit",
            "telefoon": "0611112222",
            "email": "nieuw@voorbeeld.example",
            "adressoort": AdresSoort.CORRESPONDENTIE,
            "straatnaam": "Postbus",
            "huisnummer": "12",
            "plaats": "Venlo",
            "bron": Herkomst.INWONER,
            "reden": "Aan de balie doorgegeven",
        },
    )
    assert antwoord.status_code == 302
    inwoner.refresh_from_db()
    assert inwoner.volledige_naam.endswith("Smit-" + inwoner.geslachtsnaam)
    assert inwoner.herkomst["telefoon"] == inwoner.herkomst["naamgebruik"] == Herkomst.INWONER
    post = Adres.objects.get(inwoner=inwoner, soort=AdresSoort.CORRESPONDENTIE)
    assert (post.straatnaam, post.herkomst) == ("Postbus", Herkomst.INWONER)
    assert inwoner.adressen.filter(soort=AdresSoort.BRP).exists()


@pytest.mark.parametrize(
    ("data", "fout"),
    [
        ({"bron": ""}, "Kies de bron van dit gegeven."),
        ({"adressoort": AdresSoort.BRP, "straatnaam": ""}, "Vul de straat in."),
        (
            {"adressoort": AdresSoort.BRP, "straatnaam": "Markt", "huisnummer": "1", "plaats": "Venlo"},
            "Vul de postcode in.",
        ),
        ({"naamgebruik": NaamGebruik.PARTNER}, "Naamgebruik met partnernaam kan alleen als er een partnernaam is."),
    ],
)
def test_a_wrong_correction_says_why_and_changes_nothing(consulent, venlo, data, fout):
    inwoner = inwoner_in(venlo, voor=consulent)
    voor = Inwoner.objects.get(pk=inwoner.pk).naamgebruik
    post = {"naamgebruik": NaamGebruik.EIGEN, "bron": Herkomst.CONSULENT, **data}
    antwoord = ingelogde_client(consulent).post(_url("inwoner-wijzigen", inwoner), post)
    assert antwoord.status_code == 400
    assert fout in antwoord.content.decode()
    assert Inwoner.objects.get(pk=inwoner.pk).naamgebruik == voor


@pytest.mark.parametrize("naam", ["relatie-toevoegen", "inwoner-wijzigen"])
def test_the_change_screens_are_404_outside_scope_and_403_for_other_roles(consulent, venlo, beesel, naam):
    buiten = inwoner_in(beesel)
    assert ingelogde_client(consulent).get(_url(naam, buiten)).status_code == 404
    eigen = inwoner_in(venlo, voor=consulent)
    backoffice = maak_gebruiker(Rol.BACKOFFICE, [venlo])
    assert ingelogde_client(backoffice).get(_url(naam, eigen)).status_code == 403


def test_a_relatie_can_be_an_inwoner_in_scope_but_an_unknown_or_hidden_bsn_says_the_same(consulent, venlo, beesel):
    kind = inwoner_in(venlo, voor=consulent)
    moeder = inwoner_in(venlo, voor=consulent)
    elders = inwoner_in(beesel)
    client = ingelogde_client(consulent)
    antwoorden = [
        client.post(_url("relatie-toevoegen", kind), _relatie_post(bsn=bsn, geslachtsnaam=""))
        for bsn in (elders.bsn, "999990019")
    ]
    assert [a.status_code for a in antwoorden] == [400, 400]
    assert all("U kunt geen inwoner met dit BSN inzien." in a.content.decode() for a in antwoorden)
    antwoord = client.post(_url("relatie-toevoegen", kind), _relatie_post(bsn=moeder.bsn, geslachtsnaam=""))
    assert antwoord.status_code == 302
    assert kind.relaties.get().persoon == moeder


def test_an_organisation_can_be_voogd(consulent, venlo):
    kind = inwoner_in(venlo, voor=consulent)
    post = _relatie_post(soort=SoortRelatie.VOOGD, voornamen="", geslachtsnaam="", organisatienaam="GI Limburg")
    assert ingelogde_client(consulent).post(_url("relatie-toevoegen", kind), post).status_code == 302
    voogd = kind.relaties.get()
    assert (voogd.naam, voogd.soort, voogd.gezaghebbend) == ("GI Limburg", SoortRelatie.VOOGD, True)


def test_the_usual_soorten_relatie_come_first_and_every_code_stays():
    from inwoners.relatieforms import RelatieForm

    codes = [code for code, _label in RelatieForm.base_fields["soort"].choices]
    assert codes[0] == ""
    assert codes[1:5] == [SoortRelatie.OUDER, SoortRelatie.VOOGD, SoortRelatie.PLEEGOUDER, SoortRelatie.PARTNER]
    assert sorted(codes[1:]) == sorted(SoortRelatie.values)


def test_the_relaties_table_scrolls_in_its_own_named_region(consulent, venlo):
    inwoner = inwoner_in(venlo, voor=consulent)
    RelatieFactory(inwoner=inwoner)
    response = ingelogde_client(consulent).get(_url("detail", inwoner))
    assert response.status_code == 200
    html = response.content.decode()
    begin = html.index('id="kop-relaties"')
    region = html.index('<div class="toegang-scroll" role="region" aria-labelledby="kop-relaties" tabindex="0">')
    assert begin < region < html.index("<table", begin)
