"""Any change of rule data (or of a product or tariff the rules read) bumps the regelset version."""

import uuid

from django.core.signals import request_finished, request_started
from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from producten.models import Contract, Indicatiewijze, Product, Tarief

from .models import Feestdag, MatrixCel, MatrixProduct, Regel, RegelsetVersie, Termijn
from .regelset import vergeet_versie, verzoek_begonnen, verzoek_klaar

BRONNEN = (MatrixCel, MatrixProduct, Regel, Termijn, Feestdag, Product, Tarief, Indicatiewijze, Contract)


def verhoog_versie(**kwargs) -> None:
    vergeet_versie()
    if RegelsetVersie.objects.filter(pk=1).update(nummer=F("nummer") + 1, token=uuid.uuid4()) == 0:
        RegelsetVersie.objects.get_or_create(pk=1)


for model in BRONNEN:
    receiver(post_save, sender=model, dispatch_uid=f"regelset-save-{model.__name__}")(verhoog_versie)
    receiver(post_delete, sender=model, dispatch_uid=f"regelset-delete-{model.__name__}")(verhoog_versie)

request_started.connect(verzoek_begonnen, dispatch_uid="regelset-verzoek-begonnen")
request_finished.connect(verzoek_klaar, dispatch_uid="regelset-verzoek-klaar")
