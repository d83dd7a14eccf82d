"""Shared set-up for the indicatie tests: a contracted aanbieder and the gegevens indicatie_voorstellen takes."""

from datetime import date, timedelta

from organisaties.factories import AanbiederFactory
from producten.factories import ContractFactory
from producten.models import Product


def gecontracteerd(gemeente, naam="Jeugdhulp Maasland", code="45L12"):
    """An aanbieder with a contract for the product in the gemeente (so the form and the rules list it)."""
    aanbieder = AanbiederFactory(naam=naam)
    ContractFactory(aanbieder=aanbieder, gemeente=gemeente, product=Product.objects.get(code=code))
    return aanbieder


def indicatie_gegevens(aanbieder, code="45L12", *, ingangsdatum=None, einddatum=None, **anders) -> dict:
    """One traject (volume 1, frequentie 6) in zorg in natura, from `ingangsdatum` (default: in two weeks)."""
    ingangsdatum = ingangsdatum or date.today() + timedelta(days=14)
    return {
        "product": Product.objects.get(code=code),
        "volume": 1,
        "frequentie": "6",
        "budget": None,
        "ingangsdatum": ingangsdatum,
        "einddatum": einddatum or ingangsdatum + timedelta(days=270),
        "aanbieder": aanbieder,
        "bekostiging": "zin",
        **anders,
    }
