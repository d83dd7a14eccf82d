import datetime

import factory

from .models import Aanbieder, AanbiederType, Gemeente


def gemeente(cbs_code: str = "0983") -> Gemeente:
    """The seven gemeenten exist from the migration; factories look them up, never invent one."""
    return Gemeente.objects.get(cbs_code=cbs_code)


class AanbiederFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Aanbieder

    naam = factory.Sequence(lambda n: f"Zorgaanbieder {n:03d} B.V.")
    agb_code = factory.Sequence(lambda n: f"{98000000 + n:08d}")
    kvk_nummer = factory.Sequence(lambda n: f"{70000000 + n:08d}")
    contactpunt_naam = "Contactpunt Toegang"
    contactpunt_email = factory.LazyAttribute(lambda o: f"toegang@aanbieder-{o.agb_code}.example")
    contactpunt_telefoon = "0771234567"


class AanbiederTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AanbiederType

    aanbieder = factory.SubFactory(AanbiederFactory)
    domein = "jeugd"
    type = "regulier"
    geldig_vanaf = datetime.date(2022, 1, 1)
