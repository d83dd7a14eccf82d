"""Contracts fit the product's perceel and the gemeente's use of the lokale perceel."""

import pytest
from django.core.exceptions import ValidationError

from organisaties.factories import AanbiederFactory, gemeente
from producten.models import Contract, Product

pytestmark = pytest.mark.django_db

# (product, gemeente, perceel, toegestaan, bron)
CONTRACTEN = [
    ("45L12", "0889", "regionaal", True, "P1 regionaal en lokaal, Handboek verwijzers jeugdhulp §2.3 (r. 3654–3656)"),
    ("45L12", "0889", "lokaal", True, "P1 regionaal en lokaal, Handboek verwijzers jeugdhulp §2.3 (r. 3654–3656)"),
    (
        "45L12",
        "0983",
        "lokaal",
        False,
        "Venlo gebruikt het lokale perceel niet, Handboek verwijzers jeugdhulp §2.3 (r. 3644–3646)",
    ),
    ("45L61", "0889", "lokaal", True, "Vaktherapie alleen lokaal, Handboek verwijzers jeugdhulp §2.3 (r. 3658–3660)"),
    (
        "45L61",
        "0889",
        "regionaal",
        False,
        "Vaktherapie alleen lokaal, Handboek verwijzers jeugdhulp §2.3 (r. 3658–3660)",
    ),
    ("45L61", "0983", "lokaal", False, "dus Venlo geen vaktherapie, Handboek verwijzers jeugdhulp §2.3 (r. 3658–3660)"),
    (
        "45L22",
        "0907",
        "lokaal",
        False,
        "Perspectief 2 alleen regionaal, Handboek verwijzers jeugdhulp §2.3 (r. 3650–3652)",
    ),
    (
        "41L21",
        "1507",
        "lokaal",
        True,
        "Duurzame daginvulling regionaal en lokaal, Handboek verwijzers jeugdhulp §2.3 (r. 3654–3656)",
    ),
]


@pytest.mark.parametrize(("code", "cbs", "perceel", "toegestaan", "bron"), CONTRACTEN)
def test_contract_perceel(code, cbs, perceel, toegestaan, bron):
    contract = Contract(
        aanbieder=AanbiederFactory(),
        gemeente=gemeente(cbs),
        product=Product.objects.get(code=code),
        perceel=perceel,
        geldig_vanaf="2024-01-01",
    )
    if toegestaan:
        contract.full_clean()
    else:
        with pytest.raises(ValidationError) as fout:
            contract.full_clean()
        assert "perceel" in fout.value.message_dict, bron
