import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class Actie(models.TextChoices):
    LEZEN = "lezen", _("Gelezen")
    ZOEKEN = "zoeken", _("Gezocht")
    AANMAKEN = "aanmaken", _("Aangemaakt")
    WIJZIGEN = "wijzigen", _("Gewijzigd")
    VERWIJDEREN = "verwijderen", _("Verwijderd")
    GEWEIGERD = "geweigerd", _("Toegang geweigerd")
    BUITEN_SCOPE = "buiten_scope", _("Inzage buiten eigen gemeente")
    INLOGGEN = "inloggen", _("Ingelogd")
    INLOGGEN_MISLUKT = "inloggen_mislukt", _("Inloggen mislukt")
    UITLOGGEN = "uitloggen", _("Uitgelogd")
    TWEEFACTOR = "tweefactor", _("Tweestapsverificatie")
    EXPORTEREN = "exporteren", _("Geëxporteerd")


class AuditEvent(models.Model):
    """One audited event. Never updated or deleted: database triggers refuse both."""

    id = models.BigAutoField(primary_key=True)
    uuid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    tijdstip = models.DateTimeField(auto_now_add=True, db_index=True)
    # Plain values, no foreign keys: the trail must survive whatever happens to the rows it names.
    gebruiker_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    gebruikersnaam = models.CharField(max_length=150, blank=True)
    rol = models.CharField(max_length=30, blank=True)
    actie = models.CharField(max_length=30, choices=Actie.choices, db_index=True)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True, db_index=True)
    gemeente_cbs = models.CharField(max_length=4, blank=True)
    reden = models.TextField(blank=True, help_text=_("Waarom: de opgegeven reden of de taak waarvoor het diende."))
    omschrijving = models.CharField(max_length=300, blank=True)
    # What changed, for beheer changes: {"voor": {...}, "na": {...}} (never a password or a secret).
    gegevens = models.JSONField(default=dict, blank=True)
    route = models.CharField(max_length=100, blank=True, help_text=_("De naam van de route, nooit de URL."))
    ip_adres = models.GenericIPAddressField(null=True, blank=True)
    request_id = models.CharField(max_length=36, blank=True)

    class Meta:
        verbose_name = _("auditgebeurtenis")
        verbose_name_plural = _("auditgebeurtenissen")
        ordering = ["-tijdstip", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id", "tijdstip"])]

    def __str__(self) -> str:
        return f"{self.tijdstip:%Y-%m-%d %H:%M} {self.gebruikersnaam} {self.actie} {self.object_type}"
