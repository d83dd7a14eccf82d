from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .kleuren import MINIMAAL_CONTRAST, thema_contrasten

hex_kleur = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Geef een kleur als #rrggbb."))
cbs_code = RegexValidator(r"^[0-9]{4}$", _("Een CBS-gemeentecode heeft 4 cijfers."))
agb_code = RegexValidator(r"^[0-9]{8}$", _("Een AGB-code heeft 8 cijfers."))
kvk_nummer = RegexValidator(r"^[0-9]{8}$", _("Een KvK-nummer heeft 8 cijfers."))


class Domein(models.TextChoices):
    JEUGD = "jeugd", _("Jeugd")
    WMO = "wmo", _("Wmo")


class Beslisser(models.TextChoices):
    BACKOFFICE = "backoffice", _("Backoffice")
    CONSULENT = "consulent", _("Consulent")


def standaard_wmo_secties() -> list[list[str]]:
    """The handbook's minimum for a Wmo leefzorgplan (Handboek Maatwerkdiensten Wmo §2 (r. 133–141)): [sleutel, kop]."""
    return [
        ["ondersteuningsvraag", "Uw ondersteuningsvraag"],
        ["onderzoek", "Het Wmo-onderzoek dat we samen hebben doorlopen"],
        ["maatwerkvoorziening", "De gekozen maatwerkvoorziening"],
        ["eigen_bijdrage", "De eigen bijdrage"],
        ["evaluatie", "Afspraken over het evalueren van de doelen"],
    ]


def valideer_secties(waarde) -> None:
    """The Wmo leefzorgplan's sections: a list of [sleutel, kop] pairs, both non-empty text, each sleutel once.
    A wrong shape made every Wmo leefzorgplan of the gemeente fail to open."""
    fout = ValidationError(
        _('Geef de secties als lijst van paren [sleutel, kop], bijvoorbeeld [["onderzoek", "Het Wmo-onderzoek"]].')
    )
    if not isinstance(waarde, list) or not waarde:
        raise fout
    for paar in waarde:
        if not (isinstance(paar, list) and len(paar) == 2 and all(isinstance(d, str) and d.strip() for d in paar)):
            raise fout
    sleutels = [paar[0] for paar in waarde]
    if len(set(sleutels)) != len(sleutels):
        raise ValidationError(_("Elke sleutel komt één keer voor in de secties."))


class Gemeente(models.Model):
    cbs_code = models.CharField(_("CBS-code"), max_length=4, unique=True, validators=[cbs_code])
    naam = models.CharField(_("naam"), max_length=100, unique=True)
    slug = models.SlugField(unique=True)
    # Theme (NL Design System tokens); contrast is validated in clean() and by a unit test.
    kleur_base = models.CharField(_("basiskleur"), max_length=7, validators=[hex_kleur], default="#00689e")
    kleur_dark = models.CharField(_("donkere kleur"), max_length=7, validators=[hex_kleur], default="#004f78")
    kleur_light = models.CharField(_("lichte kleur"), max_length=7, validators=[hex_kleur], default="#e5f0f6")
    # Who issues the beschikking per domain: backoffice for Jeugd, the consulent for Wmo
    # (Handboek Maatwerkdiensten Wmo §2 (r. 120–121)); configurable per gemeente.
    beschikking_jeugd_door = models.CharField(
        _("beschikking Jeugd door"), max_length=20, choices=Beslisser.choices, default=Beslisser.BACKOFFICE
    )
    beschikking_wmo_door = models.CharField(
        _("beschikking Wmo door"), max_length=20, choices=Beslisser.choices, default=Beslisser.CONSULENT
    )
    # Who handles a verzoek om toewijzing (315) per domain: the backoffice (Handboek verwijzers jeugdhulp §1.1.2.2.2.1
    # (r. 1886–1892)) unless the gemeente gives it to its consulenten. Choice recorded in
    # accounts.permissions.mag_verzoek_behandelen: whoever handles a 315 also decides it.
    verzoek_jeugd_door = models.CharField(
        _("verzoek om toewijzing Jeugd (315) door"),
        max_length=20,
        choices=Beslisser.choices,
        default=Beslisser.BACKOFFICE,
    )
    verzoek_wmo_door = models.CharField(
        _("verzoek om toewijzing Wmo (315) door"),
        max_length=20,
        choices=Beslisser.choices,
        default=Beslisser.BACKOFFICE,
    )
    postadres = models.CharField(_("postadres college"), max_length=200, blank=True)
    # "Alle gemeenten, behalve Venlo, maken gebruik van het perceel lokaal" (Handboek verwijzers
    # jeugdhulp §2.3 (r. 3644–3646)).
    gebruikt_perceel_lokaal = models.BooleanField(_("gebruikt het lokale perceel"), default=True)
    # Wmo: "Elke gemeente heeft een eigen format" for the leefzorgplan (Handboek Maatwerkdiensten Wmo §2 (r. 133–141));
    # the sections are configuration, defaulting to the handbook's minimum.
    wmo_leefzorgplan_secties = models.JSONField(
        _("secties Wmo-leefzorgplan"), default=standaard_wmo_secties, validators=[valideer_secties]
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")
        ordering = ["naam"]

    def __str__(self) -> str:
        return self.naam

    def clean(self) -> None:
        super().clean()
        try:
            paren = thema_contrasten(self.kleur_base, self.kleur_dark, self.kleur_light)
        except ValueError:
            return  # the field validators report the malformed colour
        te_laag = [f"{naam}: {waarde:.2f}:1" for naam, waarde in paren.items() if waarde < MINIMAAL_CONTRAST]
        if te_laag:
            raise ValidationError(
                _("Het kleurcontrast is te laag (minimaal 4,5:1, WCAG 2.1 AA): %(paren)s")
                % {"paren": "; ".join(te_laag)}
            )

    def beschikking_door(self, domein: str) -> str:
        return self.beschikking_jeugd_door if domein == Domein.JEUGD else self.beschikking_wmo_door

    def verzoek_door(self, domein: str) -> str:
        return self.verzoek_jeugd_door if domein == Domein.JEUGD else self.verzoek_wmo_door


class Team(models.Model):
    """The gemeentelijke toegang of one gemeente (Jeugd, Wmo or both)."""

    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="teams")
    naam = models.CharField(_("naam"), max_length=150)
    domeinen = models.CharField(
        _("domeinen"), max_length=20, choices=[("jeugd", _("Jeugd")), ("wmo", _("Wmo")), ("beide", _("Jeugd en Wmo"))]
    )
    email = models.EmailField(_("e-mail"), blank=True)
    telefoon = models.CharField(_("telefoon"), max_length=20, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["gemeente__naam", "naam"]
        constraints = [models.UniqueConstraint(fields=["gemeente", "naam"], name="team_uniek_per_gemeente")]

    def __str__(self) -> str:
        return f"{self.naam} ({self.gemeente})"


class Aanbieder(models.Model):
    naam = models.CharField(_("naam"), max_length=200)
    agb_code = models.CharField(_("AGB-code"), max_length=8, unique=True, validators=[agb_code])
    kvk_nummer = models.CharField(_("KvK-nummer"), max_length=8, blank=True, validators=[kvk_nummer])
    # Contactpunt Toegang: where matching requests go (Handboek verwijzers jeugdhulp 1.1.2.3.2).
    contactpunt_naam = models.CharField(_("contactpunt Toegang"), max_length=150, blank=True)
    contactpunt_email = models.EmailField(_("e-mail contactpunt Toegang"), blank=True)
    contactpunt_telefoon = models.CharField(_("telefoon contactpunt Toegang"), max_length=20, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("aanbieder")
        verbose_name_plural = _("aanbieders")
        ordering = ["naam"]
        constraints = [
            models.CheckConstraint(condition=Q(agb_code__regex=r"^[0-9]{8}$"), name="aanbieder_agb_8_cijfers"),
        ]

    def __str__(self) -> str:
        return f"{self.naam} ({self.agb_code})"

    def type_op(self, domein: str, peildatum):
        """The aanbieder type valid on the peildatum for the domain, or None."""
        return (
            self.typen.filter(domein=domein, geldig_vanaf__lte=peildatum)
            .filter(Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=peildatum))
            .values_list("type", flat=True)
            .first()
        )


class AanbiederTypeSoort(models.TextChoices):
    # Jeugd: Handboek verwijzers jeugdhulp §2.4 (r. 3674–3705)
    MICRO = "micro", _("Micro-aanbieder")
    REGULIER = "regulier", _("Reguliere aanbieder")
    # Wmo: Handboek Maatwerkdiensten Wmo §4 (r. 304–351)
    STRATEGISCH_REGIONAAL = "strategisch_regionaal", _("Strategisch regionaal")
    BASIS_LOKAAL = "basis_lokaal", _("Basis lokaal")


JEUGD_TYPEN = [AanbiederTypeSoort.MICRO, AanbiederTypeSoort.REGULIER]
WMO_TYPEN = [AanbiederTypeSoort.STRATEGISCH_REGIONAAL, AanbiederTypeSoort.BASIS_LOKAAL]


class AanbiederType(models.Model):
    """The aanbieder type per domain, valid for a period (the type decides the Jeugd tariff)."""

    aanbieder = models.ForeignKey(Aanbieder, on_delete=models.CASCADE, related_name="typen")
    domein = models.CharField(_("domein"), max_length=10, choices=Domein.choices)
    type = models.CharField(_("type"), max_length=30, choices=AanbiederTypeSoort.choices)
    geldig_vanaf = models.DateField(_("geldig vanaf"))
    geldig_tot = models.DateField(_("geldig tot en met"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("aanbiedertype")
        verbose_name_plural = _("aanbiedertypen")
        ordering = ["aanbieder", "domein", "geldig_vanaf"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(domein="jeugd", type__in=JEUGD_TYPEN) | Q(domein="wmo", type__in=WMO_TYPEN)),
                name="aanbiedertype_past_bij_domein",
                violation_error_message=_("Dit type hoort niet bij dit domein."),
            ),
            models.CheckConstraint(
                condition=Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=models.F("geldig_vanaf")),
                name="aanbiedertype_periode_oplopend",
                violation_error_message=_("De einddatum ligt voor de begindatum."),
            ),
            models.UniqueConstraint(
                fields=["aanbieder", "domein", "geldig_vanaf"], name="aanbiedertype_uniek_per_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.aanbieder.naam}: {self.get_type_display()} ({self.get_domein_display()})"
