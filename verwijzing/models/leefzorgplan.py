"""The leefzorgplan: its versions, the signatures on them and the signed copies uploaded."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .melding import Dossier


class Leefgebied(models.TextChoices):
    GEZONDHEID = "gezondheid", _("Lichamelijke en psychische gezondheid")
    OPVOEDING = "opvoeding", _("Opvoeding en gezin")
    ONDERWIJS_WERK = "onderwijs_werk", _("School, werk en dagbesteding")
    HUISHOUDEN = "huishouden", _("Huishouden en wonen")
    SOCIAAL = "sociaal", _("Sociaal netwerk en meedoen")
    ZELFZORG = "zelfzorg", _("Zelfzorg en zelfstandigheid")
    FINANCIEN = "financien", _("Financiën")


class LeefzorgplanVersie(models.Model):
    """One version of the inwoner's leefzorgplan. Versions are never changed: a change is a new version,
    and a signature refers to the hash of the version it signed. Never shown to an aanbieder."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="leefzorgplanversies")
    versie = models.PositiveIntegerField(_("versie"))
    secties = models.JSONField(_("secties"), default=dict)
    doelen = models.JSONField(_("SMART-doelen"), default=list)
    inhoud_hash = models.CharField(_("hash"), max_length=64)
    aangemaakt_door = models.ForeignKey("accounts.Gebruiker", on_delete=models.PROTECT, related_name="+")
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("versie leefzorgplan")
        verbose_name_plural = _("versies leefzorgplan")
        ordering = ["dossier", "-versie"]
        constraints = [models.UniqueConstraint(fields=["dossier", "versie"], name="leefzorgplan_versie_uniek")]

    def __str__(self) -> str:
        return f"Leefzorgplan dossier {self.dossier_id} v{self.versie}"


class Ondertekenaar(models.TextChoices):
    JEUGDIGE = "jeugdige", _("Jeugdige")
    GEZAGHEBBENDE = "gezaghebbende", _("Gezaghebbende")
    INWONER = "inwoner", _("Inwoner")
    VERTEGENWOORDIGER = "vertegenwoordiger", _("Wettelijk vertegenwoordiger")


class Methode(models.TextChoices):
    LINK_CODE = "link_code", _("Digitaal: eenmalige link met een apart verstuurde code")
    UPLOAD = "upload", _("Ondertekend exemplaar geüpload door de consulent")


class Ondertekening(models.Model):
    """One signature (or pending request for one) on one version of the leefzorgplan."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="ondertekeningen")
    versie = models.ForeignKey(LeefzorgplanVersie, on_delete=models.PROTECT, related_name="ondertekeningen")
    versie_hash = models.CharField(_("hash van de ondertekende versie"), max_length=64)
    rol = models.CharField(_("ondertekent als"), max_length=20, choices=Ondertekenaar.choices)
    naam = models.CharField(_("naam"), max_length=200)
    relatie = models.ForeignKey("inwoners.Relatie", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    methode = models.CharField(_("methode"), max_length=20, choices=Methode.choices)
    # "laag": a link plus a code sent separately; DigiD (substantieel) is the production method to come.
    betrouwbaarheid = models.CharField(_("betrouwbaarheidsniveau"), max_length=20, default="laag")
    token_hash = models.CharField(max_length=64, unique=True)
    code_hash = models.CharField(max_length=64)  # keyed: ondertekening.code_hash
    pogingen = models.PositiveSmallIntegerField(default=0)
    verloopt_op = models.DateTimeField(_("link verloopt op"))
    # The link works once: its first use exchanges it for a short-lived session (views.ondertekenen).
    link_gebruikt_op = models.DateTimeField(_("link gebruikt op"), null=True, blank=True)
    getekend_op = models.DateTimeField(_("getekend op"), null=True, blank=True)
    vervallen = models.BooleanField(_("vervallen"), default=False)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ondertekening")
        verbose_name_plural = _("ondertekeningen")

    def __str__(self) -> str:
        return f"Ondertekening {self.rol} dossier {self.dossier_id} v{self.versie_id}"


class ScanStatus(models.TextChoices):
    ONGESCAND = "ongescand", _("Nog niet gescand")
    SCHOON = "schoon", _("Gescand: schoon")
    BESMET = "besmet", _("Gescand: virus gevonden")


class GetekendExemplaar(models.Model):
    """A signed copy of the leefzorgplan uploaded by the consulent. It counts as a signature only once
    the virus scanner says it is clean; until then it is kept as "ongescand" and never served."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="getekende_exemplaren")
    versie = models.ForeignKey(LeefzorgplanVersie, on_delete=models.PROTECT, related_name="getekende_exemplaren")
    inhoud = models.BinaryField(_("inhoud"))
    grootte = models.PositiveIntegerField(_("grootte (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    scan_status = models.CharField(
        _("virusscan"), max_length=20, choices=ScanStatus.choices, default=ScanStatus.ONGESCAND
    )
    scan_melding = models.CharField(_("melding scanner"), max_length=200, blank=True)
    getekend_door = models.CharField(_("getekend door"), max_length=300)
    getekend_op = models.DateField(_("getekend op"))
    geupload_door = models.ForeignKey("accounts.Gebruiker", on_delete=models.PROTECT, related_name="+")
    geupload_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("getekend exemplaar")
        verbose_name_plural = _("getekende exemplaren")

    def __str__(self) -> str:
        return f"Getekend exemplaar dossier {self.dossier_id} v{self.versie_id}"
