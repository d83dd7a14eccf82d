"""Who handles a verzoek om toewijzing (315) and the screens they do it on: the backoffice by default
(Handboek verwijzers jeugdhulp §1.1.2.2.2.1 (r. 1886–1892)), the consulenten of the domain where the gemeente configures
so (Gemeente.verzoek_jeugd_door / verzoek_wmo_door); answered per product
within 5 werkdagen, after "in onderzoek" within 8 weeks of the dagtekening (OP274)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Rol
from accounts.permissions import behandelt_verzoeken, mag_verzoek_behandelen
from audit.models import AuditEvent
from berichten.inkomend import bericht_ontvangen
from berichten.models import AangevraagdProduct, Bericht
from inwoners.bsn import nde_bsn
from organisaties.factories import gemeente
from tests.berichten.hulp import VANDAAG, _vot
from tests.conftest import ingelogde_client, maak_gebruiker
from verwijzing.models import Toewijzing

pytestmark = pytest.mark.django_db


@pytest.fixture
def venlo_consulent(omgeving):
    """Venlo gives its Jeugd 315s to its consulenten."""
    venlo, aanbieder, backoffice = omgeving
    venlo.verzoek_jeugd_door = Rol.CONSULENT
    venlo.save()
    consulent = maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True, domein_wmo=False)
    return venlo, aanbieder, backoffice, consulent


@pytest.mark.parametrize(
    ("jeugd_door", "rol", "domeinen", "eigen_gemeente", "domein", "mag", "bron"),
    [
        (
            "backoffice",
            Rol.BACKOFFICE,
            (),
            True,
            "jeugd",
            True,
            "Handboek verwijzers jeugdhulp §1.1.2.2.2.1 (r. 1886–1892): de backoffice",
        ),
        ("backoffice", Rol.CONSULENT, ("jeugd",), True, "jeugd", False, "default: not the consulent"),
        (
            "consulent",
            Rol.CONSULENT,
            ("jeugd",),
            True,
            "jeugd",
            True,
            "Gemeente.verzoek_*_door",
        ),
        ("consulent", Rol.BACKOFFICE, (), True, "jeugd", False, "then the backoffice no longer answers"),
        ("consulent", Rol.CONSULENT, ("wmo",), True, "jeugd", False, "a consulent of another domain"),
        ("consulent", Rol.CONSULENT, ("jeugd",), False, "jeugd", False, "a consulent of another gemeente"),
        ("consulent", Rol.BACKOFFICE, (), True, "wmo", True, "the setting is per domain: Wmo stays backoffice"),
        ("consulent", Rol.REGIE, (), True, "jeugd", False, "regie/beleid never (aggregates only)"),
    ],
)
def test_who_handles_a_315(jeugd_door, rol, domeinen, eigen_gemeente, domein, mag, bron):
    venlo = gemeente("0983")
    venlo.verzoek_jeugd_door = jeugd_door
    venlo.save()
    extra = {"domein_jeugd": "jeugd" in domeinen, "domein_wmo": "wmo" in domeinen} if rol == Rol.CONSULENT else {}
    gebruiker = maak_gebruiker(rol, [venlo if eigen_gemeente else gemeente("0889")], **extra)
    assert mag_verzoek_behandelen(gebruiker, venlo, domein) is mag, bron


def test_the_consulent_answers_where_the_gemeente_configures_so(venlo_consulent, django_capture_on_commit_callbacks):
    _venlo, aanbieder, backoffice, consulent = venlo_consulent
    bericht = bericht_ontvangen(_vot(aanbieder), kanaal="map")
    taak = AangevraagdProduct.objects.get()
    assert taak.client["Naam"]["Geslachtsnaam"]["Achternaam"] == "Verwezen" and "AangevraagdeProducten" not in (
        taak.client
    )
    client = ingelogde_client(consulent)
    assert behandelt_verzoeken(consulent) and behandelt_verzoeken(backoffice)  # Venlo's Wmo 315s stay with it
    lijst = client.get("/berichten/verzoeken/").content.decode()
    assert "Verwezen" in lijst and f"/berichten/verzoeken/{bericht.pk}/" in lijst
    assert "03-03-2015" in lijst  # the geboortedatum as dd-mm-jjjj, not the message's ISO text
    assert 'href="/berichten/verzoeken/"' in lijst  # the menu offers it
    assert "Verzoeken om toewijzing (315) beantwoorden" in client.get("/start/").content.decode()
    pagina = client.get(f"/berichten/verzoeken/{bericht.pk}/").content.decode()
    assert "Toewijzen (301)" in pagina and "kinderbeschermingsmaatregel" in pagina
    assert "<ijw:" not in pagina  # no XML on the task page
    assert "1 stuks (output) totaal binnen de geldigheidsduur" in pagina  # Omvang 1/82/6 in words (WJ756, WMO757)
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(
            f"/berichten/verzoeken/{bericht.pk}/{taak.pk}/toewijzen/",
            {
                f"taak-{taak.pk}-toewijzen-motivering": "Huisarts verwijst.",
                f"taak-{taak.pk}-toewijzen-gi_instemming": "geen",
                f"taak-{taak.pk}-toewijzen-keuze": "zoals_gevraagd",
            },
            follow=True,
        )
    assert "Het verzoek is beantwoord." in r.content.decode()
    t = Toewijzing.objects.get()
    assert (t.referentie_aanbieder, t.dossier.consulent) == ("REF-1", consulent)
    assert Bericht.objects.filter(soort="JW301").exists()
    taak.refresh_from_db()
    assert taak.status == "toegewezen"
    # the 315 carried no address: the task page tells the consulent why its 301 waits, and what to do
    na = client.get(f"/berichten/verzoeken/{bericht.pk}/").content.decode()
    assert "Toewijzingsbericht" in na and "Afgekeurd" in na and "Vul de gegevens van de inwoner aan" in na
    assert client.get("/berichten/verzoeken/").content.decode().count("Verwezen") == 0  # answered: off the list


def test_the_backoffice_sees_the_message_but_not_the_task_there(venlo_consulent):
    _venlo, aanbieder, backoffice, _consulent = venlo_consulent
    bericht = bericht_ontvangen(_vot(aanbieder), kanaal="map")
    client = ingelogde_client(backoffice)
    cockpit = client.get(f"/berichten/{bericht.pk}/").content.decode()
    assert "door de consulenten behandelen" in cockpit and "Verzoek behandelen" not in cockpit
    voor = AuditEvent.objects.filter(actie="geweigerd").count()
    assert client.get(f"/berichten/verzoeken/{bericht.pk}/").status_code == 404
    assert AuditEvent.objects.filter(actie="geweigerd").count() == voor + 1  # the attempt is audited
    taak = AangevraagdProduct.objects.get()
    r = client.post(f"/berichten/verzoeken/{bericht.pk}/{taak.pk}/onderzoek/", {})
    assert r.status_code == 404 and not Bericht.objects.filter(soort="JW319").exists()


@pytest.mark.parametrize(
    ("wie", "zichtbaar"),
    [
        ("consulent_jeugd_venlo", False),  # Venlo keeps 315s at the backoffice (default)
        ("backoffice_venlo", True),
        ("backoffice_beesel", False),
    ],
)
def test_by_default_only_the_backoffice_of_the_gemeente_sees_the_task(omgeving, wie, zichtbaar):
    venlo, aanbieder, _backoffice = omgeving
    gebruiker = {
        "consulent_jeugd_venlo": lambda: maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True),
        "backoffice_venlo": lambda: maak_gebruiker(Rol.BACKOFFICE, [venlo]),
        "backoffice_beesel": lambda: maak_gebruiker(Rol.BACKOFFICE, [gemeente("0889")]),
    }[wie]()
    bericht = bericht_ontvangen(_vot(aanbieder), kanaal="map")
    client = ingelogde_client(gebruiker)
    assert (client.get(f"/berichten/verzoeken/{bericht.pk}/").status_code == 200) is zichtbaar
    assert behandelt_verzoeken(gebruiker) is (wie != "consulent_jeugd_venlo")  # the menu
    start = client.get("/start/").content.decode()
    assert ("Verzoeken om toewijzing (315) beantwoorden" in start) is (wie != "consulent_jeugd_venlo")
    assert ("Verwezen" in client.get("/berichten/verzoeken/").content.decode()) is zichtbaar


def test_reading_the_list_and_the_task_is_audited(omgeving):
    _venlo, aanbieder, backoffice = omgeving
    bericht = bericht_ontvangen(_vot(aanbieder), kanaal="map")
    client = ingelogde_client(backoffice)
    voor = AuditEvent.objects.filter(actie="lezen").count()
    client.get("/berichten/verzoeken/")
    client.get(f"/berichten/verzoeken/{bericht.pk}/")
    assert AuditEvent.objects.filter(actie="lezen").count() == voor + 2


@pytest.mark.parametrize(
    ("wat", "data", "fout"),
    [
        (
            "toewijzen",
            {"motivering": "Verwezen.", "keuze": "zoals_gevraagd"},
            "kinderbeschermingsmaatregel",
        ),  # Handboek verwijzers jeugdhulp §1.2 (r. 3088–3094)
        ("toewijzen", {"gi_instemming": "geen"}, "Motiveer de toewijzing."),
        ("afwijzen", {}, "Kies de reden van de afwijzing."),
        ("afwijzen", {"reden": "8"}, "noemt u de verantwoordelijke gemeente"),  # TR377
        ("afwijzen", {"reden": "8", "gemeente": "98"}, "Een CBS-gemeentecode heeft 4 cijfers."),
    ],
)
def test_a_refused_answer_comes_back_on_the_form(omgeving, wat, data, fout):
    _venlo, aanbieder, backoffice = omgeving
    bericht = bericht_ontvangen(_vot(aanbieder), kanaal="map")
    taak = AangevraagdProduct.objects.get()
    r = ingelogde_client(backoffice).post(
        f"/berichten/verzoeken/{bericht.pk}/{taak.pk}/{wat}/", {f"taak-{taak.pk}-{wat}-{k}": v for k, v in data.items()}
    )
    tekst = r.content.decode()
    assert r.status_code == 400 and 'role="alert"' in tekst and fout in tekst
    taak.refresh_from_db()
    assert taak.status == "open" and not Toewijzing.objects.exists()
    assert not Bericht.objects.filter(soort="JW319").exists()


def test_the_clock_overdue_first_and_eight_weeks_after_in_onderzoek(omgeving):
    """OP274: 5 werkdagen per product; after a 319 "in onderzoek" the final answer within 8 weeks of the
    verzoek's dagtekening."""
    from berichten import toewijzingsverzoeken
    from berichten.verzoektaken import open_verzoeken

    _venlo, aanbieder, backoffice = omgeving
    nieuw = bericht_ontvangen(_vot(aanbieder, referentie="NIEUW", identificatie="V1", bsn=nde_bsn(1)), kanaal="map")
    oud = bericht_ontvangen(_vot(aanbieder, referentie="OUD", identificatie="V2", bsn=nde_bsn(2)), kanaal="map")
    Bericht.objects.filter(pk=oud.pk).update(aangemaakt_op=timezone.now() - timedelta(days=14))
    onderzoek = bericht_ontvangen(
        _vot(aanbieder, referentie="ONDERZOEK", identificatie="V3", bsn=nde_bsn(3)), kanaal="map"
    )
    toewijzingsverzoeken.toewijzingsverzoek_met_319_beantwoorden(
        door=backoffice, taak=AangevraagdProduct.objects.get(referentie="ONDERZOEK"), antwoord="2"
    )
    lijst = open_verzoeken(backoffice)
    assert [v.bericht.pk for v in lijst] == [oud.pk, nieuw.pk, onderzoek.pk]
    assert lijst[0].te_laat and not lijst[1].te_laat
    assert lijst[2].uiterlijk == VANDAAG + timedelta(weeks=8) and not lijst[2].wacht_op_antwoord
    pagina = ingelogde_client(backoffice).get("/berichten/verzoeken/").content.decode()
    assert "te laat" in pagina


def test_the_list_runs_a_constant_number_of_queries(omgeving):
    _venlo, aanbieder, backoffice = omgeving
    client = ingelogde_client(backoffice)
    bericht_ontvangen(_vot(aanbieder, referentie="R0", identificatie="V0"), kanaal="map")
    client.get("/berichten/verzoeken/")  # warm the regelset and the session
    with CaptureQueriesContext(connection) as weinig:
        assert client.get("/berichten/verzoeken/").status_code == 200
    for i in range(1, 6):
        bericht_ontvangen(
            _vot(aanbieder, referentie=f"R{i}", identificatie=f"V{i}", bsn=nde_bsn(100 + i)), kanaal="map"
        )
    with CaptureQueriesContext(connection) as veel:
        assert client.get("/berichten/verzoeken/").content.decode().count("Verwezen") == 6
    assert len(veel) == len(weinig), [q["sql"][:120] for q in veel]


def test_tasks_received_before_the_client_was_kept_get_it_from_their_315(omgeving):
    import importlib

    from django.apps import apps

    _venlo, aanbieder, _backoffice = omgeving
    bericht_ontvangen(_vot(aanbieder), kanaal="map")
    AangevraagdProduct.objects.update(client={})
    migratie = importlib.import_module("berichten.migrations.0004_verzoektaak_client")
    migratie.vul_client(apps, None)
    client = AangevraagdProduct.objects.get().client
    assert (
        client["Geboortedatum"]["Datum"] == "2015-03-03" and client["Naam"]["Geslachtsnaam"]["Achternaam"] == "Verwezen"
    )


@pytest.mark.parametrize(
    ("wat", "data", "verwacht"),
    [
        (
            "toewijzen",
            {"motivering": "Huisarts verwijst.", "gi_instemming": "geen", "keuze": "zoals_gevraagd"},
            "Toewijzing op verzoek REF-1",
        ),
        ("afwijzen", {"reden": "3", "toelichting": "Geen contract in 2027."}, "reden 3 – Geen contract in 2027."),
        (
            "onderzoek",
            {"toelichting": "Wacht op het verslag van de huisarts."},
            "Wacht op het verslag van de huisarts.",
        ),
    ],
)
def test_every_answer_is_audited_with_its_why(omgeving, wat, data, verwacht, django_capture_on_commit_callbacks):
    _venlo, aanbieder, backoffice = omgeving
    bericht = bericht_ontvangen(_vot(aanbieder), kanaal="map")
    taak = AangevraagdProduct.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        r = ingelogde_client(backoffice).post(
            f"/berichten/verzoeken/{bericht.pk}/{taak.pk}/{wat}/",
            {f"taak-{taak.pk}-{wat}-{k}": v for k, v in data.items()},
        )
    assert r.status_code == 302
    gemaakt = AuditEvent.objects.filter(actie="aanmaken", gebruiker_id=backoffice.pk)
    if wat == "toewijzen":
        assert gemaakt.filter(omschrijving=verwacht).exists()  # the dossier, with the motivering as reden
        assert gemaakt.filter(object_type="verwijzing.toewijzing").exists()
    else:
        antwoord = Bericht.objects.get(soort="JW319")
        assert gemaakt.filter(object_id=str(antwoord.pk), reden=verwacht).exists()


def test_the_answers_are_separate_forms_and_a_wmo_verzoek_offers_no_woonplaatsbeginsel(omgeving):
    """Enter in a field submits only that field's answer; reden 8 exists in iJw only (TR377)."""
    import re

    _venlo, aanbieder, backoffice = omgeving
    bericht = bericht_ontvangen(_vot(aanbieder), kanaal="map")
    taak = AangevraagdProduct.objects.get()
    pagina = ingelogde_client(backoffice).get(f"/berichten/verzoeken/{bericht.pk}/").content.decode()
    formulieren = re.findall(r'<form method="post"[^>]*action="([^"]+)">(.*?)</form>', pagina, re.S)
    per_actie = {actie.rstrip("/").rsplit("/", 1)[1]: inhoud for actie, inhoud in formulieren if "/verzoeken/" in actie}
    assert set(per_actie) == {"toewijzen", "afwijzen", "onderzoek"}
    assert f"taak-{taak.pk}-afwijzen-gemeente" in per_actie["afwijzen"]
    assert "gemeente" not in per_actie["toewijzen"] and "reden" not in per_actie["toewijzen"]
    assert per_actie["toewijzen"].count('type="submit"') == 1

    from berichten.forms import AfwijzenForm

    wmo = AfwijzenForm(jeugd=False)
    assert "8" not in dict(wmo.fields["reden"].choices) and "gemeente" not in wmo.fields


@pytest.mark.parametrize(
    ("rol", "eigen_gemeente", "mag", "bron"),
    [
        (Rol.BACKOFFICE, True, True, "the cockpit is the backoffice's; also for Wmo, where the consulent decides"),
        (Rol.BACKOFFICE, False, False, "the backoffice of another gemeente"),
        (Rol.CONSULENT, True, False, "a consulent has no cockpit"),
    ],
)
@pytest.mark.parametrize("domein", ["jeugd", "wmo"])
def test_who_sends_the_319_on_a_317(rol, eigen_gemeente, mag, bron, domein):
    from berichten.wijzigingsverzoeken import eis_cockpit
    from toegang.fouten import Geweigerd

    venlo = gemeente("0983")
    extra = {"domein_jeugd": True, "domein_wmo": True} if rol == Rol.CONSULENT else {}
    gebruiker = maak_gebruiker(rol, [venlo if eigen_gemeente else gemeente("0889")], **extra)
    if mag:
        eis_cockpit(gebruiker, venlo, domein)
    else:
        with pytest.raises(Geweigerd):
            eis_cockpit(gebruiker, venlo, domein)


@pytest.mark.parametrize(
    ("omvang", "leest"),
    [
        pytest.param({"Volume": "1", "Eenheid": "82", "Frequentie": "6"}, "1 stuks (output) totaal", id="WJ756-stuks"),
        pytest.param({"Volume": "261240", "Eenheid": "83", "Frequentie": "6"}, "€ 2.612,40 totaal", id="IV042-euro"),
    ],
)
def test_the_315_task_reads_the_omvang_in_words(omvang, leest, omgeving):
    """The product's Omvang as the task page shows it: Euro's (83) carry eurocent (IV042), read as an amount."""
    from berichten.verzoektaken import verzoek

    _venlo, aanbieder, backoffice = omgeving
    bericht = bericht_ontvangen(_vot(aanbieder), kanaal="map")
    taak = AangevraagdProduct.objects.get()
    taak.gegevens = {**taak.gegevens, "Omvang": omvang}
    taak.save(update_fields=["gegevens"])
    (gelezen,) = verzoek(backoffice, bericht.pk).taken
    assert gelezen.omvang.startswith(leest)
