from django.apps import AppConfig
from django.conf import settings

from istandaard import instellingen
from producten.eenheden import IJW_EENHEID


class BerichtenConfig(AppConfig):
    name = "berichten"
    verbose_name = "Berichten (iJw/iWmo)"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Imported here, not at the top: they import models, which Django loads only after the app
        # configs.
        from verwijzing import overzicht

        from . import dossier, ontvangers, outbox, tasks  # noqa: F401  (ontvangers connects to verwijzing's signal)

        # The codec's explicit interface (istandaard/instellingen.py): the setting, read when used as
        # before, and the region's units as WJ756 Eenheid codes.
        instellingen.stel_in(
            xsd_versie=lambda: settings.TOEGANG_XSD_VERSIE,
            eenheden={str(eenheid): e.eenheid for eenheid, e in IJW_EENHEID.items()},
        )
        # The outbox queues through the Celery task (looked up when used, so a test may replace it).
        outbox.verzending_instellen(lambda pk: tasks.bericht_versturen.delay(pk))
        # The dossier page lists the berichten of its toewijzingen; verwijzing may not import this app.
        overzicht.berichten_instellen(dossier.berichten_per_toewijzing)
