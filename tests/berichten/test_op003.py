"""OP003 (iStandaarden iJw/iWmo 3.2, bedrijfsregel OP003) is a rule, not an option: berichtenverkeer is not used for
a client where a professional judges that sending the client's data puts the client's safety at serious risk. A
consulent marks the client (with a reason, audited); the outbox then builds no message for that client; the
aanbieder gets a letter and the backoffice enters start and stop by hand."""

from datetime import timedelta

import pytest

from accounts.models import Rol
from audit.models import AuditEvent
from berichten import op003
from berichten.models import Bericht
from berichten.outbox import bericht_versturen
from inwoners.factories import inwoner_in
from inwoners.services import berichtenverkeer_hervatten, berichtenverkeer_uitsluiten
from organisaties.factories import gemeente
from tests.berichten.hulp import VANDAAG, _toekenning
from tests.conftest import jaren_geleden, maak_gebruiker
from toegang.fouten import Geweigerd
from verwijzing.models import Toewijzing

pytestmark = pytest.mark.django_db


@pytest.fixture
def venlo(tmp_path, settings):
    settings.TOEGANG_BERICHTEN_MAP = tmp_path
    return gemeente("0983")


def _client(venlo, *, gemarkeerd: bool):
    consulent = maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True, domein_wmo=True)
    inwoner = inwoner_in(venlo, voor=consulent, geboortedatum=jaren_geleden(9, VANDAAG))
    if gemarkeerd:
        inwoner = berichtenverkeer_uitsluiten(
            consulent, inwoner=inwoner, reden="Verblijft in een blijf-van-mijn-lijfhuis"
        )
    return consulent, inwoner


@pytest.mark.parametrize(
    "gemarkeerd, berichten",
    [
        pytest.param(True, 0, id="OP003-marked-client-no-301"),
        pytest.param(False, 1, id="OP003-unmarked-client-gets-its-301"),
    ],
)
def test_op003_the_outbox_builds_no_message_for_a_marked_client(
    venlo, django_capture_on_commit_callbacks, gemarkeerd, berichten
):
    _consulent, inwoner = _client(venlo, gemarkeerd=gemarkeerd)
    dossier, _ = _toekenning(venlo, django_capture_on_commit_callbacks, inwoner=inwoner)
    t = Toewijzing.objects.get(dossier=dossier)
    assert Bericht.objects.filter(soort="JW301", inwoner=inwoner).count() == berichten
    brief = AuditEvent.objects.filter(omschrijving__contains="brief aan de aanbieder (OP003)", object_id=str(t.pk))
    assert brief.exists() == gemarkeerd


def test_op003_a_301_placed_before_the_mark_never_leaves(venlo, django_capture_on_commit_callbacks):
    consulent, inwoner = _client(venlo, gemarkeerd=False)
    _toekenning(venlo, django_capture_on_commit_callbacks, inwoner=inwoner)
    bericht = Bericht.objects.get(soort="JW301", inwoner=inwoner)
    Bericht.objects.filter(pk=bericht.pk).update(status="klaar")
    berichtenverkeer_uitsluiten(consulent, inwoner=inwoner, reden="Ernstig risico voor de veiligheid")
    assert bericht_versturen(bericht.pk) == "geannuleerd"


@pytest.mark.parametrize(
    "rol, reden, geweigerd",
    [
        pytest.param(Rol.CONSULENT, "Ernstig risico volgens de jeugdarts", False, id="OP003-consulent-with-reason"),
        pytest.param(Rol.CONSULENT, "  ", True, id="OP003-no-reason-refused"),
        pytest.param(Rol.BACKOFFICE, "Ernstig risico", True, id="OP003-only-a-consulent-marks"),
    ],
)
def test_op003_a_consulent_marks_the_client_with_a_reason_audited(venlo, rol, reden, geweigerd):
    consulent, inwoner = _client(venlo, gemarkeerd=False)
    door = consulent if rol == Rol.CONSULENT else maak_gebruiker(rol, [venlo])
    if geweigerd:
        with pytest.raises(Geweigerd):
            berichtenverkeer_uitsluiten(door, inwoner=inwoner, reden=reden)
        assert not type(inwoner).objects.get(pk=inwoner.pk).geen_berichtenverkeer
        return
    inwoner = berichtenverkeer_uitsluiten(door, inwoner=inwoner, reden=reden)
    assert inwoner.geen_berichtenverkeer and inwoner.geen_berichtenverkeer_reden == reden
    event = AuditEvent.objects.filter(omschrijving__contains="geen berichtenverkeer (OP003)").get()
    assert event.reden == reden
    inwoner = berichtenverkeer_hervatten(door, inwoner=inwoner, reden="Veilig adres, risico voorbij")
    assert not inwoner.geen_berichtenverkeer
    assert AuditEvent.objects.filter(omschrijving__contains="OP003 beëindigd").exists()


@pytest.mark.parametrize(
    "gemarkeerd, rol, start, stop, uitkomst",
    [
        pytest.param(True, Rol.BACKOFFICE, 0, 30, "gestopt", id="OP003-backoffice-enters-start-and-stop"),
        pytest.param(False, Rol.BACKOFFICE, 0, None, "geweigerd", id="OP003-not-marked-the-305-does-it"),
        pytest.param(True, Rol.CONSULENT, 0, None, "geweigerd", id="OP003-only-the-backoffice-enters"),
        pytest.param(True, Rol.BACKOFFICE, -400, None, "geweigerd", id="OP003-start-outside-the-toewijzing"),
    ],
)
def test_op003_the_backoffice_enters_start_and_stop_by_hand(
    venlo, django_capture_on_commit_callbacks, gemarkeerd, rol, start, stop, uitkomst
):
    _consulent, inwoner = _client(venlo, gemarkeerd=gemarkeerd)
    dossier, _ = _toekenning(venlo, django_capture_on_commit_callbacks, inwoner=inwoner)
    t = Toewijzing.objects.get(dossier=dossier)
    door = maak_gebruiker(rol, [venlo], domein_jeugd=True)
    begindatum = t.ingangsdatum + timedelta(days=start)
    try:
        t = op003.zorgstart_vastleggen(door=door, toewijzing=t, begindatum=begindatum)
        if stop is not None:
            t = op003.zorgstop_vastleggen(
                door=door, toewijzing=t, einddatum=begindatum + timedelta(days=stop), reden="31"
            )
    except Geweigerd:
        assert uitkomst == "geweigerd"
        assert Toewijzing.objects.get(pk=t.pk).gestart_op is None
        return
    t.refresh_from_db()
    assert (t.status, t.gestart_op, t.reden_beeindiging) == (uitkomst, begindatum, "31")


def test_op003_the_aanbieder_gets_a_letter(venlo, django_capture_on_commit_callbacks):
    _consulent, inwoner = _client(venlo, gemarkeerd=True)
    dossier, _ = _toekenning(venlo, django_capture_on_commit_callbacks, inwoner=inwoner)
    t = Toewijzing.objects.get(dossier=dossier)
    backoffice = maak_gebruiker(Rol.BACKOFFICE, [venlo])
    context = op003.brief_context(t)
    assert [x.pk for x in context["toewijzingen"]] == [t.pk] and context["aanbieder"] == t.aanbieder
    pdf = op003.toewijzingsbrief_pdf(door=backoffice, toewijzing=t)
    assert pdf.startswith(b"%PDF")
    assert list(op003.buiten_berichtenverkeer_toewijzingen(backoffice)) == [t]


def test_op003_screens_mark_show_letter_and_enter_by_hand(venlo, django_capture_on_commit_callbacks):
    """The consulent marks the client on the inwoner page (audited with the reason); the inwoner page and the
    dossier show it; the cockpit lists the client as "geen berichtenverkeer (OP003)" with the letter and the
    start/stop form."""
    from django.urls import reverse

    from tests.conftest import ingelogde_client

    consulent, inwoner = _client(venlo, gemarkeerd=False)
    c = ingelogde_client(consulent)
    url = reverse("inwoners:berichtenverkeer", kwargs={"public_id": inwoner.public_id})
    assert c.post(url, {"reden": "", "actie": "uitsluiten"}).status_code == 400
    r = c.post(url, {"reden": "Verblijft op een geheim adres", "actie": "uitsluiten"})
    assert r.status_code == 302
    inwoner.refresh_from_db()
    assert inwoner.geen_berichtenverkeer and inwoner.geen_berichtenverkeer_reden == "Verblijft op een geheim adres"
    # Back button and send again: refused, never read as "hervatten".
    opnieuw = c.post(url, {"reden": "Nog eens", "actie": "uitsluiten"})
    assert opnieuw.status_code == 400 and "al geen berichtenverkeer" in opnieuw.content.decode()
    inwoner.refresh_from_db()
    assert inwoner.geen_berichtenverkeer and inwoner.geen_berichtenverkeer_reden == "Verblijft op een geheim adres"
    pagina = c.get(reverse("inwoners:detail", kwargs={"public_id": inwoner.public_id})).content.decode()
    assert "Geen berichtenverkeer (OP003)" in pagina and "Verblijft op een geheim adres" in pagina

    dossier, _ = _toekenning(venlo, django_capture_on_commit_callbacks, inwoner=inwoner)
    t = Toewijzing.objects.get(dossier=dossier)
    backoffice = maak_gebruiker(Rol.BACKOFFICE, [venlo])
    b = ingelogde_client(backoffice)
    dossierpagina = b.get(reverse("verwijzing:dossier", kwargs={"public_id": dossier.public_id})).content.decode()
    assert "Geen berichtenverkeer (OP003)" in dossierpagina
    cockpit = b.get(reverse("berichten:lijst")).content.decode()
    assert "geen berichtenverkeer (OP003)" in cockpit and str(t.nummer) in cockpit
    brief = b.get(reverse("berichten:op003-brief", kwargs={"public_id": t.public_id}))
    assert brief.status_code == 200 and brief["Content-Type"] == "application/pdf"
    start = reverse("berichten:op003-vastleggen", kwargs={"public_id": t.public_id, "wat": "start"})
    assert b.post(start, {"begindatum": t.ingangsdatum.isoformat()}).status_code == 302
    t.refresh_from_db()
    assert t.gestart_op == t.ingangsdatum
    # Another gemeente's backoffice does not find it.
    ander = ingelogde_client(maak_gebruiker(Rol.BACKOFFICE, [gemeente("0889")]))
    assert ander.get(reverse("berichten:op003-brief", kwargs={"public_id": t.public_id})).status_code == 404


@pytest.mark.parametrize(
    ("eenheid", "volume", "leest", "niet"),
    [
        pytest.param("trajectprijs", 261240, "€ 2.612,40", "261240", id="IV042-OP003-brief-trajectprijs-in-euro"),
        pytest.param("bedrag", 1234500, "€ 12.345,00 totaal binnen", "1234500", id="IV042-OP003-brief-bedrag-in-euro"),
    ],
)
def test_op003_the_letter_reads_the_omvang_in_words(
    eenheid, volume, leest, niet, venlo, django_capture_on_commit_callbacks
):
    """The letter replaces the 301: its omvang reads as the dossier's (verwijzing.omvang), not the raw Volume."""
    from django.template.loader import render_to_string

    _consulent, inwoner = _client(venlo, gemarkeerd=True)
    dossier, _ = _toekenning(venlo, django_capture_on_commit_callbacks, inwoner=inwoner)
    Toewijzing.objects.filter(dossier=dossier).update(eenheid=eenheid, volume=volume, frequentie="6", budget=None)
    html = render_to_string(op003.SJABLOON, op003.brief_context(Toewijzing.objects.get(dossier=dossier)))
    assert leest in html and niet not in html
