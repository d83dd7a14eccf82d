"""A signed copy uploaded by the consulent: size and type checked, kept as ongescand
until the virus scanner (a local fake clamd here) says clean; only then it is the signature and the
aanvraag."""

from datetime import date, timedelta

import pytest

from accounts.models import Rol
from audit.models import Actie, AuditEvent
from inwoners.factories import inwoner_in
from tests.conftest import ingelogde_client, maak_gebruiker
from tests.nep_clamd import NepClamd
from toegang.fouten import Geweigerd
from toegang.virusscan import EICAR, Clamd, ScannerNietBereikbaar
from verwijzing.factories import DossierFactory
from verwijzing.leefzorgplan.upload import getekend_exemplaar_registreren
from verwijzing.models import Dossier, GetekendExemplaar, LeefzorgplanVersie, Ondertekening, Status

pytestmark = pytest.mark.django_db
VANDAAG = date.today()
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(scope="module")
def clamd():
    server = NepClamd()
    yield server
    server.shutdown()


@pytest.fixture
def scanner(clamd, settings):
    settings.TOEGANG_VIRUSSCAN = clamd.url
    return clamd


@pytest.fixture
def dossier(venlo):
    consulent = maak_gebruiker(Rol.CONSULENT, [venlo], domein_wmo=True, domein_jeugd=False)
    d = DossierFactory(
        gemeente=venlo, consulent=consulent, domein="wmo", status=Status.ONDERTEKENING, inwoner=inwoner_in(venlo)
    )
    LeefzorgplanVersie.objects.create(
        dossier=d, versie=1, secties={}, doelen=[], inhoud_hash="a" * 64, aangemaakt_door=consulent
    )
    return d


def _upload(dossier, inhoud=PDF, content_type="application/pdf", op=VANDAAG):
    return getekend_exemplaar_registreren(
        door=dossier.consulent,
        dossier=dossier,
        inhoud=inhoud,
        content_type=content_type,
        getekend_door="J. de Vries",
        getekend_op=op,
    )


def test_a_clean_copy_is_the_signature_and_the_aanvraag(dossier, scanner, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        exemplaar = _upload(dossier)
    exemplaar.refresh_from_db()
    assert exemplaar.scan_status == "schoon"
    assert scanner.gescand[-1] == len(PDF)
    dossier.refresh_from_db()
    assert dossier.status == Status.AANVRAAG and dossier.aanvraag_op == VANDAAG
    handtekening = Ondertekening.objects.get(dossier=dossier, methode="upload")
    assert (handtekening.naam, handtekening.versie_hash, handtekening.betrouwbaarheid) == (
        "J. de Vries",
        "a" * 64,
        "papier",
    )
    assert dossier.uiterlijk is not None  # the beslistermijn runs


def test_an_infected_copy_is_removed_and_never_counts(dossier, scanner, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        exemplaar = _upload(dossier, inhoud=PDF + EICAR)
    exemplaar.refresh_from_db()
    assert exemplaar.scan_status == "besmet" and bytes(exemplaar.inhoud) == b""
    assert "FOUND" in exemplaar.scan_melding
    assert Dossier.objects.get(pk=dossier.pk).status == Status.ONDERTEKENING
    assert AuditEvent.objects.filter(
        object_type="verwijzing.getekendexemplaar", omschrijving__startswith="Virus"
    ).exists()


def test_without_a_reachable_scanner_the_copy_stays_ongescand(dossier, settings, django_capture_on_commit_callbacks):
    settings.TOEGANG_VIRUSSCAN = "clamd://127.0.0.1:9"  # nothing listens there
    with django_capture_on_commit_callbacks(execute=True):
        exemplaar = _upload(dossier)
    exemplaar.refresh_from_db()
    assert exemplaar.scan_status == "ongescand"
    assert Dossier.objects.get(pk=dossier.pk).status == Status.ONDERTEKENING
    with pytest.raises(ScannerNietBereikbaar):
        Clamd("127.0.0.1", 9, timeout=1).scan(PDF)


@pytest.mark.parametrize(
    ("inhoud", "content_type", "op", "fout"),
    [
        (b"", "application/pdf", VANDAAG, "leeg"),
        (b"GIF89a...", "application/pdf", VANDAAG, "PDF"),
        (PDF, "image/png", VANDAAG, "PDF"),
        (b"%PDF-" + b"0" * (5 * 1024 * 1024), "application/pdf", VANDAAG, "groter dan 5 MB"),
        (PDF, "application/pdf", VANDAAG + timedelta(days=1), "toekomst"),
    ],
)
def test_bad_uploads_are_refused_and_nothing_is_saved(dossier, inhoud, content_type, op, fout):
    with pytest.raises(Geweigerd, match=fout):
        _upload(dossier, inhoud=inhoud, content_type=content_type, op=op)
    assert not GetekendExemplaar.objects.exists()


def test_the_upload_screen_shows_the_error_beside_the_dossier(dossier, scanner):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = ingelogde_client(dossier.consulent)
    response = client.post(
        f"/dossiers/{dossier.public_id}/ondertekening/upload/",
        {
            "upload-bestand": SimpleUploadedFile("plan.txt", b"tekst", content_type="text/plain"),
            "upload-getekend_door": "X",
            "upload-getekend_op": VANDAAG.isoformat(),
        },
    )
    # on the form itself, announced (role=alert), with nothing stored
    assert response.status_code == 400 and "Alleen een PDF-bestand" in response.content.decode()
    assert 'id="upload-fouten"' in response.content.decode() and not GetekendExemplaar.objects.exists()
    response = client.post(
        f"/dossiers/{dossier.public_id}/ondertekening/upload/",
        {
            "upload-bestand": SimpleUploadedFile("plan.pdf", PDF, content_type="application/pdf"),
            "upload-getekend_door": "X",
            "upload-getekend_op": VANDAAG.isoformat(),
        },
        follow=True,
    )
    assert "virusscan" in response.content.decode()
    assert AuditEvent.objects.filter(actie=Actie.AANMAKEN, object_type="verwijzing.getekendexemplaar").exists()
