import datetime

import factory
from django.utils import timezone

from inwoners.codes import SoortRelatie
from inwoners.factories import InwonerFactory, RelatieFactory, inwoner_in
from organisaties.factories import AanbiederFactory
from producten.models import Product

from .beschikking.beslistermijn import werk_bij
from .beschikking.services import beschikking_opstellen, beschikking_vaststellen
from .leefzorgplan.tekenaars import wie_tekent
from .models import Dossier, Indicatie, LeefzorgplanVersie, Ondertekening, Onderzoek, Status

MELDING = {
    "jeugd": "Zorgen over gedrag thuis en op school.",
    "wmo": "Het huishouden lukt niet meer door een slechte knie.",
}


class DossierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dossier

    inwoner = factory.SubFactory(InwonerFactory)
    domein = "jeugd"
    meldingsdatum = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=3))
    kanaal = "telefoon"
    # A Wmo melding comes from the inwoner about his own support; a Jeugd melding from a parent.
    melder = factory.LazyAttribute(lambda o: "inwoner" if o.domein == "wmo" else "ouder")
    hulpvraag = factory.LazyAttribute(lambda o: MELDING[o.domein])

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

# The same onderzoek for a Wmo aanvraag (huishoudelijke hulp), along the elements of Wmo 2015 art. 2.3.2.
WMO_VERSLAG = {
    "hulpvraag": "Hulp bij het schoonhouden van de woning.",
    "beperkingen": "Kan door knieklachten niet lang staan of bukken.",
    "eigen_kracht": "Doet de lichte taken zelf, zoals afwassen.",
    "sociaal_netwerk": "Dochter helpt eens per maand; meer kan zij niet.",
    "voorliggend": "Particuliere schoonmaakhulp onderzocht, financieel niet haalbaar.",
    "wlz": "Geen Wlz-indicatie te verwachten.",
    "bekostiging": "zin",
    "advies_externen": "",
    "conclusie": "Hulp bij het huishouden, twee uur per week, passend.",
}
VERSLAG = {"jeugd": COMPLEET_VERSLAG, "wmo": WMO_VERSLAG}
DOEL = {
    "jeugd": {"leefgebied": "opvoeding", "doel": "Rust in huis", "resultaat": "Minder ruzie"},
    "wmo": {"leefgebied": "huishouden", "doel": "Een schoon huis", "resultaat": "Wekelijks schoongemaakt"},
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


def aanvraag_dossier(
    *, gemeente, consulent, domein="jeugd", producten=("45L12",), aanbieder=None, verslag=None, doel=None, **kwargs
):
    """A dossier that received its aanvraag: a complete onderzoek (`verslag`, else the domein's usual one),
    indicaties that need no (more) matching, a leefzorgplan with one `doel` (else the Jeugd one) signed by
    those `wie_tekent` names, and the beslistermijn running from today."""
    # A fixed age that fits the domein: a random one lets a Jeugd indicatie cross the 18th birthday.
    jaren = 9 if domein == "jeugd" else 50
    vandaag = datetime.date.today()
    geboren = vandaag.replace(year=vandaag.year - jaren, day=min(vandaag.day, 28))
    inwoner = kwargs.pop("inwoner", None) or inwoner_in(gemeente, geboortedatum=geboren)
    dossier = DossierFactory(
        gemeente=gemeente,
        consulent=consulent,
        domein=domein,
        inwoner=inwoner,
        status=Status.AANVRAAG,
        aanvraag_op=datetime.date.today(),
        **kwargs,
    )
    Onderzoek.objects.create(dossier=dossier, afgerond_op=timezone.now(), **(verslag or VERSLAG[domein]))
    aanbieder = aanbieder or AanbiederFactory()
    for code in producten:
        IndicatieFactory(dossier=dossier, product=Product.objects.get(code=code), aanbieder=aanbieder)
    termijn = (datetime.date.today() + datetime.timedelta(days=180)).isoformat()
    doelen = [{**(doel or DOEL["jeugd"]), "termijn": termijn}]
    versie = LeefzorgplanVersie.objects.create(
        dossier=dossier,
        versie=1,
        secties={"voorstel": "Hulp"},
        doelen=doelen,
        inhoud_hash="0" * 64,
        aangemaakt_door=consulent,
    )
    for volgnummer, tekenaar in enumerate(_tekenaars(dossier), start=1):
        Ondertekening.objects.create(
            dossier=dossier,
            versie=versie,
            versie_hash=versie.inhoud_hash,
            rol=tekenaar.rol,
            naam=tekenaar.naam,
            relatie_id=tekenaar.relatie_id,
            methode="link_code",
            token_hash=f"fabriek-{dossier.pk}-{volgnummer}",
            code_hash="",
            verloopt_op=timezone.now(),
            getekend_op=timezone.now(),
        )
    werk_bij(dossier)
    return dossier


def _tekenaars(dossier):
    """Who signs, by the app's own rule (`wie_tekent`). A child under 16 without anyone holding gezag could not
    have signed: the factory gives it two parents with gezag first, so its signed plan is a real one."""
    vandaag = datetime.date.today()
    tekenaars = wie_tekent(dossier, vandaag)
    if not tekenaars:
        inwoner = dossier.inwoner
        for geslacht in ("2", "1"):
            RelatieFactory(inwoner=inwoner, soort=SoortRelatie.OUDER, gezaghebbend=True, geslacht=geslacht)
        tekenaars = wie_tekent(dossier, vandaag)
    return tekenaars


def toekenning_vaststellen(*, dossier, door, motivering: str = "Past."):
    """A dossier in aanvraag granted in full through the real services: the concept, then vastgesteld (its
    toewijzingen and their 301 follow as in production)."""
    beschikking = beschikking_opstellen(
        door=door, dossier=dossier, soort="toekenning", toegekend=list(dossier.indicaties.all()), motivering=motivering
    )
    return beschikking_vaststellen(door=door, beschikking=beschikking)
