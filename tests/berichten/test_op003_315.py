"""OP003 (iStandaarden iJw 3.2, bedrijfsregel OP003; berichttypen 301, 305, 307, 315, 317, 319, 323) on a verzoek om
toewijzing (315) for a client marked "geen berichtenverkeer": the 315 is received and gets its technical retour (316
is not among OP003's messages), but it is answered outside the berichtenverkeer — no 301 and no 319 leave — and the
task page tells the backoffice to inform the aanbieder by letter."""

from datetime import date

import pytest

from accounts.models import Rol
from audit.models import AuditEvent
from berichten.inkomend import bericht_ontvangen
from berichten.models import AangevraagdProduct, Bericht
from inwoners.factories import inwoner_in
from inwoners.services import berichtenverkeer_uitsluiten
from tests.berichten.hulp import _vot
from tests.conftest import ingelogde_client, maak_gebruiker
from verwijzing.models import Toewijzing

pytestmark = pytest.mark.django_db

WAARSCHUWING = "Geen berichtenverkeer voor deze cliënt"


def _verzoek(omgeving, capture, *, gemarkeerd: bool):
    venlo, aanbieder, backoffice = omgeving
    consulent = maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True)
    inwoner = inwoner_in(venlo, voor=consulent, geboortedatum=date(2015, 3, 3))
    if gemarkeerd:
        berichtenverkeer_uitsluiten(consulent, inwoner=inwoner, reden="Verblijft in een blijf-van-mijn-lijfhuis")
    with capture(execute=True):
        bericht = bericht_ontvangen(_vot(aanbieder, bsn=inwoner.bsn), kanaal="map")
    return bericht, AangevraagdProduct.objects.get(), ingelogde_client(backoffice)


@pytest.mark.parametrize(
    ("gemarkeerd", "waarschuwing"),
    [
        pytest.param(True, True, id="OP003-315-ontvangen-met-316-niet-automatisch-301-gemarkeerd"),
        pytest.param(False, False, id="OP003-315-ontvangen-met-316-niet-gemarkeerd"),
    ],
)
def test_op003_315_is_received_with_its_316_and_the_page_says_no_berichten(
    omgeving, django_capture_on_commit_callbacks, gemarkeerd, waarschuwing
):
    """OP003: the 315 arrives and its 316 leaves as for anyone; nothing answers it by itself; only for a marked
    client does the task page say that the aanbieder is informed by letter."""
    bericht, taak, client = _verzoek(omgeving, django_capture_on_commit_callbacks, gemarkeerd=gemarkeerd)
    assert bericht.status == "ontvangen" and taak.status == "open"
    assert Bericht.objects.get(soort="JW316").status == "verzonden"
    assert not Bericht.objects.filter(soort="JW301").exists() and not Toewijzing.objects.exists()
    tekst = client.get(f"/berichten/verzoeken/{bericht.pk}/").content.decode()
    assert (WAARSCHUWING in tekst) is waarschuwing
    assert ("iStandaarden iJw 3.2 OP003" in tekst) is waarschuwing


@pytest.mark.parametrize(
    ("gemarkeerd", "berichten_301", "brief"),
    [
        pytest.param(True, 0, True, id="OP003-315-toewijzen-geen-301-maar-brief"),
        pytest.param(False, 1, False, id="OP003-315-toewijzen-niet-gemarkeerd-301"),
    ],
)
def test_op003_315_granted_makes_no_301_but_a_letter(
    omgeving, django_capture_on_commit_callbacks, gemarkeerd, berichten_301, brief
):
    """OP003: granting the verzoek makes the toewijzing; for a marked client no 301 is built, the audit says a letter
    goes, and the task page links to that letter."""
    bericht, taak, client = _verzoek(omgeving, django_capture_on_commit_callbacks, gemarkeerd=gemarkeerd)
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(
            f"/berichten/verzoeken/{bericht.pk}/{taak.pk}/toewijzen/",
            {
                f"taak-{taak.pk}-toewijzen-motivering": "Huisarts verwijst.",
                f"taak-{taak.pk}-toewijzen-keuze": "zoals_gevraagd",
                f"taak-{taak.pk}-toewijzen-gi_instemming": "geen",
            },
        )
    assert r.status_code == 302
    t = Toewijzing.objects.get()
    assert Bericht.objects.filter(soort="JW301").count() == berichten_301
    audit = AuditEvent.objects.filter(omschrijving__contains="brief aan de aanbieder (OP003)", object_id=str(t.pk))
    assert audit.exists() is brief
    tekst = client.get(f"/berichten/verzoeken/{bericht.pk}/").content.decode()
    assert (f"/berichten/op003/{t.public_id}/brief/" in tekst) is brief
    if brief:
        assert client.get(f"/berichten/op003/{t.public_id}/brief/")["Content-Type"] == "application/pdf"


@pytest.mark.parametrize(
    ("gemarkeerd", "status"),
    [
        pytest.param(True, "geannuleerd", id="OP003-315-afwijzen-319-verlaat-de-gemeente-niet"),
        pytest.param(False, "verzonden", id="OP003-315-afwijzen-niet-gemarkeerd-319-verzonden"),
    ],
)
def test_op003_315_refused_keeps_the_319_inside(omgeving, django_capture_on_commit_callbacks, gemarkeerd, status):
    """OP003 names the 319 too: the answer is recorded (the task is done) but the message never leaves."""
    bericht, taak, client = _verzoek(omgeving, django_capture_on_commit_callbacks, gemarkeerd=gemarkeerd)
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(
            f"/berichten/verzoeken/{bericht.pk}/{taak.pk}/afwijzen/", {f"taak-{taak.pk}-afwijzen-reden": "3"}
        )
    assert r.status_code == 302
    taak.refresh_from_db()
    assert taak.status == "afgewezen"
    assert Bericht.objects.get(soort="JW319").status == status
