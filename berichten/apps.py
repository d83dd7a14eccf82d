from django.apps import AppConfig


class BerichtenConfig(AppConfig):
    name = "berichten"
    verbose_name = "Berichten (iJw/iWmo)"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.conf import settings

        from istandaard import instellingen
        from producten.eenheden import IJW_EENHEID

        from . import ontvangers  # noqa: F401  (connects to verwijzing's signal)

        # The codec's explicit interface (istandaard/instellingen.py): the setting, read when used as
        # before, and the region's units as WJ756 Eenheid codes.
        instellingen.stel_in(
            xsd_versie=lambda: settings.TOEGANG_XSD_VERSIE,
            eenheden={str(eenheid): e.eenheid for eenheid, e in IJW_EENHEID.items()},
        )
