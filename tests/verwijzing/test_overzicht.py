"""The dossier page as one overview of the whole dossier: indicaties with the matching outcome and the aanbieder's
assessment, the leefzorgplan's signatures, every beschikking, the toewijzingen with their berichten (the status
word the cockpit shows), a timeline, the actions that fit the state, and a query count that stays constant."""

import re
import uuid
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Rol
from audit.models import Actie
from audit.services import record
from berichten.inkomend import bericht_ontvangen
from berichten.models import Bericht
from inwoners.factories import inwoner_in
from producten.models import Product
from tests.berichten.hulp import _start, _toekenning
from tests.conftest import ingelogde_client, maak_gebruiker
from verwijzing.factories import DossierFactory, IndicatieFactory, aanvraag_dossier
from verwijzing.models import (
    Beschikking,
    GetekendExemplaar,
    LeefzorgplanVersie,
    Matchingsverzoek,
    Ondertekening,
    Status,
    Toewijzing,
)

pytestmark = pytest.mark.django_db
VANDAAG = date.today()


@pytest.fixture
def consulent(venlo):
    return maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True, domein_wmo=True)


def _tekst(client, dossier) -> str:
    """The page's main content as text, tags removed and white space folded."""
    response = client.get(f"/dossiers/{dossier.public_id}/")
    assert response.status_code == 200
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html[html.index("<main") : html.index("</main>")]))


def _verzoek(indicatie, status="verzonden", verzonden_op=None, **antwoord):
    return Matchingsverzoek.objects.create(
        dossier=indicatie.dossier,
        indicatie=indicatie,
        product=indicatie.product,
        aanbieder=indicatie.aanbieder,
        status=status,
        verzonden_op=verzonden_op or VANDAAG,
        verzonden_door=indicatie.dossier.consulent,
        **antwoord,
    )


def _producten(n):
    return list(Product.objects.exclude(code="45L12").order_by("code")[:n])


def test_indicaties_show_the_matching_outcome_and_the_aanbieders_assessment(consulent, venlo):
    dossier = DossierFactory(gemeente=venlo, consulent=consulent, inwoner=inwoner_in(venlo), status=Status.INDICATIE)
    passend, niet, open_ = [IndicatieFactory(dossier=dossier, product=p, matching=True) for p in _producten(3)]
    _verzoek(
        passend,
        "passend",
        gesprek_op=VANDAAG,
        gesprek_vorm="aan_tafel",
        inschatting_traject="Zes maanden ambulant.",
        verwachte_startdatum=date(2027, 1, 4),
    )
    _verzoek(niet, "niet_passend", gesprek_op=VANDAAG, reden_niet_passend="Wachtlijst van een jaar.")
    _verzoek(open_, verzonden_op=VANDAAG - timedelta(days=30))  # 5 werkdagen long gone
    tekst = _tekst(ingelogde_client(consulent), dossier)
    for i in (passend, niet, open_):
        assert f"{i.product.code} {i.product.naam}" in tekst
        assert f"Periode {i.ingangsdatum:%d-%m-%Y} – {i.einddatum:%d-%m-%Y}" in tekst
    assert "Uitkomst Geretourneerd: passend" in tekst and "Zes maanden ambulant." in tekst
    assert "Verwachte startdatum 04-01-2027" in tekst and f"Gesprek gevoerd op {VANDAAG:%d-%m-%Y}, aan tafel" in tekst
    assert "Uitkomst Geretourneerd: niet passend" in tekst and "Reden niet passend Wachtlijst van een jaar." in tekst
    assert "Uitkomst Verzonden" in tekst and "Matchingsgesprek uiterlijk" in tekst
    assert tekst.count("te laat") == 1  # only the open verzoek past its deadline


def test_no_leefzorgplan_opstellen_before_an_indicatie_is_ready(consulent, venlo):
    dossier = DossierFactory(gemeente=venlo, consulent=consulent, inwoner=inwoner_in(venlo), status=Status.INDICATIE)
    client = ingelogde_client(consulent)
    tekst = _tekst(client, dossier)
    assert "Leefzorgplan opstellen" not in tekst
    assert "Er is nog geen indicatie vastgelegd." in tekst
    indicatie = IndicatieFactory(dossier=dossier, matching=True)
    tekst = _tekst(client, dossier)
    assert "Leefzorgplan opstellen" not in tekst and "nog geen matchingsverzoek verstuurd;" in tekst
    _verzoek(indicatie, "passend", gesprek_op=VANDAAG, verwachte_startdatum=VANDAAG)
    tekst = _tekst(client, dossier)
    assert "Leefzorgplan opstellen" in tekst and "nog geen matchingsverzoek verstuurd;" not in tekst
    assert "Indicatie: nu bezig (klaar: het leefzorgplan kan worden opgesteld)" in tekst


# (state of the indicatie's current matchingsverzoek, what the dossier says is missing for the leefzorgplan):
# Handboek verwijzers jeugdhulp §1.1.2.3.2 (r. 2073–2149), the plan waits for a passend matchingsgesprek.
MATCHING_ONTBREEKT = [
    pytest.param(None, {}, "nog geen matchingsverzoek verstuurd", id="HV-1.1.2.3.2-geen-verzoek"),
    pytest.param("ingetrokken", {}, "nog geen matchingsverzoek verstuurd", id="HV-1.1.2.3.2-ingetrokken"),
    pytest.param("verzonden", {}, "is verstuurd naar Zorg Zuid; wacht op het antwoord", id="HV-1.1.2.3.2-wacht"),
    pytest.param(
        "niet_passend",
        {"reden_niet_passend": "Vol"},
        "meldde niet passend; vraag een andere aanbieder",
        id="HV-1.1.2.3.2-niet-passend",
    ),
    pytest.param(
        "niet_passend",
        {"reden_niet_passend": "Vol", "besluit": "andere_aanbieder", "besluit_reden": "Overlegd"},
        "de gemeente besloot een andere aanbieder te zoeken",
        id="HV-1.1.2.3.2-besluit-andere-aanbieder",
    ),
    pytest.param(
        "niet_passend",
        {"reden_niet_passend": "Vol", "besluit": "leveringsplicht", "besluit_reden": "Overlegd"},
        None,
        id="HV-1.1.2.3.2-besluit-leveringsplicht",
    ),
    pytest.param("passend", {"gesprek_op": VANDAAG}, None, id="HV-1.1.2.3.2-passend"),
]


@pytest.mark.parametrize(("status", "antwoord", "ontbreekt"), MATCHING_ONTBREEKT)
def test_what_the_leefzorgplan_waits_for_follows_the_verzoek(status, antwoord, ontbreekt, consulent, venlo):
    """Per indicatie the dossier says what is really missing, in line with the indicatie's own matching line."""
    dossier = DossierFactory(gemeente=venlo, consulent=consulent, inwoner=inwoner_in(venlo), status=Status.INDICATIE)
    indicatie = IndicatieFactory(dossier=dossier, matching=True, aanbieder__naam="Zorg Zuid")
    if status:
        _verzoek(indicatie, status, **antwoord)
    meldingen = dossier.wat_ontbreekt_voor_leefzorgplan()
    if ontbreekt is None:
        assert meldingen == []
    else:
        assert len(meldingen) == 1 and meldingen[0].startswith("45L12: ") and ontbreekt in meldingen[0]
    tekst = _tekst(ingelogde_client(consulent), dossier)
    assert "nog niet passend teruggemeld" not in tekst
    assert ("Leefzorgplan opstellen" in tekst) == (ontbreekt is None)


def test_the_steps_say_in_words_what_is_done_and_what_is_to_do(consulent, venlo):
    dossier = aanvraag_dossier(gemeente=venlo, consulent=consulent)
    tekst = _tekst(ingelogde_client(consulent), dossier)
    assert "Melding: afgerond" in tekst and "Ondertekening: afgerond" in tekst and "Aanvraag: afgerond" in tekst
    assert "Beschikking: nu bezig" in tekst and "Toewijzing: nog te doen" in tekst


def test_leefzorgplan_versions_show_who_signed_and_who_still_has_to_sign(consulent, venlo):
    # A 17-year-old signs himself, as jeugdige (tekenaars.wie_tekent); the factory signs as that rule says.
    zeventien = inwoner_in(venlo, geboortedatum=date.today().replace(year=date.today().year - 17) - timedelta(days=1))
    dossier = aanvraag_dossier(gemeente=venlo, consulent=consulent, inwoner=zeventien)
    v2 = LeefzorgplanVersie.objects.create(
        dossier=dossier, versie=2, secties={}, doelen=[], inhoud_hash="1" * 64, aangemaakt_door=consulent
    )
    for naam, vervallen in (("Jan Ouder", False), ("Vervallen Verzoek", True)):
        Ondertekening.objects.create(
            dossier=dossier,
            versie=v2,
            versie_hash=v2.inhoud_hash,
            rol="gezaghebbende",
            naam=naam,
            methode="link_code",
            token_hash=uuid.uuid4().hex,
            code_hash="",
            verloopt_op=timezone.now(),
            vervallen=vervallen,
        )
    tekst = _tekst(ingelogde_client(consulent), dossier)
    inwoner = dossier.inwoner.volledige_naam
    assert f"{inwoner} (jeugdige): getekend op {VANDAAG:%d-%m-%Y}" in tekst
    assert "Jan Ouder (gezaghebbende): nog niet getekend" in tekst
    assert "Vervallen Verzoek" not in tekst  # replaced by a new request
    html = ingelogde_client(consulent).get(f"/dossiers/{dossier.public_id}/").content.decode()
    for versie in (1, 2):
        assert f"/dossiers/{dossier.public_id}/leefzorgplan/{versie}/pdf/" in html


def test_all_beschikkingen_are_listed_with_their_pdf(venlo, django_capture_on_commit_callbacks, settings, tmp_path):
    settings.TOEGANG_BERICHTEN_MAP = tmp_path
    dossier, beslisser = _toekenning(venlo, django_capture_on_commit_callbacks)
    eerste = dossier.beschikkingen.get()
    tweede = Beschikking.objects.create(
        dossier=dossier,
        soort="toekenning",
        status="vastgesteld",
        wijzigt=eerste,
        motivering="Gewijzigd op verzoek.",
        sjabloon=eerste.sjabloon,
        opgesteld_door=beslisser,
        vastgesteld_door=beslisser,
        vastgesteld_op=timezone.now(),
        render_status="klaar",
        pdf_sha256="a" * 64,
    )
    html = ingelogde_client(beslisser).get(f"/dossiers/{dossier.public_id}/").content.decode()
    for b in (eerste, tweede):
        assert f"/dossiers/{dossier.public_id}/beschikking/{b.public_id}/pdf/" in html


def test_toewijzingen_show_their_berichten_with_the_status_the_cockpit_shows(
    venlo, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.TOEGANG_BERICHTEN_MAP = tmp_path
    dossier, backoffice = _toekenning(venlo, django_capture_on_commit_callbacks)
    t = Toewijzing.objects.select_related("aanbieder", "inwoner").get(dossier=dossier)
    with django_capture_on_commit_callbacks(execute=True):
        start = bericht_ontvangen(_start(t), kanaal="upload")
    uit = Bericht.objects.get(soort="JW301")
    assert (uit.status, t.status) == ("verzonden", "klaar_voor_verzending")  # the disagreement the walk saw
    client = ingelogde_client(backoffice)
    tekst = _tekst(client, dossier)
    assert "Klaar voor verzending" not in tekst
    for b in (uit, start):
        assert f"{b.soort} {b.identificatie}" in tekst and f"): {b.get_status_display()}" in tekst
        cockpit = client.get(f"/berichten/{b.pk}/")
        assert cockpit.status_code == 200 and b.get_status_display() in cockpit.content.decode()
    html = client.get(f"/dossiers/{dossier.public_id}/").content.decode()
    assert f'href="/berichten/{uit.pk}/"' in html and f'href="/berichten/{start.pk}/"' in html
    # The consulent sees the same words, without links into a cockpit he may not open.
    html = ingelogde_client(dossier.consulent).get(f"/dossiers/{dossier.public_id}/").content.decode()
    assert uit.get_status_display() in html and "/berichten/" not in html


def test_the_timeline_tells_who_did_what_newest_first_without_the_reads(
    venlo, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.TOEGANG_BERICHTEN_MAP = tmp_path
    dossier, backoffice = _toekenning(venlo, django_capture_on_commit_callbacks)
    backoffice.first_name, backoffice.last_name = "Bea", "Beslist"
    backoffice.save()
    client = ingelogde_client(backoffice)
    _tekst(client, dossier)  # a read: audited, not part of the story
    tekst = _tekst(client, dossier)
    tijdlijn = tekst[tekst.index("Wat er gebeurde") :]
    assert f"{VANDAAG:%d-%m-%Y}" in tijdlijn and "Bea Beslist: Beschikking vastgesteld" in tijdlijn
    assert tijdlijn.index("Beschikking vastgesteld") < tijdlijn.index("Concept-beschikking")  # newest first
    assert "Dossier bekeken" not in tijdlijn


def test_the_timeline_shows_at_most_the_last_fifty_events(consulent, venlo):
    dossier = DossierFactory(gemeente=venlo, consulent=consulent, inwoner=inwoner_in(venlo))
    for n in range(60):
        record(Actie.WIJZIGEN, dossier, gebruiker=consulent, omschrijving=f"Gebeurtenis {n:02d}")
    tekst = _tekst(ingelogde_client(consulent), dossier)
    assert "Gebeurtenis 59" in tekst and "Gebeurtenis 10" in tekst and "Gebeurtenis 09" not in tekst


def test_afsluiten_is_folded_at_the_bottom_and_not_red_before_submit(consulent, venlo):
    dossier = DossierFactory(gemeente=venlo, consulent=consulent, inwoner=inwoner_in(venlo))
    client = ingelogde_client(consulent)
    html = client.get(f"/dossiers/{dossier.public_id}/").content.decode()
    details = html[html.index("<details") : html.index("</details>")]
    assert "Dossier afsluiten zonder toekenning" in details and '<details class="toegang-details">' in html
    assert html.index("Start vraagverheldering") < html.index("Dossier afsluiten zonder toekenning")
    veld = re.search(r"<textarea[^>]*>", details).group(0)
    # A `required` textarea is :invalid, and styled red, while empty; aria-required tells it without colour.
    assert " required" not in veld and "aria-invalid" not in veld and 'aria-required="true"' in veld
    response = client.post(f"/dossiers/{dossier.public_id}/afsluiten/", {"soort": "ingetrokken", "reden": ""})
    html = response.content.decode()
    assert response.status_code == 400 and '<details class="toegang-details" open>' in html
    assert 'aria-invalid="true"' in html and "Geef de reden van het afsluiten." in html
    assert "Stappen" in html  # the whole page again, not a bare form


@pytest.mark.parametrize(
    ("status", "rol", "wel", "niet"),
    [
        (Status.MELDING, Rol.CONSULENT, ["Start vraagverheldering", "Dossier afsluiten"], ["Beschikking opstellen"]),
        (Status.ONDERZOEK, Rol.CONSULENT, ["Verslag bewerken", "Dossier afsluiten"], ["Leefzorgplan opstellen"]),
        (
            Status.LEEFZORGPLAN,
            Rol.CONSULENT,
            ["Leefzorgplan bewerken"],
            ["Dossier afsluiten", "Indicatie samenstellen"],
        ),
        (Status.AANVRAAG, Rol.BACKOFFICE, ["Beschikking opstellen"], ["Dossier afsluiten", "Leefzorgplan bewerken"]),
        (Status.TOEGEKEND, Rol.CONSULENT, [], ["Dossier afsluiten", "Leefzorgplan opstellen", "Verslag bewerken"]),
    ],
)
def test_actions_fit_the_state(status, rol, wel, niet, consulent, venlo):
    dossier = DossierFactory(gemeente=venlo, consulent=consulent, inwoner=inwoner_in(venlo), status=status)
    gebruiker = consulent if rol == Rol.CONSULENT else maak_gebruiker(rol, [venlo])
    tekst = _tekst(ingelogde_client(gebruiker), dossier)
    for woord in wel:
        assert woord in tekst, woord
    for woord in niet:
        assert woord not in tekst, woord


def test_the_header_names_the_dossier(consulent, venlo):
    dossier = DossierFactory(gemeente=venlo, consulent=consulent, inwoner=inwoner_in(venlo), status=Status.ONDERZOEK)
    tekst = _tekst(ingelogde_client(consulent), dossier)
    assert f"Dossiernummer {dossier.pk}" in tekst and "Status Vraagverheldering / onderzoek" in tekst
    assert f"Behandelaar {consulent.get_full_name() or consulent.username}" in tekst
    assert f"Inwoner {dossier.inwoner.volledige_naam}" in tekst and "Domein Jeugd" in tekst
    assert "Behandelaar wijzigen" in tekst
    gesloten = DossierFactory(gemeente=venlo, consulent=consulent, inwoner=inwoner_in(venlo), status=Status.INGETROKKEN)
    assert "Behandelaar wijzigen" not in _tekst(ingelogde_client(consulent), gesloten)  # refused there anyway


def _groei(dossier, beslisser, n=4):
    """More of everything the overview reads: indicaties with verzoeken, plan versions with signatures, a
    signed copy, a second beschikking, toewijzingen, berichten and audit rows."""
    t = Toewijzing.objects.get(dossier=dossier)
    for i, product in enumerate(_producten(n)):
        indicatie = IndicatieFactory(dossier=dossier, product=product, matching=True)
        _verzoek(indicatie, "passend" if i % 2 else "niet_passend", gesprek_op=VANDAAG, reden_niet_passend="Vol.")
    for versie in range(2, 2 + n):
        v = LeefzorgplanVersie.objects.create(
            dossier=dossier, versie=versie, secties={}, doelen=[], inhoud_hash="1" * 64, aangemaakt_door=beslisser
        )
        Ondertekening.objects.create(
            dossier=dossier,
            versie=v,
            versie_hash=v.inhoud_hash,
            rol="inwoner",
            naam="Iemand",
            methode="link_code",
            token_hash=uuid.uuid4().hex,
            code_hash="",
            verloopt_op=timezone.now(),
            getekend_op=timezone.now() if versie % 2 else None,
        )
        GetekendExemplaar.objects.create(
            dossier=dossier,
            versie=v,
            inhoud=b"%PDF-",
            grootte=5,
            sha256="0" * 64,
            getekend_door="Iemand",
            getekend_op=VANDAAG,
            geupload_door=beslisser,
        )
    eerste = dossier.beschikkingen.get()
    Beschikking.objects.create(
        dossier=dossier,
        soort="toekenning",
        status="vastgesteld",
        wijzigt=eerste,
        motivering="x",
        sjabloon=eerste.sjabloon,
        opgesteld_door=beslisser,
        vastgesteld_op=timezone.now(),
        render_status="klaar",
    )
    bericht = Bericht.objects.get(soort="JW301")
    for n_ in range(1, n + 1):
        kopie = Toewijzing.objects.get(pk=t.pk)
        kopie.pk, kopie.public_id, kopie.nummer = None, uuid.uuid4(), t.nummer + 100 + n_
        kopie.save()
        extra = Bericht.objects.get(pk=bericht.pk)
        extra.pk, extra.identificatie = None, f"X{n_:011d}"
        extra.save()
        extra.toewijzingen.add(kopie, t)
    for n_ in range(60):
        record(Actie.WIJZIGEN, t, gebruiker=beslisser, omschrijving=f"Gebeurtenis {n_}")


def test_the_overview_costs_the_same_number_of_queries_as_the_dossier_grows(
    venlo, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.TOEGANG_BERICHTEN_MAP = tmp_path
    dossier, backoffice = _toekenning(venlo, django_capture_on_commit_callbacks)
    t = Toewijzing.objects.get(dossier=dossier)
    _verzoek(dossier.indicaties.get(), "passend", gesprek_op=VANDAAG, verwachte_startdatum=VANDAAG)
    with django_capture_on_commit_callbacks(execute=True):
        bericht_ontvangen(_start(Toewijzing.objects.select_related("aanbieder", "inwoner").get(pk=t.pk)), kanaal="map")
    client = ingelogde_client(backoffice)
    client.get(f"/dossiers/{dossier.public_id}/")  # warm the rules snapshot, as a running server has it
    with CaptureQueriesContext(connection) as weinig:
        assert client.get(f"/dossiers/{dossier.public_id}/").status_code == 200
    _groei(dossier, backoffice)
    with CaptureQueriesContext(connection) as veel:
        tekst = client.get(f"/dossiers/{dossier.public_id}/").content.decode()
    assert 0 < tekst.count("Gebeurtenis") <= 50
    assert tekst.count("Leefzorgplan versie") >= 5 and tekst.count("X0000000000") == 4 * 2
    assert len(veel) == len(weinig), "\n".join(q["sql"][:150] for q in veel.captured_queries)


@pytest.mark.parametrize(
    ("status", "onderzoek_afgerond"),
    [(Status.AFGESLOTEN_VOORLIGGEND, "afgerond"), (Status.INDICATIE, "afgerond"), (Status.ONDERZOEK, "nu bezig")],
)
def test_the_onderzoek_shows_in_the_timeline_and_the_steps(status, onderzoek_afgerond, consulent, venlo):
    """The onderzoek's own events are in "Wat er gebeurde" (read by subquery), and a dossier closed after its
    onderzoek shows that step done."""
    from verwijzing.models import Onderzoek
    from verwijzing.overzicht import dossier_overzicht

    dossier = DossierFactory(gemeente=venlo, consulent=consulent, status=status, domein="jeugd")
    onderzoek, _nieuw = Onderzoek.objects.get_or_create(dossier=dossier)  # the factory may make one
    record(Actie.WIJZIGEN, onderzoek, omschrijving="Vraagverheldering vastgelegd", gebruiker=consulent)
    gegevens = dossier_overzicht(consulent, dossier)
    assert "Vraagverheldering vastgelegd" in [g.wat for g in gegevens["tijdlijn"]]
    (stap,) = [s for s in gegevens["stappen"] if s.naam == "Vraagverheldering"]
    assert stap.tekst == onderzoek_afgerond


# (the toewijzing's stored omvang, what the Toewijzingen table reads): verwijzing.omvang, one text for the omvang
# everywhere; a traject's trajectprijs and an amount travel as eurocent (iJw/iWmo 3.2 Eenheid 83, IV042).
TOEWIJZING_OMVANG = [
    pytest.param("trajectprijs", 261240, "6", "€ 2.612,40", "261240", id="IV042-trajectprijs-in-euro"),
    pytest.param("bedrag", 1234500, "6", "€ 12.345,00 totaal binnen de geldigheidsduur", "1234500", id="IV042-bedrag"),
    pytest.param("uur", 10, "4", "10 uur per maand", None, id="CDT_Omvang-uur-per-maand"),
]


@pytest.mark.parametrize(("eenheid", "volume", "frequentie", "leest", "niet"), TOEWIJZING_OMVANG)
def test_the_toewijzingen_table_reads_the_omvang_in_words(
    eenheid, volume, frequentie, leest, niet, venlo, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.TOEGANG_BERICHTEN_MAP = tmp_path
    dossier, backoffice = _toekenning(venlo, django_capture_on_commit_callbacks)
    Toewijzing.objects.filter(dossier=dossier).update(
        eenheid=eenheid, volume=volume, frequentie=frequentie, budget=None
    )
    tekst = _tekst(ingelogde_client(backoffice), dossier)
    assert leest in tekst
    if niet:
        assert niet not in tekst


# (audit description as stored, as "Wat er gebeurde" reads it): codes as their labels, AGB codes as the name.
TIJDLIJN_WOORDEN = [
    pytest.param("Matchingsverzoek beantwoord: niet_passend", "Matchingsverzoek beantwoord: niet passend", id="oud"),
    pytest.param("Matchingsverzoek beantwoord: niet passend", "Matchingsverzoek beantwoord: niet passend", id="nieuw"),
    pytest.param(
        "Besluit gemeente: leveringsplicht",
        "Besluit gemeente: De aanbieder moet de hulp toch leveren (acceptatie- en leveringsplicht)",
        id="besluit",
    ),
    pytest.param("Matchingsverzoek 45L12 naar aanbieder 98100002", "Matchingsverzoek 45L12 naar aanbieder Zorg Zuid"),
    pytest.param(
        "Andere aanbieder 98100003 na niet passend van 98100002",
        "Andere aanbieder 98100003 na niet passend van Zorg Zuid",  # not read on this page: the code stays
        id="andere-aanbieder",
    ),
    pytest.param("Toewijzing 3: 45L12 bij 98100002", "Toewijzing 3: 45L12 bij Zorg Zuid", id="toewijzing"),
    pytest.param(
        "Status indicatie → leefzorgplan", "Status Indicatie samenstellen → Leefzorgplan opstellen", id="status"
    ),
    pytest.param("Bericht X98100002 ontvangen", "Bericht X98100002 ontvangen", id="geen-agb-in-een-identificatie"),
]


@pytest.mark.parametrize(("opgeslagen", "leest"), TIJDLIJN_WOORDEN)
def test_the_timeline_reads_labels_and_names(opgeslagen, leest):
    from verwijzing.tijdlijn import leesbaar

    assert leesbaar(opgeslagen, {"98100002": "Zorg Zuid"}) == leest


def test_the_timeline_names_the_answer_and_the_aanbieder(consulent, venlo):
    """New events are written with the answer in words; the page shows the aanbieder's name, not its AGB code."""
    from verwijzing.indicatie import matchingsverzoek_beantwoorden, matchingsverzoek_sturen

    dossier = DossierFactory(gemeente=venlo, consulent=consulent, inwoner=inwoner_in(venlo), status=Status.INDICATIE)
    indicatie = IndicatieFactory(dossier=dossier, matching=True, aanbieder__naam="Zorg Zuid")
    verzoek = matchingsverzoek_sturen(door=consulent, indicatie=indicatie)
    matchingsverzoek_beantwoorden(
        door=maak_gebruiker(Rol.AANBIEDER, [], aanbieder=indicatie.aanbieder),
        verzoek=verzoek,
        passend=False,
        gesprek_op=VANDAAG,
        gesprek_vorm="aan_tafel",
        reden_niet_passend="Wachtlijst",
    )
    tekst = _tekst(ingelogde_client(consulent), dossier)
    assert "Matchingsverzoek beantwoord: niet passend" in tekst and "niet_passend" not in tekst
    assert "naar aanbieder Zorg Zuid" in tekst and indicatie.aanbieder.agb_code not in tekst
