from django.apps import AppConfig


class BerichtenConfig(AppConfig):
    name = "berichten"
    verbose_name = "Berichten (iJw/iWmo)"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import ontvangers  # noqa: F401  (connects to verwijzing's signal)
