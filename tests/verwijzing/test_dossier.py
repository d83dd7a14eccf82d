"""The dossier and its state machine: every transition allowed and refused, scope, screens."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Rol
from audit.models import Actie, AuditEvent
from inwoners import services as inwoner_services
from inwoners.factories import inwoner_in
from tests.conftest import ingelogde_client, maak_gebruiker
from toegang.fouten import Geweigerd
from verwijzing.factories import COMPLEET_VERSLAG, DossierFactory
from verwijzing.melding import dossier_afsluiten, dossier_openen
from verwijzing.models import Dossier, Status
from verwijzing.onderzoek import onderzoek_afronden, onderzoek_starten

pytestmark = pytest.mark.django_db


@pytest.fixture
def jeugdconsulent(venlo):
    return maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True)


def _melding(consulent, gemeente, inwoner=None, **extra):
    inwoner = inwoner or inwoner_in(gemeente, voor=consulent)  # registered by him: in his scope
    return dossier_openen(
        door=consulent,
        inwoner=inwoner,
        gemeente=gemeente,
        **{
            "domein": "jeugd",
            "meldingsdatum": date(2026, 11, 20),
            "kanaal": "telefoon",
            "melder": "ouder",
            "hulpvraag": "Zorgen over gedrag",
            **extra,
        },
    )


def test_a_melding_opens_a_dossier_in_the_responsible_gemeente(jeugdconsulent, venlo, beesel):
    """Woonplaatsbeginsel 2° (Handboek verwijzers jeugdhulp §2.2 (r. 3589–3599)): a jeugdige placed in Beesel stays
    Venlo's responsibility."""
    inwoner = inwoner_in(beesel)
    inwoner_services.open_voor_melding(jeugdconsulent, gemeente=venlo, bsn=inwoner.bsn, reden="Pleeggezin in Beesel")
    dossier = _melding(jeugdconsulent, venlo, inwoner, verblijf=True, gemeente_voor_verblijf=venlo)
    assert (dossier.gemeente, dossier.status, dossier.domein) == (venlo, Status.MELDING, "jeugd")
    assert AuditEvent.objects.filter(actie=Actie.AANMAKEN, object_id=str(dossier.pk)).exists()
    beesel_consulent = maak_gebruiker(Rol.CONSULENT, [beesel], domein_jeugd=True)
    assert not Dossier.objects.visible_to(beesel_consulent).exists()
    assert Dossier.objects.visible_to(jeugdconsulent).get() == dossier


def test_scope_per_role_and_domain(jeugdconsulent, venlo):
    dossier = _melding(jeugdconsulent, venlo)
    wmo_consulent = maak_gebruiker(Rol.CONSULENT, [venlo], domein_wmo=True, domein_jeugd=False)
    backoffice = maak_gebruiker(Rol.BACKOFFICE, [venlo])
    regie = maak_gebruiker(Rol.REGIE, [venlo])
    assert not Dossier.objects.visible_to(wmo_consulent).exists()
    assert Dossier.objects.visible_to(backoffice).get() == dossier
    assert not Dossier.objects.visible_to(regie).exists()


@pytest.mark.parametrize(
    ("wie", "melding"),
    [
        ("wmo_consulent", "U bent geen consulent voor dit domein."),
        ("backoffice", "Alleen een consulent kan dit doen."),
        ("andere_gemeente", "U werkt niet voor deze gemeente."),
    ],
)
def test_who_may_open_a_dossier(wie, melding, venlo, beesel):
    gebruikers = {
        "wmo_consulent": maak_gebruiker(Rol.CONSULENT, [venlo], domein_wmo=True, domein_jeugd=False),
        "backoffice": maak_gebruiker(Rol.BACKOFFICE, [venlo]),
        "andere_gemeente": maak_gebruiker(Rol.CONSULENT, [beesel], domein_jeugd=True),
    }
    with pytest.raises(Geweigerd, match=melding):
        _melding(gebruikers[wie], venlo)
    assert not Dossier.objects.exists()


def test_an_inwoner_outside_scope_needs_the_reasoned_step_first(jeugdconsulent, venlo, beesel):
    with pytest.raises(Geweigerd, match="buiten uw gemeenten"):
        _melding(jeugdconsulent, venlo, inwoner_in(beesel))


# (from, transition, allowed, source)
OVERGANGEN = [
    (Status.MELDING, "onderzoek_starten", True, "T1, Handboek verwijzers jeugdhulp §1.1.1 (r. 187–192)"),
    (Status.ONDERZOEK, "onderzoek_starten", False, "T1 only from melding"),
    (
        Status.ONDERZOEK,
        "onderzoek_afronden",
        True,
        "T3, Handboek verwijzers jeugdhulp §1.1.1 (r. 225–233) (complete verslag)",
    ),
    (Status.MELDING, "onderzoek_afronden", False, "no verslag before the onderzoek"),
    *[
        (s, t, True, "terminal states from every open state")
        for s in (Status.MELDING, Status.ONDERZOEK, Status.INDICATIE)
        for t in ("voorliggend_afsluiten", "wlz_afsluiten", "intrekken", "buiten_behandeling_stellen")
    ],
    *[
        (Status.INGETROKKEN, t, False, "a terminal state is final")
        for t in ("onderzoek_starten", "wlz_afsluiten", "intrekken")
    ],
]


@pytest.mark.parametrize(("van", "overgang", "toegestaan", "bron"), OVERGANGEN)
def test_transitions(van, overgang, toegestaan, bron, jeugdconsulent, venlo):
    dossier = DossierFactory(gemeente=venlo, consulent=jeugdconsulent, status=van, inwoner=inwoner_in(venlo))
    if van == Status.ONDERZOEK:
        dossier.onderzoek.__dict__.update(COMPLEET_VERSLAG)
        dossier.onderzoek.save()
    aanroep = {
        "onderzoek_starten": lambda: onderzoek_starten(door=jeugdconsulent, dossier=dossier),
        "onderzoek_afronden": lambda: onderzoek_afronden(door=jeugdconsulent, dossier=dossier),
    }.get(overgang) or (
        lambda: dossier_afsluiten(
            door=jeugdconsulent,
            dossier=dossier,
            reden="reden",
            soort={
                "voorliggend_afsluiten": "voorliggend",
                "wlz_afsluiten": "wlz",
                "intrekken": "ingetrokken",
                "buiten_behandeling_stellen": "buiten_behandeling",
            }[overgang],
        )
    )
    voor = AuditEvent.objects.count()
    if toegestaan:
        aanroep()
        assert Dossier.objects.get(pk=dossier.pk).status != van, bron
        assert AuditEvent.objects.count() == voor + 1
    else:
        with pytest.raises(Geweigerd):
            aanroep()
        assert Dossier.objects.get(pk=dossier.pk).status == van, bron
        assert AuditEvent.objects.count() == voor


def test_an_incomplete_verslag_is_refused_with_what_is_missing(jeugdconsulent, venlo):
    dossier = DossierFactory(
        gemeente=venlo, consulent=jeugdconsulent, status=Status.ONDERZOEK, inwoner=inwoner_in(venlo)
    )
    with pytest.raises(Geweigerd, match="Vul nog in: beperkingen en problemen, eigen kracht"):
        onderzoek_afronden(door=jeugdconsulent, dossier=dossier)
    assert Dossier.objects.get(pk=dossier.pk).status == Status.ONDERZOEK


def test_closing_needs_a_reason(jeugdconsulent, venlo):
    dossier = _melding(jeugdconsulent, venlo)
    with pytest.raises(Geweigerd, match="Geef de reden"):
        dossier_afsluiten(door=jeugdconsulent, dossier=dossier, soort="wlz", reden=" ")


def test_the_whole_start_of_the_flow_through_the_screens(jeugdconsulent, venlo):
    client = ingelogde_client(jeugdconsulent)
    inwoner = inwoner_in(venlo, voor=jeugdconsulent)
    response = client.post(
        f"/dossiers/melding/{inwoner.public_id}/",
        {
            "gemeente": venlo.pk,
            "domein": "jeugd",
            "meldingsdatum": "2026-11-20",
            "kanaal": "telefoon",
            "melder": "ouder",
            "hulpvraag": "Zorgen over gedrag",
            "clientondersteuning_aangeboden": "on",
        },
    )
    assert response.status_code == 302
    dossier = Dossier.objects.get()
    assert dossier.clientondersteuning_aangeboden
    assert client.post(f"/dossiers/{dossier.public_id}/onderzoek/start/").status_code == 302
    response = client.post(f"/dossiers/{dossier.public_id}/onderzoek/", {"hulpvraag": "x", "concept": "1"})
    assert response.status_code == 302  # a concept is saved whatever its state
    response = client.post(f"/dossiers/{dossier.public_id}/onderzoek/", {"hulpvraag": "x", "afronden": "1"})
    assert response.status_code == 400 and "Vul nog in" in response.content.decode()
    response = client.post(f"/dossiers/{dossier.public_id}/onderzoek/", {**COMPLEET_VERSLAG, "afronden": "1"})
    assert response.status_code == 302
    assert Dossier.objects.get().status == Status.INDICATIE


@pytest.mark.parametrize(
    ("wijziging", "melding"),
    [
        (
            {"meldingsdatum": (date.today() + timedelta(days=2)).isoformat()},
            "De datum van de melding ligt in de toekomst.",
        ),
        ({"meldingsdatum": "2026-02-30"}, "Vul een bestaande datum in."),
        ({"hulpvraag": ""}, "Beschrijf de hulpvraag."),
        ({"persoonlijk_plan_aangeboden": "on"}, "Persoonlijk plan en ontvangstbevestiging horen bij een Wmo-melding."),
    ],
)
def test_melding_form_errors(wijziging, melding, jeugdconsulent, venlo):
    client = ingelogde_client(jeugdconsulent)
    inwoner = inwoner_in(venlo, voor=jeugdconsulent)
    data = {
        "gemeente": venlo.pk,
        "domein": "jeugd",
        "meldingsdatum": "2026-11-20",
        "kanaal": "telefoon",
        "melder": "ouder",
        "hulpvraag": "Zorgen",
        **wijziging,
    }
    response = client.post(f"/dossiers/melding/{inwoner.public_id}/", data)
    assert response.status_code == 400 and melding in response.content.decode()
    assert not Dossier.objects.exists()


def test_dossier_out_of_scope_is_404_and_audited(jeugdconsulent, venlo, beesel):
    elders = DossierFactory(
        gemeente=beesel,
        consulent=maak_gebruiker(Rol.CONSULENT, [beesel], domein_jeugd=True),
        inwoner=inwoner_in(beesel),
    )
    response = ingelogde_client(jeugdconsulent).get(f"/dossiers/{elders.public_id}/")
    assert response.status_code == 404
    assert AuditEvent.objects.filter(actie=Actie.GEWEIGERD, object_id=str(elders.pk)).exists()


def test_werkvoorraad_puts_the_nearest_deadline_on_top_and_its_query_count_is_constant(venlo):
    consulent = maak_gebruiker(Rol.CONSULENT, [venlo], domein_wmo=True, domein_jeugd=True)
    client = ingelogde_client(consulent)
    oud = DossierFactory(
        gemeente=venlo,
        consulent=consulent,
        domein="wmo",
        inwoner=inwoner_in(venlo),
        meldingsdatum=date.today() - timedelta(days=60),
    )
    DossierFactory(gemeente=venlo, consulent=consulent, domein="wmo", inwoner=inwoner_in(venlo))
    client.get("/dossiers/")  # warm the rules snapshot, as a running server has it
    with CaptureQueriesContext(connection) as weinig:
        tekst = client.get("/dossiers/").content.decode()
    assert tekst.index(oud.inwoner.volledige_naam) < tekst.index("binnenkort") if "binnenkort" in tekst else True
    assert "te laat" in tekst  # 60 days after the melding: past the 6 weken of the Wmo-onderzoek
    for _ in range(20):
        DossierFactory(gemeente=venlo, consulent=consulent, domein="jeugd", inwoner=inwoner_in(venlo))
    with CaptureQueriesContext(connection) as veel:
        client.get("/dossiers/")
    assert len(veel) == len(weinig), "\n".join(q["sql"][:150] for q in veel.captured_queries)


@pytest.mark.parametrize(
    ("domein", "aanvraag", "uiterlijk", "bron"),
    [
        ("jeugd", date(2026, 3, 10), date(2026, 5, 6), "Awb 4:13: 8 weken, ends on 5 mei → 6 mei (Atw)"),
        ("wmo", date(2026, 3, 21), date(2026, 4, 7), "Wmo 2015 art. 2.3.5: 2 weken, Saturday → Tuesday after Pasen"),
    ],
)
def test_after_the_aanvraag_the_werkvoorraad_shows_the_beslistermijn(domein, aanvraag, uiterlijk, bron, venlo):
    from verwijzing.beschikking.beslistermijn import werk_bij
    from verwijzing.selectors import werkvoorraad

    consulent = maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True, domein_wmo=True)
    dossier = DossierFactory(
        gemeente=venlo, consulent=consulent, domein=domein, status=Status.AANVRAAG, inwoner=inwoner_in(venlo)
    )
    Dossier.objects.filter(pk=dossier.pk).update(aanvraag_op=aanvraag)
    werk_bij(Dossier.objects.get(pk=dossier.pk))
    (regel,) = werkvoorraad(consulent).regels
    assert regel.uiterlijk == uiterlijk, bron
