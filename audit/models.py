import uuid

from django.db import models
from django.db.models.functions import Now
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
    """One audited event. Never updated or deleted: database triggers refuse both, and the hash chain in
    AuditZegel shows it when someone with the power to drop those triggers did it anyway."""

    id = models.BigAutoField(primary_key=True)
    uuid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    # Set by the database, never by the client: db_default fills it and, on PostgreSQL, a BEFORE INSERT
    # trigger overwrites whatever an INSERT brings with the server clock (SQLite refuses a time far from
    # now). Django reads the stored value back on insert (RETURNING).
    tijdstip = models.DateTimeField(db_default=Now(), db_index=True)
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


class AuditZegel(models.Model):
    """The seal of one audit event: one row per sealed event, in id order, each hash chained to the one
    before (audit.keten). Written by the sealing step (`manage.py audit verzegel`, Celery beat every
    minute), never by record(), so writers of events never wait on each other. Append-only like the
    events."""

    # Plain ids, no foreign key: the seal must outlive a deleted event to tell that it was deleted.
    gebeurtenis = models.BigIntegerField(primary_key=True)
    # The previous sealed event. Ids between the two are sequence values that never committed (a rolled
    # back transaction); the seal records that, and the hash covers it.
    vorige = models.BigIntegerField(null=True, blank=True)
    hash = models.CharField(max_length=64)
    tijdstip = models.DateTimeField(db_default=Now())

    class Meta:
        verbose_name = _("auditzegel")
        verbose_name_plural = _("auditzegels")
        ordering = ["gebeurtenis"]

    def __str__(self) -> str:
        return f"{self.gebeurtenis} {self.hash[:12]}"
