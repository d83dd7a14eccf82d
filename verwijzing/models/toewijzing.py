"""The toewijzing (iJw/iWmo 301) and the sequence of its numbers."""

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.scoping import ScopedQuerySet, dossier_scope
from organisaties.models import Domein
from toegang.weergave import SnelleWeergave

from .beschikking import Beschikking
from .indicatie import Frequentie, Indicatie
from .melding import Dossier

TOEWIJZINGNUMMER_MAX = 999_999_999  # iJw/iWmo: the toewijzingnummer is an integer of at most 9 digits
TIJDELIJK = "20"  # RedenBeeindiging 20: tijdelijke beëindiging (JZ588/WMO588; OP377-OP379)


class Nummerreeks(models.Model):
    """The sequence of toewijzingnummers per gemeente and domain (unique per gemeente, IV013/TR)."""

    gemeente = models.ForeignKey("organisaties.Gemeente", on_delete=models.PROTECT, related_name="+")
    domein = models.CharField(max_length=10, choices=Domein.choices)
    laatste = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("nummerreeks toewijzingen")
        verbose_name_plural = _("nummerreeksen toewijzingen")
        constraints = [
            models.UniqueConstraint(fields=["gemeente", "domein"], name="nummerreeks_per_gemeente_domein"),
            models.CheckConstraint(condition=Q(laatste__lte=TOEWIJZINGNUMMER_MAX), name="nummerreeks_max_9_cijfers"),
        ]

    def __str__(self) -> str:
        return f"{self.gemeente_id}/{self.domein}: {self.laatste}"


class ToewijzingStatus(models.TextChoices):
    KLAAR = "klaar_voor_verzending", _("Klaar voor verzending")
    # The states below are set by the berichten app through verwijzing's services.
    VERZONDEN = "verzonden", _("Verzonden")
    GESTART = "gestart", _("Zorg gestart")
    GESTOPT = "gestopt", _("Zorg gestopt")


# What the screens say for a toewijzing's status (Toewijzing.status_tekst); the stored labels stay as they are.
STATUS_TEKST = {
    ToewijzingStatus.KLAAR: _("Toegewezen, nog niet bevestigd door de aanbieder"),
    ToewijzingStatus.VERZONDEN: _("Toegewezen, ontvangen door de aanbieder"),
}


class Wijziging(models.TextChoices):
    NIEUW = "nieuw", _("Nieuwe toewijzing")
    OPREKKEN = "oprekken", _("Einddatum opgerekt (verlenging, OP380)")
    GARANTIEFASE = "garantiefase", _("Opgerekt voor de garantiefase (JR-065)")
    BEEINDIGD = "beeindigd", _("Beëindigd door een nieuwe toewijzing (IV066)")
    OP_VERZOEK = "op_verzoek", _("Gewijzigd op verzoek van de aanbieder (317)")
    INGETROKKEN = "ingetrokken", _("Ingetrokken: einddatum vervroegd")
    VERWIJDERD = "verwijderd", _("Verwijderd: nooit geldig geweest (RedenWijziging 13)")


class ToewijzingQuerySet(ScopedQuerySet):
    def scope_filter(self, user):
        """Gemeente staff as for the dossier (the toewijzing carries its gemeente and domein); an aanbieder
        only its own toewijzingen."""
        return dossier_scope(user, aanbieder=True)


class Toewijzing(SnelleWeergave, models.Model):
    """What the aanbieder may deliver, made by a toekenning: one per granted product (iJw/iWmo 301).
    The toewijzingsdatum/-tijd is the moment of the decision (IV013)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    nummer = models.PositiveIntegerField(_("toewijzingnummer"))
    gemeente = models.ForeignKey("organisaties.Gemeente", on_delete=models.PROTECT, related_name="+")
    domein = models.CharField(_("domein"), max_length=10, choices=Domein.choices)
    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="toewijzingen")
    beschikking = models.ForeignKey(Beschikking, on_delete=models.PROTECT, related_name="toewijzingen")
    indicatie = models.ForeignKey(Indicatie, on_delete=models.PROTECT, related_name="toewijzingen")
    inwoner = models.ForeignKey("inwoners.Inwoner", on_delete=models.PROTECT, related_name="toewijzingen")
    product = models.ForeignKey("producten.Product", on_delete=models.PROTECT, related_name="+")
    aanbieder = models.ForeignKey("organisaties.Aanbieder", on_delete=models.PROTECT, related_name="toewijzingen")
    volume = models.PositiveIntegerField(_("volume"), null=True, blank=True)
    eenheid = models.CharField(_("eenheid"), max_length=30, blank=True)
    frequentie = models.CharField(_("frequentie"), max_length=1, choices=Frequentie.choices, blank=True)
    budget = models.DecimalField(_("budget (€)"), max_digits=10, decimal_places=2, null=True, blank=True)
    ingangsdatum = models.DateField(_("ingangsdatum"))
    einddatum = models.DateField(_("einddatum"), null=True, blank=True)
    toewijzingsmoment = models.DateTimeField(_("toewijzingsdatum en -tijd"))
    status = models.CharField(
        _("status"), max_length=30, choices=ToewijzingStatus.choices, default=ToewijzingStatus.KLAAR
    )
    laatste_wijziging = models.CharField(_("laatste wijziging"), max_length=20, choices=Wijziging.choices)
    vervangt = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="vervangen_door")
    # IV097: only when the toewijzing answers a verzoek (315/317) of the aanbieder.
    referentie_aanbieder = models.CharField(_("referentie aanbieder"), max_length=36, blank=True)
    verwijzer = models.CharField(_("verwijzer"), max_length=120, blank=True)
    # What the aanbieder reported (305/307): a cache of what the ZorgStart/ZorgStop records say (the latest actual
    # start, its latest stop), set in the same transaction as the record by verwijzing.toewijzing (many screens,
    # the werkvoorraad and the bench read them; the records are the truth).
    gestart_op = models.DateField(_("zorg gestart op"), null=True, blank=True)
    gestopt_op = models.DateField(_("zorg gestopt op"), null=True, blank=True)
    reden_beeindiging = models.CharField(_("reden beëindiging"), max_length=2, blank=True)
    gewijzigd_op = models.DateTimeField(auto_now=True)

    objects = ToewijzingQuerySet.as_manager()

    class Meta:
        verbose_name = _("toewijzing")
        verbose_name_plural = _("toewijzingen")
        indexes = [
            models.Index(fields=["inwoner", "aanbieder"]),
            models.Index(fields=["aanbieder", "status", "ingangsdatum"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["gemeente", "domein", "nummer"], name="toewijzingnummer_uniek"),
            models.CheckConstraint(
                condition=Q(nummer__gte=1) & Q(nummer__lte=TOEWIJZINGNUMMER_MAX), name="toewijzingnummer_9_cijfers"
            ),
            models.CheckConstraint(
                condition=Q(volume__isnull=True) | Q(budget__isnull=True), name="toewijzing_omvang_of_budget_cd077"
            ),
            models.CheckConstraint(
                condition=Q(einddatum__isnull=False) | (Q(budget__isnull=True) & ~Q(frequentie="2")),
                name="toewijzing_einddatum_cd075_cd076",
            ),
            models.CheckConstraint(
                condition=Q(einddatum__isnull=True) | Q(einddatum__gte=models.F("ingangsdatum")),
                name="toewijzing_periode_oplopend",
            ),
        ]

    def __str__(self) -> str:
        return f"Toewijzing {self.nummer} ({self.product_id})"

    @property
    def status_tekst(self) -> str:
        """The status as every screen names it. "Klaar voor verzending" would contradict the 301's own status
        (the cockpit's "Verzonden") while the aanbieder has not yet answered: the toewijzing is given either way,
        and whether the message went out is the bericht's to say."""
        if self.status == ToewijzingStatus.GESTOPT and self.reden_beeindiging == TIJDELIJK:
            return str(_("Zorg tijdelijk gestopt"))  # RedenBeeindiging 20 (OP377-OP379): a new start may follow
        return str(STATUS_TEKST.get(self.status) or self.get_status_display())


class StatusAanlevering(models.TextChoices):
    NIEUW = "1", _("Eerste aanlevering")
    VERWIJDEREN = "3", _("Verwijderen aanlevering")


class _Regiebericht(models.Model):
    """One StartProduct or StopProduct as the aanbieder sent it (305/307), in the message it came in. The
    toewijzing's start and stop are derived from these (verwijzing.toewijzing); a line with status 3 withdraws
    the actual line with the same logical key (IV008), which then points to it in `ingetrokken_door`."""

    # The key's Product as received (IV075: empty for a generic product); within a toewijzing it is fixed.
    product = models.CharField(_("product"), max_length=5, blank=True)
    begindatum = models.DateField(_("begindatum"))
    status_aanlevering = models.CharField(_("status aanlevering"), max_length=1, choices=StatusAanlevering.choices)
    # Null only for what was carried over from before these records (migration 0020).
    bericht = models.ForeignKey("berichten.Bericht", on_delete=models.PROTECT, null=True, related_name="+")
    ingetrokken_door = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="intrekt"
    )
    ontvangen = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["pk"]


class ZorgStart(_Regiebericht):
    """A StartProduct (305); logical key ToewijzingNummer, Product, Begindatum (IV008)."""

    toewijzing = models.ForeignKey(Toewijzing, on_delete=models.PROTECT, related_name="zorgstarts")
    toewijzing_ingangsdatum = models.DateField(_("toewijzing ingangsdatum"), null=True, blank=True)

    class Meta(_Regiebericht.Meta):
        verbose_name = _("start zorg")
        verbose_name_plural = _("starts zorg")

    def __str__(self) -> str:
        return f"Start {self.begindatum:%d-%m-%Y} ({self.status_aanlevering})"


class ZorgStop(_Regiebericht):
    """A StopProduct (307); logical key ToewijzingNummer, Product, Begindatum, RedenBeeindiging, Einddatum
    (IV008). RedenBeeindiging 20 is a temporary stop (OP377-OP379)."""

    toewijzing = models.ForeignKey(Toewijzing, on_delete=models.PROTECT, related_name="zorgstops")
    reden_beeindiging = models.CharField(_("reden beëindiging"), max_length=2)
    einddatum = models.DateField(_("einddatum"))

    class Meta(_Regiebericht.Meta):
        verbose_name = _("stop zorg")
        verbose_name_plural = _("stops zorg")

    def __str__(self) -> str:
        return f"Stop {self.einddatum:%d-%m-%Y} reden {self.reden_beeindiging} ({self.status_aanlevering})"
