import datetime

import factory
from django.utils import timezone

from inwoners.factories import InwonerFactory, inwoner_in
from organisaties.factories import AanbiederFactory
from producten.models import Product

from .beschikking.beslistermijn import werk_bij
from .beschikking.services import beschikking_opstellen, beschikking_vaststellen
from .models import Dossier, Indicatie, LeefzorgplanVersie, Ondertekening, Onderzoek, Status


class DossierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dossier

    inwoner = factory.SubFactory(InwonerFactory)
    domein = "jeugd"
    meldingsdatum = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=3))
    kanaal = "telefoon"
    melder = "ouder"
    hulpvraag = "Zorgen over gedrag thuis en op school."

    @classmethod
    def _create(cls, model_class, *args, status=Status.MELDING, **kwargs):
        # The status field is protected: a factory may place a dossier in a state for a test's setup.
        dossier = model_class(*args, **kwargs)
        dossier.save()
        if status != Status.MELDING:
            model_class.objects.filter(pk=dossier.pk).update(status=status)
            dossier = model_class.objects.get(pk=dossier.pk)
        if status == Status.ONDERZOEK:
            Onderzoek.objects.get_or_create(dossier=dossier, defaults={"hulpvraag": dossier.hulpvraag})
        werk_bij(dossier)
        return dossier


COMPLEET_VERSLAG = {
    "hulpvraag": "Ouders willen handvatten bij driftbuien.",
    "beperkingen": "Driftbuien, slecht slapen.",
    "eigen_kracht": "Ouders zijn gemotiveerd.",
    "sociaal_netwerk": "Oma helpt twee middagen.",
    "voorliggend": "Opvoedcursus CJG gevolgd, onvoldoende.",
    "wlz": "Geen Wlz-indicatie te verwachten.",
    "bekostiging": "zin",
    "advies_externen": "",
    "conclusie": "Ambulante hulp Perspectief 1 passend.",
}


class IndicatieFactory(factory.django.DjangoModelFactory):
    """An indicatie as the rules module would have stored it. `matching=False` records that no
    matchingsgesprek is needed (as the MATCHING finding says for Wmo 3A)."""

    class Meta:
        model = Indicatie

    class Params:
        matching = False

    dossier = factory.SubFactory(DossierFactory)
    product = factory.LazyFunction(lambda: Product.objects.get(code="45L12"))
    aanbieder = factory.SubFactory(AanbiederFactory)
    # As the indicatie form stores a traject: one unit for the whole period (Frequentie 6).
    volume = 1
    frequentie = "6"
    ingangsdatum = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=7))
    einddatum = factory.LazyAttribute(lambda o: o.ingangsdatum + datetime.timedelta(days=180))
    uitkomst = "toegestaan"
    bevindingen = factory.LazyAttribute(
        lambda o: [{"regel": "MATCHING", "uitkomst": "toegestaan", "extra": {"matchingsgesprek": o.matching}}]
    )
    regelset_versie = 1
    aangemaakt_door = factory.LazyAttribute(lambda o: o.dossier.consulent)


def aanvraag_dossier(*, gemeente, consulent, domein="jeugd", producten=("45L12",), aanbieder=None, **kwargs):
    """A dossier that received its aanvraag: a complete onderzoek, indicaties that need no (more)
    matching, a signed leefzorgplan, and the beslistermijn running from today."""
    inwoner = kwargs.pop("inwoner", None) or inwoner_in(gemeente)
    dossier = DossierFactory(
        gemeente=gemeente,
        consulent=consulent,
        domein=domein,
        inwoner=inwoner,
        status=Status.AANVRAAG,
        aanvraag_op=datetime.date.today(),
        **kwargs,
    )
    Onderzoek.objects.create(dossier=dossier, afgerond_op=timezone.now(), **COMPLEET_VERSLAG)
    aanbieder = aanbieder or AanbiederFactory()
    for code in producten:
        IndicatieFactory(dossier=dossier, product=Product.objects.get(code=code), aanbieder=aanbieder)
    doelen = [
        {
            "leefgebied": "opvoeding",
            "doel": "Rust in huis",
            "resultaat": "Minder ruzie",
            "termijn": (datetime.date.today() + datetime.timedelta(days=180)).isoformat(),
        }
    ]
    versie = LeefzorgplanVersie.objects.create(
        dossier=dossier,
        versie=1,
        secties={"voorstel": "Hulp"},
        doelen=doelen,
        inhoud_hash="0" * 64,
        aangemaakt_door=consulent,
    )
    Ondertekening.objects.create(
        dossier=dossier,
        versie=versie,
        versie_hash=versie.inhoud_hash,
        rol="inwoner",
        naam=inwoner.volledige_naam,
        methode="link_code",
        token_hash=f"fabriek-{dossier.pk}",
        code_hash="",
        verloopt_op=timezone.now(),
        getekend_op=timezone.now(),
    )
    werk_bij(dossier)
    return dossier


def toekenning_vaststellen(*, dossier, door, motivering: str = "Past."):
    """A dossier in aanvraag granted in full through the real services: the concept, then vastgesteld (its
    toewijzingen and their 301 follow as in production)."""
    beschikking = beschikking_opstellen(
        door=door, dossier=dossier, soort="toekenning", toegekend=list(dossier.indicaties.all()), motivering=motivering
    )
    return beschikking_vaststellen(door=door, beschikking=beschikking)
