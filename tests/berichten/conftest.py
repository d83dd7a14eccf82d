import pytest

from accounts.models import Rol
from organisaties.factories import gemeente
from producten.factories import ContractFactory
from producten.models import Product
from tests.conftest import maak_gebruiker


@pytest.fixture
def omgeving(tmp_path, settings):
    """Venlo with a contracted aanbieder for 45L12 and its backoffice; messages go to a folder of the test's
    own. (A test module may define its own `omgeving`.)"""
    settings.TOEGANG_BERICHTEN_MAP = tmp_path
    venlo = gemeente("0983")
    contract = ContractFactory(product=Product.objects.get(code="45L12"), gemeente=venlo)
    return venlo, contract.aanbieder, maak_gebruiker(Rol.BACKOFFICE, [venlo])
