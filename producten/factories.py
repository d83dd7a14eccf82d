import datetime

import factory

from organisaties.factories import AanbiederFactory

from .models import Contract, Product


class ContractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contract

    aanbieder = factory.SubFactory(AanbiederFactory)
    product = factory.LazyFunction(lambda: Product.objects.get(code="45L12"))
    perceel = "regionaal"
    geldig_vanaf = datetime.date(2022, 1, 1)
