"""The woonplaatsbeginsel at the melding: the form suggests the responsible gemeente with its explanation and
source; the consulent confirms it, or chooses another gemeente with a reason that is kept and audited."""

from datetime import date

import pytest

from accounts.models import Rol
from audit.models import Actie, AuditEvent
from inwoners import services as inwoner_services
from inwoners.codes import AdresSoort
from inwoners.factories import AdresFactory, InwonerFactory, inwoner_in
from organisaties.factories import gemeente
from tests.conftest import ingelogde_client, maak_gebruiker
from toegang.fouten import Geweigerd
from verwijzing.melding import dossier_openen, woonplaats_voorstel
from verwijzing.models import Dossier

pytestmark = pytest.mark.django_db

VENLO, BEESEL, GENNEP, HORST = "0983", "0889", "0907", "1507"


def _inwoner(brp=None, *, buitenland=False, verblijfadres=None, buiten_regio=False):
    inwoner = InwonerFactory()
    if brp or buitenland or buiten_regio:
        extra = {"landcode": "DE", "postcode": "47623", "plaats": "Kevelaer"} if buitenland else {}
        AdresFactory(inwoner=inwoner, gemeente=gemeente(brp) if brp else None, **extra)
    if verblijfadres:
        AdresFactory(inwoner=inwoner, soort=AdresSoort.VERBLIJF, gemeente=gemeente(verblijfadres))
    return inwoner


# (domein, inwoner, wat de consulent weet, voorgestelde gemeente, regel, bron)
GEVALLEN = [
    ("jeugd", {"brp": VENLO}, {}, VENLO, "WPB-1", "1°: BRP-woonadres, Handboek verwijzers jeugdhulp §2.2 (r. 3551)"),
    (
        "jeugd",
        {"brp": BEESEL},
        {"verblijf": True, "gemeente_voor_verblijf": VENLO},
        VENLO,
        "WPB-2",
        "2°: verblijf (pleeggezin in Beesel): de gemeente vóór het verblijf, §2.2 (r. 3553–3557, r. 3589–3599)",
    ),
    (
        "jeugd",
        {"brp": BEESEL},
        {"verblijf": True},
        None,
        "WPB-4",
        "2° faalt zonder gemeente vóór het verblijf: 3°/4°, Handboek verwijzers jeugdhulp §2.2 (r. 3601–3611)",
    ),
    (
        "jeugd",
        {},
        {"gemeente_moeder_bij_geboorte": GENNEP},
        GENNEP,
        "WPB-3",
        "3°: geen BRP-adres: waar de moeder bij de geboorte stond ingeschreven, §2.2 (r. 3601–3611)",
    ),
    (
        "jeugd",
        {"verblijfadres": HORST},
        {},
        HORST,
        "WPB-4",
        "3°: moeder onbekend: waar de jeugdige feitelijk verblijft, §2.2 (r. 3609–3611)",
    ),
    (
        "jeugd",
        {"buitenland": True, "verblijfadres": HORST},
        {"gemeente_moeder_bij_geboorte": GENNEP},
        HORST,
        "WPB-4",
        "4°: woonplaats in het buitenland: waar de jeugdige verblijft, §2.2 (r. 3613–3615)",
    ),
    (
        "jeugd",
        {"buiten_regio": True},
        {},
        None,
        "WPB-1",
        "1°: BRP-adres buiten de regio: die gemeente, niet een van de zeven, §2.2 (r. 3585–3587)",
    ),
    (
        "wmo",
        {"brp": VENLO},
        {},
        VENLO,
        "WPB-WMO",
        "Wmo: de gemeente van inschrijving, Wmo 2015 art. 1.1.1 (ingezetene)",
    ),
    (
        "wmo",
        {"brp": BEESEL},
        {"verblijf": True, "gemeente_voor_verblijf": VENLO},
        BEESEL,
        "WPB-WMO",
        "Wmo kent de verblijfregel van de Jeugdwet niet: de woongemeente, Wmo 2015 art. 1.1.1",
    ),
    ("wmo", {}, {}, None, "WPB-WMO", "Wmo zonder BRP-adres: geen voorstel, Wmo 2015 art. 1.1.1"),
]


@pytest.mark.parametrize(("domein", "adres", "kennis", "verwacht", "regel", "bron"), GEVALLEN)
def test_the_melding_suggests_the_responsible_gemeente(domein, adres, kennis, verwacht, regel, bron):
    kennis = {k: gemeente(v) if k.startswith("gemeente") else v for k, v in kennis.items()}
    voorstel = woonplaats_voorstel(inwoner=_inwoner(**adres), domein=domein, **kennis)
    assert (voorstel.gemeente.cbs_code if voorstel.gemeente else None, voorstel.regel) == (verwacht, regel), bron
    assert voorstel.uitleg and voorstel.bron.startswith(("Handboek verwijzers jeugdhulp §2.2", "Wmo 2015"))


@pytest.fixture
def jeugdconsulent(venlo, beesel):
    return maak_gebruiker(Rol.CONSULENT, [venlo, beesel], domein_jeugd=True)


MELDING = {"domein": "jeugd", "meldingsdatum": date(2026, 11, 20), "kanaal": "telefoon", "melder": "ouder"}


@pytest.mark.parametrize(
    ("gekozen", "reden", "geweigerd", "bron"),
    [
        (VENLO, "", False, "de consulent bevestigt het voorstel, Handboek verwijzers jeugdhulp §2.2"),
        (BEESEL, "", True, "afwijken zonder reden kan niet, Handboek verwijzers jeugdhulp §2.2"),
        (BEESEL, "Spoed: Beesel neemt het over tot de overdracht", False, "afwijken met reden, §2.2"),
    ],
)
def test_the_consulent_confirms_or_overrides_with_a_reason(jeugdconsulent, gekozen, reden, geweigerd, bron):
    inwoner = inwoner_in(gemeente(VENLO), voor=jeugdconsulent)
    openen = lambda: dossier_openen(  # noqa: E731
        door=jeugdconsulent,
        inwoner=inwoner,
        gemeente=gemeente(gekozen),
        hulpvraag="Zorgen",
        afwijking_reden=reden,
        **MELDING,
    )
    if geweigerd:
        with pytest.raises(Geweigerd, match="Volgens het woonplaatsbeginsel is Venlo verantwoordelijk"):
            openen()
        assert not Dossier.objects.exists(), bron
        return
    dossier = openen()
    assert (dossier.woonplaats_voorstel.cbs_code, dossier.woonplaats_afwijking) == (VENLO, reden), bron
    assert "BRP-woonadres" in dossier.woonplaats_uitleg
    event = AuditEvent.objects.get(actie=Actie.AANMAKEN, object_id=str(dossier.pk))
    assert event.reden == reden
    assert ("afwijking van het woonplaatsbeginsel" in event.omschrijving) == bool(reden)


def test_the_melding_screen_shows_the_suggestion_and_asks_a_reason_to_override(jeugdconsulent, venlo, beesel):
    """Handboek verwijzers jeugdhulp §2.2 (r. 3589–3599): a jeugdige placed in a pleeggezin in Beesel stays Venlo's."""
    client = ingelogde_client(jeugdconsulent)
    inwoner = inwoner_in(beesel, voor=jeugdconsulent)
    url = f"/dossiers/melding/{inwoner.public_id}/"
    pagina = client.get(url).content.decode()
    assert "Voorstel woonplaatsbeginsel" in pagina and "Verantwoordelijk: <strong>Beesel</strong>" in pagina
    assert "Handboek verwijzers jeugdhulp §2.2" in pagina and "r. 35" not in pagina
    data = {**MELDING, "meldingsdatum": "2026-11-20", "hulpvraag": "Zorgen", "gemeente": beesel.pk}
    data |= {"verblijf": "on", "gemeente_voor_verblijf": venlo.pk}
    antwoord = client.post(url, data)
    tekst = antwoord.content.decode()
    assert antwoord.status_code == 400
    assert "Volgens het woonplaatsbeginsel is Venlo verantwoordelijk" in tekst
    assert "Verantwoordelijk: <strong>Venlo</strong>" in tekst and "vóór het verblijf" in tekst
    assert client.post(url, {**data, "gemeente": venlo.pk}).status_code == 302
    assert Dossier.objects.get().woonplaats_voorstel == venlo


def test_an_override_through_the_screen_keeps_the_reason(jeugdconsulent, venlo, beesel):
    client = ingelogde_client(jeugdconsulent)
    inwoner = inwoner_in(venlo, voor=jeugdconsulent)
    reden = "Gezin verhuist volgende week naar Beesel; Beesel neemt de melding aan"
    data = {**MELDING, "meldingsdatum": "2026-11-20", "hulpvraag": "Zorgen", "gemeente": beesel.pk}
    antwoord = client.post(f"/dossiers/melding/{inwoner.public_id}/", {**data, "afwijking_reden": reden})
    assert antwoord.status_code == 302
    dossier = Dossier.objects.get()
    assert (dossier.gemeente, dossier.woonplaats_voorstel, dossier.woonplaats_afwijking) == (beesel, venlo, reden)
    assert AuditEvent.objects.get(actie=Actie.AANMAKEN, object_id=str(dossier.pk)).reden == reden
    assert reden in client.get(antwoord.url).content.decode()  # the dossier shows why


def test_a_verblijf_needs_the_gemeente_before_it(jeugdconsulent, venlo):
    client = ingelogde_client(jeugdconsulent)
    inwoner = inwoner_in(venlo, voor=jeugdconsulent)
    data = {**MELDING, "meldingsdatum": "2026-11-20", "hulpvraag": "Zorgen", "gemeente": venlo.pk, "verblijf": "on"}
    antwoord = client.post(f"/dossiers/melding/{inwoner.public_id}/", data)
    assert antwoord.status_code == 400 and "direct vóór het verblijf" in antwoord.content.decode()


def test_a_verblijf_keeps_the_brengende_gemeente(jeugdconsulent, venlo, beesel):
    """The brengende gemeente keeps the case (Handboek verwijzers jeugdhulp §2.2 (r. 3575–3577))."""
    inwoner = inwoner_in(beesel)
    inwoner_services.open_voor_melding(jeugdconsulent, gemeente=venlo, bsn=inwoner.bsn, reden="Pleeggezin in Beesel")
    dossier = dossier_openen(
        door=jeugdconsulent,
        inwoner=inwoner,
        gemeente=venlo,
        hulpvraag="x",
        verblijf=True,
        gemeente_voor_verblijf=venlo,
        **MELDING,
    )
    assert (dossier.gemeente, dossier.woonplaats_voorstel, dossier.woonplaats_afwijking) == (venlo, venlo, "")


# (where the inwoner lives, what the form says when the consulent keeps Venlo without a reason): Handboek verwijzers
# jeugdhulp §2.2, the responsible gemeente; one the consulent does not work for cannot be chosen on this form.
NIET_TE_KIEZEN = [
    pytest.param(BEESEL, "Kies die gemeente, of geef de reden waarom u afwijkt.", False, id="HV-2.2-eigen-gemeente"),
    pytest.param(
        "0984",
        "Volgens het woonplaatsbeginsel is Venray verantwoordelijk; die gemeente kunt u hier niet kiezen. Verwijs de "
        "inwoner naar de toegang van Venray, of geef de reden waarom uw gemeente de melding toch behandelt.",
        True,
        id="HV-2.2-gemeente-waarvoor-u-niet-werkt",
    ),
]


@pytest.mark.parametrize(("woont_in", "melding", "elders"), NIET_TE_KIEZEN)
def test_a_responsible_gemeente_outside_the_list_is_not_offered_as_a_choice(venlo, beesel, woont_in, melding, elders):
    consulent = maak_gebruiker(Rol.CONSULENT, [venlo, beesel], domein_jeugd=True)
    inwoner = inwoner_in(gemeente(woont_in))
    inwoner_services.open_voor_melding(consulent, gemeente=venlo, bsn=inwoner.bsn, reden="Belt vanuit Venlo")
    client = ingelogde_client(consulent)
    url = f"/dossiers/melding/{inwoner.public_id}/"
    assert ('id="voorstel-elders"' in client.get(url).content.decode()) is elders
    data = {**MELDING, "meldingsdatum": "2026-11-20", "hulpvraag": "Zorgen", "gemeente": venlo.pk}
    antwoord = client.post(url, data)
    tekst = " ".join(antwoord.content.decode().split())
    assert antwoord.status_code == 400 and melding in tekst
    assert ("Kies die gemeente" in tekst) is not elders
    reden = {"afwijking_reden": "Venlo behandelt de melding tot de overdracht"}
    assert client.post(url, {**data, **reden}).status_code == 302


# (what is on the form now, suggested gemeente, the partial asks for a reason?, source)
LIVE = [
    pytest.param({"gemeente": BEESEL}, "Beesel", False, id="WPB-1-live-brp-adres"),
    pytest.param(
        {"gemeente": BEESEL, "verblijf": "on", "gemeente_voor_verblijf": VENLO},
        "Venlo",
        True,
        id="WPB-2-live-verblijf-andere-gemeente-vraagt-reden",
    ),
    pytest.param(
        {"gemeente": VENLO, "verblijf": "on", "gemeente_voor_verblijf": VENLO}, "Venlo", False, id="WPB-2-live-gekozen"
    ),
    pytest.param(
        {"gemeente": BEESEL, "verblijf": "on", "gemeente_voor_verblijf": VENLO, "afwijking_reden": "Overdracht"},
        "Venlo",
        False,
        id="WPB-2-live-reden-gegeven",
    ),
]


@pytest.mark.parametrize(("velden", "voorgesteld", "vraagt_reden"), LIVE)
def test_the_live_suggestion_follows_the_form_without_storing(jeugdconsulent, velden, voorgesteld, vraagt_reden):
    """Handboek verwijzers jeugdhulp §2.2: the suggestion follows the domain, a verblijf and the gemeente before it
    while the consulent fills in the melding (htmx partial); the chosen gemeente is compared with it. Nothing is
    stored, and an incomplete form is no error here."""
    client = ingelogde_client(jeugdconsulent)
    inwoner = inwoner_in(gemeente(BEESEL), voor=jeugdconsulent)
    data = {"domein": "jeugd"} | {k: gemeente(v).pk if k.startswith("gemeente") else v for k, v in velden.items()}
    antwoord = client.post(f"/dossiers/melding/{inwoner.public_id}/voorstel/", data, HTTP_HX_REQUEST="true")
    tekst = antwoord.content.decode()
    assert antwoord.status_code == 200 and "<html" not in tekst
    assert (
        f"Verantwoordelijk: <strong>{voorgesteld}</strong>" in tekst and "Handboek verwijzers jeugdhulp §2.2" in tekst
    )
    assert ('id="voorstel-afwijkend"' in tekst) is vraagt_reden
    assert not Dossier.objects.exists()


def test_the_live_suggestion_is_for_a_consulent_with_the_inwoner_in_scope(jeugdconsulent, venlo):
    inwoner = inwoner_in(venlo)  # registered by nobody, no dossier: outside this consulent's scope
    url = f"/dossiers/melding/{inwoner.public_id}/voorstel/"
    assert ingelogde_client(jeugdconsulent).post(url, {"domein": "jeugd"}).status_code == 404
    eigen = inwoner_in(venlo, voor=jeugdconsulent)
    assert ingelogde_client(jeugdconsulent).get(f"/dossiers/melding/{eigen.public_id}/voorstel/").status_code == 405
