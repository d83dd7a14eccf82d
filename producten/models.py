from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from organisaties.models import Domein

from .eenheden import OMVANGREGELS, Eenheid

productcode = RegexValidator(r"^[0-9]{2}[A-Z][0-9]{2}$", _("Een productcode heeft de vorm 45L12."))


class Perceel(models.TextChoices):
    REGIONAAL = "regionaal", _("Regionaal")
    LOKAAL = "lokaal", _("Lokaal")
    BEIDE = "beide", _("Regionaal en lokaal")


class Zwaarte(models.TextChoices):
    LICHT = "licht", _("Licht")
    MIDDEN = "midden", _("Midden")
    ZWAAR = "zwaar", _("Zwaar")
    MAATWERK = "maatwerk", _("Maatwerk")
    MEERWERK = "meerwerk", _("Meerwerk")


class Matchingsgesprek(models.TextChoices):
    VEREIST = "vereist", _("Vereist")
    NIET_VEREIST = "niet_vereist", _("Niet vereist")
    CONSULENT_BEPAALT = "consulent_bepaalt", _("Alleen als de consulent het nodig acht")
    ONDUIDELIJK = "onduidelijk", _("Regionale afspraak onduidelijk")


class Product(models.Model):
    code = models.CharField(_("productcode"), max_length=5, unique=True, validators=[productcode])
    domein = models.CharField(_("domein"), max_length=10, choices=Domein.choices)
    segment = models.CharField(_("segment"), max_length=20)
    categorie = models.CharField(_("productcategorie"), max_length=2)
    naam = models.CharField(_("naam"), max_length=200)
    eenheid = models.CharField(_("eenheid"), max_length=20, choices=Eenheid.choices, blank=True)
    zwaarte = models.CharField(_("zwaarte"), max_length=10, choices=Zwaarte.choices, blank=True)
    leeftijd_min = models.PositiveSmallIntegerField(
        _("minimumleeftijd"), null=True, blank=True, help_text=_("In jaren, op de ingangsdatum (inclusief).")
    )
    leeftijd_max = models.PositiveSmallIntegerField(
        _("leeftijd tot"), null=True, blank=True, help_text=_("In jaren, exclusief: 18 = tot de 18e verjaardag.")
    )
    leeftijd_bron = models.CharField(_("bron leeftijd"), max_length=100, blank=True)
    richtduur_maanden = models.PositiveSmallIntegerField(_("richtduur (maanden)"), null=True, blank=True)
    max_duur_maanden = models.PositiveSmallIntegerField(_("maximale duur (maanden)"), null=True, blank=True)
    duur_bron = models.CharField(_("bron duur"), max_length=100, blank=True)
    garantiefase_maanden = models.PositiveSmallIntegerField(_("garantiefase (maanden)"), null=True, blank=True)
    garantiefase_bron = models.CharField(_("bron garantiefase"), max_length=100, blank=True)
    verlenging = models.CharField(_("verlenging"), max_length=300, blank=True)
    bijzondere_toegang = models.BooleanField(_("alleen via bijzondere toegang"), default=False)
    perceel = models.CharField(_("perceel"), max_length=10, choices=Perceel.choices, default=Perceel.REGIONAAL)
    matchingsgesprek = models.CharField(
        _("matchingsgesprek"), max_length=20, choices=Matchingsgesprek.choices, default=Matchingsgesprek.VEREIST
    )
    matchingsgesprek_bron = models.CharField(_("bron matchingsgesprek"), max_length=100, blank=True)
    opmerking = models.TextField(_("opmerking"), blank=True)
    bron = models.CharField(
        _("bron"),
        max_length=100,
        help_text=_("Handboek en regels, bijv. Handboek verwijzers jeugdhulp §2.8 (r. 3836–3838)."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("producten")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=Q(code__regex=r"^[0-9]{2}[A-Z][0-9]{2}$"), name="product_code_vorm"),
            models.CheckConstraint(
                condition=Q(categorie=models.functions.Substr("code", 1, 2)), name="product_categorie_is_begin_code"
            ),
            models.CheckConstraint(
                condition=Q(leeftijd_min__isnull=True)
                | Q(leeftijd_max__isnull=True)
                | Q(leeftijd_max__gt=models.F("leeftijd_min")),
                name="product_leeftijd_oplopend",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.naam}"

    @property
    def istandaard_eenheid(self):
        return OMVANGREGELS.get(self.eenheid)


class TariefSoort(models.TextChoices):
    REGULIER = "regulier", _("Reguliere aanbieder")
    MICRO = "micro", _("Micro-aanbieder")
    PER_AANBIEDER = "per_aanbieder", _("Per aanbieder")


class Tarief(models.Model):
    """A price per eenheid for a period. `bedrag` empty means the source gives none: tarief onbekend."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="tarieven")
    soort = models.CharField(_("soort"), max_length=20, choices=TariefSoort.choices)
    aanbieder = models.ForeignKey(
        "organisaties.Aanbieder",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tarieven",
        help_text=_("Alleen bij een tarief per aanbieder."),
    )
    bedrag = models.DecimalField(_("bedrag (€)"), max_digits=10, decimal_places=2, null=True, blank=True)
    geldig_vanaf = models.DateField(_("geldig vanaf"))
    geldig_tot = models.DateField(_("geldig tot en met"), null=True, blank=True)
    bron = models.CharField(_("bron"), max_length=100)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tarief")
        verbose_name_plural = _("tarieven")
        ordering = ["product", "soort", "geldig_vanaf"]
        constraints = [
            models.CheckConstraint(condition=Q(bedrag__isnull=True) | Q(bedrag__gte=0), name="tarief_niet_negatief"),
            models.CheckConstraint(
                condition=Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=models.F("geldig_vanaf")),
                name="tarief_periode_oplopend",
            ),
            models.CheckConstraint(
                condition=Q(aanbieder__isnull=True) | Q(soort="per_aanbieder"),
                name="tarief_aanbieder_alleen_per_aanbieder",
            ),
            models.UniqueConstraint(
                fields=["product", "soort", "aanbieder", "geldig_vanaf"],
                name="tarief_uniek_per_start",
                nulls_distinct=False,
            ),
        ]

    def __str__(self) -> str:
        bedrag = f"€ {self.bedrag}" if self.bedrag is not None else "tarief onbekend"
        return f"{self.product.code} {self.get_soort_display()}: {bedrag} vanaf {self.geldig_vanaf}"


class Wijze(models.TextChoices):
    PXQ = "pxq", _("PxQ")
    TRAJECT = "traject", _("Traject")
    PLEKKEN = "plekken", _("Plekken")
    PLEKKEN_REGIONAAL_TRAJECT_LOKAAL = "plekken_regionaal_traject_lokaal", _("Plekken (regionaal) / traject (lokaal)")
    ONBEKEND = "onbekend", _("Onbekend")


class Indicatiewijze(models.Model):
    """How a gemeente indicates a product (Handboek verwijzers jeugdhulp §1.1.2.2 (r. 1715–1748): PxQ, trajecten or
    plekken)."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="indicatiewijzen")
    gemeente = models.ForeignKey("organisaties.Gemeente", on_delete=models.PROTECT, related_name="+")
    wijze = models.CharField(_("indicatiewijze"), max_length=40, choices=Wijze.choices)
    bron = models.CharField(_("bron"), max_length=100)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicatiewijze")
        verbose_name_plural = _("indicatiewijzen")
        constraints = [models.UniqueConstraint(fields=["product", "gemeente"], name="indicatiewijze_uniek")]

    def __str__(self) -> str:
        return f"{self.product.code} in {self.gemeente}: {self.get_wijze_display()}"


class Contract(models.Model):
    """Which aanbieder may deliver which product in which gemeente, under which perceel."""

    aanbieder = models.ForeignKey("organisaties.Aanbieder", on_delete=models.PROTECT, related_name="contracten")
    gemeente = models.ForeignKey("organisaties.Gemeente", on_delete=models.PROTECT, related_name="contracten")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="contracten")
    perceel = models.CharField(
        _("perceel"), max_length=10, choices=[(Perceel.REGIONAAL, _("Regionaal")), (Perceel.LOKAAL, _("Lokaal"))]
    )
    geldig_vanaf = models.DateField(_("geldig vanaf"))
    geldig_tot = models.DateField(_("geldig tot en met"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracten")
        constraints = [
            models.UniqueConstraint(
                fields=["aanbieder", "gemeente", "product", "perceel", "geldig_vanaf"], name="contract_uniek"
            ),
            models.CheckConstraint(
                condition=Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=models.F("geldig_vanaf")),
                name="contract_periode_oplopend",
            ),
        ]
        indexes = [models.Index(fields=["gemeente", "product"])]

    def __str__(self) -> str:
        return f"{self.aanbieder.naam} – {self.product.code} in {self.gemeente} ({self.perceel})"

    def clean(self) -> None:
        """A contract must fit the product's perceel and the gemeente's use of the lokale perceel
        (Handboek verwijzers jeugdhulp §2.3 (r. 3644–3660): Venlo only regionaal; vaktherapie only
        lokaal, so not in Venlo)."""
        super().clean()
        if not (self.product_id and self.gemeente_id and self.perceel):
            return
        toegestaan = {
            Perceel.REGIONAAL: {Perceel.REGIONAAL},
            Perceel.LOKAAL: {Perceel.LOKAAL},
            Perceel.BEIDE: {Perceel.REGIONAAL, Perceel.LOKAAL},
        }[self.product.perceel]
        if self.perceel not in toegestaan:
            raise ValidationError(
                {
                    "perceel": _("Product %(code)s is alleen ingekocht in het perceel %(perceel)s.")
                    % {"code": self.product.code, "perceel": self.product.get_perceel_display().lower()}
                }
            )
        if self.perceel == Perceel.LOKAAL and not self.gemeente.gebruikt_perceel_lokaal:
            raise ValidationError(
                {"perceel": _("Gemeente %(gemeente)s gebruikt het lokale perceel niet.") % {"gemeente": self.gemeente}}
            )
