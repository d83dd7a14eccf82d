import datetime

import factory

from inwoners.factories import InwonerFactory

from .models import Dossier, Onderzoek, Status


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
