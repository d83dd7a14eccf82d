import pytest

from accounts.models import Rol
from berichten.models import Bericht
from organisaties.factories import gemeente
from producten.factories import ContractFactory
from producten.models import Product
from tests.berichten.hulp import _toekenning
from tests.conftest import maak_gebruiker
from tests.nep_https import NepHttps, maak_certificaten
from verwijzing.beschikking.services import beschikking_opstellen, beschikking_vaststellen
from verwijzing.factories import aanvraag_dossier
from verwijzing.models import Toewijzing


@pytest.fixture
def omgeving(tmp_path, settings):
    """Venlo with a contracted aanbieder for 45L12 and its backoffice; messages go to a folder of the test's
    own. (A test module may define its own `omgeving`.)"""
    settings.TOEGANG_BERICHTEN_MAP = tmp_path
    venlo = gemeente("0983")
    contract = ContractFactory(product=Product.objects.get(code="45L12"), gemeente=venlo)
    return venlo, contract.aanbieder, maak_gebruiker(Rol.BACKOFFICE, [venlo])


@pytest.fixture
def lopend(tmp_path, settings, django_capture_on_commit_callbacks):
    """A Jeugd toewijzing 45L12 in Venlo, sent and accepted: what a 317 can change."""
    settings.TOEGANG_BERICHTEN_MAP = tmp_path
    venlo = gemeente("0983")
    aanbieder = ContractFactory(product=Product.objects.get(code="45L12"), gemeente=venlo).aanbieder
    ContractFactory(product=Product.objects.get(code="54L01"), gemeente=venlo, aanbieder=aanbieder)
    consulent = maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True)
    backoffice = maak_gebruiker(Rol.BACKOFFICE, [venlo])
    dossier = aanvraag_dossier(gemeente=venlo, consulent=consulent, aanbieder=aanbieder)
    b = beschikking_opstellen(
        door=backoffice, dossier=dossier, soort="toekenning", toegekend=list(dossier.indicaties.all()), motivering="x"
    )
    with django_capture_on_commit_callbacks(execute=True):
        beschikking_vaststellen(door=backoffice, beschikking=b)
    t = Toewijzing.objects.get(dossier=dossier)
    Bericht.objects.filter(soort="JW301").update(status="retour_ontvangen")  # its 302 came back
    return t, backoffice


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    cert = maak_certificaten(tmp_path_factory.mktemp("certs"))
    nep = NepHttps(cert)
    yield nep, cert
    nep.stop()


@pytest.fixture
def https(server, settings):
    nep, cert = server
    nep.uit.clear()
    nep.in_.clear()
    settings.TOEGANG_BERICHTEN_TRANSPORT = "https"
    settings.TOEGANG_BERICHTEN_HTTPS = {"url": nep.url, "ca": cert["ca"], "cert": cert["cert"], "key": cert["key"]}
    return nep


@pytest.fixture
def toegewezen(tmp_path, settings, django_capture_on_commit_callbacks):
    settings.TOEGANG_BERICHTEN_MAP = tmp_path
    dossier, beslisser = _toekenning(gemeente("0983"), django_capture_on_commit_callbacks)
    return Toewijzing.objects.select_related("aanbieder", "inwoner").get(dossier=dossier)
