"""Rule data. Every row is valid from a date; a change is a new row with a later `geldig_vanaf`,
so a verdict on a peildatum always uses the data valid then."""

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Uitkomst(models.TextChoices):
    """The stapelingsmatrix's three colours, in that order (Handboek verwijzers jeugdhulp §2.9; docs/bronnen.md)."""

    TOEGESTAAN = "toegestaan", _("Toegestaan")
    VOORWAARDELIJK = "voorwaardelijk", _("Voorwaardelijk")
    NIET_TOEGESTAAN = "niet_toegestaan", _("Niet toegestaan")


class Zekerheid(models.TextChoices):
    ZEKER = "zeker", _("Zeker (tekst of getal in de matrix)")
    AFGELEID = "afgeleid", _("Afgeleid uit een principe of productbeschrijving")
    AANNAME = "aanname", _("Aanname, te bevestigen door functioneel beheer")


class Geldigheid(models.Model):
    geldig_vanaf = models.DateField(_("geldig vanaf"))
    geldig_tot = models.DateField(_("geldig tot en met"), null=True, blank=True)

    class Meta:
        abstract = True

    @classmethod
    def geldig_op(cls, peildatum):
        return Q(geldig_vanaf__lte=peildatum) & (Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=peildatum))


class MatrixProduct(models.Model):
    """A row/column of the Jeugd stapelingsmatrix and the productcodes it covers (§1.5)."""

    afkorting = models.CharField(_("afkorting"), max_length=5, unique=True)
    volgorde = models.PositiveSmallIntegerField(_("volgorde in de matrix"))
    label = models.CharField(_("naam in de matrix"), max_length=120)
    productcodes = models.JSONField(_("productcodes"), default=list)

    class Meta:
        verbose_name = _("matrixproduct")
        verbose_name_plural = _("matrixproducten")
        ordering = ["volgorde"]

    def __str__(self) -> str:
        return f"{self.afkorting} {self.label}"


class MatrixCel(Geldigheid):
    """One cell of the lower triangle (row later than or equal to column in matrix order)."""

    rij = models.ForeignKey(MatrixProduct, on_delete=models.PROTECT, related_name="+")
    kolom = models.ForeignKey(MatrixProduct, on_delete=models.PROTECT, related_name="+")
    uitkomst = models.CharField(_("uitkomst"), max_length=20, choices=Uitkomst.choices)
    zekerheid = models.CharField(_("zekerheid"), max_length=10, choices=Zekerheid.choices)
    sleutel = models.CharField(
        _("toelichting"), max_length=5, blank=True, help_text=_("Nummer van de toelichting, NB of S-nummer.")
    )
    voorwaarde = models.TextField(_("voorwaarde (bron)"), blank=True)
    basis = models.TextField(_("basis"), blank=True)
    bron = models.CharField(_("bron"), max_length=200)
    bevestigd_door = models.ForeignKey(
        "accounts.Gebruiker", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    bevestigd_op = models.DateTimeField(_("bevestigd op"), null=True, blank=True)
    motivering = models.TextField(_("motivering functioneel beheer"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("matrixcel")
        verbose_name_plural = _("matrixcellen")
        ordering = ["rij__volgorde", "kolom__volgorde", "geldig_vanaf"]
        constraints = [
            models.UniqueConstraint(fields=["rij", "kolom", "geldig_vanaf"], name="matrixcel_uniek_per_start"),
            models.CheckConstraint(
                condition=Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=models.F("geldig_vanaf")),
                name="matrixcel_periode_oplopend",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rij.afkorting}×{self.kolom.afkorting}: {self.uitkomst} ({self.zekerheid})"

    @property
    def versie(self) -> str:
        return f"matrix {self.rij.afkorting}×{self.kolom.afkorting} v{self.geldig_vanaf.isoformat()}"


class Familie(models.TextChoices):
    STAPELING_JEUGD = "stapeling-jeugd", _("Stapeling Jeugd")
    STAPELING_WMO = "stapeling-wmo", _("Stapeling Wmo")
    WMO_REGEL = "wmo-regel", _("Regel Wmo")
    JEUGD_REGEL = "jeugd-regel", _("Regel Jeugd")


class Regel(Geldigheid):
    """A statement from the handbooks (S-, WS-, WR-, JR-id) and how the engine uses it."""

    regel_id = models.CharField(_("regel"), max_length=20)
    familie = models.CharField(_("familie"), max_length=20, choices=Familie.choices)
    producten_a = models.JSONField(_("producten (a)"), default=list, blank=True)
    producten_b = models.JSONField(_("producten (b)"), default=list, blank=True)
    uitkomst = models.CharField(_("uitkomst"), max_length=20)
    uitleg = models.TextField(_("uitleg"))
    bron = models.CharField(_("bron"), max_length=300)
    onduidelijk = models.BooleanField(_("regionale afspraak onduidelijk"), default=False)
    toetsbaar = models.CharField(_("toetsbaar als"), max_length=20)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("regel")
        verbose_name_plural = _("regels")
        ordering = ["familie", "regel_id", "geldig_vanaf"]
        constraints = [
            models.UniqueConstraint(fields=["regel_id", "geldig_vanaf"], name="regel_uniek_per_start"),
        ]

    def __str__(self) -> str:
        return f"{self.regel_id}: {self.uitleg[:60]}"


class Eenheid(models.TextChoices):
    WERKDAGEN = "werkdagen", _("werkdagen")
    KALENDERDAGEN = "kalenderdagen", _("kalenderdagen")
    WEKEN = "weken", _("weken")
    MAANDEN = "maanden", _("maanden")
    UREN = "uren", _("uren")


class Termijn(Geldigheid):
    soort = models.CharField(_("soort"), max_length=50)
    naam = models.CharField(_("naam"), max_length=200)
    aantal = models.IntegerField(_("aantal"), help_text=_("Negatief: vóór de gebeurtenis (signaal)."))
    eenheid = models.CharField(_("eenheid"), max_length=20, choices=Eenheid.choices)
    wettelijk = models.BooleanField(_("wettelijke termijn (Algemene termijnenwet)"), default=False)
    vanaf = models.CharField(_("start bij"), max_length=300)
    wie = models.CharField(_("wie"), max_length=200, blank=True)
    domein = models.CharField(_("domein"), max_length=10)
    bron = models.CharField(_("bron"), max_length=300)
    opmerking = models.TextField(_("opmerking"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("termijn")
        verbose_name_plural = _("termijnen")
        ordering = ["soort", "geldig_vanaf"]
        constraints = [models.UniqueConstraint(fields=["soort", "geldig_vanaf"], name="termijn_uniek_per_start")]

    def __str__(self) -> str:
        return f"{self.soort}: {self.aantal} {self.eenheid}"


class Feestdag(models.Model):
    """Holidays per list and year, kept as data with their source (not computed at run time:
    `holidays.NL` omits 5 mei outside lustrum years, which the Algemene termijnenwet counts)."""

    lijst = models.CharField(_("lijst"), max_length=40)
    datum = models.DateField(_("datum"))
    bron = models.CharField(_("bron"), max_length=200)

    class Meta:
        verbose_name = _("feestdag")
        verbose_name_plural = _("feestdagen")
        ordering = ["lijst", "datum"]
        constraints = [models.UniqueConstraint(fields=["lijst", "datum"], name="feestdag_uniek")]

    def __str__(self) -> str:
        return f"{self.lijst}: {self.datum}"


class RegelsetVersie(models.Model):
    """Changed by every change of rule data, so each process knows its cached snapshot is stale.

    The token is random, not a counter: a change that is rolled back must never leave behind a
    cache key that a later, different change could reuse."""

    nummer = models.PositiveBigIntegerField(default=1)
    token = models.UUIDField(default=uuid.uuid4)
    gewijzigd_op = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("versie regelset")
        verbose_name_plural = _("versies regelset")

    def __str__(self) -> str:
        return f"regelset {self.nummer}"
