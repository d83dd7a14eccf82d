import datetime

import factory

from .bsn import nde_bsn
from .codes import AdresSoort, Geslacht, Herkomst, SoortRelatie
from .models import Adres, Betrokkenheid, Inwoner, Relatie, Toegangsgrond

LETTERS = "ABCDEGHJKLMNPRST"

# The main kern and a postcode range per gemeente, for plausible demo addresses.
KERNEN = {
    "0889": ("Reuver", "5953"),
    "0893": ("Bergen (L.)", "5854"),
    "0907": ("Gennep", "6591"),
    "1507": ("Horst", "5961"),
    "1894": ("Panningen", "5981"),
    "0983": ("Venlo", "5911"),
    "0984": ("Venray", "5801"),
}


def splits_achternaam(achternaam: str) -> tuple[str, str]:
    """("van der", "Velde") for "van der Velde": the leading lower-case words are the voorvoegsel."""
    woorden = achternaam.split()
    i = 0
    while i < len(woorden) - 1 and (woorden[i][:1].islower() or woorden[i][:1] == "'"):
        i += 1
    return " ".join(woorden[:i]), " ".join(woorden[i:])


class InwonerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inwoner

    bsn = factory.Sequence(nde_bsn)

    class Params:
        achternaam = factory.Faker("last_name", locale="nl_NL")  # "van Daal": voorvoegsel and geslachtsnaam

    voornamen = factory.Faker("first_name", locale="nl_NL")
    # As the BRP holds a name: the voorvoegsel apart, so "Daal" finds "van Daal". A geslachtsnaam passed in
    # keeps no voorvoegsel unless one is passed too.
    geslachtsnaam = factory.LazyAttribute(lambda o: splits_achternaam(o.achternaam)[1])
    voorvoegsel = factory.LazyAttribute(
        lambda o: splits_achternaam(o.achternaam)[0] if o.geslachtsnaam == splits_achternaam(o.achternaam)[1] else ""
    )
    geboortedatum = factory.Faker("date_of_birth", minimum_age=1, maximum_age=90)
    geslacht = factory.Iterator([Geslacht.MAN, Geslacht.VROUW])
    telefoon = factory.Sequence(lambda n: f"06{10000000 + n:08d}")
    herkomst = factory.LazyFunction(lambda: {"bsn": Herkomst.BRP, "geslachtsnaam": Herkomst.BRP})


class AdresFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Adres

    inwoner = factory.SubFactory(InwonerFactory)
    soort = AdresSoort.BRP
    straatnaam = factory.Faker("street_name", locale="nl_NL")
    huisnummer = factory.Sequence(lambda n: n % 250 + 1)
    gemeente = None
    plaats = factory.LazyAttribute(lambda o: KERNEN[o.gemeente.cbs_code][0] if o.gemeente else "Nijmegen")
    postcode = factory.LazyAttributeSequence(
        lambda o, n: (
            (KERNEN[o.gemeente.cbs_code][1] if o.gemeente else "6511") + LETTERS[n % 16] + LETTERS[n // 16 % 16]
        )
    )
    herkomst = Herkomst.BRP


def _volgend_relatienummer(inwoner) -> int:
    inwoner.laatste_relatienummer += 1
    Inwoner.objects.filter(pk=inwoner.pk).update(laatste_relatienummer=inwoner.laatste_relatienummer)
    return inwoner.laatste_relatienummer


class RelatieFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Relatie

    inwoner = factory.SubFactory(InwonerFactory)
    # Ended relaties keep their numbers too (OP071).
    nummer = factory.LazyAttribute(lambda o: Relatie.alle.filter(inwoner=o.inwoner).count() + 1)
    soort = SoortRelatie.OUDER
    voornamen = factory.Faker("first_name", locale="nl_NL")
    geslachtsnaam = factory.LazyAttribute(lambda o: o.inwoner.geslachtsnaam)
    geboortedatum = factory.LazyAttribute(lambda o: o.inwoner.geboortedatum - datetime.timedelta(days=365 * 30))
    telefoon = factory.Sequence(lambda n: f"06{20000000 + n:08d}")


class BetrokkenheidFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Betrokkenheid

    inwoner = factory.SubFactory(InwonerFactory)
    reden = "geregistreerd"


def geregistreerd_door(inwoner, gebruiker, gemeente=None) -> Inwoner:
    """The user registered this inwoner himself (for a gemeente he works for), so he sees it."""
    gemeente = gemeente or gebruiker.lidmaatschappen.order_by("id").first().gemeente
    Toegangsgrond.objects.get_or_create(
        inwoner=inwoner, gebruiker=gebruiker, gemeente=gemeente, defaults={"reden": "geregistreerd"}
    )
    return inwoner


def inwoner_in(gemeente, *, voor=None, **kwargs) -> Inwoner:
    """An inwoner with a BRP-adres in the gemeente; with `voor`, registered by that consulent (for
    this gemeente when he works there), who then sees the inwoner before any dossier exists."""
    inwoner = InwonerFactory(**kwargs)
    AdresFactory(inwoner=inwoner, gemeente=gemeente)
    if voor is not None:
        eigen = gemeente if gemeente and voor.lidmaatschappen.filter(gemeente=gemeente).exists() else None
        geregistreerd_door(inwoner, voor, eigen)
    return inwoner
