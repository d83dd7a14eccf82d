import functools

import factory
from django.contrib.auth.hashers import make_password
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import Gebruiker, Lidmaatschap, Rol

WACHTWOORD = "Toegang-test-2026!"


@functools.cache
def gehasht(wachtwoord: str = WACHTWOORD) -> str:
    """Hash once per process: hashing is deliberately slow, and factories make many users."""
    return make_password(wachtwoord)


class GebruikerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Gebruiker
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    email = factory.LazyAttribute(lambda o: f"{o.username}@toegang.example")
    rol = Rol.CONSULENT
    domein_jeugd = factory.LazyAttribute(lambda o: o.rol == Rol.CONSULENT)
    domein_wmo = False
    password = factory.LazyFunction(gehasht)

    @factory.post_generation
    def gemeenten(self, create, extracted, **kwargs):
        for g in extracted or []:
            Lidmaatschap.objects.get_or_create(gebruiker=self, gemeente=g)


class LidmaatschapFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lidmaatschap

    gebruiker = factory.SubFactory(GebruikerFactory)


def totp_apparaat(gebruiker, sleutel: str = "3132333435363738393031323334353637383930") -> TOTPDevice:
    """A confirmed TOTP device with a known key, so tests can compute valid codes."""
    return TOTPDevice.objects.create(user=gebruiker, name="test", confirmed=True, key=sleutel)
